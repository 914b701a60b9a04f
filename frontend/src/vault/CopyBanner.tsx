// The copy banner: names the client (and account) whose credential was
// just copied and counts down the clipboard clear.
import { useEffect, useState } from "react";
import { useVault } from "./store";
import { bannerExpired, bannerText } from "./banner";

export function CopyBanner() {
  const banner = useVault((s) => s.banner);
  const error = useVault((s) => s.copyError);
  const dismiss = useVault((s) => s.dismissBanner);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!banner && !error) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [banner, error]);

  useEffect(() => {
    if (banner && bannerExpired(banner, now)) dismiss();
  }, [banner, now, dismiss]);

  if (error) {
    return (
      <div className="vault-banner error" role="alert">
        <span>Not copied: {error.message}</span>
        <button type="button" aria-label="Dismiss" onClick={dismiss}>
          ✕
        </button>
      </div>
    );
  }
  if (!banner) return null;
  return (
    <div className="vault-banner" role="status">
      <span>{bannerText(banner, now)}</span>
      <button type="button" aria-label="Dismiss" onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}

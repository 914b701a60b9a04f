// Confirms logging out of an account: its offline copy and keychain entry
// leave this computer; the vault stays on the server. Used by Settings and
// by the unlock screen (a forgotten master password).
import { useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Logout } from "../../wailsjs/go/app/SessionService";
import { call, type AppError } from "../lib/call";
import { Dialog } from "../lib/Dialog";
import { useSession } from "./store";

export function LogoutDialog({ account: a, onClose }: { account: app.AccountView; onClose: () => void }) {
  const refresh = useSession((s) => s.refresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function logout() {
    setBusy(true);
    setError(null);
    try {
      await call(() => Logout(a.id));
      onClose();
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      setBusy(false);
      refresh();
    }
  }

  return (
    <Dialog title="Log out?" onClose={onClose}>
      <p>
        Log out of <strong>{a.email}</strong> on {a.serverLabel}? Its offline copy and keychain entry are removed
        from this computer; the vault itself stays on the server.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={logout}>
          Log out
        </button>
      </div>
    </Dialog>
  );
}

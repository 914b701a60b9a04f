// Settings: clipboard clear time, lock timeout, theme, per-account
// keychain unlock and log out, and the version. Every change is saved at
// once; an error shows next to the control that caused it.
import { useEffect, useId, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { SaveSettings, SetKeychain } from "../../wailsjs/go/app/SessionService";
import { About } from "../../wailsjs/go/app/AboutService";
import { call, type AppError } from "../lib/call";
import { LogoutDialog } from "./LogoutDialog";
import { applyTheme } from "./theme";
import { useSession } from "./store";

// Choices offered; a value set otherwise (by hand in settings.json) is
// shown too, so the select never lies.
export const CLEAR_CHOICES: [number, string][] = [
  [10, "10 seconds"],
  [20, "20 seconds"],
  [30, "30 seconds"],
  [60, "1 minute"],
  [120, "2 minutes"],
  [300, "5 minutes"],
  [0, "Never"],
];

export const LOCK_CHOICES: [number, string][] = [
  [1, "1 minute"],
  [5, "5 minutes"],
  [15, "15 minutes"],
  [30, "30 minutes"],
  [60, "1 hour"],
  [240, "4 hours"],
  [0, "Never"],
];

// withCurrent returns the choices plus the current value if it is not one.
export function withCurrent(choices: [number, string][], current: number, unit: "s" | "min"): [number, string][] {
  if (choices.some(([v]) => v === current)) return choices;
  const label = unit === "s" ? `${current} seconds` : `${current} minutes`;
  // Ascending, with "Never" (0) last.
  const key = (v: number) => (v === 0 ? Infinity : v);
  const out: [number, string][] = [...choices, [current, label]];
  return out.sort((a, b) => key(a[0]) - key(b[0]));
}

type Field = "clipboard" | "lock" | "theme";

export function SettingsScreen({ state }: { state: app.AppState }) {
  const setState = useSession((s) => s.setState);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState<Field | null>(null);
  const [version, setVersion] = useState("");
  const s = state.settings;
  const ids = { clear: useId(), lock: useId(), theme: useId() };

  useEffect(() => {
    About()
      .then((a) => setVersion(a.version))
      .catch(() => setVersion(""));
  }, []);

  async function save(field: Field, next: app.Settings) {
    setErrors((e) => ({ ...e, [field]: undefined }));
    setSaved(null);
    if (field === "theme") applyTheme(next.theme);
    try {
      const got = await call(() => SaveSettings(next));
      setState({ ...state, settings: got });
      setSaved(field);
    } catch (e) {
      setErrors((x) => ({ ...x, [field]: (e as AppError).message }));
      if (field === "theme") applyTheme(s.theme);
    }
  }

  const savedNote = (f: Field) =>
    saved === f ? (
      <span className="settings-saved" role="status">
        Saved
      </span>
    ) : null;

  return (
    <div className="settings">
      <h1>Settings</h1>

      <section className="settings-section" aria-labelledby="settings-general">
        <h2 id="settings-general">General</h2>
        <div className="settings-row">
          <label>
            <span id={ids.clear}>Clear the clipboard after</span>
            <select
              aria-labelledby={ids.clear}
              value={s.clipboardClearSeconds}
              onChange={(e) => save("clipboard", { ...s, clipboardClearSeconds: Number(e.target.value) })}
            >
              {withCurrent(CLEAR_CHOICES, s.clipboardClearSeconds, "s").map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <p className="muted settings-help">
            Only if it still holds what Vaultdesk copied. "Never" still clears after a day.
          </p>
          {savedNote("clipboard")}
          {errors.clipboard && <p className="error">{errors.clipboard}</p>}
        </div>
        <div className="settings-row">
          <label>
            <span id={ids.lock}>Lock after inactivity</span>
            <select
              aria-labelledby={ids.lock}
              value={s.lockTimeoutMinutes}
              onChange={(e) => save("lock", { ...s, lockTimeoutMinutes: Number(e.target.value) })}
            >
              {withCurrent(LOCK_CHOICES, s.lockTimeoutMinutes, "min").map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <p className="muted settings-help">Vaultdesk also locks when the computer goes to sleep, where the system reports it.</p>
          {savedNote("lock")}
          {errors.lock && <p className="error">{errors.lock}</p>}
        </div>
        <div className="settings-row">
          <label>
            <span id={ids.theme}>Theme</span>
            <select
              aria-labelledby={ids.theme}
              value={s.theme}
              onChange={(e) => save("theme", { ...s, theme: e.target.value })}
            >
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          {savedNote("theme")}
          {errors.theme && <p className="error">{errors.theme}</p>}
        </div>
      </section>

      <section className="settings-section" aria-labelledby="settings-accounts">
        <h2 id="settings-accounts">Accounts</h2>
        <ul className="settings-accounts">
          {state.accounts.map((a) => (
            <AccountSettings key={a.id} account={a} />
          ))}
        </ul>
        <div>
          <button type="button" onClick={() => useSession.getState().setAdding(true)}>
            Add account
          </button>
        </div>
      </section>

      <section className="settings-section" aria-labelledby="settings-about">
        <h2 id="settings-about">About</h2>
        <p>
          Vaultdesk <span className="mono">{version || "…"}</span>
        </p>
      </section>
    </div>
  );
}

function AccountSettings({ account: a }: { account: app.AccountView }) {
  const refresh = useSession((s) => s.refresh);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function toggleKeychain(on: boolean) {
    setBusy(true);
    setError(null);
    try {
      await call(() => SetKeychain(a.id, on));
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      setBusy(false);
      refresh();
    }
  }

  const cannotEnable = a.locked && !a.keychain;
  return (
    <li className="settings-account">
      <div className="settings-account-head">
        <div className="settings-account-who">
          <strong>{a.email}</strong>
          <span className="badge">{a.serverLabel}</span>
          <span className={`badge ${a.locked ? "" : "ok"}`}>{a.locked ? "Locked" : "Unlocked"}</span>
        </div>
        <button
          type="button"
          className="danger"
          disabled={busy}
          aria-label={`Log out ${a.email}`}
          onClick={() => setConfirming(true)}
        >
          Log out
        </button>
      </div>
      <label className="inline">
        <input
          type="checkbox"
          checked={a.keychain}
          disabled={busy || cannotEnable}
          onChange={(e) => toggleKeychain(e.target.checked)}
          aria-describedby={cannotEnable ? `keychain-hint-${a.id}` : undefined}
        />
        Unlock with the system keychain
      </label>
      {cannotEnable && (
        <p className="muted settings-help" id={`keychain-hint-${a.id}`}>
          Unlock this account first to turn this on.
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {confirming && <LogoutDialog account={a} onClose={() => setConfirming(false)} />}
    </li>
  );
}

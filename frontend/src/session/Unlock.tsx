// Unlock: the master password (checked offline against the cache) or the
// OS keychain when enabled for the account. The gate shows UnlockScreen
// when every account is locked; the switcher opens UnlockDialog for one
// locked account while others are in use.
import { useEffect, useRef, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Unlock, UnlockWithKeychain } from "../../wailsjs/go/app/SessionService";
import { call, type AppError } from "../lib/call";
import { Logo } from "../Logo";
import { Dialog } from "../lib/Dialog";
import { LogoutDialog } from "./LogoutDialog";
import { unlockChoice } from "./gate";
import { unlockMessage } from "./messages";
import { lastAccount, rememberAccount, useSession } from "./store";

export function UnlockForm({
  account,
  onUnlocked,
  showAccount = true,
}: {
  account: app.AccountView;
  onUnlocked: () => void;
  showAccount?: boolean; // false when a chooser above already names it
}) {
  const password = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Another account chosen: start over.
  useEffect(() => {
    setError(null);
    if (password.current) {
      password.current.value = "";
      password.current.focus();
    }
  }, [account.id]);

  async function run(how: "password" | "keychain") {
    setBusy(true);
    setError(null);
    try {
      if (how === "password") {
        const pw = password.current?.value ?? "";
        await call(() => Unlock(account.id, pw));
      } else {
        await call(() => UnlockWithKeychain(account.id));
      }
      if (password.current) password.current.value = "";
      rememberAccount(account.id);
      onUnlocked();
    } catch (e) {
      setError(unlockMessage(e as AppError));
      password.current?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="session-form"
      aria-label={`Unlock ${account.email}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) run("password");
      }}
    >
      {showAccount && (
        <div className="unlock-who">
          <strong>{account.email}</strong>
          <span className="badge">{account.serverLabel}</span>
        </div>
      )}
      <label>
        Master password
        <input
          ref={password}
          type="password"
          autoComplete="current-password"
          autoFocus
          data-autofocus
          aria-invalid={error !== null}
          aria-describedby={error ? `unlock-error-${account.id}` : undefined}
        />
      </label>
      {error && (
        <p className="error" role="alert" id={`unlock-error-${account.id}`}>
          {error}
        </p>
      )}
      <div className="session-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
        {account.keychain && (
          <button type="button" disabled={busy} onClick={() => run("keychain")}>
            Unlock with keychain
          </button>
        )}
      </div>
    </form>
  );
}

// UnlockScreen is the gate's screen when every account is locked.
export function UnlockScreen({ accounts }: { accounts: app.AccountView[] }) {
  const refresh = useSession((s) => s.refresh);
  const setAdding = useSession((s) => s.setAdding);
  const [picked, setPicked] = useState<string | null>(null);
  const [loggingOut, setLoggingOut] = useState(false);
  const account = unlockChoice(accounts, picked, lastAccount());
  if (!account) return null;

  return (
    <div className="unlock-screen">
      <div className="unlock-card">
        <header className="welcome-head">
          <Logo size={40} />
          <h1>Unlock Vaultdesk</h1>
        </header>
        {accounts.length > 1 && (
          <fieldset className="unlock-accounts">
            <legend>Account</legend>
            {accounts.map((a) => (
              <label key={a.id} className="inline">
                <input
                  type="radio"
                  name="unlock-account"
                  checked={a.id === account.id}
                  onChange={() => setPicked(a.id)}
                />
                <span>{a.email}</span>
                <span className="badge">{a.serverLabel}</span>
              </label>
            ))}
          </fieldset>
        )}
        <UnlockForm account={account} onUnlocked={refresh} showAccount={accounts.length === 1} />
        <div className="unlock-other">
          <button type="button" className="ghost" onClick={() => setAdding(true)}>
            Use another account
          </button>
          <button
            type="button"
            className="ghost"
            aria-label={`Log out ${account.email}`}
            onClick={() => setLoggingOut(true)}
          >
            Log out…
          </button>
        </div>
        {loggingOut && <LogoutDialog account={account} onClose={() => setLoggingOut(false)} />}
      </div>
    </div>
  );
}

// UnlockDialog unlocks one more account from inside the app.
export function UnlockDialog({ account, onClose }: { account: app.AccountView; onClose: () => void }) {
  const refresh = useSession((s) => s.refresh);
  return (
    <Dialog title="Unlock account" onClose={onClose}>
      <UnlockForm
        account={account}
        onUnlocked={() => {
          refresh();
          onClose();
        }}
      />
    </Dialog>
  );
}

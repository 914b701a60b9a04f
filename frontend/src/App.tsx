// The session gate and the shell. On start the gate asks Go for the state:
// no account → Welcome; accounts but none unlocked → Unlock; otherwise the
// top bar and the section (Vault, Admin, Settings). It re-reads the state
// on "session:changed" (a lock, the idle lock, a sync, settings), applies
// the theme and reports user activity to the idle lock. ("vault:changed"
// is the screens' own business: each reloads its lists.)
import { useEffect } from "react";
import type { app } from "../wailsjs/go/models";
import { EventsOn } from "../wailsjs/runtime/runtime";
import { AdminScreen } from "./admin/AdminScreen";
import { Dialog } from "./lib/Dialog";
import { RepromptDialog } from "./lib/reprompt";
import { gateScreen } from "./session/gate";
import { useActivity, useReady } from "./session/hooks";
import { useSessionCommands } from "./session/commands";
import { SettingsScreen } from "./session/SettingsScreen";
import { SignInForm } from "./session/SignInForm";
import { rememberAccount, useSession } from "./session/store";
import { applyTheme } from "./session/theme";
import { SECTION_PANEL_ID, TopBar } from "./session/TopBar";
import { UnlockDialog, UnlockScreen } from "./session/Unlock";
import { Welcome } from "./session/Welcome";
import { useNav } from "./state/nav";
import { CommandPalette } from "./vault/CommandPalette";
import { VaultScreen } from "./vault/VaultScreen";
import "./session/session.css";

function App() {
  const state = useSession((s) => s.state);
  const loadError = useSession((s) => s.loadError);
  const refresh = useSession((s) => s.refresh);
  const section = useNav((s) => s.section);

  useEffect(() => {
    refresh();
    return EventsOn("session:changed", () => refresh());
  }, [refresh]);

  const theme = state?.settings.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  useActivity();

  const screen = gateScreen(state);
  useReady(screen === "loading" ? null : screen === "shell" ? section : screen);

  if (state === null) {
    return loadError ? (
      <div className="unlock-screen">
        <div className="unlock-card">
          <p className="error" role="alert">
            Vaultdesk could not read its accounts: {loadError.message}
          </p>
          <div className="session-actions">
            <button type="button" className="primary" onClick={refresh}>
              Try again
            </button>
          </div>
        </div>
      </div>
    ) : null;
  }

  return (
    <>
      {screen === "welcome" && <Welcome />}
      {screen === "unlock" && <UnlockScreen accounts={state.accounts} />}
      {screen === "shell" && <Shell state={state} />}
      <SessionDialogs state={state} />
    </>
  );
}

function Shell({ state }: { state: app.AppState }) {
  const section = useNav((s) => s.section);
  useSessionCommands(state.settings.theme);
  return (
    <div className="shell">
      <TopBar state={state} />
      <main id={SECTION_PANEL_ID} role="tabpanel" className={`shell-main shell-${section}`}>
        {section === "vault" && <VaultScreen />}
        {section === "admin" && <AdminScreen />}
        {section === "settings" && <SettingsScreen state={state} />}
      </main>
      {/* Mounted here so that Ctrl/Cmd+K works in every section. */}
      <CommandPalette />
      <RepromptDialog />
    </div>
  );
}

// SessionDialogs are the dialogs any screen can open: add an account, and
// unlock one more account from the switcher.
function SessionDialogs({ state }: { state: app.AppState }) {
  const adding = useSession((s) => s.adding);
  const setAdding = useSession((s) => s.setAdding);
  const unlocking = useSession((s) => s.unlocking);
  const setUnlocking = useSession((s) => s.setUnlocking);
  const refresh = useSession((s) => s.refresh);
  const toUnlock = state.accounts.find((a) => a.id === unlocking && a.locked);

  return (
    <>
      {adding && (
        <Dialog title="Add account" onClose={() => setAdding(false)}>
          <SignInForm
            onSignedIn={(a) => {
              rememberAccount(a.id);
              setAdding(false);
              refresh();
            }}
          />
        </Dialog>
      )}
      {!adding && toUnlock && <UnlockDialog account={toUnlock} onClose={() => setUnlocking(null)} />}
    </>
  );
}

export default App;

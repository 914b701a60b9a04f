// The top bar around every section: the sections, the sync state with the
// Sync button, Lock (Ctrl/Cmd+L) and the account switcher.
import { useEffect, useRef, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Lock } from "../../wailsjs/go/app/SessionService";
import { call } from "../lib/call";
import { Logo } from "../Logo";
import { useNav, type Section } from "../state/nav";
import { lockAll, syncNow, useSyncStatus } from "./actions";
import { syncCaption, syncSummary } from "./gate";
import { useNow } from "./hooks";
import { useSession } from "./store";

const sections: [Section, string][] = [
  ["vault", "Vault"],
  ["admin", "Admin"],
  ["settings", "Settings"],
];

export const SECTION_PANEL_ID = "section-panel";

export function TopBar({ state }: { state: app.AppState }) {
  const section = useNav((s) => s.section);
  const go = useNav((s) => s.go);
  const now = useNow(30_000);
  const { syncing, error } = useSyncStatus();
  const summary = syncSummary(state.accounts);
  const caption = syncing ? "Syncing…" : error ? "Sync failed" : syncCaption(summary, now);
  const captionTitle =
    error?.message ??
    (summary.kind === "offline"
      ? `Working from the offline copy: the server of ${summary.accounts.join(", ")} did not answer.`
      : summary.kind === "problem"
        ? summary.message
        : undefined);

  return (
    <header className="topbar">
      <div className="topbar-brand">
        <Logo size={22} />
        <span>Vaultdesk</span>
      </div>
      <nav className="topbar-tabs" role="tablist" aria-label="Sections">
        {sections.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            className="ghost"
            aria-selected={section === id}
            aria-controls={SECTION_PANEL_ID}
            onClick={() => go(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      <div className="topbar-spacer" />
      <div className="topbar-sync">
        <span
          className={`topbar-caption ${summary.kind === "offline" && !syncing ? "offline" : ""} ${error || summary.kind === "problem" ? "problem" : ""}`}
          title={captionTitle}
          aria-live="polite"
        >
          {caption}
        </span>
        <button type="button" onClick={syncNow} disabled={syncing} title="Sync every unlocked account now">
          Sync
        </button>
      </div>
      <button type="button" onClick={lockAll} title="Lock all accounts (Ctrl+L)">
        Lock
      </button>
      <AccountSwitcher accounts={state.accounts} />
    </header>
  );
}

// AccountSwitcher lists every account with its server and lock state; a
// locked one can be unlocked from here, and another added.
function AccountSwitcher({ accounts }: { accounts: app.AccountView[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const setAdding = useSession((s) => s.setAdding);
  const setUnlocking = useSession((s) => s.setUnlocking);
  const refresh = useSession((s) => s.refresh);
  const [error, setError] = useState<string | null>(null);
  const first = accounts.find((a) => !a.locked) ?? accounts[0];
  const unlocked = accounts.filter((a) => !a.locked).length;

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  async function lockOne(a: app.AccountView) {
    setError(null);
    try {
      await call(() => Lock(a.id));
    } catch (e) {
      setError((e as { message: string }).message);
    }
    refresh();
  }

  return (
    <div
      className="switcher"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="switcher-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label="Accounts"
        onClick={() => setOpen(!open)}
      >
        <span className="switcher-email">{first?.email}</span>
        <span className="badge">{first?.serverLabel}</span>
        {accounts.length > 1 && (
          <span className="muted">
            {unlocked}/{accounts.length} unlocked
          </span>
        )}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="switcher-panel" role="region" aria-label="Accounts">
          <ul className="switcher-list">
            {accounts.map((a) => (
              <li key={a.id}>
                <div className="switcher-who">
                  <span>{a.email}</span>
                  <span className="muted switcher-server">
                    {a.serverLabel}
                    {a.offline && !a.locked && <span className="badge warn">offline</span>}
                  </span>
                </div>
                <span className={`badge ${a.locked ? "" : "ok"}`}>{a.locked ? "Locked" : "Unlocked"}</span>
                {a.locked ? (
                  <button
                    type="button"
                    aria-label={`Unlock ${a.email}`}
                    onClick={() => {
                      setOpen(false);
                      setUnlocking(a.id);
                    }}
                  >
                    Unlock…
                  </button>
                ) : (
                  <button type="button" aria-label={`Lock ${a.email}`} onClick={() => lockOne(a)}>
                    Lock
                  </button>
                )}
              </li>
            ))}
          </ul>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="switcher-foot">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setAdding(true);
              }}
            >
              Add account
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

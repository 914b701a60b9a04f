// Which screen the session gate shows, and the small facts about the
// accounts the top bar and the unlock screen need. Pure functions over the
// AppState Go returns, so they are tested without a window.
import type { app } from "../../wailsjs/go/models";

export type Screen = "loading" | "welcome" | "unlock" | "shell";

// gateScreen: no state yet → loading; no account → the welcome screen;
// accounts but none unlocked → unlock; otherwise the app itself.
export function gateScreen(state: app.AppState | null): Screen {
  if (state === null) return "loading";
  if (state.accounts.length === 0) return "welcome";
  return state.accounts.some((a) => !a.locked) ? "shell" : "unlock";
}

// unlockChoice is the account the unlock screen offers first: the one the
// user picked, else the one used last, else the first.
export function unlockChoice(
  accounts: app.AccountView[],
  picked: string | null,
  lastUsed: string | null,
): app.AccountView | null {
  const locked = accounts.filter((a) => a.locked);
  const pool = locked.length > 0 ? locked : accounts;
  return (
    pool.find((a) => a.id === picked) ?? pool.find((a) => a.id === lastUsed) ?? pool[0] ?? null
  );
}

export type SyncSummary =
  | { kind: "none" } // nothing unlocked
  | { kind: "offline"; accounts: string[] } // emails
  | { kind: "problem"; message: string }
  | { kind: "never" }
  | { kind: "synced"; at: Date };

// syncSummary is what the top bar says next to the Sync button: offline
// wins (the cached vault is in use), then a sync problem, then the oldest
// last-sync time among the unlocked accounts.
export function syncSummary(accounts: app.AccountView[]): SyncSummary {
  const open = accounts.filter((a) => !a.locked);
  if (open.length === 0) return { kind: "none" };
  const offline = open.filter((a) => a.offline).map((a) => a.email);
  if (offline.length > 0) return { kind: "offline", accounts: offline };
  const problem = open.find((a) => a.syncError);
  if (problem) return { kind: "problem", message: `${problem.email}: ${problem.syncError}` };
  let oldest: Date | null = null;
  for (const a of open) {
    if (!a.lastSync) return { kind: "never" };
    const t = new Date(a.lastSync);
    if (Number.isNaN(t.getTime())) return { kind: "never" };
    if (oldest === null || t < oldest) oldest = t;
  }
  return oldest === null ? { kind: "never" } : { kind: "synced", at: oldest };
}

// syncedAgo words a sync time relative to now: "just now", "4 min ago",
// then the clock time, then the date.
export function syncedAgo(at: Date, now: Date): string {
  const sec = Math.round((now.getTime() - at.getTime()) / 1000);
  if (sec < 60) return "just now";
  if (sec < 3600) return `${Math.floor(sec / 60)} min ago`;
  const sameDay = at.toDateString() === now.toDateString();
  const hm = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return sameDay ? `at ${hm}` : `on ${at.toLocaleDateString()} ${hm}`;
}

// syncCaption is the top bar's text for a summary.
export function syncCaption(s: SyncSummary, now: Date): string {
  switch (s.kind) {
    case "none":
      return "";
    case "offline":
      return "Offline";
    case "problem":
      return "Sync problem";
    case "never":
      return "Not synced yet";
    case "synced":
      return `Synced ${syncedAgo(s.at, now)}`;
  }
}

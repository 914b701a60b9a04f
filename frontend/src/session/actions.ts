// Session actions shared by the top bar, the keyboard shortcuts and the
// command palette. Each leaves the store holding Go's new state.
import { LockAll, SaveSettings, Sync } from "../../wailsjs/go/app/SessionService";
import { call, type AppError } from "../lib/call";
import { applyTheme } from "./theme";
import { useSession } from "./store";
import { create } from "zustand";

interface SyncState {
  syncing: boolean;
  error: AppError | null;
}

// useSyncStatus is the manual sync in progress and its last error.
export const useSyncStatus = create<SyncState>(() => ({ syncing: false, error: null }));

// syncNow syncs every unlocked account. A server that cannot be reached is
// not an error: Go marks the account offline and the top bar says so.
export async function syncNow() {
  if (useSyncStatus.getState().syncing) return;
  useSyncStatus.setState({ syncing: true, error: null });
  try {
    const s = await call(() => Sync(""));
    useSession.getState().setState(s);
  } catch (e) {
    useSyncStatus.setState({ error: e as AppError });
    await useSession.getState().refresh();
  } finally {
    useSyncStatus.setState({ syncing: false });
  }
}

export async function lockAll() {
  try {
    await call(() => LockAll());
  } finally {
    await useSession.getState().refresh();
  }
}

// setTheme saves the theme and applies it at once.
export async function setTheme(theme: "system" | "light" | "dark") {
  const cur = useSession.getState().state;
  if (!cur) return;
  applyTheme(theme);
  const saved = await call(() => SaveSettings({ ...cur.settings, theme }));
  useSession.getState().setState({ ...cur, settings: saved });
}

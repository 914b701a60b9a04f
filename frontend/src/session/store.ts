// The session store: the AppState Go last returned (accounts, settings,
// sandbox), re-read on "session:changed", and the UI state around it that
// several screens share (the add-account dialog, the account to unlock).
import { create } from "zustand";
import type { app } from "../../wailsjs/go/models";
import { State } from "../../wailsjs/go/app/SessionService";
import { call, type AppError } from "../lib/call";

const LAST_ACCOUNT_KEY = "vaultdesk.lastAccount";

interface SessionState {
  state: app.AppState | null;
  loadError: AppError | null;
  // adding shows the sign-in dialog over the current screen.
  adding: boolean;
  // unlocking names a locked account to unlock from inside the app (the
  // switcher), shown as a dialog.
  unlocking: string | null;
  refresh: () => Promise<void>;
  setState: (s: app.AppState) => void;
  setAdding: (adding: boolean) => void;
  setUnlocking: (id: string | null) => void;
}

// refreshes counts State calls, so that an older answer arriving late does
// not overwrite a newer one.
let refreshes = 0;

export const useSession = create<SessionState>((set) => ({
  state: null,
  loadError: null,
  adding: false,
  unlocking: null,
  refresh: async () => {
    const n = ++refreshes;
    try {
      const s = await call(() => State());
      if (n === refreshes) set({ state: s, loadError: null });
    } catch (e) {
      if (n === refreshes) set({ loadError: e as AppError });
    }
  },
  setState: (state) => set({ state }),
  setAdding: (adding) => set({ adding }),
  setUnlocking: (unlocking) => set({ unlocking }),
}));

// lastAccount is the account unlocked last on this computer (an id, not a
// secret), offered first on the unlock screen.
export function lastAccount(): string | null {
  try {
    return localStorage.getItem(LAST_ACCOUNT_KEY);
  } catch {
    return null;
  }
}

export function rememberAccount(id: string) {
  try {
    localStorage.setItem(LAST_ACCOUNT_KEY, id);
  } catch {
    // not remembered: the first account is offered instead
  }
}

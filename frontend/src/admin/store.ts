// The admin screens' shared state: the organizations the unlocked accounts
// may administer, the confirm queue (its size is the navigation's badge),
// and counters that make the pages reload after a change.
import { create } from "zustand";
import type { app } from "../../wailsjs/go/models";
import { ConfirmQueue, Orgs } from "../../wailsjs/go/app/AdminService";
import { call, type AppError } from "../lib/call";
import type { AdminOrg } from "./orgs";

interface AdminState {
  orgs: AdminOrg[] | null;
  orgsError: AppError | null;
  queue: app.ConfirmQueue | null;
  queueError: AppError | null;
  queueLoading: boolean;
  // version grows after every change made here or reported by Go
  // ("vault:changed"): pages reload their data when it moves.
  version: number;
  // inviteRequests grows when the palette asks for "Invite members…":
  // the members page opens its dialog.
  inviteRequests: number;
  loadOrgs: () => Promise<void>;
  loadQueue: () => Promise<void>;
  changed: () => void;
  requestInvite: () => void;
}

export const useAdmin = create<AdminState>((set, get) => ({
  orgs: null,
  orgsError: null,
  queue: null,
  queueError: null,
  queueLoading: false,
  version: 0,
  inviteRequests: 0,
  loadOrgs: async () => {
    try {
      set({ orgs: await call(() => Orgs()), orgsError: null });
    } catch (e) {
      set({ orgsError: e as AppError });
    }
  },
  loadQueue: async () => {
    if (get().queueLoading) return;
    set({ queueLoading: true });
    try {
      set({ queue: await call(() => ConfirmQueue()), queueError: null });
    } catch (e) {
      set({ queueError: e as AppError });
    } finally {
      set({ queueLoading: false });
    }
  },
  changed: () => set((s) => ({ version: s.version + 1 })),
  requestInvite: () => set((s) => ({ inviteRequests: s.inviteRequests + 1 })),
}));

// pendingCount is the badge of the navigation's "Confirm queue": the
// members the user may confirm.
export function pendingCount(q: app.ConfirmQueue | null): number | null {
  return q ? q.entries.filter((e) => e.canConfirm).length : null;
}

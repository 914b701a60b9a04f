// The vault screen's own state: what the sidebar has selected, the search
// text, the sidebar from Go, the copy banner, and the list's data source.
// No secret is ever kept here: copies happen in Go, and revealed values
// live only in the item view's component state.
import { create } from "zustand";
import type { app } from "../../wailsjs/go/models";
import { Copy, PinOrg, Search, Sidebar } from "../../wailsjs/go/app/VaultService";
import { call, type AppError } from "../lib/call";
import { withReprompt } from "../lib/reprompt";
import type { ItemRef } from "../state/selection";
import type { Banner } from "./banner";
import { ListSource } from "./listSource";
import { allScope, scopeExists, scopeFilter, type Scope } from "./scope";
import { orgKey } from "./sidebarRows";

export const listSource = new ListSource((q) => call(() => Search(q)));

interface VaultUI {
  scope: Scope;
  query: string;
  sidebar: app.SidebarView | null;
  sidebarError: AppError | null;
  orgFilter: string;
  expanded: ReadonlySet<string>; // orgKey
  collapsed: ReadonlySet<string>; // collKey
  banner: Banner | null;
  copyError: AppError | null;
  // scrollTo asks the list to bring a row into view (n changes on every
  // request, so the same row can be asked for twice).
  scrollTo: { index: number; n: number };

  setScope: (s: Scope) => void;
  setQuery: (q: string) => void;
  setOrgFilter: (f: string) => void;
  toggleOrg: (key: string) => void;
  toggleCollection: (key: string) => void;
  scrollToRow: (index: number) => void;
  loadSidebar: () => Promise<void>;
  pinOrg: (accountId: string, orgId: string, pinned: boolean) => Promise<void>;
  copy: (ref: ItemRef, field: string) => Promise<app.CopyView | null>;
  dismissBanner: () => void;
}

let sidebarSeq = 0;

export const useVault = create<VaultUI>((set, get) => ({
  scope: allScope,
  query: "",
  sidebar: null,
  sidebarError: null,
  orgFilter: "",
  expanded: new Set(),
  collapsed: new Set(),
  banner: null,
  copyError: null,
  scrollTo: { index: -1, n: 0 },

  setScope: (scope) => {
    const org = "orgId" in scope ? orgKey(scope.accountId, scope.orgId) : null;
    set((s) => ({
      scope,
      expanded: org && !s.expanded.has(org) ? new Set([...s.expanded, org]) : s.expanded,
    }));
  },
  // The search goes out before React renders the keystroke, so Go answers
  // while the browser paints the typed character. ListDriver's effect then
  // finds the query already wanted and does nothing.
  setQuery: (query) => {
    set({ query });
    void listSource.setQuery({ text: query, filter: scopeFilter(get().scope) });
  },
  setOrgFilter: (orgFilter) => set({ orgFilter }),
  toggleOrg: (key) =>
    set((s) => {
      const e = new Set(s.expanded);
      if (!e.delete(key)) e.add(key);
      return { expanded: e };
    }),
  toggleCollection: (key) =>
    set((s) => {
      const c = new Set(s.collapsed);
      if (!c.delete(key)) c.add(key);
      return { collapsed: c };
    }),
  scrollToRow: (index) => set((s) => ({ scrollTo: { index, n: s.scrollTo.n + 1 } })),

  loadSidebar: async () => {
    const seq = ++sidebarSeq;
    try {
      const view = await call(() => Sidebar());
      if (seq !== sidebarSeq) return;
      set((s) => ({
        sidebar: view,
        sidebarError: null,
        // What the scope named may be gone (a lock, a sync).
        scope: scopeExists(s.scope, view) ? s.scope : allScope,
      }));
    } catch (e) {
      if (seq === sidebarSeq) set({ sidebarError: e as AppError });
    }
  },

  pinOrg: async (accountId, orgId, pinned) => {
    try {
      const st = await call(() => PinOrg(accountId, orgId, pinned));
      set((s) =>
        s.sidebar
          ? {
              sidebarError: null,
              sidebar: {
                ...s.sidebar,
                pinned: st.pinnedOrgs,
                accounts: s.sidebar.accounts.map((a) => ({
                  ...a,
                  orgs: a.orgs.map((o) =>
                    o.accountId === accountId && o.id === orgId ? { ...o, pinned } : o,
                  ),
                })),
              },
            }
          : {},
      );
    } catch (e) {
      set({ sidebarError: e as AppError });
    }
  },

  copy: async (ref, field) => {
    try {
      const c = await withReprompt(ref, () => call(() => Copy(ref.accountId, ref.id, field)));
      set({
        copyError: null,
        banner: { copy: c, shownAt: Date.now(), showAccount: (get().sidebar?.accounts.length ?? 0) > 1 },
      });
      return c;
    } catch (e) {
      set({ copyError: e as AppError, banner: null });
      return null;
    }
  },
  dismissBanner: () => set({ banner: null, copyError: null }),
}));

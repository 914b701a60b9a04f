// Navigation and the command registry shared by every area of the app. Each
// area owns its own store; this one only says which screen is showing and
// which commands the palette (Ctrl/Cmd+K) can run.
import { create } from "zustand";

export type Section = "vault" | "admin" | "settings";

export type AdminPage =
  | "overview"
  | "collections"
  | "members"
  | "groups"
  | "confirm"
  | "new-org"
  | "add-colleague";

// An org is always named with its account: the same org id can be reached
// through two accounts on two servers.
export interface OrgRef {
  accountId: string;
  orgId: string;
}

export interface Command {
  id: string; // unique, e.g. "session.lock"
  title: string; // what the palette shows, e.g. "Lock all accounts"
  group: string; // palette heading: "Actions", "Admin", ...
  keywords?: string[];
  shortcut?: string; // shown only, e.g. "Ctrl+L"
  run: () => void;
}

interface NavState {
  section: Section;
  adminPage: AdminPage;
  adminOrg: OrgRef | null;
  paletteOpen: boolean;
  commands: Record<string, Command[]>; // by source
  go: (section: Section) => void;
  goAdmin: (page: AdminPage, org?: OrgRef | null) => void;
  setPalette: (open: boolean) => void;
  // registerCommands replaces the commands of one source (an area of the
  // app); pass [] to remove them.
  registerCommands: (source: string, commands: Command[]) => void;
}

export const useNav = create<NavState>((set) => ({
  section: "vault",
  adminPage: "overview",
  adminOrg: null,
  paletteOpen: false,
  commands: {},
  go: (section) => set({ section, paletteOpen: false }),
  goAdmin: (adminPage, org) =>
    set((s) => ({
      section: "admin",
      adminPage,
      adminOrg: org === undefined ? s.adminOrg : org,
      paletteOpen: false,
    })),
  setPalette: (paletteOpen) => set({ paletteOpen }),
  registerCommands: (source, commands) =>
    set((s) => ({ commands: { ...s.commands, [source]: commands } })),
}));

export function allCommands(s: Pick<NavState, "commands">): Command[] {
  return Object.values(s.commands).flat();
}

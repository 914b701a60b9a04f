// The editor's palette commands: "New login", "New secure note", "New
// card", "New identity" (in the account, organization, collection or folder
// the sidebar has open, which NewItemButton reports here) and "Edit
// selected item".
import { useEffect } from "react";
import { create } from "zustand";
import { useNav, type Command } from "../state/nav";
import { useSelection } from "../state/selection";
import { CARD, IDENTITY, LOGIN, NOTE } from "./form";

export interface NewItemPlace {
  accountId: string | null;
  orgId?: string;
  collectionId?: string;
  folderId?: string;
}

interface PlaceState {
  place: NewItemPlace;
  setPlace: (p: NewItemPlace) => void;
}

// useNewItemPlace holds where "New …" creates, as the list header last
// said (NewItemButton).
export const useNewItemPlace = create<PlaceState>((set) => ({
  place: { accountId: null },
  setPlace: (place) => set({ place }),
}));

export const newItemTypes: [number, string][] = [
  [LOGIN, "Login"],
  [NOTE, "Secure note"],
  [CARD, "Card"],
  [IDENTITY, "Identity"],
];

// openNew opens the editor on a new item of type at place.
export function openNew(type: number, place: NewItemPlace) {
  if (!place.accountId) return;
  useSelection.getState().openEditor({
    mode: "create",
    accountId: place.accountId,
    type,
    orgId: place.orgId || undefined,
    collectionIds: place.orgId && place.collectionId ? [place.collectionId] : undefined,
    folderId: place.orgId ? undefined : place.folderId || undefined,
  });
}

export function editCommands(place: NewItemPlace, hasSelection: boolean): Command[] {
  const out: Command[] = [];
  const account = place.accountId ?? useSelection.getState().selected?.accountId ?? null;
  if (account) {
    for (const [type, name] of newItemTypes) {
      out.push({
        id: `edit.new.${type}`,
        title: `New ${name.toLowerCase()}`,
        group: "Actions",
        keywords: ["create", "add", name.toLowerCase()],
        run: () => openNew(type, { ...place, accountId: account }),
      });
    }
  }
  if (hasSelection) {
    out.push({
      id: "edit.selected",
      title: "Edit selected item",
      group: "Actions",
      keywords: ["change", "modify"],
      run: () => {
        const sel = useSelection.getState().selected;
        if (sel) useSelection.getState().openEditor({ mode: "edit", ref: sel });
      },
    });
  }
  return out;
}

// useEditCommands keeps the palette's "edit" commands up to date.
export function useEditCommands() {
  const place = useNewItemPlace((s) => s.place);
  const hasSelection = useSelection((s) => s.selected !== null);
  const selectedAccount = useSelection((s) => s.selected?.accountId ?? null);
  useEffect(() => {
    const register = useNav.getState().registerCommands;
    register("edit", editCommands(place, hasSelection));
  }, [place, hasSelection, selectedAccount]);
  useEffect(() => () => useNav.getState().registerCommands("edit", []), []);
}

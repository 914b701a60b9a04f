// What the vault screens and the editor share: the selected item, the items
// ticked for a bulk action, the open editor, and a counter that tells the
// list to ask Go again after something changed.
import { create } from "zustand";

// An item is always named with its account: search spans accounts.
export interface ItemRef {
  accountId: string;
  id: string;
}

export type EditorState =
  | { mode: "edit"; ref: ItemRef }
  | { mode: "clone"; ref: ItemRef }
  | {
      mode: "create";
      accountId: string;
      type?: number; // api.CipherType: 1 login, 2 note, 3 card, 4 identity
      orgId?: string;
      collectionIds?: string[];
      folderId?: string;
    };

interface SelectionState {
  selected: ItemRef | null;
  // bySearch: the selection moved because a search selected its first
  // result, not because the user picked the item.
  bySearch: boolean;
  checked: ItemRef[];
  editor: EditorState | null;
  vaultVersion: number;
  select: (ref: ItemRef | null, bySearch?: boolean) => void;
  setChecked: (refs: ItemRef[]) => void;
  toggleChecked: (ref: ItemRef) => void;
  openEditor: (e: EditorState) => void;
  closeEditor: () => void;
  // vaultChanged makes every list and view reload from Go.
  vaultChanged: () => void;
}

export const sameRef = (a: ItemRef | null, b: ItemRef | null) =>
  a !== null && b !== null && a.accountId === b.accountId && a.id === b.id;

export const useSelection = create<SelectionState>((set) => ({
  selected: null,
  bySearch: false,
  checked: [],
  editor: null,
  vaultVersion: 0,
  select: (selected, bySearch = false) => set({ selected, bySearch }),
  setChecked: (checked) => set({ checked }),
  toggleChecked: (ref) =>
    set((s) => ({
      checked: s.checked.some((r) => sameRef(r, ref))
        ? s.checked.filter((r) => !sameRef(r, ref))
        : [...s.checked, ref],
    })),
  openEditor: (editor) => set({ editor }),
  closeEditor: () => set({ editor: null }),
  vaultChanged: () => set((s) => ({ vaultVersion: s.vaultVersion + 1 })),
}));

// Placeholder: slice C (edit items) replaces this file. The item view
// (slice B) renders <ItemActions/> in its header: edit, clone, move to an
// organization, collections, trash, restore, delete permanently.
import type { ItemRef } from "../state/selection";

export interface ItemActionsProps {
  item: ItemRef;
  orgId: string; // "" for a personal item
  canEdit: boolean;
  deleted: boolean;
}

export function ItemActions(_: ItemActionsProps) {
  return null;
}

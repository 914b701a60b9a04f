// Placeholder: slice C (edit items) replaces this file. The list header
// (slice B) renders <NewItemButton/>; it creates in the account and org the
// sidebar has selected, passed as props.
export interface NewItemButtonProps {
  accountId: string | null;
  orgId?: string;
  collectionId?: string;
  folderId?: string;
}

export function NewItemButton(_: NewItemButtonProps) {
  return null;
}

// Placeholder: slice C (edit items) replaces this file. VaultScreen renders
// <BulkBar/> above the list; it shows itself when items are ticked.
export function BulkBar() {
  return null;
}

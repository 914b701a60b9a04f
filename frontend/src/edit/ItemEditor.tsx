// Placeholder: slice C (edit items) replaces this file. VaultScreen renders
// <ItemEditor/> always; it shows itself when useSelection().editor is set.
export function ItemEditor() {
  return null;
}

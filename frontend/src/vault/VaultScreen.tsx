// Placeholder: slice B (browse the vault) replaces this file.
export function VaultScreen() {
  return <div className="muted">Vault</div>;
}

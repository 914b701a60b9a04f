// Placeholder: slice D (administration) replaces this file.
export function AdminScreen() {
  return <div className="muted">Administration</div>;
}

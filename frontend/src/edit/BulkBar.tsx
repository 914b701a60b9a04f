// The bar above the list while items are ticked: move them to a folder,
// change their collections, or clear the selection. A bulk action goes on
// past items it cannot change; those stay ticked and are listed with the
// reason.
import { useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { useSelection, type ItemRef } from "../state/selection";
import { BulkCollectionsDialog, BulkFolderDialog } from "./dialogs";
import "./edit.css";

export interface BulkReport {
  action: string; // "Moved", "Changed the collections of"
  done: number;
  total: number;
  failed: app.BulkResult[];
}

// report sums up the per-item results of a bulk action.
export function report(action: string, results: app.BulkResult[]): BulkReport {
  return { action, done: results.filter((r) => r.done).length, total: results.length, failed: results.filter((r) => !r.done) };
}

// stillTicked is what stays ticked after a bulk action: the failures.
export function stillTicked(results: app.BulkResult[]): ItemRef[] {
  return results.filter((r) => !r.done).map((r) => ({ accountId: r.accountId, id: r.id }));
}

export function BulkBar() {
  const checked = useSelection((s) => s.checked);
  const setChecked = useSelection((s) => s.setChecked);
  const vaultChanged = useSelection((s) => s.vaultChanged);
  const [open, setOpen] = useState<null | "folder" | "collections">(null);
  const [last, setLast] = useState<BulkReport | null>(null);

  const finish = (action: string) => (results: app.BulkResult[]) => {
    setOpen(null);
    setLast(report(action, results));
    setChecked(stillTicked(results));
    if (results.some((r) => r.done)) vaultChanged();
  };

  if (checked.length === 0 && last === null) return null;
  return (
    <div className="edit-bulk" role="region" aria-label="Bulk actions">
      {checked.length > 0 && (
        <div className="edit-bulk-bar">
          <strong>{checked.length} selected</strong>
          <button type="button" onClick={() => setOpen("folder")}>
            Move to folder…
          </button>
          <button type="button" onClick={() => setOpen("collections")}>
            Change collections…
          </button>
          <button type="button" className="ghost" onClick={() => setChecked([])}>
            Clear selection
          </button>
        </div>
      )}
      {last && (
        <div className={last.failed.length > 0 ? "error" : "notice"} role="status">
          <div className="edit-bulk-summary">
            <span>
              {last.action} {last.done} of {last.total} {last.total === 1 ? "item" : "items"}.
              {last.failed.length > 0 && " These were not changed and stay selected:"}
            </span>
            <button type="button" className="ghost icon" aria-label="Dismiss" onClick={() => setLast(null)}>
              ×
            </button>
          </div>
          {last.failed.length > 0 && (
            <ul className="edit-bulk-failures">
              {last.failed.map((r) => (
                <li key={`${r.accountId}:${r.id}`}>
                  <strong>{r.name || r.id}</strong>: {r.error?.message ?? "not tried"}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {open === "folder" && <BulkFolderDialog items={checked} onDone={finish("Moved")} onClose={() => setOpen(null)} />}
      {open === "collections" && <BulkCollectionsDialog items={checked} onDone={finish("Changed the collections of")} onClose={() => setOpen(null)} />}
    </div>
  );
}

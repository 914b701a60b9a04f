// The item view's actions (rendered by slice B in its header): edit,
// clone, move to an organization or collections, move to trash; in the
// trash, restore and delete permanently. Without edit rights they are
// disabled and say why.
import { useId, useState } from "react";
import { DeletePermanently, Restore, Trash } from "../../wailsjs/go/app/EditService";
import { call, type AppError } from "../lib/call";
import { useSelection, type ItemRef } from "../state/selection";
import { CollectionsDialog, ConfirmDialog, MoveToOrgDialog } from "./dialogs";
import "./edit.css";

export interface ItemActionsProps {
  item: ItemRef;
  orgId: string; // "" for a personal item
  canEdit: boolean;
  deleted: boolean;
}

type Open = null | "move" | "collections" | "delete";

export const readOnlyReason = "Read-only in this collection";

export function ItemActions({ item, orgId, canEdit, deleted }: ItemActionsProps) {
  const openEditor = useSelection((s) => s.openEditor);
  const vaultChanged = useSelection((s) => s.vaultChanged);
  const select = useSelection((s) => s.select);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const reasonId = useId();
  const locked = !canEdit;
  const describe = locked ? reasonId : undefined;

  const run = async (f: () => Promise<void>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await call(f);
      vaultChanged();
      after?.();
    } catch (e) {
      setError(e as AppError);
    } finally {
      setBusy(false);
    }
  };

  const done = () => {
    setOpen(null);
    vaultChanged();
    select(item);
  };

  return (
    <div className="edit-actions" role="toolbar" aria-label="Item actions">
      {deleted ? (
        <>
          <button type="button" disabled={locked || busy} aria-describedby={describe} onClick={() => run(() => Restore(item.accountId, item.id), () => select(item))}>
            Restore
          </button>
          <button type="button" className="danger" disabled={locked || busy} aria-describedby={describe} onClick={() => setOpen("delete")}>
            Delete permanently
          </button>
        </>
      ) : (
        <>
          <button type="button" disabled={locked} aria-describedby={describe} onClick={() => openEditor({ mode: "edit", ref: item })}>
            Edit
          </button>
          <button type="button" onClick={() => openEditor({ mode: "clone", ref: item })}>
            Clone
          </button>
          {orgId === "" ? (
            <button type="button" disabled={locked} onClick={() => setOpen("move")}>
              Move to organization…
            </button>
          ) : (
            <button type="button" disabled={locked} aria-describedby={describe} onClick={() => setOpen("collections")}>
              Collections…
            </button>
          )}
          <button type="button" disabled={locked || busy} aria-describedby={describe} onClick={() => run(() => Trash(item.accountId, item.id), () => select(item))}>
            Move to trash
          </button>
        </>
      )}
      {locked && (
        <span id={reasonId} className="muted edit-reason">
          {readOnlyReason}
        </span>
      )}
      {error && (
        <div className="error" role="alert">
          {error.message}
        </div>
      )}
      {open === "move" && <MoveToOrgDialog item={item} onDone={done} onClose={() => setOpen(null)} />}
      {open === "collections" && <CollectionsDialog item={item} orgId={orgId} onDone={done} onClose={() => setOpen(null)} />}
      {open === "delete" && (
        <ConfirmDialog
          title="Delete permanently"
          message="Delete this item for good? It cannot be restored afterwards."
          action="Delete permanently"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await call(() => DeletePermanently(item.accountId, item.id));
            setOpen(null);
            vaultChanged();
            select(null);
          }}
        />
      )}
    </div>
  );
}

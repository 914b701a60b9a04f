// The small dialogs of the item actions and the bulk bar: move to an
// organization, collections, move to folder, change collections of many,
// and a confirmation.
import { useEffect, useId, useState } from "react";
import {
  BulkMoveToFolder,
  BulkSetCollections,
  Form,
  MoveToOrg,
  SetCollections,
} from "../../wailsjs/go/app/EditService";
import type { app } from "../../wailsjs/go/models";
import { call, type AppError } from "../lib/call";
import type { ItemRef } from "../state/selection";
import { Dialog } from "../lib/Dialog";
import { collectionsOf, useTargets } from "./targets";

// CollectionPicker is an organization's collections as checkboxes.
function CollectionPicker({
  collections,
  chosen,
  onChange,
  fixed = [],
  error,
}: {
  collections: app.CollectionOption[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  fixed?: { id: string; name: string }[]; // kept, not changeable here
  error?: string | null;
}) {
  return (
    <fieldset className="edit-collections" aria-invalid={error ? true : undefined}>
      <legend>Collections</legend>
      {collections.length === 0 && fixed.length === 0 && <p className="muted">No collection you can add items to.</p>}
      {collections.map((c) => (
        <label className="inline" key={c.id}>
          <input
            type="checkbox"
            checked={chosen.includes(c.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
          />
          {c.name}
        </label>
      ))}
      {fixed.map((c) => (
        <label className="inline" key={c.id}>
          <input type="checkbox" checked disabled />
          {c.name} <span className="badge">read-only</span>
        </label>
      ))}
      {error && <span className="error">{error}</span>}
    </fieldset>
  );
}

// Footer is a dialog's error and buttons.
function Footer({ error, busy, action, onAction, onCancel, danger }: {
  error: AppError | string | null;
  busy: boolean;
  action: string;
  onAction: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  return (
    <>
      {error && (
        <div className="error" role="alert">
          {typeof error === "string" ? error : error.message}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={onAction}>
          {busy ? "Working…" : action}
        </button>
      </div>
    </>
  );
}

export function MoveToOrgDialog({ item, onDone, onClose }: { item: ItemRef; onDone: () => void; onClose: () => void }) {
  const { targets, error: targetsError } = useTargets(item.accountId);
  const [orgId, setOrgId] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<AppError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const orgs = targets?.orgs ?? [];
  useEffect(() => {
    if (orgId === "" && orgs.length > 0) setOrgId(orgs[0].id);
  }, [orgs, orgId]);

  const move = async () => {
    if (!orgId) return setError("Choose an organization.");
    if (chosen.length === 0) return setError("Choose at least one collection.");
    setBusy(true);
    setError(null);
    try {
      await call(() => MoveToOrg(item.accountId, item.id, orgId, chosen));
      onDone();
    } catch (e) {
      setError(e as AppError);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Move to organization" onClose={onClose}>
      <p className="muted">The item leaves your personal vault and is shared with the organization's members who can see the collections.</p>
      {targetsError && <div className="error">{targetsError.message}</div>}
      <label>
        Organization
        <select
          value={orgId}
          onChange={(e) => {
            setOrgId(e.target.value);
            setChosen([]);
          }}
        >
          {orgs.length === 0 && <option value="">{targets ? "No organization" : "Loading…"}</option>}
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <CollectionPicker collections={collectionsOf(targets, orgId)} chosen={chosen} onChange={setChosen} />
      <Footer error={error} busy={busy} action="Move" onAction={move} onCancel={onClose} />
    </Dialog>
  );
}

export function CollectionsDialog({ item, orgId, onDone, onClose }: { item: ItemRef; orgId: string; onDone: () => void; onClose: () => void }) {
  const { targets, error: targetsError } = useTargets(item.accountId);
  const [current, setCurrent] = useState<app.ItemForm | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<AppError | string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    call(() => Form(item.accountId, item.id)).then(
      (f) => {
        if (!live) return;
        setCurrent(f);
        setChosen(f.collectionIds);
      },
      (e: AppError) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [item.accountId, item.id]);

  const offered = collectionsOf(targets, orgId);
  // Collections the item is in that this account may not add to stay.
  const fixed = (current?.collectionIds ?? [])
    .map((id, i) => ({ id, name: current?.collectionNames[i] ?? id }))
    .filter((c) => targets !== null && !offered.some((o) => o.id === c.id));

  const save = async () => {
    const ids = [...fixed.map((c) => c.id), ...chosen.filter((id) => offered.some((o) => o.id === id))];
    if (ids.length === 0) return setError("An item in an organization needs at least one collection.");
    setBusy(true);
    setError(null);
    try {
      await call(() => SetCollections(item.accountId, item.id, ids));
      onDone();
    } catch (e) {
      setError(e as AppError);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Collections" onClose={onClose}>
      {current && <p className="muted">{current.name}</p>}
      {targetsError && <div className="error">{targetsError.message}</div>}
      {current === null && !error ? <p className="muted">Loading…</p> : <CollectionPicker collections={offered} chosen={chosen} onChange={setChosen} fixed={fixed} />}
      <Footer error={error} busy={busy || current === null} action="Save collections" onAction={save} onCancel={onClose} />
    </Dialog>
  );
}

export function ConfirmDialog({
  title,
  message,
  action,
  onConfirm,
  onClose,
}: {
  title: string;
  message: string;
  action: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <Footer
        error={error}
        busy={busy}
        danger
        action={action}
        onCancel={onClose}
        onAction={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } catch (e) {
            setError(e as AppError);
            setBusy(false);
          }
        }}
      />
    </Dialog>
  );
}

// accountsOf lists the accounts of ticked items, in order.
function accountsOf(items: ItemRef[]): string[] {
  return [...new Set(items.map((i) => i.accountId))];
}

export function BulkFolderDialog({ items, onDone, onClose }: { items: ItemRef[]; onDone: (r: app.BulkResult[]) => void; onClose: () => void }) {
  const accounts = accountsOf(items);
  const { targets, error: targetsError } = useTargets(accounts[0] ?? null);
  const [folderId, setFolderId] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <Dialog title="Move to folder" onClose={onClose}>
      <p className="muted">
        {items.length} {items.length === 1 ? "item" : "items"}.
        {accounts.length > 1 && folderId !== "" && " Folders belong to one account: items of other accounts will not move."}
      </p>
      {targetsError && <div className="error">{targetsError.message}</div>}
      <label htmlFor={id}>Folder</label>
      <select id={id} value={folderId} onChange={(e) => setFolderId(e.target.value)}>
        <option value="">No folder</option>
        {(targets?.folders ?? []).map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      <Footer
        error={error}
        busy={busy}
        action="Move"
        onCancel={onClose}
        onAction={async () => {
          setBusy(true);
          try {
            onDone(await call(() => BulkMoveToFolder(items, folderId)));
          } catch (e) {
            setError(e as AppError);
            setBusy(false);
          }
        }}
      />
    </Dialog>
  );
}

export function BulkCollectionsDialog({ items, onDone, onClose }: { items: ItemRef[]; onDone: (r: app.BulkResult[]) => void; onClose: () => void }) {
  const accounts = accountsOf(items);
  const { targets, error: targetsError } = useTargets(accounts[0] ?? null);
  const [orgId, setOrgId] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<AppError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const orgs = targets?.orgs ?? [];
  useEffect(() => {
    if (orgId === "" && orgs.length > 0) setOrgId(orgs[0].id);
  }, [orgs, orgId]);
  return (
    <Dialog title="Change collections" onClose={onClose}>
      <p className="muted">
        The {items.length} {items.length === 1 ? "item gets" : "items get"} exactly the collections you tick. Items of another organization, and personal
        items, are left as they are and reported.
      </p>
      {targetsError && <div className="error">{targetsError.message}</div>}
      <label>
        Organization
        <select
          value={orgId}
          onChange={(e) => {
            setOrgId(e.target.value);
            setChosen([]);
          }}
        >
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <CollectionPicker collections={collectionsOf(targets, orgId)} chosen={chosen} onChange={setChosen} />
      <Footer
        error={error}
        busy={busy}
        action="Set collections"
        onCancel={onClose}
        onAction={async () => {
          if (chosen.length === 0) return setError("Choose at least one collection.");
          setBusy(true);
          try {
            onDone(await call(() => BulkSetCollections(items, chosen)));
          } catch (e) {
            setError(e as AppError);
            setBusy(false);
          }
        }}
      />
    </Dialog>
  );
}

// An organization's collections as a tree, with who has access to each.
// New collection, rename or move, edit access, delete (with the nested
// ones when asked). What the role does not allow is disabled with the
// reason.
import { useMemo, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import {
  Collections,
  CreateCollection,
  DeleteCollection,
  Groups,
  Members,
  RenameCollection,
  SetCollectionAccess,
} from "../../wailsjs/go/app/AdminService";
import { fromRow, sameAccess, toGrants, type AccessLine, type Target } from "./access";
import { AccessEditor } from "./AccessEditor";
import { Dialog } from "../lib/Dialog";
import { useAction, useLoad } from "./hooks";
import { levelLabel } from "./levels";
import { whyNot, type AdminOrg } from "./orgs";
import { useAdmin } from "./store";
import { descendants, joinPath, nameError, parentOptions, splitPath } from "./tree";
import { ErrorLine, Notice } from "../lib/Messages";

type Open =
  | { kind: "new"; parent: string }
  | { kind: "rename"; row: app.CollectionRow }
  | { kind: "access"; row: app.CollectionRow }
  | { kind: "delete"; row: app.CollectionRow };

export function CollectionsPage({ org }: { org: AdminOrg }) {
  const key = `${org.accountId}/${org.orgId}`;
  const rows = useLoad(`collections:${key}`, () => Collections(org.accountId, org.orgId));
  const targets = useTargets(org);
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState("");
  const changed = useAdmin((s) => s.changed);
  const whyNotCreate = whyNot(org, "create-collections");
  const list = rows.data ?? [];

  const done = (msg: string) => {
    setOpen(null);
    setNotice(msg);
    changed();
  };

  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>Collections</h1>
        <div className="admin-page-actions">
          <button type="button" className="primary" disabled={whyNotCreate !== ""} title={whyNotCreate || undefined} onClick={() => setOpen({ kind: "new", parent: "" })}>
            New collection
          </button>
        </div>
      </div>
      {whyNotCreate && <p className="muted admin-small">{whyNotCreate}</p>}
      <Notice text={notice} />
      <ErrorLine error={rows.error} />
      {rows.loading && !rows.data && <p className="muted">Loading collections…</p>}
      {rows.data && list.length === 0 && <p className="notice">{org.name} has no collection you may administer.</p>}
      {list.length > 0 && (
        <p className="muted admin-small admin-legend">
          <span className="admin-chip admin-chip-group">Group</span> <span className="admin-chip">Member</span> with their access to each collection.
        </p>
      )}
      {list.length > 0 && (
        <ul className="admin-tree" aria-label={`Collections of ${org.name}`}>
          {list.map((r) => (
            <CollectionItem key={r.id || `path:${r.path}`} row={r} org={org} onOpen={setOpen} />
          ))}
        </ul>
      )}
      {open?.kind === "new" && (
        <NewCollectionDialog org={org} rows={list} parent={open.parent} targets={targets} onClose={() => setOpen(null)} onDone={done} />
      )}
      {open?.kind === "rename" && <RenameDialog org={org} rows={list} row={open.row} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === "access" && (
        <AccessDialog org={org} row={open.row} targets={targets} onClose={() => setOpen(null)} onDone={done} />
      )}
      {open?.kind === "delete" && <DeleteDialog org={org} rows={list} row={open.row} onClose={() => setOpen(null)} onDone={done} />}
    </div>
  );
}

// useTargets loads the members and groups the access editor offers; a role
// that may not list them gets none, and a note says why.
function useTargets(org: AdminOrg): { list: Target[]; note: string } {
  const key = `${org.accountId}/${org.orgId}`;
  const can = org.canViewAdmin;
  const members = useLoad(`members:${key}`, can ? () => Members(org.accountId, org.orgId) : null);
  const groups = useLoad(`groups:${key}`, can ? () => Groups(org.accountId, org.orgId) : null);
  return useMemo(() => {
    if (!can) return { list: [], note: whyNot(org, "view-admin") };
    const list: Target[] = [
      ...(groups.data ?? []).map((g) => ({ kind: "group" as const, id: g.id, name: g.name })),
      ...(members.data?.members ?? [])
        .filter((m) => m.status !== "revoked")
        .map((m) => ({ kind: "member" as const, id: m.id, name: m.email })),
    ];
    const err = members.error ?? groups.error;
    return { list, note: err ? `Members and groups could not be listed: ${err.message}` : "" };
  }, [can, org, members.data, groups.data, members.error, groups.error]);
}

function Chips({ row }: { row: app.CollectionRow }) {
  const all = [
    ...row.groups.map((g) => ({ key: `g:${g.id}`, who: g.name || "group", level: g.level, group: true })),
    ...row.members.map((m) => ({ key: `m:${m.id}`, who: m.name || "member", level: m.level, group: false })),
  ];
  if (all.length === 0) return <span className="muted admin-small">Owners and admins only</span>;
  return (
    <span className="admin-chips">
      {all.map((c) => (
        <span key={c.key} className={`admin-chip${c.group ? " admin-chip-group" : ""}`} title={`${c.group ? "Group" : "Member"}: ${levelLabel(c.level)}`}>
          {c.group && <span className="sr-only">Group </span>}
          {c.who}: {levelLabel(c.level).replace("Can ", "")}
        </span>
      ))}
    </span>
  );
}

function CollectionItem({ row, org, onOpen }: { row: app.CollectionRow; org: AdminOrg; onOpen: (o: Open) => void }) {
  const indent = { paddingLeft: `calc(var(--space-5) * ${row.depth})` };
  if (row.id === "") {
    return (
      <li className="admin-tree-row admin-tree-placeholder" style={indent}>
        <span className="admin-tree-name">{row.name}</span>
        <span className="muted admin-small">only a parent name: no collection of its own</span>
        <span className="admin-tree-actions">
          <button type="button" disabled={!org.canCreateCollections} onClick={() => onOpen({ kind: "new", parent: row.path })}>
            Add under…
          </button>
        </span>
      </li>
    );
  }
  const noEdit = row.canEdit ? "" : `You may not change ${row.path}: you need "can manage" on it, or an owner's or admin's role.`;
  const noDelete = row.canDelete ? "" : `You may not delete ${row.path}: you need "can manage" on it, or an owner's or admin's role.`;
  return (
    <li className="admin-tree-row" style={indent}>
      <span className="admin-tree-name">{row.damaged ? <em>{row.name}</em> : row.name}</span>
      <Chips row={row} />
      <span className="admin-tree-actions" role="group" aria-label={`Actions for ${row.path || row.name}`}>
        <button type="button" disabled={!row.canEdit || row.damaged} title={noEdit || undefined} onClick={() => onOpen({ kind: "rename", row })}>
          Rename or move…
        </button>
        <button type="button" disabled={!row.canEdit} title={noEdit || undefined} onClick={() => onOpen({ kind: "access", row })}>
          Access…
        </button>
        <button type="button" className="danger" disabled={!row.canDelete} title={noDelete || undefined} onClick={() => onOpen({ kind: "delete", row })}>
          Delete…
        </button>
      </span>
    </li>
  );
}

function ParentSelect({ value, onChange, options }: { value: string; onChange: (v: string) => void; options: string[] }) {
  return (
    <label>
      Parent
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">None (top level)</option>
        {options.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

function NewCollectionDialog({
  org,
  rows,
  parent: initialParent,
  targets,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  rows: app.CollectionRow[];
  parent: string;
  targets: { list: Target[]; note: string };
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const [name, setName] = useState("");
  const [parent, setParent] = useState(initialParent);
  const [lines, setLines] = useState<AccessLine[]>([]);
  const [touched, setTouched] = useState(false);
  const act = useAction();
  const err = nameError(name);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (err) return;
    const path = joinPath(parent, name);
    const r = await act.run(() => CreateCollection(org.accountId, org.orgId, { name: path, access: toGrants(lines) }));
    if (r.ok) onDone(`Created ${r.value.path} in ${org.name}.`);
  };

  return (
    <Dialog title={`New collection in ${org.name}`} onClose={onClose} busy={act.busy} wide>
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus aria-invalid={touched && err !== ""} />
        </label>
        {touched && err && <p className="error">{err}</p>}
        <ParentSelect value={parent} onChange={setParent} options={parentOptions(rows)} />
        {name.trim() !== "" && !err && <p className="muted admin-small">Full name: {joinPath(parent, name)}</p>}
        <AccessEditor lines={lines} onChange={setLines} targets={targets.list} note={targets.note} />
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="button" onClick={onClose} disabled={act.busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            {act.busy ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RenameDialog({
  org,
  rows,
  row,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  rows: app.CollectionRow[];
  row: app.CollectionRow;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const start = splitPath(row.path);
  const [name, setName] = useState(start.name);
  const [parent, setParent] = useState(start.parent);
  const act = useAction();
  const err = nameError(name);
  const path = err ? "" : joinPath(parent, name);
  const nested = descendants(rows, row.path).length;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (err || path === row.path) return;
    const r = await act.run(() => RenameCollection(org.accountId, org.orgId, row.id, path));
    if (r.ok) onDone(`Renamed ${row.path} to ${r.value.path}.`);
  };

  return (
    <Dialog title={`Rename or move ${row.path}`} onClose={onClose} busy={act.busy}>
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        {err && <p className="error">{err}</p>}
        <ParentSelect value={parent} onChange={setParent} options={parentOptions(rows, row.path)} />
        {path && path !== row.path && (
          <p className="muted admin-small">
            New name: {path}
            {nested > 0 && ` (and the ${nested} collection${nested === 1 ? "" : "s"} nested under it move with it)`}
          </p>
        )}
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="button" onClick={onClose} disabled={act.busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={act.busy || !path || path === row.path}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function AccessDialog({
  org,
  row,
  targets,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  row: app.CollectionRow;
  targets: { list: Target[]; note: string };
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const initial = useMemo(() => fromRow(row), [row]);
  const [lines, setLines] = useState<AccessLine[]>(initial);
  const act = useAction();

  const save = async () => {
    const r = await act.run(() => SetCollectionAccess(org.accountId, org.orgId, row.id, toGrants(lines)));
    if (r.ok) onDone(`Saved the access to ${row.path}.`);
  };

  return (
    <Dialog title={`Access to ${row.path}`} onClose={onClose} busy={act.busy} wide>
      <AccessEditor lines={lines} onChange={setLines} targets={targets.list} note={targets.note} />
      <ErrorLine error={act.error} />
      <div className="actions">
        <button type="button" onClick={onClose} disabled={act.busy}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={act.busy || sameAccess(initial, lines)} onClick={save}>
          Save access
        </button>
      </div>
    </Dialog>
  );
}

function DeleteDialog({
  org,
  rows,
  row,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  rows: app.CollectionRow[];
  row: app.CollectionRow;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const nested = descendants(rows, row.path);
  const [withChildren, setWithChildren] = useState(false);
  const act = useAction();

  const del = async () => {
    const r = await act.run(() => DeleteCollection(org.accountId, org.orgId, row.id, withChildren));
    if (r.ok) onDone(`Deleted ${r.value.join(", ")}.`);
  };

  return (
    <Dialog title={`Delete ${row.path}?`} onClose={onClose} busy={act.busy}>
      <p>
        The collection goes; its items stay in {org.name}, in their other collections or in none. Members who reached
        them only through this collection lose access.
      </p>
      {nested.length > 0 && (
        <>
          <p>
            {nested.length} collection{nested.length === 1 ? " is" : "s are"} nested under it: {nested.map((r) => r.path).join(", ")}.
          </p>
          <label className="inline">
            <input type="checkbox" checked={withChildren} onChange={(e) => setWithChildren(e.target.checked)} />
            Also delete the nested collections
          </label>
        </>
      )}
      <ErrorLine error={act.error} />
      <div className="actions">
        <button type="button" onClick={onClose} disabled={act.busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={act.busy || (nested.length > 0 && !withChildren)} onClick={del}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}

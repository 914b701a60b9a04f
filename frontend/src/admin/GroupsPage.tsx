// An organization's groups: their members and collection access. Create,
// edit and delete, as the role allows.
import { useMemo, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Collections, CreateGroup, DeleteGroup, EditGroup, Groups, Members } from "../../wailsjs/go/app/AdminService";
import { toCollectionAccess, type CollectionLine } from "./access";
import { CollectionAccessEditor } from "./AccessEditor";
import { Dialog } from "../lib/Dialog";
import { useAction, useLoad } from "./hooks";
import { levelLabel, type Level } from "./levels";
import { matches, whyNot, type AdminOrg } from "./orgs";
import { useAdmin } from "./store";
import { ErrorLine, Notice } from "../lib/Messages";

type Open = { kind: "new" } | { kind: "edit"; group: app.GroupRow } | { kind: "delete"; group: app.GroupRow };

export function GroupsPage({ org }: { org: AdminOrg }) {
  const key = `${org.accountId}/${org.orgId}`;
  const viewWhy = whyNot(org, "view-admin");
  const groups = useLoad(`groups:${key}`, viewWhy ? null : () => Groups(org.accountId, org.orgId));
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState("");
  const changed = useAdmin((s) => s.changed);
  const manageWhy = whyNot(org, "manage-groups");

  if (viewWhy) {
    return (
      <div className="admin-page">
        <h1>Groups</h1>
        <p className="notice">{viewWhy}</p>
      </div>
    );
  }

  const done = (msg: string) => {
    setOpen(null);
    setNotice(msg);
    changed();
  };

  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>Groups</h1>
        <div className="admin-page-actions">
          <button type="button" className="primary" disabled={manageWhy !== ""} title={manageWhy || undefined} onClick={() => setOpen({ kind: "new" })}>
            New group
          </button>
        </div>
      </div>
      {manageWhy && <p className="muted admin-small">{manageWhy}</p>}
      <Notice text={notice} />
      <ErrorLine error={groups.error} />
      {groups.loading && !groups.data && <p className="muted">Loading groups…</p>}
      {groups.data && groups.data.length === 0 && <p className="notice">{org.name} has no groups yet.</p>}
      {groups.data && groups.data.length > 0 && (
        <div className="admin-table-wrap">
          <table className="data admin-table">
            <thead>
              <tr>
                <th>Group</th>
                <th>Members</th>
                <th>Collections</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((g) => (
                <tr key={g.id}>
                  <td>{g.name}</td>
                  <td>{g.members.map((m) => m.name).join(", ") || <span className="muted">–</span>}</td>
                  <td>
                    {g.collections.length === 0 ? (
                      <span className="muted">–</span>
                    ) : (
                      g.collections.map((c) => (
                        <div key={c.id} className="admin-small">
                          {c.name}: {levelLabel(c.level).replace("Can ", "")}
                        </div>
                      ))
                    )}
                  </td>
                  <td>
                    <div className="admin-row-actions" role="group" aria-label={`Actions for ${g.name}`}>
                      <button type="button" disabled={manageWhy !== ""} title={manageWhy || undefined} onClick={() => setOpen({ kind: "edit", group: g })}>
                        Edit…
                      </button>
                      <button type="button" className="danger" disabled={manageWhy !== ""} title={manageWhy || undefined} onClick={() => setOpen({ kind: "delete", group: g })}>
                        Delete…
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(open?.kind === "new" || open?.kind === "edit") && (
        <GroupDialog org={org} group={open.kind === "edit" ? open.group : null} onClose={() => setOpen(null)} onDone={done} />
      )}
      {open?.kind === "delete" && <DeleteGroupDialog org={org} group={open.group} onClose={() => setOpen(null)} onDone={done} />}
    </div>
  );
}

function GroupDialog({
  org,
  group,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  group: app.GroupRow | null;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const key = `${org.accountId}/${org.orgId}`;
  const members = useLoad(`members:${key}`, () => Members(org.accountId, org.orgId));
  const colls = useLoad(`collections:${key}`, () => Collections(org.accountId, org.orgId));
  const [name, setName] = useState(group?.name ?? "");
  const [memberIds, setMemberIds] = useState<string[]>(group?.members.map((m) => m.id) ?? []);
  const [lines, setLines] = useState<CollectionLine[]>(
    group?.collections.map((c) => ({ id: c.id, name: c.name, level: c.level as Level })) ?? [],
  );
  const [filter, setFilter] = useState("");
  const [touched, setTouched] = useState(false);
  const act = useAction();
  const collections = useMemo(
    () => (colls.data ?? []).filter((c) => c.id !== "" && !c.damaged).map((c) => ({ id: c.id, path: c.path })),
    [colls.data],
  );
  const people = (members.data?.members ?? []).filter((m) => matches(`${m.email} ${m.name}`, filter));
  const nameErr = name.trim() === "" ? "Enter the group's name." : "";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (nameErr) return;
    const input = { name: name.trim(), members: memberIds, collections: toCollectionAccess(lines) };
    const r = await act.run(() =>
      group ? EditGroup(org.accountId, org.orgId, group.id, input) : CreateGroup(org.accountId, org.orgId, input),
    );
    if (r.ok) onDone(group ? `Saved ${r.value.name}.` : `Created ${r.value.name}.`);
  };

  return (
    <Dialog title={group ? `Edit ${group.name}` : `New group in ${org.name}`} onClose={onClose} busy={act.busy} wide>
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        {touched && nameErr && <p className="error">{nameErr}</p>}
        <fieldset className="admin-perms">
          <legend>Members ({memberIds.length})</legend>
          <label className="admin-filter">
            Filter members
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          <div className="admin-checklist">
            {people.map((m) => (
              <label key={m.id} className="inline">
                <input
                  type="checkbox"
                  checked={memberIds.includes(m.id)}
                  onChange={(e) => setMemberIds(e.target.checked ? [...memberIds, m.id] : memberIds.filter((x) => x !== m.id))}
                />
                {m.email}
                {m.status !== "confirmed" && <span className="badge">{m.status}</span>}
              </label>
            ))}
          </div>
          {members.error && <p className="error">{members.error.message}</p>}
        </fieldset>
        <CollectionAccessEditor lines={lines} onChange={setLines} collections={collections} legend="Collection access" />
        {colls.error && <p className="error">{colls.error.message}</p>}
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="button" onClick={onClose} disabled={act.busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            {group ? "Save" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteGroupDialog({
  org,
  group,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  group: app.GroupRow;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const act = useAction();
  const del = async () => {
    const r = await act.run(() => DeleteGroup(org.accountId, org.orgId, group.id));
    if (r.ok) onDone(`Deleted ${group.name}.`);
  };
  return (
    <Dialog title={`Delete ${group.name}?`} onClose={onClose} busy={act.busy}>
      <p>
        The group goes from {org.name}. Its {group.members.length} member{group.members.length === 1 ? "" : "s"} stay in
        the organization with their own access, but lose what they had only through this group.
      </p>
      <ErrorLine error={act.error} />
      <div className="actions">
        <button type="button" onClick={onClose} disabled={act.busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={act.busy} onClick={del}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}

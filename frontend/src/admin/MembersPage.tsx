// An organization's members: role, status, two-step login, groups and
// collections, with the seats. Invite several at once; re-invite, change
// role and access, revoke, restore, remove; and confirm accepted members
// through the fingerprint dialog.
import { useEffect, useMemo, useRef, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import {
  Collections,
  Groups,
  Invite,
  Members,
  Reinvite,
  RemoveMember,
  RestoreMember,
  RevokeMember,
  UpdateMember,
} from "../../wailsjs/go/app/AdminService";
import { toCollectionAccess, type CollectionLine } from "./access";
import { CollectionAccessEditor } from "./AccessEditor";
import { Dialog } from "../lib/Dialog";
import { parseEmails } from "./emails";
import { FingerprintDialog, type FingerprintTarget } from "./FingerprintDialog";
import { useAction, useLoad } from "./hooks";
import { levelLabel, noPermissions, permissionLabels, roleLabel, statusLabel, type Level, type Permissions, type Role } from "./levels";
import { seatsText } from "./overview";
import { whyNot, type AdminOrg } from "./orgs";
import { useAdmin } from "./store";
import { ErrorLine, Notice } from "../lib/Messages";

type Open =
  | { kind: "invite" }
  | { kind: "edit"; member: app.MemberRow }
  | { kind: "remove"; member: app.MemberRow }
  | { kind: "confirm"; target: FingerprintTarget };

const statuses = ["all", "invited", "accepted", "confirmed", "revoked"] as const;

export function MembersPage({ org }: { org: AdminOrg }) {
  const key = `${org.accountId}/${org.orgId}`;
  const viewWhy = whyNot(org, "view-admin");
  const list = useLoad(`members:${key}`, viewWhy ? null : () => Members(org.accountId, org.orgId));
  const [open, setOpen] = useState<Open | null>(null);
  const [filter, setFilter] = useState("");
  const [status, setStatus] = useState<(typeof statuses)[number]>("all");
  const [notice, setNotice] = useState("");
  const act = useAction();
  const changed = useAdmin((s) => s.changed);
  const loadQueue = useAdmin((s) => s.loadQueue);
  const manageWhy = whyNot(org, "manage-users");

  // The palette's "Invite members…" opens the dialog here.
  const inviteRequests = useAdmin((s) => s.inviteRequests);
  const seen = useRef(inviteRequests);
  useEffect(() => {
    if (inviteRequests !== seen.current) {
      seen.current = inviteRequests;
      if (!manageWhy) setOpen({ kind: "invite" });
    }
  }, [inviteRequests, manageWhy]);

  const members = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return (list.data?.members ?? []).filter(
      (m) =>
        (status === "all" || m.status === status) &&
        words.every((w) => `${m.email} ${m.name} ${m.role}`.toLowerCase().includes(w)),
    );
  }, [list.data, filter, status]);

  const done = (msg: string) => {
    setOpen(null);
    setNotice(msg);
    changed();
  };

  // actedOn is the member the last row action was for: its error shows in
  // that row.
  const [actedOn, setActedOn] = useState("");
  const simple = async (m: app.MemberRow, what: "reinvite" | "revoke" | "restore") => {
    setNotice("");
    setActedOn(m.id);
    const fn = { reinvite: Reinvite, revoke: RevokeMember, restore: RestoreMember }[what];
    const r = await act.run(() => fn(org.accountId, org.orgId, m.id));
    if (r.ok) done({ reinvite: `Sent ${m.email} a new invitation.`, revoke: `Revoked ${m.email}.`, restore: `Restored ${m.email}.` }[what]);
  };

  if (viewWhy) {
    return (
      <div className="admin-page">
        <h1>Members</h1>
        <p className="notice">{viewWhy}</p>
      </div>
    );
  }

  const l = list.data;
  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>Members</h1>
        {l && <span className="badge" title="Seats used (of the limit)">Seats {seatsText(l.seatsUsed, l.seats)}</span>}
        <div className="admin-page-actions">
          <button type="button" className="primary" disabled={manageWhy !== ""} title={manageWhy || undefined} onClick={() => setOpen({ kind: "invite" })}>
            Invite members
          </button>
        </div>
      </div>
      {manageWhy && <p className="muted admin-small">{manageWhy}</p>}
      <Notice text={notice} />
      <ErrorLine error={list.error} />
      {list.loading && !l && <p className="muted">Loading members…</p>}
      {l && (
        <>
          <div className="admin-filters">
            <label className="admin-filter">
              Filter members
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            <label className="admin-filter">
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as (typeof statuses)[number])}>
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {s === "all" ? "All" : statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="admin-table-wrap">
            <table className="data admin-table">
              <thead>
                <tr>
                  <th>Member</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th>Two-step</th>
                  <th>Groups</th>
                  <th>Collections</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => {
                  const why = manageWhy || (m.canManage ? "" : "Only owners manage owners and admins.");
                  return (
                    <tr key={m.id}>
                      <td>
                        {m.email}
                        {m.name && <div className="muted admin-small">{m.name}</div>}
                      </td>
                      <td>{roleLabel(m.role)}</td>
                      <td>
                        <span className={`badge admin-status-${m.status}`}>{statusLabel(m.status)}</span>
                      </td>
                      <td>{m.twoFactor ? "On" : <span className="muted">Off</span>}</td>
                      <td>{m.groups.map((g) => g.name || "(group)").join(", ") || <span className="muted">–</span>}</td>
                      <td>
                        {m.collections.length === 0 ? (
                          <span className="muted">{m.role === "owner" || m.role === "admin" ? "All" : "–"}</span>
                        ) : (
                          m.collections.map((c) => (
                            <div key={c.id} className="admin-small">
                              {c.name}: {levelLabel(c.level).replace("Can ", "")}
                            </div>
                          ))
                        )}
                      </td>
                      <td>
                        <div className="admin-row-actions" role="group" aria-label={`Actions for ${m.email}`}>
                          {m.status === "accepted" && (
                            <button
                              type="button"
                              className="primary"
                              disabled={why !== "" || act.busy}
                              title={why || undefined}
                              onClick={() => setOpen({ kind: "confirm", target: { accountId: org.accountId, orgId: org.orgId, memberId: m.id, email: m.email } })}
                            >
                              Confirm…
                            </button>
                          )}
                          {m.status === "invited" && (
                            <button type="button" disabled={why !== "" || act.busy} title={why || undefined} onClick={() => simple(m, "reinvite")}>
                              Re-invite
                            </button>
                          )}
                          <button type="button" disabled={why !== "" || act.busy} title={why || undefined} onClick={() => setOpen({ kind: "edit", member: m })}>
                            Edit…
                          </button>
                          {m.status === "revoked" ? (
                            <button type="button" disabled={why !== "" || act.busy} title={why || undefined} onClick={() => simple(m, "restore")}>
                              Restore
                            </button>
                          ) : (
                            <button type="button" disabled={why !== "" || act.busy} title={why || undefined} onClick={() => simple(m, "revoke")}>
                              Revoke
                            </button>
                          )}
                          <button type="button" className="danger" disabled={why !== "" || act.busy} title={why || undefined} onClick={() => setOpen({ kind: "remove", member: m })}>
                            Remove…
                          </button>
                        </div>
                        {act.error && actedOn === m.id && (
                          <p className="error admin-small" role="alert">
                            {act.error.message}
                          </p>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {members.length === 0 && <p className="muted">No member matches.</p>}
        </>
      )}
      {open?.kind === "invite" && <InviteDialog org={org} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === "edit" && <EditMemberDialog org={org} member={open.member} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === "remove" && <RemoveDialog org={org} member={open.member} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === "confirm" && (
        <FingerprintDialog
          target={open.target}
          onClose={() => setOpen(null)}
          onConfirmed={(email) => {
            done(`Confirmed ${email}.`);
            loadQueue();
          }}
        />
      )}
    </div>
  );
}

// useOptions loads the collections and groups the invite and edit dialogs
// offer.
function useOptions(org: AdminOrg) {
  const key = `${org.accountId}/${org.orgId}`;
  const colls = useLoad(`collections:${key}`, () => Collections(org.accountId, org.orgId));
  const groups = useLoad(`groups:${key}`, () => Groups(org.accountId, org.orgId));
  const collections = useMemo(
    () => (colls.data ?? []).filter((c) => c.id !== "" && !c.damaged).map((c) => ({ id: c.id, path: c.path })),
    [colls.data],
  );
  return { collections, groups: groups.data ?? [], error: colls.error ?? groups.error };
}

function RoleFields({
  org,
  role,
  setRole,
  perms,
  setPerms,
}: {
  org: AdminOrg;
  role: Role;
  setRole: (r: Role) => void;
  perms: Permissions;
  setPerms: (p: Permissions) => void;
}) {
  const ownersWhy = whyNot(org, "manage-owners");
  return (
    <>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="user">User: uses the collections given below</option>
          <option value="custom">Custom: a user with the permissions chosen below</option>
          <option value="admin" disabled={ownersWhy !== ""}>
            Admin: manages members, groups and every collection
          </option>
          <option value="owner" disabled={ownersWhy !== ""}>
            Owner: everything, billing included
          </option>
        </select>
      </label>
      {ownersWhy && <p className="muted admin-small">{ownersWhy}</p>}
      {role === "custom" && (
        <fieldset className="admin-perms">
          <legend>Permissions</legend>
          {permissionLabels.map(([k, label]) => (
            <label key={k} className="inline">
              <input type="checkbox" checked={perms[k]} onChange={(e) => setPerms({ ...perms, [k]: e.target.checked })} />
              {label}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}

function GroupChecks({ groups, value, onChange }: { groups: app.GroupRow[]; value: string[]; onChange: (ids: string[]) => void }) {
  if (groups.length === 0) return null;
  return (
    <fieldset className="admin-perms">
      <legend>Groups</legend>
      {groups.map((g) => (
        <label key={g.id} className="inline">
          <input
            type="checkbox"
            checked={value.includes(g.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, g.id] : value.filter((x) => x !== g.id))}
          />
          {g.name}
        </label>
      ))}
    </fieldset>
  );
}

function InviteDialog({ org, onClose, onDone }: { org: AdminOrg; onClose: () => void; onDone: (msg: string) => void }) {
  const [text, setText] = useState("");
  const [role, setRole] = useState<Role>("user");
  const [perms, setPerms] = useState<Permissions>(noPermissions);
  const [colls, setColls] = useState<CollectionLine[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const opts = useOptions(org);
  const act = useAction();
  const parsed = parseEmails(text);
  const inputError =
    parsed.invalid.length > 0
      ? `Not an email address: ${parsed.invalid.join(", ")}`
      : parsed.emails.length === 0
        ? "Enter at least one email address."
        : "";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (inputError) return;
    const r = await act.run(() =>
      Invite(org.accountId, org.orgId, {
        emails: parsed.emails.join(","),
        role,
        permissions: role === "custom" ? perms : undefined,
        collections: toCollectionAccess(colls),
        groups: groupIds,
      }),
    );
    if (r.ok) onDone(`Invited ${r.value.invited.join(", ")} to ${org.name}.`);
  };

  return (
    <Dialog title={`Invite members to ${org.name}`} onClose={onClose} busy={act.busy} wide>
      <form className="admin-form" onSubmit={submit}>
        <label>
          Email addresses
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-autofocus aria-invalid={touched && inputError !== ""} />
        </label>
        <p className="muted admin-small">
          Separate addresses with commas or new lines.
          {parsed.emails.length > 0 && ` ${parsed.emails.length} address${parsed.emails.length === 1 ? "" : "es"}.`}
        </p>
        {touched && inputError && <p className="error">{inputError}</p>}
        <RoleFields org={org} role={role} setRole={setRole} perms={perms} setPerms={setPerms} />
        {role !== "owner" && role !== "admin" && <CollectionAccessEditor lines={colls} onChange={setColls} collections={opts.collections} legend="Collection access" />}
        <GroupChecks groups={opts.groups} value={groupIds} onChange={setGroupIds} />
        {opts.error && <p className="error">{opts.error.message}</p>}
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="button" onClick={onClose} disabled={act.busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            {act.busy ? "Sending…" : "Send invitations"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EditMemberDialog({
  org,
  member,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  member: app.MemberRow;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const [role, setRole] = useState<Role>(member.role as Role);
  const [perms, setPerms] = useState<Permissions>(member.permissions ?? noPermissions);
  const [colls, setColls] = useState<CollectionLine[]>(
    member.collections.map((c) => ({ id: c.id, name: c.name, level: c.level as Level })),
  );
  const [groupIds, setGroupIds] = useState<string[]>(member.groups.map((g) => g.id));
  const opts = useOptions(org);
  const act = useAction();

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await act.run(() =>
      UpdateMember(org.accountId, org.orgId, member.id, {
        role: role === member.role ? undefined : role,
        permissions: role === "custom" ? perms : undefined,
        collections: toCollectionAccess(colls),
        groups: groupIds,
      }),
    );
    if (r.ok) onDone(`Saved ${member.email}.`);
  };

  return (
    <Dialog title={`Edit ${member.email}`} onClose={onClose} busy={act.busy} wide>
      <form className="admin-form" onSubmit={save}>
        <RoleFields org={org} role={role} setRole={setRole} perms={perms} setPerms={setPerms} />
        {role !== "owner" && role !== "admin" && <CollectionAccessEditor lines={colls} onChange={setColls} collections={opts.collections} legend="Collection access" />}
        <GroupChecks groups={opts.groups} value={groupIds} onChange={setGroupIds} />
        {opts.error && <p className="error">{opts.error.message}</p>}
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="button" onClick={onClose} disabled={act.busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RemoveDialog({
  org,
  member,
  onClose,
  onDone,
}: {
  org: AdminOrg;
  member: app.MemberRow;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const act = useAction();
  const remove = async () => {
    const r = await act.run(() => RemoveMember(org.accountId, org.orgId, member.id));
    if (r.ok) onDone(`Removed ${member.email} from ${org.name}.`);
  };
  return (
    <Dialog title={`Remove ${member.email}?`} onClose={onClose} busy={act.busy}>
      <p>
        {member.email} leaves {org.name} and loses access to its items. To take access away for a while instead, revoke
        them: a revoked member can be restored.
      </p>
      <ErrorLine error={act.error} />
      <div className="actions">
        <button type="button" onClick={onClose} disabled={act.busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={act.busy} onClick={remove}>
          Remove
        </button>
      </div>
    </Dialog>
  );
}

// Add a colleague to many client organizations at once, as Admin, Owner or
// User, with one result per organization.
import { useMemo, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { AddColleague } from "../../wailsjs/go/app/AdminService";
import { useAction } from "./hooks";
import { accountsOf, filterOrgs, orgKey, whyNot } from "./orgs";
import { useAdmin } from "./store";
import { ErrorLine } from "../lib/Messages";

const roles = [
  ["admin", "Admin"],
  ["owner", "Owner"],
  ["user", "User"],
] as const;

export function AddColleaguePage() {
  const orgs = useAdmin((s) => s.orgs);
  const accounts = accountsOf(orgs ?? []);
  const [accountId, setAccountId] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof roles)[number][0]>("admin");
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [touched, setTouched] = useState(false);
  const [results, setResults] = useState<app.ColleagueResult[] | null>(null);
  const act = useAction();

  const account = accountId || accounts[0]?.id || "";
  const mine = useMemo(() => (orgs ?? []).filter((o) => o.accountId === account), [orgs, account]);
  const visible = filterOrgs(mine, filter);
  const why = (o: app.AdminOrg) => (role === "user" ? whyNot(o, "manage-users") : whyNot(o, "manage-owners"));
  const selectable = visible.filter((o) => why(o) === "");
  const allChosen = selectable.length > 0 && selectable.every((o) => chosen.has(o.orgId));
  const picked = mine.filter((o) => chosen.has(o.orgId) && why(o) === "");
  const emailErr = /^[^@\s,;]+@[^@\s,;]+$/.test(email.trim()) ? "" : "Enter your colleague's email address.";

  const toggleAll = () => {
    const next = new Set(chosen);
    if (allChosen) selectable.forEach((o) => next.delete(o.orgId));
    else selectable.forEach((o) => next.add(o.orgId));
    setChosen(next);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (emailErr || picked.length === 0) return;
    const r = await act.run(() => AddColleague(account, email.trim(), role, picked.map((o) => o.orgId)));
    if (r.ok) setResults(r.value);
  };

  if (results) {
    const invited = results.filter((r) => r.outcome === "invited").length;
    return (
      <div className="admin-page admin-narrow">
        <h1>Added {email.trim()}</h1>
        <p className="notice" role="status">
          Invited to {invited} of {results.length} organization{results.length === 1 ? "" : "s"}. They accept each
          invitation, then someone confirms them from the confirm queue.
        </p>
        <table className="data admin-table" aria-label="Results">
          <thead>
            <tr>
              <th>Organization</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.orgId} className={r.outcome === "invited" ? "admin-ok" : r.outcome === "already a member" ? "" : "admin-failed"}>
                <td>{r.orgName || r.orgId}</td>
                <td>
                  {r.outcome === "invited" && "Invited"}
                  {r.outcome === "already a member" && `Already a member${r.status ? ` (${r.status})` : ""}`}
                  {r.outcome === "refused" && `Refused: ${r.error}`}
                  {r.outcome === "error" && `Error: ${r.error}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="admin-page-actions">
          <button type="button" onClick={() => setResults(null)}>
            Back
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="admin-page admin-narrow">
      <h1>Add colleague to organizations</h1>
      <form className="admin-form" onSubmit={submit}>
        {accounts.length > 1 && (
          <label>
            Account
            <select
              value={account}
              onChange={(e) => {
                setAccountId(e.target.value);
                setChosen(new Set());
              }}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.email}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Colleague's email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} data-autofocus />
        </label>
        {touched && emailErr && <p className="error">{emailErr}</p>}
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as (typeof roles)[number][0])}>
            {roles.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="admin-perms">
          <legend>
            Organizations ({picked.length} of {mine.length} chosen)
          </legend>
          <div className="admin-filters">
            <label className="admin-filter">
              Filter organizations
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            <label className="inline">
              <input type="checkbox" checked={allChosen} disabled={selectable.length === 0} onChange={toggleAll} />
              Select all{filter ? " shown" : ""}
            </label>
          </div>
          <div className="admin-checklist admin-checklist-tall">
            {visible.map((o) => {
              const w = why(o);
              return (
                <label key={orgKey(o)} className="inline" title={w || undefined}>
                  <input
                    type="checkbox"
                    disabled={w !== ""}
                    checked={chosen.has(o.orgId) && w === ""}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(o.orgId);
                      else next.delete(o.orgId);
                      setChosen(next);
                    }}
                  />
                  {o.name}
                  {w && <span className="muted admin-small">: {w}</span>}
                </label>
              );
            })}
            {visible.length === 0 && <p className="muted">No organization matches.</p>}
          </div>
          {touched && picked.length === 0 && <p className="error">Choose at least one organization.</p>}
        </fieldset>
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={act.busy}>
            {act.busy ? "Adding…" : `Add to ${picked.length} organization${picked.length === 1 ? "" : "s"}`}
          </button>
        </div>
      </form>
    </div>
  );
}

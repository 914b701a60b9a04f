// The client overview: per organization (of every unlocked account) the
// items, collections, members by status, confirmations waiting, seats, and
// weak and reused passwords, with the totals; sortable by any column.
// Clicking an organization opens its members.
import { useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Overview } from "../../wailsjs/go/app/AdminService";
import { useNav } from "../state/nav";
import { useLoad } from "./hooks";
import { roleLabel } from "./levels";
import { columns, count, nextSort, seatsText, sortRows, type Column, type Sort } from "./overview";
import { filterOrgs } from "./orgs";
import { ErrorLine } from "../lib/Messages";

export function OverviewPage() {
  const loaded = useLoad<app.ClientOverview>("overview", () => Overview(""));
  const [sort, setSort] = useState<Sort>({ column: "name", dir: "asc" });
  const [filter, setFilter] = useState("");
  const goAdmin = useNav((s) => s.goAdmin);
  const ov = loaded.data;
  const rows = ov ? sortRows(filterOrgs(ov.orgs, filter), sort) : [];
  const multiAccount = ov ? new Set(ov.orgs.map((o) => o.accountId)).size > 1 : false;

  const open = (r: app.OverviewRow) =>
    goAdmin(r.members ? "members" : "collections", { accountId: r.accountId, orgId: r.orgId });

  const header = (id: Column, label: string, title?: string) => {
    const active = sort.column === id;
    return (
      <th key={id} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={id === "name" ? "" : "admin-num"}>
        <button type="button" className="ghost admin-sort" title={title} onClick={() => setSort((s) => nextSort(s, id))}>
          {label}
          <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
        </button>
      </th>
    );
  };

  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>Client overview</h1>
        <div className="admin-page-actions">
          <button type="button" onClick={loaded.reload} disabled={loaded.loading}>
            {loaded.loading ? "Loading…" : "Reload"}
          </button>
        </div>
      </div>
      <ErrorLine error={loaded.error} />
      {ov && ov.errors.length > 0 && (
        <div className="error" role="alert">
          {ov.errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </div>
      )}
      {!ov && loaded.loading && <p className="muted">Counting every client's items and members and checking passwords…</p>}
      {ov && (
        <>
          <label className="admin-filter">
            Filter organizations
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          <div className="admin-table-wrap">
            <table className="data admin-table admin-overview">
              <thead>
                <tr>{columns.map((c) => header(c.id, c.label, c.title))}</tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.accountId}/${r.orgId}`}>
                    <td>
                      <button type="button" className="ghost admin-link" onClick={() => open(r)}>
                        {r.name}
                      </button>
                      <div className="muted admin-small">
                        {roleLabel(r.role)}
                        {multiAccount ? ` · ${r.accountEmail}` : ""}
                      </div>
                      {r.membersError && <div className="error admin-small">{r.membersError}</div>}
                    </td>
                    <td className="admin-num">{r.items}</td>
                    <td className="admin-num">{r.collections}</td>
                    <td className="admin-num">{count(r.members?.invited)}</td>
                    <td className="admin-num">{count(r.members?.accepted)}</td>
                    <td className="admin-num">{count(r.members?.confirmed)}</td>
                    <td className="admin-num">{count(r.members?.revoked)}</td>
                    <td className={`admin-num${r.pending ? " admin-attention" : ""}`}>{count(r.pending)}</td>
                    <td className="admin-num">{seatsText(r.seatsUsed, r.seats)}</td>
                    <td className={`admin-num${r.weak ? " admin-attention" : ""}`}>{r.weak}</td>
                    <td className={`admin-num${r.reused ? " admin-attention" : ""}`}>{r.reused}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="admin-total">
                  <th scope="row">Total ({ov.total.orgs} organizations)</th>
                  <td className="admin-num">{ov.total.items}</td>
                  <td className="admin-num">{ov.total.collections}</td>
                  <td className="admin-num">{ov.total.members.invited}</td>
                  <td className="admin-num">{ov.total.members.accepted}</td>
                  <td className="admin-num">{ov.total.members.confirmed}</td>
                  <td className="admin-num">{ov.total.members.revoked}</td>
                  <td className="admin-num">{ov.total.pending}</td>
                  <td className="admin-num">{seatsText(ov.total.membersKnown ? ov.total.seatsUsed : null, ov.total.seats || null)}</td>
                  <td className="admin-num">{ov.total.weak}</td>
                  <td className="admin-num">{ov.total.reused}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="muted admin-small">
            Weak: passwords a strength estimate finds guessable. Reused: the same password in another item (the total
            counts reuse across organizations). – : your role there does not show members.
            {ov.total.notChecked > 0 && ` ${ov.total.notChecked} passwords you may not see were not checked.`}
          </p>
        </>
      )}
    </div>
  );
}

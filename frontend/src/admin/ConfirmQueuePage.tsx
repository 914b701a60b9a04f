// The confirm queue: every accepted member of every client organization
// the unlocked accounts manage, with their fingerprint phrases. Confirm one
// through the fingerprint dialog, or select several and confirm them in
// one dialog that asks, member by member, whether the phrase was checked.
import { useEffect, useMemo, useState, useRef } from "react";
import type { app } from "../../wailsjs/go/models";
import { BulkConfirm } from "../../wailsjs/go/app/AdminService";
import { Dialog } from "../lib/Dialog";
import { FingerprintDialog, type FingerprintTarget } from "./FingerprintDialog";
import { useAction } from "./hooks";
import { roleLabel } from "./levels";
import { matches } from "./orgs";
import {
  buildConfirmRequests,
  countMarks,
  entryKey,
  pruneSelection,
  selectAll,
  selectedEntries,
  toggle,
  type Mark,
  type QueueEntry,
} from "./queue";
import { useAdmin } from "./store";
import { ErrorLine, Notice } from "../lib/Messages";

export function ConfirmQueuePage() {
  const queue = useAdmin((s) => s.queue);
  const error = useAdmin((s) => s.queueError);
  const loading = useAdmin((s) => s.queueLoading);
  const loadQueue = useAdmin((s) => s.loadQueue);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState("");
  const [single, setSingle] = useState<FingerprintTarget | null>(null);
  const [bulk, setBulk] = useState<QueueEntry[] | null>(null);
  const [notice, setNotice] = useState("");

  useEffect(() => {
    loadQueue();
  }, [loadQueue]);

  const entries = queue?.entries ?? [];
  // A reload drops the members confirmed meanwhile from the selection.
  useEffect(() => setSelected((s) => pruneSelection(s, queue?.entries ?? [])), [queue]);

  const visible = useMemo(
    () => entries.filter((e) => matches(`${e.orgName} ${e.email} ${e.accountEmail}`, filter)),
    [entries, filter],
  );
  const confirmable = visible.filter((e) => e.canConfirm);
  const allSelected = confirmable.length > 0 && confirmable.every((e) => selected.has(entryKey(e)));
  const chosen = selectedEntries(entries, selected);
  const multiAccount = new Set(entries.map((e) => e.accountId)).size > 1;

  // Keyboard first: once the queue shows, focus its first "Confirm…", so
  // that Enter opens the fingerprint dialog.
  const firstConfirm = useRef<HTMLButtonElement>(null);
  const focusedOnce = useRef(false);
  const firstKey = confirmable.length > 0 ? entryKey(confirmable[0]) : "";
  useEffect(() => {
    if (focusedOnce.current || !firstConfirm.current) return;
    focusedOnce.current = true;
    firstConfirm.current.focus();
  }, [firstKey]);

  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>Confirm queue</h1>
        <div className="admin-page-actions">
          <button type="button" onClick={() => loadQueue()} disabled={loading}>
            {loading ? "Loading…" : "Reload"}
          </button>
          <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => setBulk(chosen)}>
            Confirm selected{chosen.length > 0 ? ` (${chosen.length})` : ""}
          </button>
        </div>
      </div>
      <p className="muted">
        Members who accepted an invitation wait here until someone checks their fingerprint phrase with them and confirms
        them. Only then do they get the organization's key.
      </p>
      <Notice text={notice} />
      <ErrorLine error={error} />
      {queue && queue.errors.length > 0 && (
        <div className="error" role="alert">
          Some organizations could not be read:
          <ul>
            {queue.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {!queue && loading && <p className="muted">Reading every organization's accepted members…</p>}
      {queue && entries.length === 0 && <p className="notice">Nobody is waiting for confirmation.</p>}
      {entries.length > 0 && (
        <>
          <label className="admin-filter">
            Filter the queue
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Organization or email" />
          </label>
          <div className="admin-table-wrap">
            <table className="data admin-table">
              <thead>
                <tr>
                  <th className="admin-check">
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={allSelected}
                      disabled={confirmable.length === 0}
                      onChange={() => setSelected((s) => selectAll(s, visible))}
                    />
                  </th>
                  <th>Organization</th>
                  <th>Member</th>
                  <th>Role</th>
                  <th>Fingerprint phrase</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {visible.map((e) => {
                  const k = entryKey(e);
                  const why = e.canConfirm ? "" : "Only an owner can confirm owners and admins.";
                  return (
                    <tr key={k} aria-selected={selected.has(k)}>
                      <td className="admin-check">
                        <input
                          type="checkbox"
                          aria-label={`Select ${e.email} in ${e.orgName}`}
                          checked={selected.has(k)}
                          disabled={!e.canConfirm}
                          title={why || undefined}
                          onChange={() => setSelected((s) => toggle(s, e))}
                        />
                      </td>
                      <td>
                        {e.orgName}
                        {multiAccount && <div className="muted admin-small">{e.accountEmail}</div>}
                      </td>
                      <td>{e.email}</td>
                      <td>{roleLabel(e.role)}</td>
                      <td className="mono admin-phrase-cell">{e.phrase}</td>
                      <td>
                        <button
                          type="button"
                          ref={k === firstKey ? firstConfirm : undefined}
                          aria-label={`Confirm ${e.email} in ${e.orgName}…`}
                          disabled={!e.canConfirm}
                          title={why || undefined}
                          onClick={() => setSingle({ accountId: e.accountId, orgId: e.orgId, memberId: e.memberId, email: e.email, known: e })}
                        >
                          Confirm…
                        </button>
                        {why && <div className="muted admin-small">{why}</div>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {single && (
        <FingerprintDialog
          target={single}
          onClose={() => setSingle(null)}
          onConfirmed={(email) => {
            setSingle(null);
            setNotice(`Confirmed ${email}.`);
            loadQueue();
          }}
        />
      )}
      {bulk && (
        <BulkConfirmDialog
          entries={bulk}
          onClose={(done) => {
            setBulk(null);
            if (done > 0) {
              setNotice(`Confirmed ${done} member${done === 1 ? "" : "s"}.`);
              loadQueue();
            }
          }}
        />
      )}
    </div>
  );
}

// BulkConfirmDialog lists each selected member's phrase with its own
// "checked" box; skipping the check is a separate, explicit choice per
// member. Only checked or skipped members are sent; the results come back
// per member.
function BulkConfirmDialog({ entries, onClose }: { entries: QueueEntry[]; onClose: (confirmed: number) => void }) {
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [results, setResults] = useState<app.ConfirmOutcome[] | null>(null);
  const act = useAction();
  const plan = buildConfirmRequests(entries, marks);
  const counts = countMarks(entries, marks);
  const mark = (e: QueueEntry, m: Mark) => setMarks((s) => ({ ...s, [entryKey(e)]: m }));
  const confirmed = results?.filter((r) => r.confirmed).length ?? 0;

  const send = async () => {
    if (plan.requests.length === 0) return;
    const r = await act.run(() => BulkConfirm(plan.requests));
    if (r.ok) setResults(r.value);
  };

  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const n = plan.requests.length;
  return (
    <Dialog title={results ? "Confirmation results" : `Confirm ${entries.length} member${entries.length === 1 ? "" : "s"}`} onClose={() => onClose(confirmed)} busy={act.busy} wide>
      {!results && (
        <>
          <p>
            Check each phrase with its member over the phone or another channel you trust, and tick it only if they read
            you the same words. Members you neither tick nor skip stay in the queue.
          </p>
          <ul className="admin-bulk-list">
            {entries.map((e) => {
              const k = entryKey(e);
              const m = marks[k] ?? "unchecked";
              return (
                <li key={k} className="admin-bulk-entry">
                  <div className="admin-bulk-who">
                    <strong>{e.email}</strong> <span className="muted">in {e.orgName}, {roleLabel(e.role)}</span>
                  </div>
                  <p className="admin-phrase" data-testid="fingerprint-phrase" aria-label={`Fingerprint phrase of ${e.email}`}>
                    {e.phrase}
                  </p>
                  <label className="inline">
                    <input type="checkbox" checked={m === "checked"} onChange={(ev) => mark(e, ev.target.checked ? "checked" : "unchecked")} />
                    I checked this phrase with {e.email}
                  </label>
                  <details className="admin-skip" open={m === "skip" || undefined}>
                    <summary>Skip the check</summary>
                    <label className="inline">
                      <input type="checkbox" checked={m === "skip"} onChange={(ev) => mark(e, ev.target.checked ? "skip" : "unchecked")} />
                      Confirm {e.email} without checking the phrase
                    </label>
                  </details>
                </li>
              );
            })}
          </ul>
          <p className="muted" role="status">
            {counts.checked} checked, {counts.skipped} without check, {counts.left} left in the queue.
          </p>
          <ErrorLine error={act.error} />
          <div className="actions">
            <button type="button" onClick={() => onClose(0)} disabled={act.busy}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={n === 0 || act.busy} onClick={send}>
              {act.busy ? "Confirming…" : n === 0 ? "Confirm" : `Confirm ${n} member${n === 1 ? "" : "s"}`}
            </button>
          </div>
        </>
      )}
      {results && (
        <>
          <ul className="admin-results" aria-label="Results">
            {results.map((r) => {
              const e = byKey.get(entryKey(r));
              return (
                <li key={entryKey(r)} className={r.confirmed ? "admin-ok" : "admin-failed"}>
                  <strong>{r.email || e?.email}</strong> <span className="muted">in {e?.orgName}</span>:{" "}
                  {r.confirmed
                    ? "confirmed"
                    : r.code === "conflict"
                      ? "not confirmed: their key changed since the phrase was shown. Open Confirm… on this member to check the new phrase."
                      : `not confirmed: ${r.error}`}
                </li>
              );
            })}
            {plan.left.map((e) => (
              <li key={entryKey(e)} className="muted">
                <strong>{e.email}</strong> in {e.orgName}: left in the queue (not checked)
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="primary" onClick={() => onClose(confirmed)} data-autofocus>
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

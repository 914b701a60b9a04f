// The confirm queue's state logic: which entries are selected, and which
// confirmations the bulk dialog may send. A member is confirmed only with
// the token of the phrase the user checked, or when the user explicitly
// skipped the check for that member; anything else stays in the queue.
import type { app } from "../../wailsjs/go/models";

export type QueueEntry = app.QueueEntry;

// Mark is what the user said about one member's phrase in the bulk dialog.
export type Mark = "unchecked" | "checked" | "skip";

// entryKey names a queue entry: the same member id can come through two
// accounts.
export function entryKey(e: { accountId: string; orgId: string; memberId: string }): string {
  return `${e.accountId}/${e.orgId}/${e.memberId}`;
}

// toggle adds or removes key; entries the account may not confirm are
// never selected.
export function toggle(selected: ReadonlySet<string>, entry: QueueEntry): Set<string> {
  const next = new Set(selected);
  const k = entryKey(entry);
  if (next.has(k)) next.delete(k);
  else if (entry.canConfirm) next.add(k);
  return next;
}

// selectAll selects every confirmable entry of visible, or clears them all
// when they are all selected already.
export function selectAll(selected: ReadonlySet<string>, visible: QueueEntry[]): Set<string> {
  const confirmable = visible.filter((e) => e.canConfirm).map(entryKey);
  const next = new Set(selected);
  if (confirmable.length > 0 && confirmable.every((k) => next.has(k))) {
    confirmable.forEach((k) => next.delete(k));
  } else {
    confirmable.forEach((k) => next.add(k));
  }
  return next;
}

// pruneSelection drops selected keys that are no longer in the queue (a
// reload after confirming).
export function pruneSelection(selected: ReadonlySet<string>, entries: QueueEntry[]): Set<string> {
  const present = new Set(entries.filter((e) => e.canConfirm).map(entryKey));
  return new Set([...selected].filter((k) => present.has(k)));
}

export function selectedEntries(entries: QueueEntry[], selected: ReadonlySet<string>): QueueEntry[] {
  return entries.filter((e) => selected.has(entryKey(e)));
}

export interface ConfirmPlan {
  requests: app.ConfirmRequest[];
  // left are the selected members neither checked nor skipped: not sent.
  left: QueueEntry[];
}

// buildConfirmRequests turns the dialog's marks into what BulkConfirm
// sends: "checked" sends the token of the phrase that was shown, "skip" an
// explicit unchecked confirmation, and an unmarked member nothing at all.
export function buildConfirmRequests(entries: QueueEntry[], marks: Readonly<Record<string, Mark>>): ConfirmPlan {
  const plan: ConfirmPlan = { requests: [], left: [] };
  for (const e of entries) {
    const base = { accountId: e.accountId, orgId: e.orgId, memberId: e.memberId };
    switch (marks[entryKey(e)] ?? "unchecked") {
      case "checked":
        if (e.checked !== "") {
          plan.requests.push({ ...base, checked: e.checked, unchecked: false });
        } else {
          plan.left.push(e);
        }
        break;
      case "skip":
        plan.requests.push({ ...base, checked: "", unchecked: true });
        break;
      default:
        plan.left.push(e);
    }
  }
  return plan;
}

// countMarks summarises the dialog for its footer.
export function countMarks(entries: QueueEntry[], marks: Readonly<Record<string, Mark>>) {
  let checked = 0;
  let skipped = 0;
  for (const e of entries) {
    const m = marks[entryKey(e)] ?? "unchecked";
    if (m === "checked") checked++;
    else if (m === "skip") skipped++;
  }
  return { checked, skipped, left: entries.length - checked - skipped };
}

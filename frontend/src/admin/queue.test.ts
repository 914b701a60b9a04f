import { describe, expect, it } from "vitest";
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

function entry(over: Partial<QueueEntry> & { memberId: string }): QueueEntry {
  return {
    accountId: "acct-1",
    accountEmail: "tech@msp.example",
    orgId: "org-x",
    orgName: "Business X",
    email: `${over.memberId}@client.example`,
    role: "user",
    phrase: "alpha-bravo-charlie-delta-echo",
    checked: `sha256:${over.memberId}`,
    canConfirm: true,
    ...over,
  };
}

const a = entry({ memberId: "a" });
const b = entry({ memberId: "b", orgId: "org-y", orgName: "Business Y" });
const owner = entry({ memberId: "o", role: "owner", canConfirm: false });
// The same member id reached through another account is another entry.
const aElsewhere = entry({ memberId: "a", accountId: "acct-2" });

describe("queue selection", () => {
  it("toggles an entry in and out", () => {
    let s = toggle(new Set(), a);
    expect([...s]).toEqual([entryKey(a)]);
    s = toggle(s, a);
    expect(s.size).toBe(0);
  });

  it("never selects an entry the account may not confirm", () => {
    expect(toggle(new Set(), owner).size).toBe(0);
    expect([...selectAll(new Set(), [a, owner, b])].sort()).toEqual([entryKey(a), entryKey(b)].sort());
  });

  it("keys entries by account, org and member", () => {
    const s = toggle(new Set(), a);
    expect(s.has(entryKey(aElsewhere))).toBe(false);
  });

  it("select all selects the visible ones, then clears them", () => {
    const some = toggle(new Set(), a);
    const all = selectAll(some, [a, b]);
    expect(all.size).toBe(2);
    expect(selectAll(all, [a, b]).size).toBe(0);
    // Clearing the visible ones keeps a selection that is filtered out.
    const hidden = toggle(new Set(), aElsewhere);
    expect([...selectAll(selectAll(hidden, [a, b]), [a, b])]).toEqual([entryKey(aElsewhere)]);
  });

  it("drops confirmed members after a reload", () => {
    const s = selectAll(new Set(), [a, b]);
    expect([...pruneSelection(s, [b])]).toEqual([entryKey(b)]);
  });

  it("lists the selected entries in queue order", () => {
    const s = toggle(toggle(new Set(), b), a);
    expect(selectedEntries([a, owner, b], s)).toEqual([a, b]);
  });
});

describe("bulk confirm requests", () => {
  it("sends nothing for a member neither checked nor skipped", () => {
    const plan = buildConfirmRequests([a, b], {});
    expect(plan.requests).toEqual([]);
    expect(plan.left).toEqual([a, b]);
  });

  it("sends the checked token for a checked phrase, never unchecked", () => {
    const plan = buildConfirmRequests([a], { [entryKey(a)]: "checked" });
    expect(plan.requests).toEqual([{ accountId: "acct-1", orgId: "org-x", memberId: "a", checked: "sha256:a", unchecked: false }]);
  });

  it("sends an explicit unchecked confirmation only for a skipped member", () => {
    const marks: Record<string, Mark> = { [entryKey(a)]: "skip", [entryKey(b)]: "unchecked" };
    const plan = buildConfirmRequests([a, b], marks);
    expect(plan.requests).toEqual([{ accountId: "acct-1", orgId: "org-x", memberId: "a", checked: "", unchecked: true }]);
    expect(plan.left).toEqual([b]);
  });

  it("keeps every request either checked with a token or explicitly skipped", () => {
    const entries = [a, b, aElsewhere];
    const markSets: Record<string, Mark>[] = [
      {},
      { [entryKey(a)]: "checked" },
      { [entryKey(a)]: "skip", [entryKey(b)]: "checked" },
      { [entryKey(aElsewhere)]: "checked", [entryKey(b)]: "unchecked" },
    ];
    for (const marks of markSets) {
      const plan = buildConfirmRequests(entries, marks);
      expect(plan.requests.length + plan.left.length).toBe(entries.length);
      for (const r of plan.requests) {
        const m = marks[entryKey(r)];
        expect(m === "checked" ? r.checked !== "" && !r.unchecked : m === "skip" && r.unchecked && r.checked === "").toBe(true);
      }
    }
  });

  it("does not confirm a checked member without a token", () => {
    const noToken = entry({ memberId: "n", checked: "" });
    const plan = buildConfirmRequests([noToken], { [entryKey(noToken)]: "checked" });
    expect(plan.requests).toEqual([]);
    expect(plan.left).toEqual([noToken]);
  });

  it("counts the marks for the footer", () => {
    expect(countMarks([a, b, aElsewhere], { [entryKey(a)]: "checked", [entryKey(b)]: "skip" })).toEqual({ checked: 1, skipped: 1, left: 1 });
  });
});

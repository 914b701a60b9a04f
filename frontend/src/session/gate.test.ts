import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { gateScreen, syncCaption, syncedAgo, syncSummary, unlockChoice, type SyncSummary } from "./gate";

function acct(id: string, over: Partial<app.AccountView> = {}): app.AccountView {
  return {
    id,
    email: `${id}@msp.example`,
    server: "https://vault.bitwarden.com",
    serverLabel: "Bitwarden US",
    locked: true,
    keychain: false,
    lastSync: "",
    offline: false,
    syncError: "",
    ...over,
  };
}

function state(accounts: app.AccountView[]): app.AppState {
  return {
    accounts,
    settings: { clipboardClearSeconds: 30, lockTimeoutMinutes: 15, theme: "system", pinnedOrgs: [] },
    sandbox: false,
  };
}

describe("gateScreen", () => {
  it.each([
    ["no state yet", null, "loading"],
    ["no account", state([]), "welcome"],
    ["one locked account", state([acct("a")]), "unlock"],
    ["several, all locked", state([acct("a"), acct("b")]), "unlock"],
    ["one unlocked", state([acct("a", { locked: false })]), "shell"],
    ["one of several unlocked", state([acct("a"), acct("b", { locked: false })]), "shell"],
  ] as const)("%s → %s", (_, s, want) => {
    expect(gateScreen(s)).toBe(want);
  });
});

describe("unlockChoice", () => {
  const a = acct("a");
  const b = acct("b");
  const c = acct("c", { locked: false });
  it("offers the picked account", () => expect(unlockChoice([a, b], "b", "a")).toBe(b));
  it("else the one used last", () => expect(unlockChoice([a, b], null, "b")).toBe(b));
  it("else the first locked one", () => expect(unlockChoice([c, a, b], null, "gone")).toBe(a));
  it("never an unlocked one while a locked one is left", () => expect(unlockChoice([c, a], "c", null)).toBe(a));
  it("nothing without accounts", () => expect(unlockChoice([], null, null)).toBeNull());
});

describe("syncSummary", () => {
  const t1 = "2026-03-01T10:00:00Z";
  const t2 = "2026-03-01T10:05:00Z";
  it("says nothing while everything is locked", () => {
    expect(syncSummary([acct("a", { lastSync: t1 })])).toEqual({ kind: "none" });
  });
  it("gives the oldest sync of the unlocked accounts", () => {
    const s = syncSummary([acct("a", { locked: false, lastSync: t2 }), acct("b", { locked: false, lastSync: t1 }), acct("c")]);
    expect(s).toEqual({ kind: "synced", at: new Date(t1) });
  });
  it("says offline first, naming the accounts", () => {
    const s = syncSummary([
      acct("a", { locked: false, lastSync: t1, offline: true }),
      acct("b", { locked: false, syncError: "not signed in" }),
    ]);
    expect(s).toEqual({ kind: "offline", accounts: ["a@msp.example"] });
  });
  it("reports a sync problem", () => {
    const s = syncSummary([acct("a", { locked: false, lastSync: t1, syncError: "not signed in" })]);
    expect(s).toEqual({ kind: "problem", message: "a@msp.example: not signed in" });
  });
  it("knows an account never synced", () => {
    expect(syncSummary([acct("a", { locked: false, lastSync: t1 }), acct("b", { locked: false })])).toEqual({ kind: "never" });
  });
});

describe("syncCaption", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const cases: [SyncSummary, string][] = [
    [{ kind: "none" }, ""],
    [{ kind: "offline", accounts: ["a"] }, "Offline"],
    [{ kind: "problem", message: "x" }, "Sync problem"],
    [{ kind: "never" }, "Not synced yet"],
    [{ kind: "synced", at: new Date("2026-03-01T11:59:30Z") }, "Synced just now"],
    [{ kind: "synced", at: new Date("2026-03-01T11:56:00Z") }, "Synced 4 min ago"],
  ];
  it.each(cases)("%o → %s", (s, want) => {
    expect(syncCaption(s, now)).toBe(want);
  });
  it("gives the clock time after an hour", () => {
    expect(syncedAgo(new Date("2026-03-01T09:30:00Z"), now)).toMatch(/^(at|on) /);
  });
});

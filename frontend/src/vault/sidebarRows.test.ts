import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { sidebarRows, orgKey, collKey } from "./sidebarRows";
import { allOrgs, scopeExists, shortcutOrgs } from "./scope";

const coll = (path: string, depth: number, hasChildren = false, id = path): app.SidebarCollection => ({
  id,
  name: path.split("/").pop()!,
  path,
  depth,
  hasChildren,
  count: 1,
  readOnly: false,
  hidePasswords: false,
  manage: false,
  damaged: false,
});

const org = (accountId: string, id: string, name: string, pinned = false): app.SidebarOrg => ({
  accountId,
  id,
  name,
  role: "owner",
  count: 3,
  damaged: false,
  canAdmin: true,
  pinned,
  collections: [coll("General", 0), coll("Network", 0, true), coll("Network/Firewalls", 1), coll("Servers", 0)],
});

function view(orgs: app.SidebarOrg[], pinned: app.OrgPin[] = [], accounts = 1): app.SidebarView {
  const accts: app.SidebarAccount[] = [];
  for (let i = 0; i < accounts; i++) {
    const id = `acct${i}`;
    accts.push({
      id,
      email: `${id}@msp.example`,
      server: "Sandbox",
      myVault: 5,
      noFolder: 2,
      orgs: orgs.filter((o) => o.accountId === id),
      folders: [{ id: "f1", name: "MSP tools", count: 3, damaged: false }],
    });
  }
  return {
    accounts: accts,
    pinned,
    totals: { all: 10, favorites: 1, trash: 2, types: [{ type: 1, name: "Login", count: 10 }] },
  };
}

const none = new Set<string>();

describe("sidebarRows", () => {
  const v = view([org("acct0", "z", "Business Z"), org("acct0", "x", "Business X"), org("acct0", "y", "business y")]);

  it("lists the views in order, orgs sorted by name", () => {
    const rows = sidebarRows(v, { filter: "", expanded: none, collapsed: none });
    const labels = rows.map((r) => (r.kind === "org" ? r.org.name : "label" in r ? r.label : r.kind));
    expect(labels).toEqual([
      "All vaults",
      "My vault",
      "Organizations",
      "Business X",
      "business y",
      "Business Z",
      "Folders",
      "MSP tools",
      "No folder",
      "Favorites",
      "Types",
      "Login",
      "Trash",
    ]);
  });

  it("filters organizations by name, ignoring case", () => {
    const rows = sidebarRows(v, { filter: "BUSINESS y", expanded: none, collapsed: none });
    expect(rows.filter((r) => r.kind === "org").map((r) => (r.kind === "org" ? r.org.name : ""))).toEqual(["business y"]);
    const empty = sidebarRows(v, { filter: "nope", expanded: none, collapsed: none });
    expect(empty.some((r) => r.kind === "empty" && r.label === "No organization matches")).toBe(true);
  });

  it("shows an expanded org's collection tree, without a collapsed node's children", () => {
    const expanded = new Set([orgKey("acct0", "x")]);
    const o = v.accounts[0].orgs.find((o) => o.id === "x")!;
    const paths = (collapsed: Set<string>) =>
      sidebarRows(v, { filter: "", expanded, collapsed })
        .filter((r) => r.kind === "collection")
        .map((r) => (r.kind === "collection" ? r.coll.path : ""));
    expect(paths(new Set())).toEqual(["General", "Network", "Network/Firewalls", "Servers"]);
    expect(paths(new Set([collKey(o, "Network")]))).toEqual(["General", "Network", "Servers"]);
  });

  it("numbers the shortcut orgs: the first nine when none is pinned", () => {
    const rows = sidebarRows(v, { filter: "", expanded: none, collapsed: none });
    expect(rows.filter((r) => r.kind === "org").map((r) => (r.kind === "org" ? r.shortcut : 0))).toEqual([1, 2, 3]);
  });

  it("numbers only the pinned orgs, in pin order", () => {
    const p = view([org("acct0", "z", "Business Z", true), org("acct0", "x", "Business X"), org("acct0", "y", "Business Y", true)], [
      { accountId: "acct0", orgId: "y" },
      { accountId: "acct0", orgId: "z" },
    ]);
    expect(shortcutOrgs(p).map((o) => o.name)).toEqual(["Business Y", "Business Z"]);
    const rows = sidebarRows(p, { filter: "", expanded: none, collapsed: none });
    expect(rows.filter((r) => r.kind === "org").map((r) => (r.kind === "org" ? `${r.org.name}:${r.shortcut}` : ""))).toEqual([
      "Business X:0",
      "Business Y:1",
      "Business Z:2",
    ]);
  });

  it("names the account of personal rows and orgs when there are several", () => {
    const two = view([org("acct0", "x", "Business X"), org("acct1", "x", "Business X")], [], 2);
    const rows = sidebarRows(two, { filter: "", expanded: none, collapsed: none });
    const mine = rows.filter((r) => r.kind === "nav" && r.label === "My vault");
    expect(mine.map((r) => (r.kind === "nav" ? r.sub : ""))).toEqual(["acct0@msp.example", "acct1@msp.example"]);
    expect(rows.filter((r) => r.kind === "org").map((r) => (r.kind === "org" ? r.account : ""))).toEqual([
      "acct0@msp.example",
      "acct1@msp.example",
    ]);
  });

  it("stays cheap at 500 orgs", () => {
    const many = view(Array.from({ length: 500 }, (_, i) => org("acct0", `o${i}`, `Client ${String(i).padStart(3, "0")}`)));
    const t0 = performance.now();
    const rows = sidebarRows(many, { filter: "", expanded: none, collapsed: none });
    expect(rows.filter((r) => r.kind === "org")).toHaveLength(500);
    expect(allOrgs(many)[0].name).toBe("Client 000");
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe("scopeExists", () => {
  const v = view([org("acct0", "x", "Business X")]);
  it("finds what the sidebar still has", () => {
    expect(scopeExists({ kind: "org", accountId: "acct0", orgId: "x" }, v)).toBe(true);
    expect(scopeExists({ kind: "collection", accountId: "acct0", orgId: "x", collectionId: "Servers" }, v)).toBe(true);
    expect(scopeExists({ kind: "all" }, v)).toBe(true);
  });
  it("notices what is gone", () => {
    expect(scopeExists({ kind: "org", accountId: "acct0", orgId: "gone" }, v)).toBe(false);
    expect(scopeExists({ kind: "personal", accountId: "locked" }, v)).toBe(false);
    expect(scopeExists({ kind: "folder", accountId: "acct0", folderId: "f2" }, v)).toBe(false);
  });
});

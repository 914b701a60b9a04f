import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { parseEmails } from "./emails";
import { administrable, filterOrgs, whyNot } from "./orgs";
import { descendants, joinPath, nameError, parentOptions, splitPath } from "./tree";

describe("invite addresses", () => {
  it("splits on commas and new lines, lower-cases, keeps each once", () => {
    expect(parseEmails("Alice@Client.example, bob@client.example\n\nalice@client.example;carol@client.example ")).toEqual({
      emails: ["alice@client.example", "bob@client.example", "carol@client.example"],
      invalid: [],
    });
  });

  it("reports what is not an address", () => {
    expect(parseEmails("alice@client.example, bob, @x, a@b@c").invalid).toEqual(["bob", "@x", "a@b@c"]);
  });

  it("finds nothing in blank text", () => {
    expect(parseEmails(" ,\n ")).toEqual({ emails: [], invalid: [] });
  });
});

function org(over: Partial<app.AdminOrg>): app.AdminOrg {
  return {
    accountId: "a1",
    accountEmail: "tech@msp.example",
    orgId: "o1",
    name: "Business X",
    role: "owner",
    canViewAdmin: true,
    canManageUsers: true,
    canManageOwners: true,
    canCreateCollections: true,
    canEditAnyCollection: true,
    canDeleteAnyCollection: true,
    canManageGroups: true,
    managesCollections: false,
    useGroups: true,
    damaged: false,
    ...over,
  };
}

describe("organizations", () => {
  const user = org({
    orgId: "o2",
    name: "Business Y",
    role: "user",
    canViewAdmin: false,
    canManageUsers: false,
    canManageOwners: false,
    canCreateCollections: false,
    canEditAnyCollection: false,
    canDeleteAnyCollection: false,
    canManageGroups: false,
  });

  it("offers an org to administer only where the role administers something", () => {
    expect(administrable(org({}))).toBe(true);
    expect(administrable(user)).toBe(false);
    expect(administrable({ ...user, managesCollections: true })).toBe(true);
  });

  it("filters by every word of the name or account", () => {
    const orgs = [org({}), user, org({ orgId: "o3", name: "Dental Practice", accountEmail: "me@other.example" })];
    expect(filterOrgs(orgs, "business y").map((o) => o.name)).toEqual(["Business Y"]);
    expect(filterOrgs(orgs, "other").map((o) => o.name)).toEqual(["Dental Practice"]);
    expect(filterOrgs(orgs, "  ")).toHaveLength(3);
  });

  it("says why a role may not act, and nothing when it may", () => {
    expect(whyNot(org({}), "manage-users")).toBe("");
    expect(whyNot(user, "manage-users")).toMatch(/You are a user in Business Y/);
    expect(whyNot(org({ role: "admin", canManageOwners: false }), "manage-owners")).toMatch(/only owners/);
    expect(whyNot(undefined, "view-admin")).toMatch(/Choose an organization/);
  });
});

describe("collection paths", () => {
  const rows = ["Network", "Network/Firewalls", "Network/Firewalls/Edge", "Servers"].map(
    (path, i): app.CollectionRow => ({
      id: `c${i}`,
      path,
      name: splitPath(path).name,
      depth: path.split("/").length - 1,
      damaged: false,
      members: [],
      groups: [],
      canEdit: true,
      canDelete: true,
    }),
  );

  it("joins a parent and a name, trimming each level", () => {
    expect(joinPath("", " Network ")).toBe("Network");
    expect(joinPath("Network", "Wi-Fi / Guest ")).toBe("Network/Wi-Fi/Guest");
  });

  it("splits a path into its parent and name", () => {
    expect(splitPath("Network/Firewalls")).toEqual({ parent: "Network", name: "Firewalls" });
    expect(splitPath("Servers")).toEqual({ parent: "", name: "Servers" });
  });

  it("finds the nested collections, not look-alike names", () => {
    const more = [...rows, { ...rows[0], id: "c9", path: "Networking", name: "Networking" }];
    expect(descendants(more, "Network").map((r) => r.path)).toEqual(["Network/Firewalls", "Network/Firewalls/Edge"]);
  });

  it("does not offer a collection as its own parent or under itself", () => {
    expect(parentOptions(rows, "Network/Firewalls")).toEqual(["Network", "Servers"]);
    expect(parentOptions(rows)).toHaveLength(4);
  });

  it("refuses empty names and empty levels", () => {
    expect(nameError("  ")).not.toBe("");
    expect(nameError("Network/")).not.toBe("");
    expect(nameError("Network//Edge")).not.toBe("");
    expect(nameError("Network/Edge")).toBe("");
  });
});

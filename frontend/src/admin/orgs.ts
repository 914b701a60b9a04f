// The organizations the admin screens offer, and why an action is not
// allowed there (shown beside the disabled control).
import type { app } from "../../wailsjs/go/models";
import type { OrgRef } from "../state/nav";

export type AdminOrg = app.AdminOrg;

export const orgKey = (o: { accountId: string; orgId: string }) => `${o.accountId}/${o.orgId}`;

export function sameOrg(a: OrgRef | null, b: { accountId: string; orgId: string }): boolean {
  return a !== null && a.accountId === b.accountId && a.orgId === b.orgId;
}

// administrable: the account administers something there (members, groups
// or the collections it manages).
export function administrable(o: AdminOrg): boolean {
  return o.canViewAdmin || o.managesCollections;
}

// matches reports whether text contains every word of q, in any case.
export function matches(text: string, q: string): boolean {
  const hay = text.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

// filterOrgs keeps the orgs whose name (or account email) contains every
// word of q.
export function filterOrgs<T extends { name: string; accountEmail: string }>(orgs: T[], q: string): T[] {
  if (q.trim() === "") return orgs;
  return orgs.filter((o) => matches(`${o.name} ${o.accountEmail}`, q));
}

const roleWords: Record<string, string> = {
  owner: "an owner",
  admin: "an admin",
  user: "a user",
  custom: "a custom-role member",
};

// roleText is the role with its article: "an owner", "a user".
export function roleText(role: string): string {
  return roleWords[role] ?? role;
}

function youAre(o: AdminOrg): string {
  return `You are ${roleText(o.role)} in ${o.name}`;
}

export type Action =
  | "view-admin"
  | "manage-users"
  | "manage-owners"
  | "create-collections"
  | "manage-groups";

// whyNot says why the account may not do action in o, or "" when it may.
export function whyNot(o: AdminOrg | undefined, action: Action): string {
  if (!o) return "Choose an organization first.";
  switch (action) {
    case "view-admin":
      return o.canViewAdmin ? "" : `${youAre(o)}: only owners, admins and members with an administration permission see its members and groups.`;
    case "manage-users":
      return o.canManageUsers ? "" : `${youAre(o)}: managing members needs an owner, an admin or the "manage members" permission.`;
    case "manage-owners":
      return o.canManageOwners ? "" : `${youAre(o)}: only owners give or change the owner and admin roles.`;
    case "create-collections":
      if (o.damaged) return `The key of ${o.name} could not be decrypted.`;
      return o.canCreateCollections ? "" : `${youAre(o)}: creating collections needs an owner, an admin or the "create collections" permission.`;
    case "manage-groups":
      return o.canManageGroups ? "" : `${youAre(o)}: managing groups needs an owner, an admin or the "manage groups" permission.`;
  }
}

// findOrg finds the org of a reference among the loaded orgs.
export function findOrg(orgs: AdminOrg[] | null, ref: OrgRef | null): AdminOrg | undefined {
  if (!orgs || !ref) return undefined;
  return orgs.find((o) => sameOrg(ref, o));
}

// accounts lists the accounts of the orgs, each once, in order.
export function accountsOf(orgs: AdminOrg[]): { id: string; email: string }[] {
  const seen = new Map<string, string>();
  for (const o of orgs) if (!seen.has(o.accountId)) seen.set(o.accountId, o.accountEmail);
  return [...seen].map(([id, email]) => ({ id, email }));
}

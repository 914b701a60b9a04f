// What the sidebar has selected, and the search filter it means.
import type { app } from "../../wailsjs/go/models";
import { emptyFilter, type ListFilter } from "./listSource";

export type Scope =
  | { kind: "all" }
  | { kind: "personal"; accountId: string }
  | { kind: "org"; accountId: string; orgId: string }
  | { kind: "collection"; accountId: string; orgId: string; collectionId: string }
  | { kind: "folder"; accountId: string; folderId: string }
  | { kind: "favorites" }
  | { kind: "type"; type: number }
  | { kind: "trash" };

export const allScope: Scope = { kind: "all" };

export function scopeFilter(s: Scope): ListFilter {
  switch (s.kind) {
    case "all":
      return emptyFilter;
    case "personal":
      return { ...emptyFilter, accountId: s.accountId, orgId: "personal" };
    case "org":
      return { ...emptyFilter, accountId: s.accountId, orgId: s.orgId };
    case "collection":
      return { ...emptyFilter, accountId: s.accountId, orgId: s.orgId, collectionId: s.collectionId };
    case "folder":
      return { ...emptyFilter, accountId: s.accountId, folderId: s.folderId };
    case "favorites":
      return { ...emptyFilter, favorites: true };
    case "type":
      return { ...emptyFilter, type: s.type };
    case "trash":
      return { ...emptyFilter, trash: true };
  }
}

export function sameScope(a: Scope, b: Scope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// The org a scope lies in, if any.
export function scopeOrg(s: Scope): { accountId: string; orgId: string } | null {
  return s.kind === "org" || s.kind === "collection" ? { accountId: s.accountId, orgId: s.orgId } : null;
}

// The account a scope lies in, if any.
export function scopeAccount(s: Scope): string | null {
  return "accountId" in s ? s.accountId : null;
}

export type SidebarOrg = app.SidebarOrg;

// allOrgs lists every org of every account, sorted by name then account.
export function allOrgs(view: app.SidebarView | null): SidebarOrg[] {
  if (!view) return [];
  const out = view.accounts.flatMap((a) => a.orgs);
  return out.sort(
    (x, y) =>
      x.name.localeCompare(y.name, undefined, { sensitivity: "base" }) || x.accountId.localeCompare(y.accountId),
  );
}

// shortcutOrgs are the orgs of Ctrl/Cmd+1..9: the pinned ones in order,
// or the first nine when none is pinned (or none pinned is unlocked).
export function shortcutOrgs(view: app.SidebarView | null): SidebarOrg[] {
  const orgs = allOrgs(view);
  const pinned = (view?.pinned ?? [])
    .map((p) => orgs.find((o) => o.accountId === p.accountId && o.id === p.orgId))
    .filter((o): o is SidebarOrg => o !== undefined);
  return (pinned.length > 0 ? pinned : orgs).slice(0, 9);
}

// scopeTitle names a scope for the list header.
export function scopeTitle(s: Scope, view: app.SidebarView | null): string {
  const acct = (id: string) => view?.accounts.find((a) => a.id === id);
  const several = (view?.accounts.length ?? 0) > 1;
  switch (s.kind) {
    case "all":
      return "All vaults";
    case "personal":
      return several ? `My vault · ${acct(s.accountId)?.email ?? ""}` : "My vault";
    case "org":
    case "collection": {
      const o = acct(s.accountId)?.orgs.find((o) => o.id === s.orgId);
      if (s.kind === "org") return o?.name ?? "Organization";
      const c = o?.collections.find((c) => c.id === s.collectionId);
      return `${o?.name ?? "Organization"} / ${c?.path ?? "Collection"}`;
    }
    case "folder": {
      if (s.folderId === "none") return "No folder";
      return acct(s.accountId)?.folders.find((f) => f.id === s.folderId)?.name ?? "Folder";
    }
    case "favorites":
      return "Favorites";
    case "type":
      return view?.totals.types.find((t) => t.type === s.type)?.name ?? "Type";
    case "trash":
      return "Trash";
  }
}

// scopeExists says whether the sidebar still has what the scope names
// (after a lock or a sync it may be gone).
export function scopeExists(s: Scope, view: app.SidebarView | null): boolean {
  if (!view) return true;
  if (!("accountId" in s)) return true;
  const a = view.accounts.find((a) => a.id === s.accountId);
  if (!a) return false;
  switch (s.kind) {
    case "org":
      return a.orgs.some((o) => o.id === s.orgId);
    case "collection":
      return a.orgs.some((o) => o.id === s.orgId && o.collections.some((c) => c.id === s.collectionId));
    case "folder":
      return s.folderId === "none" || a.folders.some((f) => f.id === s.folderId);
  }
  return true;
}

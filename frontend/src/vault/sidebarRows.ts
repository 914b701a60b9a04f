// The sidebar as a flat list of rows, so that it can be virtualised: with
// 500 organizations only the rows on screen are rendered.
import type { app } from "../../wailsjs/go/models";
import { allOrgs, shortcutOrgs, type Scope } from "./scope";

export type SidebarRow =
  | { kind: "heading"; key: string; label: string }
  | { kind: "nav"; key: string; label: string; count: number; scope: Scope; sub?: string }
  | { kind: "org"; key: string; org: app.SidebarOrg; expanded: boolean; shortcut: number; account: string }
  | {
      kind: "collection";
      key: string;
      org: app.SidebarOrg;
      coll: app.SidebarCollection;
      expanded: boolean;
    }
  | { kind: "empty"; key: string; label: string };

export const orgKey = (accountId: string, orgId: string) => `${accountId}/${orgId}`;
export const collKey = (o: app.SidebarOrg, path: string) => `${o.accountId}/${o.id}/${path}`;

export interface SidebarOptions {
  filter: string; // "Filter organizations"
  expanded: ReadonlySet<string>; // orgKey of expanded orgs
  collapsed: ReadonlySet<string>; // collKey of collapsed collection nodes
}

export function sidebarRows(view: app.SidebarView | null, opt: SidebarOptions): SidebarRow[] {
  if (!view) return [];
  const rows: SidebarRow[] = [];
  const several = view.accounts.length > 1;
  const emailOf = new Map(view.accounts.map((a) => [a.id, a.email]));

  rows.push({ kind: "nav", key: "all", label: "All vaults", count: view.totals.all, scope: { kind: "all" } });
  for (const a of view.accounts) {
    rows.push({
      kind: "nav",
      key: `personal/${a.id}`,
      label: "My vault",
      sub: several ? a.email : undefined,
      count: a.myVault,
      scope: { kind: "personal", accountId: a.id },
    });
  }

  rows.push({ kind: "heading", key: "h-orgs", label: "Organizations" });
  const shortcuts = shortcutOrgs(view);
  const f = opt.filter.trim().toLowerCase();
  const orgs = allOrgs(view).filter((o) => f === "" || o.name.toLowerCase().includes(f));
  if (orgs.length === 0) {
    rows.push({
      kind: "empty",
      key: "no-orgs",
      label: f === "" ? "No organizations" : "No organization matches",
    });
  }
  for (const o of orgs) {
    const k = orgKey(o.accountId, o.id);
    const expanded = opt.expanded.has(k);
    const shortcut = shortcuts.indexOf(o) + 1;
    rows.push({ kind: "org", key: `org/${k}`, org: o, expanded, shortcut, account: several ? (emailOf.get(o.accountId) ?? "") : "" });
    if (!expanded) continue;
    // Collections come parents first; skip the subtree of a collapsed node.
    let hideBelow = -1;
    for (const c of o.collections) {
      if (hideBelow >= 0 && c.depth > hideBelow) continue;
      hideBelow = -1;
      const ck = collKey(o, c.path);
      const open = !opt.collapsed.has(ck);
      rows.push({ kind: "collection", key: `coll/${ck}/${c.id}`, org: o, coll: c, expanded: open });
      if (c.hasChildren && !open) hideBelow = c.depth;
    }
  }

  const folders = view.accounts.flatMap((a) => a.folders.map((f) => ({ a, f })));
  rows.push({ kind: "heading", key: "h-folders", label: "Folders" });
  for (const { a, f } of folders) {
    rows.push({
      kind: "nav",
      key: `folder/${a.id}/${f.id}`,
      label: f.name,
      sub: several ? a.email : undefined,
      count: f.count,
      scope: { kind: "folder", accountId: a.id, folderId: f.id },
    });
  }
  for (const a of view.accounts) {
    rows.push({
      kind: "nav",
      key: `folder/${a.id}/none`,
      label: "No folder",
      sub: several ? a.email : undefined,
      count: a.noFolder,
      scope: { kind: "folder", accountId: a.id, folderId: "none" },
    });
  }

  rows.push({ kind: "nav", key: "favorites", label: "Favorites", count: view.totals.favorites, scope: { kind: "favorites" } });
  rows.push({ kind: "heading", key: "h-types", label: "Types" });
  for (const t of view.totals.types) {
    rows.push({ kind: "nav", key: `type/${t.type}`, label: t.name, count: t.count, scope: { kind: "type", type: t.type } });
  }
  rows.push({ kind: "nav", key: "trash", label: "Trash", count: view.totals.trash, scope: { kind: "trash" } });
  return rows;
}

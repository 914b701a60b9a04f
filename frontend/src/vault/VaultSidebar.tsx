// The sidebar: All vaults, My vault, every organization with its
// collection tree, folders, favorites, types and trash. It is one
// virtualised list of cheap rows, so 500 organizations scroll smoothly.
import { memo, useMemo, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useVault } from "./store";
import { sameScope, type Scope } from "./scope";
import { collKey, orgKey, sidebarRows, type SidebarRow } from "./sidebarRows";

const ROW_HEIGHT = 32;
const SUB_ROW_HEIGHT = 44;
const HEADING_HEIGHT = 34;

function rowHeight(r: SidebarRow): number {
  if (r.kind === "heading") return HEADING_HEIGHT;
  if (r.kind === "nav" && r.sub) return SUB_ROW_HEIGHT;
  if (r.kind === "org" && r.account) return SUB_ROW_HEIGHT;
  return ROW_HEIGHT;
}

export function VaultSidebar() {
  const sidebar = useVault((s) => s.sidebar);
  const error = useVault((s) => s.sidebarError);
  const filter = useVault((s) => s.orgFilter);
  const expanded = useVault((s) => s.expanded);
  const collapsed = useVault((s) => s.collapsed);
  const scope = useVault((s) => s.scope);
  const setOrgFilter = useVault((s) => s.setOrgFilter);
  const rows = useMemo(
    () => sidebarRows(sidebar, { filter, expanded, collapsed }),
    [sidebar, filter, expanded, collapsed],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => rowHeight(rows[i]),
    getItemKey: (i) => rows[i].key,
    overscan: 12,
  });

  return (
    <nav className="vault-sidebar" aria-label="Vaults">
      <div className="vault-sidebar-filter">
        <input
          type="search"
          aria-label="Filter organizations"
          placeholder="Filter organizations"
          value={filter}
          onChange={(e) => setOrgFilter(e.target.value)}
        />
      </div>
      {error && (
        <div className="error" role="alert" style={{ margin: "0 var(--space-3)" }}>
          {error.message}
        </div>
      )}
      <div className="vault-sidebar-scroll" ref={scrollRef}>
        <div style={{ height: virt.getTotalSize(), position: "relative" }}>
          {virt.getVirtualItems().map((vi) => (
            <SideRow key={vi.key} row={rows[vi.index]} top={vi.start} height={vi.size} scope={scope} />
          ))}
        </div>
      </div>
    </nav>
  );
}

interface SideRowProps {
  row: SidebarRow;
  top: number;
  height: number;
  scope: Scope;
}

const SideRow = memo(function SideRow({ row, top, height, scope }: SideRowProps) {
  const style = { top, height };
  switch (row.kind) {
    case "heading":
      return (
        <div className="vault-side-row vault-side-heading" style={style} role="heading" aria-level={3}>
          {row.label}
        </div>
      );
    case "empty":
      return (
        <div className="vault-side-row vault-side-empty" style={style}>
          {row.label}
        </div>
      );
    case "nav":
      return (
        <div className="vault-side-row" style={style}>
          <NavButton label={row.label} sub={row.sub} count={row.count} scope={row.scope} current={sameScope(row.scope, scope)} />
        </div>
      );
    case "org":
      return <OrgRow row={row} style={style} scope={scope} />;
    case "collection":
      return <CollectionRow row={row} style={style} scope={scope} />;
  }
});

function NavButton(props: { label: string; sub?: string; count: number; scope: Scope; current: boolean }) {
  const setScope = useVault((s) => s.setScope);
  return (
    <button
      type="button"
      className="vault-side-item"
      aria-current={props.current ? "true" : undefined}
      onClick={() => setScope(props.scope)}
    >
      <span className="vault-side-label">
        <span>{props.label}</span>
        {props.sub && <span className="vault-side-sub">{props.sub}</span>}
      </span>
      <span className="vault-count">{props.count}</span>
    </button>
  );
}

function OrgRow({ row, style, scope }: { row: Extract<SidebarRow, { kind: "org" }>; style: object; scope: Scope }) {
  const toggleOrg = useVault((s) => s.toggleOrg);
  const setScope = useVault((s) => s.setScope);
  const pinOrg = useVault((s) => s.pinOrg);
  const o = row.org;
  const current = scope.kind === "org" && scope.accountId === o.accountId && scope.orgId === o.id;
  return (
    <div className="vault-side-row" style={style}>
      {o.collections.length > 0 ? (
        <button
          type="button"
          className="vault-twisty"
          aria-label={`${row.expanded ? "Collapse" : "Expand"} ${o.name}`}
          aria-expanded={row.expanded}
          onClick={() => toggleOrg(orgKey(o.accountId, o.id))}
        >
          {row.expanded ? "▾" : "▸"}
        </button>
      ) : (
        <span className="vault-twisty-spacer" />
      )}
      <button
        type="button"
        className="vault-side-item"
        aria-current={current ? "true" : undefined}
        title={o.damaged ? `${o.name}: its key could not be decrypted` : `${o.name} (${o.role})`}
        onClick={() => setScope({ kind: "org", accountId: o.accountId, orgId: o.id })}
      >
        <span className="vault-side-label">
          <span>
            {o.name}
            {o.damaged && <span className="badge vault-danger"> damaged</span>}
          </span>
          {row.account && <span className="vault-side-sub">{row.account}</span>}
        </span>
        <span className="vault-count">{o.count}</span>
      </button>
      {row.shortcut > 0 && (
        <kbd className="vault-shortcut" title={`Ctrl/Cmd+${row.shortcut}`}>
          {row.shortcut}
        </kbd>
      )}
      <button
        type="button"
        className="vault-pin"
        aria-pressed={o.pinned}
        aria-label={`${o.pinned ? "Unpin" : "Pin"} ${o.name}`}
        title={o.pinned ? "Unpin (drops its Ctrl/Cmd+number)" : "Pin to Ctrl/Cmd+1..9"}
        onClick={() => void pinOrg(o.accountId, o.id, !o.pinned)}
      >
        {o.pinned ? "★" : "☆"}
      </button>
    </div>
  );
}

function CollectionRow({
  row,
  style,
  scope,
}: {
  row: Extract<SidebarRow, { kind: "collection" }>;
  style: object;
  scope: Scope;
}) {
  const toggleCollection = useVault((s) => s.toggleCollection);
  const setScope = useVault((s) => s.setScope);
  const { org: o, coll: c } = row;
  const current = scope.kind === "collection" && scope.accountId === o.accountId && scope.collectionId === c.id && c.id !== "";
  const indent = 22 + c.depth * 14;
  const rights = [c.readOnly && "read only", c.hidePasswords && "passwords hidden", c.manage && "can manage"]
    .filter(Boolean)
    .join(", ");
  return (
    <div className="vault-side-row" style={{ ...style, paddingLeft: indent }}>
      {c.hasChildren ? (
        <button
          type="button"
          className="vault-twisty"
          aria-label={`${row.expanded ? "Collapse" : "Expand"} ${c.path}`}
          aria-expanded={row.expanded}
          onClick={() => toggleCollection(collKey(o, c.path))}
        >
          {row.expanded ? "▾" : "▸"}
        </button>
      ) : (
        <span className="vault-twisty-spacer" />
      )}
      <button
        type="button"
        className="vault-side-item"
        aria-current={current ? "true" : undefined}
        disabled={c.id === ""}
        title={rights ? `${c.path}: ${rights}` : c.path}
        onClick={() =>
          c.id && setScope({ kind: "collection", accountId: o.accountId, orgId: o.id, collectionId: c.id })
        }
      >
        <span className="vault-side-label">
          <span>
            {c.name}
            {c.hidePasswords && <span className="vault-count"> · hidden</span>}
            {c.readOnly && <span className="vault-count"> · read only</span>}
          </span>
        </span>
        {c.id && <span className="vault-count">{c.count}</span>}
      </button>
    </div>
  );
}

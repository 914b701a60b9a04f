// The item list: the search box, the scope's title and count, the bulk
// bar, and the virtualised rows of the current search. Rows come from
// listSource page by page as the list scrolls.
import { memo, useEffect, useRef, useSyncExternalStore, type RefObject } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { app } from "../../wailsjs/go/models";
import { BulkBar } from "../edit/BulkBar";
import { NewItemButton } from "../edit/NewItemButton";
import { sameRef, useSelection } from "../state/selection";
import { listSource, useVault } from "./store";
import { scopeTitle } from "./scope";

export const ITEM_ROW_HEIGHT = 52;

// A letter per type, drawn in a small box (no emoji: fonts vary).
const typeMarks: Record<number, [string, string]> = {
  1: ["L", "Login"],
  2: ["N", "Secure note"],
  3: ["C", "Card"],
  4: ["I", "Identity"],
  5: ["K", "SSH key"],
};

export function ItemList({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const snap = useSyncExternalStore(listSource.subscribe, listSource.snapshot);
  const scope = useVault((s) => s.scope);
  const sidebar = useVault((s) => s.sidebar);
  const scrollTo = useVault((s) => s.scrollTo);
  const selected = useSelection((s) => s.selected);
  const checked = useSelection((s) => s.checked);
  const select = useSelection((s) => s.select);
  const toggleChecked = useSelection((s) => s.toggleChecked);
  const several = (sidebar?.accounts.length ?? 0) > 1;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: snap.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_ROW_HEIGHT,
    overscan: 4,
  });
  const items = virt.getVirtualItems();
  const first = items.length > 0 ? items[0].index : 0;
  const last = items.length > 0 ? items[items.length - 1].index : 0;

  // Ask for the pages the visible rows need.
  useEffect(() => {
    listSource.ensure(first, last);
  }, [first, last, snap]);

  // A new search starts at the top.
  useEffect(() => {
    virt.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snap.key]);

  // Keep the row the keyboard moved to in view.
  useEffect(() => {
    if (scrollTo.index >= 0 && scrollTo.index < snap.total) virt.scrollToIndex(scrollTo.index, { align: "auto" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo]);

  const orgId = scope.kind === "org" || scope.kind === "collection" ? scope.orgId : undefined;
  const accountId = "accountId" in scope ? scope.accountId : (sidebar?.accounts.length === 1 ? sidebar.accounts[0].id : null);

  return (
    <section className="vault-list" aria-label="Results">
      <div className="vault-list-head">
        <SearchBox searchRef={searchRef} />
        <div className="vault-list-title">
          <h2>{scopeTitle(scope, sidebar)}</h2>
          <span className="vault-count" aria-live="polite">
            {snap.loaded ? `${snap.total} ${snap.total === 1 ? "item" : "items"}` : ""}
          </span>
          <NewItemButton
            accountId={accountId}
            orgId={orgId}
            collectionId={scope.kind === "collection" ? scope.collectionId : undefined}
            folderId={scope.kind === "folder" && scope.folderId !== "none" ? scope.folderId : undefined}
          />
        </div>
        {snap.error && (
          <div className="error" role="alert">
            {snap.error.message}
          </div>
        )}
      </div>
      <BulkBar />
      <div
        className="vault-list-scroll"
        ref={scrollRef}
        role="listbox"
        aria-label="Items"
        data-testid="item-list"
        data-query={snap.text}
        data-total={snap.total}
        tabIndex={0}
      >
        {snap.loaded && snap.total === 0 ? (
          <div className="vault-list-empty">
            {snap.text ? `Nothing matches “${snap.text}” here.` : "No items here."}
          </div>
        ) : (
          <div style={{ height: virt.getTotalSize(), position: "relative" }}>
            {items.map((vi) => {
              const row = listSource.row(vi.index, snap);
              return (
                <ItemRow
                  // Keyed by position: a new search updates the rows on
                  // screen in place instead of building new ones.
                  key={vi.key}
                  row={row}
                  top={vi.start}
                  several={several}
                  selected={row !== undefined && sameRef(selected, row)}
                  checked={row !== undefined && checked.some((c) => sameRef(c, row))}
                  onSelect={select}
                  onCheck={toggleChecked}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

// SearchBox is its own component so that a keystroke re-renders the box
// alone; the list re-renders when the rows arrive.
function SearchBox({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const query = useVault((s) => s.query);
  const setQuery = useVault((s) => s.setQuery);
  return (
    <input
      ref={searchRef}
      type="search"
      aria-label="Search"
      placeholder="Search every vault  (Ctrl+F or /)"
      value={query}
      autoFocus
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => setQuery(e.target.value)}
    />
  );
}

interface ItemRowProps {
  row: app.SearchRow | undefined;
  top: number;
  several: boolean;
  selected: boolean;
  checked: boolean;
  onSelect: (r: { accountId: string; id: string }) => void;
  onCheck: (r: { accountId: string; id: string }) => void;
}

const ItemRow = memo(function ItemRow({ row, top, several, selected, checked, onSelect, onCheck }: ItemRowProps) {
  const style = { top, height: ITEM_ROW_HEIGHT };
  if (!row) {
    return (
      <div className="vault-row" style={style} aria-busy="true">
        <span className="muted">Loading…</span>
      </div>
    );
  }
  const ref = { accountId: row.accountId, id: row.id };
  const sub = [row.username, row.host].filter(Boolean).join(" · ");
  const where = row.orgName || "My vault";
  return (
    <div
      className={row.damaged ? "vault-row vault-row-damaged" : "vault-row"}
      style={style}
      role="option"
      aria-selected={selected}
      id={`item-${row.accountId}-${row.id}`}
      onClick={() => onSelect(ref)}
    >
      <input
        type="checkbox"
        aria-label={`Select ${row.name}`}
        checked={checked}
        onClick={(e) => e.stopPropagation()}
        onChange={() => onCheck(ref)}
      />
      <span className="vault-type" aria-hidden="true" title={typeMarks[row.type]?.[1]}>
        {typeMarks[row.type]?.[0] ?? "?"}
      </span>
      <span className="vault-row-main">
        <span className="vault-row-name">
          {row.name}
          {row.favorite && <span className="vault-count"> ★</span>}
          {row.damaged && <span className="badge vault-danger"> damaged</span>}
        </span>
        <span className="vault-row-sub">{sub || (row.collections.length ? row.collections.join(", ") : "\u00a0")}</span>
      </span>
      <span className="badge vault-row-where" title={several ? `${where} · ${row.accountEmail}` : where}>
        {where}
        {several ? ` · ${row.accountEmail}` : ""}
      </span>
    </div>
  );
});

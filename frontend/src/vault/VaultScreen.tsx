// The vault screen: sidebar | list | item view, the keyboard map, the copy
// banner, the command palette and the item editor.
import { useEffect, useRef, useSyncExternalStore } from "react";
import { EventsOn } from "../../wailsjs/runtime/runtime";
import { ItemEditor } from "../edit/ItemEditor";
import { useNav, type Command } from "../state/nav";
import { sameRef, useSelection } from "../state/selection";
import { CommandPalette } from "./CommandPalette";
import { CopyBanner } from "./CopyBanner";
import { ItemList } from "./ItemList";
import { ItemPane } from "./ItemPane";
import { VaultSidebar } from "./VaultSidebar";
import { clampIndex, keyAction, targetKind, type KeyAction } from "./keys";
import { scopeFilter, shortcutOrgs } from "./scope";
import { listSource, useVault } from "./store";
import "./vault.css";

// onEvent subscribes to a Go event; outside the Wails window (unit tests,
// a plain browser) there is no runtime and nothing to subscribe to.
function onEvent(name: string, f: () => void): () => void {
  try {
    return EventsOn(name, f);
  } catch {
    return () => {};
  }
}

export function VaultScreen() {
  const searchRef = useRef<HTMLInputElement>(null);
  const sidebar = useVault((s) => s.sidebar);

  // The keyboard map.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (useNav.getState().section !== "vault" || useNav.getState().paletteOpen) return;
      if (useSelection.getState().editor) return;
      if (e.target instanceof Element && e.target.closest(".backdrop, [role=dialog]")) return;
      const a = keyAction(e, targetKind(e.target, searchRef.current));
      if (!a || a.kind === "palette") return; // the palette listens for itself
      e.preventDefault();
      runAction(a, searchRef.current);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The vault's commands in the palette.
  useEffect(() => {
    const orgs = shortcutOrgs(sidebar);
    const several = (sidebar?.accounts.length ?? 0) > 1;
    const vault = (f: () => void) => () => {
      useNav.getState().go("vault");
      f();
    };
    const setScope = useVault.getState().setScope;
    const cmds: Command[] = [
      { id: "vault.copy.password", title: "Copy password of selected item", group: "Vault", shortcut: "Enter", run: vault(() => copySelected("password")) },
      { id: "vault.copy.username", title: "Copy username of selected item", group: "Vault", shortcut: "Ctrl+U", run: vault(() => copySelected("username")) },
      { id: "vault.copy.totp", title: "Copy TOTP code of selected item", group: "Vault", shortcut: "Ctrl+T", run: vault(() => copySelected("totp")) },
      { id: "vault.search", title: "Search the vaults", group: "Vault", shortcut: "Ctrl+F", keywords: ["find"], run: vault(() => focusSearch(searchRef.current)) },
      { id: "vault.go.all", title: "Go to All vaults", group: "Vault", run: vault(() => setScope({ kind: "all" })) },
      ...(sidebar?.accounts ?? []).map((a) => ({
        id: `vault.go.personal.${a.id}`,
        title: several ? `Go to My vault (${a.email})` : "Go to My vault",
        group: "Vault",
        keywords: ["personal"],
        run: vault(() => setScope({ kind: "personal", accountId: a.id })),
      })),
      { id: "vault.go.favorites", title: "Go to Favorites", group: "Vault", run: vault(() => setScope({ kind: "favorites" })) },
      { id: "vault.go.trash", title: "Go to Trash", group: "Vault", keywords: ["deleted"], run: vault(() => setScope({ kind: "trash" })) },
      ...orgs.map((o, i) => ({
        id: `vault.go.org.${o.accountId}.${o.id}`,
        title: `Go to ${o.name}`,
        group: "Vault",
        keywords: ["organization", "client"],
        shortcut: `Ctrl+${i + 1}`,
        run: vault(() => setScope({ kind: "org", accountId: o.accountId, orgId: o.id })),
      })),
    ];
    useNav.getState().registerCommands("vault", cmds);
  }, [sidebar]);
  useEffect(() => () => useNav.getState().registerCommands("vault", []), []);

  return (
    <div className="vault">
      <ListDriver />
      <VaultSidebar />
      <ItemList searchRef={searchRef} />
      <ItemPane />
      <CopyBanner />
      <CommandPalette />
      <ItemEditor />
    </div>
  );
}

function focusSearch(el: HTMLInputElement | null) {
  el?.focus();
  el?.select();
}

function copySelected(field: string) {
  const sel = useSelection.getState().selected;
  if (sel) void useVault.getState().copy(sel, field);
}

function runAction(a: KeyAction, search: HTMLInputElement | null) {
  const vault = useVault.getState();
  switch (a.kind) {
    case "move": {
      const snap = listSource.snapshot();
      const sel = useSelection.getState().selected;
      const at = sel ? listSource.indexOf((r) => sameRef(r, sel)) : -1;
      const next = clampIndex(at, a.delta, snap.total);
      if (next < 0) return;
      vault.scrollToRow(next);
      const row = listSource.row(next);
      if (row) {
        useSelection.getState().select({ accountId: row.accountId, id: row.id });
      } else {
        // Its page is not here yet: fetch it, then select.
        listSource.ensure(next, next);
        const off = listSource.subscribe(() => {
          const r = listSource.row(next);
          if (r || listSource.snapshot().seq !== snap.seq) {
            off();
            if (r) useSelection.getState().select({ accountId: r.accountId, id: r.id });
          }
        });
      }
      return;
    }
    case "copy":
      copySelected(a.field);
      return;
    case "clearSearch":
      vault.setQuery("");
      return;
    case "focusSearch":
      focusSearch(search);
      return;
    case "org": {
      const o = shortcutOrgs(vault.sidebar)[a.index];
      if (o) {
        useNav.getState().go("vault");
        vault.setScope({ kind: "org", accountId: o.accountId, orgId: o.id });
      }
      return;
    }
  }
}

// ListDriver keeps the list in step with the search text, the scope and
// the vault. It renders nothing: it is its own component so that a
// keystroke re-renders it and the list, not the whole vault screen.
function ListDriver() {
  const scope = useVault((s) => s.scope);
  const query = useVault((s) => s.query);
  const version = useSelection((s) => s.vaultVersion);
  const snap = useSyncExternalStore(listSource.subscribe, listSource.snapshot);

  // The list follows the search text and the sidebar's scope at once: no
  // debounce, stale answers are dropped by listSource.
  useEffect(() => {
    void listSource.setQuery({ text: query, filter: scopeFilter(scope) });
  }, [query, scope]);

  // Reload when the vault changed (a sync, an edit, a lock elsewhere).
  useEffect(() => {
    void useVault.getState().loadSidebar();
    if (listSource.snapshot().loaded) void listSource.reload();
  }, [version]);

  // Item names do not stay in memory once the screen is gone (a lock
  // unmounts it).
  useEffect(() => () => listSource.clear(), []);

  useEffect(() => {
    const bump = () => useSelection.getState().vaultChanged();
    // Session changes come every few minutes (a sync check, a setting):
    // the lists reload only when an account was locked or unlocked.
    const accounts = () => (useVault.getState().sidebar?.accounts ?? []).map((a) => a.id).join(",");
    const onSession = async () => {
      const before = accounts();
      await useVault.getState().loadSidebar();
      if (accounts() !== before) bump();
    };
    const offs = [onEvent("vault:changed", bump), onEvent("session:changed", () => void onSession())];
    return () => offs.forEach((off) => off());
  }, []);

  // A new search selects its first result, unless the selected item is
  // among the first rows already: Enter then copies the best match.
  const shownKey = useRef(snap.key);
  useEffect(() => {
    if (!snap.loaded || snap.key === shownKey.current) return;
    shownKey.current = snap.key;
    const sel = useSelection.getState();
    const rows = snap.pages.get(0) ?? [];
    const kept = sel.selected ? rows.findIndex((r) => sameRef(r, sel.selected)) : -1;
    if (kept >= 0) {
      useVault.getState().scrollToRow(kept);
      return;
    }
    sel.select(rows.length > 0 ? { accountId: rows[0].accountId, id: rows[0].id } : null, true);
  }, [snap]);

  return null;
}

// The command palette (Ctrl/Cmd+K): find an organization, an item or an
// action by typing. Items come from Go's search (20 at most, ranked);
// organizations from the sidebar; actions from every area's registry.
//
// It can be mounted both by the shell (to work in every section) and by
// VaultScreen: only the first mounted instance is active.
import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Command } from "cmdk";
import type { app } from "../../wailsjs/go/models";
import { Search } from "../../wailsjs/go/app/VaultService";
import { call } from "../lib/call";
import { allCommands, useNav, type Command as NavCommand } from "../state/nav";
import { useSelection } from "../state/selection";
import { emptyFilter } from "./listSource";
import { allOrgs } from "./scope";
import { useVault } from "./store";
import { keyAction } from "./keys";

const owners: symbol[] = [];
const ownerListeners = new Set<() => void>();

function useFirstInstance(): boolean {
  const [me] = useState(() => Symbol("palette"));
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    owners.push(me);
    ownerListeners.add(rerender);
    ownerListeners.forEach((f) => f());
    return () => {
      owners.splice(owners.indexOf(me), 1);
      ownerListeners.delete(rerender);
      ownerListeners.forEach((f) => f());
    };
  }, [me]);
  return owners[0] === me;
}

export function CommandPalette() {
  const active = useFirstInstance();
  const open = useNav((s) => s.paletteOpen);
  const setPalette = useNav((s) => s.setPalette);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const a = keyAction(e, "other");
      if (a?.kind !== "palette") return;
      e.preventDefault();
      e.stopPropagation();
      setPalette(!useNav.getState().paletteOpen);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [active, setPalette]);

  if (!active || !open) return null;
  return <PaletteDialog onClose={() => setPalette(false)} />;
}

const MAX_ORGS = 50;
const MAX_ACTIONS = 30;

function matches(text: string, ...fields: (string | undefined)[]): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = fields.filter(Boolean).join(" ").toLowerCase();
  return words.every((w) => hay.includes(w));
}

function PaletteDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState("");
  const [items, setItems] = useState<app.SearchRow[]>([]);
  const seq = useRef(0);
  const sidebar = useVault((s) => s.sidebar);
  const commands = useNav((s) => s.commands);
  const restoreFocus = useRef<Element | null>(document.activeElement);

  useEffect(() => {
    const el = restoreFocus.current;
    return () => {
      if (el instanceof HTMLElement && el.isConnected) el.focus();
    };
  }, []);

  useEffect(() => {
    const n = ++seq.current;
    if (text.trim() === "") {
      setItems([]);
      return;
    }
    call(() => Search({ ...emptyFilter, text, offset: 0, limit: 20 })).then(
      (page) => {
        if (n === seq.current) setItems(page.rows ?? []);
      },
      () => {
        if (n === seq.current) setItems([]);
      },
    );
  }, [text]);

  const several = (sidebar?.accounts.length ?? 0) > 1;
  const orgs = useMemo(
    () => allOrgs(sidebar).filter((o) => matches(text, o.name)).slice(0, MAX_ORGS),
    [sidebar, text],
  );
  const actions = useMemo(
    () =>
      allCommands({ commands })
        .filter((c: NavCommand) => matches(text, c.title, c.group, ...(c.keywords ?? [])))
        .slice(0, MAX_ACTIONS),
    [commands, text],
  );
  const emailOf = (id: string) => sidebar?.accounts.find((a) => a.id === id)?.email ?? "";

  const run = (f: () => void) => {
    onClose();
    f();
  };

  return (
    <div className="backdrop" onMouseDown={onClose}>
      <div onMouseDown={(e) => e.stopPropagation()}>
        <Command
          className="vault-palette"
          label="Command palette"
          shouldFilter={false}
          loop
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              onClose();
            }
          }}
        >
          <Command.Input
            autoFocus
            value={text}
            onValueChange={setText}
            aria-label="Find an organization, an item or an action"
            placeholder="Find an organization, an item or an action…"
          />
          <Command.List>
            <Command.Empty>Nothing matches.</Command.Empty>
            {orgs.length > 0 && (
              <Command.Group heading="Organizations">
                {orgs.map((o) => (
                  <Command.Item
                    key={`${o.accountId}/${o.id}`}
                    value={`org:${o.accountId}/${o.id}`}
                    onSelect={() =>
                      run(() => {
                        useNav.getState().go("vault");
                        useVault.getState().setScope({ kind: "org", accountId: o.accountId, orgId: o.id });
                      })
                    }
                  >
                    <span>{o.name}</span>
                    <span className="vault-palette-sub">
                      {o.count} items{several ? ` · ${emailOf(o.accountId)}` : ""}
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {items.length > 0 && (
              <Command.Group heading="Items">
                {items.map((r) => (
                  <Command.Item
                    key={`${r.accountId}/${r.id}`}
                    value={`item:${r.accountId}/${r.id}`}
                    onSelect={() =>
                      run(() => {
                        useNav.getState().go("vault");
                        useSelection.getState().select({ accountId: r.accountId, id: r.id });
                      })
                    }
                  >
                    <span>{r.name}</span>
                    <span className="vault-palette-sub">
                      {[r.username, r.orgName || "My vault", several ? r.accountEmail : ""].filter(Boolean).join(" · ")}
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {actions.length > 0 && (
              <Command.Group heading="Actions">
                {actions.map((c) => (
                  <Command.Item key={c.id} value={`cmd:${c.id}`} onSelect={() => run(c.run)}>
                    <span>{c.title}</span>
                    <span className="vault-palette-sub">{c.shortcut ?? c.group}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </Command.List>
        </Command>
      </div>
    </div>
  );
}

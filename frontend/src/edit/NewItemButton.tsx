// "New item": a menu of the types a new item can have. The list header
// (slice B) renders it with the account and the organization, collection or
// folder the sidebar has open; the new item starts there.
import { useEffect, useId, useRef, useState } from "react";
import { newItemTypes, openNew, useNewItemPlace } from "./commands";
import "./edit.css";

export interface NewItemButtonProps {
  accountId: string | null;
  orgId?: string;
  collectionId?: string;
  folderId?: string;
}

export function NewItemButton({ accountId, orgId, collectionId, folderId }: NewItemButtonProps) {
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const setPlace = useNewItemPlace((s) => s.setPlace);

  // The palette's "New …" commands create where this button would.
  useEffect(() => {
    setPlace({ accountId, orgId, collectionId, folderId });
  }, [accountId, orgId, collectionId, folderId, setPlace]);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const away = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  const choose = (type: number) => {
    setOpen(false);
    openNew(type, { accountId, orgId, collectionId, folderId });
  };

  const menuKeys = (e: React.KeyboardEvent) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? []);
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === "Escape" || e.key === "Tab") {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    <div className="edit-new">
      <button
        ref={buttonRef}
        type="button"
        className="primary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={!accountId}
        title={accountId ? undefined : "Unlock an account first"}
        onClick={() => setOpen(!open)}
      >
        New item
      </button>
      {open && (
        <div ref={menuRef} id={menuId} className="edit-menu" role="menu" aria-label="New item" onKeyDown={menuKeys}>
          {newItemTypes.map(([type, name]) => (
            <button key={type} type="button" role="menuitem" tabIndex={-1} onClick={() => choose(type)}>
              {name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

// The one modal dialog of the app: focus moves in on open (to the element
// marked data-autofocus, else the first control) and back on close, Tab
// stays inside, and Esc closes only the topmost dialog and goes no further,
// since the screens behind use Esc too.
import { useEffect, useId, useRef, type ReactNode } from "react";

const focusable =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), summary, [tabindex="0"]';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  // busy keeps the dialog open while a call runs.
  busy?: boolean;
  className?: string; // e.g. "edit-panel" for the editor's side panel
  backdropClassName?: string;
  // onKeyDown sees keys first (the editor's Ctrl/Cmd+S); return true when
  // handled.
  onKeyDown?: (e: React.KeyboardEvent) => boolean;
}

export function Dialog({ title, onClose, children, wide, busy, className, backdropClassName, onKeyDown }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(() => {});
  close.current = () => {
    if (!busy) onClose();
  };

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>("[data-autofocus]") ?? el?.querySelector<HTMLElement>(focusable);
    first?.focus();
    return () => before?.focus?.();
  }, []);

  // Esc is caught on the window, not the dialog, so it works wherever the
  // focus is (a button disabled while busy drops it to <body>).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const dialogs = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
      if (dialogs[dialogs.length - 1] !== ref.current) return;
      e.preventDefault();
      e.stopPropagation();
      close.current();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  const keyDown = (e: React.KeyboardEvent) => {
    if (onKeyDown?.(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (e.key !== "Tab" || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(focusable)).filter(
      (x) => x.offsetParent !== null || x === document.activeElement,
    );
    if (items.length === 0) return;
    const [first, last] = [items[0], items[items.length - 1]];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const classes = ["dialog", wide ? "dialog-wide" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <div
      className={`backdrop ${backdropClassName ?? ""}`}
      onMouseDown={(e) => e.target === e.currentTarget && close.current()}
    >
      <div ref={ref} className={classes} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={keyDown}>
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="ghost icon" aria-label="Close" onClick={() => close.current()} disabled={busy}>
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

// The vault's keyboard map, as a pure function of the key event and where
// it happened, so that it can be tested without a DOM.

export type KeyAction =
  | { kind: "move"; delta: number }
  | { kind: "copy"; field: "password" | "username" | "totp" }
  | { kind: "clearSearch" }
  | { kind: "focusSearch" }
  | { kind: "org"; index: number } // 0-based: Ctrl/Cmd+1 is 0
  | { kind: "palette" };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

// Where the key was pressed: in the search box, in another text field or
// control (where keys keep their usual meaning), or elsewhere (the list).
export type KeyTarget = "search" | "editable" | "control" | "other";

export function targetKind(el: EventTarget | null, searchEl: HTMLElement | null): KeyTarget {
  if (el === null || !(el instanceof HTMLElement)) return "other";
  if (searchEl !== null && el === searchEl) return "search";
  const tag = el.tagName;
  if (tag === "INPUT") {
    const type = (el as HTMLInputElement).type;
    if (type === "checkbox" || type === "radio") return "control";
    return "editable";
  }
  if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) return "editable";
  if (tag === "BUTTON" || tag === "A" || el.getAttribute("role") === "button") return "control";
  return "other";
}

// keyAction maps a key press to a vault action, or null to let it be.
// Ctrl and Cmd are the same modifier, so the shortcuts work on every
// platform.
export function keyAction(e: KeyInput, target: KeyTarget): KeyAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey) {
    const k = e.key.toLowerCase();
    if (k === "k" && !e.shiftKey) return { kind: "palette" };
    if (k === "f" && !e.shiftKey) return { kind: "focusSearch" };
    if (e.shiftKey) return null;
    if (/^[1-9]$/.test(e.key)) return { kind: "org", index: Number(e.key) - 1 };
    // In another text field Ctrl+U and Ctrl+T stay the field's.
    if (target === "editable") return null;
    if (k === "u") return { kind: "copy", field: "username" };
    if (k === "t") return { kind: "copy", field: "totp" };
    return null;
  }
  if (e.altKey || mod) return null;
  const listish = target === "search" || target === "other";
  switch (e.key) {
    case "ArrowDown":
      return listish ? { kind: "move", delta: 1 } : null;
    case "ArrowUp":
      return listish ? { kind: "move", delta: -1 } : null;
    case "PageDown":
      return target === "other" ? { kind: "move", delta: 10 } : null;
    case "PageUp":
      return target === "other" ? { kind: "move", delta: -10 } : null;
    case "Enter":
      return listish && !e.shiftKey ? { kind: "copy", field: "password" } : null;
    case "Escape":
      return target === "search" || target === "other" ? { kind: "clearSearch" } : null;
    case "/":
      return target === "other" ? { kind: "focusSearch" } : null;
  }
  return null;
}

// clampIndex moves index by delta within a list of n rows; from no
// selection (-1) either way selects the first row.
export function clampIndex(index: number, delta: number, n: number): number {
  if (n <= 0) return -1;
  if (index < 0) return 0;
  return Math.min(n - 1, Math.max(0, index + delta));
}

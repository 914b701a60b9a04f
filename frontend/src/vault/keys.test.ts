import { describe, expect, it } from "vitest";
import { clampIndex, keyAction, type KeyInput, type KeyTarget } from "./keys";

const k = (key: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("keyAction", () => {
  const cases: [string, KeyInput, KeyTarget, ReturnType<typeof keyAction>][] = [
    ["Down in the search box moves", k("ArrowDown"), "search", { kind: "move", delta: 1 }],
    ["Up in the list moves", k("ArrowUp"), "other", { kind: "move", delta: -1 }],
    ["Down in another field is the field's", k("ArrowDown"), "editable", null],
    ["Enter copies the password", k("Enter"), "search", { kind: "copy", field: "password" }],
    ["Enter on a button presses it", k("Enter"), "control", null],
    ["Enter in another field is the field's", k("Enter"), "editable", null],
    ["Ctrl+U copies the username", k("u", { ctrlKey: true }), "search", { kind: "copy", field: "username" }],
    ["Cmd+U copies the username", k("u", { metaKey: true }), "other", { kind: "copy", field: "username" }],
    ["Ctrl+T copies the TOTP code", k("t", { ctrlKey: true }), "search", { kind: "copy", field: "totp" }],
    ["Ctrl+Shift+T is not ours", k("T", { ctrlKey: true, shiftKey: true }), "other", null],
    ["Ctrl+U in another field is the field's", k("u", { ctrlKey: true }), "editable", null],
    ["Esc clears the search", k("Escape"), "search", { kind: "clearSearch" }],
    ["Esc in another field is the field's", k("Escape"), "editable", null],
    ["Ctrl+F focuses search", k("f", { ctrlKey: true }), "editable", { kind: "focusSearch" }],
    ["/ focuses search from the list", k("/"), "other", { kind: "focusSearch" }],
    ["/ in the search box is typed", k("/"), "search", null],
    ["Ctrl+1 is the first org", k("1", { ctrlKey: true }), "search", { kind: "org", index: 0 }],
    ["Cmd+9 is the ninth org", k("9", { metaKey: true }), "other", { kind: "org", index: 8 }],
    ["Ctrl+0 is not an org", k("0", { ctrlKey: true }), "other", null],
    ["Ctrl+K opens the palette", k("k", { ctrlKey: true }), "editable", { kind: "palette" }],
    ["Cmd+K opens the palette", k("K", { metaKey: true }), "search", { kind: "palette" }],
    ["Alt+Enter is not ours", k("Enter", { altKey: true }), "search", null],
    ["a letter is typed", k("r"), "search", null],
  ];
  for (const [name, input, target, want] of cases) {
    it(name, () => expect(keyAction(input, target)).toEqual(want));
  }
});

describe("clampIndex", () => {
  it("starts at the first row from no selection", () => {
    expect(clampIndex(-1, 1, 5)).toBe(0);
    expect(clampIndex(-1, -1, 5)).toBe(0);
  });
  it("stays within the list", () => {
    expect(clampIndex(4, 1, 5)).toBe(4);
    expect(clampIndex(0, -1, 5)).toBe(0);
    expect(clampIndex(2, 10, 5)).toBe(4);
    expect(clampIndex(2, 1, 5)).toBe(3);
  });
  it("has nothing to select in an empty list", () => {
    expect(clampIndex(-1, 1, 0)).toBe(-1);
  });
});

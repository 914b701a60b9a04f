import { describe, expect, it } from "vitest";
import { CLEAR_CHOICES, LOCK_CHOICES, withCurrent } from "./SettingsScreen";
import { isLockShortcut, sessionCommands } from "./commands";

describe("withCurrent", () => {
  it("leaves the choices alone when the value is one", () => {
    expect(withCurrent(LOCK_CHOICES, 15, "min")).toBe(LOCK_CHOICES);
  });
  it("adds a value set by hand, in order, Never last", () => {
    const got = withCurrent(CLEAR_CHOICES, 45, "s").map(([v]) => v);
    expect(got).toEqual([10, 20, 30, 45, 60, 120, 300, 0]);
    expect(withCurrent(CLEAR_CHOICES, 45, "s").find(([v]) => v === 45)?.[1]).toBe("45 seconds");
  });
});

describe("session commands", () => {
  it("offers the other themes only", () => {
    const titles = (t: string) => sessionCommands(t).map((c) => c.title);
    expect(titles("dark")).toContain("Switch to light theme");
    expect(titles("dark")).not.toContain("Switch to dark theme");
    expect(titles("system")).toEqual(expect.arrayContaining(["Switch to light theme", "Switch to dark theme"]));
    expect(titles("light")).toEqual(
      expect.arrayContaining(["Lock all accounts", "Sync now", "Settings", "Add account", "Switch to dark theme"]),
    );
  });
  it("have unique ids", () => {
    const ids = sessionCommands("system").map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("Ctrl/Cmd+L locks, nothing else does", () => {
    const k = (key: string, m: Partial<KeyboardEvent> = {}) =>
      isLockShortcut({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...m });
    expect(k("l", { ctrlKey: true })).toBe(true);
    expect(k("L", { metaKey: true })).toBe(true);
    expect(k("l")).toBe(false);
    expect(k("l", { ctrlKey: true, shiftKey: true })).toBe(false);
    expect(k("k", { ctrlKey: true })).toBe(false);
  });
});

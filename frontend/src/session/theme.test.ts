// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { applyTheme, rememberedTheme } from "./theme";

describe("applyTheme", () => {
  beforeEach(() => {
    delete document.documentElement.dataset.theme;
    localStorage.clear();
  });

  it("forces light or dark on <html data-theme>", () => {
    applyTheme("dark");
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    applyTheme("light");
    expect(document.documentElement.getAttribute("data-theme")).toBe("light");
  });

  it("removes the attribute for system", () => {
    applyTheme("dark");
    applyTheme("system");
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);
  });

  it("remembers the theme for the next start's first paint", () => {
    expect(rememberedTheme()).toBeNull();
    applyTheme("dark");
    expect(rememberedTheme()).toBe("dark");
    localStorage.setItem("vaultdesk.theme", "neon");
    expect(rememberedTheme()).toBeNull();
  });
});

// The theme setting on <html data-theme>: "light" or "dark" forces one;
// "system" removes the attribute so style.css follows the OS. It is also
// remembered in localStorage so that main.tsx can apply it before the first
// paint, without a flash of the other theme while Go answers.
export type Theme = "system" | "light" | "dark";

export const THEME_KEY = "vaultdesk.theme";

export function applyTheme(theme: string, root: HTMLElement = document.documentElement) {
  if (theme === "light" || theme === "dark") {
    root.dataset.theme = theme;
  } else {
    delete root.dataset.theme;
  }
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // storage unavailable: only the first paint is affected
  }
}

// rememberedTheme is the theme saved by the last run, if any.
export function rememberedTheme(): Theme | null {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === "light" || t === "dark" || t === "system" ? t : null;
  } catch {
    return null;
  }
}

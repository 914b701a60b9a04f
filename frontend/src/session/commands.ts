// The session's palette commands (Ctrl/Cmd+K) and its one global shortcut,
// Ctrl/Cmd+L to lock every account.
import { useEffect } from "react";
import { useNav, type Command } from "../state/nav";
import { lockAll, setTheme, syncNow } from "./actions";
import { useSession } from "./store";

export function sessionCommands(theme: string): Command[] {
  const nav = useNav.getState();
  const cmds: Command[] = [
    {
      id: "session.lock",
      title: "Lock all accounts",
      group: "Actions",
      keywords: ["lock", "log off"],
      shortcut: "Ctrl+L",
      run: () => void lockAll(),
    },
    { id: "session.sync", title: "Sync now", group: "Actions", keywords: ["refresh", "download"], run: () => void syncNow() },
    { id: "session.vault", title: "Go to the vault", group: "Actions", keywords: ["items", "search", "back"], run: () => nav.go("vault") },
    { id: "session.settings", title: "Settings", group: "Actions", keywords: ["preferences", "options"], run: () => nav.go("settings") },
    {
      id: "session.add-account",
      title: "Add account",
      group: "Actions",
      keywords: ["sign in", "log in", "server"],
      run: () => useSession.getState().setAdding(true),
    },
  ];
  if (theme !== "light") {
    cmds.push({ id: "session.theme-light", title: "Switch to light theme", group: "Actions", keywords: ["theme", "appearance"], run: () => void setTheme("light").catch(() => {}) });
  }
  if (theme !== "dark") {
    cmds.push({ id: "session.theme-dark", title: "Switch to dark theme", group: "Actions", keywords: ["theme", "appearance"], run: () => void setTheme("dark").catch(() => {}) });
  }
  return cmds;
}

// isLockShortcut says whether a key press is Ctrl/Cmd+L.
export function isLockShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l";
}

// useSessionCommands registers the palette commands and Ctrl/Cmd+L while
// the shell is showing.
export function useSessionCommands(theme: string) {
  useEffect(() => {
    useNav.getState().registerCommands("session", sessionCommands(theme));
  }, [theme]);
  useEffect(() => () => useNav.getState().registerCommands("session", []), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isLockShortcut(e)) {
        e.preventDefault();
        lockAll();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

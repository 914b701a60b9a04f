// Collection paths: Bitwarden nests collections by name alone
// ("Parent/Child"), so a parent is a prefix and a move is a rename.
import type { app } from "../../wailsjs/go/models";

export const SEP = "/";

export function joinPath(parent: string, name: string): string {
  const n = name
    .split(SEP)
    .map((s) => s.trim())
    .join(SEP);
  return parent === "" ? n : `${parent}${SEP}${n}`;
}

// splitPath returns the parent path ("" for a root) and the last level.
export function splitPath(path: string): { parent: string; name: string } {
  const i = path.lastIndexOf(SEP);
  return i < 0 ? { parent: "", name: path } : { parent: path.slice(0, i), name: path.slice(i + 1) };
}

export function isUnder(path: string, ancestor: string): boolean {
  return path.startsWith(ancestor + SEP);
}

// descendants are the rows nested under path, at any depth.
export function descendants(rows: app.CollectionRow[], path: string): app.CollectionRow[] {
  return rows.filter((r) => r.id !== "" && isUnder(r.path, path));
}

// parentOptions are the paths a collection may be put under: every level
// of the tree but the collection itself and what is under it.
export function parentOptions(rows: app.CollectionRow[], moving?: string): string[] {
  return rows
    .filter((r) => !r.damaged && r.path !== "")
    .map((r) => r.path)
    .filter((p) => moving === undefined || (p !== moving && !isUnder(p, moving)));
}

// nameError says what is wrong with a collection name as typed, or "".
export function nameError(name: string): string {
  const t = name.trim();
  if (t === "") return "Enter a name.";
  if (t.split(SEP).some((s) => s.trim() === "")) return `A name cannot start or end with "${SEP}" or have an empty level.`;
  return "";
}

// The client overview table's columns and sorting. Counts the account's
// role does not show (members of an org it only uses) are unknown: they
// sort last whichever the direction.
import type { app } from "../../wailsjs/go/models";

export type Column =
  | "name"
  | "items"
  | "collections"
  | "invited"
  | "accepted"
  | "confirmed"
  | "revoked"
  | "pending"
  | "seats"
  | "weak"
  | "reused";

export type Dir = "asc" | "desc";

export interface Sort {
  column: Column;
  dir: Dir;
}

export const columns: { id: Column; label: string; title?: string }[] = [
  { id: "name", label: "Organization" },
  { id: "items", label: "Items" },
  { id: "collections", label: "Collections" },
  { id: "invited", label: "Invited" },
  { id: "accepted", label: "Accepted" },
  { id: "confirmed", label: "Confirmed" },
  { id: "revoked", label: "Revoked" },
  { id: "pending", label: "To confirm", title: "Accepted members waiting for confirmation" },
  { id: "seats", label: "Seats", title: "Seats used (of the limit)" },
  { id: "weak", label: "Weak", title: "Weak passwords" },
  { id: "reused", label: "Reused", title: "Passwords used in another item too" },
];

type Row = app.OverviewRow;

// value is the cell's sort value; null when unknown.
export function value(r: Row, c: Column): string | number | null {
  switch (c) {
    case "name":
      return r.name;
    case "items":
      return r.items;
    case "collections":
      return r.collections;
    case "invited":
    case "accepted":
    case "confirmed":
    case "revoked":
      return r.members ? r.members[c] : null;
    case "pending":
      return r.pending ?? null;
    case "seats":
      return r.seatsUsed ?? null;
    case "weak":
      return r.weak;
    case "reused":
      return r.reused;
  }
}

// sortRows returns the rows sorted by the column, unknown values last and
// ties by name, then account.
export function sortRows(rows: Row[], s: Sort): Row[] {
  const sign = s.dir === "asc" ? 1 : -1;
  const byName = (a: Row, b: Row) =>
    a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.accountEmail.localeCompare(b.accountEmail);
  return [...rows].sort((a, b) => {
    const va = value(a, s.column);
    const vb = value(b, s.column);
    if (va === null || vb === null) {
      if (va === vb) return byName(a, b);
      return va === null ? 1 : -1;
    }
    const c =
      typeof va === "string" && typeof vb === "string"
        ? va.localeCompare(vb, undefined, { sensitivity: "base" })
        : (va as number) - (vb as number);
    return c !== 0 ? sign * c : byName(a, b);
  });
}

// nextSort is the sort after clicking a column's header: the same column
// flips, another starts ascending for names and descending for counts (the
// largest first is what a technician looks for).
export function nextSort(cur: Sort, column: Column): Sort {
  if (cur.column === column) return { column, dir: cur.dir === "asc" ? "desc" : "asc" };
  return { column, dir: column === "name" ? "asc" : "desc" };
}

// seatsText shows "used / limit", "used", or "–" when unknown.
export function seatsText(used: number | null | undefined, limit: number | null | undefined): string {
  if (used != null && limit != null) return `${used} / ${limit}`;
  if (used != null) return String(used);
  if (limit != null) return `? / ${limit}`;
  return "–";
}

export function count(n: number | null | undefined): string {
  return n == null ? "–" : String(n);
}

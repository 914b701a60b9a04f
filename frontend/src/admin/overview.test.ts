import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { nextSort, seatsText, sortRows } from "./overview";

function row(name: string, over: Partial<app.OverviewRow> = {}): app.OverviewRow {
  return {
    accountId: "acct-1",
    accountEmail: "tech@msp.example",
    orgId: name,
    name,
    role: "owner",
    items: 0,
    collections: 0,
    members: { invited: 0, accepted: 0, confirmed: 0, revoked: 0 },
    pending: 0,
    seatsUsed: 0,
    seats: undefined,
    weak: 0,
    reused: 0,
    notChecked: 0,
    ...over,
  };
}

const x = row("Business X", { items: 110, weak: 7, pending: 1, members: { invited: 1, accepted: 1, confirmed: 5, revoked: 1 } });
const y = row("business y", { items: 100, weak: 9, pending: 2, members: { invited: 2, accepted: 2, confirmed: 4, revoked: 0 } });
// An org the account only uses: its members are unknown.
const z = row("Business Z", { items: 90, weak: 9, pending: undefined, members: undefined, seatsUsed: undefined });

const names = (rows: app.OverviewRow[]) => rows.map((r) => r.name);

describe("overview sorting", () => {
  it("sorts names without regard to case", () => {
    expect(names(sortRows([z, y, x], { column: "name", dir: "asc" }))).toEqual(["Business X", "business y", "Business Z"]);
    expect(names(sortRows([x, y, z], { column: "name", dir: "desc" }))).toEqual(["Business Z", "business y", "Business X"]);
  });

  it("sorts counts numerically", () => {
    expect(names(sortRows([y, z, x], { column: "items", dir: "desc" }))).toEqual(["Business X", "business y", "Business Z"]);
    expect(names(sortRows([x, y, z], { column: "items", dir: "asc" }))).toEqual(["Business Z", "business y", "Business X"]);
  });

  it("breaks ties by name", () => {
    expect(names(sortRows([z, y, x], { column: "weak", dir: "desc" }))).toEqual(["business y", "Business Z", "Business X"]);
  });

  it("puts unknown member counts last in either direction", () => {
    expect(names(sortRows([z, x, y], { column: "pending", dir: "desc" }))).toEqual(["business y", "Business X", "Business Z"]);
    expect(names(sortRows([z, x, y], { column: "pending", dir: "asc" }))).toEqual(["Business X", "business y", "Business Z"]);
    expect(names(sortRows([z, y, x], { column: "confirmed", dir: "asc" }))).toEqual(["business y", "Business X", "Business Z"]);
  });

  it("does not reorder the rows it is given", () => {
    const rows = [z, y, x];
    sortRows(rows, { column: "items", dir: "asc" });
    expect(names(rows)).toEqual(["Business Z", "business y", "Business X"]);
  });

  it("flips the same column and starts a new one by its natural order", () => {
    expect(nextSort({ column: "items", dir: "desc" }, "items")).toEqual({ column: "items", dir: "asc" });
    expect(nextSort({ column: "items", dir: "asc" }, "weak")).toEqual({ column: "weak", dir: "desc" });
    expect(nextSort({ column: "weak", dir: "desc" }, "name")).toEqual({ column: "name", dir: "asc" });
  });

  it("shows seats as used of the limit where known", () => {
    expect(seatsText(7, 10)).toBe("7 / 10");
    expect(seatsText(7, null)).toBe("7");
    expect(seatsText(undefined, 10)).toBe("? / 10");
    expect(seatsText(undefined, undefined)).toBe("–");
  });
});

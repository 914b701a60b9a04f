import { describe, expect, it } from "vitest";
import { addCollection, addLine, available, fromRow, removeLine, sameAccess, setLevel, toCollectionAccess, toGrants, type Target } from "./access";

const it1: Target = { kind: "member", id: "m1", name: "it@businessx.example" };
const contractor: Target = { kind: "member", id: "m2", name: "contractor@businessx.example" };
const clientIT: Target = { kind: "group", id: "g1", name: "Client IT" };
const techs: Target = { kind: "group", id: "g2", name: "MSP technicians" };

describe("access editor", () => {
  it("reads a collection's access", () => {
    const lines = fromRow({
      members: [{ id: "m1", name: "it@businessx.example", level: "view" }],
      groups: [{ id: "g1", name: "Client IT", level: "manage" }],
    });
    expect(lines).toEqual([
      { kind: "member", id: "m1", name: "it@businessx.example", level: "view" },
      { kind: "group", id: "g1", name: "Client IT", level: "manage" },
    ]);
  });

  it("adds, changes and removes lines", () => {
    let lines = addLine([], it1, "view");
    lines = addLine(lines, clientIT, "edit");
    expect(toGrants(lines)).toEqual([
      { kind: "member", id: "m1", level: "view" },
      { kind: "group", id: "g1", level: "edit" },
    ]);
    lines = setLevel(lines, it1, "edit-except-passwords");
    expect(lines[0].level).toBe("edit-except-passwords");
    lines = removeLine(lines, clientIT);
    expect(toGrants(lines)).toEqual([{ kind: "member", id: "m1", level: "edit-except-passwords" }]);
  });

  it("gives a second add of the same target the new level, not a second line", () => {
    const lines = addLine(addLine([], it1, "view"), it1, "manage");
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe("manage");
  });

  it("tells a member from a group with the same id", () => {
    const same: Target = { kind: "group", id: "m1", name: "Odd group" };
    const lines = addLine(addLine([], it1, "view"), same, "edit");
    expect(lines).toHaveLength(2);
    expect(removeLine(lines, it1)).toEqual([{ ...same, level: "edit" }]);
  });

  it("offers only targets not on a line, groups first", () => {
    const lines = addLine([], clientIT, "view");
    expect(available(lines, [it1, contractor, clientIT, techs]).map((t) => t.name)).toEqual([
      "MSP technicians",
      "contractor@businessx.example",
      "it@businessx.example",
    ]);
  });

  it("does not change the lists it is given", () => {
    const lines = addLine([], it1, "view");
    const copy = JSON.parse(JSON.stringify(lines));
    setLevel(lines, it1, "manage");
    removeLine(lines, it1);
    addLine(lines, clientIT, "edit");
    expect(lines).toEqual(copy);
  });

  it("compares access regardless of order", () => {
    const a = addLine(addLine([], it1, "view"), clientIT, "edit");
    const b = addLine(addLine([], clientIT, "edit"), it1, "view");
    expect(sameAccess(a, b)).toBe(true);
    expect(sameAccess(a, setLevel(b, it1, "manage"))).toBe(false);
    expect(sameAccess(a, removeLine(b, it1))).toBe(false);
  });

  it("edits a member's or group's collections by collection id", () => {
    let lines = addCollection([], { id: "c1", name: "Network" }, "view");
    lines = addCollection(lines, { id: "c2", name: "Servers" }, "edit");
    lines = addCollection(lines, { id: "c1", name: "Network" }, "manage");
    expect(toCollectionAccess(lines)).toEqual([
      { id: "c1", level: "manage" },
      { id: "c2", level: "edit" },
    ]);
  });
});

// The access editor's state logic: the lines of a collection's access (a
// member or a group, each with one level), the members and groups that can
// still be added, and what is sent to Go.
import type { app } from "../../wailsjs/go/models";
import type { Level } from "./levels";

export type Kind = "member" | "group";

export interface AccessLine {
  kind: Kind;
  id: string;
  name: string; // email or group name, "" when the role does not list them
  level: Level;
}

export interface Target {
  kind: Kind;
  id: string;
  name: string;
}

const lineKey = (l: { kind: Kind; id: string }) => `${l.kind}:${l.id}`;

// fromRow reads a collection's current access.
export function fromRow(row: Pick<app.CollectionRow, "members" | "groups">): AccessLine[] {
  return [
    ...row.members.map((a) => ({ kind: "member" as const, id: a.id, name: a.name, level: a.level as Level })),
    ...row.groups.map((a) => ({ kind: "group" as const, id: a.id, name: a.name, level: a.level as Level })),
  ];
}

// addLine adds a member or group at level; one already there gets the new
// level instead of a second line.
export function addLine(lines: AccessLine[], t: Target, level: Level): AccessLine[] {
  const k = lineKey(t);
  if (lines.some((l) => lineKey(l) === k)) return setLevel(lines, t, level);
  return [...lines, { ...t, level }];
}

export function setLevel(lines: AccessLine[], t: { kind: Kind; id: string }, level: Level): AccessLine[] {
  const k = lineKey(t);
  return lines.map((l) => (lineKey(l) === k ? { ...l, level } : l));
}

export function removeLine(lines: AccessLine[], t: { kind: Kind; id: string }): AccessLine[] {
  const k = lineKey(t);
  return lines.filter((l) => lineKey(l) !== k);
}

// available lists the targets not on a line yet, groups first, each sorted
// by name.
export function available(lines: AccessLine[], targets: Target[]): Target[] {
  const taken = new Set(lines.map(lineKey));
  return targets
    .filter((t) => !taken.has(lineKey(t)))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "group" ? -1 : 1));
}

// toGrants is what CreateCollection and SetCollectionAccess take.
export function toGrants(lines: AccessLine[]): app.AccessGrant[] {
  return lines.map((l) => ({ kind: l.kind, id: l.id, level: l.level }));
}

// sameAccess reports whether two access lists grant the same.
export function sameAccess(a: AccessLine[], b: AccessLine[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map(a.map((l) => [lineKey(l), l.level]));
  return b.every((l) => m.get(lineKey(l)) === l.level);
}

// A collection's access on a member or a group (CollectionAccess lines in
// the invite, member and group dialogs): the same operations keyed by the
// collection id.
export interface CollectionLine {
  id: string;
  name: string; // the collection's path
  level: Level;
}

export function addCollection(lines: CollectionLine[], c: { id: string; name: string }, level: Level): CollectionLine[] {
  if (lines.some((l) => l.id === c.id)) return lines.map((l) => (l.id === c.id ? { ...l, level } : l));
  return [...lines, { id: c.id, name: c.name, level }];
}

export function toCollectionAccess(lines: CollectionLine[]): app.CollectionAccess[] {
  return lines.map((l) => ({ id: l.id, level: l.level }));
}

import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import {
  blankForm,
  cloneForm,
  editorReducer,
  FIELD_BOOLEAN,
  FIELD_HIDDEN,
  FIELD_LINKED,
  FIELD_TEXT,
  initialModel,
  isDirty,
  LOGIN,
  NOTE,
  rebase,
  serialise,
  validate,
  validateGenerator,
  type ItemForm,
} from "./form";

// fromGo is a login form as Form returns it: hidden values null with set
// and tag, nulls where Go has nil pointers.
function fromGo(): ItemForm {
  return JSON.parse(
    JSON.stringify({
      id: "item-1",
      revisionDate: "2026-01-02T03:04:05.123456Z",
      type: LOGIN,
      name: "Edge router",
      notes: "rack 2",
      folderId: "",
      folderName: "",
      favorite: false,
      reprompt: false,
      orgId: "org-x",
      orgName: "Business X",
      collectionIds: ["c-net"],
      collectionNames: ["Network"],
      readOnly: false,
      readOnlyReason: "",
      hiddenByAccess: false,
      login: {
        username: "admin",
        password: { value: null, set: true, tag: "pw-tag-1" },
        totp: { value: null, set: false, tag: "" },
        uris: [{ uri: "https://10.0.0.1", match: null }],
      },
      fields: [
        { name: "Site", type: FIELD_TEXT, value: "HQ", linkedId: null, index: 0 },
        { name: "PIN", type: FIELD_HIDDEN, value: "", hidden: { value: null, set: true, tag: "pin-tag" }, linkedId: null, index: 1 },
      ],
    }),
  );
}

const edit = (f: ItemForm, change: (d: ItemForm) => void): ItemForm => {
  const d = structuredClone(f);
  change(d);
  return d;
};

describe("blankForm", () => {
  it("starts a login with one empty URI and no hidden values", () => {
    const f = blankForm(LOGIN);
    expect(f.login?.uris).toEqual([{ uri: "" }]);
    expect(f.login?.password).toEqual({ set: false, tag: "" });
    expect(f.orgId).toBe("");
  });
  it("takes the sidebar's organization and collection, not its folder", () => {
    const f = blankForm(NOTE, { orgId: "org-x", collectionIds: ["c-1"], folderId: "f-1" });
    expect(f.orgId).toBe("org-x");
    expect(f.collectionIds).toEqual(["c-1"]);
    expect(f.folderId).toBe("");
    expect(f.login).toBeUndefined();
  });
  it("takes the folder for a personal item", () => {
    expect(blankForm(NOTE, { folderId: "f-1" }).folderId).toBe("f-1");
  });
});

describe("cloneForm", () => {
  it("names the copy and keeps hidden values null for Go to copy", () => {
    const c = cloneForm(fromGo());
    expect(c.name).toBe("Edge router - Clone");
    expect(c.id).toBe("");
    expect(c.login?.password.value ?? null).toBeNull();
    expect(c.fields[1].index).toBe(1);
  });
});

describe("serialise: null means unchanged", () => {
  it("sends untouched hidden values as null", () => {
    const s = serialise(fromGo(), {});
    expect(s.login?.password.value).toBeUndefined();
    expect(s.fields[1].hidden?.value).toBeUndefined();
    expect(JSON.stringify(s)).not.toContain("null");
  });
  it("sends a revealed but unchanged value as null", () => {
    const f = edit(fromGo(), (d) => (d.login!.password.value = "revealed-pw"));
    expect(serialise(f, { password: "revealed-pw" }).login?.password.value).toBeUndefined();
  });
  it("sends a typed value, even an empty one", () => {
    expect(serialise(edit(fromGo(), (d) => (d.login!.password.value = "new-pw")), { password: "old" }).login?.password.value).toBe("new-pw");
    expect(serialise(edit(fromGo(), (d) => (d.login!.password.value = "")), {}).login?.password.value).toBe("");
  });
  it("matches hidden custom fields by their original index", () => {
    const f = edit(fromGo(), (d) => {
      d.fields.unshift({ name: "New", type: FIELD_HIDDEN, value: "", hidden: { set: false, tag: "", value: "typed" } });
    });
    const s = serialise(f, { "field:1": "1234" });
    expect(s.fields[0]).toEqual({ name: "New", type: FIELD_HIDDEN, value: "", hidden: { set: false, tag: "", value: "typed" } });
    expect(s.fields[2].index).toBe(1);
    expect(s.fields[2].hidden?.value).toBeUndefined();
  });
  it("normalises booleans and drops the hidden part of other fields", () => {
    const f = edit(fromGo(), (d) => {
      d.fields.push({ name: "Flag", type: FIELD_BOOLEAN, value: "" });
      d.fields[0].hidden = { set: false, tag: "" };
    });
    const s = serialise(f, {});
    expect(s.fields[2].value).toBe("false");
    expect(s.fields[0].hidden).toBeUndefined();
  });
});

describe("isDirty", () => {
  const original = fromGo();
  it("is clean as loaded from Go", () => {
    expect(isDirty(original, structuredClone(original), {})).toBe(false);
  });
  it("is dirty after an edit, and clean again after undoing it", () => {
    const changed = edit(original, (d) => (d.name = "Core router"));
    expect(isDirty(original, changed, {})).toBe(true);
    expect(isDirty(original, edit(changed, (d) => (d.name = "Edge router")), {})).toBe(false);
  });
  it("is clean after only revealing a password", () => {
    const shown = edit(original, (d) => (d.login!.password.value = "pw"));
    expect(isDirty(original, shown, { password: "pw" })).toBe(false);
    expect(isDirty(original, edit(shown, (d) => (d.login!.password.value = "pw2")), { password: "pw" })).toBe(true);
  });
  it("sees a new URI and a changed match detection", () => {
    expect(isDirty(original, edit(original, (d) => d.login!.uris.push({ uri: "" })), {})).toBe(true);
    expect(isDirty(original, edit(original, (d) => (d.login!.uris[0].match = 3)), {})).toBe(true);
  });
  it("a new blank form is clean until something is typed", () => {
    const b = blankForm(LOGIN);
    expect(isDirty(b, structuredClone(b), {})).toBe(false);
    expect(isDirty(b, edit(b, (d) => (d.login!.password.value = "x")), {})).toBe(true);
  });
});

describe("validate", () => {
  it("wants a name", () => {
    expect(validate(edit(fromGo(), (d) => (d.name = "  ")), "edit").name).toBeTruthy();
    expect(validate(fromGo(), "edit")).toEqual({});
  });
  it("wants a collection for a new item in an organization", () => {
    const f = edit(blankForm(LOGIN, { orgId: "org-x" }), (d) => (d.name = "Router"));
    expect(validate(f, "create").collections).toMatch(/collection/);
    expect(validate(f, "clone").collections).toMatch(/collection/);
    expect(validate(edit(f, (d) => (d.collectionIds = ["c-1"])), "create")).toEqual({});
    expect(validate(edit(f, (d) => (d.orgId = "")), "create")).toEqual({});
  });
  it("does not ask an edit for collections (they have their own dialog)", () => {
    expect(validate(edit(fromGo(), (d) => (d.collectionIds = [])), "edit")).toEqual({});
  });
  it("wants the target of a linked field and a valid regular expression", () => {
    const f = edit(fromGo(), (d) => {
      d.fields.push({ name: "L", type: FIELD_LINKED, value: "" });
      d.login!.uris[0] = { uri: "https://(", match: 4 };
    });
    const errs = validate(f, "edit");
    expect(errs["field:2"]).toBeTruthy();
    expect(errs["uri:0"]).toBeTruthy();
  });
});

describe("validateGenerator", () => {
  const pw: app.GeneratorOptions = {
    kind: "password",
    length: 20,
    lowercase: true,
    uppercase: true,
    digits: true,
    symbols: true,
    minDigits: 1,
    minSymbols: 1,
    avoidAmbiguous: false,
    words: 5,
    separator: "-",
    capitalize: false,
    includeNumber: false,
  };
  const pp = { ...pw, kind: "passphrase" };
  const cases: [string, app.GeneratorOptions, RegExp | null][] = [
    ["defaults", pw, null],
    ["passphrase defaults", pp, null],
    ["too short", { ...pw, length: 4 }, /Length/],
    ["too long", { ...pw, length: 129 }, /Length/],
    ["not a number", { ...pw, length: NaN }, /Length/],
    ["no character set", { ...pw, lowercase: false, uppercase: false, digits: false, symbols: false, minDigits: 0, minSymbols: 0 }, /at least one/],
    ["a minimum turns its set on", { ...pw, lowercase: false, uppercase: false, digits: false, symbols: false, minDigits: 2, minSymbols: 0 }, null],
    ["minimum out of range", { ...pw, minDigits: 10 }, /Minimum numbers/],
    ["negative minimum", { ...pw, minSymbols: -1 }, /special/],
    ["minimums longer than the password", { ...pw, length: 8, minDigits: 4, minSymbols: 4 }, /minimums need 10/],
    ["two words", { ...pp, words: 2 }, /Words/],
    ["21 words", { ...pp, words: 21 }, /Words/],
    ["long separator", { ...pp, separator: "-----" }, /separator/],
    ["an emoji separator fits", { ...pp, separator: "🔑" }, null],
    ["no separator", { ...pp, separator: "" }, null],
    ["unknown kind", { ...pw, kind: "pin" }, /password or passphrase/],
  ];
  for (const [name, o, want] of cases) {
    it(name, () => {
      const got = validateGenerator(o);
      if (want === null) expect(got).toBeNull();
      else expect(got).toMatch(want);
    });
  }
});

describe("rebase: apply my changes again", () => {
  const original = fromGo();
  const theirs = edit(original, (d) => {
    d.revisionDate = "2026-01-02T04:00:00Z";
    d.login!.username = "admin-theirs";
    d.login!.password = { set: true, tag: "pw-tag-2" };
    d.notes = "their notes";
    d.fields = [
      { name: "Owner", type: FIELD_TEXT, value: "Ops", index: 0 },
      { name: "Site", type: FIELD_TEXT, value: "HQ", index: 1 },
      { name: "PIN", type: FIELD_HIDDEN, value: "", hidden: { set: true, tag: "pin-tag-2" }, index: 2 },
    ];
  });

  it("keeps what I changed and takes what I did not from the server", () => {
    const mine = serialise(edit(original, (d) => (d.name = "Core router")), {});
    const got = rebase(serialise(original, {}), mine, theirs);
    expect(got.name).toBe("Core router");
    expect(got.login?.username).toBe("admin-theirs");
    expect(got.notes).toBe("their notes");
    expect(got.revisionDate).toBe(theirs.revisionDate);
    expect(got.login?.password.value ?? null).toBeNull();
    expect(got.login?.password.tag).toBe("pw-tag-2");
    expect(got.fields).toEqual(theirs.fields);
  });

  it("keeps a password I typed", () => {
    const mine = serialise(edit(original, (d) => (d.login!.password.value = "mine")), {});
    expect(rebase(serialise(original, {}), mine, theirs).login?.password.value).toBe("mine");
  });

  it("re-points my kept hidden fields at their place in the new revision", () => {
    const mine = serialise(edit(original, (d) => d.fields.push({ name: "Rack", type: FIELD_TEXT, value: "B3" })), {});
    const got = rebase(serialise(original, {}), mine, theirs);
    expect(got.fields.map((f) => f.name)).toEqual(["Site", "PIN", "Rack"]);
    expect(got.fields[0].index).toBe(1);
    expect(got.fields[1].index).toBe(2);
    expect(got.fields[1].hidden?.tag).toBe("pin-tag-2");
    expect(got.fields[2].index).toBeUndefined();
  });
});

describe("editorReducer", () => {
  const start = () => {
    const m = initialModel(fromGo());
    return editorReducer(m, { type: "change", form: edit(m.form, (d) => (d.name = "Typed name")) });
  };

  it("keeps everything typed through a conflict", () => {
    let m = start();
    m = editorReducer(m, { type: "saving" });
    m = editorReducer(m, { type: "failed", error: { code: "conflict", message: "item is out of date" } });
    expect(m.status).toEqual({ kind: "conflict", changes: null });
    expect(m.form.name).toBe("Typed name");
    m = editorReducer(m, { type: "changes", changes: [{ field: "Password", old: "", new: "", secret: true }] });
    expect(m.status.kind).toBe("conflict");
    expect(m.status.kind === "conflict" && m.status.changes?.length).toBe(1);
    m = editorReducer(m, { type: "change", form: edit(m.form, (d) => (d.notes = "more")) });
    expect(m.status.kind).toBe("conflict");
    expect(m.form.name).toBe("Typed name");
    expect(m.form.notes).toBe("more");
  });

  it("moves my changes onto the new revision when asked", () => {
    let m = start();
    m = editorReducer(m, { type: "reveal", key: "password", value: "old-pw" });
    m = editorReducer(m, { type: "failed", error: { code: "conflict", message: "x" } });
    const theirs = edit(fromGo(), (d) => {
      d.revisionDate = "2026-02-01T00:00:00Z";
      d.login!.username = "theirs";
    });
    m = editorReducer(m, { type: "rebase", theirs });
    expect(m.status).toEqual({ kind: "idle" });
    expect(m.form.name).toBe("Typed name");
    expect(m.form.login?.username).toBe("theirs");
    expect(m.form.revisionDate).toBe("2026-02-01T00:00:00Z");
    expect(m.revealed).toEqual({});
    expect(m.original).toEqual(theirs);
    expect(isDirty(m.original, m.form, m.revealed)).toBe(true);
  });

  it("shows other errors until the next change", () => {
    let m = start();
    m = editorReducer(m, { type: "failed", error: { code: "unreachable", message: "server unreachable" } });
    expect(m.status.kind).toBe("error");
    expect(m.form.name).toBe("Typed name");
    m = editorReducer(m, { type: "change", form: m.form });
    expect(m.status.kind).toBe("idle");
  });

  it("ignores the server's changes once the conflict is over", () => {
    const m = editorReducer(start(), { type: "changes", changes: [] });
    expect(m.status.kind).toBe("idle");
  });
});

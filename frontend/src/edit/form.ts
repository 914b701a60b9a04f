// The item editor's state logic, kept free of React so that it can be tested
// on its own: blank forms, which hidden values go back as "unchanged", dirty
// tracking, validation, and re-applying the user's changes on top of a newer
// revision after a conflict.
//
// Hidden values (password, TOTP secret, card number and code, SSN,
// passport, licence, hidden custom fields) come from Go as
// {value: null, set, tag}. The editor reveals one only when the user asks
// (VaultService.Reveal) and keeps what it revealed in `revealed`, by the
// name Reveal takes; the form's `value` holds only what the user typed.
// A value equal to what was revealed is sent back as null: unchanged.
import type { app } from "../../wailsjs/go/models";
import type { AppError } from "../lib/call";

export type ItemForm = app.ItemForm;
export type HiddenValue = app.HiddenValue;
export type FieldForm = app.FieldForm;

// Item types (api.CipherType).
export const LOGIN = 1;
export const NOTE = 2;
export const CARD = 3;
export const IDENTITY = 4;
export const SSH_KEY = 5;

export const typeNames: Record<number, string> = {
  [LOGIN]: "Login",
  [NOTE]: "Secure note",
  [CARD]: "Card",
  [IDENTITY]: "Identity",
  [SSH_KEY]: "SSH key",
};

// Custom field types (api.FieldType).
export const FIELD_TEXT = 0;
export const FIELD_HIDDEN = 1;
export const FIELD_BOOLEAN = 2;
export const FIELD_LINKED = 3;

export const fieldTypeNames: [number, string][] = [
  [FIELD_TEXT, "Text"],
  [FIELD_HIDDEN, "Hidden"],
  [FIELD_BOOLEAN, "Boolean"],
  [FIELD_LINKED, "Linked"],
];

// URI match detection (api.URIMatch); null is the default (base domain).
export const uriMatches: [number, string][] = [
  [0, "Base domain"],
  [1, "Host"],
  [2, "Starts with"],
  [3, "Exact"],
  [4, "Regular expression"],
  [5, "Never"],
];

// What a linked custom field can show, per item type (Bitwarden's ids).
export const linkedTargets: Record<number, [number, string][]> = {
  [LOGIN]: [
    [100, "Username"],
    [101, "Password"],
  ],
  [CARD]: [
    [300, "Cardholder name"],
    [301, "Expiry month"],
    [302, "Expiry year"],
    [303, "Security code"],
    [304, "Brand"],
    [305, "Card number"],
  ],
  [IDENTITY]: [
    [400, "Title"],
    [401, "Middle name"],
    [402, "Address 1"],
    [403, "Address 2"],
    [404, "Address 3"],
    [405, "City"],
    [406, "State"],
    [407, "Postal code"],
    [408, "Country"],
    [409, "Company"],
    [410, "Email"],
    [411, "Phone"],
    [412, "SSN"],
    [413, "Username"],
    [414, "Passport number"],
    [415, "Licence number"],
    [416, "First name"],
    [417, "Last name"],
    [418, "Full name"],
  ],
};

// Revealed hidden values of the item the form was read from, by the field
// names VaultService.Reveal takes ("password", "field:3", ...).
export type Revealed = Record<string, string>;

export const emptyHidden = (): HiddenValue => ({ set: false, tag: "" });

// Where a new item goes, as the sidebar had it open.
export interface Place {
  orgId?: string;
  collectionIds?: string[];
  folderId?: string;
}

export function blankForm(type: number, place: Place = {}): ItemForm {
  const f: ItemForm = {
    id: "",
    revisionDate: "",
    type,
    name: "",
    notes: "",
    folderId: place.orgId ? "" : (place.folderId ?? ""),
    folderName: "",
    favorite: false,
    reprompt: false,
    orgId: place.orgId ?? "",
    orgName: "",
    collectionIds: place.orgId ? [...(place.collectionIds ?? [])] : [],
    collectionNames: [],
    readOnly: false,
    readOnlyReason: "",
    hiddenByAccess: false,
    fields: [],
  };
  if (type === LOGIN) {
    f.login = { username: "", password: emptyHidden(), totp: emptyHidden(), uris: [{ uri: "" }] };
  } else if (type === CARD) {
    f.card = {
      cardholderName: "",
      brand: "",
      expMonth: "",
      expYear: "",
      number: emptyHidden(),
      code: emptyHidden(),
    };
  } else if (type === IDENTITY) {
    f.identity = {
      title: "",
      firstName: "",
      middleName: "",
      lastName: "",
      username: "",
      company: "",
      email: "",
      phone: "",
      address1: "",
      address2: "",
      address3: "",
      city: "",
      state: "",
      postalCode: "",
      country: "",
      ssn: emptyHidden(),
      passportNumber: emptyHidden(),
      licenseNumber: emptyHidden(),
    };
  }
  return f;
}

// cloneForm turns the source item's form into the form of its copy: the
// same contents and place, a new name; hidden values stay null and Go
// copies them from the source.
export function cloneForm(source: ItemForm): ItemForm {
  return { ...structuredClone(source), id: "", revisionDate: "", name: source.name + " - Clone", readOnly: false, readOnlyReason: "" };
}

// A hidden value of the form, with the name Reveal knows it by.
export interface HiddenSlot {
  key: string; // "password", "field:3"; "" for a value with nothing to reveal
  label: string;
  get: (f: ItemForm) => HiddenValue | undefined;
}

// hiddenSlots lists the hidden values a form has.
export function hiddenSlots(f: ItemForm): HiddenSlot[] {
  const out: HiddenSlot[] = [];
  if (f.login) {
    out.push({ key: "password", label: "Password", get: (g) => g.login?.password });
    out.push({ key: "totpSecret", label: "Authenticator key (TOTP)", get: (g) => g.login?.totp });
  }
  if (f.card) {
    out.push({ key: "cardNumber", label: "Card number", get: (g) => g.card?.number });
    out.push({ key: "cardCode", label: "Security code", get: (g) => g.card?.code });
  }
  if (f.identity) {
    out.push({ key: "ssn", label: "Social security number", get: (g) => g.identity?.ssn });
    out.push({ key: "passport", label: "Passport number", get: (g) => g.identity?.passportNumber });
    out.push({ key: "license", label: "Licence number", get: (g) => g.identity?.licenseNumber });
  }
  return out;
}

// fieldRevealKey is the Reveal name of a custom field read from the item.
export const fieldRevealKey = (f: FieldForm): string => (f.index == null ? "" : `field:${f.index}`);

// unchanged tells whether a hidden value goes back as null.
function unchanged(h: HiddenValue | undefined, revealed: string | undefined): boolean {
  return h === undefined || h.value == null || (revealed !== undefined && h.value === revealed);
}

function sendHidden(h: HiddenValue, revealed: string | undefined): HiddenValue {
  return unchanged(h, revealed) ? { set: h.set, tag: h.tag } : { set: h.set, tag: h.tag, value: h.value };
}

// serialise is the form as Save, Create and Clone take it: hidden values
// the user did not change are null (left out), so Go keeps them; URIs and
// everything else as typed.
export function serialise(f: ItemForm, revealed: Revealed): ItemForm {
  const out: ItemForm = structuredClone(f);
  if (out.login) {
    out.login.password = sendHidden(out.login.password, revealed["password"]);
    out.login.totp = sendHidden(out.login.totp, revealed["totpSecret"]);
  }
  if (out.card) {
    out.card.number = sendHidden(out.card.number, revealed["cardNumber"]);
    out.card.code = sendHidden(out.card.code, revealed["cardCode"]);
  }
  if (out.identity) {
    out.identity.ssn = sendHidden(out.identity.ssn, revealed["ssn"]);
    out.identity.passportNumber = sendHidden(out.identity.passportNumber, revealed["passport"]);
    out.identity.licenseNumber = sendHidden(out.identity.licenseNumber, revealed["license"]);
  }
  out.fields = out.fields.map((fl) => {
    const g: FieldForm = { ...fl };
    if (g.index == null) delete g.index;
    if (g.linkedId == null) delete g.linkedId;
    if (g.type === FIELD_HIDDEN) {
      g.hidden = sendHidden(g.hidden ?? emptyHidden(), revealed[fieldRevealKey(g)]);
      g.value = "";
    } else {
      delete g.hidden;
    }
    if (g.type === FIELD_BOOLEAN && g.value !== "true") g.value = "false";
    return g;
  });
  if (out.login) {
    out.login.uris = out.login.uris.map((u) => (u.match == null ? { uri: u.uri } : { uri: u.uri, match: u.match }));
  }
  return out;
}

// Stable JSON: keys sorted, null and undefined left out, so that a form
// from Go (nulls) and one from the editor (missing keys) compare equal.
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && x !== undefined) o[k] = canonical(x);
    }
    return o;
  }
  return v;
}

export const sameJSON = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

// isDirty tells whether the user changed anything since the form was read
// (or, for a new item, since the blank form).
export function isDirty(original: ItemForm, current: ItemForm, revealed: Revealed): boolean {
  return !sameJSON(serialise(original, {}), serialise(current, revealed));
}

export type Mode = "edit" | "clone" | "create";

// validate returns what is wrong, by field ("name", "collections",
// "field:N"), in words for next to the control; {} when the form can go.
export function validate(f: ItemForm, mode: Mode): Record<string, string> {
  const errors: Record<string, string> = {};
  if (f.name.trim() === "") errors.name = "Give the item a name.";
  if (mode !== "edit" && f.orgId !== "" && f.collectionIds.length === 0) {
    errors.collections = "Choose at least one collection: an item in an organization must be in one.";
  }
  f.fields.forEach((fl, i) => {
    if (fl.type === FIELD_LINKED && fl.linkedId == null) errors[`field:${i}`] = "Choose the field it links to.";
  });
  f.login?.uris.forEach((u, i) => {
    if (u.match === 4 && u.uri.trim() !== "") {
      try {
        new RegExp(u.uri);
      } catch {
        errors[`uri:${i}`] = "This is not a valid regular expression.";
      }
    }
  });
  return errors;
}

// rebase re-applies the user's changes (mine, against original, the form
// as first read) on top of theirs (the form of the server's newer
// revision): what the user changed wins, what they did not change takes
// the server's value. mine must already be serialised (unchanged hidden
// values null). Lists (URIs, custom fields) go whole.
export function rebase(original: ItemForm, mine: ItemForm, theirs: ItemForm): ItemForm {
  const out: ItemForm = structuredClone(theirs);
  const pick = <T,>(o: T, m: T, t: T): T => (sameJSON(o, m) ? t : m);
  const hidden = (m: HiddenValue, t: HiddenValue): HiddenValue => (m.value == null ? t : { ...t, value: m.value });
  out.name = pick(original.name, mine.name, theirs.name);
  out.notes = pick(original.notes, mine.notes, theirs.notes);
  out.folderId = pick(original.folderId, mine.folderId, theirs.folderId);
  out.favorite = pick(original.favorite, mine.favorite, theirs.favorite);
  out.reprompt = pick(original.reprompt, mine.reprompt, theirs.reprompt);
  if (original.login && mine.login && out.login) {
    const [o, m, t] = [original.login, mine.login, out.login];
    t.username = pick(o.username, m.username, t.username);
    t.password = hidden(m.password, t.password);
    t.totp = hidden(m.totp, t.totp);
    t.uris = pick(o.uris, m.uris, t.uris);
  }
  if (original.card && mine.card && out.card) {
    const [o, m, t] = [original.card, mine.card, out.card];
    t.cardholderName = pick(o.cardholderName, m.cardholderName, t.cardholderName);
    t.brand = pick(o.brand, m.brand, t.brand);
    t.expMonth = pick(o.expMonth, m.expMonth, t.expMonth);
    t.expYear = pick(o.expYear, m.expYear, t.expYear);
    t.number = hidden(m.number, t.number);
    t.code = hidden(m.code, t.code);
  }
  if (original.identity && mine.identity && out.identity) {
    const [o, m, t] = [original.identity, mine.identity, out.identity];
    const plain = [
      "title", "firstName", "middleName", "lastName", "username", "company", "email", "phone",
      "address1", "address2", "address3", "city", "state", "postalCode", "country",
    ] as const;
    for (const k of plain) t[k] = pick(o[k], m[k], t[k]);
    t.ssn = hidden(m.ssn, t.ssn);
    t.passportNumber = hidden(m.passportNumber, t.passportNumber);
    t.licenseNumber = hidden(m.licenseNumber, t.licenseNumber);
  }
  if (!sameJSON(original.fields, mine.fields)) {
    // My list wins. A field I kept points at its value by its index in
    // the item I read; find the same field (name and type) in theirs.
    out.fields = mine.fields.map((fl) => {
      if (fl.index == null) return { ...fl };
      const was = original.fields.find((o) => o.index === fl.index);
      const j = was ? theirs.fields.findIndex((t) => t.name === was.name && t.type === was.type) : -1;
      const now = j >= 0 ? theirs.fields[j] : undefined;
      const g: FieldForm = { ...fl, index: now?.index ?? undefined };
      if (g.type === FIELD_HIDDEN && now?.hidden && g.hidden?.value == null) g.hidden = { ...now.hidden };
      if (g.index == null) delete g.index;
      return g;
    });
  }
  return out;
}

// ---- Generator options ----

export interface GeneratorLimits {
  minLength: number;
  maxLength: number;
  maxMinCount: number;
  minWords: number;
  maxWords: number;
  maxSeparatorLen: number;
}

// The generator package's limits; GeneratorDefaults returns the same.
export const defaultLimits: GeneratorLimits = {
  minLength: 5,
  maxLength: 128,
  maxMinCount: 9,
  minWords: 3,
  maxWords: 20,
  maxSeparatorLen: 4,
};

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

// validateGenerator checks generator options as Go will, so that the
// popover says what is wrong before asking. null when they are fine.
export function validateGenerator(o: app.GeneratorOptions, l: GeneratorLimits = defaultLimits): string | null {
  const whole = (n: number) => Number.isInteger(n);
  if (o.kind === "passphrase") {
    if (!whole(o.words) || o.words < l.minWords || o.words > l.maxWords) {
      return `Words must be between ${l.minWords} and ${l.maxWords}.`;
    }
    if (utf8Length(o.separator) > l.maxSeparatorLen) return "The separator can be at most one character.";
    return null;
  }
  if (o.kind !== "password") return "Choose password or passphrase.";
  if (!whole(o.length) || o.length < l.minLength || o.length > l.maxLength) {
    return `Length must be between ${l.minLength} and ${l.maxLength}.`;
  }
  for (const [n, what] of [
    [o.minDigits, "Minimum numbers"],
    [o.minSymbols, "Minimum special characters"],
  ] as const) {
    if (!whole(n) || n < 0 || n > l.maxMinCount) return `${what} must be between 0 and ${l.maxMinCount}.`;
  }
  const digits = o.digits || o.minDigits > 0;
  const symbols = o.symbols || o.minSymbols > 0;
  if (!o.lowercase && !o.uppercase && !digits && !symbols) return "Choose at least one kind of character.";
  const needed =
    (o.lowercase ? 1 : 0) + (o.uppercase ? 1 : 0) + (digits ? Math.max(o.minDigits, 1) : 0) + (symbols ? Math.max(o.minSymbols, 1) : 0);
  if (needed > o.length) return `The minimums need ${needed} characters, more than the length of ${o.length}.`;
  return null;
}

// ---- Editor state ----

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "error"; error: AppError }
  | { kind: "conflict"; changes: app.Change[] | null; error?: AppError };

export interface EditorModel {
  original: ItemForm; // as read (or blank); what dirty is measured against
  form: ItemForm; // what the user sees and types into
  revealed: Revealed;
  status: SaveStatus;
}

export type EditorAction =
  | { type: "load"; form: ItemForm; original?: ItemForm }
  | { type: "change"; form: ItemForm }
  | { type: "reveal"; key: string; value: string }
  | { type: "saving" }
  | { type: "failed"; error: AppError }
  | { type: "changes"; changes: app.Change[] }
  | { type: "changesFailed"; error: AppError }
  | { type: "rebase"; theirs: ItemForm };

export function initialModel(form: ItemForm, original: ItemForm = form): EditorModel {
  return { original: structuredClone(original), form: structuredClone(form), revealed: {}, status: { kind: "idle" } };
}

// editorReducer never drops what the user typed: a failed save, a conflict
// and the server's changes leave form as it is; only "rebase" (the user
// asked to apply their changes again) moves it onto the new revision.
export function editorReducer(m: EditorModel, a: EditorAction): EditorModel {
  switch (a.type) {
    case "load":
      return initialModel(a.form, a.original);
    case "change":
      // An error belongs to the last attempt; a conflict stays on show
      // until the user applies their changes again.
      return { ...m, form: a.form, status: m.status.kind === "conflict" ? m.status : { kind: "idle" } };
    case "reveal":
      return { ...m, revealed: { ...m.revealed, [a.key]: a.value } };
    case "saving":
      return { ...m, status: { kind: "saving" } };
    case "failed":
      return {
        ...m,
        status: a.error.code === "conflict" ? { kind: "conflict", changes: null } : { kind: "error", error: a.error },
      };
    case "changes":
      return m.status.kind === "conflict" ? { ...m, status: { kind: "conflict", changes: a.changes } } : m;
    case "changesFailed":
      return m.status.kind === "conflict" ? { ...m, status: { kind: "conflict", changes: [], error: a.error } } : m;
    case "rebase": {
      const mine = serialise(m.form, m.revealed);
      const form = rebase(serialise(m.original, {}), mine, a.theirs);
      return { original: structuredClone(a.theirs), form, revealed: {}, status: { kind: "idle" } };
    }
  }
}

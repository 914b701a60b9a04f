// The item editor: a side panel opened with useSelection().openEditor in
// one of three modes: edit an item, clone one, or create one. VaultScreen
// renders <ItemEditor/> always; it shows itself when an editor is open.
//
// Ctrl/Cmd+S saves, Esc cancels (asking first when something was typed).
// When the server refuses the save because the item changed meanwhile, the
// panel keeps everything typed, lists what changed on the server and
// offers "Apply my changes again".
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState } from "react";
import { Changes, Clone, Create, Form, Save } from "../../wailsjs/go/app/EditService";
import { Reveal } from "../../wailsjs/go/app/VaultService";
import type { app } from "../../wailsjs/go/models";
import { call, type AppError } from "../lib/call";
import { withReprompt } from "../lib/reprompt";
import { useSelection, type EditorState } from "../state/selection";
import { useEditCommands } from "./commands";
import { Dialog } from "../lib/Dialog";
import {
  blankForm,
  CARD,
  cloneForm,
  editorReducer,
  emptyHidden,
  FIELD_BOOLEAN,
  FIELD_HIDDEN,
  FIELD_LINKED,
  FIELD_TEXT,
  fieldRevealKey,
  fieldTypeNames,
  IDENTITY,
  initialModel,
  isDirty,
  linkedTargets,
  LOGIN,
  NOTE,
  serialise,
  SSH_KEY,
  typeNames,
  uriMatches,
  validate,
  type EditorAction,
  type EditorModel,
  type FieldForm,
  type HiddenValue,
  type ItemForm,
  type Mode,
} from "./form";
import { HiddenInput } from "./HiddenInput";
import { collectionsOf, useTargets } from "./targets";
import "./edit.css";

export function ItemEditor() {
  useEditCommands();
  const editor = useSelection((s) => s.editor);
  if (!editor) return null;
  const key = editor.mode === "create" ? `create:${editor.accountId}:${editor.type ?? LOGIN}` : `${editor.mode}:${editor.ref.accountId}:${editor.ref.id}`;
  return <EditorPanel key={key} editor={editor} />;
}

function accountOf(e: EditorState): string {
  return e.mode === "create" ? e.accountId : e.ref.accountId;
}

function title(mode: Mode, type: number): string {
  const name = (typeNames[type] ?? "item").toLowerCase();
  if (mode === "create") return `New ${name}`;
  if (mode === "clone") return `Clone ${name}`;
  return `Edit ${name}`;
}

function EditorPanel({ editor }: { editor: EditorState }) {
  const mode: Mode = editor.mode;
  const accountId = accountOf(editor);
  const itemId = editor.mode === "create" ? "" : editor.ref.id;
  const close = useSelection((s) => s.closeEditor);
  const { targets, error: targetsError } = useTargets(accountId);

  const [model, dispatch] = useReducer(
    (m: EditorModel | null, a: EditorAction): EditorModel | null => (a.type === "load" ? initialModel(a.form, a.original) : m && editorReducer(m, a)),
    undefined,
    (): EditorModel | null =>
      editor.mode === "create"
        ? initialModel(
            blankForm(editor.type ?? LOGIN, {
              orgId: editor.orgId,
              collectionIds: editor.collectionIds,
              folderId: editor.folderId,
            }),
          )
        : null,
  );
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const [showErrors, setShowErrors] = useState(false);

  useEffect(() => {
    if (editor.mode === "create") return;
    let live = true;
    call(() => Form(editor.ref.accountId, editor.ref.id)).then(
      (f) => {
        if (!live) return;
        const form = editor.mode === "clone" ? cloneForm(f) : f;
        dispatch({ type: "load", form });
      },
      (e: AppError) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [editor]);

  const dirty = model !== null && isDirty(model.original, model.form, model.revealed);
  const requestClose = useCallback(() => {
    if (dirty && model?.status.kind !== "saving") setConfirmClose(true);
    else close();
  }, [dirty, model, close]);

  if (model === null) {
    return (
      <Dialog title={loadError ? "Cannot open the item" : "Opening…"} onClose={close} className="edit-panel" backdropClassName="edit-backdrop">
        {loadError ? (
          <>
            <div className="error" role="alert">
              {loadError.message}
            </div>
            <div className="actions">
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
          </>
        ) : (
          <p className="muted">Decrypting…</p>
        )}
      </Dialog>
    );
  }

  return (
    <EditorBody
      mode={mode}
      accountId={accountId}
      itemId={itemId}
      model={model}
      dispatch={dispatch}
      targets={targets}
      targetsError={targetsError}
      dirty={dirty}
      showErrors={showErrors}
      setShowErrors={setShowErrors}
      requestClose={requestClose}
      confirmClose={confirmClose}
      setConfirmClose={setConfirmClose}
    />
  );
}

interface BodyProps {
  mode: Mode;
  accountId: string;
  itemId: string; // the item edited, or the source of a clone
  model: EditorModel;
  dispatch: React.Dispatch<EditorAction>;
  targets: app.Targets | null;
  targetsError: AppError | null;
  dirty: boolean;
  showErrors: boolean;
  setShowErrors: (v: boolean) => void;
  requestClose: () => void;
  confirmClose: boolean;
  setConfirmClose: (v: boolean) => void;
}

function EditorBody(p: BodyProps) {
  const { mode, accountId, itemId, model, dispatch } = p;
  const { form, revealed, status } = model;
  const close = useSelection((s) => s.closeEditor);
  const select = useSelection((s) => s.select);
  const vaultChanged = useSelection((s) => s.vaultChanged);
  const errors = useMemo(() => validate(form, mode), [form, mode]);
  const shown = p.showErrors ? errors : {};
  const readOnly = form.readOnly;
  const bodyRef = useRef<HTMLDivElement>(null);
  const modelRef = useRef(model);
  modelRef.current = model;

  const update = (f: (draft: ItemForm) => void) => {
    const next = structuredClone(modelRef.current.form);
    f(next);
    dispatch({ type: "change", form: next });
  };

  const reveal = (key: string) => async () => {
    const v = await withReprompt({ accountId, id: itemId }, () => call(() => Reveal(accountId, itemId, key)));
    dispatch({ type: "reveal", key, value: v });
  };

  const save = async (m: EditorModel) => {
    if (readOnly || m.status.kind === "saving") return;
    const errs = validate(m.form, mode);
    if (Object.keys(errs).length > 0) {
      p.setShowErrors(true);
      requestAnimationFrame(() => bodyRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    dispatch({ type: "saving" });
    const payload = serialise(m.form, m.revealed);
    try {
      let saved: app.SavedItem;
      if (mode === "edit") saved = await call(() => Save(accountId, itemId, payload));
      else if (mode === "clone") saved = await call(() => Clone(accountId, itemId, payload));
      else saved = await call(() => Create(accountId, payload));
      vaultChanged();
      select({ accountId: saved.accountId || accountId, id: saved.id });
      close();
    } catch (e) {
      const err = e as AppError;
      dispatch({ type: "failed", error: err });
      if (err.code === "conflict" && mode === "edit") {
        call(() => Changes(accountId, itemId, m.original)).then(
          (changes) => dispatch({ type: "changes", changes }),
          (e2: AppError) => dispatch({ type: "changesFailed", error: e2 }),
        );
      }
    }
  };

  // "Apply my changes again": my changes on top of the server's revision,
  // saved at once.
  const applyAgain = async () => {
    let theirs: ItemForm;
    try {
      theirs = await call(() => Form(accountId, itemId));
    } catch (e) {
      dispatch({ type: "changesFailed", error: e as AppError });
      return;
    }
    const next = editorReducer(modelRef.current, { type: "rebase", theirs });
    dispatch({ type: "rebase", theirs });
    await save(next);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
      void save(modelRef.current);
      return true;
    }
    return false;
  };

  const typeSelect = mode === "create" && (
    <label>
      Type
      <select
        value={form.type}
        onChange={(e) => {
          const type = Number(e.target.value);
          const blank = blankForm(type, { orgId: form.orgId, collectionIds: form.collectionIds, folderId: form.folderId });
          dispatch({ type: "change", form: { ...blank, name: form.name, notes: form.notes, favorite: form.favorite, reprompt: form.reprompt, fields: form.fields } });
        }}
      >
        {[LOGIN, NOTE, CARD, IDENTITY].map((t) => (
          <option key={t} value={t}>
            {typeNames[t]}
          </option>
        ))}
      </select>
    </label>
  );

  const hidden = (label: string, key: string, value: HiddenValue, set: (d: ItemForm, v: string) => void, extra?: { generator?: boolean; multiline?: boolean }) => (
    <HiddenInput
      label={label}
      value={value}
      revealed={revealed[key]}
      onReveal={mode !== "create" && value.set ? reveal(key) : undefined}
      onChange={(v) => update((d) => set(d, v))}
      disabled={readOnly}
      hiddenByAccess={form.hiddenByAccess}
      generator={extra?.generator}
      multiline={extra?.multiline}
    />
  );

  // The error goes beside the label, not in it, so that the input's
  // accessible name stays its label alone.
  const text = (label: string, value: string, set: (d: ItemForm, v: string) => void, opts?: { error?: string; autoFocus?: boolean; type?: string }) => (
    <div className="edit-text">
      <label>
        {label}
        <input
          type={opts?.type ?? "text"}
          value={value}
          disabled={readOnly}
          aria-invalid={opts?.error ? true : undefined}
          data-autofocus={opts?.autoFocus ? "" : undefined}
          onChange={(e) => update((d) => set(d, e.target.value))}
        />
      </label>
      {opts?.error && <span className="error">{opts.error}</span>}
    </div>
  );

  return (
    <Dialog title={title(mode, form.type)} onClose={p.requestClose} className="edit-panel" backdropClassName="edit-backdrop" onKeyDown={onKeyDown}>
      <div ref={bodyRef} className="edit-body">
        {readOnly && <div className="notice">{form.readOnlyReason || "This item cannot be changed."}</div>}
        {!readOnly && form.hiddenByAccess && (
          <div className="notice">Your collection access hides this item's passwords: they are kept as they are.</div>
        )}
        {mode === "clone" && <div className="notice">A copy of the item: hidden values you leave alone are copied too.</div>}
        {status.kind === "conflict" && <ConflictView status={status} onApply={applyAgain} />}

        {typeSelect}
        {text("Name", form.name, (d, v) => (d.name = v), { error: shown.name, autoFocus: true })}

        {form.login && (
          <section className="edit-section" aria-label="Login">
            {text("Username", form.login.username, (d, v) => (d.login!.username = v))}
            {hidden("Password", "password", form.login.password, (d, v) => (d.login!.password = { ...d.login!.password, value: v }), { generator: true })}
            {hidden("Authenticator key (TOTP)", "totpSecret", form.login.totp, (d, v) => (d.login!.totp = { ...d.login!.totp, value: v }))}
            <UriList form={form} readOnly={readOnly} update={update} errors={shown} />
          </section>
        )}

        {form.card && <CardSection form={form} text={text} hidden={hidden} readOnly={readOnly} update={update} />}

        {form.identity && (
          <section className="edit-section edit-grid" aria-label="Identity">
            {text("Title", form.identity.title, (d, v) => (d.identity!.title = v))}
            {text("First name", form.identity.firstName, (d, v) => (d.identity!.firstName = v))}
            {text("Middle name", form.identity.middleName, (d, v) => (d.identity!.middleName = v))}
            {text("Last name", form.identity.lastName, (d, v) => (d.identity!.lastName = v))}
            {text("Username", form.identity.username, (d, v) => (d.identity!.username = v))}
            {text("Company", form.identity.company, (d, v) => (d.identity!.company = v))}
            {text("Email", form.identity.email, (d, v) => (d.identity!.email = v), { type: "email" })}
            {text("Phone", form.identity.phone, (d, v) => (d.identity!.phone = v))}
            {hidden("Social security number", "ssn", form.identity.ssn, (d, v) => (d.identity!.ssn = { ...d.identity!.ssn, value: v }))}
            {hidden("Passport number", "passport", form.identity.passportNumber, (d, v) => (d.identity!.passportNumber = { ...d.identity!.passportNumber, value: v }))}
            {hidden("Licence number", "license", form.identity.licenseNumber, (d, v) => (d.identity!.licenseNumber = { ...d.identity!.licenseNumber, value: v }))}
            {text("Address 1", form.identity.address1, (d, v) => (d.identity!.address1 = v))}
            {text("Address 2", form.identity.address2, (d, v) => (d.identity!.address2 = v))}
            {text("Address 3", form.identity.address3, (d, v) => (d.identity!.address3 = v))}
            {text("City", form.identity.city, (d, v) => (d.identity!.city = v))}
            {text("State or province", form.identity.state, (d, v) => (d.identity!.state = v))}
            {text("Postal code", form.identity.postalCode, (d, v) => (d.identity!.postalCode = v))}
            {text("Country", form.identity.country, (d, v) => (d.identity!.country = v))}
          </section>
        )}

        {form.type === SSH_KEY && form.sshKey && (
          <section className="edit-section" aria-label="SSH key">
            <label>
              Public key
              <textarea className="mono" readOnly rows={3} value={form.sshKey.publicKey} />
            </label>
            <label>
              Fingerprint
              <input className="mono" readOnly value={form.sshKey.fingerprint} />
            </label>
            <p className="muted">{form.sshKey.hasPrivateKey ? "The private key is stored; copy it from the item view." : "No private key is stored."}</p>
          </section>
        )}

        <label>
          Notes
          <textarea rows={4} value={form.notes} disabled={readOnly} onChange={(e) => update((d) => (d.notes = e.target.value))} />
        </label>

        <FieldList form={form} readOnly={readOnly} update={update} revealed={revealed} reveal={mode === "create" ? undefined : reveal} errors={shown} />

        <Placement mode={mode} form={form} readOnly={readOnly} update={update} targets={p.targets} targetsError={p.targetsError} errors={shown} />

        <div className="edit-checks">
          <label className="inline">
            <input type="checkbox" checked={form.favorite} disabled={readOnly} onChange={(e) => update((d) => (d.favorite = e.target.checked))} />
            Favorite
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.reprompt} disabled={readOnly} onChange={(e) => update((d) => (d.reprompt = e.target.checked))} />
            Master password re-prompt
          </label>
        </div>
      </div>

      <footer className="edit-footer">
        {status.kind === "error" && (
          <div className="error" role="alert">
            {status.error.message}
          </div>
        )}
        {p.showErrors && Object.keys(errors).length > 0 && (
          <div className="error" role="alert">
            Fix the fields marked above, then save.
          </div>
        )}
        {p.confirmClose ? (
          <div className="edit-confirm" role="alertdialog" aria-label="Discard changes?">
            <span>Discard the changes you made?</span>
            <button type="button" className="danger" onClick={close} data-autofocus="">
              Discard changes
            </button>
            <button type="button" onClick={() => p.setConfirmClose(false)}>
              Keep editing
            </button>
          </div>
        ) : (
          <div className="actions">
            <span className="muted edit-hint">{readOnly ? "" : "Ctrl+S saves · Esc cancels"}</span>
            <button type="button" onClick={p.requestClose}>
              {readOnly ? "Close" : "Cancel"}
            </button>
            {!readOnly && (
              <button type="button" className="primary" disabled={status.kind === "saving"} onClick={() => void save(model)}>
                {status.kind === "saving" ? "Saving…" : "Save"}
              </button>
            )}
          </div>
        )}
      </footer>
    </Dialog>
  );
}

function ConflictView({ status, onApply }: { status: Extract<EditorModel["status"], { kind: "conflict" }>; onApply: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="edit-conflict" role="alert">
      <strong>This item changed on the server since you opened it.</strong>
      <p>Nothing you typed is lost. Here is what changed on the server:</p>
      {status.changes === null ? (
        <p className="muted">Reading the server's copy…</p>
      ) : status.changes.length === 0 ? (
        <p className="muted">{status.error ? status.error.message : "No visible field changed (only its revision)."}</p>
      ) : (
        <ul className="edit-changes">
          {status.changes.map((c, i) => (
            <li key={i}>
              {c.secret ? (
                <span>{c.field} changed</span>
              ) : (
                <span>
                  {c.field}: <del>{c.old || "(empty)"}</del> → <ins>{c.new || "(empty)"}</ins>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Applying your changes again keeps the server's changes to the fields you did not touch.</p>
      <div>
        <button
          type="button"
          className="primary"
          disabled={busy || status.changes === null}
          onClick={async () => {
            setBusy(true);
            try {
              await onApply();
            } finally {
              setBusy(false);
            }
          }}
        >
          Apply my changes again
        </button>
      </div>
    </div>
  );
}

type Update = (f: (draft: ItemForm) => void) => void;

function UriList({ form, readOnly, update, errors }: { form: ItemForm; readOnly: boolean; update: Update; errors: Record<string, string> }) {
  const uris = form.login!.uris;
  return (
    <fieldset className="edit-list">
      <legend>Websites and addresses</legend>
      {uris.map((u, i) => (
        <div className="edit-row" key={i}>
          <input
            aria-label={`URI ${i + 1}`}
            value={u.uri}
            disabled={readOnly}
            placeholder="https://…"
            aria-invalid={errors[`uri:${i}`] ? true : undefined}
            onChange={(e) => update((d) => (d.login!.uris[i].uri = e.target.value))}
          />
          <select
            aria-label={`Match detection for URI ${i + 1}`}
            value={u.match == null ? "" : String(u.match)}
            disabled={readOnly}
            onChange={(e) =>
              update((d) => {
                d.login!.uris[i].match = e.target.value === "" ? undefined : Number(e.target.value);
              })
            }
          >
            <option value="">Default</option>
            {uriMatches.map(([v, name]) => (
              <option key={v} value={v}>
                {name}
              </option>
            ))}
          </select>
          <button type="button" className="icon" aria-label={`Remove URI ${i + 1}`} disabled={readOnly} onClick={() => update((d) => d.login!.uris.splice(i, 1))}>
            Remove
          </button>
          {errors[`uri:${i}`] && <span className="error">{errors[`uri:${i}`]}</span>}
        </div>
      ))}
      <div>
        <button type="button" disabled={readOnly} onClick={() => update((d) => d.login!.uris.push({ uri: "" }))}>
          Add URI
        </button>
      </div>
    </fieldset>
  );
}

function CardSection({
  form,
  text,
  hidden,
  readOnly,
  update,
}: {
  form: ItemForm;
  text: (label: string, value: string, set: (d: ItemForm, v: string) => void) => React.ReactNode;
  hidden: (label: string, key: string, value: HiddenValue, set: (d: ItemForm, v: string) => void) => React.ReactNode;
  readOnly: boolean;
  update: Update;
}) {
  const c = form.card!;
  const brands = ["Visa", "Mastercard", "Amex", "Discover", "Diners Club", "JCB", "Maestro", "UnionPay", "RuPay", "Other"];
  const listId = useId();
  return (
    <section className="edit-section edit-grid" aria-label="Card">
      {text("Cardholder name", c.cardholderName, (d, v) => (d.card!.cardholderName = v))}
      <label>
        Brand
        <input list={listId} value={c.brand} disabled={readOnly} onChange={(e) => update((d) => (d.card!.brand = e.target.value))} />
        <datalist id={listId}>
          {brands.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </label>
      {hidden("Card number", "cardNumber", c.number, (d, v) => (d.card!.number = { ...d.card!.number, value: v }))}
      {hidden("Security code", "cardCode", c.code, (d, v) => (d.card!.code = { ...d.card!.code, value: v }))}
      <label>
        Expiry month
        <select value={c.expMonth} disabled={readOnly} onChange={(e) => update((d) => (d.card!.expMonth = e.target.value))}>
          <option value="">—</option>
          {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((m) => (
            <option key={m} value={m}>
              {m.padStart(2, "0")}
            </option>
          ))}
        </select>
      </label>
      {text("Expiry year", c.expYear, (d, v) => (d.card!.expYear = v))}
    </section>
  );
}

function FieldList({
  form,
  readOnly,
  update,
  revealed,
  reveal,
  errors,
}: {
  form: ItemForm;
  readOnly: boolean;
  update: Update;
  revealed: Record<string, string>;
  reveal?: (key: string) => () => Promise<void>;
  errors: Record<string, string>;
}) {
  const [newType, setNewType] = useState(FIELD_TEXT);
  const linked = linkedTargets[form.type] ?? [];
  const setType = (i: number, type: number) =>
    update((d) => {
      const f = d.fields[i];
      const before = f.type;
      if (before === type) return;
      if (type === FIELD_HIDDEN) {
        f.hidden = { ...emptyHidden(), value: f.value };
        f.value = "";
      } else if (before === FIELD_HIDDEN) {
        f.value = f.hidden?.value ?? revealed[fieldRevealKey(f)] ?? "";
        f.hidden = undefined;
      }
      if (type === FIELD_BOOLEAN) f.value = f.value === "true" ? "true" : "false";
      if (type === FIELD_LINKED) {
        f.value = "";
        f.linkedId = linked[0]?.[0];
      } else {
        f.linkedId = undefined;
      }
      f.type = type;
    });
  return (
    <fieldset className="edit-list">
      <legend>Custom fields</legend>
      {form.fields.length === 0 && <p className="muted">None.</p>}
      {form.fields.map((f: FieldForm, i: number) => {
        const label = f.name || `field ${i + 1}`;
        return (
          <div className="edit-row edit-field" key={i}>
            <input aria-label={`Field name ${i + 1}`} placeholder="Field name" value={f.name} disabled={readOnly} onChange={(e) => update((d) => (d.fields[i].name = e.target.value))} />
            <select aria-label={`Field type ${i + 1}`} value={f.type} disabled={readOnly} onChange={(e) => setType(i, Number(e.target.value))}>
              {fieldTypeNames.map(([t, name]) => (
                <option key={t} value={t}>
                  {name}
                </option>
              ))}
            </select>
            <div className="edit-field-value">
              {f.type === FIELD_TEXT && (
                <input aria-label={`Value of ${label}`} value={f.value} disabled={readOnly} onChange={(e) => update((d) => (d.fields[i].value = e.target.value))} />
              )}
              {f.type === FIELD_BOOLEAN && (
                <label className="inline">
                  <input type="checkbox" checked={f.value === "true"} disabled={readOnly} onChange={(e) => update((d) => (d.fields[i].value = e.target.checked ? "true" : "false"))} />
                  {`Value of ${label}`}
                </label>
              )}
              {f.type === FIELD_HIDDEN && (
                <HiddenInput
                  label={label}
                  ariaLabel={`Value of ${label}`}
                  value={f.hidden ?? emptyHidden()}
                  revealed={revealed[fieldRevealKey(f)]}
                  onReveal={reveal && f.index != null && f.hidden?.set ? reveal(fieldRevealKey(f)) : undefined}
                  onChange={(v) => update((d) => (d.fields[i].hidden = { ...(d.fields[i].hidden ?? emptyHidden()), value: v }))}
                  disabled={readOnly}
                  hiddenByAccess={form.hiddenByAccess}
                />
              )}
              {f.type === FIELD_LINKED && (
                <select
                  aria-label={`Value of ${label}`}
                  value={f.linkedId == null ? "" : String(f.linkedId)}
                  disabled={readOnly}
                  aria-invalid={errors[`field:${i}`] ? true : undefined}
                  onChange={(e) => update((d) => (d.fields[i].linkedId = e.target.value === "" ? undefined : Number(e.target.value)))}
                >
                  <option value="">Choose a field…</option>
                  {linked.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </select>
              )}
              {errors[`field:${i}`] && <span className="error">{errors[`field:${i}`]}</span>}
            </div>
            <button type="button" className="icon" aria-label={`Remove field ${label}`} disabled={readOnly} onClick={() => update((d) => d.fields.splice(i, 1))}>
              Remove
            </button>
          </div>
        );
      })}
      <div className="edit-row">
        <select aria-label="Type of the new field" value={newType} disabled={readOnly} onChange={(e) => setNewType(Number(e.target.value))}>
          {fieldTypeNames
            .filter(([t]) => t !== FIELD_LINKED || linked.length > 0)
            .map(([t, name]) => (
              <option key={t} value={t}>
                {name}
              </option>
            ))}
        </select>
        <button
          type="button"
          disabled={readOnly}
          onClick={() =>
            update((d) => {
              const f: FieldForm = { name: "", type: newType, value: newType === FIELD_BOOLEAN ? "false" : "" };
              if (newType === FIELD_HIDDEN) f.hidden = emptyHidden();
              if (newType === FIELD_LINKED) f.linkedId = linked[0]?.[0];
              d.fields.push(f);
            })
          }
        >
          Add field
        </button>
      </div>
    </fieldset>
  );
}

function Placement({
  mode,
  form,
  readOnly,
  update,
  targets,
  targetsError,
  errors,
}: {
  mode: Mode;
  form: ItemForm;
  readOnly: boolean;
  update: Update;
  targets: app.Targets | null;
  targetsError: AppError | null;
  errors: Record<string, string>;
}) {
  const folders = targets?.folders ?? [];
  const folderSelect = (
    <label>
      Folder
      <select value={form.folderId} disabled={readOnly} onChange={(e) => update((d) => (d.folderId = e.target.value))}>
        <option value="">No folder</option>
        {form.folderId !== "" && !folders.some((f) => f.id === form.folderId) && <option value={form.folderId}>{form.folderName || "Current folder"}</option>}
        {folders.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </label>
  );

  if (mode === "edit") {
    return (
      <section className="edit-section" aria-label="Placement">
        {form.orgId !== "" && (
          <p className="muted">
            In <strong>{form.orgName || "an organization"}</strong>
            {form.collectionNames.length > 0 && <> · {form.collectionNames.join(", ")}</>}. Use Collections… to change them.
          </p>
        )}
        {folderSelect}
      </section>
    );
  }

  const orgs = targets?.orgs ?? [];
  const collections = collectionsOf(targets, form.orgId);
  return (
    <section className="edit-section" aria-label="Placement">
      {targetsError && <div className="error">{targetsError.message}</div>}
      <label>
        Owner
        <select
          value={form.orgId}
          onChange={(e) =>
            update((d) => {
              d.orgId = e.target.value;
              d.collectionIds = [];
              if (d.orgId !== "") d.folderId = "";
            })
          }
        >
          <option value="">My vault</option>
          {form.orgId !== "" && !orgs.some((o) => o.id === form.orgId) && <option value={form.orgId}>{form.orgName || "Current organization"}</option>}
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      {form.orgId !== "" ? (
        <fieldset className="edit-collections" aria-invalid={errors.collections ? true : undefined}>
          <legend>Collections</legend>
          {collections.length === 0 && <p className="muted">{targets ? "You cannot add items to any collection of this organization." : "Loading…"}</p>}
          {collections.map((c) => (
            <label className="inline" key={c.id}>
              <input
                type="checkbox"
                checked={form.collectionIds.includes(c.id)}
                onChange={(e) =>
                  update((d) => {
                    d.collectionIds = e.target.checked ? [...d.collectionIds, c.id] : d.collectionIds.filter((x) => x !== c.id);
                  })
                }
              />
              {c.name}
            </label>
          ))}
          {errors.collections && <span className="error">{errors.collections}</span>}
        </fieldset>
      ) : (
        folderSelect
      )}
    </section>
  );
}

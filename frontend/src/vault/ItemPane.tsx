// The item view: every field with a copy button, reveal toggles for hidden
// values, the TOTP code with its countdown, launch buttons, custom fields,
// password history and attachments. Hidden values come from Go one at a
// time (Reveal) and live only in this component's state: they are dropped
// when hidden again or when the item changes.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { app } from "../../wailsjs/go/models";
import { Item, LaunchURI, Reveal, TOTP } from "../../wailsjs/go/app/VaultService";
import { call, type AppError } from "../lib/call";
import { withReprompt } from "../lib/reprompt";
import { ItemActions } from "../edit/ItemActions";
import { useSelection, type ItemRef } from "../state/selection";
import { useVault } from "./store";
import { ringFraction } from "./banner";

// SEARCH_SETTLE_MS is how long a selection made by a search (its first
// result, on every keystroke) must rest before the item view asks Go for
// the item: opening each of them would compete with the list while the
// user types. An item the user picks opens at once.
const SEARCH_SETTLE_MS = 250;

export function ItemPane() {
  const selected = useSelection((s) => s.selected);
  const bySearch = useSelection((s) => s.bySearch);
  const version = useSelection((s) => s.vaultVersion);
  const select = useSelection((s) => s.select);
  const [state, setState] = useState<{ key: string; view: app.ItemView | null; error: AppError | null }>({
    key: "",
    view: null,
    error: null,
  });
  const seq = useRef(0);

  useEffect(() => {
    if (!selected) {
      setState({ key: "", view: null, error: null });
      return;
    }
    const n = ++seq.current;
    const key = `${selected.accountId}/${selected.id}`;
    const timer = setTimeout(() => {
      call(() => Item(selected.accountId, selected.id)).then(
        (view) => {
          if (n === seq.current) setState({ key, view, error: null });
        },
        (error: AppError) => {
          if (n !== seq.current) return;
          // Gone since (deleted, moved out of reach): let the selection go.
          if (error.code === "not-found") select(null);
          setState({ key, view: null, error });
        },
      );
    }, bySearch ? SEARCH_SETTLE_MS : 0);
    return () => clearTimeout(timer);
  }, [selected, bySearch, version, select]);

  if (!selected) {
    return (
      <section className="vault-item" aria-label="Item">
        <div className="vault-item-empty">Select an item to see it here.</div>
      </section>
    );
  }
  return (
    <section className="vault-item" aria-label="Item">
      {state.error && (
        <div className="error" role="alert">
          {state.error.message}
        </div>
      )}
      {state.view && state.key === `${selected.accountId}/${selected.id}` && (
        // Keyed by item and revision: revealed values never carry over.
        <ItemDetails key={`${state.key}/${state.view.revised}`} view={state.view} />
      )}
    </section>
  );
}

const matchLabels: Record<string, string> = {
  default: "",
  domain: "base domain",
  host: "host",
  startsWith: "starts with",
  exact: "exact",
  regex: "regular expression",
  never: "never",
};

function fmtDate(ms: number): string {
  return ms ? new Date(ms).toLocaleString() : "";
}

function ItemDetails({ view }: { view: app.ItemView }) {
  const ref: ItemRef = { accountId: view.accountId, id: view.id };
  const copy = useVault((s) => s.copy);
  const several = useVault((s) => (s.sidebar?.accounts.length ?? 0) > 1);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});

  const setError = (field: string, msg: string | null) =>
    setErrors((e) => {
      const next = { ...e };
      if (msg) next[field] = msg;
      else delete next[field];
      return next;
    });

  const toggleReveal = async (field: string) => {
    if (field in revealed) {
      setRevealed(({ [field]: _, ...rest }) => rest);
      return;
    }
    try {
      const value = await withReprompt(ref, () => call(() => Reveal(view.accountId, view.id, field)));
      setRevealed((r) => ({ ...r, [field]: value }));
      setError(field, null);
    } catch (e) {
      setError(field, (e as AppError).message);
    }
  };
  const doCopy = async (field: string) => {
    const ok = await copy(ref, field);
    setError(`copy:${field}`, ok ? null : (useVault.getState().copyError?.message ?? "Could not copy"));
  };
  const launch = async (i: number) => {
    try {
      await call(() => LaunchURI(view.accountId, view.id, i));
      setError(`uri:${i}`, null);
    } catch (e) {
      setError(`uri:${i}`, (e as AppError).message);
    }
  };

  const hidden = !view.canViewPassword;
  const fieldProps = { revealed, errors, hidden, onReveal: toggleReveal, onCopy: doCopy };
  const l = view.login;
  const c = view.card;
  const d = view.identity;
  const k = view.sshKey;

  return (
    <article>
      <header className="vault-item-head">
        <div className="vault-item-title">
          <h2>{view.name || "(no name)"}</h2>
          <ItemActions item={ref} orgId={view.orgId} canEdit={view.canEdit} deleted={view.deleted} />
        </div>
        <div className="vault-item-badges">
          <span className="badge">{view.typeName}</span>
          <span className="badge vault-accent">{view.orgName || (view.orgId ? "Organization" : "My vault")}</span>
          {several && <span className="badge">{view.accountEmail}</span>}
          {view.collections.map((col) => (
            <span className="badge" key={col.id} title={col.hidePasswords ? "Passwords hidden in this collection" : undefined}>
              {col.name}
            </span>
          ))}
          {view.folderName && <span className="badge">Folder: {view.folderName}</span>}
          {!view.canEdit && <span className="badge vault-warn">Read only</span>}
          {hidden && <span className="badge vault-warn">Hidden by collection access</span>}
          {view.favorite && <span className="badge">★ Favorite</span>}
          {view.deleted && <span className="badge vault-danger">In trash</span>}
          {view.reprompt && <span className="badge">Master password re-prompt</span>}
          {view.damaged && <span className="badge vault-danger">Damaged</span>}
        </div>
      </header>

      {view.damaged ? (
        <div className="error" role="alert">
          This item could not be decrypted: it may have been tampered with, or its organization key is missing.
          Nothing of it can be shown or copied; the rest of the vault is not affected.
        </div>
      ) : (
        <>
          {l && (
            <Section title="Login">
              <FieldRow label="Username" value={l.username} copyField="username" {...fieldProps} />
              {l.hasPassword && <SecretRow label="Password" field="password" covered {...fieldProps} />}
              {l.hasTotp && (
                <div className="vault-field">
                  <span className="vault-field-label">TOTP</span>
                  {hidden ? (
                    <span className="vault-hidden-note">Hidden by collection access</span>
                  ) : (
                    <TotpCode item={ref} onCopy={() => void doCopy("totp")} />
                  )}
                  <span className="vault-field-actions">
                    {!hidden && (
                      <button type="button" aria-label="Copy TOTP code" onClick={() => void doCopy("totp")}>
                        Copy
                      </button>
                    )}
                  </span>
                </div>
              )}
              {l.uris.map((u, i) => (
                <div className="vault-field" key={i}>
                  <span className="vault-field-label">
                    {l.uris.length > 1 ? `URI ${i + 1}` : "URI"}
                    {matchLabels[u.match] ? ` · ${matchLabels[u.match]}` : ""}
                  </span>
                  <span className="vault-field-value">
                    {u.uri}
                    {errors[`uri:${i}`] && <span className="error">{errors[`uri:${i}`]}</span>}
                    {errors[`copy:uri:${i}`] && <span className="error">{errors[`copy:uri:${i}`]}</span>}
                  </span>
                  <span className="vault-field-actions">
                    {u.launchable && (
                      <button type="button" aria-label={`Launch ${u.uri}`} onClick={() => void launch(i)}>
                        Open
                      </button>
                    )}
                    <button type="button" aria-label={`Copy URI ${i + 1}`} onClick={() => void doCopy(`uri:${i}`)}>
                      Copy
                    </button>
                  </span>
                </div>
              ))}
            </Section>
          )}

          {c && (
            <Section title="Card">
              <FieldRow label="Cardholder name" value={c.holder} copyField="cardholderName" {...fieldProps} />
              <FieldRow label="Brand" value={c.brand} copyField="cardBrand" {...fieldProps} />
              {(c.hasNumber || hidden) && <SecretRow label="Card number" field="cardNumber" covered {...fieldProps} />}
              <FieldRow
                label="Expiration"
                value={[c.expMonth, c.expYear].filter(Boolean).join(" / ")}
                copyField="cardExpiry"
                {...fieldProps}
              />
              {(c.hasCode || hidden) && <SecretRow label="Security code" field="cardCode" covered {...fieldProps} />}
            </Section>
          )}

          {d && (
            <Section title="Identity">
              <FieldRow
                label="Name"
                value={[d.title, d.firstName, d.middleName, d.lastName].filter(Boolean).join(" ")}
                copyField="fullName"
                {...fieldProps}
              />
              <FieldRow label="Username" value={d.username} copyField="identityUsername" {...fieldProps} />
              <FieldRow label="Company" value={d.company} copyField="company" {...fieldProps} />
              <FieldRow label="Email" value={d.email} copyField="email" {...fieldProps} />
              <FieldRow label="Phone" value={d.phone} copyField="phone" {...fieldProps} />
              <FieldRow
                label="Address"
                value={[d.address1, d.address2, d.address3, [d.city, d.state, d.postalCode].filter(Boolean).join(" "), d.country]
                  .filter(Boolean)
                  .join("\n")}
                copyField="address"
                {...fieldProps}
              />
              {d.hasSsn && <SecretRow label="Social Security number" field="ssn" {...fieldProps} />}
              {d.hasPassport && <SecretRow label="Passport number" field="passport" {...fieldProps} />}
              {d.hasLicense && <SecretRow label="License number" field="license" {...fieldProps} />}
            </Section>
          )}

          {k && (
            <Section title="SSH key">
              <FieldRow label="Public key" value={k.publicKey} mono copyField="sshPublicKey" {...fieldProps} />
              <FieldRow label="Fingerprint" value={k.fingerprint} mono copyField="sshFingerprint" {...fieldProps} />
              {(k.hasPrivateKey || hidden) && <SecretRow label="Private key" field="sshPrivateKey" covered mono {...fieldProps} />}
            </Section>
          )}

          {view.notes && (
            <Section title="Notes">
              <FieldRow label="Notes" value={view.notes} copyField="notes" {...fieldProps} />
            </Section>
          )}

          {view.fields.length > 0 && (
            <Section title="Custom fields">
              {view.fields.map((f, i) => {
                const label = f.name || `Field ${i + 1}`;
                const field = `field:${i}`;
                switch (f.kind) {
                  case "hidden":
                    return <SecretRow key={i} label={label} field={field} covered {...fieldProps} hidden={f.withheld} />;
                  case "boolean":
                    return (
                      <FieldRow key={i} label={label} value={f.value === "true" ? "Yes" : "No"} copyField={field} {...fieldProps} />
                    );
                  case "linked":
                    return <FieldRow key={i} label={label} value={`Linked to ${f.linked || "a field"}`} {...fieldProps} />;
                  default:
                    return <FieldRow key={i} label={label} value={f.value} copyField={field} {...fieldProps} />;
                }
              })}
            </Section>
          )}

          {l && (view.history.length > 0 || hidden) && (
            <Section title="Password history">
              {hidden ? (
                <div className="vault-field">
                  <span className="vault-field-label">Old passwords</span>
                  <span className="vault-hidden-note">Hidden by collection access</span>
                  <span />
                </div>
              ) : (
                view.history.map((h, i) => (
                  <SecretRow
                    key={i}
                    label={`Old password ${i + 1}`}
                    note={h.lastUsed ? `last used ${fmtDate(h.lastUsed)}` : undefined}
                    field={`history:${i}`}
                    covered
                    {...fieldProps}
                  />
                ))
              )}
            </Section>
          )}

          {view.attachments.length > 0 && (
            <Section title="Attachments">
              {view.attachments.map((a) => (
                <div className="vault-field" key={a.id}>
                  <span className="vault-field-label">{a.name}</span>
                  <span className="vault-field-value muted">{a.size}</span>
                  <span />
                </div>
              ))}
            </Section>
          )}
        </>
      )}

      <div className="vault-meta">
        <span>Account</span>
        <span>{view.accountEmail}</span>
        {view.created > 0 && (
          <>
            <span>Created</span>
            <span>{fmtDate(view.created)}</span>
          </>
        )}
        {view.revised > 0 && (
          <>
            <span>Updated</span>
            <span>{fmtDate(view.revised)}</span>
          </>
        )}
        {l && l.passwordRevised > 0 && (
          <>
            <span>Password changed</span>
            <span>{fmtDate(l.passwordRevised)}</span>
          </>
        )}
        {view.deletedAt > 0 && (
          <>
            <span>Deleted</span>
            <span>{fmtDate(view.deletedAt)}</span>
          </>
        )}
      </div>
    </article>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="vault-section" aria-label={title}>
      <h3>{title}</h3>
      <div className="vault-fields">{children}</div>
    </section>
  );
}

interface RowCommon {
  revealed: Record<string, string>;
  errors: Record<string, string>;
  hidden: boolean; // hide-passwords applies to the item
  onReveal: (field: string) => void;
  onCopy: (field: string) => void;
  mono?: boolean;
}

// FieldRow is a visible value with its copy button. Empty values are
// left out.
function FieldRow(props: RowCommon & { label: string; value: string; copyField?: string }) {
  if (!props.value) return null;
  const err = props.copyField ? props.errors[`copy:${props.copyField}`] : undefined;
  return (
    <div className="vault-field">
      <span className="vault-field-label">{props.label}</span>
      <span className={props.mono ? "vault-field-value mono" : "vault-field-value"}>
        {props.value}
        {err && <span className="error">{err}</span>}
      </span>
      <span className="vault-field-actions">
        {props.copyField && (
          <button type="button" aria-label={`Copy ${props.label}`} onClick={() => props.onCopy(props.copyField!)}>
            Copy
          </button>
        )}
      </span>
    </div>
  );
}

// SecretRow is a hidden value: dots until revealed; where hide-passwords
// covers it, neither reveal nor copy.
function SecretRow(props: RowCommon & { label: string; field: string; covered?: boolean; note?: string }) {
  const withheld = props.hidden && props.covered;
  const value = props.revealed[props.field];
  const shown = value !== undefined;
  const err = props.errors[props.field] ?? props.errors[`copy:${props.field}`];
  return (
    <div className="vault-field">
      <span className="vault-field-label">
        {props.label}
        {props.note && <span className="vault-side-sub"> · {props.note}</span>}
      </span>
      {withheld ? (
        <span className="vault-hidden-note">Hidden by collection access</span>
      ) : (
        <span className={props.mono || shown ? "vault-field-value mono" : "vault-field-value"}>
          {shown ? value : "••••••••"}
          {err && <span className="error">{err}</span>}
        </span>
      )}
      <span className="vault-field-actions">
        {!withheld && (
          <>
            <button
              type="button"
              aria-label={`${shown ? "Hide" : "Reveal"} ${props.label}`}
              onClick={() => props.onReveal(props.field)}
            >
              {shown ? "Hide" : "Reveal"}
            </button>
            <button type="button" aria-label={`Copy ${props.label}`} onClick={() => props.onCopy(props.field)}>
              Copy
            </button>
          </>
        )}
      </span>
    </div>
  );
}

// TotpCode shows the current code and a ring counting down its period; it
// asks Go for the next code when the period ends.
function TotpCode({ item, onCopy }: { item: ItemRef; onCopy: () => void }) {
  const [code, setCode] = useState<{ view: app.TOTPView; at: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Behind master-password re-prompt: the code shows only once the user
  // asks for it and answers, never just because the item was selected.
  const [asking, setAsking] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const loading = useRef(false);

  const load = useCallback(
    async (ask = false) => {
      if (loading.current) return;
      loading.current = true;
      try {
        const get = () => call(() => TOTP(item.accountId, item.id));
        const view = await (ask ? withReprompt({ accountId: item.accountId, id: item.id }, get) : get());
        setCode({ view, at: Date.now() });
        setError(null);
        setAsking(false);
      } catch (e) {
        if ((e as AppError).code === "reprompt") setAsking(true);
        else setError((e as AppError).message);
      } finally {
        loading.current = false;
      }
    },
    [item.accountId, item.id],
  );

  useEffect(() => {
    void load();
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [load]);

  const left = code ? code.view.remainingMs - (now - code.at) : 0;
  useEffect(() => {
    if (code && left <= 0 && !error) void load();
  }, [code, left, error, load]);

  if (error) return <span className="error">{error}</span>;
  if (asking)
    return (
      <button type="button" onClick={() => void load(true)}>
        Show code
      </button>
    );
  if (!code) return <span className="muted">…</span>;
  const frac = ringFraction(left, code.view.period);
  const r = 12;
  const circ = 2 * Math.PI * r;
  const digits = code.view.code;
  const pretty = digits.length === 6 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
  const secs = Math.max(0, Math.ceil(left / 1000));
  return (
    <span className="vault-totp">
      <span className="vault-totp-code" onDoubleClick={onCopy} aria-label="TOTP code">
        {pretty}
      </span>
      <svg
        className={secs <= 5 ? "vault-ring low" : "vault-ring"}
        width="30"
        height="30"
        viewBox="0 0 30 30"
        role="img"
        aria-label={`${secs} seconds left`}
      >
        <circle className="track" cx="15" cy="15" r={r} />
        <circle
          className="left"
          cx="15"
          cy="15"
          r={r}
          strokeDasharray={circ}
          strokeDashoffset={circ * (1 - frac)}
          transform="rotate(-90 15 15)"
        />
        <text x="15" y="18" textAnchor="middle">
          {secs}
        </text>
      </svg>
    </span>
  );
}

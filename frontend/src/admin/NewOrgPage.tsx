// New client organization: name, billing email and a template (the
// standard collections and groups), created with the account as owner.
import { useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { CreateOrg, Templates } from "../../wailsjs/go/app/AdminService";
import { useNav } from "../state/nav";
import { useAction, useLoad } from "./hooks";
import { levelLabel } from "./levels";
import { accountsOf } from "./orgs";
import { useAdmin } from "./store";
import { ErrorLine } from "../lib/Messages";

export function NewOrgPage() {
  const orgs = useAdmin((s) => s.orgs);
  const loadOrgs = useAdmin((s) => s.loadOrgs);
  const changed = useAdmin((s) => s.changed);
  const goAdmin = useNav((s) => s.goAdmin);
  const templates = useLoad("templates", () => Templates());
  const accounts = accountsOf(orgs ?? []);
  const [accountId, setAccountId] = useState("");
  const [name, setName] = useState("");
  const [billing, setBilling] = useState("");
  const [template, setTemplate] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<app.CreatedOrg | null>(null);
  const act = useAction();

  const account = accountId || accounts[0]?.id || "";
  const tplId = template ?? templates.data?.[0]?.id ?? "";
  const tpl = templates.data?.find((t) => t.id === tplId);
  const errors = {
    name: name.trim() === "" ? "Enter the client's name." : "",
    billing: /^[^@\s]+@[^@\s]+$/.test(billing.trim()) ? "" : "Enter the address that gets the invoices.",
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (errors.name || errors.billing || !account) return;
    const r = await act.run(() => CreateOrg(account, { name: name.trim(), billingEmail: billing.trim(), template: tplId }));
    if (r.ok) {
      setCreated(r.value);
      await loadOrgs();
      changed();
    }
  };

  if (created) {
    const ref = { accountId: created.accountId, orgId: created.orgId };
    return (
      <div className="admin-page admin-narrow">
        <h1>Created {created.name}</h1>
        <p className="notice" role="status">
          {created.name} is ready, with you as its owner.
        </p>
        <dl className="admin-dl">
          <dt>Collections</dt>
          <dd>{[created.firstCollection, ...created.collectionsCreated].filter(Boolean).join(", ") || "–"}</dd>
          <dt>Groups</dt>
          <dd>{created.groupsCreated.join(", ") || "–"}</dd>
        </dl>
        {created.templateError && (
          <p className="error" role="alert">
            The template was not applied completely: {created.templateError}
          </p>
        )}
        <div className="admin-page-actions">
          <button type="button" className="primary" onClick={() => goAdmin("members", ref)}>
            Invite its members
          </button>
          <button type="button" onClick={() => goAdmin("collections", ref)}>
            Open its collections
          </button>
          <button
            type="button"
            onClick={() => {
              setCreated(null);
              setName("");
              setBilling("");
              setTouched(false);
            }}
          >
            Create another
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="admin-page admin-narrow">
      <h1>New client organization</h1>
      <form className="admin-form" onSubmit={submit}>
        {accounts.length > 1 && (
          <label>
            Account
            <select value={account} onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.email}
                </option>
              ))}
            </select>
          </label>
        )}
        {accounts.length === 0 && orgs !== null && <p className="muted">Unlock an account first.</p>}
        <label>
          Organization name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus placeholder="Business Q" />
        </label>
        {touched && errors.name && <p className="error">{errors.name}</p>}
        <label>
          Billing email
          <input type="email" value={billing} onChange={(e) => setBilling(e.target.value)} placeholder="accounts@client.example" />
        </label>
        {touched && errors.billing && <p className="error">{errors.billing}</p>}
        <label>
          Template
          <select value={tplId} onChange={(e) => setTemplate(e.target.value)}>
            {(templates.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.description || t.id}
              </option>
            ))}
            <option value="">None: only the first collection</option>
          </select>
        </label>
        {templates.error && <p className="error">{templates.error.message}</p>}
        {tpl && <TemplatePreview t={tpl} />}
        <ErrorLine error={act.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={act.busy || !account}>
            {act.busy ? "Creating…" : "Create organization"}
          </button>
        </div>
      </form>
    </div>
  );
}

function TemplatePreview({ t }: { t: app.TemplateInfo }) {
  return (
    <div className="admin-preview" aria-label="What the template creates">
      <div>
        <strong>Collections:</strong> {t.collections.join(", ")}
      </div>
      {t.groups.map((g) => (
        <div key={g.name}>
          <strong>Group {g.name}:</strong> {g.access.map((a) => `${a.name} (${levelLabel(a.level).replace("Can ", "")})`).join(", ")}
        </div>
      ))}
    </div>
  );
}

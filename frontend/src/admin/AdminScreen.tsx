// The Admin section: a navigation (overview, confirm queue, the
// organizations the unlocked accounts administer, and per organization its
// collections, members and groups) beside the page useNav names.
import { useEffect, useState } from "react";
import { EventsOn } from "../../wailsjs/runtime/runtime";
import { useNav, type AdminPage } from "../state/nav";
import { useSelection } from "../state/selection";
import { AddColleaguePage } from "./AddColleaguePage";
import { CollectionsPage } from "./CollectionsPage";
import { registerAdminCommands } from "./commands";
import { ConfirmQueuePage } from "./ConfirmQueuePage";
import { GroupsPage } from "./GroupsPage";
import { MembersPage } from "./MembersPage";
import { NewOrgPage } from "./NewOrgPage";
import { administrable, filterOrgs, findOrg, orgKey, roleText, sameOrg, whyNot, type AdminOrg } from "./orgs";
import { OverviewPage } from "./OverviewPage";
import { pendingCount, useAdmin } from "./store";
import "./admin.css";
import { ErrorLine } from "../lib/Messages";

// The palette offers the admin commands from the start, whichever section
// is showing: they only switch screens.
registerAdminCommands();

const orgPages: [AdminPage, string][] = [
  ["collections", "Collections"],
  ["members", "Members"],
  ["groups", "Groups"],
];

export function AdminScreen() {
  const page = useNav((s) => s.adminPage);
  const ref = useNav((s) => s.adminOrg);
  const goAdmin = useNav((s) => s.goAdmin);
  const orgs = useAdmin((s) => s.orgs);
  const orgsError = useAdmin((s) => s.orgsError);
  const loadOrgs = useAdmin((s) => s.loadOrgs);
  const loadQueue = useAdmin((s) => s.loadQueue);
  const changed = useAdmin((s) => s.changed);
  const vaultVersion = useSelection((s) => s.vaultVersion);

  // Orgs come from the unlocked vaults: read them again when a sync, an
  // unlock or a lock changed them.
  useEffect(() => {
    loadOrgs();
  }, [loadOrgs, vaultVersion]);
  useEffect(() => {
    loadQueue();
    const off = EventsOn("session:changed", () => {
      loadOrgs();
      changed();
    });
    return () => off();
  }, [loadOrgs, loadQueue, changed]);

  const admin = (orgs ?? []).filter(administrable);
  const org = findOrg(admin, ref);
  const isOrgPage = page === "collections" || page === "members" || page === "groups";

  // An org page without an org (the palette's "Invite members…" with none
  // chosen yet) opens the first one the account administers.
  useEffect(() => {
    if (isOrgPage && !org && admin.length > 0 && !ref) {
      const first = admin.find((o) => o.canViewAdmin) ?? admin[0];
      goAdmin(page, { accountId: first.accountId, orgId: first.orgId });
    }
  }, [isOrgPage, org, admin, ref, page, goAdmin]);

  let content;
  switch (page) {
    case "overview":
      content = <OverviewPage />;
      break;
    case "confirm":
      content = <ConfirmQueuePage />;
      break;
    case "new-org":
      content = <NewOrgPage />;
      break;
    case "add-colleague":
      content = <AddColleaguePage />;
      break;
    default:
      content = org ? (
        <OrgPage org={org} page={page} />
      ) : orgs === null ? (
        <p className="muted">Loading organizations…</p>
      ) : (
        <p className="notice">
          {admin.length === 0
            ? "None of the unlocked accounts administers an organization."
            : "Choose an organization in the list."}
        </p>
      );
  }

  return (
    <div className="admin">
      <AdminNav orgs={admin} current={org} />
      <section className="admin-main" aria-label="Administration">
        <ErrorLine error={orgsError} />
        {content}
      </section>
    </div>
  );
}

function OrgPage({ org, page }: { org: AdminOrg; page: AdminPage }) {
  return (
    <>
      <div className="admin-org-head">
        <h2>{org.name}</h2>
        <span className="muted admin-small">
          You are {roleText(org.role)}
          {org.seats != null ? ` · ${org.seats} seats` : ""}
        </span>
      </div>
      {page === "collections" && <CollectionsPage key={orgKey(org)} org={org} />}
      {page === "members" && <MembersPage key={orgKey(org)} org={org} />}
      {page === "groups" && <GroupsPage key={orgKey(org)} org={org} />}
    </>
  );
}

function AdminNav({ orgs, current }: { orgs: AdminOrg[]; current: AdminOrg | undefined }) {
  const page = useNav((s) => s.adminPage);
  const ref = useNav((s) => s.adminOrg);
  const goAdmin = useNav((s) => s.goAdmin);
  const queue = useAdmin((s) => s.queue);
  const [filter, setFilter] = useState("");
  const pending = pendingCount(queue);
  const shown = filterOrgs(orgs, filter);
  const multiAccount = new Set(orgs.map((o) => o.accountId)).size > 1;
  const isOrgPage = page === "collections" || page === "members" || page === "groups";

  const openOrg = (o: AdminOrg) => {
    const target: AdminPage = isOrgPage ? page : "members";
    goAdmin(target === "collections" || o.canViewAdmin ? target : "collections", { accountId: o.accountId, orgId: o.orgId });
  };

  const navButton = (id: AdminPage, label: string, extra?: React.ReactNode, ariaLabel?: string) => (
    <button
      type="button"
      className={`ghost admin-nav-item${page === id ? " active" : ""}`}
      aria-current={page === id ? "page" : undefined}
      aria-label={ariaLabel}
      onClick={() => goAdmin(id)}
    >
      {label}
      {extra}
    </button>
  );

  return (
    <nav className="admin-nav" aria-label="Administration menu">
      {navButton("overview", "Overview")}
      {navButton(
        "confirm",
        "Confirm queue",
        pending ? <span className="badge admin-badge">{pending}</span> : null,
        pending ? `Confirm queue, ${pending} waiting` : undefined,
      )}
      <div className="admin-nav-section">
        <label className="admin-filter">
          Organizations
          <input type="search" placeholder="Filter organizations" aria-label="Filter organizations" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <ul className="admin-org-list" aria-label="Organizations">
          {shown.map((o) => (
            <li key={orgKey(o)}>
              <button
                type="button"
                className={`ghost admin-nav-item${isOrgPage && sameOrg(ref, o) ? " active" : ""}`}
                aria-current={isOrgPage && sameOrg(ref, o) ? "true" : undefined}
                onClick={() => openOrg(o)}
                title={multiAccount ? o.accountEmail : undefined}
              >
                <span className="admin-org-name">{o.name}</span>
                {multiAccount && <span className="muted admin-small">{o.accountEmail}</span>}
              </button>
              {sameOrg(ref, o) && current && (
                <ul className="admin-org-pages" aria-label={`${o.name} pages`}>
                  {orgPages.map(([id, label]) => {
                    const why = id === "collections" ? "" : whyNot(current, "view-admin");
                    return (
                      <li key={id}>
                        <button
                          type="button"
                          className={`ghost admin-nav-item admin-nav-sub${page === id ? " active" : ""}`}
                          aria-current={page === id ? "page" : undefined}
                          disabled={why !== ""}
                          title={why || undefined}
                          onClick={() => goAdmin(id, { accountId: o.accountId, orgId: o.orgId })}
                        >
                          {label}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
          {shown.length === 0 && <li className="muted admin-small">No organization matches.</li>}
        </ul>
      </div>
      <div className="admin-nav-section admin-nav-actions">
        {navButton("new-org", "New client organization")}
        {navButton("add-colleague", "Add colleague to organizations")}
      </div>
    </nav>
  );
}

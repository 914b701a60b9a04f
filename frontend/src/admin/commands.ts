// The administration's palette commands. They are registered once, when
// the app loads this module, since they only switch screens.
import { useNav, type AdminPage, type Command } from "../state/nav";
import { administrable, type AdminOrg } from "./orgs";
import { useAdmin } from "./store";

export function adminCommands(): Command[] {
  const nav = () => useNav.getState();
  return [
    {
      id: "admin.confirm-queue",
      title: "Confirm queue",
      group: "Admin",
      keywords: ["confirm", "members", "pending", "fingerprint", "accepted"],
      run: () => nav().goAdmin("confirm"),
    },
    {
      id: "admin.overview",
      title: "Client overview",
      group: "Admin",
      keywords: ["overview", "clients", "organizations", "weak", "reused", "seats"],
      run: () => nav().goAdmin("overview"),
    },
    {
      id: "admin.new-org",
      title: "New client organization",
      group: "Admin",
      keywords: ["create", "organization", "client", "template", "onboard"],
      run: () => nav().goAdmin("new-org"),
    },
    {
      id: "admin.add-colleague",
      title: "Add colleague to organizations",
      group: "Admin",
      keywords: ["colleague", "technician", "admin", "owner", "invite", "many"],
      run: () => nav().goAdmin("add-colleague"),
    },
    {
      id: "admin.invite",
      title: "Invite members…",
      group: "Admin",
      keywords: ["invite", "members", "users", "email"],
      run: () => {
        nav().goAdmin("members");
        useAdmin.getState().requestInvite();
      },
    },
  ];
}

export function registerAdminCommands() {
  useNav.getState().registerCommands("admin", adminCommands());
}

// orgCommands open each administered organization's pages from the
// palette ("Collections of Business X"), so every admin screen is a few keys
// away. Members and groups need the right to see them.
export function orgCommands(orgs: AdminOrg[]): Command[] {
  const pages: [AdminPage, string][] = [
    ["collections", "Collections"],
    ["members", "Members"],
    ["groups", "Groups"],
  ];
  return orgs.filter(administrable).flatMap((o) =>
    pages
      .filter(([page]) => page === "collections" || o.canViewAdmin)
      .map(([page, label]) => ({
        id: `admin.${page}.${o.accountId}.${o.orgId}`,
        title: `${label} of ${o.name}`,
        group: "Admin",
        keywords: ["admin", page, "organization"],
        run: () => useNav.getState().goAdmin(page, { accountId: o.accountId, orgId: o.orgId }),
      })),
  );
}

// The org commands follow the organizations the admin store has read.
useAdmin.subscribe((s, prev) => {
  if (s.orgs !== prev.orgs) useNav.getState().registerCommands("admin-orgs", orgCommands(s.orgs ?? []));
});

// The administration's palette commands. They are registered once, when
// the app loads this module, since they only switch screens.
import { useNav, type Command } from "../state/nav";
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

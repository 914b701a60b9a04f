// The five access levels of a collection, roles and statuses as Go names
// them, with the words the screens show.
import type { app } from "../../wailsjs/go/models";

export type Permissions = app.MemberPermissions;

export type Level = "view" | "view-except-passwords" | "edit" | "edit-except-passwords" | "manage";

export const levels: Level[] = ["view", "view-except-passwords", "edit", "edit-except-passwords", "manage"];

const labels: Record<Level, string> = {
  view: "Can view",
  "view-except-passwords": "Can view, except passwords",
  edit: "Can edit",
  "edit-except-passwords": "Can edit, except passwords",
  manage: "Can manage",
};

export function levelLabel(l: string): string {
  return labels[l as Level] ?? l;
}

// Roles, as Go names them.
export type Role = "owner" | "admin" | "user" | "custom";

const roleLabels: Record<string, string> = { owner: "Owner", admin: "Admin", user: "User", custom: "Custom" };

export function roleLabel(r: string): string {
  return roleLabels[r] ?? r;
}

const statusLabels: Record<string, string> = {
  invited: "Invited",
  accepted: "Accepted",
  confirmed: "Confirmed",
  revoked: "Revoked",
};

export function statusLabel(s: string): string {
  return statusLabels[s] ?? s;
}

// The Custom role's permissions, in the order the official web vault
// shows them.
export const permissionLabels: [keyof Permissions, string][] = [
  ["manageUsers", "Manage members"],
  ["manageGroups", "Manage groups"],
  ["createNewCollections", "Create collections"],
  ["editAnyCollection", "Edit any collection"],
  ["deleteAnyCollection", "Delete any collection"],
  ["accessReports", "Access reports"],
  ["accessEventLogs", "Access event logs"],
  ["accessImportExport", "Import and export"],
  ["managePolicies", "Manage policies"],
  ["manageSso", "Manage single sign-on"],
  ["manageResetPassword", "Manage account recovery"],
  ["manageScim", "Manage SCIM"],
];

export const noPermissions: Permissions = {
  accessEventLogs: false,
  accessImportExport: false,
  accessReports: false,
  createNewCollections: false,
  editAnyCollection: false,
  deleteAnyCollection: false,
  manageGroups: false,
  managePolicies: false,
  manageSso: false,
  manageUsers: false,
  manageResetPassword: false,
  manageScim: false,
};

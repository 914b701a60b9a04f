// @vitest-environment jsdom
// The editor and the actions against mocked bindings: what reaches Go on
// save, the conflict flow, read-only actions, bulk results and commands.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { allCommands, useNav } from "../state/nav";
import { useSelection } from "../state/selection";

const edit = vi.hoisted(() => ({
  Form: vi.fn(),
  Save: vi.fn(),
  Create: vi.fn(),
  Clone: vi.fn(),
  Changes: vi.fn(),
  Targets: vi.fn(),
  Generate: vi.fn(),
  GeneratorDefaults: vi.fn(),
  Trash: vi.fn(),
  Restore: vi.fn(),
  DeletePermanently: vi.fn(),
  MoveToOrg: vi.fn(),
  SetCollections: vi.fn(),
  BulkMoveToFolder: vi.fn(),
  BulkSetCollections: vi.fn(),
}));
const vault = vi.hoisted(() => ({ Reveal: vi.fn() }));
vi.mock("../../wailsjs/go/app/EditService", () => edit);
vi.mock("../../wailsjs/go/app/VaultService", () => vault);

import { BulkBar } from "./BulkBar";
import { ItemActions } from "./ItemActions";
import { ItemEditor } from "./ItemEditor";
import { NewItemButton } from "./NewItemButton";

const ref = { accountId: "acct-1", id: "item-1" };

function loginForm(over: Partial<app.ItemForm> = {}): app.ItemForm {
  return {
    id: "item-1",
    revisionDate: "2026-01-01T00:00:00Z",
    type: 1,
    name: "Edge router",
    notes: "",
    folderId: "",
    folderName: "",
    favorite: false,
    reprompt: false,
    orgId: "",
    orgName: "",
    collectionIds: [],
    collectionNames: [],
    readOnly: false,
    readOnlyReason: "",
    hiddenByAccess: false,
    login: {
      username: "admin",
      password: { set: true, tag: "t1" },
      totp: { set: false, tag: "" },
      uris: [],
    },
    fields: [],
    ...over,
  };
}

const targets: app.Targets = {
  folders: [{ id: "f-1", name: "Network gear" }],
  orgs: [
    {
      id: "org-x",
      name: "Business X",
      collections: [
        { id: "c-net", name: "Network" },
        { id: "c-srv", name: "Servers" },
      ],
    },
  ],
};

beforeEach(() => {
  for (const f of Object.values(edit)) f.mockReset();
  vault.Reveal.mockReset();
  edit.Targets.mockResolvedValue(targets);
  edit.GeneratorDefaults.mockRejectedValue("not needed");
  useSelection.setState({ selected: null, checked: [], editor: null, vaultVersion: 0 });
  useNav.setState({ commands: {} });
});
afterEach(cleanup);

const editor = () => screen.getByRole("dialog");

describe("ItemEditor", () => {
  it("saves with the hidden password left null", async () => {
    const user = userEvent.setup();
    edit.Form.mockResolvedValue(loginForm());
    edit.Save.mockResolvedValue({ accountId: "acct-1", id: "item-1", name: "Core router", revisionDate: "x" });
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "edit", ref }));
    const name = await screen.findByLabelText("Name", { exact: true });
    expect(screen.getByLabelText("Password", { exact: true })).toHaveProperty("value", "");
    await user.clear(name);
    await user.type(name, "Core router");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(edit.Save).toHaveBeenCalledTimes(1));
    const [acct, id, sent] = edit.Save.mock.calls[0] as [string, string, app.ItemForm];
    expect([acct, id, sent.name]).toEqual(["acct-1", "item-1", "Core router"]);
    expect(sent.login?.password.value).toBeUndefined();
    expect(useSelection.getState().editor).toBeNull();
    expect(useSelection.getState().selected).toEqual(ref);
    expect(useSelection.getState().vaultVersion).toBe(1);
  });

  it("sends a revealed password as unchanged, a typed one as the new value", async () => {
    const user = userEvent.setup();
    edit.Form.mockResolvedValue(loginForm());
    edit.Save.mockResolvedValue({ accountId: "acct-1", id: "item-1", name: "", revisionDate: "" });
    vault.Reveal.mockResolvedValue("old-secret");
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "edit", ref }));
    await screen.findByLabelText("Name", { exact: true });
    await user.click(screen.getByRole("button", { name: "Show password" }));
    const pw = screen.getByLabelText("Password", { exact: true });
    await waitFor(() => expect(pw).toHaveProperty("value", "old-secret"));
    expect(vault.Reveal).toHaveBeenCalledWith("acct-1", "item-1", "password");
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(edit.Save).toHaveBeenCalledTimes(1));
    expect((edit.Save.mock.calls[0][2] as app.ItemForm).login?.password.value).toBeUndefined();
  });

  it("keeps what was typed through a conflict and applies it again", async () => {
    const user = userEvent.setup();
    edit.Form.mockResolvedValueOnce(loginForm());
    edit.Save.mockRejectedValueOnce({ code: "conflict", message: "item is out of date" });
    edit.Changes.mockResolvedValue([
      { field: "Username", old: "admin", new: "root", secret: false },
      { field: "Password", old: "", new: "", secret: true },
    ]);
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "edit", ref }));
    const name = await screen.findByLabelText("Name", { exact: true });
    await user.clear(name);
    await user.type(name, "Core router");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByText("Password changed");
    expect(screen.getByText(/This item changed on the server/)).toBeTruthy();
    expect(screen.getByLabelText("Name", { exact: true })).toHaveProperty("value", "Core router");
    expect(edit.Changes).toHaveBeenCalledWith("acct-1", "item-1", expect.objectContaining({ name: "Edge router" }));

    edit.Form.mockResolvedValueOnce(
      loginForm({ revisionDate: "2026-01-02T00:00:00Z", login: { username: "root", password: { set: true, tag: "t2" }, totp: { set: false, tag: "" }, uris: [] } }),
    );
    edit.Save.mockResolvedValueOnce({ accountId: "acct-1", id: "item-1", name: "Core router", revisionDate: "y" });
    await user.click(screen.getByRole("button", { name: "Apply my changes again" }));
    await waitFor(() => expect(edit.Save).toHaveBeenCalledTimes(2));
    const sent = edit.Save.mock.calls[1][2] as app.ItemForm;
    expect(sent.name).toBe("Core router");
    expect(sent.login?.username).toBe("root");
    expect(sent.revisionDate).toBe("2026-01-02T00:00:00Z");
    expect(sent.login?.password.value).toBeUndefined();
    await waitFor(() => expect(useSelection.getState().editor).toBeNull());
  });

  it("asks before Esc throws away changes", async () => {
    const user = userEvent.setup();
    edit.Form.mockResolvedValue(loginForm());
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "edit", ref }));
    const name = await screen.findByLabelText("Name", { exact: true });
    await user.type(name, "!");
    await user.keyboard("{Escape}");
    expect(useSelection.getState().editor).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Keep editing" }));
    expect(screen.getByLabelText("Name", { exact: true })).toHaveProperty("value", "Edge router!");
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(useSelection.getState().editor).toBeNull();
  });

  it("creates in an organization only with a collection", async () => {
    const user = userEvent.setup();
    edit.Create.mockResolvedValue({ accountId: "acct-1", id: "new-1", name: "Firewall", revisionDate: "z" });
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "create", accountId: "acct-1", type: 1, orgId: "org-x" }));
    await user.type(screen.getByLabelText("Name", { exact: true }), "Firewall");
    await user.type(screen.getByLabelText("Username", { exact: true }), "fw");
    await user.type(screen.getByLabelText("Password", { exact: true }), "fw-pass");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Choose at least one collection/)).toBeTruthy();
    expect(edit.Create).not.toHaveBeenCalled();
    await user.click(await screen.findByLabelText("Servers"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(edit.Create).toHaveBeenCalledTimes(1));
    const sent = edit.Create.mock.calls[0][1] as app.ItemForm;
    expect(sent.orgId).toBe("org-x");
    expect(sent.collectionIds).toEqual(["c-srv"]);
    expect(sent.login?.password.value).toBe("fw-pass");
    expect(useSelection.getState().selected).toEqual({ accountId: "acct-1", id: "new-1" });
  });

  it("shows a read-only item without a Save button", async () => {
    edit.Form.mockResolvedValue(loginForm({ readOnly: true, readOnlyReason: "Read-only in this collection" }));
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "edit", ref }));
    expect(await screen.findByText("Read-only in this collection")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.getByLabelText("Name", { exact: true })).toHaveProperty("disabled", true);
  });

  it("fills the password from the generator", async () => {
    const user = userEvent.setup();
    edit.Generate.mockResolvedValue("Gen3rated!pass");
    render(<ItemEditor />);
    act(() => useSelection.getState().openEditor({ mode: "create", accountId: "acct-1", type: 1 }));
    await user.click(screen.getByRole("button", { name: "Generate password" }));
    await within(editor()).findByText("Gen3rated!pass");
    const length = screen.getByLabelText("Length");
    await user.clear(length);
    await user.type(length, "3");
    expect(await screen.findByText(/Length must be between 5 and 128/)).toBeTruthy();
    await user.clear(length);
    await user.type(length, "24");
    await waitFor(() => expect(edit.Generate).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "password", length: 24 })));
    await user.click(screen.getByRole("button", { name: "Use this password" }));
    expect(screen.getByLabelText("Password", { exact: true })).toHaveProperty("value", "Gen3rated!pass");
  });
});

describe("ItemActions", () => {
  it("is disabled with the reason when the item is read-only", () => {
    render(<ItemActions item={ref} orgId="org-x" canEdit={false} deleted={false} />);
    const editButton = screen.getByRole("button", { name: "Edit" });
    expect(editButton).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Move to trash" })).toHaveProperty("disabled", true);
    expect(screen.getByText("Read-only in this collection")).toBeTruthy();
    expect(editButton.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Clone" })).toHaveProperty("disabled", false);
  });

  it("asks before deleting for good", async () => {
    const user = userEvent.setup();
    edit.DeletePermanently.mockResolvedValue(undefined);
    useSelection.setState({ selected: ref });
    render(<ItemActions item={ref} orgId="" canEdit deleted />);
    await user.click(screen.getByRole("button", { name: "Delete permanently" }));
    expect(edit.DeletePermanently).not.toHaveBeenCalled();
    const confirm = screen.getByRole("dialog");
    await user.click(within(confirm).getByRole("button", { name: "Delete permanently" }));
    await waitFor(() => expect(edit.DeletePermanently).toHaveBeenCalledWith("acct-1", "item-1"));
    expect(useSelection.getState().selected).toBeNull();
  });

  it("shows a refused trash next to the buttons", async () => {
    const user = userEvent.setup();
    edit.Trash.mockRejectedValue({ code: "unreachable", message: "server unreachable" });
    render(<ItemActions item={ref} orgId="" canEdit deleted={false} />);
    await user.click(screen.getByRole("button", { name: "Move to trash" }));
    expect(await screen.findByText("server unreachable")).toBeTruthy();
  });
});

describe("BulkBar", () => {
  it("reports each item that failed and keeps it ticked", async () => {
    const user = userEvent.setup();
    const items = [ref, { accountId: "acct-1", id: "item-2" }, { accountId: "acct-1", id: "item-3" }];
    edit.BulkSetCollections.mockResolvedValue([
      { accountId: "acct-1", id: "item-1", name: "A", done: true },
      { accountId: "acct-1", id: "item-2", name: "B", done: false, error: { code: "not-allowed", message: "item is read-only" } },
      { accountId: "acct-1", id: "item-3", name: "C", done: true },
    ]);
    useSelection.setState({ checked: items });
    render(<BulkBar />);
    expect(screen.getByText("3 selected")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Change collections…" }));
    await user.click(await screen.findByLabelText("Network"));
    await user.click(screen.getByRole("button", { name: "Set collections" }));
    await waitFor(() => expect(edit.BulkSetCollections).toHaveBeenCalledWith(items, ["c-net"]));
    expect(await screen.findByText(/Changed the collections of 2 of 3 items/)).toBeTruthy();
    expect(screen.getByText("B")).toBeTruthy();
    expect(screen.getByText(/item is read-only/)).toBeTruthy();
    expect(useSelection.getState().checked).toEqual([{ accountId: "acct-1", id: "item-2" }]);
  });

  it("is hidden with nothing ticked and clears the selection", async () => {
    const { container } = render(<BulkBar />);
    expect(container.textContent).toBe("");
    act(() => useSelection.setState({ checked: [ref] }));
    fireEvent.click(screen.getByRole("button", { name: "Clear selection" }));
    expect(useSelection.getState().checked).toEqual([]);
  });
});

describe("NewItemButton and commands", () => {
  it("opens the editor where the sidebar is", async () => {
    const user = userEvent.setup();
    render(<NewItemButton accountId="acct-1" orgId="org-x" collectionId="c-net" />);
    await user.click(screen.getByRole("button", { name: "New item" }));
    await user.click(screen.getByRole("menuitem", { name: "Card" }));
    expect(useSelection.getState().editor).toEqual({ mode: "create", accountId: "acct-1", type: 3, orgId: "org-x", collectionIds: ["c-net"], folderId: undefined });
  });

  it("registers the palette commands", () => {
    render(
      <>
        <NewItemButton accountId="acct-1" folderId="f-1" />
        <ItemEditor />
      </>,
    );
    const titles = () => allCommands(useNav.getState()).map((c) => c.title);
    expect(titles()).toEqual(["New login", "New secure note", "New card", "New identity"]);
    act(() => useSelection.getState().select(ref));
    expect(titles()).toContain("Edit selected item");
    act(() => allCommands(useNav.getState()).find((c) => c.title === "New secure note")!.run());
    expect(useSelection.getState().editor).toEqual({ mode: "create", accountId: "acct-1", type: 2, orgId: undefined, collectionIds: undefined, folderId: "f-1" });
  });
});

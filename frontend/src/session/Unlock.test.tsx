// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { app } from "../../wailsjs/go/models";

const unlock = vi.fn();
const unlockKeychain = vi.fn();
vi.mock("../../wailsjs/go/app/SessionService", () => ({
  Unlock: (...a: unknown[]) => unlock(...a),
  UnlockWithKeychain: (...a: unknown[]) => unlockKeychain(...a),
  State: vi.fn(),
}));

import { UnlockForm } from "./Unlock";

const account: app.AccountView = {
  id: "u1",
  email: "tech@msp.example",
  server: "http://127.0.0.1:4000",
  serverLabel: "Sandbox",
  locked: true,
  keychain: false,
  lastSync: "",
  offline: false,
  syncError: "",
};

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("UnlockForm", () => {
  it("shows the account and says a wrong password where it was typed", async () => {
    unlock.mockRejectedValueOnce({ code: "wrong-password", message: "unlock tech@msp.example: wrong master password" });
    const onUnlocked = vi.fn();
    render(<UnlockForm account={account} onUnlocked={onUnlocked} />);
    expect(screen.getByText("tech@msp.example")).toBeTruthy();
    expect(screen.getByText("Sandbox")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Unlock with keychain" })).toBeNull();

    const field = screen.getByLabelText("Master password") as HTMLInputElement;
    fireEvent.change(field, { target: { value: "nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "Wrong master password");
    expect(unlock).toHaveBeenCalledWith("u1", "nope");
    expect(onUnlocked).not.toHaveBeenCalled();
    expect(field.getAttribute("aria-invalid")).toBe("true");

    unlock.mockResolvedValueOnce({ ...account, locked: false });
    fireEvent.change(field, { target: { value: "vaultdesk-demo" } });
    fireEvent.submit(field.form!);
    await waitFor(() => expect(onUnlocked).toHaveBeenCalledTimes(1));
    expect(field.value).toBe(""); // the password does not linger in the field
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers the keychain when it is enabled for the account", async () => {
    unlockKeychain.mockResolvedValueOnce({ ...account, locked: false });
    const onUnlocked = vi.fn();
    render(<UnlockForm account={{ ...account, keychain: true }} onUnlocked={onUnlocked} />);
    fireEvent.click(screen.getByRole("button", { name: "Unlock with keychain" }));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(unlockKeychain).toHaveBeenCalledWith("u1");
    expect(unlock).not.toHaveBeenCalled();
  });
});

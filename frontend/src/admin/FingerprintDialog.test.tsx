// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { app } from "../../wailsjs/go/models";

const confirm = vi.fn();
const confirmUnchecked = vi.fn();
const fingerprint = vi.fn();
vi.mock("../../wailsjs/go/app/AdminService", () => ({
  Confirm: (...a: unknown[]) => confirm(...a),
  ConfirmUnchecked: (...a: unknown[]) => confirmUnchecked(...a),
  Fingerprint: (...a: unknown[]) => fingerprint(...a),
}));

import { FingerprintDialog } from "./FingerprintDialog";

const shown: app.FingerprintInfo = {
  accountId: "a1",
  orgId: "o1",
  orgName: "Business X",
  memberId: "m1",
  email: "contractor@businessx.example",
  role: "user",
  phrase: "alpha-bravo-charlie-delta-echo",
  checked: "sha256:old",
};

const target = { accountId: "a1", orgId: "o1", memberId: "m1", email: shown.email, known: shown };

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("FingerprintDialog", () => {
  it("confirms only after the phrase is ticked as checked, with its token", async () => {
    confirm.mockResolvedValueOnce(undefined);
    const onConfirmed = vi.fn();
    render(<FingerprintDialog target={target} onClose={() => {}} onConfirmed={onConfirmed} />);
    expect(screen.getByTestId("fingerprint-phrase").textContent).toBe(shown.phrase);
    const button = screen.getByRole("button", { name: "Confirm" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(`I checked this phrase with ${shown.email}`));
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(onConfirmed).toHaveBeenCalledWith(shown.email));
    expect(confirm).toHaveBeenCalledWith("a1", "o1", "m1", "sha256:old");
    expect(confirmUnchecked).not.toHaveBeenCalled();
  });

  it("shows the new phrase when the key changed, and asks to check again", async () => {
    confirm.mockRejectedValueOnce({ code: "conflict", message: "the member's public key is not the one whose fingerprint phrase was shown" });
    fingerprint.mockResolvedValueOnce({ ...shown, phrase: "zulu-yankee-xray-whiskey-victor", checked: "sha256:new" });
    const onConfirmed = vi.fn();
    render(<FingerprintDialog target={target} onClose={() => {}} onConfirmed={onConfirmed} />);
    fireEvent.click(screen.getByLabelText(`I checked this phrase with ${shown.email}`));
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.getByTestId("fingerprint-phrase").textContent).toBe("zulu-yankee-xray-whiskey-victor"));
    expect(screen.getByRole("alert").textContent).toMatch(/key changed/);
    expect((screen.getByRole("button", { name: "Confirm" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByLabelText(`I checked this phrase with ${shown.email}`) as HTMLInputElement).checked).toBe(false);
    expect(onConfirmed).not.toHaveBeenCalled();
  });

  it("skips the check only through the explicit button", async () => {
    confirmUnchecked.mockResolvedValueOnce(undefined);
    const onConfirmed = vi.fn();
    render(<FingerprintDialog target={target} onClose={() => {}} onConfirmed={onConfirmed} />);
    fireEvent.click(screen.getByRole("button", { name: `Confirm ${shown.email} without checking` }));
    await waitFor(() => expect(onConfirmed).toHaveBeenCalled());
    expect(confirmUnchecked).toHaveBeenCalledWith("a1", "o1", "m1");
    expect(confirm).not.toHaveBeenCalled();
  });
});

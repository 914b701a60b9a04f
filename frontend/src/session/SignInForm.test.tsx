// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { app } from "../../wailsjs/go/models";

const signIn = vi.fn();
vi.mock("../../wailsjs/go/app/SessionService", () => ({
  SignIn: (...a: unknown[]) => signIn(...a),
}));

import { SignInForm } from "./SignInForm";

const account = { id: "u1", email: "oncall@msp.example", locked: false } as app.AccountView;

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("SignInForm", () => {
  it("asks for the two-step code, then sends it with the same credentials", async () => {
    signIn
      .mockResolvedValueOnce({ status: "two-factor", methods: ["authenticator"], emailSent: false })
      .mockRejectedValueOnce({ code: "wrong-password", message: "log in: wrong master password" })
      .mockResolvedValueOnce({ status: "signed-in", account, methods: [], emailSent: false });
    const done = vi.fn();
    render(<SignInForm onSignedIn={done} />);

    fireEvent.change(screen.getByLabelText("Server"), { target: { value: "self" } });
    fill("Server URL", "https://vault.msp.example");
    fill("Email", "oncall@msp.example");
    fill("Master password", "pw");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));

    const code = await screen.findByLabelText("Verification code");
    expect(signIn.mock.calls[0][0]).toMatchObject({
      server: "https://vault.msp.example",
      email: "oncall@msp.example",
      password: "pw",
      twoFactorMethod: "",
    });

    fireEvent.change(code, { target: { value: "000000" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/^Wrong code/);

    fireEvent.change(code, { target: { value: "123456" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith(account));
    expect(signIn.mock.calls[2][0]).toMatchObject({
      password: "pw",
      twoFactorMethod: "authenticator",
      twoFactorCode: "123456",
    });
    expect((screen.getByLabelText("Master password", { selector: "input" }) as HTMLInputElement).value).toBe("");
  });

  it("asks for the emailed code when the device is new", async () => {
    signIn.mockResolvedValueOnce({ status: "new-device", methods: [], emailSent: false });
    render(<SignInForm onSignedIn={vi.fn()} />);
    fill("Email", "roaming@msp.example");
    fill("Master password", "pw");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/emailed a verification code to roaming@msp.example/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Send a new code" })).toBeTruthy();
    expect(signIn.mock.calls[0][0]).toMatchObject({ server: "us" });
  });

  it("sends the API key when the user chose it", async () => {
    signIn.mockRejectedValueOnce({ code: "wrong-password", message: "the API key was refused" });
    render(<SignInForm onSignedIn={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Use a personal API key instead" }));
    fill("Email", "tech@msp.example");
    fill("Master password", "pw");
    fill("API key client_id", "user.1234");
    fill("API key client_secret", "s3cret");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/API key/);
    expect(signIn.mock.calls[0][0]).toMatchObject({ clientId: "user.1234", clientSecret: "s3cret" });
  });
});

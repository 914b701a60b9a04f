import { describe, expect, it } from "vitest";
import { signInMessage, unlockMessage } from "./messages";

describe("signInMessage", () => {
  const wrong = { code: "wrong-password", message: "log in x: wrong master password (or wrong email, or wrong two-step code)" };
  it("words a refused sign-in for the step the user is on", () => {
    expect(signInMessage(wrong, "credentials")).toBe("Wrong email or master password.");
    expect(signInMessage(wrong, "credentials", true)).toMatch(/API key/);
    expect(signInMessage(wrong, "two-factor")).toMatch(/^Wrong code/);
    expect(signInMessage(wrong, "new-device")).toMatch(/wrong or has expired/);
  });
  it("explains an unreachable server", () => {
    expect(signInMessage({ code: "unreachable", message: "log in: server unreachable" }, "credentials")).toMatch(
      /Could not reach the server/,
    );
  });
  it("keeps Go's words otherwise", () => {
    expect(signInMessage({ code: "invalid", message: "Enter the master password" }, "credentials")).toBe(
      "Enter the master password",
    );
  });
});

describe("unlockMessage", () => {
  it("says wrong master password", () => {
    expect(unlockMessage({ code: "wrong-password", message: "unlock x: wrong master password" })).toBe(
      "Wrong master password",
    );
  });
  it("sends the user to the password when the keychain fails", () => {
    expect(unlockMessage({ code: "keychain", message: "keychain unlock is not enabled" })).toMatch(/master password/);
  });
});

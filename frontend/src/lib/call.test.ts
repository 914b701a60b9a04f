import { describe, expect, it } from "vitest";
import { call, isAppError, toAppError } from "./call";

describe("toAppError", () => {
  const cases: [string, unknown, { code: string; message: string }][] = [
    ["plain string", "server unreachable", { code: "error", message: "server unreachable" }],
    ["JSON string from ErrorFormatter", '{"code":"locked","message":"Vault is locked"}', { code: "locked", message: "Vault is locked" }],
    ["object from ErrorFormatter", { code: "wrong_password", message: "Wrong master password" }, { code: "wrong_password", message: "Wrong master password" }],
    ["object without code", { message: "Nope" }, { code: "error", message: "Nope" }],
    ["Error from Wails carrying FormatErrorJSON", new Error('{"code":"conflict","message":"changed on the server"}'), { code: "conflict", message: "changed on the server" }],
    ["Error with a plain message", new Error("no clipboard"), { code: "error", message: "no clipboard" }],
    ["broken JSON string", "{not json", { code: "error", message: "{not json" }],
    ["empty string", "", { code: "internal", message: "Something went wrong" }],
    ["null", null, { code: "internal", message: "Something went wrong" }],
    ["Error instance without usable fields", 42, { code: "internal", message: "Something went wrong" }],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => {
      expect(toAppError(input)).toEqual(want);
    });
  }
});

describe("call", () => {
  it("passes results through", async () => {
    await expect(call(async () => 7)).resolves.toBe(7);
  });
  it("turns rejections into AppError", async () => {
    const err = await call(() => Promise.reject("boom")).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    expect(err).toEqual({ code: "error", message: "boom" });
  });
});

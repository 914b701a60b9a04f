import { describe, expect, it, vi } from "vitest";

vi.mock("../../wailsjs/go/app/VaultService", () => ({ VerifyReprompt: vi.fn() }));
const { useReprompt, withReprompt } = await import("./reprompt");

const item = { accountId: "a", id: "i" };
const reprompt = { code: "reprompt", message: "Router asks for your master password" };

describe("withReprompt", () => {
  it("asks once and runs the call again after the user answered", async () => {
    const f = vi.fn().mockRejectedValueOnce(reprompt).mockResolvedValueOnce("s3cret");
    const result = withReprompt(item, f);
    await vi.waitFor(() => expect(useReprompt.getState().pending?.message).toBe(reprompt.message));
    useReprompt.getState().pending!.done(true);
    await expect(result).resolves.toBe("s3cret");
    expect(f).toHaveBeenCalledTimes(2);
    expect(useReprompt.getState().pending).toBeNull();
  });

  it("gives up with a cancelled error when the user cancels", async () => {
    const f = vi.fn().mockRejectedValue(reprompt);
    const result = withReprompt(item, f);
    await vi.waitFor(() => expect(useReprompt.getState().pending).not.toBeNull());
    useReprompt.getState().pending!.done(false);
    await expect(result).rejects.toMatchObject({ code: "cancelled" });
    expect(f).toHaveBeenCalledTimes(1);
  });

  it("passes other errors through without asking", async () => {
    const f = vi.fn().mockRejectedValue({ code: "not-allowed", message: "hidden" });
    await expect(withReprompt(item, f)).rejects.toMatchObject({ code: "not-allowed" });
    expect(useReprompt.getState().pending).toBeNull();
  });
});

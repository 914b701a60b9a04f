import { describe, expect, it, vi } from "vitest";

const pending: ((v: unknown) => void)[] = [];
vi.mock("../../wailsjs/go/app/SessionService", () => ({
  State: () => new Promise((resolve) => pending.push(resolve)),
}));

import { useSession } from "./store";

const state = (email: string) => ({
  accounts: [{ id: email, email, locked: false }],
  settings: { theme: "system" },
  sandbox: false,
});

describe("useSession.refresh", () => {
  it("keeps the newest answer when an older one arrives late", async () => {
    const first = useSession.getState().refresh();
    const second = useSession.getState().refresh();
    pending[1](state("new@msp.example"));
    await second;
    pending[0](state("old@msp.example"));
    await first;
    expect(useSession.getState().state?.accounts[0].email).toBe("new@msp.example");
  });
});

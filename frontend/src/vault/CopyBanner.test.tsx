// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";

vi.mock("../../wailsjs/go/app/VaultService", () => ({ Search: vi.fn(), Sidebar: vi.fn(), Copy: vi.fn(), PinOrg: vi.fn() }));

const { CopyBanner } = await import("./CopyBanner");
const { useVault } = await import("./store");

describe("CopyBanner", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    useVault.setState({ banner: null, copyError: null });
  });

  it("counts down the clipboard clear, then goes", () => {
    vi.useFakeTimers();
    const now = Date.now();
    useVault.setState({
      banner: {
        copy: {
          field: "password",
          label: "Password",
          itemName: "Core router",
          orgName: "Business X",
          accountEmail: "tech@msp.example",
          clearsAt: now + 30_000,
        },
        shownAt: now,
        showAccount: false,
      },
    });
    render(<CopyBanner />);
    expect(screen.getByRole("status").textContent).toContain("Password of Core router copied — Business X · clears in 30 s");
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getByRole("status").textContent).toContain("clears in 27 s");
    act(() => vi.advanceTimersByTime(27_000));
    expect(screen.getByRole("status").textContent).toContain("clipboard cleared");
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("shows a failed copy as an alert", () => {
    useVault.setState({ copyError: { code: "not-allowed", message: "Password of M365 admin: hidden by collection access" } });
    render(<CopyBanner />);
    expect(screen.getByRole("alert").textContent).toContain("hidden by collection access");
  });
});

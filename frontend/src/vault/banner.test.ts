import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { bannerExpired, bannerText, ringFraction, secondsLeft, type Banner, LINGER_MS, NEVER_CLEARS_MS } from "./banner";

const t0 = 1_700_000_000_000;
const copy = (clearsAt: number): app.CopyView => ({
  field: "password",
  label: "Password",
  itemName: "Core router",
  orgName: "Business X",
  accountEmail: "tech@msp.example",
  clearsAt,
});
const banner = (clearsAt: number, showAccount = false): Banner => ({ copy: copy(clearsAt), shownAt: t0, showAccount });

describe("copy banner", () => {
  it("names the item and the client org and counts down", () => {
    const b = banner(t0 + 30_000);
    expect(bannerText(b, t0)).toBe("Password of Core router copied — Business X · clears in 30 s");
    expect(bannerText(b, t0 + 3_000)).toBe("Password of Core router copied — Business X · clears in 27 s");
    expect(bannerText(b, t0 + 29_001)).toBe("Password of Core router copied — Business X · clears in 1 s");
    expect(bannerText(b, t0 + 30_000)).toBe("Password of Core router copied — Business X · clipboard cleared");
  });

  it("names the account when several are unlocked", () => {
    expect(bannerText(banner(t0 + 30_000, true), t0)).toBe(
      "Password of Core router copied — Business X · tech@msp.example · clears in 30 s",
    );
  });

  it("says so when the clipboard is never cleared", () => {
    expect(bannerText(banner(0), t0)).toBe("Password of Core router copied — Business X · not cleared automatically");
  });

  it("goes a little after the clear, or after a while when never cleared", () => {
    const b = banner(t0 + 30_000);
    expect(bannerExpired(b, t0 + 30_000)).toBe(false);
    expect(bannerExpired(b, t0 + 30_000 + LINGER_MS)).toBe(true);
    expect(bannerExpired(banner(0), t0 + NEVER_CLEARS_MS - 1)).toBe(false);
    expect(bannerExpired(banner(0), t0 + NEVER_CLEARS_MS)).toBe(true);
  });

  it("never counts below zero", () => {
    expect(secondsLeft(t0, t0 + 5_000)).toBe(0);
    expect(secondsLeft(t0 + 100, t0)).toBe(1);
  });
});

describe("TOTP ring", () => {
  it("is the part of the period left", () => {
    expect(ringFraction(15_000, 30)).toBe(0.5);
    expect(ringFraction(45_000, 30)).toBe(1);
    expect(ringFraction(-5, 30)).toBe(0);
    expect(ringFraction(5, 0)).toBe(0);
  });
});

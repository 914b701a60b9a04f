import { describe, expect, it } from "vitest";
import { throttle, TOUCH_EVERY_MS } from "./touch";

describe("throttle (the Touch reports)", () => {
  it("reports the first activity at once, then at most every 10 s", () => {
    let t = 1_000_000;
    let calls = 0;
    const touch = throttle(() => calls++, TOUCH_EVERY_MS, () => t);
    touch();
    expect(calls).toBe(1);
    for (let i = 0; i < 50; i++) {
      t += 150; // keystrokes, 7.5 s in all
      touch();
    }
    expect(calls).toBe(1);
    t += 2_500; // 10 s after the first
    touch();
    expect(calls).toBe(2);
    touch();
    expect(calls).toBe(2);
    t += TOUCH_EVERY_MS;
    touch();
    expect(calls).toBe(3);
  });

  it("uses 10 seconds", () => {
    expect(TOUCH_EVERY_MS).toBe(10_000);
  });
});

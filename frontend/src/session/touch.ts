// Activity reports for the idle lock: Go locks after the lock timeout
// without a Touch, and the window reports keyboard and mouse input — but
// at most once every 10 seconds, since the timeout is counted in minutes.
export const TOUCH_EVERY_MS = 10_000;

// throttle returns a function that calls fn at once, then ignores calls
// until everyMs have passed since the last call that went through.
export function throttle(fn: () => void, everyMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    fn();
  };
}

// Hooks of the session shell: activity reports for the idle lock, a clock
// for relative times, and the "first screen painted" report.
import { useEffect, useRef, useState } from "react";
import { Touch } from "../../wailsjs/go/app/SessionService";
import { Ready } from "../../wailsjs/go/app/AboutService";
import { throttle, TOUCH_EVERY_MS } from "./touch";

// useActivity reports keyboard and mouse input to Go's idle lock, at most
// every TOUCH_EVERY_MS.
export function useActivity() {
  useEffect(() => {
    const touch = throttle(() => {
      Touch().catch(() => {});
    }, TOUCH_EVERY_MS);
    window.addEventListener("keydown", touch, true);
    window.addEventListener("mousedown", touch, true);
    return () => {
      window.removeEventListener("keydown", touch, true);
      window.removeEventListener("mousedown", touch, true);
    };
  }, []);
}

// useNow re-renders every everyMs with the current time.
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

// useReady tells Go, once, that the first real screen has painted (the
// start-up timing: app start to the unlock screen under 1 s).
export function useReady(screen: string | null) {
  const sent = useRef(false);
  useEffect(() => {
    if (screen === null || sent.current) return;
    sent.current = true;
    // rAF runs before the next paint; the timeout after it.
    requestAnimationFrame(() => setTimeout(() => Ready(screen).catch(() => {}), 0));
  }, [screen]);
}

// The copy banner's words and countdown: which client's credential was
// copied, and when the clipboard clears.
import type { app } from "../../wailsjs/go/models";

export interface Banner {
  copy: app.CopyView;
  shownAt: number; // ms, when it was copied
  showAccount: boolean; // several accounts are unlocked: name the account
}

// How long a banner stays once its countdown is over, or when the
// clipboard is never cleared.
export const LINGER_MS = 4000;
export const NEVER_CLEARS_MS = 8000;

// secondsLeft is the whole seconds until clearsAt, never negative.
export function secondsLeft(clearsAt: number, now: number): number {
  return Math.max(0, Math.ceil((clearsAt - now) / 1000));
}

export function bannerText(b: Banner, now: number): string {
  const c = b.copy;
  const where = b.showAccount && c.accountEmail ? `${c.orgName} · ${c.accountEmail}` : c.orgName;
  const head = `${c.label} of ${c.itemName} copied — ${where}`;
  if (!c.clearsAt) return `${head} · not cleared automatically`;
  const left = secondsLeft(c.clearsAt, now);
  return left > 0 ? `${head} · clears in ${left} s` : `${head} · clipboard cleared`;
}

// bannerExpired says the banner can go.
export function bannerExpired(b: Banner, now: number): boolean {
  if (!b.copy.clearsAt) return now - b.shownAt >= NEVER_CLEARS_MS;
  return now >= b.copy.clearsAt + LINGER_MS;
}

// ringFraction is the part of a TOTP period still left, 0..1.
export function ringFraction(remainingMs: number, periodS: number): number {
  if (periodS <= 0) return 0;
  return Math.min(1, Math.max(0, remainingMs / (periodS * 1000)));
}

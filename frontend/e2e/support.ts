// Helpers shared by the end-to-end specs. They run in the Playwright test
// process (Node), next to the app started by scripts/e2e.sh.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";

// The demo technician's master password (internal/sandbox/demodata: the
// sandbox only; never a real secret).
export const DEMO_PASSWORD = "vaultdesk-demo";

// readClipboard returns the X11 CLIPBOARD selection of the display the app
// runs on (scripts/e2e.sh exports DISPLAY for both): the app copies in Go
// with xclip, so this reads what a paste would paste.
export function readClipboard(): string {
  try {
    return execFileSync("xclip", ["-o", "-selection", "clipboard"], {
      encoding: "utf8",
      timeout: 5_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch {
    return ""; // xclip exits 1 while the clipboard is empty
  }
}

// sourcePolicy is the content security policy written in
// frontend/index.html, the one the build ships.
export function sourcePolicy(): string {
  const html = readFileSync(new URL("../index.html", import.meta.url), "utf8");
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  if (!m) throw new Error("frontend/index.html has no Content-Security-Policy meta tag");
  return m[1];
}

// directives parses a policy into its directives' source lists.
export function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

export interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

// recordViolations makes every page of the test keep the content security
// policy violations it reports; read them with violations(page). The init
// script is injected by the browser itself, not as an inline script, so the
// policy does not block it.
export async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        sample: e.sample,
      });
    });
  });
}

export async function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

// Playwright drives Debian's Chromium (never a downloaded browser) against
// `wails dev`: the real Go backend, bound over Wails' websocket IPC, serving
// the built frontend with the content security policy the app ships with.
// scripts/e2e.sh starts Xvfb and `wails dev` and sets VAULTDESK_E2E_URL;
// run it rather than this config directly.
import { defineConfig } from "@playwright/test";

const baseURL = process.env.VAULTDESK_E2E_URL ?? "http://127.0.0.1:34115";

// make bench-ui sets VAULTDESK_E2E_BENCH to run the timing specs
// (*.bench.ts) instead of the tests (*.spec.ts).
const bench = !!process.env.VAULTDESK_E2E_BENCH;

export default defineConfig({
  testDir: "e2e",
  testMatch: bench ? "**/*.bench.ts" : "**/*.spec.ts",
  // One app, one data directory: the specs run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 150_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: process.env.VAULTDESK_E2E_OUT ?? "../out/e2e",
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.VAULTDESK_CHROMIUM ?? "/usr/bin/chromium",
    },
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});

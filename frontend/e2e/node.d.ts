// The few Node APIs the specs use. frontend/ has no @types/node (the app
// itself never runs on Node); these declarations let `tsc -p e2e` check the
// specs without adding it.
declare module "node:child_process" {
  export function execFileSync(
    file: string,
    args: readonly string[],
    options: { encoding: "utf8"; timeout?: number; stdio?: unknown; input?: string },
  ): string;
}
declare module "node:fs" {
  export function readFileSync(path: string | URL, encoding: "utf8"): string;
  export function appendFileSync(path: string, data: string): void;
  export function writeFileSync(path: string, data: string): void;
  export function mkdirSync(path: string, options?: { recursive?: boolean }): void;
}
declare module "node:path" {
  export function dirname(p: string): string;
}
declare const process: { env: Record<string, string | undefined> };

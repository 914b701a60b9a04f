import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// index.html carries the app's strict content security policy. Vite's own
// dev server (`npm run dev`) cannot run under it: React Refresh injects an
// inline module script, CSS arrives as injected <style> elements and hot
// reload talks over a websocket. This plugin loosens the policy for that
// server only; builds (what the window and `wails dev` load) keep it as
// written.
function devServerCSP(): Plugin {
  return {
    name: "vaultdesk-dev-server-csp",
    apply: "serve",
    transformIndexHtml(html) {
      return html.replace(
        /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/,
        (_m, open: string, policy: string, close: string) =>
          open +
          policy
            .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace("connect-src 'self'", "connect-src 'self' ws: http://127.0.0.1:* http://localhost:*") +
          close,
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), devServerCSP()],
  build: {
    // Inline assets become data: URLs; the policy allows them for images
    // only, so keep fonts and the rest as files.
    assetsInlineLimit: (file) => /\.(png|svg|gif|jpe?g|webp)$/i.test(file) ? undefined : false,
  },
  server: {
    host: "127.0.0.1",
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});

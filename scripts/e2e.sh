#!/usr/bin/env bash
# Runs the Playwright end-to-end tests (frontend/e2e) in Debian's Chromium
# against `wails dev`: the real Go backend, under a private Xvfb display,
# with a fresh data directory, so the app opens on its welcome screen.
#
#   scripts/e2e.sh [playwright test args]     e.g. scripts/e2e.sh --grep CSP
#   VAULTDESK_E2E_BENCH=1 VAULTDESK_SANDBOX_SCALE=50:10000 scripts/e2e.sh
#                                             the search timing (make bench-ui)
#
# `wails dev` serves the built frontend (frontend/dist, built by Wails with
# "frontend:dev:build" from wails.json), not Vite's dev server, so the pages
# carry the content security policy the app ships with. It runs with no Go
# rebuild and no reload on file changes (the tree may be edited while the
# tests run) and on a free port, so a developer's own `wails dev` is left
# alone. Everything started here (Xvfb, a private D-Bus session, wails dev,
# the app, WebKit, the app's sandbox) is stopped on exit, pass or fail.
# VAULTDESK_E2E_KEEP=1 keeps the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/e2e-lib.sh

for cmd in Xvfb xclip chromium dbus-run-session node; do
  command -v "$cmd" >/dev/null || { echo "e2e: $cmd is missing: run scripts/deps.sh test" >&2; exit 1; }
done

tmp=$(mktemp -d -t vaultdesk-e2e.XXXXXX)
out=$root/out/e2e
mkdir -p "$out"
dev_pid=""

cleanup() {
  local status=$?
  stop_group "$dev_pid" INT
  stop_xvfb
  if [ -f "$tmp/wails-dev.log" ]; then
    cp "$tmp/wails-dev.log" "$out/wails-dev.log"
    if [ "$status" -ne 0 ]; then
      echo "e2e: the end of wails dev's output (all of it in $out/wails-dev.log):" >&2
      tail -n 30 "$tmp/wails-dev.log" >&2
    fi
  fi
  if [ -n "${VAULTDESK_E2E_KEEP:-}" ]; then
    echo "e2e: kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_xvfb "$tmp"
port=$(free_port)
url="http://127.0.0.1:$port"
export VAULTDESK_DATA_DIR=$tmp/data
mkdir -m 700 "$VAULTDESK_DATA_DIR"

echo "e2e: wails dev on $url, DISPLAY=$DISPLAY, data in $VAULTDESK_DATA_DIR"
# The benchmark times the Go side as users run it: optimised.
compiler=()
[ -n "${VAULTDESK_E2E_BENCH:-}" ] && compiler=(-compiler "$root/scripts/go-release.sh")
dev_pid=$(start_group "$tmp/wails-dev.log" dbus-run-session -- go tool wails dev "${compiler[@]}" \
  -m -nosyncgomod -skipbindings -nogorebuild -noreload \
  -devserver "127.0.0.1:$port" -loglevel Warning)

# Cold, wails dev compiles the app with the dev tag (minutes the first
# time); warm it takes seconds. The page is ready once index.html is served.
deadline=$((SECONDS + ${VAULTDESK_E2E_START_TIMEOUT:-600}))
until curl -sf -o /dev/null "$url/"; do
  kill -0 "$dev_pid" 2>/dev/null || { echo "e2e: wails dev exited before serving" >&2; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "e2e: wails dev did not serve $url in time" >&2; exit 1; }
  sleep 0.5
done
echo "e2e: wails dev is serving after ${SECONDS}s"

cd frontend
VAULTDESK_E2E_URL=$url VAULTDESK_E2E_OUT=$out/results npx playwright test "$@"

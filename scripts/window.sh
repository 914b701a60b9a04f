#!/usr/bin/env bash
# Opens the built desktop app in a real window under Xvfb, waits for it to
# render, and saves a screenshot. Fails if no window appears or if the
# window stays blank (a broken embed or a frontend that threw on load).
#
#   scripts/window.sh build/bin/vaultdesk out/window.png
set -euo pipefail
bin=${1:?usage: $0 APP_BINARY OUT.png}
out=${2:?usage: $0 APP_BINARY OUT.png}
mkdir -p "$(dirname "$out")"

cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

# A private display number so a developer's own X session is never touched.
display=":$((100 + RANDOM % 400))"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

log=$(mktemp)
"$bin" >"$log" 2>&1 &
app_pid=$!

if ! timeout 20 xdotool search --sync --name '^Vaultdesk$' >/dev/null; then
  echo "window: no Vaultdesk window within 20 s; app output:" >&2
  cat "$log" >&2
  exit 1
fi

# The window maps before WebKit paints; poll until the screenshot has the
# many colours of rendered text instead of the flat background.
for _ in $(seq 40); do
  import -window root "$out"
  colours=$(identify -format '%k' "$out")
  [ "$colours" -gt 64 ] && { echo "window: $out ($colours colours)"; exit 0; }
  sleep 0.25
done
echo "window: the Vaultdesk window stayed blank ($colours colours); app output:" >&2
cat "$log" >&2
exit 1

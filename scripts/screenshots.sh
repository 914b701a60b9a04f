#!/usr/bin/env bash
# Screenshots of every main screen of the real app window: the built
# binary under a private Xvfb with an empty data directory, driven by
# keyboard with xdotool as a user would (the app is keyboard first: Enter on
# the focused "Try the sandbox", Ctrl+K and an action's name in the command
# palette, Esc to leave a dialog). Saves OUT_DIR/screen-NAME.png.
#
#   scripts/screenshots.sh build/bin/vaultdesk out
#
# After each keystroke sequence it waits until the window has changed and
# then stopped changing (two captures 300 ms apart that differ in fewer
# than a few hundred pixels: a blinking caret or a countdown may still
# tick), so a shot never shows a half-drawn screen.
set -euo pipefail
app=$(realpath "${1:?usage: $0 APP OUT_DIR}")
outdir=${2:?usage: $0 APP OUT_DIR}
cd "$(dirname "$0")/.."
. scripts/e2e-lib.sh
mkdir -p "$outdir"
outdir=$(realpath "$outdir")
rm -f "$outdir/screen-failed.png"

for cmd in Xvfb xdotool import compare dbus-run-session; do
  command -v "$cmd" >/dev/null || { echo "screenshots: $cmd is missing: run scripts/deps.sh test" >&2; exit 1; }
done

tmp=$(mktemp -d -t vaultdesk-shots.XXXXXX)
app_pid=""
cleanup() {
  local status=$?
  stop_group "$app_pid"
  stop_xvfb
  if [ "$status" -ne 0 ]; then
    echo "screenshots: failed; the app's output:" >&2
    tail -n 40 "$tmp/app.log" >&2 || true
    [ -f "$tmp/now.png" ] && cp "$tmp/now.png" "$outdir/screen-failed.png" && echo "screenshots: last capture in $outdir/screen-failed.png" >&2
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_xvfb "$tmp"
mkdir -m 700 "$tmp/data"
app_pid=$(VAULTDESK_DATA_DIR=$tmp/data start_group "$tmp/app.log" dbus-run-session -- "$app")
wid=$(wait_for_window 60)
[ -n "$wid" ] || { echo "screenshots: no Vaultdesk window within 60 s" >&2; exit 1; }
# No window manager runs: give the window the keyboard focus directly.
xdotool windowfocus --sync "$wid"

capture() { import -window "$wid" "$1" 2>/dev/null; }

# differ A B prints how many pixels differ (beyond 5% colour fuzz).
# (compare prints large counts as 1.02e+06; awk reads that form too.)
differ() { compare -metric AE -fuzz 5% "$1" "$2" null: 2>&1 | awk '{ printf "%d", $1 }' || true; }

# settle [SECONDS]: wait until the window differs from $tmp/before.png,
# then until it is still; the result is $tmp/now.png.
settle() {
  local limit=${1:-15} changed="" still=0 d
  local deadline=$((SECONDS + limit))
  capture "$tmp/prev.png"
  while [ $SECONDS -lt $deadline ]; do
    sleep 0.3
    capture "$tmp/now.png"
    if [ -z "$changed" ]; then
      d=$(differ "$tmp/before.png" "$tmp/now.png")
      [ "${d:-0}" -gt 2000 ] && changed=1
    else
      d=$(differ "$tmp/prev.png" "$tmp/now.png")
      if [ "${d:-0}" -lt 400 ]; then
        still=$((still + 1))
        [ $still -ge 2 ] && return 0
      else
        still=0
      fi
    fi
    cp "$tmp/now.png" "$tmp/prev.png"
  done
  if [ -z "$changed" ]; then
    echo "screenshots: the window did not change within ${limit}s after: $last_action" >&2
    [ -n "$palette_open" ] && xdotool key Escape && sleep 0.3
    palette_open=""
    return 1
  fi
  palette_open=""
  return 0 # changing still (an animation): take it as it is
}

# keys K...: xdotool key names; text T: typed text; both then settle.
keys() { last_action="keys $*"; palette_open=""; capture "$tmp/before.png"; xdotool key --clearmodifiers "$@"; }
text() { xdotool type --delay 25 "$1"; }
# palette ACTION: Ctrl+K, the action's name, Enter.
# The "before" capture is taken with the palette open, so an action that
# is not there (Enter does nothing) shows as no change; settle then closes
# the palette.
palette() {
  last_action="palette $1"
  xdotool key --clearmodifiers ctrl+k
  sleep 0.4
  xdotool type --delay 25 "$1"
  sleep 0.8 # items from the search arrive; actions are listed at once
  capture "$tmp/before.png"
  palette_open=1
  xdotool key Return
}
shot() {
  cp "$tmp/now.png" "$outdir/screen-$1.png"
  echo "screenshots: $outdir/screen-$1.png"
  shots+=("$1")
}
# snap NAME: settle, then save the shot; a screen that never came is
# noted and the run goes on.
snap() {
  if settle; then
    shot "$1"
  else
    missing+=("$1 (no change after: $last_action)")
  fi
}
shots=() missing=() last_action="" palette_open=""

# 1. Welcome: wait for the first paint (many colours, not the flat
# background).
for _ in $(seq 60); do
  capture "$tmp/now.png"
  [ "$(identify -format '%k' "$tmp/now.png")" -gt 64 ] && break
  sleep 0.25
done
sleep 0.5
capture "$tmp/now.png"
shot welcome

# 2. Try the sandbox (focused): seeding the demo MSP takes a while; the
# app records it in sandbox/app.json once done.
keys Return
for _ in $(seq 240); do
  grep -q '"seeded":"demo"' "$tmp/data/sandbox/app.json" 2>/dev/null && break
  sleep 0.5
done
grep -q '"seeded":"demo"' "$tmp/data/sandbox/app.json" || { echo "screenshots: the sandbox was not seeded within 2 min" >&2; exit 1; }
settle 30 || true

# 3. The vault with an item selected: search, the best match is selected.
keys ctrl+f
text "core router"
snap vault

# 4. The item editor.
palette "Edit selected item"
snap editor
keys Escape
settle || true

# 5. The vault in the dark theme, then back to light.
palette "Switch to dark theme"
snap vault-dark
palette "Switch to light theme"
settle || true

# 6. Administration (the palette works in every section).
palette "Client overview"
snap admin-overview
palette "Collections of Business X"
snap admin-collections
palette "Members of Business X"
if settle; then
  shot admin-members
else
  # Without that command: "Invite members…" opens the first organization's
  # members with the invite dialog, which Esc closes.
  palette "Invite members"
  settle || true
  keys Escape
  snap admin-members
fi
# The confirm queue focuses its first "Confirm…": Enter opens the
# fingerprint dialog.
palette "Confirm queue"
settle || true
keys Return
snap admin-confirm-fingerprint
keys Escape
settle || true

# 7. Settings.
palette "Settings"
snap settings

# A screen that never showed fails the run, after taking every other one.
if [ ${#missing[@]} -gt 0 ]; then
  printf 'screenshots: %d saved; missing:\n' "${#shots[@]}" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "screenshots: ${#shots[@]} saved in $outdir"

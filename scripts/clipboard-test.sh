#!/usr/bin/env bash
# Runs the internal/clipboard tests against a real X11 clipboard: each test
# starts its own Xvfb (a free display, chosen by Xvfb) and copies with xclip.
# Installs what is missing first (Debian, root or sudo). Extra arguments go
# to `go test`, e.g. -v or -run.
#
#   scripts/clipboard-test.sh [go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(xvfb xclip)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "clipboard-test: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Makes the tests fail, not skip, if Xvfb or xclip is still missing.
export VDESK_CLIPBOARD_TEST=1
# The tests set DISPLAY themselves; unset here so nothing touches the
# clipboard of the person running them.
unset DISPLAY WAYLAND_DISPLAY
go test -count=1 "$@" ./internal/clipboard/

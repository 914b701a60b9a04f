#!/usr/bin/env bash
# Installs what a Vaultdesk build or test needs and is missing, on Debian as
# root. Idempotent and quick when everything is present: it only asks apt
# when a package is absent, and only runs npm when the lock file changed.
#
#   scripts/deps.sh build   # Wails build for Linux: GTK + WebKitGTK 4.1, frontend modules
#   scripts/deps.sh test    # build + window smoke test, end-to-end tests in
#                           # Chromium under Xvfb, screenshots, Windows installer tooling
set -euo pipefail
cd "$(dirname "$0")/.."

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || { echo "deps: $1 is required but not installed ($2)" >&2; exit 1; }
}

apt_packages=(gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
case "${1:-build}" in
  build) ;;
  test) apt_packages+=(xvfb x11-utils xdotool imagemagick nsis xclip chromium dbus-daemon curl) ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

need_cmd go "Go 1.26 from go.dev"
need_cmd node "Node.js 20 or newer"
need_cmd npm "comes with Node.js"

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when package-lock.json changed since the last install.
stamp=frontend/node_modules/.vaultdesk-lock.sha256
want=$(sha256sum frontend/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "deps: installing frontend modules"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

go mod download

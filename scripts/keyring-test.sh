#!/usr/bin/env bash
# Runs the internal/keychain and internal/accounts tests against a real
# Secret Service: a private D-Bus session bus with gnome-keyring-daemon on
# it, as in docs/platform.md "OS keychain". Installs what is missing first
# (Debian, root or sudo). Extra arguments go to `go test`, e.g. -v or -run.
#
#   scripts/keyring-test.sh [go test flags]
#
# Each run gets its own XDG_RUNTIME_DIR and XDG_DATA_HOME, so the keyring it
# creates is new, empty and thrown away afterwards: the tests never touch the
# keyring of the person running them.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(gnome-keyring dbus dbus-x11 libsecret-tools)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "keyring-test: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run" "$tmp/data"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data"
# Tells the tests a real Secret Service is on the session bus; without it
# they skip.
export VDESK_SECRET_SERVICE=1

# Inside the private session: start the daemon with the login keyring
# unlocked by a throwaway password on stdin, wait (at most 15 s) until its
# control socket exists and it owns org.freedesktop.secrets on the bus, run
# the tests, then stop the daemon.
dbus-run-session -- sh -c '
  printf %s vaultdesk-test | gnome-keyring-daemon --foreground --unlock --components=secrets >"$XDG_RUNTIME_DIR/daemon.log" 2>&1 &
  daemon=$!
  ready=""
  i=0
  while [ $i -lt 150 ]; do
    if [ -S "$XDG_RUNTIME_DIR/keyring/control" ] &&
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      ready=1
      break
    fi
    if ! kill -0 $daemon 2>/dev/null; then
      break
    fi
    sleep 0.1
    i=$((i + 1))
  done
  if [ -z "$ready" ]; then
    echo "keyring-test: gnome-keyring-daemon did not come up within 15 s" >&2
    cat "$XDG_RUNTIME_DIR/daemon.log" >&2
    kill $daemon 2>/dev/null
    exit 1
  fi
  status=0
  go test -count=1 "$@" ./internal/keychain/... ./internal/accounts/... || status=$?
  kill $daemon 2>/dev/null
  wait $daemon 2>/dev/null
  exit $status
' keyring-test "$@"

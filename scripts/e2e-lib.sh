# Shared by scripts/e2e.sh, scripts/startup-bench.sh and
# scripts/screenshots.sh: a private X display and process groups that are
# always stopped. Source it; it defines functions only.

# start_xvfb DIR starts Xvfb on a display number Xvfb picks itself (never a
# developer's own display), exports DISPLAY and sets xvfb_pid.
start_xvfb() {
  local dir=$1
  exec 3>"$dir/display"
  Xvfb -displayfd 3 -screen 0 "${VAULTDESK_SCREEN:-1400x900x24}" -nolisten tcp >"$dir/xvfb.log" 2>&1 &
  xvfb_pid=$!
  exec 3>&-
  for _ in $(seq 100); do [ -s "$dir/display" ] && break; sleep 0.05; done
  if [ ! -s "$dir/display" ]; then
    echo "Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    return 1
  fi
  export DISPLAY=":$(tr -d '[:space:]' <"$dir/display")"
  # No accessibility bus: GTK would start D-Bus daemons outside our groups.
  export NO_AT_BRIDGE=1
  unset WAYLAND_DISPLAY
}

stop_xvfb() {
  [ -n "${xvfb_pid:-}" ] || return 0
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
}

# start_group LOG CMD... runs CMD in a new session, so in a process group of
# its own whose id is the printed pid: everything it starts (the app,
# WebKit, a private D-Bus) can be stopped together with stop_group.
# Usage: pid=$(start_group log cmd args...)
start_group() {
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  echo $!
}

# stop_group PGID [SIGNAL] sends SIGNAL (default TERM) to a process group,
# waits up to 10 s, then kills what is left. wails dev wants INT: it then
# stops the app and removes its dev binary.
stop_group() {
  local pgid=$1 sig=${2:-TERM}
  [ -n "$pgid" ] || return 0
  kill "-$sig" -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

# free_port prints a TCP port free on 127.0.0.1.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_for_window SECONDS waits until a Vaultdesk window is mapped.
wait_for_window() {
  timeout "$1" xdotool search --sync --onlyvisible --name '^Vaultdesk$' 2>/dev/null | head -n1
}

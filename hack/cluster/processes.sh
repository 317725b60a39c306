# Stopping what cluster-up started, by the process ids it recorded in $dir/pids, never by name.
# Sourced by cluster-down and the node script; they set $dir.

stop_recorded() { # name [seconds]: SIGTERM, then SIGKILL after the grace period; prints when stopped
  local pidfile="$dir/pids/$1" pid grace=$((${2:-5} * 10))
  [[ -f "$pidfile" ]] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq "$grace"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $1 ($pid)"
  fi
  rm -f "$pidfile"
}

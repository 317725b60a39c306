# The processes cluster-up starts, recorded in $dir/pids as "pid start-time" (the kernel's start
# time of that pid, /proc/PID/stat field 22), so that stopping one never hits another process that
# reused a stale pid. Sourced by cluster-up, cluster-down and the node script; they set $dir.

start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

record_pid() { # name pid
  echo "$2 $(start_time "$2")" >"$dir/pids/$1"
}

recorded_pid() { # name: the pid, when that process is still the one recorded; else nothing
  local pid started
  [[ -f "$dir/pids/$1" ]] || return 0
  read -r pid started <"$dir/pids/$1"
  if [[ -n "$started" && "$(start_time "$pid")" == "$started" ]]; then echo "$pid"; fi
}

stop_recorded() { # name [seconds]: SIGTERM, then SIGKILL after the grace period; prints when stopped
  local pid grace=$((${2:-5} * 10))
  pid=$(recorded_pid "$1")
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq "$grace"); do [[ "$(recorded_pid "$1")" == "$pid" ]] || break; sleep 0.1; done
    [[ "$(recorded_pid "$1")" == "$pid" ]] && kill -9 "$pid" 2>/dev/null
    echo "stopped $1 ($pid)"
  fi
  rm -f "$dir/pids/$1"
}

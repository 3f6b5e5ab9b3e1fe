# Process helpers for .ci/run: it stops only processes it started, by pid, never by name alone.

# pids_named NAME: the pids of running processes whose command name is exactly NAME, one a line.
pids_named() {
  pgrep -x "$1" || true
}

# stop_started_since NAME BEFORE: stops the NAME processes that were not running when BEFORE (the
# output of pids_named, taken earlier) was taken, i.e. the ones started in between, by pid.
stop_started_since() {
  local name="$1" before="$2" pid
  for pid in $(pids_named "$name"); do
    if ! grep -qx "$pid" <<<"$before"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}

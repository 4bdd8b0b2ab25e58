# Sourced by the interop and oracle scripts: `start_simulator ARGS...` runs the built ghstats-simulator on a free
# port with ARGS, sets `simulator_url` once it listens, and stops it when the script exits.
start_simulator() {
  simulator_log=$(mktemp)
  .build/debug/ghstats-simulator --port 0 "$@" >"$simulator_log" 2>&1 &
  simulator_pid=$!
  trap 'kill $simulator_pid 2>/dev/null; wait $simulator_pid 2>/dev/null || true; rm -f "$simulator_log"' EXIT
  simulator_url=
  for _ in $(seq 1 100); do
    simulator_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$simulator_log" | head -1 || true)
    [ -n "$simulator_url" ] && return 0
    kill -0 "$simulator_pid" 2>/dev/null || { cat "$simulator_log"; return 1; }
    sleep 0.1
  done
  echo "simulator did not start"
  cat "$simulator_log"
  return 1
}

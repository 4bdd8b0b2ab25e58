#!/usr/bin/env bash
# PyGithub (from PyPI) walks an organisation served by the built ghstats-simulator, over the GitHub
# Enterprise prefix, and must count exactly what the simulator serves. Needs `swift build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.emu/pygithub
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q PyGithub==2.10.0
fi
log=$(mktemp)
.build/debug/ghstats-simulator --port 0 --org interop-org --repos 3 --prs-per-repo 40 --seed 5 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "simulator did not start"; cat "$log"; exit 1; }
"$venv/bin/python" scripts/pygithub_walk.py "$url" interop-org

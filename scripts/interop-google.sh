#!/usr/bin/env bash
# Interop: Google's own Python clients (google-cloud-storage, google-cloud-bigquery) read what ghstats wrote.
# `ghstats demo --to-gcs --to-bigquery` fills SQLite, a bucket and a dataset on the emulators; the clients then
# read every chunk and query every table, and their counts must equal SQLite's.
# Needs the emulators (`. scripts/emulators.sh`) and a built ghstats.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STORAGE_EMULATOR_HOST:?start the emulators first: . scripts/emulators.sh}"
: "${BIGQUERY_EMULATOR_HOST:?start the emulators first: . scripts/emulators.sh}"
VENV=.emu/gcloud-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q google-cloud-storage==3.17.1 google-cloud-bigquery==3.47.0
fi
BIN=$(swift build --show-bin-path)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SUFFIX=$(date +%s)_$$
export GCS_BUCKET_NAME="interop_$SUFFIX" BIGQUERY_DATASET_ID="interop_$SUFFIX" BIGQUERY_PROJECT_ID="${BIGQUERY_PROJECT:-test-project}"
(cd "$WORK" && "$BIN/ghstats" demo --repos 4 --prs-per-repo 25 --to-gcs --to-bigquery --log-level warning)
"$VENV/bin/python" scripts/google_clients_read.py "$WORK/ghstats.db"

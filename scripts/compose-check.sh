#!/usr/bin/env bash
# Validates a compose file (default docker-compose.yml) against the Compose specification's JSON schema, without a
# Docker engine; prints the services as JSON. Installs its tools once under .emu/compose (PyPI only).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-docker-compose.yml}
DIR=${EMU_DIR:-$PWD/.emu}/compose
if [ ! -f "$DIR/compose_spec.json" ] || [ ! -x "$DIR/venv/bin/python" ]; then
  mkdir -p "$DIR"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q jsonschema==4.23.0 PyYAML==6.0.2 >&2
  "$DIR/venv/bin/pip" download -q --no-deps docker-compose==1.29.2 -d "$DIR/wheel" >&2
  "$DIR/venv/bin/python" - "$DIR" <<'PY'
import glob, sys, zipfile
directory = sys.argv[1]
with zipfile.ZipFile(glob.glob(directory + "/wheel/docker_compose-*.whl")[0]) as wheel:
    open(directory + "/compose_spec.json", "wb").write(wheel.read("compose/config/compose_spec.json"))
PY
fi
exec "$DIR/venv/bin/python" scripts/compose-check.py "$DIR/compose_spec.json" "$FILE"

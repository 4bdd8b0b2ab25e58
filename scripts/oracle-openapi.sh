#!/usr/bin/env bash
# GitHub's OpenAPI models (PyPI githubkit-schemas, pydantic) validate every REST body ghstats reads from the built
# ghstats-simulator, on both prefixes and across pages; any invalid body fails. Needs `swift build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.emu/openapi
# githubkit 0.16.1 does not import with hishel 2.0.0.
packages=(githubkit==0.16.1 'hishel[async,httpx]==1.3.0' githubkit-schemas==26.10.21
  githubkit-schemas-2022-11-28==26.10.21 githubkit-schemas-2026-03-10==26.10.21 pydantic==2.14.4)
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${packages[*]}" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "${packages[@]}"
  echo "${packages[*]}" >"$stamp"
fi
. scripts/simulator.sh
start_simulator --org oracle-org --repos 4 --prs-per-repo 60 --seed 7 --rate-limit 1000000
"$venv/bin/python" scripts/openapi_validate.py "$simulator_url" oracle-org

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
. scripts/simulator.sh
start_simulator --org interop-org --repos 3 --prs-per-repo 40 --seed 5
"$venv/bin/python" scripts/pygithub_walk.py "$simulator_url" interop-org

#!/usr/bin/env bash
# Installs the Debian packages ghstats builds against, when missing; with `test`, also what the test suite runs
# (Chromium for the dashboard test, Prometheus' promtool for the alert rules, kcat as a Kafka subscriber). Needs root (or sudo).
set -euo pipefail
packages=(libsqlite3-dev librdkafka-dev zlib1g-dev pkg-config sqlite3 python3-venv curl make gcc)
if [ "${1:-}" = "test" ]; then packages+=(chromium prometheus kcat); fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "the Swift toolchain (6.x) is not on PATH"; exit 1; }

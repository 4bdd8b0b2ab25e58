#!/usr/bin/env bash
# Builds librdkafka 2.8.0 from Debian's source package into .emu/librdkafka-2.8.0 (once), for the Tansu
# interop check: Tansu needs librdkafka >= 2.1, bookworm ships 2.0.2. ghstats' binaries load it through
# LD_LIBRARY_PATH (same soname, newer ABI-compatible library).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$PWD/.emu/librdkafka-2.8.0"
[ -f "$prefix/lib/librdkafka.so.1" ] && { echo "$prefix"; exit 0; }
work="$PWD/.emu/librdkafka-src"
rm -rf "$work" && mkdir -p "$work"
tarball="$work/librdkafka_2.8.0.orig.tar.gz"
curl -fsSL -o "$tarball" http://deb.debian.org/debian/pool/main/libr/librdkafka/librdkafka_2.8.0.orig.tar.gz
echo "5bd1c46f63265f31c6bfcedcde78703f77d28238eadf23821c2b43fc30be3e25  $tarball" | sha256sum -c --quiet
tar -xzf "$tarball" -C "$work"
cd "$work/librdkafka-2.8.0"
./configure --prefix="$prefix" --disable-ssl --disable-gssapi --disable-sasl --disable-zstd --disable-curl \
  --install-deps=false >/dev/null 2>&1 || ./configure --prefix="$prefix" --disable-ssl --disable-gssapi \
  --disable-zstd --disable-curl >/dev/null
make -j"$(nproc)" -C src >/dev/null 2>&1
make -C src install >/dev/null 2>&1
rm -rf "$work"
echo "$prefix"

#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what is missing, builds weft for the build machine, and runs the
# example program wsum on every file in /usr/bin (or on the files given),
# then compares its output with coreutils sha256sum.
# Usage: toolchains/run-example.sh [FILE...]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/toolchains/install-deps.sh"

build="$top/build/$(uname -m)"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" >/dev/null
fi
ninja -C "$build" examples/wsum/wsum >/dev/null

if [ "$#" -eq 0 ]; then
  set -- /usr/bin/*
fi
output="$build/wsum-output.txt"
expected="$build/sha256sum-output.txt"

start=$(date +%s.%N)
status=0
"$build/examples/wsum/wsum" "$@" >"$output" || status=$?
end=$(date +%s.%N)
sha256sum "$@" >"$expected" 2>/dev/null || true

head -n 5 "$output"
echo "..."
echo "wsum hashed $(wc -l <"$output") files with $(nproc) CPUs in" \
  "$(awk "BEGIN { printf \"%.2f\", $end - $start }") s, exit status $status"
if cmp -s "$output" "$expected"; then
  echo "output identical to sha256sum: $output"
else
  echo "output differs from sha256sum:"
  diff "$expected" "$output" | head -n 20
  exit 1
fi

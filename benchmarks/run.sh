#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what is missing, builds weft's benchmarks natively and the
# one-thread program for every cross file in toolchains/, runs the
# benchmarks with benchmarks/runner.py and prints its table.
# Usage: benchmarks/run.sh
# Environment:
#   WEFT_BENCH_BUILD        folder for the build folders (one per
#                           architecture), logs and results
#                           (default: build-bench in the repository)
#   WEFT_BENCH_REPETITIONS  timed rounds per benchmark (default: 9)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${WEFT_BENCH_BUILD:-$top/build-bench}
repetitions=${WEFT_BENCH_REPETITIONS:-9}
started=$(date +%s)

# meson, ninja and the cross compilers come from the project's installer;
# the benchmarks add musl-gcc, strace and llvm-strip (for loongarch64).
"$top/toolchains/install-deps.sh"
missing=""
for package in musl-tools strace llvm; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: missing packages:$missing; run as root to install" >&2
    exit 1
  fi
  echo "run.sh: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086 # the list is meant to split into words
  apt-get install -y -q --no-install-recommends $missing
fi

mkdir -p "$build"

# Configures build folder $1 for weft's benchmarks, with the remaining
# arguments passed to meson setup. A folder configured before is kept, and
# ninja reconfigures it when a meson.build file has changed.
configure() {
  folder=$1
  shift
  if [ -f "$folder/build.ninja" ]; then
    return 0
  fi
  rm -rf "$folder"
  meson setup -Dbenchmarks=true -Dtests=false -Dexamples=false "$@" \
    "$folder" "$top" >"$folder.setup.log" 2>&1
}

native=$(uname -m)
echo "run.sh: building the benchmarks in $build/$native"
if ! configure "$build/$native" ||
    ! ninja -C "$build/$native" >"$build/$native.build.log" 2>&1; then
  echo "run.sh: native build failed; see $build/$native.setup.log" \
    "and $build/$native.build.log" >&2
  tail -n 20 "$build/$native.setup.log" "$build/$native.build.log" \
    2>/dev/null >&2
  exit 1
fi

# Only the program whose size is measured, for each architecture. A failed
# architecture is reported and, with its stripped program from an earlier
# run removed, left out of the size table.
echo "run.sh: building weft_one_thread for every cross file"
for cross_file in "$top"/toolchains/*.txt; do
  arch=$(basename "$cross_file" .txt)
  rm -f "$build/$arch/benchmarks/weft_one_thread.stripped"
  if ! configure "$build/$arch" --cross-file="$cross_file" ||
      ! ninja -C "$build/$arch" benchmarks/weft_one_thread.stripped \
        >"$build/$arch.build.log" 2>&1; then
    echo "run.sh: $arch: build failed; see $build/$arch.setup.log and" \
      "$build/$arch.build.log" >&2
  fi
done
echo "run.sh: builds took $(( $(date +%s) - started )) s"

python3 "$top/benchmarks/runner.py" --build-root "$build" --native "$native" \
  --repetitions "$repetitions" --csv "$build/results.csv"
echo "run.sh: finished in $(( $(date +%s) - started )) s"

#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what is missing, then builds and tests weft for the build machine
# and for every cross file in toolchains/ (under qemu-user), boots some of
# the builds as /init under qemu-system (toolchains/run-vm.py), and prints
# one table row per architecture and boot and a final "N passed, N failed"
# line.
# Usage: toolchains/run-tests.sh [ARCH...]   (default: all; e.g. aarch64)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/toolchains/install-deps.sh" || exit 1

native=$(uname -m)
if [ "$#" -gt 0 ]; then
  architectures="$*"
else
  architectures="$native"
  for cross_file in "$top"/toolchains/*.txt; do
    architectures="$architectures $(basename "$cross_file" .txt)"
  done
fi

mkdir -p "$top/build"
results=""
for arch in $architectures; do
  build="$top/build/$arch"
  if [ "$arch" = "$native" ]; then
    cross=""
  else
    cross="--cross-file=$top/toolchains/$arch.txt"
  fi
  echo "=== $arch: configure and build in $build"
  start=$(date +%s)
  if [ -f "$build/build.ninja" ]; then
    setup="meson setup --reconfigure $cross $build $top"
  else
    setup="meson setup $cross $build $top"
  fi
  # shellcheck disable=SC2086 # $cross is empty or one argument
  if $setup >"$build.setup.log" 2>&1 && ninja -C "$build" >"$build.build.log" 2>&1; then
    echo "=== $arch: test"
    meson test -C "$build" --print-errorlogs >"$build.test.log" 2>&1
    tail -n 12 "$build.test.log"
  else
    echo "=== $arch: build failed; see $build.setup.log and $build.build.log"
    tail -n 20 "$build.setup.log" "$build.build.log" 2>/dev/null
  fi
  results="$results $arch:$build:$(( $(date +%s) - start ))"
done

# Boots the programs of the builds that have a machine in run-vm.py as
# /init on a Debian kernel; each gets a row ARCH-vm.
for arch in $(python3 "$top/toolchains/run-vm.py" --list); do
  case " $architectures " in
    *" $arch "*) ;;
    *) continue ;;
  esac
  echo "=== $arch-vm: boot the image under qemu-system"
  start=$(date +%s)
  python3 "$top/toolchains/run-vm.py" "$arch"
  results="$results $arch-vm:$top/build/$arch-vm:$(( $(date +%s) - start ))"
done

# shellcheck disable=SC2086 # one argument per architecture
python3 "$top/toolchains/summarise.py" $results

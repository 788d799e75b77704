#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what building and testing weft needs on Debian 12, as root:
# meson and ninja, doctest for the unit tests, the native and cross
# compilers (clang 19 and lld 19 for loongarch64), and qemu-user to run
# the cross-built programs. Returns at once
# when everything is already installed.
set -eu

packages="
  binutils
  clang-19
  coreutils
  doctest-dev
  g++
  g++-aarch64-linux-gnu
  g++-arm-linux-gnueabihf
  g++-i686-linux-gnu
  g++-m68k-linux-gnu
  g++-mips-linux-gnu
  g++-mips64el-linux-gnuabi64
  g++-mipsel-linux-gnu
  g++-powerpc-linux-gnu
  g++-powerpc64-linux-gnu
  g++-powerpc64le-linux-gnu
  g++-riscv64-linux-gnu
  g++-s390x-linux-gnu
  g++-sparc64-linux-gnu
  libc6-dev-mipsn32-mips-cross
  libc6-dev-mipsn32-mips64el-cross
  libn32gcc-12-dev-mips-cross
  libn32gcc-12-dev-mips64el-cross
  libn32stdc++-12-dev-mips-cross
  libn32stdc++-12-dev-mips64el-cross
  lld-19
  meson
  ninja-build
  python3
  qemu-user-static
"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: missing packages:$missing; run as root to install" >&2
  exit 1
fi
echo "install-deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -q --no-install-recommends $missing

#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what building and testing weft needs on Debian 12, as root:
# meson and ninja, doctest for the unit tests, the native and cross
# compilers (clang 19 and lld 19 for loongarch64), qemu-user to run the
# cross-built programs, and qemu-system to boot them on Debian kernels
# (toolchains/run-vm.py). It adds the Debian architectures of those
# kernels to dpkg so that `apt-get download` can fetch them; nothing is
# installed for them. Returns at once when everything is already in place.
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
  qemu-system-arm
  qemu-system-misc
  qemu-system-ppc
  qemu-system-x86
  qemu-user-static
"

# The Debian architectures of the kernels run-vm.py boots, other than the
# build machine's own.
kernel_architectures="arm64 armhf i386 ppc64el s390x"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

native_architecture=$(dpkg --print-architecture)
foreign=$(dpkg --print-foreign-architectures)
new_architectures=""
for architecture in $kernel_architectures; do
  if [ "$architecture" != "$native_architecture" ] &&
      ! echo "$foreign" | grep -qx "$architecture"; then
    new_architectures="$new_architectures $architecture"
  fi
done

if [ -z "$missing" ] && [ -z "$new_architectures" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: missing packages:$missing;" \
    "missing dpkg architectures:$new_architectures; run as root" >&2
  exit 1
fi
for architecture in $new_architectures; do
  echo "install-deps.sh: adding the dpkg architecture $architecture"
  dpkg --add-architecture "$architecture"
done
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if [ -n "$missing" ]; then
  echo "install-deps.sh: installing$missing"
  # shellcheck disable=SC2086 # the list is meant to split into words
  apt-get install -y -q --no-install-recommends $missing
fi

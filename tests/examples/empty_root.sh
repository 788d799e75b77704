#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs weft programs in a root directory that contains nothing but them and
# wsum's input files (no /lib, /proc or /dev), entered with unshare and
# chroot as a minimal container would. wsum's output must equal that of
# sha256sum run outside on the same files; each TAP program must pass.
# Needs root (chroot and new namespaces); without it the test is skipped.
# Prints TAP.
#
# Usage: empty_root.sh WSUM [TAP_PROGRAM...]
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 WSUM [TAP_PROGRAM...]" >&2
  exit 2
fi
wsum=$1
shift

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null ||
    ! command -v chroot >/dev/null; then
  echo "1..0 # SKIP needs root, unshare and chroot"
  exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/data"

# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# Runs a command inside the empty root, in new mount, PID, IPC and UTS
# namespaces, with an empty environment.
unshare=$(command -v unshare)
chroot=$(command -v chroot)
in_root() {
  env -i "$unshare" --mount --pid --ipc --uts --fork "$chroot" "$root" "$@"
}

# A sandbox may forbid new namespaces or chroot even to root.
if ! probe=$("$unshare" --mount --pid --ipc --uts --fork "$chroot" / true 2>&1)
then
  echo "1..0 # SKIP cannot enter namespaces and chroot here: $(echo "$probe" | head -n 1)"
  exit 0
fi

cp "$wsum" "$root/wsum"
for program in "$@"; do
  cp "$program" "$root/$(basename "$program")"
done
printf '' >"$root/data/empty"
printf 'abc' >"$root/data/abc"
seq 1 20000 >"$root/data/numbers"
head -c 3000000 /dev/urandom >"$root/data/random"
printf 'with a space\n' >"$root/data/name with space"

listing=$(cd "$root" && find . -mindepth 1 -maxdepth 1 | sort | tr '\n' ' ')
expected_listing=$(for path in data wsum "$@"; do
  echo "./$(basename "$path")"
done | sort | tr '\n' ' ')
check "$([ "$listing" = "$expected_listing" ] && echo 0 || echo 1)" \
  "the root holds only the programs and data (got: $listing)"

(cd "$root" && sha256sum data/empty data/abc data/numbers data/random \
  "data/name with space") >"$tmp/expected"
for jobs in "" "-j 1" "-j 4"; do
  # shellcheck disable=SC2086 # $jobs is empty or an option and a number
  (cd "$root" && in_root /wsum $jobs data/empty data/abc data/numbers \
    data/random "data/name with space") >"$tmp/got" 2>"$tmp/errors"
  status=$?
  check "$status" "wsum ${jobs:-with its default workers} exits 0 in the empty root"
  if cmp -s "$tmp/expected" "$tmp/got"; then
    check 0 "wsum ${jobs:-with its default workers} output equals sha256sum"
  else
    check 1 "wsum ${jobs:-with its default workers} output equals sha256sum"
    diff "$tmp/expected" "$tmp/got" | head -n 10 | sed 's/^/#   /'
    sed 's/^/#   /' "$tmp/errors" | head -n 5
  fi
done

printf 'from standard input\n' >"$tmp/input"
expected=$(sha256sum <"$tmp/input")
got=$(in_root /wsum <"$tmp/input")
check "$([ "$expected" = "$got" ] && echo 0 || echo 1)" \
  "wsum hashes standard input in the empty root"

for program in "$@"; do
  name=$(basename "$program")
  in_root "/$name" >"$tmp/tap" 2>&1
  status=$?
  skipped=$(grep -c '^ok .*# SKIP' "$tmp/tap")
  passed=$(($(grep -c '^ok' "$tmp/tap") - skipped))
  failed=$(grep -c '^not ok' "$tmp/tap")
  check "$([ "$status" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ] &&
    echo 0 || echo 1)" \
    "$name passes in the empty root ($passed passed, $failed failed, $skipped skipped)"
  if [ "$status" != 0 ] || [ "$failed" != 0 ]; then
    grep -v '^ok' "$tmp/tap" | head -n 10 | sed 's/^/#   /'
  fi
done

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares wsum with GNU coreutils sha256sum on the same files: standard
# output byte for byte, the exit status, and the error lines. Prints TAP.
#
# Usage: wsum_compare.sh [--large-file] WSUM_COMMAND...
# WSUM_COMMAND is the wsum program, after an emulator and its options for
# cross builds. With --large-file only the case of a file over 4 GiB runs,
# which takes minutes under an emulator.
set -u

large_file=false
if [ "${1-}" = --large-file ]; then
  large_file=true
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--large-file] WSUM_COMMAND..." >&2
  exit 2
fi
wsum=("$@")
# The cases run inside the temporary directory, so a relative program path
# is made absolute first. Words without a slash are left to PATH.
for i in "${!wsum[@]}"; do
  case ${wsum[i]} in
    /*) ;;
    */*) wsum[i]=$PWD/${wsum[i]} ;;
  esac
done

# sha256sum's messages and quoting depend on the locale. wsum has no locale
# and prints the C locale's English messages.
export LC_ALL=C

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

test_count=0
failure_count=0

pass() {
  test_count=$((test_count + 1))
  echo "ok $test_count - $1"
}

fail() {
  test_count=$((test_count + 1))
  failure_count=$((failure_count + 1))
  echo "not ok $test_count - $1"
}

# Prints a file as TAP comments, at most 10 lines.
show() {
  echo "# $1:"
  head -n 10 "$2" | sed 's/^/#   /'
}

# run_both INPUT ARGS...: runs wsum with ARGS and sha256sum with ARGS less
# wsum's -j option, each with INPUT piped to its standard input. Sets
# wsum_status and sha_status and leaves the output in {wsum,sha}.{out,err}
# in the temporary directory.
run_both() {
  local input=$1 sha_args=() options_ended=false skip_value=false arg
  shift
  for arg in "$@"; do
    if $skip_value; then
      skip_value=false
    elif $options_ended; then
      sha_args+=("$arg")
    elif [ "$arg" = -- ]; then
      options_ended=true
      sha_args+=("$arg")
    elif [ "$arg" = -j ]; then
      skip_value=true
    elif [[ $arg != -j* ]]; then
      sha_args+=("$arg")
    fi
  done
  cat "$input" | "${wsum[@]}" "$@" >wsum.out 2>wsum.err
  wsum_status=${PIPESTATUS[1]}
  cat "$input" | sha256sum "${sha_args[@]}" >sha.out 2>sha.err
  sha_status=${PIPESTATUS[1]}
}

check_stdout() {
  if cmp -s wsum.out sha.out; then
    pass "$1: stdout matches"
  else
    fail "$1: stdout matches"
    echo "# $(cmp wsum.out sha.out 2>&1)"
    show "wsum stdout" wsum.out
    show "sha256sum stdout" sha.out
    show "wsum stderr" wsum.err
  fi
}

check_status() {
  if [ "$wsum_status" -eq "$sha_status" ]; then
    pass "$1: exit status $sha_status"
  else
    fail "$1: exit status $sha_status"
    echo "# wsum exited with $wsum_status, sha256sum with $sha_status"
    show "wsum stderr" wsum.err
  fi
}

# check_error_line NAME LINE: LINE, without the program name, is an error
# line of both programs.
check_error_line() {
  if grep -Fxq -- "wsum: $2" wsum.err &&
    grep -Fxq -- "sha256sum: $2" sha.err; then
    pass "$1: error line '$2'"
  else
    fail "$1: error line '$2'"
    show "wsum stderr" wsum.err
    show "sha256sum stderr" sha.err
  fi
}

# compare NAME INPUT ARGS...: the stdout and exit status checks.
compare() {
  local name=$1
  shift
  run_both "$@"
  check_stdout "$name"
  check_status "$name"
}

# Writes size bytes of a fixed pseudo-random stream to file. The stream
# repeats a 4093-byte block from a linear congruential generator. The
# period is prime, so it divides no chunk or block size, and a reordered or
# repeated chunk changes the digest.
make_data_file() {
  local file=$1 size=$2 state=20240601 format='' escape i
  for ((i = 0; i < 4093; i++)); do
    state=$(((state * 1103515245 + 12345) % 2147483648))
    printf -v escape '\\%03o' $(((state >> 16) & 255))
    format+=$escape
  done
  printf "$format" >block
  while [ "$(wc -c <block)" -lt "$size" ]; do
    cat block block >block2
    mv block2 block
  done
  head -c "$size" block >"$file"
  rm -f block
}

# seconds_since START: elapsed seconds, to 0.1 s, since START from
# date +%s%N.
seconds_since() {
  local elapsed=$(($(date +%s%N) - $1))
  printf '%d.%d' $((elapsed / 1000000000)) $((elapsed / 100000000 % 10))
}

run_large_file_case() {
  # 4 GiB + 100 bytes, sparse, with data at the start, across the 4 GiB
  # boundary and at the end, so a size or length kept in 32 bits changes
  # the digest.
  local big=big start
  if ! truncate -s 4294967396 "$big"; then
    fail "file over 4 GiB: create sparse file"
    return
  fi
  printf 'head' | dd of="$big" conv=notrunc status=none
  printf 'across' | dd of="$big" bs=1 seek=4294967293 conv=notrunc \
    status=none
  printf 'tail' | dd of="$big" bs=1 seek=4294967392 conv=notrunc \
    status=none
  if [ "$(wc -c <"$big")" -ne 4294967396 ]; then
    fail "file over 4 GiB: create sparse file"
    return
  fi

  # sha256sum runs alongside wsum, which may run under an emulator.
  (
    start=$(date +%s%N)
    sha256sum "$big" >sha.out 2>sha.err
    status=$?
    seconds_since "$start" >sha.seconds
    exit "$status"
  ) &
  local sha_pid=$!
  start=$(date +%s%N)
  "${wsum[@]}" "$big" </dev/null >wsum.out 2>wsum.err
  wsum_status=$?
  echo "# wsum took $(seconds_since "$start") s for 4 GiB + 100 bytes"
  wait "$sha_pid"
  sha_status=$?
  echo "# sha256sum took $(cat sha.seconds) s, running at the same time"
  check_stdout "file over 4 GiB"
  check_status "file over 4 GiB"
}

run_main_cases() {
  local files=() file
  # The C locale sorts the glob bytewise, so the list is stable.
  for file in /usr/bin/*; do
    if [ -f "$file" ] && [ -r "$file" ]; then
      files+=("$file")
      [ "${#files[@]}" -ge 200 ] && break
    fi
  done
  echo "# ${#files[@]} files from /usr/bin"
  compare "200 /usr/bin files, default -j" /dev/null "${files[@]}"
  compare "200 /usr/bin files, -j 1" /dev/null -j 1 "${files[@]}"
  compare "200 /usr/bin files, -j 7" /dev/null -j 7 "${files[@]}"
  compare "200 /usr/bin files, -j7 after" /dev/null "${files[@]}" -j7

  : >empty
  compare "empty file" /dev/null empty

  # 5 MiB + 123 bytes: many full chunks and a partial SHA-256 block.
  make_data_file data 5243003
  compare "5 MiB file" /dev/null data

  # Sizes around the 64 KiB read chunk.
  local size sizes=()
  for size in 65535 65536 65537 131072; do
    head -c "$size" data >"chunk_$size"
    sizes+=("chunk_$size")
  done
  compare "files at chunk boundaries" /dev/null -j 2 "${sizes[@]}"

  mkdir directory
  compare "missing file and directory" /dev/null \
    "${files[@]:0:3}" missing "${files[@]:3:3}" directory empty \
    "${files[@]:6:3}"
  check_error_line "missing file and directory" \
    "missing: No such file or directory"
  check_error_line "missing file and directory" "directory: Is a directory"

  # sha256sum 9.1 escapes backslash, newline and carriage return in names.
  printf 'newline' >new$'\n'line
  printf 'backslash' >'back\slash'
  printf 'return' >carriage$'\r'return
  printf 'tab' >tab$'\t'name
  printf 'all' >'all\'$'\n\r'
  compare "names with newline and backslash" /dev/null \
    new$'\n'line 'back\slash' carriage$'\r'return tab$'\t'name \
    'all\'$'\n\r' empty

  compare "standard input as -" data -
  compare "standard input by default" data
  compare "standard input twice" data - empty -
  compare "standard input after --" data -j 3 -- - empty

  printf 'dash' >-j
  compare "-- before a name like an option" /dev/null -- -j empty
  compare "options after names" /dev/null empty -j 2 data

  compare "unknown option" /dev/null --bogus empty
  if [ -s wsum.err ]; then
    pass "unknown option: usage on stderr"
  else
    fail "unknown option: usage on stderr"
  fi

  # sha256sum has no -j, so only wsum's side can be checked here.
  local value
  for value in 0 -1 abc 2x ''; do
    "${wsum[@]}" -j "$value" empty </dev/null >wsum.out 2>wsum.err
    wsum_status=$?
    if [ "$wsum_status" -eq 1 ] && [ ! -s wsum.out ] &&
      grep -q '^usage: wsum' wsum.err; then
      pass "invalid -j '$value' rejected with usage"
    else
      fail "invalid -j '$value' rejected with usage"
      echo "# exit status $wsum_status"
      show "wsum stderr" wsum.err
    fi
  done
}

if $large_file; then
  run_large_file_case
else
  run_main_cases
fi

echo "1..$test_count"
[ "$failure_count" -eq 0 ]

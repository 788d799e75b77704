#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks that each program is a static executable with no interpreter, no
# dynamic section and no C library symbol, as TAP. Programs named after
# --no-tls must also have no PT_TLS segment.
count=0
failed=0
report() {
  count=$((count + 1))
  if [ "$1" = ok ]; then
    echo "ok $count - $2"
  else
    failed=$((failed + 1))
    echo "not ok $count - $2"
  fi
}

expect_no_tls=no
for program in "$@"; do
  if [ "$program" = --no-tls ]; then
    expect_no_tls=yes
    continue
  fi
  name=$(basename "$program")
  headers=$(readelf -lhd "$program" 2>&1)
  if printf '%s\n' "$headers" | grep -q 'Type: *EXEC'; then
    report ok "$name is ET_EXEC"
  else
    report fail "$name is ET_EXEC"
  fi
  if printf '%s\n' "$headers" | grep -qE 'INTERP|NEEDED'; then
    report fail "$name has no PT_INTERP and no NEEDED"
  else
    report ok "$name has no PT_INTERP and no NEEDED"
  fi
  if printf '%s\n' "$headers" | grep -q 'There is no dynamic section'; then
    report ok "$name has no dynamic section"
  else
    report fail "$name has no dynamic section"
  fi
  # Symbols a C library would have brought in.
  if readelf -sW "$program" |
      grep -qE ' (__libc_start_main|malloc|printf|_IO_[a-z_]*|__libc_[a-z_]*)$'; then
    report fail "$name links nothing from a C library"
  else
    report ok "$name links nothing from a C library"
  fi
  if [ "$expect_no_tls" = yes ]; then
    if printf '%s\n' "$headers" | grep -q ' TLS '; then
      report fail "$name has no PT_TLS"
    else
      report ok "$name has no PT_TLS"
    fi
  fi
done
echo "1..$count"
echo "# $((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]

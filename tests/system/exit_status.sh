#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs exit_test (the command is all arguments, emulator first if any) and
# checks its exit status and the order of its output, as TAP.
output=$("$@")
status=$?
expected='main returns 42
local static destroyed
global destroyed
fini_array ran'
if [ "$status" -eq 42 ]; then
  echo "ok 1 - main's return value is the exit status"
else
  echo "not ok 1 - main's return value is the exit status"
  echo "# expected 42, got $status"
fi
if [ "$output" = "$expected" ]; then
  echo "ok 2 - destructors and .fini_array run after main, newest first"
else
  echo "not ok 2 - destructors and .fini_array run after main, newest first"
  printf '%s\n' "$output" | sed 's/^/# got: /'
fi
echo "1..2"

# SPDX-License-Identifier: MIT
# TAP output for the shell tests that source this file.

test_count=0
failure_count=0

# check STATUS NAME: prints "ok" when STATUS is 0, else "not ok".
check() {
  test_count=$((test_count + 1))
  if [ "$1" = 0 ]; then
    echo "ok $test_count - $2"
  else
    failure_count=$((failure_count + 1))
    echo "not ok $test_count - $2"
  fi
}

# skip NAME REASON: a check that did not run.
skip() {
  test_count=$((test_count + 1))
  echo "ok $test_count - $1 # SKIP $2"
}

# finish: prints the plan and a summary; returns 1 when a check failed.
finish() {
  echo "1..$test_count"
  echo "# $((test_count - failure_count)) passed, $failure_count failed"
  [ "$failure_count" = 0 ]
}

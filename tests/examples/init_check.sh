#!/bin/sh
# SPDX-License-Identifier: MIT
# weft-init run as an ordinary process. It covers commands from a file with
# arguments and environment fields, programs from a directory in name
# order, exit statuses and a program that cannot start. An orphan must be
# reaped by init, as the child subreaper, while it waits for the next
# program.
# The programs it runs are the host's own (sh, env, printf), so under a
# cross build only init itself is emulated.
# Prints TAP.
#
# Usage: init_check.sh INIT_COMMAND...
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 INIT_COMMAND..." >&2
  exit 2
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# expect_line FILE LINE NAME: passes when FILE has LINE as a whole line.
expect_line() {
  grep -qxF -- "$2" "$1"
  status=$?
  check "$status" "$3"
  if [ "$status" != 0 ]; then
    echo "# expected the line: $2"
    sed 's/^/#   /' "$1" | head -n 20
  fi
}

tab=$(printf '\t')
sh=$(command -v sh)
env_program=$(command -v env)
cat >"$tmp/commands" <<EOF
# a comment line
$env_program${tab}printf${tab}[%s]\n${tab}one two${tab}
GREETING=hello${tab}$sh${tab}-c${tab}echo "\$GREETING"
$sh${tab}-c${tab}exit 3
$sh${tab}-c${tab}sleep 0.2 & exit 0
$sh${tab}-c${tab}sleep 1
$tmp/missing-program
EOF

"$@" -f "$tmp/commands" >"$tmp/out" 2>&1
status=$?
check "$([ "$status" = 1 ] && echo 0 || echo 1)" \
  "exit status 1 when a program failed (got $status)"
expect_line "$tmp/out" "weft-init: run $env_program printf [%s]\\n 'one two' ''" \
  "run line quotes arguments with spaces and empty ones"
expect_line "$tmp/out" "[one two]" "a field keeps its spaces"
expect_line "$tmp/out" "[]" "an empty field is an empty argument"
expect_line "$tmp/out" "hello" "NAME=VALUE fields reach the environment"
expect_line "$tmp/out" "weft-init: $sh exited with status 3" \
  "exit status reported"
expect_line "$tmp/out" \
  "weft-init: $tmp/missing-program did not start: No such file or directory" \
  "missing program reported"
if grep -q "^weft-init: cannot become the child subreaper" "$tmp/out"; then
  # qemu-user rejects PR_SET_CHILD_SUBREAPER with EINVAL.
  skip "orphan reaped" "the emulator rejects PR_SET_CHILD_SUBREAPER"
else
  expect_line "$tmp/out" "weft-init: reaped 1 orphaned process" \
    "orphan reaped as the child subreaper"
fi
expect_line "$tmp/out" "weft-init: 4 passed, 2 failed" "summary line"
last=$(tail -n 1 "$tmp/out")
check "$([ "$last" = "weft-init: 4 passed, 2 failed" ] && echo 0 || echo 1)" \
  "summary is the last line"
banner=$(head -n 1 "$tmp/out")
case $banner in
  "weft-init: Linux "*", page size "*" bytes") banner_status=0 ;;
  *) banner_status=1 ;;
esac
check "$banner_status" "banner first: $banner"

# A directory runs its programs in name order; all pass, so status 0.
mkdir "$tmp/programs"
printf '#!%s\necho second\n' "$sh" >"$tmp/programs/b-second"
printf '#!%s\necho first\n' "$sh" >"$tmp/programs/a-first"
chmod +x "$tmp/programs/a-first" "$tmp/programs/b-second"
"$@" "$tmp/programs" >"$tmp/out" 2>&1
status=$?
check "$status" "directory of passing programs exits 0"
order=$(grep -x 'first\|second' "$tmp/out" | tr '\n' ' ')
check "$([ "$order" = "first second " ] && echo 0 || echo 1)" \
  "directory programs run in name order (got: $order)"
expect_line "$tmp/out" "weft-init: 2 passed, 0 failed" "directory summary"

# CR LF line endings, blank and indented comment lines.
printf '%s\techo\thello\r\n\n   # comment\r\n' "$env_program" >"$tmp/crlf"
"$@" -f "$tmp/crlf" >"$tmp/out" 2>&1
check "$?" "commands with CR LF line endings pass"
expect_line "$tmp/out" "hello" "CR before the line end is dropped"

# A directory's symbolic links run; its subdirectories do not.
mkdir "$tmp/linked" "$tmp/linked/sub"
ln -s "$tmp/programs/a-first" "$tmp/linked/link"
cp "$tmp/programs/b-second" "$tmp/linked/sub/"
"$@" "$tmp/linked" >"$tmp/out" 2>&1
check "$?" "directory with a link and a subdirectory exits 0"
expect_line "$tmp/out" "weft-init: 1 passed, 0 failed" \
  "the link runs and the subdirectory does not"

# Lists that cannot be used run nothing and count as one failure.
mkdir "$tmp/empty"
"$@" "$tmp/empty" >"$tmp/out" 2>&1
check "$([ "$?" = 1 ] && echo 0 || echo 1)" "empty directory exits 1"
expect_line "$tmp/out" "weft-init: no program to run" "empty list reported"
printf '%s\techo\tbefore\n\000junk\n' "$env_program" >"$tmp/nul"
"$@" -f "$tmp/nul" >"$tmp/out" 2>&1
check "$([ "$?" = 1 ] && echo 0 || echo 1)" "commands file with a NUL exits 1"
expect_line "$tmp/out" "weft-init: $tmp/nul contains a NUL byte" \
  "NUL byte reported"
check "$(grep -qx before "$tmp/out" && echo 1 || echo 0)" \
  "nothing runs from a file with a NUL byte"
printf 'NAME=VALUE\n' >"$tmp/no-program"
"$@" -f "$tmp/no-program" >"$tmp/out" 2>&1
expect_line "$tmp/out" "weft-init: $tmp/no-program line 1 names no program" \
  "line without a program reported"

# -t kills a program that runs too long.
printf '%s\t-c\tsleep 30\n' "$sh" >"$tmp/slow"
"$@" -t 1 -f "$tmp/slow" >"$tmp/out" 2>&1
expect_line "$tmp/out" "weft-init: $sh ran for 1 s; killing it" \
  "time limit reached"
expect_line "$tmp/out" "weft-init: $sh killed by signal 9" \
  "program killed at its time limit"

"$@" -f "$tmp/no-such-file" >"$tmp/out" 2>&1
status=$?
check "$([ "$status" = 1 ] && echo 0 || echo 1)" \
  "unreadable commands file exits 1 (got $status)"
expect_line "$tmp/out" \
  "weft-init: cannot read $tmp/no-such-file: No such file or directory" \
  "unreadable commands file reported"

finish

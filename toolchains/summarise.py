#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print the test table of toolchains/run-tests.sh from meson's test logs.

Each argument is ARCH:BUILD_DIR:SECONDS. A test whose output has TAP
lines counts each "ok" and "not ok" line ("# SKIP" ones as skipped); any
other test counts once. A failed test whose output has no "not ok" line (a crash, a timeout)
adds one failure. An architecture whose build failed counts one failure.
Exits non-zero when anything failed.
"""
import json
import re
import sys
from pathlib import Path

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")
FAILED_RESULTS = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"}


def count_test(entry):
    """Return (passed, failed, skipped) for one entry of testlog.json."""
    passed = failed = skipped = 0
    lines = (entry.get("stdout") or "").splitlines()
    tap_lines = [TAP_LINE.match(line) for line in lines]
    tap_lines = [match for match in tap_lines if match]
    if tap_lines:
        for match in tap_lines:
            if match.group(1) == "not ok":
                failed += 1
            elif "# SKIP" in match.group(2).upper():
                skipped += 1
            else:
                passed += 1
        if entry["result"] in FAILED_RESULTS and failed == 0:
            failed += 1
        return passed, failed, skipped
    if entry["result"] == "SKIP":
        return 0, 0, 1
    if entry["result"] in FAILED_RESULTS:
        return 0, 1, 0
    return 1, 0, 0


def main(arguments):
    rows = []
    for argument in arguments:
        arch, build, seconds = argument.rsplit(":", 2)
        log = Path(build) / "meson-logs" / "testlog.json"
        totals = [0, 0, 0]
        failed_names = []
        if log.exists():
            for line in log.read_text().splitlines():
                entry = json.loads(line)
                counts = count_test(entry)
                totals = [t + c for t, c in zip(totals, counts)]
                if counts[1]:
                    failed_names.append(entry["name"])
        else:
            totals[1] = 1
            failed_names.append("build")
        rows.append((arch, *totals, int(seconds), failed_names))

    print()
    print(f"{'architecture':<14}{'passed':>8}{'failed':>8}{'skipped':>9}"
          f"{'seconds':>9}")
    for arch, passed, failed, skipped, seconds, _ in rows:
        print(f"{arch:<14}{passed:>8}{failed:>8}{skipped:>9}{seconds:>9}")
    for arch, *_, failed_names in rows:
        if failed_names:
            print(f"failed on {arch}: {', '.join(failed_names)}")
    passed = sum(row[1] for row in rows)
    failed = sum(row[2] for row in rows)
    skipped = sum(row[3] for row in rows)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

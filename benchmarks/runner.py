#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run weft's benchmarks and print one table comparing four columns.

The columns are weft, glibc static, musl static and "floor" (raw clone
and futex calls with no runtime). Each benchmark program prints lines of
"name value unit". The runner starts the columns' programs in turn (weft,
glibc, musl, floor, weft, glibc, ...) for one discarded warm-up round and
then the given number of repetitions. It prints the median and the range
of each column, weft's ratio to glibc and musl, and writes the same figures
to a CSV file. benchmarks/run.sh builds everything and then calls this
script; see benchmarks/README.md for what each metric measures.
"""

import argparse
import csv
import dataclasses
import os
import platform
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time

COLUMNS = ("weft", "glibc", "musl", "floor")

# strace counts the system calls of this many spawn and join pairs. A run
# with one pair gives the calls to subtract: start-up, exit, the result
# line and what the C libraries set up on their first thread.
STRACE_PAIRS = 1000


@dataclasses.dataclass
class Metric:
    name: str
    unit: str
    # Each column's samples, in the order they were measured.
    samples: dict = dataclasses.field(default_factory=dict)
    # Columns whose program failed.
    failed: set = dataclasses.field(default_factory=set)


class Results:
    """Samples of every metric, in the order the metrics first appear."""

    def __init__(self):
        self.metrics = {}

    def metric(self, name, unit):
        if name not in self.metrics:
            self.metrics[name] = Metric(name, unit)
        return self.metrics[name]

    def add(self, name, unit, column, value):
        self.metric(name, unit).samples.setdefault(column, []).append(value)


def parse_lines(text, program):
    """Returns [(key, value, unit)] from "name value unit" lines."""
    parsed = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) != 3:
            raise ValueError(f"{program}: unexpected output line {line!r}")
        parsed.append((fields[0], float(fields[1]), fields[2]))
    return parsed


def pin_to_one_cpu(cpu):
    def pin():
        os.sched_setaffinity(0, {cpu})

    return pin


def run_program(argv, pinned_cpu=None):
    """Runs argv and returns its standard output. Raises RuntimeError when
    it exits with a non-zero status."""
    completed = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        preexec_fn=pin_to_one_cpu(pinned_cpu) if pinned_cpu is not None else None,
        timeout=300,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited with status {completed.returncode}: "
            f"{completed.stderr.strip()}"
        )
    return completed.stdout


def run_interleaved(name, argv_for, columns, results, rounds, pinned_cpu=None,
                    rename=lambda column, key: [key]):
    """Runs argv_for(column) for each column in turn, one discarded warm-up
    round and then rounds timed ones, and records every line printed.

    rename(column, key) returns the metric names that a printed key is
    recorded under. A column whose program fails is reported, skipped
    from then on and shown as failed in the table.
    """
    failed = set()
    produced = set()
    for round_index in range(1 + rounds):
        for column in columns:
            if column in failed:
                continue
            argv = argv_for(column)
            try:
                lines = parse_lines(run_program(argv, pinned_cpu), argv[0])
            except (OSError, RuntimeError, ValueError,
                    subprocess.TimeoutExpired) as error:
                print(f"runner: {name}: {column} failed and is skipped from "
                      f"now on: {error}", file=sys.stderr)
                failed.add(column)
                continue
            if round_index == 0:
                continue
            for key, value, unit in lines:
                for metric in rename(column, key):
                    results.add(metric, unit, column, value)
                    produced.add(metric)
    for metric in produced:
        results.metrics[metric].failed |= failed


def parse_strace_summary(path):
    """Returns {syscall: calls} from the table that strace -c writes."""
    counts = {}
    with open(path) as summary:
        for line in summary:
            fields = line.split()
            if len(fields) < 5 or not fields[3].isdigit():
                continue
            name = fields[-1]
            if name != "total":
                counts[name] = int(fields[3])
    return counts


def count_syscalls(programs, results, rounds, breakdown_path):
    """Counts system calls per spawn and join with strace -f -c, and writes
    each column's calls by name to breakdown_path."""
    per_syscall = {column: {} for column in COLUMNS}
    with tempfile.TemporaryDirectory() as scratch:
        summary = os.path.join(scratch, "strace.txt")

        def counts(column, pairs):
            program = os.path.join(programs, f"{column}_spawn_join")
            subprocess.run(
                ["strace", "-f", "-c", "-o", summary, program, str(pairs), "0"],
                check=True,
                capture_output=True,
            )
            return parse_strace_summary(summary)

        for _ in range(rounds):
            for column in COLUMNS:
                try:
                    baseline = counts(column, 1)
                    loaded = counts(column, 1 + STRACE_PAIRS)
                except (OSError, subprocess.CalledProcessError) as error:
                    print(f"runner: strace of {column}_spawn_join failed, so "
                          f"there are no system-call counts: {error}",
                          file=sys.stderr)
                    return
                total = 0
                for name in set(loaded) | set(baseline):
                    calls = loaded.get(name, 0) - baseline.get(name, 0)
                    total += calls
                    per_syscall[column].setdefault(name, []).append(
                        calls / STRACE_PAIRS
                    )
                results.add("syscalls_per_spawn_join", "calls", column,
                            total / STRACE_PAIRS)

    with open(breakdown_path, "w", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(["column", "syscall", "calls_per_pair_median",
                         "calls_per_pair_min", "calls_per_pair_max"])
        for column in COLUMNS:
            for name, samples in sorted(per_syscall[column].items()):
                # Pad rounds where the call did not appear at all.
                samples = samples + [0.0] * (rounds - len(samples))
                if max(samples) == 0:
                    continue
                writer.writerow([column, name,
                                 f"{statistics.median(samples):.3f}",
                                 f"{min(samples):.3f}", f"{max(samples):.3f}"])


def load_size(path):
    """Returns the sum of p_filesz over an ELF file's PT_LOAD segments."""
    with open(path, "rb") as elf:
        data = elf.read()
    if data[:4] != b"\x7fELF":
        raise ValueError(f"{path} is not an ELF file")
    is_64 = data[4] == 2
    endian = "<" if data[5] == 1 else ">"
    if is_64:
        phoff, = struct.unpack_from(endian + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x36)
    else:
        phoff, = struct.unpack_from(endian + "I", data, 0x1C)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x2A)
    total = 0
    for index in range(phnum):
        entry = phoff + index * phentsize
        segment_type, = struct.unpack_from(endian + "I", data, entry)
        if segment_type != 1:  # PT_LOAD
            continue
        offset = 0x20 if is_64 else 0x10
        filesz, = struct.unpack_from(endian + ("Q" if is_64 else "I"), data,
                                     entry + offset)
        total += filesz
    return total


def measure_sizes(build_root, native, results):
    """Records the native columns' sizes in results, and returns
    [(arch, file bytes, PT_LOAD bytes)] for weft on every architecture
    built."""
    programs = os.path.join(build_root, native, "benchmarks")
    for column in COLUMNS:
        path = os.path.join(programs, f"{column}_one_thread.stripped")
        if os.path.exists(path):
            results.add("stripped_size", "B", column, os.path.getsize(path))
            results.add("load_size", "B", column, load_size(path))
    sizes = []
    for arch in sorted(os.listdir(build_root)):
        path = os.path.join(build_root, arch, "benchmarks",
                            "weft_one_thread.stripped")
        if os.path.isfile(path):
            sizes.append((arch, os.path.getsize(path), load_size(path)))
    return sizes


def limits_allow_threads(count):
    """Returns None when count threads fit the machine's limits, or else
    the limit that is too low."""
    # A thread with a guard page takes two mappings, and the margins leave
    # room for the rest of the system.
    for name, path, needed in (
        ("kernel.threads-max", "/proc/sys/kernel/threads-max", count + 100),
        ("kernel.pid_max", "/proc/sys/kernel/pid_max", count + 1000),
        ("vm.max_map_count", "/proc/sys/vm/max_map_count", 2 * count + 1000),
    ):
        with open(path) as limit:
            value = int(limit.read().split()[0])
        if value < needed:
            return f"{name} is {value}, below the {needed} needed"
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    # RLIMIT_NPROC does not apply to root (setrlimit(2)).
    if (os.geteuid() != 0 and soft != resource.RLIM_INFINITY
            and soft < count + 100):
        return f"ulimit -u is {soft}, below the {count + 100} needed"
    return None


def format_number(value, unit):
    if unit == "calls":
        return f"{value:.2f}"
    if unit == "B":
        return str(int(round(value)))
    if abs(value) >= 100:
        return str(int(round(value)))
    return f"{value:.1f}"


def format_cell(metric, column):
    if column in metric.failed:
        return "failed"
    samples = metric.samples.get(column)
    if not samples:
        return "-"
    median = format_number(statistics.median(samples), metric.unit)
    if len(samples) == 1 or min(samples) == max(samples):
        return median
    low = format_number(min(samples), metric.unit)
    high = format_number(max(samples), metric.unit)
    return f"{median} [{low}-{high}]"


def ratio(metric, column):
    weft = metric.samples.get("weft")
    other = metric.samples.get(column)
    if not weft or not other or statistics.median(other) == 0:
        return "-"
    return f"{statistics.median(weft) / statistics.median(other):.2f}"


def print_table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers] + rows)
              for i in range(len(headers))]
    lines = []
    for row in [headers, ["-" * width for width in widths]] + rows:
        cells = []
        for index, cell in enumerate(row):
            if index == 0:
                cells.append(str(cell).ljust(widths[index]))
            else:
                cells.append(str(cell).rjust(widths[index]))
        lines.append("  ".join(cells).rstrip())
    print("\n".join(lines))


def write_csv(path, results, sizes):
    with open(path, "w", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(["metric", "unit", "column", "median", "min", "max",
                         "runs", "samples"])
        for metric in results.metrics.values():
            for column in COLUMNS:
                samples = metric.samples.get(column)
                if not samples:
                    continue
                writer.writerow([
                    metric.name, metric.unit, column,
                    statistics.median(samples), min(samples), max(samples),
                    len(samples), " ".join(str(s) for s in samples),
                ])
        for arch, file_size, loaded in sizes:
            writer.writerow([f"stripped_size.{arch}", "B", "weft", file_size,
                             file_size, file_size, 1, file_size])
            writer.writerow([f"load_size.{arch}", "B", "weft", loaded, loaded,
                             loaded, 1, loaded])


def describe_machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    glibc = subprocess.run(["getconf", "GNU_LIBC_VERSION"], capture_output=True,
                           text=True).stdout.strip()
    return (f"{cpu}, {len(os.sched_getaffinity(0))} CPUs, Linux "
            f"{platform.release()}, {glibc}, load average {load_average()}")


def load_average():
    """Returns the 1, 5 and 15 minute load averages from /proc/loadavg.

    Other work on the machine skews every timing, so the runner prints
    them at its start and end.
    """
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def run_benchmarks(programs, results, arguments, cpu):
    """Runs every timed benchmark in turn, interleaving the columns."""
    def program(name, *program_arguments):
        return lambda column: ([os.path.join(programs, f"{column}_{name}")]
                               + [str(a) for a in program_arguments])

    def prefixed(prefix):
        return lambda column, key: [prefix + key]

    def suffixed(suffix):
        return lambda column, key: [key + suffix]

    # The floor's one futex ping-pong is the floor of both two-thread
    # handoffs.
    def sync_names(column, key):
        if column == "floor" and key == "futex_pingpong":
            return ["condition_pingpong", "semaphore_handoff"]
        return [key]

    driver = os.path.join(programs, "exec_driver")

    def exec_program(column):
        return [driver, str(arguments.exec_runs),
                os.path.join(programs, f"{column}_one_thread")]

    runs = [
        ("spawn_join pinned", program("spawn_join", 20000), suffixed("_pinned"),
         cpu),
        ("spawn_join unpinned", program("spawn_join", 20000),
         suffixed("_unpinned"), None),
        ("1,000 threads", program("threads_alive", 1000, 64),
         prefixed("threads_1000_"), None),
    ]
    reason = limits_allow_threads(10000)
    if reason is None:
        runs.append(("10,000 threads", program("threads_alive", 10000, 64),
                     prefixed("threads_10000_"), None))
    else:
        print(f"runner: skipping 10,000 threads: {reason}", file=sys.stderr)
    runs += [
        ("sync", program("sync", 1), sync_names, None),
        ("exec", exec_program, lambda column, key: [key], None),
    ]

    # exec of a program that only exits, in the floor column alone: what
    # any static program pays before it does anything.
    def exec_exit_only(column):
        return [driver, str(arguments.exec_runs),
                os.path.join(programs, "floor_exit_only")]

    # Declare the sync rows in the order the programs print them, so that
    # the floor's aliases do not reorder the table.
    for name in ("mutex_uncontended", "mutex_contended", "condition_pingpong",
                 "semaphore_uncontended", "semaphore_handoff"):
        results.metric(name, "ns")

    runs.append(("exec exit-only", exec_exit_only,
                 lambda column, key: ["exec_exit_only"], None, ["floor"]))

    for name, argv_for, rename, pinned_cpu, *columns in runs:
        started = time.monotonic()
        run_interleaved(name, argv_for, columns[0] if columns else COLUMNS,
                        results, arguments.repetitions, pinned_cpu, rename)
        print(f"runner: {name} took {time.monotonic() - started:.1f} s",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-root", required=True,
                        help="folder with one meson build folder per architecture")
    parser.add_argument("--native", default=platform.machine(),
                        help="name of the native build folder (default: %(default)s)")
    parser.add_argument("--repetitions", type=int, default=9,
                        help="timed rounds per benchmark (default: %(default)s)")
    parser.add_argument("--strace-rounds", type=int, default=3,
                        help="strace rounds per column (default: %(default)s)")
    parser.add_argument("--exec-runs", type=int, default=300,
                        help="program runs per exec measurement (default: %(default)s)")
    parser.add_argument("--csv", required=True, help="CSV file to write")
    arguments = parser.parse_args()

    programs = os.path.join(arguments.build_root, arguments.native, "benchmarks")
    cpu = min(os.sched_getaffinity(0))
    results = Results()

    print(f"runner: {describe_machine()}")
    print(f"runner: timed rounds: {arguments.repetitions}, after one "
          f"discarded warm-up round. Column order: {', '.join(COLUMNS)}. "
          f"spawn_join_pinned runs on CPU {cpu} only.", flush=True)
    run_benchmarks(programs, results, arguments, cpu)

    started = time.monotonic()
    breakdown_path = os.path.splitext(arguments.csv)[0] + "-syscalls.csv"
    count_syscalls(programs, results, arguments.strace_rounds, breakdown_path)
    print(f"runner: strace counts took {time.monotonic() - started:.1f} s; "
          f"load average {load_average()}")
    sizes = measure_sizes(arguments.build_root, arguments.native, results)

    print()
    headers = ["metric", "unit"] + list(COLUMNS) + ["weft/glibc", "weft/musl"]
    rows = []
    for metric in results.metrics.values():
        rows.append([metric.name, metric.unit]
                    + [format_cell(metric, column) for column in COLUMNS]
                    + [ratio(metric, "glibc"), ratio(metric, "musl")])
    print_table(headers, rows)
    print()
    print("Cells: median [min-max] over the rounds. The floor of "
          "condition_pingpong and semaphore_handoff is one raw futex "
          "ping-pong.")

    print()
    print("weft_one_thread, stripped, per architecture:")
    print_table(["arch", "file bytes", "PT_LOAD bytes"],
                [[arch, file_size, loaded] for arch, file_size, loaded in sizes])

    write_csv(arguments.csv, results, sizes)
    print()
    print(f"runner: wrote {arguments.csv} and {breakdown_path}")


if __name__ == "__main__":
    main()

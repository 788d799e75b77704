#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot weft's programs as /init of an initramfs on a Debian kernel.

Usage: toolchains/run-vm.py [--timeout SECONDS] ARCH...
       toolchains/run-vm.py --list

ARCH is one of the names in MACHINES below, and build/ARCH must contain a
finished build of the matrix (toolchains/run-tests.sh makes it). For each
one this script

  - fetches the Debian kernel package into build/vm-kernels/ARCH with
    `apt-get download` and unpacks it with `dpkg-deb -x` (nothing is
    installed; toolchains/install-deps.sh adds the foreign architectures);
  - writes build/ARCH-vm/initramfs.cpio.gz: weft-init as /init, every test
    program of the build in /tests, wsum in /bin with input files in /data,
    and /etc/weft-init.commands with each test's arguments and environment;
  - boots it with qemu-system and two virtual CPUs, keeping the serial
    console in build/ARCH-vm/console.log;
  - turns the console into build/ARCH-vm/meson-logs/testlog.json, in the
    form of meson's own log, so toolchains/summarise.py prints an ARCH-vm
    row like the others.

Tests that run a script (the image has no shell) are recorded as skipped
with the reason. Exits non-zero when a step before the boot failed.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from initramfs import base_archive, write_image

TOP = Path(__file__).resolve().parent.parent
VM_CPUS = 2
# The maximum seconds a test program may run in the image, as in meson.
PROGRAM_SECONDS = 300


class Machine:
    def __init__(self, deb_arch, kernel_package, qemu, qemu_arguments, console,
                 page_size=4096, memory="1G"):
        self.deb_arch = deb_arch
        self.kernel_package = kernel_package
        self.qemu = qemu
        self.qemu_arguments = qemu_arguments
        self.console = console
        self.page_size = page_size
        self.memory = memory


# Build folder name -> how to boot it. page_size is what the Debian kernel
# uses, which init's banner must report. The consoles are the serial
# devices built into each kernel (its virtio console is a module).
# mips64el is missing. Debian's 5kc-malta kernel brings up a second CPU only
# through the MIPS MT extension, which no 64-bit CPU model of qemu 7.2 has.
# With -smp 2 it prints nothing at all.
MACHINES = {
    "x86_64": Machine("amd64", "linux-image-cloud-amd64", "qemu-system-x86_64",
                      ["-M", "q35", "-cpu", "max"], "ttyS0"),
    # pauth-impdef: a cheaper pointer-authentication algorithm to emulate,
    # which makes the boot and the tests about 3 times faster.
    "aarch64": Machine("arm64", "linux-image-cloud-arm64",
                       "qemu-system-aarch64",
                       ["-M", "virt", "-cpu", "max,pauth-impdef=on"],
                       "ttyAMA0"),
    "ppc64le": Machine("ppc64el", "linux-image-powerpc64le",
                       "qemu-system-ppc64", ["-M", "pseries"], "hvc0",
                       page_size=65536),
    "s390x": Machine("s390x", "linux-image-s390x", "qemu-system-s390x",
                     ["-M", "s390-ccw-virtio", "-cpu", "max"], "ttysclp0"),
    # With an AMD vendor string the 686 kernel refuses SMP for the CPU model.
    "i386": Machine("i386", "linux-image-686-pae", "qemu-system-i386",
                    ["-M", "q35", "-cpu", "max,vendor=GenuineIntel"], "ttyS0"),
    "arm": Machine("armhf", "linux-image-armmp", "qemu-system-arm",
                   ["-M", "virt", "-cpu", "cortex-a15"], "ttyAMA0"),
}


def log(message):
    print(f"run-vm: {message}", flush=True)


def run(command, **options):
    return subprocess.run(command, check=True, text=True,
                          stdout=subprocess.PIPE, **options).stdout


def real_package(name, deb_arch):
    """Follows the dependencies of a meta package such as
    linux-image-cloud-amd64 to the package that contains the kernel."""
    for _ in range(4):
        if re.match(r"linux-image-\d+\.\d+", name):
            return name
        output = run(["apt-cache", "depends", f"{name}:{deb_arch}"])
        found = re.findall(r"Depends: (linux-image-[^\s:]+)", output)
        if not found:
            raise RuntimeError(f"{name}:{deb_arch} depends on no kernel image")
        name = found[0]
    raise RuntimeError(f"no kernel image behind {name}:{deb_arch}")


def fetch_kernel(arch, machine):
    """Returns the kernel file of the unpacked Debian package."""
    folder = TOP / "build" / "vm-kernels" / arch
    package = real_package(machine.kernel_package, machine.deb_arch)
    unpacked = folder / package
    if not unpacked.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.deb"):
            old.unlink()
        log(f"{arch}: apt-get download {package}:{machine.deb_arch}")
        # The download goes to a folder of the build, which apt's own
        # unprivileged user may not be able to write.
        run(["apt-get", "-q", "-o", "APT::Sandbox::User=root", "download",
             f"{package}:{machine.deb_arch}"], cwd=folder)
        deb = next(folder.glob("*.deb"))
        staging = folder / (package + ".partial")
        run(["dpkg-deb", "-x", str(deb), str(staging)])
        # Only boot/ is needed; the modules take most of the space.
        run(["rm", "-rf", str(staging / "lib"), str(staging / "usr")])
        staging.rename(unpacked)
        deb.unlink()
    kernels = sorted((unpacked / "boot").glob("vmlinu*"))
    if not kernels:
        raise RuntimeError(f"no vmlinuz or vmlinux in {unpacked}/boot")
    return kernels[0]


def data_files():
    """Returns wsum's inputs, name -> contents, the same on every run."""
    stream = bytearray()
    block = b"weft"
    while len(stream) < 3 * 1024 * 1024 + 17:
        block = hashlib.sha256(block).digest()
        stream += block
    return {
        "empty": b"",
        "abc": b"abc",
        "lines": b"".join(b"line %d\n" % i for i in range(1000)),
        "random-3MiB": bytes(stream[:3 * 1024 * 1024 + 17]),
    }


def image_tests(build):
    """Lists the build's tests as (name, program, arguments, environment,
    reason): reason is None for a test the image can run, else why it is
    skipped."""
    output = run(["meson", "introspect", "--tests", str(build)])
    tests = []
    for test in json.loads(output):
        suites = test["suite"]
        if not any(s in ("weft:system", "weft:examples") for s in suites):
            continue
        program = Path(test["cmd"][0])
        arguments = test["cmd"][1:]
        if build not in program.parents:
            tests.append((test["name"], None, [], {},
                          f"runs {program.name}, a script, and the image "
                          "has no shell"))
            continue
        if test["name"] == "cpu_count":
            # Its argument is the CPU count the test expects.
            arguments = [str(VM_CPUS)]
        tests.append((test["name"], program, arguments, test.get("env") or {},
                      None))
    return tests


def build_image(arch, build, image_folder):
    """Writes the initramfs; returns the tests and the expected wsum output."""
    init = build / "examples" / "init" / "weft-init"
    wsum = build / "examples" / "wsum" / "wsum"
    for needed in (init, wsum):
        if not needed.exists():
            raise RuntimeError(f"{needed} is missing: build {arch} first")

    archive = base_archive()
    for folder in ("bin", "data", "etc", "tests"):
        archive.directory(folder)
    archive.file("init", init.read_bytes(), 0o755)
    archive.file("bin/wsum", wsum.read_bytes(), 0o755)

    commands = []
    tests = image_tests(build)
    for name, program, arguments, environment, reason in tests:
        if reason is not None:
            continue
        path = f"/tests/{program.name}"
        archive.file(path[1:], program.read_bytes(), 0o755)
        fields = [f"{key}={value}" for key, value in environment.items()]
        commands.append("\t".join(fields + [path] + arguments))

    # The expected output is sha256sum's, run here on copies of the same
    # files; their names, data/NAME, become the image's /data/NAME.
    data = image_folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    inputs = []
    for name, contents in data_files().items():
        archive.file(f"data/{name}", contents)
        (data / name).write_bytes(contents)
        inputs.append(f"data/{name}")
    expected = [line.replace("  data/", "  /data/", 1) for line in
                run(["sha256sum"] + inputs, cwd=image_folder).splitlines()]
    inputs = ["/" + path for path in inputs]
    commands.append("\t".join(["/bin/wsum"] + inputs))
    archive.file("etc/weft-init.commands", ("\n".join(commands) + "\n").encode())

    image = image_folder / "initramfs.cpio.gz"
    write_image(archive, image)
    return tests, expected, image


def boot(arch, machine, kernel, image, console_log, timeout):
    """Boots the image; returns (console text, seconds, timed out)."""
    command = [
        machine.qemu, *machine.qemu_arguments,
        "-smp", str(VM_CPUS), "-m", machine.memory,
        "-nographic", "-no-reboot", "-nic", "none",
        "-kernel", str(kernel), "-initrd", str(image),
        # After "--" the kernel passes the words to init: a time limit per
        # program, so that one that hangs fails alone.
        "-append", f"console={machine.console} panic=-1 loglevel=1 "
                   f"-- -t {PROGRAM_SECONDS}",
    ]
    log(f"{arch}: {' '.join(command)}")
    start = time.monotonic()
    timed_out = False
    with open(console_log, "wb") as console:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                   stdout=console, stderr=subprocess.STDOUT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            timed_out = True
    seconds = time.monotonic() - start
    text = console_log.read_bytes().decode("utf-8", "replace")
    return text.replace("\r\n", "\n"), seconds, timed_out


RUN_LINE = re.compile(r"^weft-init: run (\S+)")
END_LINE = re.compile(
    r"^weft-init: (\S+) (exited with status (\d+)|killed by signal (\d+)|"
    r"did not start: .*)$")
MARKER = "weft-init: "
# The firmware's terminal codes may come first on the banner's line.
BANNER = re.compile(r"weft-init: Linux (\S+) on (\S+), (\d+) CPUs, "
                    r"page size (\d+) bytes$")
FINAL = re.compile(r"^weft-init: (\d+) passed, (\d+) failed$")


def split_runs(text):
    """Returns {program path: (output lines, end line or None)}."""
    runs = {}
    current = None
    lines = []
    for whole_line in text.splitlines():
        # A program whose output does not end in a newline leaves it in
        # front of init's next line.
        at = whole_line.find(MARKER)
        if at > 0 and current is not None:
            lines.append(whole_line[:at])
        line = whole_line[at:] if at > 0 else whole_line
        started = RUN_LINE.match(line)
        ended = END_LINE.match(line)
        if started:
            current, lines = started.group(1), []
            runs[current] = (lines, None)
        elif ended and current == ended.group(1):
            runs[current] = (lines, ended)
            current = None
        elif current is not None:
            lines.append(line)
    return runs


def results(machine, text, seconds, timed_out, tests, expected):
    """Returns the testlog.json entries for one boot."""
    runs = split_runs(text)
    entries = []

    def add(name, result, stdout):
        entries.append({"name": name, "result": result, "stdout": stdout})

    for name, program, _, _, reason in tests:
        if reason is not None:
            add(name, "SKIP", f"# SKIP {reason}\n")
            continue
        lines, end = runs.get(f"/tests/{program.name}", ([], None))
        ok = end is not None and end.group(3) == "0"
        add(name, "OK" if ok else "FAIL", "\n".join(lines) + "\n")

    lines, end = runs.get("/bin/wsum", ([], None))
    got = [line for line in lines if line.strip()]
    report = [
        f"{'ok' if got == expected else 'not ok'} 1 - wsum output matches "
        "sha256sum",
        f"{'ok' if end is not None and end.group(3) == '0' else 'not ok'} "
        "2 - wsum exits with status 0",
    ]
    if got != expected:
        report += [f"# expected: {line}" for line in expected]
        report += [f"# got: {line}" for line in got]
    add("wsum in the image", "OK" if all(r.startswith("ok") for r in report[:2])
        else "FAIL", "\n".join(report) + "\n")

    banner = next((BANNER.search(l) for l in text.splitlines()
                   if BANNER.search(l)), None)
    final = next((FINAL.match(l) for l in reversed(text.splitlines())
                  if FINAL.match(l)), None)
    checks = [
        (banner is not None, "init prints its banner"),
        (banner is not None and banner.group(3) == str(VM_CPUS),
         f"banner counts {VM_CPUS} CPUs"),
        (banner is not None and banner.group(4) == str(machine.page_size),
         f"banner gives the page size {machine.page_size}"),
        (final is not None, "init reports its result in its last line"),
        (final is not None and final.group(2) == "0",
         "init counts no failed program"),
        (not timed_out, "the machine powers off by itself"),
    ]
    report = [f"{'ok' if passed else 'not ok'} {i} - {name}"
              for i, (passed, name) in enumerate(checks, 1)]
    report.append(f"# booted and ran in {seconds:.1f} s")
    if not all(passed for passed, _ in checks):
        report += ["# console ends with:"] + [
            f"#   {line}" for line in text.splitlines()[-15:]]
    add("init", "OK" if all(passed for passed, _ in checks) else "FAIL",
        "\n".join(report) + "\n")
    return entries


def run_machine(arch, timeout):
    machine = MACHINES[arch]
    build = TOP / "build" / arch
    folder = TOP / "build" / f"{arch}-vm"
    logs = folder / "meson-logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = logs / "testlog.json"
    if log_file.exists():
        log_file.unlink()

    kernel = fetch_kernel(arch, machine)
    tests, expected, image = build_image(arch, build, folder)
    text, seconds, timed_out = boot(arch, machine, kernel, image,
                                    folder / "console.log", timeout)
    entries = results(machine, text, seconds, timed_out, tests, expected)
    log_file.write_text("".join(json.dumps(e) + "\n" for e in entries))
    final = [l for l in text.splitlines() if FINAL.match(l)]
    log(f"{arch}: {seconds:.1f} s, {final[-1] if final else 'no result line'}"
        f"{' (timed out)' if timed_out else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds before a machine is stopped "
                             "(default: %(default)s)")
    parser.add_argument("--list", action="store_true",
                        help="print the architectures it can boot and exit")
    parser.add_argument("architectures", nargs="*", metavar="ARCH",
                        help=f"one of: {', '.join(MACHINES)}")
    arguments = parser.parse_args()
    if arguments.list:
        print(" ".join(MACHINES))
        return 0
    unknown = [a for a in arguments.architectures if a not in MACHINES]
    if unknown or not arguments.architectures:
        parser.error(f"name one or more of: {', '.join(MACHINES)}")
    status = 0
    for arch in arguments.architectures:
        try:
            run_machine(arch, arguments.timeout)
        except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
            log(f"{arch}: {error}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

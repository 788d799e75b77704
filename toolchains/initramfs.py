#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a gzip-compressed initramfs (cpio "newc") around one program.

Usage: toolchains/initramfs.py OUTPUT INIT [PATH=FILE...]

INIT becomes /init, the first process the kernel starts. Each PATH=FILE
adds FILE at PATH, executable when FILE is. The image also contains the
empty folders /dev, /proc, /sys and /tmp, and /dev/console, so that /init
starts with its standard streams on the console. Nothing else is added: no shell,
no libraries.
"""
import gzip
import os
import sys
from pathlib import Path


class Archive:
    """A cpio archive in the "newc" format that the kernel unpacks."""

    def __init__(self):
        self.data = bytearray()
        self.inode = 1

    def _entry(self, name, mode, contents=b"", rdev=(0, 0)):
        name_bytes = name.encode() + b"\0"
        fields = [self.inode, mode, 0, 0, 1, 0, len(contents), 0, 0,
                  rdev[0], rdev[1], len(name_bytes), 0]
        self.inode += 1
        self.data += b"070701" + b"".join(b"%08X" % f for f in fields)
        self.data += name_bytes
        self.data += b"\0" * (-len(self.data) % 4)
        self.data += contents
        self.data += b"\0" * (-len(self.data) % 4)

    def directory(self, name):
        self._entry(name, 0o040755)

    def file(self, name, contents, mode=0o644):
        self._entry(name, 0o100000 | mode, contents)

    def character_device(self, name, major, minor):
        self._entry(name, 0o020600, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.data)


def base_archive():
    """Returns an archive with the folders and the console of every image."""
    archive = Archive()
    for folder in ("dev", "proc", "sys", "tmp"):
        archive.directory(folder)
    archive.character_device("dev/console", 5, 1)
    return archive


def write_image(archive, output):
    Path(output).write_bytes(gzip.compress(archive.finish(), mtime=0))


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    output, init, *extra = arguments
    archive = base_archive()
    try:
        archive.file("init", Path(init).read_bytes(), 0o755)
    except OSError as error:
        print(f"initramfs.py: cannot read {init}: {error.strerror}",
              file=sys.stderr)
        return 1
    folders = set()
    used_paths = {"init", "dev", "dev/console", "proc", "sys", "tmp"}
    for item in extra:
        path, separator, source = item.partition("=")
        path = path.strip("/")
        if not separator or not path:
            print(f"initramfs.py: expected PATH=FILE, got {item!r}",
                  file=sys.stderr)
            return 2
        if path in used_paths:
            print(f"initramfs.py: the image already has /{path}",
                  file=sys.stderr)
            return 2
        used_paths.add(path)
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in folders and folder not in ("dev", "proc", "sys",
                                                        "tmp"):
                archive.directory(folder)
                folders.add(folder)
        mode = 0o755 if os.access(source, os.X_OK) else 0o644
        try:
            archive.file(path, Path(source).read_bytes(), mode)
        except OSError as error:
            print(f"initramfs.py: cannot read {source}: {error.strerror}",
                  file=sys.stderr)
            return 1
    write_image(archive, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

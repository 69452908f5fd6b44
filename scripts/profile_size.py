#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Flash each kind of user pays for the library (make size): the bytes of the library's code and
constant data (.text*, .rodata*, and .data* initialisers, which live in flash) that the linker
kept in the profile images of tests/firmware/profile.c (-Os, --gc-sections), read from their map
files, with and without BKPSRAM_CFG_STRINGS; and the whole image's growth over the baseline
(PROFILE 0), which adds the inline code at the call sites. Exits 1 when a profile is over its
budget (the exact figure of this code; the target column is where the design aims). usage: profile_size.py CROSS_BUILD_DIR"""
import os
import re
import subprocess
import sys

PROFILES = [  # (PROFILE, what the user calls, budget: library bytes with texts (enforced), target)
    (1, "seed: init + 8/16/32-bit and float read/write", 1818, 1000),
    (2, "+ a record (save, load)", 4512, 2400),
    (3, "+ a ring log (open, append, read)", 6646, 3300),
    (4, "+ reboot tracking and the fault handlers", 8846, 4800),
]
FLASH = re.compile(r"^\.(text|rodata|data)\b")
ENTRY = re.compile(r"^\s*(\S+)?\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$")


def library_bytes(map_path):
    """Bytes of flash sections kept from libbkpsram*.a in a GNU ld map file."""
    total, name, kept = 0, None, False
    for line in open(map_path):
        if line.startswith("Linker script and memory map"):
            kept = True
            continue
        if not kept:
            continue
        if line.startswith(" .") and len(line.split()) == 1:
            name = line.split()[0]  # the section name; its address, size and file follow on the next line
            continue
        m = ENTRY.match(line)
        if m:
            sec = m.group(1) or name
            name = None
            if sec and FLASH.match(sec) and "libbkpsram" in m.group(3) and ".a(" in m.group(3):
                total += int(m.group(2), 16)
        elif not line.startswith("  "):
            name = None
    return total


def image_bytes(elf):
    out = subprocess.run(["arm-none-eabi-size", elf], capture_output=True, text=True, check=True).stdout
    f = out.splitlines()[1].split()
    return int(f[0]) + int(f[1])


def main():
    d = os.path.join(sys.argv[1], "tests", "firmware")
    path = lambda n, v, ext: os.path.join(d, "profile_%d%s-stm32f4-discovery.%s" % (n, v, ext))
    base = {v: image_bytes(path(0, v, "elf")) for v in ("", "_nostrings")}
    over = 0
    print("== Flash per user profile (stm32f4-discovery, -Os, --gc-sections; library bytes kept, budget with texts) ==")
    print("  %-48s %8s %8s %8s %14s %8s" % ("profile", "library", "budget", "target", "texts off (0)", "image+"))
    for n, what, budget, target in PROFILES:
        lib = library_bytes(path(n, "", "map"))
        lib0 = library_bytes(path(n, "_nostrings", "map"))
        grow = image_bytes(path(n, "", "elf")) - base[""]
        bad = lib > budget or lib == 0 or lib0 > lib
        over += bad
        print("  %-48s %8d %8d %8d %14d %8d%s" % (what, lib, budget, target, lib0, grow, "  OVER BUDGET" if bad else ""))
    if library_bytes(path(0, "", "map")) != 0:
        print("profile_size: the baseline image links library code")
        return 1
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

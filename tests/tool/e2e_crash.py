#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End to end: examples/crash_report on vboard, then bkpsram-tool crash on the backup SRAM dump with
the firmware ELF, on STM32F4-Discovery (4 KB dump, reboot area at 3688), NUCLEO-U575ZI-Q (2 KB
dump: the tool takes the H5/U5 default 1640 by itself) and NUCLEO-H563ZI (4 KB, --offset 1640). After each boot that faulted, the tool must name the exact function and source
line of the faulting instruction (the line marked CRASH-SITE in the example's source), the fault in
words, and a matching build id; with another ELF it must warn. On NUCLEO-F401RE (no backup SRAM)
the bus fault reaches the handler, which writes nothing and resets.
usage: e2e_crash.py VBOARD TOOL FIRMWARE_DIR SOURCE WORKDIR"""
import json
import os
import re
import subprocess
import sys

vboard, tool, fw, source, work = sys.argv[1:6]
other = os.path.join(fw, "examples", "retain_led-stm32f4-discovery.elf")
os.makedirs(work, exist_ok=True)
sites = {}
for n, text in enumerate(open(source, encoding="utf-8"), 1):
    m = re.search(r"CRASH-SITE (\w+)", text)
    if m:
        sites[m.group(1)] = n

# boot k causes: (site, function, words that must appear in "why")
expect = {
    1: ("vstr6", "write_float", "UNALIGNED: unaligned access (UsageFault)"),
    2: ("bus", "bus_fault", "PRECISERR: precise data bus error (BusFault); BFAR {bfar} valid"),
    3: ("div0", "divide", "DIVBYZERO: divide by zero (UsageFault)"),
    4: ("undef", "undefined_instruction", "UNDEFINSTR: undefined instruction (UsageFault)"),
    5: (None, None, "STKERR: stacking on exception entry, the frame is lost (BusFault)"),
    7: ("assert", "main", ""),
}
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def run(args):
    return subprocess.run(args, capture_output=True, text=True, check=False)


# board, the bus-fault address (past the backup SRAM), the dump's size, the tool's extra options
boards = [("stm32f4-discovery", "0x40025000", 4096, []), ("nucleo-u575zi-q", "0x40037400", 2048, []),
          ("nucleo-h563zi", "0x40037400", 4096, ["--offset", "1640"])]
for board, bfar, size, opts in boards:
    elf = os.path.join(fw, "examples", "crash_report-%s.elf" % board)
    for k, (site, func, why) in sorted(expect.items()):
        why = why.format(bfar=bfar)
        dump = os.path.join(work, "%s-boot%d.bin" % (board, k))
        run([vboard, "--board", board, "--boots", str(k), "--dump-bkpsram", dump, elf, "power-on"])
        if os.path.getsize(dump) != size:
            fail("%s boot %d: a %d-byte dump, expected %d" % (board, k, os.path.getsize(dump), size))
        out = run([tool, "crash", dump, "--elf", elf, "--json"] + opts)
        if out.returncode != 0:
            fail("%s boot %d: tool exit %d: %s" % (board, k, out.returncode, out.stderr))
            continue
        j = json.loads(out.stdout)
        f = j["fault"]
        if not j["pending"] or f is None or not f["build_id_match"] or why not in f["why"]:
            fail("%s boot %d: %s" % (board, k, out.stdout))
            continue
        if site is None:
            if "pc" in f:
                fail("%s boot %d: a pc reported although the frame was never stacked" % (board, k))
            print("%s boot %d: %s, frame lost (stack overflow), reported as such" % (board, k, f["why"].split(";")[1].strip()))
            continue
        pc = f["pc"]
        if pc["function"] != func or not pc["file"].endswith("crash_report/main.c") or pc["line"] != sites[site]:
            fail("%s boot %d: pc %s, expected %s at main.c:%d" % (board, k, pc, func, sites[site]))
        else:
            print("%s boot %d: %s at main.c:%d (%s)" % (board, k, func, pc["line"], site))
        text = run([tool, "crash", dump, "--elf", elf] + opts).stdout
        if "%s at " % func not in text or ":%d" % sites[site] not in text:
            fail("%s boot %d: text output lacks the site: %s" % (board, k, text))

# another firmware's ELF: a warning, never a silent wrong answer
warn = run([tool, "crash", os.path.join(work, "stm32f4-discovery-boot1.bin"), "--elf", other]).stdout
if "warning: build id" not in warn:
    fail("no build-id warning with another ELF: " + warn)

# no backup SRAM: the handler resets without writing
f401 = os.path.join(fw, "examples", "crash_report-nucleo-f401re.elf")
line = run([vboard, "--board", "nucleo-f401re", "--boots", "1", f401, "power-on"]).stdout
if "BusFault taken" not in line or "bkpsram r0 w0" not in line or "| reset |" not in line:
    fail("nucleo-f401re: " + line)
else:
    print("nucleo-f401re: BusFault at 0x40024000 handled, nothing written, reset")

print("crash e2e: %d fault kinds checked on %d boards, %d resolved to function and line on each, %d failures" %
      (len(expect), len(boards), len([e for e in expect.values() if e[0]]), failures))
sys.exit(1 if failures else 0)

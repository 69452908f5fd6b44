#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End to end: examples/crash_report on vboard, then bkpsram-tool crash on the backup SRAM dump with
the firmware ELF. After each boot that faulted, the tool must name the exact function and source
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
elf = os.path.join(fw, "examples", "crash_report-stm32f4-discovery.elf")
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
    2: ("bus", "bus_fault", "PRECISERR: precise data bus error (BusFault); BFAR 0x40025000 valid"),
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


for k, (site, func, why) in sorted(expect.items()):
    dump = os.path.join(work, "boot%d.bin" % k)
    run([vboard, "--boots", str(k), "--dump-bkpsram", dump, elf, "power-on"])
    out = run([tool, "crash", dump, "--elf", elf, "--json"])
    if out.returncode != 0:
        fail("boot %d: tool exit %d: %s" % (k, out.returncode, out.stderr))
        continue
    j = json.loads(out.stdout)
    f = j["fault"]
    if not j["pending"] or f is None or not f["build_id_match"] or why not in f["why"]:
        fail("boot %d: %s" % (k, out.stdout))
        continue
    if site is None:
        if "pc" in f:
            fail("boot %d: a pc reported although the frame was never stacked" % k)
        print("boot %d: %s, frame lost (stack overflow), reported as such" % (k, f["why"].split(";")[1].strip()))
        continue
    pc = f["pc"]
    if pc["function"] != func or not pc["file"].endswith("crash_report/main.c") or pc["line"] != sites[site]:
        fail("boot %d: pc %s, expected %s at main.c:%d" % (k, pc, func, sites[site]))
    else:
        print("boot %d: %s at main.c:%d (%s)" % (k, func, pc["line"], site))
    text = run([tool, "crash", dump, "--elf", elf]).stdout
    if "%s at " % func not in text or ":%d" % sites[site] not in text:
        fail("boot %d: text output lacks the site: %s" % (k, text))

# another firmware's ELF: a warning, never a silent wrong answer
warn = run([tool, "crash", os.path.join(work, "boot1.bin"), "--elf", other]).stdout
if "warning: build id" not in warn:
    fail("no build-id warning with another ELF: " + warn)

# no backup SRAM: the handler resets without writing
f401 = os.path.join(fw, "examples", "crash_report-nucleo-f401re.elf")
line = run([vboard, "--board", "nucleo-f401re", "--boots", "1", f401, "power-on"]).stdout
if "BusFault taken" not in line or "bkpsram r0 w0" not in line or "| reset |" not in line:
    fail("nucleo-f401re: " + line)
else:
    print("nucleo-f401re: BusFault at 0x40024000 handled, nothing written, reset")

print("crash e2e: %d fault kinds checked, %d resolved to function and line, %d failures" % (len(expect), len([e for e in expect.values() if e[0]]), failures))
sys.exit(1 if failures else 0)

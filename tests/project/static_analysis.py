#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Static analysis of the library (src/ and include/), zero findings required.

  static_analysis.py cppcheck ROOT    cppcheck --enable=warning,style,performance,portability
  static_analysis.py clang-tidy ROOT  clang-tidy with ROOT/.clang-tidy, five configurations:
                                      host (memory port), Cortex-M4F (nibble CRC), Cortex-M4F (CRC unit),
                                      the H7 build, the U5 build
  static_analysis.py misra ROOT       MISRA C:2012 (cppcheck's misra addon) over src/: no violation of
                                      a Required or Mandatory rule; every Advisory rule that has
                                      findings is deviated in docs/misra.md (and every deviation is used)
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import sys

# MISRA C:2012 (with Amendments 1 and 2) Advisory rules; every other rule is Required or Mandatory.
ADVISORY = {"1.2", "2.3", "2.4", "2.5", "2.6", "2.7", "4.2", "5.9", "8.7", "8.11", "8.13", "10.5",
            "11.4", "11.5", "12.1", "12.3", "12.4", "13.3", "13.4", "15.1", "15.4", "15.5", "17.5", "17.8",
            "18.4", "18.5", "19.2", "20.1", "20.5", "20.10", "21.12"}
TARGET = ["--target=thumbv7em-none-eabihf", "-mcpu=cortex-m4", "-isystem", "/usr/lib/arm-none-eabi/include"]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def sources(root):
    return sorted(glob.glob(os.path.join(root, "src", "*.c")) + glob.glob(os.path.join(root, "src", "port", "*.c")))


def run(cmd, root):
    p = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def cppcheck(root):
    rc, out = run(["cppcheck", "--enable=warning,style,performance,portability", "--std=c99", "--error-exitcode=1", "--max-configs=40",
                   "--inline-suppr", "--quiet", "-Iinclude", "-Isrc", "src", "include"], root)
    findings = [l for l in out.splitlines() if re.match(r"^\S+:\d+:\d+: ", l)]
    print(out.strip())
    if rc != 0 or findings:
        fail("cppcheck: %d findings" % len(findings))
    print("cppcheck (warning, style, performance, portability) over src/ and include/: 0 findings")


def clang_tidy(root):
    configs = [("host, memory port", ["-DBKPSRAM_PORT_MEMORY"]), ("Cortex-M4F", TARGET),
               ("Cortex-M4F, CRC unit", TARGET + ["-DBKPSRAM_CFG_CRC_ENGINE=2"]),
               ("H7 build", TARGET + ["-DBKPSRAM_CFG_FAMILY=2"]), ("U5 build", TARGET + ["-DBKPSRAM_CFG_FAMILY=5"])]
    total = 0
    for name, flags in configs:
        for f in sources(root):
            rc, out = run(["clang-tidy", "--quiet", f, "--", "-std=c99", "-Iinclude", "-Isrc"] + flags, root)
            findings = [l for l in out.splitlines() if re.search(r": (warning|error): ", l)]
            if findings or rc != 0:
                print("%s (%s):\n%s" % (f, name, out.strip()))
            total += len(findings) + (1 if rc != 0 and not findings else 0)
    if total:
        fail("clang-tidy: %d findings" % total)
    print("clang-tidy (.clang-tidy: clang-analyzer, bugprone, cert, misc, a readability subset) over %d files of "
          "src/ in %d configurations: 0 findings" % (len(sources(root)), len(configs)))


def deviations(root):
    """Rules deviated in docs/misra.md: table rows '| 15.5 | Advisory | ... |'."""
    dev = {}
    for line in open(os.path.join(root, "docs", "misra.md"), encoding="utf-8"):
        m = re.match(r"^\|\s*(\d+\.\d+)\s*\|\s*(\w+)\s*\|", line)
        if m:
            dev[m.group(1)] = m.group(2)
    return dev


def misra(root):
    # In a copy: the addon writes .dump files next to the sources, which tests that copy src/ or
    # run cppcheck on it at the same time (ctest -j) must not see.
    with tempfile.TemporaryDirectory() as tmp:
        for d in ("src", "include"):
            shutil.copytree(os.path.join(root, d), os.path.join(tmp, d))
        rc, out = run(["cppcheck", "--addon=misra", "--std=c99", "--quiet", "-Iinclude", "-Isrc", "src"], tmp)
    found = {}
    for m in re.finditer(r"^(\S+:\d+):\d+: .*\[misra-c2012-(\d+\.\d+)\]", out, re.M):
        found.setdefault(m.group(2), []).append(m.group(1))
    if "misra" not in out and rc != 0:
        fail("cppcheck's misra addon did not run:\n" + out)
    dev = deviations(root)
    required = {r: v for r, v in found.items() if r not in ADVISORY}
    for r, where in sorted(required.items()):
        print("Required rule %s: %s" % (r, " ".join(where)))
    undeviated = {r: v for r, v in found.items() if r in ADVISORY and r not in dev}
    for r, where in sorted(undeviated.items()):
        print("Advisory rule %s not deviated in docs/misra.md: %s" % (r, " ".join(where)))
    wrong = [r for r, c in dev.items() if r not in ADVISORY or c != "Advisory"]
    unused = [r for r in dev if r not in found]
    if required or undeviated or wrong or unused:
        fail("MISRA: %d Required-rule violations, %d Advisory rules not deviated, deviations not Advisory: %s, "
             "deviations without findings: %s" % (sum(len(v) for v in required.values()), len(undeviated),
                                                 " ".join(wrong) or "none", " ".join(unused) or "none"))
    print("MISRA C:2012 (cppcheck misra addon) over src/: 0 Required-rule violations; %d findings of %d Advisory "
          "rules, each deviated in docs/misra.md (%s)" % (sum(len(v) for v in found.values()), len(found),
                                                        ", ".join("%s: %d" % (r, len(found[r])) for r in
                                                                  sorted(found, key=lambda x: [int(p) for p in x.split(".")]))))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("cppcheck", "clang-tidy", "misra"):
        print(__doc__)
        sys.exit(2)
    {"cppcheck": cppcheck, "clang-tidy": clang_tidy, "misra": misra}[sys.argv[1]](sys.argv[2])

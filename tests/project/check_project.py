#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks of the project's own metadata against the tree.

  check_project.py version ROOT   BKPSRAM_VERSION_* == CMake project version == top CHANGELOG entry
                                  == library.json version
  check_project.py spdx ROOT      every source, build and script file carries SPDX-License-Identifier: MIT
  check_project.py library ROOT   library.json: the files and folders it names exist, headers included
"""
import json
import os
import re
import sys

SOURCE_DIRS = ["src", "include", "linker", "model", "vboard", "tools", "tests", "examples", "scripts", "cmake"]
SOURCE_EXT = (".c", ".h", ".cpp", ".ld", ".cmake", ".in", ".sh", ".py")
SOURCE_NAMES = ("CMakeLists.txt", "Makefile")
SPDX = "SPDX-License-Identifier: MIT"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def header_version(root):
    h = read(root, "include/bkpsram/bkpsram.h")
    parts = []
    for k in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"#define BKPSRAM_VERSION_%s\s+(\d+)" % k, h)
        if not m:
            fail("bkpsram.h: no BKPSRAM_VERSION_%s" % k)
        parts.append(m.group(1))
    m = re.search(r'#define BKPSRAM_VERSION_STRING\s+"([^"]+)"', h)
    if not m or m.group(1) != ".".join(parts):
        fail("bkpsram.h: BKPSRAM_VERSION_STRING does not match MAJOR.MINOR.PATCH")
    return ".".join(parts)


def versions(root):
    found = {"bkpsram.h": header_version(root)}
    m = re.search(r"project\(bkpsram VERSION (\d+\.\d+\.\d+)", read(root, "CMakeLists.txt"))
    found["CMakeLists.txt"] = m.group(1) if m else None
    m = re.search(r"^## (\S+)", read(root, "CHANGELOG.md"), re.M)
    found["CHANGELOG.md"] = m.group(1) if m else None
    found["library.json"] = json.loads(read(root, "library.json")).get("version")
    if len(set(found.values())) != 1:
        fail("versions disagree: " + ", ".join("%s %s" % kv for kv in sorted(found.items())))
    print("version %s in bkpsram.h, CMakeLists.txt, CHANGELOG.md (top entry) and library.json" % found["bkpsram.h"])


def source_files(root):
    for top in SOURCE_DIRS + ["."]:
        base = os.path.join(root, top)
        for d, dirs, files in os.walk(base):
            dirs[:] = [x for x in dirs if not x.startswith(".") and x != "build"] if top != "." else []
            for f in files:
                if f.endswith(SOURCE_EXT) or f in SOURCE_NAMES:
                    yield os.path.relpath(os.path.join(d, f), root)


def spdx(root):
    files = sorted(set(source_files(root)))
    missing = [f for f in files if SPDX not in "".join(read(root, f).splitlines(True)[:3])]
    if missing:
        fail("no '%s' in the first 3 lines of: %s" % (SPDX, " ".join(missing)))
    print("SPDX-License-Identifier: MIT in all %d source, build and script files" % len(files))


def library(root):
    lib = json.loads(read(root, "library.json"))
    for key in ("name", "version", "license", "build", "headers", "export"):
        if key not in lib:
            fail("library.json: no '%s'" % key)
    if lib["name"] != "bkpsram" or lib["license"] != "MIT":
        fail("library.json: name or license wrong")
    build = lib["build"]
    for key in ("srcDir", "includeDir"):
        if not os.path.isdir(os.path.join(root, build[key])):
            fail("library.json: build.%s '%s' is not a folder" % (key, build[key]))
    for h in lib["headers"]:
        if not os.path.isfile(os.path.join(root, build["includeDir"], h)):
            fail("library.json: header '%s' not in %s" % (h, build["includeDir"]))
    public = sorted("bkpsram/" + f for f in os.listdir(os.path.join(root, "include/bkpsram")))
    need = [h for h in public if h not in lib["headers"] and h not in ("bkpsram/bkpsram_opt.h", "bkpsram/bkpsram_memory.h")]
    if need:
        fail("library.json: public headers not listed: " + " ".join(need))
    for p in lib["export"]["include"]:
        if not os.path.exists(os.path.join(root, p)):
            fail("library.json: export.include names '%s', which does not exist" % p)
    srcs = [f for f in os.listdir(os.path.join(root, build["srcDir"])) if f.endswith(".c")]
    if not srcs:
        fail("library.json: no .c file in build.srcDir")
    print("library.json: %d headers, %d export paths, %d sources in %s: all present" %
          (len(lib["headers"]), len(lib["export"]["include"]), len(srcs), build["srcDir"]))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("version", "spdx", "library"):
        print(__doc__)
        sys.exit(2)
    {"version": versions, "spdx": spdx, "library": library}[sys.argv[1]](sys.argv[2])

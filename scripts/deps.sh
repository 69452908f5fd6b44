#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs, from Debian packages, what building and testing bkpsram needs. As root it runs
# apt-get; otherwise it prints the exact command to run. Does nothing when all is present.
set -eu

need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in make cmake gcc clang libclang-rt-14-dev gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi \
           libcmocka-dev libunicorn-dev pkg-config qemu-system-arm libxml2-utils python3 \
           libstdc++-arm-none-eabi-newlib git doxygen cppcheck clang-tidy gdb-multiarch libdw-dev libelf-dev; do
    have_pkg "$pkg" || need="$need $pkg"
done

if [ -z "$need" ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "deps.sh: installing:$need"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $need >/dev/null
else
    echo "deps.sh: missing Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$need" >&2
    exit 1
fi

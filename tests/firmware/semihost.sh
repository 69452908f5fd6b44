#!/bin/sh
# SPDX-License-Identifier: MIT
# semihost.sh VBOARD FIRMWARE_DIR: the semihosting test images on vboard, through the CLI a ctest
# entry would use: stdout, the exit status, every served call, the refused one.
set -u
vb=$1; fw=$2/tests/firmware
fail() { echo "FAIL: $*"; exit 1; }
for code in 0 1 3; do
    out=$(printf 'x' | "$vb" --quiet "$fw/semihost_exit$code-stm32f4-discovery.elf" power-on 2>/tmp/semihost.$$)
    rc=$?
    [ "$rc" -eq "$code" ] || fail "exit($code) made vboard exit $rc"
    printf '%s\n' "$out" | grep -qx 'printf 7' || fail "printf did not reach stdout: $out"
    printf '%s\n' "$out" | grep -qx 'Write0' || fail "SYS_WRITEC/SYS_WRITE0: $out"
    printf '%s\n' "$out" | grep -qx 'readc 120 clock ok time ok elapsed ok tickfreq 16000000 heapinfo 0x00000000 0x20020000' ||
        fail "served calls: $out"
    printf '%s\n' "$out" | grep -qx 'system -1 errno 38' || fail "refused call: $out"
    grep -q 'semihosting: 1 call(s) refused, last refused call 0x12' /tmp/semihost.$$ || fail "refusal not reported"
    echo "exit($code): vboard exit status $rc, stdout and every call as expected"
done
out=$("$vb" --quiet "$fw/semihost_exit0-stm32f4-discovery.elf" power-on </dev/null 2>/dev/null)
printf '%s\n' "$out" | grep -q '^readc -1 ' || fail "SYS_READC at the end of stdin: $out"
rm -f /tmp/semihost.$$
echo "semihosting: exit codes 0/1/3, printf, WRITEC, WRITE0, READC, CLOCK, TIME, ELAPSED, TICKFREQ, HEAPINFO, ERRNO, a refused call: OK"

#!/bin/sh
# SPDX-License-Identifier: MIT
# Run a semihosting test image on QEMU's netduinoplus2 (STM32F405) and check its exit status
# and, optionally, a text it must print.   qemu-run.sh IMAGE.elf EXPECTED_STATUS [TEXT]
set -u
elf=$1 want=$2 text=${3:-}
out=$(timeout 300 qemu-system-arm -M netduinoplus2 -display none -monitor none -serial null -serial null \
      -semihosting-config enable=on,target=native -kernel "$elf" 2>&1)
got=$?
printf '%s\n' "$out"
if [ "$got" != "$want" ]; then
    echo "qemu-run: exit status $got, expected $want"
    exit 1
fi
if [ -n "$text" ] && ! printf '%s\n' "$out" | grep -qF -- "$text"; then
    echo "qemu-run: output lacks '$text'"
    exit 1
fi
echo "qemu-run: status $got as expected"

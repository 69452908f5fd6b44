#!/bin/sh
# SPDX-License-Identifier: MIT
# vboard's CLI refuses bad usage with a message and exit status 2, before running anything.
#   cli_errors.sh VBOARD ELF WORKDIR
set -u
vb=$1 elf=$2 dir=$3
. "$(cd "$(dirname "$0")" && pwd)/../common/refuses.sh"
mkdir -p "$dir" && cd "$dir" || exit 1
expect() { refuses "$vb" 2 "$@"; } # expect "message part" args...
mkdir -p adir
head -c 100 /dev/zero > zeros.elf
head -c 10 /dev/zero > tiny.elf
expect "not a regular file" adir power-on
expect "not a 32-bit ARM ELF image" zeros.elf power-on
expect "cannot read" tiny.elf power-on
expect "cannot open" does-not-exist.elf power-on
expect "from 0 to 4294967295, got '4294967296'" --cut-after-writes 4294967296 "$elf" power-on
expect "got '4294967297'" --cut-after-writes 4294967297 "$elf" power-on
expect "got '-1'" --cut-after-writes -1 "$elf" power-on
expect "got '99999999999'" --seed 99999999999 "$elf" power-on
expect "got '99999999999999999999999'" --max-insns 99999999999999999999999 "$elf" power-on
expect "got '12abc'" --max-insns 12abc "$elf" power-on
expect "got ''" --seed "" "$elf" power-on
expect "unknown event" "$elf" nonsense
expect "unknown board" --board nucleo-f999 "$elf" power-on
[ $fails -eq 0 ] && echo "all bad usages refused" || { echo "$fails bad usage(s) accepted"; exit 1; }

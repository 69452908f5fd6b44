#!/bin/sh
# SPDX-License-Identifier: MIT
# vboard --gdb driven by gdb-multiarch -batch on the retain_led image: reset vector, breakpoint,
# stepi, registers, memory write and read, continue to the end of the boot, dump of the backup
# SRAM (as from a board through st-util or OpenOCD), monitor reset, monitor status, detach.
#   gdb_session.sh VBOARD ELF WORKDIR [BOARD BKPSRAM_ADDR BKPSRAM_SIZE GREEN_LED RED_LED]
# (default: stm32f4-discovery 0x40024000 4096 green red)
set -eu
vboard=$1 elf=$2 work=$3
board=${4:-stm32f4-discovery} base=${5:-0x40024000} size=${6:-4096} green=${7:-green} red=${8:-red}
mkdir -p "$work"
port=$((20000 + $$ % 20000))
"$vboard" --board "$board" --gdb "$port" "$elf" power-on 2>"$work/vboard.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q waiting "$work/vboard.err" 2>/dev/null && break; sleep 0.2; done
cat >"$work/cmds" <<EOC
set pagination off
set confirm off
target remote :$port
info registers pc
break main
continue
info registers pc
stepi
stepi
info registers pc
set {unsigned int}0x2000F000 = 0x12345678
x/wx 0x2000F000
delete
continue
dump binary memory $work/dump.bin $base $(printf '0x%X' $((base + size)))
monitor reset
continue
monitor status
detach
EOC
timeout 60 gdb-multiarch -batch -x "$work/cmds" "$elf" >"$work/gdb.out" 2>&1 || { cat "$work/gdb.out" "$work/vboard.err"; exit 1; }
wait $pid || { echo "vboard --gdb exited with an error" >&2; exit 1; }
cat "$work/gdb.out"
fail() { echo "FAIL: $1" >&2; exit 1; }

grep -q "<Reset_Handler>" "$work/gdb.out" || fail "not halted at the reset vector"
grep -Eq "^Breakpoint 1, (0x[0-9a-f]* in )?main \(\)" "$work/gdb.out" || fail "breakpoint at main not hit"
grep -Eq "^pc .*<board_init>" "$work/gdb.out" || fail "stepi did not enter board_init"
grep -q "0x2000f000:	0x12345678" "$work/gdb.out" || fail "memory write and read"
grep -q "^power-on .*$red=ON.* idle" "$work/gdb.out" || fail "the first boot's report (RED, idle)"
grep -q "^reset .*$green=ON.* idle" "$work/gdb.out" || fail "monitor reset: the marker kept (GREEN)"
[ "$(wc -c <"$work/dump.bin")" -eq "$size" ] || fail "dump size"
head -c 14 "$work/dump.bin" | grep -q "bkpsram-retain" || fail "the dump does not start with the marker"
echo "gdb session on $board: breakpoint, stepi, registers, memory write/read, $size-byte backup SRAM dump, monitor reset: OK"

#!/bin/sh
# SPDX-License-Identifier: MIT
# The seed's LED demo, told as a story: the real retain_led firmware image on the virtual
# STM32F4-Discovery, through power-on, reset, power-off with VBAT, and power-on without VBAT.
set -eu
vboard=${1:-build/host-gcc/vboard/vboard}
elf=${2:-build/m4-os/examples/retain_led-stm32f4-discovery.elf}
export ASAN_OPTIONS=detect_leaks=0

out=$("$vboard" --board stm32f4-discovery --seed 2014 "$elf" power-on reset power-off power-on power-on-no-vbat)

echo "retain_led on a virtual STM32F4-Discovery (firmware: $elf)"
echo
echo "$out"
echo
echo "$out" | awk '
  function led(line) { return line ~ /green=ON/ ? "GREEN" : (line ~ /red=ON/ ? "RED" : "none") }
  /^power-off/ { print "3. power-off: the board is unpowered; VBAT (the coin cell) keeps the backup domain alive,"
                 print "   and the backup regulator (BRE, switched on by bkpsram_init) keeps the 4 KB backup SRAM."; next }
  /LEDs:/ { n++; l = led($0); got[n] = l
    if (n == 1) { print "1. power-on: the backup SRAM comes up with random content, no 16-byte marker in it;"
                  print "   the firmware writes the marker and lights " l "." ; want = "RED" }
    if (n == 2) { print "2. reset (NRST): a system reset keeps the backup SRAM; the marker is found: " l "."; want = "GREEN" }
    if (n == 3) { print "4. power-on with VBAT held: the marker survived the power-off: " l "."; want = "GREEN" }
    if (n == 4) { print "5. power-on without VBAT: VDD and VBAT were both gone, the content is random again;"
                  print "   no marker, so it is written anew: " l "."; want = "RED" }
    if (l != want) { print "   UNEXPECTED: wanted " want; bad = 1 }
    if ($0 ~ /fault|violation/) { print "   UNEXPECTED fault or violation"; bad = 1 } }
  END { if (n != 4) bad = 1
        print ""
        print (bad ? "demo FAILED" : "RED, GREEN, GREEN, RED: exactly what the seed demo promises, from the real firmware.")
        exit bad }'

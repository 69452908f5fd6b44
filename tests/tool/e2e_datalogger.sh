#!/bin/sh
# SPDX-License-Identifier: MIT
# End to end, with the README's commands: the datalogger firmware on vboard across resets and a
# power cycle, its console capture through bkpsram-tool into CSV, JSON and SVG. The CSV must hold
# exactly the samples the firmware reported on its console, entry for entry; the vboard dump and
# its Intel HEX form must decode to the same CSV; the SVG must be well-formed XML (xmllint).
#   e2e_datalogger.sh VBOARD TOOL FIRMWARE_ELF WORKDIR
set -eu
vboard=$1 tool=$2 elf=$3 dir=$4
export ASAN_OPTIONS=detect_leaks=0
fields="t_ms:u32,temp_c:f32,raw:u16,boot:u16"
mkdir -p "$dir" && cd "$dir"

"$vboard" --console-out console.txt --dump-bkpsram dump.bin "$elf" power-on reset reset power-off power-on > boots.txt
"$tool" info console.txt | tee info.txt
grep -q "log id 1 at 0x400: 152 slots of 12-byte entries, 16 entries kept" info.txt
"$tool" csv console.txt --log 1 --fields "$fields" -o log.csv
"$tool" json console.txt --log 1 --fields "$fields" -o log.json
"$tool" svg console.txt --log 1 --fields "$fields" --x t_ms --y temp_c -o log.svg

# what the firmware said it logged: "sample t_ms T raw R boot B mdegC M"
grep '^sample ' console.txt | tr -d '\r' > samples.txt
awk -F, 'NR == FNR { t[NR - 1] = $3; r[NR - 1] = $5; b[NR - 1] = $7; m[NR - 1] = $9; n = NR; next }
         FNR == 1 { if ($0 != "entry,t_ms,temp_c,raw,boot\r") { print "bad CSV header: " $0; bad = 1 }; next }
         { sub(/\r$/, ""); i = FNR - 2; rows++
           d = $3 * 1000 - m[i]; if (d < 0) d = -d
           if ($1 != i || $2 != t[i] || $4 != r[i] || $5 != b[i] || d >= 1) { print "row " i " differs: " $0; bad = 1 } }
         END { if (rows != n || n != 16) { print "rows " rows ", samples " n ", expected 16"; bad = 1 }
               if (!bad) print "CSV matches the firmware'"'"'s 16 samples entry for entry"; exit bad }' \
    FS=' ' samples.txt FS=, log.csv
[ "$(grep -c '"entry":' log.json)" -eq 16 ]

# the same data from the raw dump and from its Intel HEX form
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x40024000 dump.bin dump.hex
"$tool" csv dump.bin --log 1 --fields "$fields" -o raw.csv
"$tool" csv dump.hex --log 1 --fields "$fields" -o hex.csv
cmp log.csv raw.csv
cmp log.csv hex.csv

xmllint --noout log.svg
[ "$(grep -c '<polyline' log.svg)" -eq 1 ]
echo "e2e: 16 entries through console, raw dump and Intel HEX agree; SVG well-formed"

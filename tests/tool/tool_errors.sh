#!/bin/sh
# SPDX-License-Identifier: MIT
# bkpsram-tool refuses bad input with a clear message and a non-zero exit status.
#   tool_errors.sh TOOL GOOD_RAW_DUMP WORKDIR
set -u
tool=$1 good=$2 dir=$3
. "$(cd "$(dirname "$0")" && pwd)/../common/refuses.sh"
mkdir -p "$dir" && cd "$dir" || exit 1
expect() { refuses "$tool" nonzero "$@"; } # expect "message part" args...
head -c 4000 "$good" > truncated.bin
head -c 5000 /dev/zero > big.bin
printf 'hello, not a dump\n' > text.txt
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x40024000 "$good" good.hex
sed '3s/^\(.\{12\}\)\(.\)/\1Z/' good.hex > badchar.hex
awk 'NR == 3 { c = substr($0, 12, 1); $0 = substr($0, 1, 11) (c == "0" ? "1" : "0") substr($0, 13) } { print }' good.hex > badsum.hex
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x20000000 "$good" outside.hex
head -n 100 good.hex > short.hex
printf 'BKPSRAM DUMP 40024000 4096\n40024000: 00 11\n' > cut.txt
# a capture of several boots whose newest block is garbled (one hex digit changed): refused, not
# decoded from an older block
console=$(dirname "$good")/console.txt
last=$(grep -n 'BKPSRAM DUMP' "$console" | tail -n 1 | cut -d: -f1)
awk -v l=$((last + 5)) 'NR == l { c = substr($0, 11, 1); $0 = substr($0, 1, 10) (c == "0" ? "1" : "0") substr($0, 12) } { print }' \
    "$console" > newest-garbled.txt

expect "truncated" info truncated.bin
expect "not a dump: 5000 bytes" info big.bin
expect "not a dump" info text.txt
expect "checksum error" info badsum.hex
expect "bad character" info badchar.hex
expect "outside the backup SRAM" info outside.hex
expect "no end-of-file record" info short.hex
expect "expected 16 bytes" info cut.txt
expect "the newest of" info newest-garbled.txt
expect "does not match" csv newest-garbled.txt --log 1
expect "cannot read" info does-not-exist.bin
expect "unknown type 'q7'" csv "$good" --log 1 --fields "a:q7"
expect "fields need 16 bytes" csv "$good" --log 1 --fields "a:u64,b:u64"
expect "--log ID is required" csv "$good"
expect "no log with id 9" csv "$good" --log 9
expect "unknown command" frobnicate "$good"
expect "unknown option" csv "$good" --log 1 --colour red
expect "--x: no such field" svg "$good" --log 1 --x nope
# crash: a non-ELF, a missing ELF, a bad offset, options without values
expect "is not a 32-bit ARM ELF file" crash "$good" --elf "$good"
expect "cannot open" crash "$good" --elf does-not-exist.elf
expect "--offset needs a byte offset" crash "$good" --offset -4
expect "--offset needs a byte offset" crash "$good" --offset 12x
expect "must be a multiple of 4" crash "$good" --offset 6
expect "at most 3688" crash "$good" --offset 4000
expect "missing value after --elf" crash "$good" --elf
expect "unknown option" crash "$good" --colour red
expect "truncated" crash truncated.bin
# 2 KB (U5, H503, H523/533): a raw 2048-byte binary and Intel HEX of 2 KB at 0x40036400 or 0x50036400
# are whole dumps; 2 KB at the 4 KB families' addresses, or more than 4 KB at 0x40036400, are not
head -c 2048 "$good" > small.bin
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x40024000 small.bin small-f4.hex
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x38800000 small.bin small-h7.hex
head -c 2000 "$good" > short2k.bin
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x40036400 short2k.bin short-u5.hex
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x40036400 big.bin big-u5.hex
expect "covers 2048 of the 4096 bytes" info small-f4.hex
expect "covers 2048 of the 4096 bytes" info small-h7.hex
expect "covers 2000 bytes at 0x40036400, neither the 2048 nor the 4096" info short-u5.hex
expect "outside the backup SRAM (its first 4 KB)" info big-u5.hex
for f in 0x40036400 0x50036400; do
    arm-none-eabi-objcopy -I binary -O ihex --change-addresses $f small.bin "small-$f.hex"
    refuses "$tool" 0 "Intel HEX, 2048 bytes" info "small-$f.hex"
done
refuses "$tool" 0 "raw binary, 2048 bytes" info small.bin
arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x38800000 "$good" good-h7.hex
refuses "$tool" 0 "Intel HEX, 4096 bytes" info good-h7.hex
[ $fails -eq 0 ] && echo "all bad inputs refused, every good one accepted" || { echo "$fails check(s) failed"; exit 1; }

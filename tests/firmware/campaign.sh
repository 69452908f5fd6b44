#!/bin/sh
# SPDX-License-Identifier: MIT
# campaign.sh VBOARD FIRMWARE_DIR: vboard campaign on users' firmware. The naive settings example
# fails and each reproduction command reproduces; the record one passes; a semihosting-judged
# firmware passes, and its looping, faulting and never-exiting variants fail per cut point; the
# same failures with --jobs 2 and in --json; every bad option is refused with exit status 2.
set -u
vb=$1; ex=$2/examples; fw=$2/tests/firmware
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
story="power-on-no-vbat power-on"

# the naive struct + checksum: torn states found, each with a reproduction that reproduces
"$vb" campaign --check 'console:^FAIL' "$ex/powerloss_settings_naive-stm32f4-discovery.elf" $story >"$tmp/naive" 2>&1
[ $? -eq 1 ] || fail "naive: exit status not 1"; cat "$tmp/naive" | tail -1
n=$(sed -n 's/^cut points: \([0-9]*\), failures: \([0-9]*\),.*/\2/p' "$tmp/naive")
p=$(sed -n 's/^cut points: \([0-9]*\), failures.*/\1/p' "$tmp/naive")
[ "${n:-0}" -gt 0 ] && [ "$n" -le "$p" ] || fail "naive: $n failures of $p"
grep -q '^  FAIL after write 1 (backup SRAM offset 0x040 = ' "$tmp/naive" || fail "naive: write 1 not named"
grep '^    reproduce: ' "$tmp/naive" | sed 's/^    reproduce: vboard //' | while read -r cmd; do
    # shellcheck disable=SC2086
    "$vb" $cmd | tail -2 | grep -q 'FAIL: settings' || { echo "FAIL: '$cmd' does not reproduce"; exit 1; }
done || exit 1
echo "naive: $n of $p cut points fail, every reproduction reproduces"

# the record: 0 failures
"$vb" campaign --check 'console:^FAIL' "$ex/powerloss_settings-stm32f4-discovery.elf" $story >"$tmp/rec" 2>&1
[ $? -eq 0 ] || fail "record: $(tail -3 "$tmp/rec")"
grep -q '^cut points: [1-9][0-9]*, failures: 0,' "$tmp/rec" || fail "record: $(tail -1 "$tmp/rec")"
tail -1 "$tmp/rec"

# --jobs 2 and --json find the same failures
"$vb" campaign --jobs 2 --check 'console:^FAIL' "$ex/powerloss_settings_naive-stm32f4-discovery.elf" $story >"$tmp/j2" 2>&1
[ "$(tail -1 "$tmp/j2" | cut -d, -f1-2)" = "$(tail -1 "$tmp/naive" | cut -d, -f1-2)" ] || fail "--jobs 2 differs"
"$vb" campaign --json --check 'console:^FAIL' "$ex/powerloss_settings_naive-stm32f4-discovery.elf" $story >"$tmp/json"
grep -q "\"cut_points\":$p,\"failures\":$n,\"failed\":\[{\"write\":1," "$tmp/json" || fail "json: $(head -c 300 "$tmp/json")"
[ "$(grep -o '"reproduce":' "$tmp/json" | wc -l)" -eq "$n" ] || fail "json: not every failure listed"

# judged through semihosting: passes; a check boot that loops, faults or never exits fails
"$vb" campaign "$fw/campaign_fw0-stm32f4-discovery.elf" $story >"$tmp/s0" 2>&1 || fail "semihosting: $(tail -3 "$tmp/s0")"
grep -q '^cut points: 69, failures: 0,' "$tmp/s0" || fail "semihosting: $(tail -1 "$tmp/s0")"
for m in 1:'ran past --max-insns' 2:'fault: bus fault' 3:'no semihosting exit'; do
    "$vb" campaign --max-insns 3000000 "$fw/campaign_fw${m%%:*}-stm32f4-discovery.elf" $story >"$tmp/s" 2>&1
    [ $? -eq 1 ] || fail "mode ${m%%:*}: exit status"
    grep -q "^  FAIL after write 69 (.*): check boot 1: ${m#*:}" "$tmp/s" || fail "mode ${m%%:*}: $(cat "$tmp/s")"
    grep -q '^cut points: 69, failures: 1,' "$tmp/s" || fail "mode ${m%%:*}: $(tail -1 "$tmp/s")"
done
echo "semihosting check: 69 cut points pass; a looping, a faulting and a never-exiting check boot each reported"

# bad input: exit status 2 and a message naming the problem
bad() {
    want=$1; shift
    "$vb" campaign "$@" >"$tmp/bad" 2>&1
    rc=$?
    [ $rc -eq 2 ] || fail "'$*': exit status $rc, not 2"
    grep -q -- "$want" "$tmp/bad" || fail "'$*': no '$want' in: $(cat "$tmp/bad")"
}
f0=$fw/campaign_fw0-stm32f4-discovery.elf
bad "--jobs needs a whole number from 1 to 64" --jobs 0 "$f0" $story
bad "--jobs needs a whole number from 1 to 64" --jobs 65 "$f0" $story
bad "--boots needs a whole number from 1 to 1000" --boots 0 "$f0" $story
bad "--boots needs a whole number from 1 to 1000" --boots -1 "$f0" $story
bad "--cut-in-boot needs a whole number" --cut-in-boot 0 "$f0" $story
bad "--max-insns needs a whole number" --max-insns 12x "$f0" $story
bad "--seed needs a whole number" --seed 99999999999 "$f0" $story
bad "--check takes semihosting or console:REGEX" --check foo "$f0" $story
bad "--check takes semihosting or console:REGEX" --check 'console:(' "$f0" $story
bad "--check takes semihosting or console:REGEX" --check 'console:' "$f0" $story
bad "the story has 2 boot(s)" --cut-in-boot 3 "$f0" $story
bad "unknown option '--frobnicate'" --frobnicate "$f0" $story
bad "unknown event 'nonsense'" "$f0" power-on nonsense
bad "at least one EVENT" "$f0"
bad "unknown board 'nucleo-f999'" --board nucleo-f999 "$f0" $story
bad "cannot" "$tmp/missing.elf" $story
bad "--jobs needs a value" --jobs
echo "campaign: all bad inputs refused with exit status 2"

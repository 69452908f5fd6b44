#!/bin/sh
# SPDX-License-Identifier: MIT
# The library compiles, warning-free, for every Cortex-M core an STM32 has (ARMv6-M, ARMv7-M,
# ARMv7E-M, ARMv8-M Mainline), for every family, at -O0 (frame pointer r7) and -Os.
#   cores.sh SOURCE_DIR
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for cpu in "cortex-m0 -mfloat-abi=soft" "cortex-m0plus -mfloat-abi=soft" "cortex-m3 -mfloat-abi=soft" \
           "cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16" "cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16" \
           "cortex-m33 -mfloat-abi=soft"; do
  for opt in -O0 -Os; do
    fams="BKPSRAM_FAMILY_F4 BKPSRAM_FAMILY_F7 BKPSRAM_FAMILY_H7 BKPSRAM_FAMILY_H7RS BKPSRAM_FAMILY_H5 BKPSRAM_FAMILY_U5"
    [ "$opt" = -O0 ] && fams=BKPSRAM_FAMILY_F4
    for fam in $fams; do
      for f in "$src"/src/*.c; do
        # shellcheck disable=SC2086
        if ! arm-none-eabi-gcc -mthumb -mcpu=$cpu $opt -DBKPSRAM_CFG_FAMILY=$fam -std=c99 -Wall -Wextra -Wpedantic \
             -Wshadow -Wconversion -Wno-sign-conversion -Werror -I"$src/include" -I"$src/src" -c "$f" -o "$tmp/x.o"; then
          echo "FAIL: $f for $cpu $opt $fam"
          exit 1
        fi
        n=$((n + 1))
      done
    done
  done
done
# The H5 and U5 builds as secure code (-mcmse: BKPSRAM_CFG_SECURE follows __ARM_FEATURE_CMSE).
for fam in BKPSRAM_FAMILY_H5 BKPSRAM_FAMILY_U5; do
  for f in "$src"/src/*.c; do
    if ! arm-none-eabi-gcc -mthumb -mcpu=cortex-m33 -mcmse -Os -DBKPSRAM_CFG_FAMILY=$fam -std=c99 -Wall -Wextra \
         -Wpedantic -Wconversion -Wno-sign-conversion -Werror -I"$src/include" -I"$src/src" -c "$f" -o "$tmp/x.o"; then
      echo "FAIL: $f for cortex-m33 -mcmse $fam"
      exit 1
    fi
    n=$((n + 1))
  done
done
echo "cores: $n compilations (6 cores x 6 family builds at -Os, the F4 build at -O0, the H5 and U5 builds with -mcmse), 0 warnings"

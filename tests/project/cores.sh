#!/bin/sh
# SPDX-License-Identifier: MIT
# The library compiles, warning-free, for every Cortex-M core an STM32 has (ARMv6-M, ARMv7-M,
# ARMv7E-M, ARMv8-M Mainline): every family build at -Os; the F4 build at -O0 too (frame pointer
# r7: the word-block assembly, the same in every build, must not name it); the H5 and U5 builds as
# secure code (-mcmse: BKPSRAM_CFG_SECURE follows __ARM_FEATURE_CMSE).
#   cores.sh SOURCE_DIR
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# build FAMILY FLAGS...: every source of the library, warning-free
build() {
  fam=$1
  shift
  for f in "$src"/src/*.c; do
    if ! arm-none-eabi-gcc -mthumb "$@" -DBKPSRAM_CFG_FAMILY="$fam" -std=c99 -Wall -Wextra -Wpedantic -Wshadow \
         -Wconversion -Wno-sign-conversion -Werror -I"$src/include" -I"$src/src" -c "$f" -o "$tmp/x.o"; then
      echo "FAIL: $f for $* $fam"
      exit 1
    fi
    n=$((n + 1))
  done
}

for cpu in "cortex-m0 -mfloat-abi=soft" "cortex-m0plus -mfloat-abi=soft" "cortex-m3 -mfloat-abi=soft" \
           "cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16" "cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16" \
           "cortex-m33 -mfloat-abi=soft"; do
  for fam in BKPSRAM_FAMILY_F4 BKPSRAM_FAMILY_F7 BKPSRAM_FAMILY_H7 BKPSRAM_FAMILY_H7RS BKPSRAM_FAMILY_H5 \
             BKPSRAM_FAMILY_U5; do
    # shellcheck disable=SC2086
    build "$fam" -mcpu=$cpu -Os
  done
  # shellcheck disable=SC2086
  build BKPSRAM_FAMILY_F4 -mcpu=$cpu -O0
done
for fam in BKPSRAM_FAMILY_H5 BKPSRAM_FAMILY_U5; do
  build "$fam" -mcpu=cortex-m33 -mcmse -Os
done
echo "cores: $n compilations (6 cores x 6 family builds at -Os, the F4 build at -O0, the H5 and U5 builds with -mcmse), 0 warnings"

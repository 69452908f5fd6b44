#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a libFuzzer target from a seed corpus of real inputs, so it starts inside the decoders:
#   run_with_seeds.sh CORPUS_DIR SEED_FILE... -- FUZZER ARGS...
# A console capture longer than the fuzzer's max_len is cut to its newest dump block.
set -eu
corpus=$1
shift
rm -rf "$corpus" && mkdir -p "$corpus"
while [ "$1" != "--" ]; do
    seed=$1
    shift
    [ -f "$seed" ] || { echo "run_with_seeds.sh: no seed $seed (run the tool tests first)"; exit 1; }
    name=$(basename "$seed")
    if [ "$(wc -c < "$seed")" -gt 16384 ] && grep -q 'BKPSRAM DUMP' "$seed"; then
        last=$(grep -n 'BKPSRAM DUMP' "$seed" | tail -n 1 | cut -d: -f1)
        tail -n "+$last" "$seed" | head -n 258 > "$corpus/$name"
    else
        cp "$seed" "$corpus/$name"
    fi
done
shift
echo "seed corpus: $(ls "$corpus" | wc -l) files"
exec "$@" "$corpus"

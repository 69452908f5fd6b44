# SPDX-License-Identifier: MIT
# Shared by the bad-usage tests (sourced): refuses PROGRAM STATUS "message part" ARGS...
# PROGRAM ARGS must exit with STATUS ("nonzero": any but 0) and print the message part; counts
# the failures in $fails.
fails=0
refuses() {
    prog=$1 status=$2 want=$3
    shift 3
    out=$("$prog" "$@" 2>&1)
    rc=$?
    if [ "$status" = nonzero ]; then
        [ $rc -ne 0 ]
    else
        [ $rc -eq "$status" ]
    fi
    if [ $? -ne 0 ] || ! printf '%s' "$out" | grep -qF -- "$want"; then
        echo "FAIL: $(basename "$prog") $* -> status $rc, '$out' (wanted status $status and '$want')"
        fails=$((fails + 1))
    else
        echo "ok: $* -> $(printf '%s' "$out" | head -n 1)"
    fi
}

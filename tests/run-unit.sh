#!/usr/bin/env bash
# Runs each Check runner given; prints a total line and fails if any runner failed.
set -u
passed=0 failed=0
for t in "$@"; do
    if out=$("$t" 2>&1); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $t"
    fi
    printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks' | sed "s|^|$(basename "$t"): |"
    [ $failed -eq 0 ] || printf '%s\n' "$out" | grep -v '^[0-9]*%: Checks' | head -40
done
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]

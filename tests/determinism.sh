#!/usr/bin/env bash
# The same input gives byte-identical output whatever the order of the files on the command
# line and however many threads parse it.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root/testdata"
files=(rules/RC101/fire.yaml rules/RC401/fire.yaml rules/RC301/fire.yaml golden/broken-middle/input.yaml rules/RC601/fire.yaml)
# A stream long enough to be parsed on several threads.
for i in $(seq 1 50); do cat rules/RC201/fire.yaml; printf '\n---\n'; done > "$work/long.yaml"
passed=0 failed=0
run() { "$bin" --no-config -j "$1" -o "json=$work/$2.json" -o "sarif=$work/$2.sarif" -o "text=$work/$2.txt" "${@:3}" > /dev/null 2>&1; }
run 1 forward "${files[@]}" "$work/long.yaml"
run 4 threads "${files[@]}" "$work/long.yaml"
reversed=()
for ((i = ${#files[@]} - 1; i >= 0; i--)); do reversed+=("${files[$i]}"); done
run 2 reversed "$work/long.yaml" "${reversed[@]}"
for variant in threads reversed; do
    for ext in json sarif txt; do
        if cmp -s "$work/forward.$ext" "$work/$variant.$ext"; then passed=$((passed + 1)); else
            failed=$((failed + 1)); echo "determinism: $variant.$ext differs"; diff "$work/forward.$ext" "$work/$variant.$ext" | head -10
        fi
    done
done
echo "determinism: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# The same input gives byte-identical output, in every format, whatever the order of the files
# on the command line and however many threads parse it and run the rules (object rules are
# spread across objects and release rules across rules, so a race or an order leaking from
# the threads shows here). The 4x-sized case (128 MB) is run by `make bench`.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root/testdata"
files=(rules/RC101/fire.yaml rules/RC401/fire.yaml rules/RC301/fire.yaml golden/broken-middle/input.yaml rules/RC601/fire.yaml)
# A stream long enough to be parsed, and its rules run, on several threads (the engine stays
# on one below 256 KB and 256 objects: src/engine/load.c, run.c).
for i in $(seq 1 300); do cat rules/RC201/fire.yaml; printf '\n---\n'; done > "$work/long.yaml"
passed=0 failed=0
formats=(text json sarif junit github checklist html)
run() {
    local jobs=$1 name=$2 args=()
    shift 2
    for f in "${formats[@]}"; do args+=(-o "$f=$work/$name.$f"); done
    "$bin" --no-config -j "$jobs" "${args[@]}" "$@" > /dev/null 2>&1
}
run 1 forward "${files[@]}" "$work/long.yaml"
run 4 threads "${files[@]}" "$work/long.yaml"
reversed=()
for ((i = ${#files[@]} - 1; i >= 0; i--)); do reversed+=("${files[$i]}"); done
run 2 reversed "$work/long.yaml" "${reversed[@]}"
# Real charts, many findings of every kind, release rules included: one thread against four.
cat real-charts/*/render.yaml real-charts/*/render.yaml > "$work/real.yaml"
# NAME linted on one thread and on four: the same output in every format.
one_and_four() {
    local name=$1 what=$2
    run 1 "$name-one" "$work/$name.yaml"
    run 4 "$name-four" "$work/$name.yaml"
    for ext in "${formats[@]}"; do
        if [ -s "$work/$name-one.$ext" ] && cmp -s "$work/$name-one.$ext" "$work/$name-four.$ext"; then
            passed=$((passed + 1)); else
            failed=$((failed + 1)); echo "determinism: $what, $ext differs between -j 1 and -j 4"
            diff "$work/$name-one.$ext" "$work/$name-four.$ext" | head -10
        fi
    done
}
one_and_four real "real charts"
# Eight copies of those renders under other names: enough objects that the checklist's
# items are judged on several threads too (src/engine/score.c), and a file over 1 MB, which
# is mapped rather than read (src/input/files.c).
for i in 1 2 3 4 5 6 7 8; do sed "s/^  name: \(.*\)/  name: \1-copy$i/" "$work/real.yaml"; done \
    > "$work/wide.yaml"
one_and_four wide "eight renamed copies"
# A stream of over 1 MB has its input given back to the system behind the parsing threads
# (src/engine/load.c): it must judge exactly the documents the same renders give as separate
# files, each too small for that. Paths and lines differ between the two; rules and messages
# (which name the objects) do not.
"$bin" --no-config -o "json=$work/separate.json" real-charts/*/render.yaml \
    real-charts/*/render.yaml > /dev/null 2>&1
"$bin" --no-config -o "json=$work/stream.json" "$work/real.yaml" > /dev/null 2>&1
if python3 - "$work/separate.json" "$work/stream.json" <<'PY'
import json, sys
def judged(path):
    report = json.load(open(path))
    return sorted((f["rule"], f["message"]) for f in report["findings"])
separate, stream = judged(sys.argv[1]), judged(sys.argv[2])
sys.exit(0 if separate and separate == stream else 1)
PY
then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "determinism: a stream over 1 MB judges other findings than its parts"
fi
for variant in threads reversed; do
    for ext in "${formats[@]}"; do
        if cmp -s "$work/forward.$ext" "$work/$variant.$ext"; then passed=$((passed + 1)); else
            failed=$((failed + 1)); echo "determinism: $variant.$ext differs"; diff "$work/forward.$ext" "$work/$variant.$ext" | head -10
        fi
    done
done
echo "determinism: $passed passed, $failed failed"
[ $failed -eq 0 ]

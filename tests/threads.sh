#!/usr/bin/env bash
# The binary built with ThreadSanitizer, on inputs large enough that documents are parsed and
# rules run on four threads at once (object rules across objects, release rules across rules,
# shared indexes built once per key while other threads wait or run other rules, parsed
# configs recorded under the run's lock): no data race, no lock misuse, and the same output
# as one thread. Every public chart render, the real configs, the
# rule fixtures and the bundled chart's golden inputs, in one run.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
cd "$root/testdata"
# The renders once more as one stream of over 1 MB: its input is given back to the system
# behind the parsing threads (src/engine/load.c, release_parsed_input).
cat real-charts/*/render.yaml real-charts/*/render.yaml > "$work/real.yaml"
# Ten renamed copies of them: over 4,096 objects and examined pairs, so the examined objects
# are described, sorted and filed and the checklist judged on the lanes' threads too
# (src/engine/run.c merge_examined, src/engine/score.c); the stream is split in two halves
# on two threads (src/input/split.c).
for i in 1 2 3 4 5 6 7 8 9 10; do sed "s/^  name: \(.*\)/  name: \1-copy$i/" "$work/real.yaml"; done \
    > "$work/wide.yaml"
inputs=(real-charts/*/render.yaml real-configs rules golden/*/input.yaml "$work/real.yaml"
        "$work/wide.yaml")
# halt_on_error: the first race ends the run with exit code 66, which no verdict uses.
for jobs in 1 4; do
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
        "$bin" --no-config -j "$jobs" -o "json=$work/j$jobs.json" "${inputs[@]}" \
        > /dev/null 2> "$work/j$jobs.log"
    rc=$?
    if [ $rc -eq 66 ] || grep -q "ThreadSanitizer" "$work/j$jobs.log"; then
        failed=$((failed + 1)); echo "threads: -j $jobs: ThreadSanitizer report"; head -40 "$work/j$jobs.log"
    elif [ $rc -gt 3 ]; then
        failed=$((failed + 1)); echo "threads: -j $jobs: exit $rc"; head -20 "$work/j$jobs.log"
    else
        passed=$((passed + 1))
    fi
done
if [ -s "$work/j1.json" ] && cmp -s "$work/j1.json" "$work/j4.json"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "threads: -j 1 and -j 4 differ"; diff "$work/j1.json" "$work/j4.json" | head -10
fi
echo "threads: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Every SARIF readyctl produces in the tests passes the real Microsoft SARIF multitool's
# `validate --rule-kind "Sarif;Ghas"` with no errors and no warnings: the golden SARIF files,
# the rule fixtures' SARIF, and the bundled chart's renders.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
multitool=$root/.tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -x "$multitool" ] || { echo "sarif-validate: multitool missing (run ci/install-deps.sh test)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for f in "$root"/testdata/golden/*/expected.sarif; do
    n=$((n + 1)); cp "$f" "$work/golden-$n.sarif"
done
for f in "$root"/testdata/rules/*/*.yaml; do
    n=$((n + 1)); "$bin" -o "sarif=$work/rule-$n.sarif" "$f" > /dev/null 2>&1
done
cd "$root/charts-under-test"
for values in platform/values*.yaml; do
    n=$((n + 1))
    "$helm" template rel platform -f "$values" |
        "$bin" --chart-root platform --source-root "$root" -o "sarif=$work/chart-$n.sarif" > /dev/null 2>&1
done
passed=0 failed=0
for f in "$work"/*.sarif; do
    log=$work/$(basename "$f" .sarif).log
    # Run from $work: the multitool writes a log of what it found, which must be empty.
    (cd "$work" && "$multitool" validate "$f" --rule-kind "Sarif;Ghas" -o "$log" > "$log.out" 2>&1)
    count=$(python3 -c 'import json,sys; print(sum(len(r.get("results", [])) for r in json.load(open(sys.argv[1]))["runs"]))' "$log" 2>/dev/null || echo "no log")
    if [ "$count" = 0 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "sarif-validate: $(basename "$f"): $count problems"; grep -E 'error|warning' "$log.out" | head -10
    fi
done
echo "sarif-validate: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]

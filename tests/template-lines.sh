#!/usr/bin/env bash
# Template lines that are right (docs/ci.md): real public charts' sources
# (testdata/real-charts/<chart>/chart, rendered with the arguments in helm-args) and the bundled
# chart with each of its values files are rendered with the real helm and linted with
# --chart-root; every finding placed in a template must name the line that rendered its node
# or the nearest enclosing one that can be told, never a line that outputs nothing or an
# unrelated one (tests/template_lines.py says exactly what counts). A control run on findings
# moved one line down proves the judge can fail.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "template-lines: $*"; failed=$((failed + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
judge() { # NAME CHART_DIR RENDER FINDINGS [--expect-some]
    if "$python" "$root/tests/template_lines.py" "$4" "$3" "$2" ${5:-} > "$work/judged"; then
        pass
    else
        fail "$1"; cat "$work/judged"
    fi
    sed -n "1s|^|  $1: |p" "$work/judged"
}
cd "$root"
for args in testdata/real-charts/*/helm-args; do
    dir=$(dirname "$args") name=$(basename "$(dirname "$args")")
    # shellcheck disable=SC2046 # helm-args holds several words
    if ! "$helm" template rel "$dir/chart" $(cat "$args") > "$work/$name.yaml" 2> "$work/err"; then
        fail "$name: helm template failed: $(cat "$work/err")"; continue
    fi
    "$bin" --no-config --include-hooks --chart-root "$dir/chart" -o json "$work/$name.yaml" \
        > "$work/$name.json" 2> "$work/err"
    [ $? -le 1 ] || { fail "$name: readyctl failed: $(cat "$work/err")"; continue; }
    judge "$name" "$dir/chart" "$work/$name.yaml" "$work/$name.json" --expect-some
done
cd "$root/charts-under-test"
for values in platform/values*.yaml; do
    name=platform-$(basename "$values" .yaml)
    "$helm" template rel platform -f "$values" > "$work/$name.yaml" 2> "$work/err" ||
        { fail "$name: helm template failed: $(cat "$work/err")"; continue; }
    "$bin" --chart-root platform -f "$values" -o json "$work/$name.yaml" > "$work/$name.json" 2> "$work/err"
    [ $? -le 1 ] || { fail "$name: readyctl failed: $(cat "$work/err")"; continue; }
    judge "$name" platform "$work/$name.yaml" "$work/$name.json"
done
# Control: the same findings of one real chart, each template line moved one down.
cd "$root"
"$python" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
for f in doc["findings"]:
    if "/templates/" in f["path"]:
        f["line"] += 1
json.dump(doc, open(sys.argv[2], "w"))
' "$work/ingress-nginx.json" "$work/moved.json"
if "$python" "$root/tests/template_lines.py" "$work/moved.json" "$work/ingress-nginx.yaml" \
    testdata/real-charts/ingress-nginx/chart --expect-wrong > "$work/judged"; then
    pass
else
    fail "control: findings moved off their lines were not caught"; cat "$work/judged"
fi
echo "template-lines: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

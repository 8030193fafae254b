#!/usr/bin/env bash
# The bundled charts, rendered with the real helm and linted with readyctl:
#  - helm lint passes for every values file;
#  - every PrometheusRule's groups pass promtool check rules (values-broken-alerting's must
#    fail it); dashboards are valid JSON;
#  - each render's text output matches testdata/charts/<chart>/<values>.txt (UPDATE=1 rewrites);
#  - values.yaml, values-dev.yaml and values-prod.yaml pass every checklist item, and each
#    values-broken-<item>.yaml fails exactly checklist item <item> (while that item is in the
#    pack; until then it must pass everything, since it breaks nothing the pack checks);
#  - the chart's own platform/.readyctl.yaml (its declared requirements) is found from the
#    render's `# Source:` paths, and findings about a requirement nothing satisfies land on
#    its line there; without it (--no-config) nothing the platform declares is demanded.
set -u
export SOURCE_DATE_EPOCH=1767225600
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
# A python with PyYAML (Debian's python3-yaml), even when another python3 comes first on PATH.
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "charts: $*"; failed=$((failed + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root/charts-under-test"
chart=platform
items=$("$bin" -o json /dev/null 2>/dev/null | python3 -c 'import json,sys; print(" ".join(v["id"] for v in json.load(sys.stdin)["checklist"]))')
for values in "$chart"/values.yaml "$chart"/values-*.yaml; do
    name=$(basename "$values" .yaml)
    if "$helm" lint "$chart" -f "$values" > "$work/lint" 2>&1; then pass; else fail "helm lint $values:"; cat "$work/lint"; fi
    if ! "$helm" template rel "$chart" -f "$values" > "$work/$name.yaml" 2> "$work/err"; then
        fail "helm template $values:"; cat "$work/err"; continue
    fi
    # The PrometheusRules' groups, extracted to plain rule files for promtool.
    "$python" - "$work/$name.yaml" "$work/$name.rules" <<'PY'
import sys, yaml
groups = []
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc.get("kind") == "PrometheusRule":
        groups += doc["spec"]["groups"]
yaml.safe_dump({"groups": groups}, open(sys.argv[2], "w"))
PY
    # promtool is the oracle for the alerting item: it refuses exactly the variant that
    # breaks the rules, and readyctl must fail that item (below) for the same render.
    if promtool check rules "$work/$name.rules" > "$work/promtool" 2>&1; then
        if [ "$name" = values-broken-alerting ]; then fail "promtool accepted $values"; else pass; fi
    else
        if [ "$name" = values-broken-alerting ]; then pass; else fail "promtool $values:"; cat "$work/promtool"; fi
    fi
    want="$root/testdata/charts/$chart/$name.txt"
    # Linted from the chart's parent directory, as a user would: the chart (and its docs/) is
    # found there, so findings name the template files and their own lines.
    # values-dev.yaml is the dev environment: judged with the dev thresholds (log retention).
    profile=prod
    [ "$name" = values-dev ] && profile=dev
    "$bin" --color never --profile "$profile" -f "$values" -o text -o "json=$work/$name.json" \
        "$work/$name.yaml" > "$work/$name.txt" 2>&1
    if [ "${UPDATE:-}" = 1 ]; then mkdir -p "$(dirname "$want")"; cp "$work/$name.txt" "$want"; fi
    if diff -u "$want" "$work/$name.txt" > "$work/diff"; then pass; else fail "$values output differs from $want:"; head -40 "$work/diff"; fi
    broken=""
    case $name in values-broken-*) broken=${name#values-broken-};; esac
    expect_fail=""
    for item in $items; do [ "$item" = "$broken" ] && expect_fail=$item; done
    verdicts=$(python3 -c 'import json,sys; print(" ".join(v["id"]+"="+v["verdict"] for v in json.load(open(sys.argv[1]))["checklist"] if v["verdict"] == "fail"))' "$work/$name.json")
    want_verdicts=${expect_fail:+$expect_fail=fail}
    if [ "$verdicts" = "$want_verdicts" ]; then pass; else fail "$values: failing items [$verdicts], expected [$want_verdicts]"; fi
    # The settings used are the chart's own, and the verdict matches the exit code.
    python3 - "$work/$name.json" "$expect_fail" <<'PY' && pass || fail "$values: settings or verdict wrong"
import json, sys
doc = json.load(open(sys.argv[1]))
s = doc["summary"]
assert doc["signed"]["config"] == "platform/.readyctl.yaml", doc["signed"]["config"]
assert doc["signed"]["chart"] == "platform", doc["signed"]["chart"]
assert s["verdict"] == ("NOT READY" if sys.argv[2] else "READY"), s["verdict"]
assert s["exit_code"] == (1 if sys.argv[2] else 0), s["exit_code"]
PY
done
# With the chart on disk, every finding names a file of the chart and a line of that file:
# the node's own template line, or the nearest enclosing one that can be told (never a
# rendered line under helm's alias path).
missing=$(cat "$work"/values*.txt | grep -oE '^platform/[^:]+' | sort -u | while read -r f; do
    [ -f "$root/charts-under-test/$f" ] || echo "$f"; done)
if [ -z "$missing" ]; then pass; else fail "findings name paths that are not chart files: $missing"; fi
# Findings also name the values line users change: the last values file that sets the key
# the template line reads (helm's order: the chart's own values.yaml, then each -f file).
if grep -A1 "no memory limit.*\[RC104\]$" "$work/values-broken-resources.txt" | grep -q "^    values: platform/values-broken-resources.yaml:5:3: notification.resources$"; then pass; else fail "broken-resources: RC104 should name values-broken-resources.yaml:5:3"; grep -A1 RC104 "$work/values-broken-resources.txt"; fi
"$bin" --color never "$work/values-broken-resources.yaml" > "$work/no-values-flag.txt" 2>&1
if grep -A1 "no memory limit.*\[RC104\]$" "$work/no-values-flag.txt" | grep -q "^    values: platform/values.yaml:[0-9]*:3: notification.resources$"; then pass; else fail "without -f, RC104 should name the chart's values.yaml"; fi
python3 - "$work/values-broken-scraping.json" <<'PY' && pass || fail "broken-scraping: values_location of RC702 wrong in JSON"
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == "RC702"][0]
v = f["values_location"]
assert v == {"path": "platform/values-broken-scraping.yaml", "line": 7, "column": 7,
             "key": "audit.metrics.serviceMonitor.interval"}, v
PY
# Declared requirements nothing satisfies are reported at their line in the chart's file.
rc_line() { grep -n "$2" "$root/charts-under-test/platform/.readyctl.yaml" | head -1 | cut -d: -f1; }
line=$(rc_line . "name: WebSocket connections")
if grep -q "^platform/.readyctl.yaml:$line:[0-9]*: error: No dashboard of the release shows WebSocket connections.*\[RC901\]$" "$work/values-broken-dashboards.txt"; then pass; else fail "broken-dashboards: RC901 not at platform/.readyctl.yaml:$line"; cat "$work/values-broken-dashboards.txt"; fi
line=$(rc_line . "backup: required")
if grep -q "^platform/.readyctl.yaml:$line:[0-9]*: error: The release has no backup mechanism.*\[RC951\]$" "$work/values-broken-backup.txt"; then pass; else fail "broken-backup: RC951 not at platform/.readyctl.yaml:$line"; cat "$work/values-broken-backup.txt"; fi
# Which settings win: the chart's own file over one found from the working directory (given
# with --chart-root, or found from `# Source:`), and -c over both.
mkdir -p "$work/repo"
printf 'profile: dev\n' > "$work/repo/.readyctl.yaml"
settings_used() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["signed"]["config"], d["signed"]["profile"])' "$1"; }
(cd "$work/repo" && "$bin" --chart-root "$root/charts-under-test/platform" -o "json=$work/prec-root.json" "$work/values.yaml" > /dev/null 2>&1)
got=$(settings_used "$work/prec-root.json")
if [ "$got" = "$root/charts-under-test/platform/.readyctl.yaml prod" ]; then pass; else fail "--chart-root: the chart's .readyctl.yaml should win over the working directory's, got $got"; fi
ln -s "$root/charts-under-test/platform" "$work/repo/platform"
(cd "$work/repo" && "$bin" -o "json=$work/prec-found.json" "$work/values.yaml" > /dev/null 2>&1)
got=$(settings_used "$work/prec-found.json")
if [ "$got" = "platform/.readyctl.yaml prod" ]; then pass; else fail "chart found from # Source: its .readyctl.yaml should win over the working directory's, got $got"; fi
rm "$work/repo/platform"
(cd "$work/repo" && "$bin" -o "json=$work/prec-cwd.json" "$work/values.yaml" > /dev/null 2>&1)
got=$(settings_used "$work/prec-cwd.json")
if [ "$got" = ".readyctl.yaml dev" ]; then pass; else fail "no chart found: the working directory's .readyctl.yaml should be used, got $got"; fi
"$bin" -c "$work/repo/.readyctl.yaml" -o "json=$work/prec-c.json" "$work/values.yaml" > /dev/null 2>&1
got=$(settings_used "$work/prec-c.json")
if [ "$got" = "$work/repo/.readyctl.yaml dev" ]; then pass; else fail "-c should win over the chart's own file, got $got"; fi
# Without the platform's declarations, a broken variant that breaks only a declared
# requirement is judged by universal rules alone: it passes.
for name in values-broken-dashboards values-broken-scraping values-broken-autoscaling; do
    "$bin" --no-config --color never -o "json=$work/$name-nocfg.json" "$work/$name.yaml" > /dev/null 2>&1
    code=$?
    got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"]["verdict"], sorted({f["rule"] for f in d["findings"]} & {"RC201","RC702","RC901","RC902"}))' "$work/$name-nocfg.json")
    if [ "$got" = "READY []" ] && [ $code = 0 ]; then pass; else fail "$name with --no-config: expected READY with no declared-requirement findings, got $got (exit $code)"; fi
done
for dash in "$chart"/dashboards/*.json; do
    if python3 -m json.tool "$dash" > /dev/null; then pass; else fail "$dash is not valid JSON"; fi
done
# The minimal chart rendered from elsewhere (no chart to be found from the working
# directory): a finding names helm's template path and the line inside the rendered document.
(cd "$work" && "$helm" template rel "$root/charts-under-test/minimal" | "$bin" --color never) > "$work/minimal.txt" 2>&1
if grep -q '^minimal/templates/deployment.yaml:22:11: error: .*no CPU request.*\[RC101\]$' "$work/minimal.txt"; then pass; else fail "minimal chart: RC101 not reported at minimal/templates/deployment.yaml:22:11"; cat "$work/minimal.txt"; fi
# Rendered from the directory that holds the chart, the chart is found without --chart-root.
"$helm" template rel minimal | "$bin" --color never > "$work/minimal-found.txt" 2>&1
if grep -q '^minimal/templates/deployment.yaml:19:11: error: .*no CPU request.*\[RC101\]$' "$work/minimal-found.txt"; then pass; else fail "minimal chart found from its parent directory: RC101 not at the template's line 19"; cat "$work/minimal-found.txt"; fi
(cd minimal && "$helm" template rel . | "$bin" --color never) > "$work/minimal-here.txt" 2>&1
if grep -q '^templates/deployment.yaml:19:11: error: .*no CPU request.*\[RC101\]$' "$work/minimal-here.txt"; then pass; else fail "minimal chart found in the working directory: RC101 not at templates/deployment.yaml:19:11"; cat "$work/minimal-here.txt"; fi
# --chart-root: the finding opens the template file on disk (subchart aliases resolved) at
# the template's own line, not the rendered one.
"$helm" template rel minimal | "$bin" --color never --chart-root minimal > "$work/minimal-root.txt" 2>&1
if grep -q '^minimal/templates/deployment.yaml:19:11: error: .*no CPU request.*\[RC101\]$' "$work/minimal-root.txt"; then pass; else fail "minimal chart with --chart-root: RC101 not at minimal/templates/deployment.yaml:19:11"; cat "$work/minimal-root.txt"; fi
"$helm" template rel platform -f platform/values-broken-resources.yaml | "$bin" --color never --chart-root platform > "$work/platform-root.txt" 2>&1
if grep -q '^platform/charts/platform-service/templates/deployment.yaml:145:11: error: .*notification.*no memory limit.*\[RC104\]$' "$work/platform-root.txt"; then pass; else fail "platform chart with --chart-root: RC104 not at platform-service/templates/deployment.yaml:145:11"; cat "$work/platform-root.txt"; fi
echo "charts: $passed passed, $failed failed"
[ $failed -eq 0 ]

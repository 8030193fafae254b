#!/usr/bin/env bash
# The Helm plugin (ci/helm-plugin) installed into a throwaway helm home with the real helm:
# `helm readyctl CHART -f VALUES [readyctl options]` renders with helm, lints with readyctl
# (--chart-root, the chart's .readyctl.yaml, values files recorded) and passes the exit code
# through; a chart that does not render is an input error (exit 3).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HELM_CONFIG_HOME=$work/config HELM_DATA_HOME=$work/data HELM_CACHE_HOME=$work/cache
unset HELM_PLUGINS
export READYCTL=$bin
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "helm-plugin: $1"; tail -5 "$work/out" 2>/dev/null; fi; }
"$helm" plugin install "$root/ci/helm-plugin" > "$work/out" 2>&1
check "helm plugin install succeeds" '[ $? -eq 0 ] && "$helm" plugin list | grep -q "^readyctl"'
cd "$root/charts-under-test"
"$helm" readyctl platform -f platform/values-broken-resources.yaml > "$work/out" 2>&1
check "a broken chart exits 1 (NOT READY)" '[ $? -eq 1 ]'
check "findings name the template file and its own line" 'grep -q "^platform/charts/platform-service/templates/deployment.yaml:145:11: error: .*no memory limit.*\[RC104\]$" "$work/out"'
"$helm" readyctl platform -f platform/values-prod.yaml -o "json=$work/prod.json" > "$work/out" 2>&1
check "the prod values exit 0 (READY)" '[ $? -eq 0 ]'
check "readyctl options pass through; the chart settings and values files are recorded" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
s = d[\"signed\"]
sys.exit(not (d[\"summary\"][\"verdict\"] == \"READY\" and s[\"values_files\"] == [\"platform/values-prod.yaml\"] and s[\"config\"] == \"platform/.readyctl.yaml\"))
" "$work/prod.json"'
"$helm" readyctl platform --set notification.resources.limits=null --fail-on none > "$work/out" 2>&1
check "helm --set and readyctl --fail-on both reach their tool (exit 0)" '[ $? -eq 0 ] && grep -q "\[RC104\]" "$work/out"'
"$helm" readyctl "$work/no-such-chart" > "$work/out" 2>&1
check "a chart that does not render exits 3" '[ $? -eq 3 ] && grep -q "nothing to lint" "$work/out"'
"$helm" plugin uninstall readyctl > "$work/out" 2>&1
check "helm plugin uninstall removes it" '[ $? -eq 0 ] && ! "$helm" plugin list | grep -q "^readyctl"'
echo "helm-plugin: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# readyctl init: the starter .readyctl.yaml is guessed from a render (standard input or a
# file) or a chart directory, loads as valid settings, is never written over an existing
# file, and is not written at all when the render is empty.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "init: $1"; cat "$work/err" 2>/dev/null | tail -5; fi; }
cd "$work"
"$helm" template rel "$root/charts-under-test/platform" > platform.yaml
"$bin" init < platform.yaml 2> err
check "init from a render on standard input succeeds" '[ $? -eq 0 ] && [ -f .readyctl.yaml ]'
check "the services are the platform's five" 'grep -qx "  services: \[audit, backend, notification, recurring-task, sync\]" .readyctl.yaml'
check "the services with an HPA are guessed to autoscale" 'grep -q "^  autoscaling: \[backend, sync\]" .readyctl.yaml'
check "the starter file is valid settings" '"$bin" rules > /dev/null 2> err'
"$bin" -o json=lint.json platform.yaml > /dev/null 2> err
check "the platform passes under its starter file" '[ $? -eq 0 ] && python3 -c "import json,sys; d=json.load(open(\"lint.json\")); sys.exit(d[\"signed\"][\"config\"] != \".readyctl.yaml\")"'
sum=$(cksum < .readyctl.yaml)
"$bin" init < platform.yaml 2> err
check "a second init refuses to overwrite (exit 2)" '[ $? -eq 2 ] && grep -q "exists; not overwriting" err && [ "$(cksum < .readyctl.yaml)" = "$sum" ]'
"$bin" init -c chart.yaml "$root/charts-under-test/platform" 2> err
check "init from a chart directory reads the dependencies' aliases" '[ $? -eq 0 ] && grep -qx "  services: \[audit, backend, notification, recurring-task, sync\]" chart.yaml'
mkdir -p lib/charts/common
printf 'apiVersion: v2\nname: app\ndependencies:\n  - {name: common}\n  - {name: web, alias: frontend}\n' > lib/Chart.yaml
printf 'apiVersion: v2\nname: common\ntype: library\n' > lib/charts/common/Chart.yaml
"$bin" init -c lib.yaml lib 2> err
check "a library dependency is not a service" '[ $? -eq 0 ] && grep -qx "  services: \[frontend\]" lib.yaml'
"$bin" init -c pg.yaml "$root/testdata/real-charts/postgresql/render.yaml" 2> err
check "a render with volume claims gets backup: required" '[ $? -eq 0 ] && grep -q "^  backup: required" pg.yaml && grep -qx "  services: \[postgresql\]" pg.yaml'
"$bin" init -c web.yaml "$root/testdata/real-charts/podinfo/render.yaml" 2> err
check "a stateless render leaves backup commented" '[ $? -eq 0 ] && grep -q "^  # backup: when-stateful" web.yaml && ! grep -q "^  autoscaling:" web.yaml'
"$bin" init -c empty.yaml < /dev/null 2> err
check "empty standard input writes nothing (exit 3)" '[ $? -eq 3 ] && [ ! -e empty.yaml ]'
echo "init: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# make demo: render the bundled platform chart with the real helm, lint it with readyctl,
# show the findings and the release checklist, then the same for a broken variant.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
bin=$root/build/readyctl
cd "$root/charts-under-test"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "helm template my-release ./platform -f platform/values-prod.yaml | readyctl"
"$helm" template my-release ./platform -f platform/values-prod.yaml | "$bin"
echo "(exit code $?: 0 = ready)"

step "helm template my-release ./platform -f platform/values-broken-resources.yaml | readyctl -o sarif=/tmp/readyctl-demo.sarif -o text"
"$helm" template my-release ./platform -f platform/values-broken-resources.yaml |
    "$bin" -o sarif=/tmp/readyctl-demo.sarif -o text
echo "(exit code $?: 1 = not ready; SARIF for code scanning in /tmp/readyctl-demo.sarif)"

step "readyctl rules"
"$bin" rules
exit 0

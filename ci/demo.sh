#!/usr/bin/env bash
# make demo: render the bundled platform chart with the real helm, lint it with readyctl,
# show the findings and the release checklist; then a broken variant, with its findings on
# the chart's own template lines and the sign-off written as SARIF, Markdown and HTML.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
bin=$root/build/readyctl
out=$root/build/demo
mkdir -p "$out"
cd "$root/charts-under-test"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "helm template my-release ./platform -f platform/values-prod.yaml | readyctl"
"$helm" template my-release ./platform -f platform/values-prod.yaml | "$bin" --no-config
echo "(exit code $?: 0 = ready)"

step "helm template my-release ./platform -f platform/values-broken-resources.yaml | readyctl --chart-root platform -o text -o sarif=... -o checklist=... -o html=..."
"$helm" template my-release ./platform -f platform/values-broken-resources.yaml |
    "$bin" --no-config --chart-root platform -o text -o "sarif=$out/readyctl.sarif" \
        -o "checklist=$out/checklist.md" -o "html=$out/report.html"
echo "(exit code $?: 1 = not ready)"
echo "sign-off written to $out/checklist.md and $out/report.html; SARIF to $out/readyctl.sarif"

step "head -20 $out/checklist.md"
head -20 "$out/checklist.md"

step "readyctl rules"
"$bin" rules
exit 0

#!/usr/bin/env bash
# make demo: render the bundled platform chart with the real helm, lint it with readyctl
# under the platform's own declared requirements (platform/.readyctl.yaml, found from the
# render's `# Source:` paths), show the findings and the release checklist; then a broken
# variant, with its findings on the chart's own template lines and the sign-off written as
# SARIF, Markdown and HTML; then a public chart nobody here wrote, with nothing declared.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
bin=$root/build/readyctl
out=$root/build/demo
mkdir -p "$out"
cd "$root/charts-under-test"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "cat platform/.readyctl.yaml   # what the platform declares about itself"
grep -v '^ *#' platform/.readyctl.yaml | sed '/^$/d'

step "helm template my-release ./platform -f platform/values-prod.yaml | readyctl -f platform/values-prod.yaml"
"$helm" template my-release ./platform -f platform/values-prod.yaml |
    "$bin" -f platform/values-prod.yaml
echo "(exit code $?: 0 = READY)"

step "helm template my-release ./platform -f platform/values-broken-resources.yaml | readyctl --chart-root platform -o text -o sarif=... -o checklist=... -o html=..."
"$helm" template my-release ./platform -f platform/values-broken-resources.yaml |
    "$bin" --chart-root platform -f platform/values-broken-resources.yaml -o text \
        -o "sarif=$out/readyctl.sarif" -o "checklist=$out/checklist.md" -o "html=$out/report.html"
echo "(exit code $?: 1 = NOT READY)"
echo "sign-off written to $out/checklist.md and $out/report.html; SARIF to $out/readyctl.sarif"

step "head -24 $out/checklist.md"
head -24 "$out/checklist.md"

step "readyctl testdata/real-charts/podinfo/render.yaml   # a public chart, nothing declared"
(cd "$out" && "$bin" --no-config "$root/testdata/real-charts/podinfo/render.yaml")
echo "(exit code $?)"

step "readyctl rules --profile dev"
"$bin" rules --profile dev
exit 0

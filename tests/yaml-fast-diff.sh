#!/usr/bin/env bash
# The fast YAML loader (src/input/yaml_fast.c) against libyaml's path over every real input
# we have, with tests/yaml_fast_diff.c comparing the two trees node by node:
#
#   bash tests/yaml-fast-diff.sh build/tests/yaml_fast_diff [HELM]
#
#  - files: every testdata/**/*.yaml|yml|json and rules/*.yaml (fixtures, goldens inputs,
#    real Prometheus/Alertmanager/Grafana files, chart sources with their templates);
#  - real-chart renders: testdata/real-charts/*/render.yaml (thirteen public charts rendered
#    with helm) plus this repo's charts-under-test rendered now with helm template, one render
#    per values file;
#  - synthetic: the helm-style release bench/bench.c generates (same bundle of six documents),
#    about 1 MB.
# Each group fails on any mismatch (a tree that differs, or a document the fast path accepts
# and libyaml rejects). Acceptance floors: 95% of the real-chart renders' documents, because
# the fast path exists for exactly that input (it accepts 99.6% of the public renders today;
# the margin lets a new vendored chart bring a few unusual documents, while a regression that
# makes any common construct decline drops far below it); and 100% of the synthetic release,
# which the performance figures are measured on. The other files include hostile and broken
# fixtures and raw templates, so their rate is reported, not judged.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
diff_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
helm=${2:-$(command -v helm || echo "$root/.tools/bin/helm")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "yaml-fast: $*"; failed=$((failed + 1)); }

# Runs the differ over the files given; prints its mismatches; sets docs/acc/mism/emb/emb_acc.
run_group() {
    local name=$1
    shift
    local out
    out=$("$diff_bin" "$@")
    local code=$?
    local counts
    counts=$(printf '%s\n' "$out" | grep '^yaml-fast-diff-counts:')
    printf '%s\n' "$out" | grep -v '^yaml-fast-diff-counts:' | head -20
    read -r docs acc mism emb emb_acc emb_mism valid emb_valid < <(printf '%s\n' "$counts" |
        awk '{print $3, $5, $7, $9, $11, $13, $15, $17}')
    echo "yaml-fast: $name: $acc of $docs documents accepted ($valid load with libyaml)," \
        "$mism mismatches; embedded block scalars: $emb_acc of $emb accepted ($emb_valid" \
        "load), $emb_mism mismatches"
    if [ "$code" -eq 0 ] && [ "$mism" -eq 0 ] && [ "$emb_mism" -eq 0 ]; then pass; else
        fail "$name: the fast loader and libyaml disagree (exit $code)"; fi
}

# At least PERCENT of the group's documents accepted (integer arithmetic).
require_rate() {
    local name=$1 percent=$2
    if [ "$docs" -gt 0 ] && [ $((acc * 100)) -ge $((docs * percent)) ]; then pass; else
        fail "$name: $acc of $docs documents accepted, below the floor of $percent%"; fi
}

cd "$root"
mapfile -d '' files < <(find testdata rules -type f \( -name '*.yaml' -o -name '*.yml' \
    -o -name '*.json' \) -print0 | sort -z)
run_group "files" "${files[@]}"

renders=()
for r in testdata/real-charts/*/render.yaml; do renders+=("$r"); done
if [ -x "$helm" ]; then
    for chart in charts-under-test/*/; do
        chart=${chart%/}
        for values in "$chart"/values*.yaml; do
            out="$work/$(basename "$chart")-$(basename "$values")"
            if "$helm" template rel "$chart" -f "$values" > "$out" 2> "$work/err"; then
                renders+=("$out")
            else
                fail "helm template $chart -f $values:"; cat "$work/err"
            fi
        done
    done
else
    fail "helm not found: the charts under test are not rendered"
fi
run_group "real-chart renders (${#renders[@]})" "${renders[@]}"
require_rate "real-chart renders" 95

# The bench's synthetic release: bench/bench.c's own bundle text, read from its source, repeated.
python3 - "$root/bench/bench.c" "$work/synthetic.yaml" <<'PY'
import re, sys
source = open(sys.argv[1]).read()
def c_string(name):
    body = re.search(r'static const char %s\[\] =\n(.*?);\n' % name, source, re.S).group(1)
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
    return "".join(parts).encode().decode("unicode_escape")
deny, bundle = c_string("deny_all"), c_string("bundle")
with open(sys.argv[2], "w") as out:
    out.write(deny)
    for n in range(200):
        out.write(bundle.replace("%1$zu", str(n)))
PY
run_group "synthetic helm release" "$work/synthetic.yaml"
require_rate "synthetic helm release" 100

echo "yaml-fast: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Baseline round trip: lint -> SARIF baseline -> lint again with --baseline reports nothing
# new (exit 0, every finding suppressed); a finding added afterwards is the only one counted,
# and fingerprints do not move when unrelated lines are added above a finding.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "baseline: $1"; fi; }
cd "$work"
cp "$root/testdata/rules/RC101/fire.yaml" release.yaml
"$bin" --no-config -o sarif=baseline.sarif release.yaml > /dev/null 2>&1
check "first run must find something (exit 1)" '[ $? -eq 1 ]'
"$bin" --no-config --baseline baseline.sarif -o json=again.json release.yaml > /dev/null 2>&1
check "second run with the baseline must exit 0" '[ $? -eq 0 ]'
counts=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["errors"], s["warnings"], s["suppressed"] > 0)' again.json)
check "second run must count nothing and suppress everything (got $counts)" '[ "$counts" = "0 0 True" ]'
# Unrelated lines above every finding, and one new broken Deployment at the end.
{ printf '# a comment\n# another\n'; cat release.yaml; cat <<'YAML'
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: brand-new
spec:
  selector: {matchLabels: {app: n}}
  template:
    metadata: {labels: {app: n}}
    spec:
      containers:
        - name: app
          image: example/new:1.0
          resources:
            requests: {memory: 64Mi}
            limits: {cpu: 100m, memory: 64Mi}
YAML
} > edited.yaml
mv edited.yaml release.yaml
"$bin" --no-config --baseline baseline.sarif -o json=third.json release.yaml > /dev/null 2>&1
check "third run must fail on the new finding (exit 1)" '[ $? -eq 1 ]'
new=$(python3 -c '
import json, sys
fresh = [f for f in json.load(open(sys.argv[1]))["findings"] if not f["suppressed"]]
objects = sorted({f["object"] for f in fresh})
print(" ".join(objects), "RC101" in {f["rule"] for f in fresh})' third.json)
check "only the new Deployment is reported, RC101 among its findings (got: $new)" '[ "$new" = "Deployment/brand-new True" ]'
"$bin" --no-config --baseline missing.sarif release.yaml > /dev/null 2>&1
check "a missing baseline is a usage error (exit 2)" '[ $? -eq 2 ]'
echo "baseline: $passed passed, $failed failed"
[ $failed -eq 0 ]

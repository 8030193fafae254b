#!/usr/bin/env bash
# Every JSON output the tests produce validates against the documented schema
# (docs/readyctl-output.schema.json): the golden files, the rule fixtures' output and the
# bundled chart's renders. A second check makes sure the validator does reject a broken one.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
python=python3
python3 -c 'import jsonschema' 2>/dev/null || python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for f in "$root"/testdata/golden/*/expected.json; do n=$((n + 1)); cp "$f" "$work/golden-$n.json"; done
for f in "$root"/testdata/rules/*/*.yaml; do n=$((n + 1)); "$bin" --no-config -o "json=$work/rule-$n.json" "$f" > /dev/null 2>&1; done
(cd "$root/charts-under-test" && for v in platform/values*.yaml; do
    n=$((n + 1)); "$helm" template rel platform -f "$v" | "$bin" --chart-root platform -o "json=$work/chart-$n.json" > /dev/null 2>&1
done)
"$python" - "$root/docs/readyctl-output.schema.json" "$work" <<'PY'
import glob, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
passed = failed = 0
for path in sorted(glob.glob(sys.argv[2] + "/*.json")):
    errors = list(validator.iter_errors(json.load(open(path))))
    if errors:
        failed += 1
        print("json-schema: %s: %s" % (path.rsplit("/", 1)[1], errors[0].message))
    else:
        passed += 1
# The schema must be able to fail: a finding without a line is rejected.
broken = json.load(open(sorted(glob.glob(sys.argv[2] + "/golden-*.json"))[0]))
broken["findings"].append({"rule": "RC101"})
if list(validator.iter_errors(broken)):
    passed += 1
else:
    failed += 1
    print("json-schema: a broken document was accepted")
print("json-schema: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# Every SARIF readyctl produces in the tests passes the real Microsoft SARIF multitool's
# `validate --rule-kind "Sarif;Ghas"` with no errors and no warnings: the golden SARIF files,
# the rule fixtures' SARIF, and the bundled chart's renders.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
multitool=$root/.tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -x "$multitool" ] || { echo "sarif-validate: multitool missing (run ci/install-deps.sh test)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for f in "$root"/testdata/golden/*/expected.sarif; do
    n=$((n + 1)); cp "$f" "$work/golden-$n.sarif"
done
for f in "$root"/testdata/rules/*/*.yaml; do
    n=$((n + 1)); "$bin" -o "sarif=$work/rule-$n.sarif" "$f" > /dev/null 2>&1
done
cd "$root/charts-under-test"
for values in platform/values*.yaml; do
    n=$((n + 1))
    "$helm" template rel platform -f "$values" |
        "$bin" --chart-root platform --source-root "$root" -o "sarif=$work/chart-$n.sarif" > /dev/null 2>&1
done
# A deliberately broken log (no $schema, a message that is not a sentence): the validator
# must report it, or a silent validator would pass everything.
cat > "$work/broken-control.sarif" <<'SARIF'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A", "message": {"text": "no period"}}]}]}
SARIF
# One multitool run over every file (its start-up dominates); its own SARIF log names the
# file of each problem it found.
(cd "$work" && "$multitool" validate "$work/*.sarif" --rule-kind "Sarif;Ghas" -o "$work/validation.log" \
    > "$work/validation.out" 2>&1)
python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
try:
    log = json.load(open(work + "/validation.log"))
except (OSError, ValueError) as e:
    print("sarif-validate: the multitool wrote no log (%s):" % e)
    print(open(work + "/validation.out").read()[-2000:])
    print("sarif-validate: 0 passed, 1 failed")
    sys.exit(1)
problems = {}
for result in log["runs"][0].get("results", []):
    for loc in result.get("locations", []):
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        name = os.path.basename(uri)
        problems.setdefault(name, []).append("%s: %s" % (result.get("ruleId"), result["message"].get("text", "")[:200]))
passed = failed = 0
for path in sorted(glob.glob(work + "/*.sarif")):
    name = os.path.basename(path)
    if name == "broken-control.sarif":
        ok = bool(problems.get(name))
        if not ok:
            print("sarif-validate: the validator did not reject the broken control file")
    else:
        ok = not problems.get(name)
        if not ok:
            print("sarif-validate: %s: %d problems" % (name, len(problems[name])))
            for p in problems[name][:10]:
                print("  " + p)
    passed, failed = passed + ok, failed + (not ok)
print("sarif-validate: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or passed < 2 else 0)
PY

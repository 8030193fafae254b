#!/usr/bin/env bash
# Renders of public charts nobody here wrote (testdata/real-charts/, rendered with the real
# helm; see its README), linted as a new user would: no settings file at all. For each:
#  - nothing fires from a requirement only a platform can declare (which services
#    autoscale, scrape interval, dashboards and their refresh, metrics retention); the
#    logging rule fires only on an explicit opt-out, Loki retention only on "forever",
#    backups only for a release that holds state;
#  - nothing lands on a `helm test` hook, and every one is listed as skipped; lifecycle
#    hooks get only resources, secrets and security findings;
#  - the verdict and the exit code agree (NOT READY exactly when the exit code is 1), in
#    the JSON summary, the SARIF run properties and the text's last line;
#  - the chart's `expect` file holds: `must RULE [OBJECT]`, `never RULE [OBJECT]`,
#    `verdict WORDS`.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
charts=0
for dir in "$root"/testdata/real-charts/*/; do
    name=$(basename "$dir")
    [ -f "$dir/render.yaml" ] || continue
    charts=$((charts + 1))
    # From an empty directory: no .readyctl.yaml above it, no chart to find.
    (cd "$work" && "$bin" --color never -o "text=$work/$name.txt" -o "json=$work/$name.json" \
        -o "sarif=$work/$name.sarif" "$dir/render.yaml" 2> "$work/$name.err")
    code=$?
    if out=$("$python" - "$dir" "$work/$name" "$code" <<'PY'
import json, sys, yaml

directory, base, code = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = json.load(open(base + ".json"))
sarif = json.load(open(base + ".sarif"))
text_last = open(base + ".txt").read().rstrip("\n").split("\n")[-1]
problems = []

def describe(obj):
    md = obj.get("metadata") or {}
    ns = md.get("namespace")
    return "/".join([obj.get("kind", "")] + ([ns] if ns else []) + [md.get("name", "")])

tests, hooks, stateful = set(), set(), False
for obj in yaml.safe_load_all(open(directory + "/render.yaml")):
    if not isinstance(obj, dict):
        continue
    hook = ((obj.get("metadata") or {}).get("annotations") or {}).get("helm.sh/hook", "")
    if any(h.strip().startswith("test") for h in hook.split(",")):
        tests.add(describe(obj))
    elif hook:
        hooks.add(describe(obj))
    spec = obj.get("spec") or {}
    template = (spec.get("template") or {}).get("spec") or {}
    if obj.get("kind") == "PersistentVolumeClaim" or spec.get("volumeClaimTemplates") or \
            any("persistentVolumeClaim" in (v or {}) for v in template.get("volumes") or []):
        if not hook:
            stateful = True

findings = [f for f in doc["findings"] if not f["suppressed"]]
declared_only = {"RC201", "RC702", "RC801", "RC901", "RC902"}
for f in findings:
    rule, obj = f["rule"], f["object"]
    if rule in declared_only:
        problems.append("%s fired with nothing declared: %s" % (rule, f["message"]))
    if rule == "RC851" and "unstructured text" not in f["message"]:
        problems.append("RC851 fired without an explicit opt-out: %s" % f["message"])
    if rule == "RC803" and "forever" not in f["message"]:
        problems.append("RC803 demanded a period nobody declared: %s" % f["message"])
    if rule in ("RC951", "RC953", "RC954", "RC955") and not stateful:
        problems.append("%s on a release that holds no state" % rule)
    if obj in tests:
        problems.append("%s landed on the helm test hook %s" % (rule, obj))
    if obj in hooks and f["checklist"] not in ("resources", "secrets", "security"):
        problems.append("%s (%s) landed on the lifecycle hook %s" % (rule, f["checklist"], obj))
skipped = {s["what"] for s in doc["skipped"]}
for t in tests - skipped:
    problems.append("test hook %s not listed as skipped" % t)

verdict = doc["summary"]["verdict"]
want_code = {"READY": 0, "NOTHING JUDGED": 0, "NOT READY": 1, "INPUT ERROR": 3}[verdict]
if code != want_code or doc["summary"]["exit_code"] != code:
    problems.append("verdict %s but exit code %d" % (verdict, code))
props = sarif["runs"][0]["properties"]
if props["verdict"] != verdict or sarif["runs"][0]["invocations"][0]["exitCode"] != code:
    problems.append("SARIF says %s / exit %s" % (props["verdict"], sarif["runs"][0]["invocations"][0]["exitCode"]))
if not text_last.startswith(verdict + ":"):
    problems.append("text ends %r, not the verdict %s" % (text_last, verdict))

for line in open(directory + "/expect"):
    words = line.split()
    if not words or words[0].startswith("#"):
        continue
    if words[0] == "verdict":
        if verdict != " ".join(words[1:]):
            problems.append("verdict %s, expected %s" % (verdict, " ".join(words[1:])))
        continue
    kind, rule, obj = words[0], words[1], (words[2] if len(words) > 2 else None)
    hit = [f for f in findings if f["rule"] == rule and (obj is None or f["object"] == obj)]
    if kind == "must" and not hit:
        problems.append("expected %s%s" % (rule, " on " + obj if obj else ""))
    if kind == "never" and hit:
        problems.append("unexpected %s: %s" % (rule, hit[0]["message"]))
summary = "%d findings (%d errors), %d skipped, %s" % (
    len(findings), sum(f["severity"] == "error" for f in findings), len(doc["skipped"]), verdict)
print("\n".join(problems) if problems else summary)
sys.exit(1 if problems else 0)
PY
    ); then
        passed=$((passed + 1))
        [ -n "${VERBOSE:-}" ] && echo "real-charts: $name: $out"
    else
        failed=$((failed + 1))
        echo "real-charts: $name:"; printf '%s\n' "$out" | sed 's/^/  /'
    fi
done
if [ $charts -ge 8 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "real-charts: only $charts renders (at least 8 wanted)"; fi
echo "real-charts: $passed passed, $failed failed"
[ $failed -eq 0 ]

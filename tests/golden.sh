#!/usr/bin/env bash
# Golden-output tests: each directory under testdata/golden/ is one case.
#   args          command-line arguments, one per line (default: input.yaml)
#   stdin         optional: fed to readyctl on standard input
#   expected.txt  text output      expected.json  json output
#   expected.sarif sarif output    expected.junit junit output (also checked to be
#   well-formed XML)               expected.github github output  expected.md checklist
#   expected.html html             expected.exit  exit code
#   expected.stderr  standard error, when not empty
# An output the run never wrote (a usage error exits before linting) has no expected file.
# The case runs inside its directory, so paths in the outputs are relative and stable.
# UPDATE=1 rewrites the expected files from the current output (review the diff!).
set -u
# Sign-off reports record the date: a fixed one keeps them byte-stable.
export SOURCE_DATE_EPOCH=1767225600
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for dir in "$root"/testdata/golden/*/; do
    name=$(basename "$dir")
    out=$(mktemp -d)
    args=(input.yaml)
    [ -f "$dir/args" ] && mapfile -t args < "$dir/args"
    stdin=/dev/null
    [ -f "$dir/stdin" ] && stdin="$dir/stdin"
    ok=1
    (cd "$dir" && "$bin" --color never -o "text=$out/txt" -o "json=$out/json" \
        -o "sarif=$out/sarif" -o "junit=$out/junit" -o "github=$out/github" -o "checklist=$out/md" \
        -o "html=$out/html" "${args[@]}" < "$stdin" 2> "$out/stderr"; echo $? > "$out/exit")
    ok=1
    if [ -e "$out/junit" ] && ! python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$out/junit"; then
        echo "golden $name: junit output is not well-formed XML"; ok=0
    fi
    # One verdict everywhere (DESIGN.md §5): every format says the same, and the exit code
    # follows it.
    if [ -e "$out/json" ] && ! python3 - "$out" <<'PY'
import json, re, sys, xml.etree.ElementTree as E
out = sys.argv[1]
code = int(open(out + "/exit").read())
doc = json.load(open(out + "/json"))
verdict = doc["summary"]["verdict"]
seen = {
    "json exit_code": doc["summary"]["exit_code"] == code,
    "exit code": code == {"READY": 0, "NOTHING JUDGED": 0, "NOT READY": 1, "INPUT ERROR": 3}[verdict],
    "text": open(out + "/txt").read().rstrip("\n").split("\n")[-1].startswith(verdict + ":"),
}
run = json.load(open(out + "/sarif"))["runs"][0]
seen["sarif"] = run["properties"]["verdict"] == verdict and run["invocations"][0]["exitCode"] == code
suite = [s for s in E.parse(out + "/junit").getroot() if s.get("name") == "checklist"][0]
case = [c for c in suite if c.get("name", "").startswith("verdict: ")][0]
seen["junit"] = case.get("name").startswith("verdict: %s (" % verdict) and \
    (case.find("failure") is not None) == (verdict in ("NOT READY", "INPUT ERROR"))
seen["checklist"] = open(out + "/md").readline().startswith("# Release readiness: %s" % verdict)
seen["html"] = (">%s</span></h1>" % verdict) in open(out + "/html").read()
seen["github"] = ("title=readyctl: %s (" % verdict) in open(out + "/github").read().rstrip("\n").split("\n")[-1]
bad = [k for k, ok in seen.items() if not ok]
if bad:
    print("verdict %s (exit %d) not shown by: %s" % (verdict, code, ", ".join(bad)))
sys.exit(1 if bad else 0)
PY
    then echo "golden $name: the formats disagree on the verdict"; ok=0; fi
    for pair in txt:expected.txt json:expected.json sarif:expected.sarif junit:expected.junit \
                github:expected.github md:expected.md html:expected.html exit:expected.exit \
                stderr:expected.stderr; do
        kind=${pair%%:*} got=$out/${pair%%:*} want=$dir/${pair#*:}
        # An empty stderr and an output never written (usage errors) have no expected file.
        [ "$kind" = stderr ] && [ ! -s "$got" ] && rm -f "$got"
        if [ "${UPDATE:-}" = 1 ]; then
            if [ -e "$got" ]; then cp "$got" "$want"; else rm -f "$want"; fi
            continue
        fi
        if [ ! -e "$got" ] && [ ! -e "$want" ]; then continue; fi
        if [ ! -e "$want" ]; then echo "golden $name: ${pair#*:} missing but $kind was written"; ok=0; continue; fi
        if [ ! -e "$got" ]; then echo "golden $name: ${pair#*:} expected but $kind was not written"; ok=0; continue; fi
        if ! diff -u "$want" "$got" > "$out/diff"; then
            echo "golden $name: ${pair#*:} differs:"; head -40 "$out/diff"; ok=0
        fi
    done
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    rm -rf "$out"
done
echo "golden: $passed passed, $failed failed"
[ $failed -eq 0 ]

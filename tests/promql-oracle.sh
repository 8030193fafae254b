#!/usr/bin/env bash
# PromQL oracle test: readyctl's parser (src/promql) against the real promtool.
#
#   bash tests/promql-oracle.sh build/tests/promql_check
#
# testdata/promql/valid.txt and invalid.txt hold one expression a line (blank lines and lines
# starting with # are skipped). Every expression becomes a recording rule in its own group of
# one rule file, `promtool check rules` judges them all in one run (it reports every failing
# group by name), and tests/promql_check.c judges them with readyctl's parser. The test
# asserts that promtool accepts valid.txt and rejects invalid.txt, and that readyctl agrees
# with promtool on every line, both ways. edges.txt holds corner cases of the grammar (number
# and string syntax, keywords read as metric names, modifiers, type errors), some accepted and
# some rejected: there only the agreement is asserted, as in multiline.txt, which holds
# expressions over several lines (as `expr: |` writes them) with comments, separated by ---.
#
# Deliberate exception: testdata/promql/newer.txt holds syntax newer than the promtool we
# test against (Debian's 2.42): the limitk/limit_ratio aggregations, 3.x functions, quoted
# metric and label names. readyctl accepts them, since rules are written for Prometheus 3
# too; there the test asserts readyctl's verdict and reports promtool's without judging it.
# Error offsets are reported, not asserted: the messages and the token blamed may differ.
# Known difference, left out of the data: label regexes are judged by PCRE2 after a check for
# what Go's syntax lacks, and PCRE2 rejects a range from a class escape such as [\d-z],
# which Go reads as a literal "-".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
check=$1
dir=$root/testdata/promql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v promtool > /dev/null; then
    echo "promql-oracle: promtool not found (make test-deps installs it)"
    echo "promql-oracle: 0 passed, 1 failed"
    exit 1
fi
python3 - "$dir" "$work" "$check" <<'PY'
import json, os, re, subprocess, sys
dir, work, check = sys.argv[1:4]

def read(name):
    with open(os.path.join(dir, name), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]

def read_blocks(name):
    """Expressions spanning lines, separated by lines holding only ---."""
    with open(os.path.join(dir, name), encoding="utf-8", newline="") as f:
        body = "".join(l for l in f if not l.startswith("##"))
    return [b.strip("\n") for b in re.split(r"^---\n", body, flags=re.M) if b.strip()]

files = {"valid.txt": read("valid.txt"), "invalid.txt": read("invalid.txt"),
         "edges.txt": read("edges.txt"), "multiline.txt": read_blocks("multiline.txt"),
         "newer.txt": read("newer.txt")}
cases = [(name, expr) for name in files for expr in files[name]]

rules = os.path.join(work, "rules.yaml")
with open(rules, "w", encoding="utf-8") as f:
    f.write("groups:\n")
    for i, (_, expr) in enumerate(cases):
        # JSON strings are YAML double-quoted scalars: the expression arrives byte for byte.
        f.write("  - name: g%d\n    rules:\n      - record: r\n        expr: %s\n"
                % (i, json.dumps(expr)))
run = subprocess.run(["promtool", "check", "rules", rules], capture_output=True, text=True)
prom = {}
for m in re.finditer(r'group "g(\d+)", rule 1, "r": (.*)', run.stdout + run.stderr):
    prom[int(m.group(1))] = m.group(2)
if run.returncode not in (0, 1) or (run.returncode == 1) != bool(prom):
    sys.exit("promql-oracle: promtool failed unexpectedly:\n" + run.stdout + run.stderr)

ours = subprocess.run([check, "-z"], input="".join(e + "\0" for _, e in cases),
                      capture_output=True, text=True, check=True).stdout.splitlines()
assert len(ours) == len(cases), "promql_check printed %d verdicts for %d lines" % (len(ours), len(cases))

passed = failed = agree = offsets_same = offsets_total = 0
newer_promtool_rejects = 0
for i, (name, expr) in enumerate(cases):
    prom_ok = i not in prom
    our_ok = ours[i] == "ok"
    problems = []
    if name == "newer.txt":
        newer_promtool_rejects += not prom_ok
        if not our_ok:
            problems.append("readyctl rejects syntax it should accept")
    else:
        if name in ("valid.txt", "invalid.txt") and prom_ok != (name == "valid.txt"):
            problems.append("promtool %s a line of %s: move it" % ("accepts" if prom_ok else "rejects", name))
        if our_ok != prom_ok:
            problems.append("readyctl disagrees with promtool")
        else:
            agree += 1
        m = re.search(r"could not parse expression: 1:(\d+):", prom.get(i, ""))
        o = re.match(r"error (\d+):", ours[i])
        if m and o:
            offsets_total += 1
            offsets_same += int(m.group(1)) - 1 == int(o.group(1))
    if problems:
        failed += 1
        print("FAIL %s: %s\n  %s\n  promtool: %s\n  readyctl: %s"
              % (name, expr.replace("\n", "\\n"), "; ".join(problems), prom.get(i, "ok"), ours[i]))
    else:
        passed += 1
judged = len(cases) - len(files["newer.txt"])
print("promql-oracle: readyctl agrees with promtool on %d of %d expressions (%d valid, %d invalid,"
      " %d edge cases, %d multi-line); same error offset on %d of %d one-line errors;"
      " %d newer-syntax lines accepted (promtool rejects %d of them)"
      % (agree, judged, len(files["valid.txt"]), len(files["invalid.txt"]),
         len(files["edges.txt"]), len(files["multiline.txt"]), offsets_same, offsets_total,
         len(files["newer.txt"]), newer_promtool_rejects))
print("promql-oracle: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# Hostile-input tests (DESIGN.md §10, docs/cli.md "Exit codes"): readyctl given broken,
# malformed or pathological input must never crash, never hang, exit with the documented
# code (3 when some input could not be read or parsed, else 0 or 1), name FILE:LINE:COL: of
# a parse error on standard error, and still lint the good documents next to a broken one.
#
#   bash tests/hostile.sh build/readyctl
#
# Static inputs live in testdata/hostile/, with their expectations in testdata/hostile/EXPECT
# (format described at its top). Big and pathological inputs (10,000-deep nesting, a
# 10,000-file directory, a symlink loop, a FIFO, an unreadable file, a scalar over the 32 MiB
# limit, empty standard input) are generated in a temporary directory at test time.
# HOSTILE_TIMEOUT (seconds, default 10) bounds every run; the 10,000-file directory gets 6
# times it and FIFO runs 10 s more (readyctl waits up to 10 s for a pipe's writer).
# Runs as root skip the unreadable-file case (see below). Takes about 35 s.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/testdata/hostile
limit=${HOSTILE_TIMEOUT:-10}
work=$(mktemp -d)
cleanup() { chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# Each run keeps its outputs in $work/case/N; check() writes its verdicts to N/why and a
# line to $work/cases for the json and position checks, done in one python3 run at the end.
cases=0 passed=0 failed=0

# run SECONDS STDIN ARG...: runs readyctl in the current directory; sets rc and out.
run() {
    local seconds=$1 stdin=$2
    ran_limit=$seconds
    shift 2
    cases=$((cases + 1))
    out=$work/case/$cases
    mkdir -p "$out"
    local start=$(date +%s%N)
    timeout -k 2 "$seconds" "$bin" --no-config --color never -o "json=$out/json" "$@" \
        < "$stdin" > "$out/stdout" 2> "$out/stderr"
    rc=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
}

# check NAME EXPECT OBJECTS WHERE SUBSTRINGS [SOURCE]: judges the last run.
#   EXPECT     allowed exit codes, e.g. 3, 0|1, 0|1|3
#   OBJECTS    minimum summary.objects (0: not checked)
#   WHERE      the input's name as readyctl prints it; on exit 3 stderr must say WHERE:LINE:COL:
#              (WHERE: alone when the name ends in "!", for inputs that cannot be read at all)
#   SUBSTRINGS space-separated alternatives, one must appear on stderr (empty: not checked)
#   SOURCE     the input's content: every WHERE:LINE:COL: on stderr must lie inside it
check() {
    local name=$1 expect=$2 objects=$3 where=$4 substrings=$5 source=${6:-} why=()
    local position=1
    case $where in *!) where=${where%!}; position=0 ;; esac
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        why+=("timed out after ${ran_limit}s (hang)")
    elif [ "$rc" -ge 128 ]; then
        why+=("crashed: killed by signal $((rc - 128))")
    elif ! [[ "|$expect|" == *"|$rc|"* ]]; then
        why+=("exit $rc, want $expect")
    fi
    if grep -qE 'Sanitizer|runtime error:|Segmentation fault|Assertion .* failed|stack smashing|double free|malloc\(\)' "$out/stderr"; then
        why+=("sanitizer or libc report on stderr")
    fi
    if [ "$rc" -eq 3 ]; then
        local quoted
        quoted=$(printf '%s' "$where" | sed 's/[][\.*^$+?(){}|/]/\\&/g')
        if [ $position = 1 ]; then
            grep -qE "(^|[^[:alnum:]_./-])$quoted:[0-9]+:[0-9]+: " "$out/stderr" ||
                why+=("exit 3 but stderr does not name $where:LINE:COL:")
        else
            grep -qF "$where" "$out/stderr" || why+=("exit 3 but stderr does not name $where")
        fi
    fi
    if [ -n "$substrings" ]; then
        local alt found=0
        for alt in $substrings; do grep -qF -- "$alt" "$out/stderr" && found=1; done
        [ $found = 1 ] || why+=("stderr names none of: $substrings")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$cases" "$name" "$rc" "$objects" "$where" "$source" >> "$work/cases"
    # Slow runs are not failures (the timeout decides), but worth seeing.
    [ "$elapsed_ms" -ge 3000 ] && echo "hostile: note: $name took $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"
    : > "$out/why"
    [ ${#why[@]} -gt 0 ] && printf '%s\n' "${why[@]}" > "$out/why"
}

# ---- 1. the corpus in testdata/hostile/, judged by EXPECT ----
seen=0
cd "$corpus" || exit 1
while read -r file expect rest; do
    case $file in ''|'#'*) continue ;; esac
    objects=0
    if [[ $rest == objects=* ]]; then
        objects=${rest%% *}; objects=${objects#objects=}
        [[ $rest == *' '* ]] && rest=${rest#* } || rest=
    fi
    if [ ! -f "$corpus/$file" ]; then
        echo "hostile $file: listed in EXPECT but missing"; failed=$((failed + 1)); continue
    fi
    seen=$((seen + 1))
    run "$limit" /dev/null "$file"
    check "$file" "$expect" "$objects" "$file" "$rest" "$corpus/$file"
done < "$corpus/EXPECT"
for f in "$corpus"/*; do
    base=$(basename "$f")
    [ "$base" = EXPECT ] && continue
    grep -q "^$base " "$corpus/EXPECT" || { echo "hostile $base: no line in EXPECT"; failed=$((failed + 1)); }
done

# ---- 2. generated at test time ----
gen=$work/gen
mkdir -p "$gen"
cd "$gen" || exit 1
python3 - <<'PY'
import os
head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  k: "
open("deep-flow-seq.yaml", "w").write(head + "[" * 10000 + "]" * 10000 + "\n")
open("deep-flow-map.yaml", "w").write(head + "{a: " * 10000 + "x" + "}" * 10000 + "\n")
open("deep-block-seq.yaml", "w").write(head.replace("  k: ", "  k:\n    ") + "- " * 10000 + "x\n")
open("deep-unclosed.yaml", "w").write(head + "[" * 10000 + "\n")
# a block mapping needs one more column per level: 3,000 levels (~4.5 MB) instead of 10,000
open("deep-block-map.yaml", "w").write("x:\n" + "".join(" " * i + "a:\n" for i in range(1, 3000)) + " " * 3000 + "a: 1\n")
good = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: a}]\n"
open("deep-between-good.yaml", "w").write(good % "one" + "---\n" + head + "[" * 10000 + "]" * 10000 + "\n---\n" + good % "two")
open("deep-in-containers.yaml", "w").write((good % "c").replace("[{name: a, image: a}]", "[{name: a, image: a, env: " + "[" * 10000 + "]" * 10000 + "}]"))
# a scalar over the 32 MiB limit, and a 1 MiB one under it
open("scalar-33mib.yaml", "w").write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: " + "x" * (33 << 20) + "\n")
open("scalar-1mib.yaml", "w").write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: " + "x" * (1 << 20) + "\n")
open("many-documents.yaml", "w").write("".join("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%d}\n" % i for i in range(50000)))
open("many-empty-documents.yaml", "w").write("---\n" * 200000)
open("long-line-no-newline.yaml", "w").write("k: " + "y " * (2 << 20))
os.mkdir("files10k")
for i in range(10000):
    with open("files10k/cm%05d.yaml" % i, "w") as f:
        f.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm%d}\ndata: {k: v}\n" % i)
PY
for spec in "deep-flow-seq.yaml 3" "deep-flow-map.yaml 3" "deep-block-seq.yaml 3" \
            "deep-unclosed.yaml 3" "deep-block-map.yaml 3" "deep-between-good.yaml 3 2" \
            "deep-in-containers.yaml 3" "scalar-33mib.yaml 3" "scalar-1mib.yaml 0|1 1" \
            "many-documents.yaml 0|1 50000" "many-empty-documents.yaml 0" \
            "long-line-no-newline.yaml 0|1|3"; do
    set -- $spec
    run "$limit" /dev/null "$1"
    check "gen:$1" "$2" "${3:-0}" "$1" "" "$1"
done

# A 10,000-file directory: must finish (more time allowed) and lint every file.
run $((limit * 6)) /dev/null files10k
check "gen:files10k/" "0|1" 10000 "files10k" ""

# Symlink loops inside a directory: a directory loop (symlinked directories are skipped,
# docs/cli.md) and *.yaml symlinks that loop or dangle (unreadable: exit 3 naming them).
mkdir -p loopdir/sub
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inloop}\n' > loopdir/good.yaml
ln -s .. loopdir/sub/up
ln -s ../loopdir loopdir/self
run "$limit" /dev/null loopdir
check "gen:loopdir/ (directory symlink loop)" "0|1" 1 "loopdir" ""
mkdir -p fileloop
cp loopdir/good.yaml fileloop/good.yaml
ln -s b.yaml fileloop/a.yaml
ln -s a.yaml fileloop/b.yaml
ln -s self.yaml fileloop/self.yaml
ln -s missing.yaml fileloop/dangling.yaml
run "$limit" /dev/null fileloop
check "gen:fileloop/ (*.yaml symlink loop)" "3" 1 "fileloop/a.yaml!" ""

# A FIFO given as a path, nobody writing: a clear error and exit 3, not a hang. readyctl
# waits up to 10 s for a writer (RC_PIPE_WAIT_MS in src/input/files.h), so FIFO runs get
# that much more time.
fifo_limit=$((limit + 10))
mkfifo fifo.yaml
run "$fifo_limit" /dev/null fifo.yaml
check "gen:fifo.yaml (no writer)" "3" 0 "fifo.yaml!" ""
# A FIFO whose writer opens it and writes nothing, holding it open.
mkfifo fifo-idle.yaml
sleep $((fifo_limit + 5)) > fifo-idle.yaml &
idle=$!
run "$fifo_limit" /dev/null fifo-idle.yaml
check "gen:fifo-idle.yaml (writer never writes)" "3" 0 "fifo-idle.yaml!" ""
kill "$idle" 2>/dev/null; wait "$idle" 2>/dev/null
# A FIFO named *.yaml inside a walked directory.
mkdir -p fifodir
cp loopdir/good.yaml fifodir/good.yaml
mkfifo fifodir/pipe.yaml
run "$fifo_limit" /dev/null fifodir
check "gen:fifodir/ (FIFO inside a directory)" "0|1|3" 1 "fifodir/pipe.yaml!" ""
# A FIFO that delivers a good document then closes: linted like a file.
mkfifo fifo-good.yaml
cat loopdir/good.yaml > fifo-good.yaml &
writer=$!
run "$fifo_limit" /dev/null fifo-good.yaml
check "gen:fifo-good.yaml (writer writes a document)" "0|1" 1 "fifo-good.yaml" ""
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null

# Device files and missing paths: never read forever, never crash.
run "$limit" /dev/null /dev/zero
check "gen:/dev/zero" "3" 0 "/dev/zero!" ""
run "$limit" /dev/null /dev/null
check "gen:/dev/null as a path" "0|3" 0 "/dev/null!" ""
run "$limit" /dev/null does-not-exist.yaml
check "gen:does-not-exist.yaml" "3" 0 "does-not-exist.yaml!" ""
ln -s nowhere.yaml dangling.yaml
run "$limit" /dev/null dangling.yaml
check "gen:dangling.yaml (dangling symlink)" "3" 0 "dangling.yaml!" ""

# An unreadable file. As root (DAC checks do not apply) a chmod 000 file is still readable,
# so root instead checks that a directory without any permission (mode 000) is still
# walked and linted - root may read it - and the unreadable-file case is skipped.
mkdir -p locked
cp loopdir/good.yaml locked/good.yaml
if [ "$(id -u)" -eq 0 ]; then
    echo "hostile: running as root: chmod 000 cannot make a file unreadable, unreadable-file case skipped"
    chmod 000 locked
    run "$limit" /dev/null locked
    check "gen:locked/ (mode 000 directory, root)" "0|1" 1 "locked" ""
    chmod 755 locked
else
    cp loopdir/good.yaml unreadable.yaml
    chmod 000 unreadable.yaml
    run "$limit" /dev/null unreadable.yaml locked/good.yaml
    check "gen:unreadable.yaml (chmod 000)" "3" 1 "unreadable.yaml!" ""
    chmod 000 locked
    run "$limit" /dev/null locked loopdir/good.yaml
    check "gen:locked/ (chmod 000 directory)" "3" 1 "locked!" ""
    chmod 755 locked
fi

# Empty standard input: exit 3 (a failed render never passes).
: > empty
run "$limit" empty -
check "gen:stdin empty (-)" "3" 0 "<stdin>!" ""
cases=$((cases + 1)) out=$work/case/$cases
mkdir -p "$out"
rc=$(: | timeout -k 2 "$limit" "$bin" --no-config --color never -o "json=$out/json" \
        > "$out/stdout" 2> "$out/stderr"; echo $?)
elapsed_ms=0
check "gen:stdin empty (pipe, no path)" "3" 0 "<stdin>!" ""
# A broken stream on standard input: position given as <stdin>:LINE:COL:, good documents linted.
run "$limit" "$corpus/multi-middle-tab.yaml" -
check "gen:stdin multi-middle-tab" "3" 2 "<stdin>" "<stdin>:34:1:" "$corpus/multi-middle-tab.yaml"
# Standard input plus files, one of them broken.
run "$limit" "$corpus/multi-middle-nul.yaml" - "$corpus/enc-tab-indent.yaml" "$corpus/type-spec-null.yaml"
check "gen:stdin plus files" "3" 3 "<stdin>" ""

# ---- 3. json and position checks, all cases in one python3 run ----
python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
breaks = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")
for row in open(work + "/cases", encoding="utf-8"):
    n, name, rc, objects, where, source = row.rstrip("\n").split("\t")
    out, rc, objects = "%s/case/%s" % (work, n), int(rc), int(objects)
    bad = []
    if rc in (0, 1, 3):
        try:
            doc = json.load(open(out + "/json", encoding="utf-8"))
        except FileNotFoundError:
            doc = None
            bad.append("no json output written")
        except ValueError as e:
            doc = None
            bad.append("json output is not valid JSON: %s" % e)
        if doc is not None:
            s = doc.get("summary", {})
            if s.get("exit_code") != rc:
                bad.append("json exit_code %r but exit %d" % (s.get("exit_code"), rc))
            if (s.get("objects") or 0) < objects:
                bad.append("json summary.objects %r, want >= %d (good documents lost)" % (s.get("objects"), objects))
            if rc == 3:
                if not s.get("input_errors"):
                    bad.append("exit 3 but summary.input_errors is %r" % s.get("input_errors"))
                if not [f for f in doc.get("findings", []) if f.get("rule") == "RC001"]:
                    bad.append("exit 3 but no RC001 finding in the json")
    if source and rc < 124:
        lines = breaks.split(open(source, "rb").read().decode("utf-8", "replace"))
        stderr = open(out + "/stderr", "rb").read().decode("utf-8", "replace")
        outside = []
        for m in re.finditer(re.escape(where.rstrip("!")) + r":(\d+):(\d+):", stderr):
            l, c = int(m.group(1)), int(m.group(2))
            if not (1 <= l <= len(lines) and 1 <= c <= len(lines[l - 1]) + 1):
                outside.append("%d:%d" % (l, c))
        if outside:
            bad.append("position outside the input (%d lines): %s" % (len(lines), ", ".join(outside[:3])))
    if bad:
        with open(out + "/why", "a") as f:
            f.write("".join(b + "\n" for b in bad))
PY
while IFS=$'\t' read -r n name _; do
    if [ -s "$work/case/$n/why" ]; then
        failed=$((failed + 1))
        sed "s|^|hostile $name: |" "$work/case/$n/why"
        head -c 600 "$work/case/$n/stderr" | head -5 | sed 's/^/    stderr: /'
    else
        passed=$((passed + 1))
    fi
done < "$work/cases"

echo "hostile: corpus of $seen files, $((cases - seen)) generated cases"
echo "hostile: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# The backup-docs rules (RC953 backup procedure, RC954 restore procedure, RC955 dated restore
# test) judged against real Markdown: the rule-fixture runner passes no --docs, so these
# cases run the binary with --docs (a directory or a file) or --chart-root (the chart's
# docs/ folder as the fallback) on testdata/rules/RC95x/docs-* and compare the set of
# RC953-RC955 findings. The release declares backups required (RC953/config.yaml), as the
# rules judge only releases that hold state or declare them.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
t=$root/testdata/rules
release=$t/RC953/fire-no-docs.yaml
passed=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/empty"
# check NAME "EXPECTED IDS" ARGS...: the sorted RC953-RC955 rule ids reported, one per finding.
check() {
    local name=$1 want=$2
    shift 2
    local got
    got=$("$bin" -c "$t/RC953/config.yaml" -o json "$@" "$release" 2>/dev/null | python3 -c '
import json, sys
doc = json.load(sys.stdin)
print(" ".join(sorted(f["rule"] for f in doc["findings"] if f["rule"] in ("RC953", "RC954", "RC955"))), end="")
')
    if [ "$got" = "$want" ]; then
        passed=$((passed + 1))
    else
        echo "backup-docs: $name: expected [$want], got [$got]"
        failed=$((failed + 1))
    fi
}
check "complete docs (directory)" "" --docs "$t/RC953/docs-complete"
check "complete docs (two files)" "" --docs "$t/RC953/docs-complete/backup.md" --docs "$t/RC953/docs-complete/restore.md"
check "backup procedure missing" "RC953" --docs "$t/RC953/docs-no-backup"
check "restore procedure and test missing" "RC954 RC955" --docs "$t/RC954/docs-no-restore"
check "restore test not dated" "RC955" --docs "$t/RC955/docs-undated"
check "only the backup doc" "RC954 RC955" --docs "$t/RC953/docs-complete/backup.md"
check "empty docs directory" "RC953 RC954 RC955" --docs "$work/empty"
check "missing docs path" "RC953 RC954 RC955" --docs "$work/does-not-exist"
check "chart docs/ fallback" "" --chart-root "$t/RC953/chart-fallback"
check "chart without docs/" "RC953 RC954 RC955" --chart-root "$work/empty"
check "no docs at all" "RC953 RC954 RC955"
# The finding names the document searched and lands on the backup CronJob (line 9).
msg=$("$bin" -c "$t/RC953/config.yaml" --color never --docs "$t/RC953/docs-no-backup" "$release" 2>/dev/null | grep '\[RC953\]')
case $msg in
    *fire-no-docs.yaml:9:1:*docs-no-backup/runbook.md*) passed=$((passed + 1)) ;;
    *) echo "backup-docs: RC953 message should name runbook.md at line 9: [$msg]"; failed=$((failed + 1)) ;;
esac
echo "backup-docs: $passed passed, $failed failed"
[ $failed -eq 0 ]

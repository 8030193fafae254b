#!/usr/bin/env bash
# Docs come from the same definitions as the tool, and stay in step with it:
#  - docs/cli.md holds `readyctl --help` verbatim between its help markers;
#  - docs/rules.md is exactly what ci/gen-rule-docs.sh makes from `readyctl explain`, and
#    docs/readyctl.1 (the man page) what it makes from --help and `readyctl rules`;
#  - every output format in `--help` and every rule id appears in the README or docs.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "docs: $1"; fi; }
help=$("$bin" --help)
in_doc=$(sed -n '/<!-- help:begin -->/,/<!-- help:end -->/p' "$root/docs/cli.md" | sed '1,2d;$d' | sed '$d')
check "docs/cli.md does not hold the current --help (run ci/gen-rule-docs.sh)" '[ "$help" = "$in_doc" ]'
check "docs/readyctl.1 is stale (run ci/gen-rule-docs.sh)" 'diff -q <(bash "$root/ci/gen-rule-docs.sh" "$bin" --man) "$root/docs/readyctl.1" > /dev/null'
check "docs/rules.md is stale (run ci/gen-rule-docs.sh)" 'diff -q <(bash "$root/ci/gen-rule-docs.sh" "$bin" --stdout) "$root/docs/rules.md" > /dev/null'
for id in $("$bin" --no-config rules | awk 'NR > 1 {print $1}'); do
    check "rule $id has no section in docs/rules.md" 'grep -q "^## $id " "$root/docs/rules.md"'
done
for format in text json sarif junit github checklist html; do
    check "format $format missing from docs/output-formats.md" 'grep -q "^## \`$format\`" "$root/docs/output-formats.md"'
done
echo "docs: $passed passed, $failed failed"
[ $failed -eq 0 ]

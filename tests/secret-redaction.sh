#!/usr/bin/env bash
# DESIGN.md §5: secret values are never printed, in any format. The secrets fixtures (and
# those of RC735, Alertmanager credentials) hold fake values that all contain "canary"
# (base64 "Y2FuYXJ5" in Secret/binaryData entries); a
# lint of them in every output format (text, JSON, SARIF, JUnit, GitHub annotations, the
# Markdown checklist and the HTML page) must report findings and never show a canary.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
for f in "$root"/testdata/rules/RC5*/fire*.yaml "$root"/testdata/rules/RC735/fire*.yaml; do
    "$bin" -o text="$tmp/out.txt" -o json="$tmp/out.json" -o sarif="$tmp/out.sarif" \
        -o junit="$tmp/out.xml" -o github="$tmp/out.github" -o checklist="$tmp/out.md" \
        -o html="$tmp/out.html" "$f" >/dev/null 2>&1
    for out in "$tmp"/out.txt "$tmp"/out.json "$tmp"/out.sarif "$tmp"/out.xml "$tmp"/out.github \
        "$tmp"/out.md "$tmp"/out.html; do
        if [ ! -s "$out" ] || ! grep -q 'RC5\|RC735\|redacted\|Secret' "$out"; then
            echo "secret-redaction: $f: no finding in $(basename "$out")"; failed=$((failed + 1))
        elif grep -qi 'canary\|Y2FuYXJ5' "$out"; then
            echo "secret-redaction: $f: secret value printed in $(basename "$out"):"
            grep -oi '.\{0,40\}\(canary\|Y2FuYXJ5\).\{0,10\}' "$out" | head -3
            failed=$((failed + 1))
        else
            passed=$((passed + 1))
        fi
    done
done
echo "secret-redaction: $passed passed, $failed failed"
[ $failed -eq 0 ]

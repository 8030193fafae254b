#!/usr/bin/env bash
# Inputs that are not regular files: a named pipe with a late writer and process
# substitution are read; a named pipe nobody writes to is an input error (exit 3, named)
# after a bounded wait, not a hang; a device is refused (exit 3), and the other inputs of the
# run are still linted.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "pipes: $1"; tail -3 "$work/err" 2>/dev/null; fi; }
release=$root/testdata/golden/helm-stream/stdin
mkfifo "$work/late"
(sleep 1; cat "$release" > "$work/late") &
timeout 20 "$bin" --no-config -o "json=$work/late.json" "$work/late" > /dev/null 2> "$work/err"
check "a pipe whose writer comes late is read (exit 1: the release is not ready)" '[ $? -eq 1 ] && grep -q "\"objects\": 3" "$work/late.json"'
timeout 20 "$bin" --no-config -o "json=$work/sub.json" <(cat "$release") > /dev/null 2> "$work/err"
check "process substitution is read" '[ $? -eq 1 ] && grep -q "\"objects\": 3" "$work/sub.json"'
mkfifo "$work/silent"
timeout 30 "$bin" --no-config -o "json=$work/silent.json" "$work/silent" "$release" > /dev/null 2> "$work/err"
code=$?
check "a pipe nobody writes to is exit 3, not a hang" '[ $code -eq 3 ] && grep -q "silent: nothing came through this pipe" "$work/err"'
check "the other input of that run is still linted" 'grep -q "\"objects\": 3" "$work/silent.json"'
timeout 20 "$bin" --no-config /dev/zero > /dev/null 2> "$work/err"
check "a device is refused (exit 3)" '[ $? -eq 3 ] && grep -q "/dev/zero: not a regular file or a pipe" "$work/err"'
echo "pipes: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# The release binary under valgrind memcheck on the golden inputs: no invalid access, no
# uninitialised reads, no leaks. PCRE2's JIT is off: valgrind cannot follow generated code.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for dir in "$root"/testdata/golden/*/; do
    args=(input.yaml)
    [ -f "$dir/args" ] && mapfile -t args < "$dir/args"
    stdin=/dev/null
    [ -f "$dir/stdin" ] && stdin="$dir/stdin"
    log=$(mktemp)
    (cd "$dir" && READYCTL_NO_JIT=1 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$bin" -o text=/dev/null -o json=/dev/null -o sarif=/dev/null -o junit=/dev/null -o github=/dev/null -o checklist=/dev/null -o html=/dev/null "${args[@]}" < "$stdin" > /dev/null 2> "$log")
    if [ $? -eq 99 ]; then failed=$((failed + 1)); echo "valgrind $(basename "$dir"):"; head -30 "$log"; else passed=$((passed + 1)); fi
    rm -f "$log"
done
echo "valgrind: $passed passed, $failed failed"
[ $failed -eq 0 ]

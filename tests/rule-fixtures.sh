#!/usr/bin/env bash
# Every rule has fixtures that fire it and fixtures that must not:
#   testdata/rules/<RULE-ID>/fire*.yaml   lines ending in `# expect: <RULE-ID>` are exactly
#                                         the lines where the rule must report (one each)
#   testdata/rules/<RULE-ID>/pass*.yaml   the rule must report nothing
#   fire*/pass*.alloy, fire*/pass*.conf   the same for Alloy and Fluent Bit configs (an
#                                         Alloy comment is `// expect: <RULE-ID>`)
#   testdata/rules/<RULE-ID>/config.yaml  when present, the .readyctl.yaml of its fixtures
#                                         (declared requirements); config-<fixture> for one
#                                         fixture; without either, no settings file at all;
#                                         its `# expect: <RULE-ID>` lines are where findings
#                                         about a declared requirement must be reported
# Fails when a rule of `readyctl rules` has no fixtures of either kind.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
fail() { echo "rule-fixtures: $*"; failed=$((failed + 1)); }
for id in $("$bin" rules | awk 'NR > 1 && /^RC/ {print $1}'); do
    dir=$root/testdata/rules/$id
    shopt -s nullglob
    fires=("$dir"/fire*.yaml "$dir"/fire*.alloy "$dir"/fire*.conf)
    passes=("$dir"/pass*.yaml "$dir"/pass*.alloy "$dir"/pass*.conf)
    shopt -u nullglob
    [ ${#fires[@]} -gt 0 ] || { fail "$id has no fire*.yaml fixture"; continue; }
    [ ${#passes[@]} -gt 0 ] || { fail "$id has no pass*.yaml fixture"; continue; }
    for f in "${fires[@]}" "${passes[@]}"; do
        config=(--no-config) config_file=
        [ -f "$dir/config.yaml" ] && config_file=$dir/config.yaml
        [ -f "$dir/config-$(basename "$f")" ] && config_file=$dir/config-$(basename "$f")
        [ -f "$dir/config-$(basename "${f%.*}").yaml" ] && config_file=$dir/config-$(basename "${f%.*}").yaml
        [ -n "$config_file" ] && config=(-c "$config_file")
        # Lines of the fixture, and `c<line>` for lines of its config: a finding about a
        # declared requirement is reported at the requirement's line there.
        want=$({ grep -nE "(#|//) expect: .*\\b$id\\b" "$f" | cut -d: -f1
                 [ -n "$config_file" ] && grep -nE "# expect: .*\\b$id\\b" "$config_file" | cut -d: -f1 | sed 's/^/c/'
               } | sort | tr '\n' ' ')
        case $(basename "$f") in pass*) [ -z "$want" ] || { fail "$f: pass fixture expects findings"; continue; };; esac
        case $(basename "$f") in fire*) [ -n "$want" ] || { fail "$f: fire fixture expects nothing"; continue; };; esac
        got=$("$bin" "${config[@]}" -o json "$f" 2>/dev/null | python3 -c '
import json, sys
rule, fixture, config = sys.argv[1:4]
doc = json.load(sys.stdin)
lines = []
for f in doc["findings"]:
    if f["rule"] != rule:
        continue
    if f["input"]["path"] == fixture:
        lines.append(str(f["input"]["line"]))
    elif config and f["input"]["path"] == config:
        lines.append("c%d" % f["input"]["line"])
print(" ".join(sorted(lines)), end="")
' "$id" "$f" "$config_file")
        want=${want% }
        if [ "$got" = "$want" ]; then passed=$((passed + 1)); else fail "$f: $id expected on lines [$want], reported on [$got]"; fi
    done
done
echo "rule-fixtures: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Real observability configs nobody here wrote (testdata/real-configs/, see its README), each
# linted alone with nothing declared:
#  - it is judged: at least one object, and no "nothing judged" verdict;
#  - the real promtool is the oracle: `promtool check config` refuses a Prometheus
#    configuration exactly when readyctl reports RC704 (files marked `promtool-version` use
#    fields newer than Debian's promtool 2.42 and are left out of this one check), and
#  - `promtool check rules` refuses a rule file (for a
#    PrometheusRule, its spec.groups) exactly when readyctl reports RC721, and promtool's lint
#    finds duplicate rules exactly when readyctl reports RC727 (files marked `lint-differs`
#    in `expect` are left out of the second check, with the reason given there);
#  - for an Alertmanager configuration (a file, or the one a Secret or ConfigMap holds) the
#    real amtool is the oracle: `amtool check-config` refuses it exactly when readyctl
#    reports RC731 (files marked `amtool-older FIELD` use a field newer than Debian's amtool
#    0.25: amtool must refuse that field and readyctl accept the file); VERBOSE=1 lists the
#    agreement per file;
#  - the directory's `expect` lines hold: `FILE must RULE`, `FILE never RULE`.
# Alloy (*.alloy) and Fluent Bit classic (*.conf) files have no oracle here: only `expect`.
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "real-configs: $*"; failed=$((failed + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$root"/testdata/real-configs/*/; do
    expect=$dir/expect
    for file in "$dir"*.yml "$dir"*.yaml "$dir"*.json "$dir"*.alloy "$dir"*.conf; do
        [ -f "$file" ] || continue
        name=$(basename "$file")
        "$bin" --no-config -o json "$file" > "$work/out.json" 2> "$work/err"
        code=$?
        [ $code -le 1 ] || { fail "$name: exit $code: $(cat "$work/err")"; continue; }
        rules=$("$python" -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
print("JUDGED" if s["objects"] > 0 and s["verdict"] != "NOTHING JUDGED" else "UNJUDGED",
      " ".join(sorted({f["rule"] for f in d["findings"]})))
' "$work/out.json")
        case $rules in JUDGED*) pass ;; *) fail "$name: nothing judged" ;; esac
        has() { case " $rules " in *" $1 "*) return 0 ;; esac; return 1; }
        # What the file is, for its oracle: a Prometheus configuration, rules (a rule file or
        # a PrometheusRule, whose groups are written out for promtool), an Alertmanager
        # configuration (alone, or the one a Secret or ConfigMap holds, written out for
        # amtool), or other.
        shape=other
        case $name in *.alloy | *.conf) ;; *)
        shape=$("$python" - "$file" "$work/rules.yml" "$work/alertmanager.yml" <<'PY'
import base64, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
am = None
if isinstance(doc, dict) and "kind" not in doc and "route" in doc and "receivers" in doc:
    am = open(sys.argv[1]).read()
elif isinstance(doc, dict) and doc.get("kind") in ("Secret", "ConfigMap"):
    for section in ("stringData", "data"):
        for key, value in (doc.get(section) or {}).items():
            if key in ("alertmanager.yaml", "alertmanager.yml"):
                decode = doc["kind"] == "Secret" and section == "data"
                am = base64.b64decode(value).decode() if decode else value
own = {"scrape_configs", "rule_files", "remote_write", "remote_read", "alerting", "global"}
others = {"kind", "groups", "positions", "clients", "route", "receivers"}
if am is not None:
    open(sys.argv[3], "w").write(am)
    print("alertmanager")
elif isinstance(doc, dict) and doc.get("kind") == "PrometheusRule":
    yaml.safe_dump({"groups": doc["spec"]["groups"]}, open(sys.argv[2], "w"))
    print("rules")
elif isinstance(doc, dict) and "groups" in doc and "kind" not in doc:
    open(sys.argv[2], "w").write(open(sys.argv[1]).read())
    print("rules")
elif isinstance(doc, dict) and own & doc.keys() and not others & doc.keys():
    print("config")
else:
    print("other")
PY
) ;; esac
        if [ "$shape" = config ] && ! grep -q "^$name promtool-version" "$expect" 2>/dev/null; then
            # promtool check config is the oracle of RC704 (files marked promtool-version are
            # written for a newer Prometheus than Debian's promtool; reason in expect).
            (cd "$(dirname "$file")" && promtool check config "$name") > "$work/promtool" 2>&1
            refused=$?
            if [ $refused -ne 0 ] && ! has RC704; then
                fail "$name: promtool refuses it, readyctl reports no RC704:"; cat "$work/promtool"
            elif [ $refused -eq 0 ] && has RC704; then
                fail "$name: promtool accepts it, readyctl reports RC704"
            else
                pass
            fi
        elif [ "$shape" = alertmanager ]; then
            # Refused by amtool <=> RC731, except for files written for a newer Alertmanager
            # than Debian's amtool 0.25 (`FILE amtool-older FIELD` in expect): amtool must
            # refuse exactly that field, and readyctl, which knows current releases, must
            # accept the file.
            amtool check-config "$work/alertmanager.yml" > "$work/amtool" 2>&1
            refused=$?
            older=$(awk -v f="$name" '$1 == f && $2 == "amtool-older" {print $3}' "$expect" 2>/dev/null)
            if [ -n "$older" ]; then
                if ! grep -q "field $older not found" "$work/amtool"; then
                    fail "$name: amtool-older $older, but amtool says:"; cat "$work/amtool"
                elif has RC731; then
                    fail "$name: RC731 on a file for a newer Alertmanager (amtool-older $older)"
                else
                    pass
                fi
            elif [ $refused -ne 0 ] && ! has RC731; then
                fail "$name: amtool refuses it, readyctl reports no RC731:"; cat "$work/amtool"
            elif [ $refused -eq 0 ] && has RC731; then
                fail "$name: amtool accepts it, readyctl reports RC731"
            else
                pass
            fi
            echo "$name: $([ $refused -eq 0 ] && echo accepted || echo refused) by amtool; readyctl:${rules#JUDGED}" >> "$work/agreement"
        elif [ "$shape" = rules ]; then
            promtool check rules "$work/rules.yml" > "$work/promtool" 2>&1
            refused=$?
            if [ $refused -ne 0 ] && ! has RC721; then
                fail "$name: promtool refuses it, readyctl reports no RC721:"; cat "$work/promtool"
            elif [ $refused -eq 0 ] && has RC721; then
                fail "$name: promtool accepts it, readyctl reports RC721"
            else
                pass
            fi
            if grep -q "duplicate rule" "$work/promtool"; then lint_dup=1; else lint_dup=0; fi
            if grep -q "^$name lint-differs" "$expect" 2>/dev/null; then
                # Deliberate: promtool's lint compares name and labels only; RC727 compares the
                # expression too (see the rule's docs). Asserted the other way: RC727 is silent.
                if has RC727; then fail "$name: RC727 must not fire (lint-differs)"; else pass; fi
            elif [ $lint_dup -eq 1 ] && ! has RC727; then
                fail "$name: promtool's lint finds duplicates, readyctl reports no RC727"
            elif [ $lint_dup -eq 0 ] && has RC727; then
                fail "$name: readyctl reports RC727, promtool's lint finds no duplicate"
            else
                pass
            fi
        fi
        while read -r f verb rule; do
            [ "$f" = "$name" ] || continue
            case $verb in
                must) if has "$rule"; then pass; else fail "$name: $rule must fire"; fi ;;
                never) if has "$rule"; then fail "$name: $rule must not fire"; else pass; fi ;;
            esac
        done < <(grep -v '^#' "$expect" 2>/dev/null)
    done
done
[ -n "${VERBOSE:-}" ] && [ -f "$work/agreement" ] && cat "$work/agreement"
echo "real-configs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

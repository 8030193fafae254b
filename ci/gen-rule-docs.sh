#!/usr/bin/env bash
# Regenerates docs/rules.md from the rule pack (via `readyctl explain`) and the --help block
# of docs/cli.md. With --stdout, prints the rules page instead of writing files.
set -eu
bin=${1:-build/readyctl}
root=$(cd "$(dirname "$0")/.." && pwd)
rules_page() {
    echo "# Rules"
    echo
    echo "Generated from the default rule pack (\`rules/*.yaml\`) by \`ci/gen-rule-docs.sh\`;"
    echo "\`readyctl explain RULE-ID\` prints the same text. Do not edit by hand."
    echo
    echo '| id | name | severity | checklist | summary |'
    echo '|---|---|---|---|---|'
    "$bin" rules | awk 'NR > 1 {id=$1; name=$2; sev=$3; cl=$4; $1=$2=$3=$4=$5=""; sub(/^ +/, ""); printf "| [%s](#%s) | %s | %s | %s | %s |\n", id, tolower(id "-" name), name, sev, cl, $0}'
    for id in $("$bin" rules | awk 'NR > 1 {print $1}'); do
        echo
        "$bin" explain "$id" | awk 'NR == 1 {print "## " $0; next} {print}'
    done
}
if [ "${2:-}" = --stdout ]; then rules_page; exit 0; fi
rules_page > "$root/docs/rules.md"
help=$("$bin" --help)
python3 - "$root/docs/cli.md" "$help" <<'PY'
import re, sys
path, help_text = sys.argv[1], sys.argv[2]
text = open(path).read()
block = "<!-- help:begin -->\n```\n" + help_text + "\n```\n<!-- help:end -->"
text = re.sub(r"<!-- help:begin -->.*?<!-- help:end -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY

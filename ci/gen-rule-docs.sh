#!/usr/bin/env bash
# Regenerates the docs that come from the tool's own definitions: docs/rules.md from the rule
# pack (via `readyctl explain`), the --help block of docs/cli.md, and the man page
# docs/readyctl.1 (--help plus the rule list). With --stdout, prints the rules page; with
# --man, prints the man page.
set -eu
bin=${1:-build/readyctl}
root=$(cd "$(dirname "$0")/.." && pwd)
rules_page() {
    echo "# Rules"
    echo
    echo "Generated from the default rule pack (\`rules/*.yaml\`) by \`ci/gen-rule-docs.sh\`;"
    echo "\`readyctl explain RULE-ID\` prints the same text. Do not edit by hand."
    echo
    echo 'Severities are the `prod` profile'"'"'s (the default) and the `dev` profile'"'"'s'
    echo '(`rules/profiles.yaml`); `readyctl rules --profile NAME` lists any profile'"'"'s.'
    echo
    echo '| id | name | prod | dev | checklist | summary |'
    echo '|---|---|---|---|---|---|'
    "$bin" --no-config rules --profile dev | awk 'NR > 1 {print $1, $3}' > "${TMPDIR:-/tmp}/readyctl-dev.$$"
    "$bin" --no-config rules | awk -v devfile="${TMPDIR:-/tmp}/readyctl-dev.$$" '
        BEGIN {while ((getline line < devfile) > 0) {split(line, p, " "); dev[p[1]] = p[2]}}
        NR > 1 {id=$1; name=$2; sev=$3; cl=$4; $1=$2=$3=$4=$5=""; sub(/^ +/, ""); printf "| [%s](#%s) | %s | %s | %s | %s | %s |\n", id, tolower(id "-" name), name, sev, dev[id], cl, $0}'
    rm -f "${TMPDIR:-/tmp}/readyctl-dev.$$"
    for id in $("$bin" --no-config rules | awk 'NR > 1 {print $1}'); do
        echo
        "$bin" --no-config explain "$id" | awk 'NR == 1 {print "## " $0; next} {print}'
    done
}
man_page() {
    # roff: escape backslashes and leading dots/quotes of each line.
    esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\&\1/"; }
    local version
    version=$("$bin" --version | awk '{print $2}')
    printf '.TH READYCTL 1 "" "readyctl %s" "User Commands"\n' "$version"
    echo '.SH NAME'
    echo 'readyctl \- production-readiness linter for Kubernetes releases'
    echo '.SH SYNOPSIS'
    echo '.nf'
    "$bin" --help | awk '/^Usage:/ {on = 1; next} /^$/ {on = 0} on' | sed 's/^  //' | esc
    echo '.fi'
    echo '.SH DESCRIPTION'
    echo 'readyctl reads rendered Helm manifests (or any Kubernetes YAML/JSON) with their'
    echo 'monitoring, logging and backup configuration, checks them against a rule pack and'
    echo 'reports findings with positions and a release checklist score.'
    echo '.SH OPTIONS'
    echo '.nf'
    "$bin" --help | awk '/^Options:/ {on = 1; next} /^$/ {on = 0} on' | esc
    echo '.fi'
    echo '.SH EXIT STATUS'
    echo '.nf'
    "$bin" --help | awk '/^Exit codes:/ {on = 1; next} on' | esc
    echo '.fi'
    echo '.SH FILES'
    echo '.TP'
    echo '.B .readyctl.yaml'
    echo 'Project settings: the profile, the declared requirements of the platform (which'
    echo 'services must autoscale, scrape interval, dashboards, logging, retention, backups),'
    echo 'more profiles, rule settings and excludes. Used: the file given with \-c; else the'
    echo 'rendered chart'"'"'s own, in its root directory (\-\-chart\-root, or found from the'
    echo '# Source: paths); else the first found from the working directory upward.'
    echo '.SH RULES'
    echo '.nf'
    "$bin" --no-config rules | esc
    echo '.fi'
    echo '.SH SEE ALSO'
    echo 'docs/cli.md, docs/rules.md, docs/output-formats.md, docs/configuration.md'
}
if [ "${2:-}" = --stdout ]; then rules_page; exit 0; fi
if [ "${2:-}" = --man ]; then man_page; exit 0; fi
rules_page > "$root/docs/rules.md"
man_page > "$root/docs/readyctl.1"
help=$("$bin" --help)
python3 - "$root/docs/cli.md" "$help" <<'PY'
import re, sys
path, help_text = sys.argv[1], sys.argv[2]
text = open(path).read()
block = "<!-- help:begin -->\n```\n" + help_text + "\n```\n<!-- help:end -->"
text = re.sub(r"<!-- help:begin -->.*?<!-- help:end -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY

#!/usr/bin/env bash
# make install into a throwaway DESTDIR: binary, man page, the rule pack under
# share/readyctl/rules, bash and zsh completion; the installed binary lints with the
# installed pack exactly as with the built-in one; the bash completion offers the options
# --help lists; make uninstall removes everything it installed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "install: $1"; tail -5 "$work/out" 2>/dev/null; fi; }
dest=$work/dest
make -C "$root" --no-print-directory install DESTDIR="$dest" PREFIX=/usr > "$work/out" 2>&1
check "make install succeeds" '[ $? -eq 0 ]'
for f in usr/bin/readyctl usr/share/man/man1/readyctl.1 usr/share/readyctl/rules/checklist.yaml \
         usr/share/readyctl/rules/profiles.yaml usr/share/bash-completion/completions/readyctl \
         usr/share/zsh/site-functions/_readyctl; do
    check "$f is installed" '[ -s "$dest/$f" ]'
done
installed=$dest/usr/bin/readyctl
input=$root/testdata/golden/helm-stream/stdin
"$installed" --no-config --color never -o json=$work/builtin.json - < "$input" > /dev/null 2>&1
"$installed" --no-config --color never --rules "$dest/usr/share/readyctl/rules" -o json=$work/pack.json - < "$input" > /dev/null 2>&1
check "the installed pack judges like the built-in one" 'python3 -c "
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    del d[\"signed\"][\"rule_pack\"]
sys.exit(a != b or not a[\"findings\"])
" "$work/builtin.json" "$work/pack.json"'
got=$(bash -c 'source "$1"; COMP_WORDS=("$2" --pro); COMP_CWORD=1; _readyctl; echo "${COMPREPLY[*]}"' _ \
      "$dest/usr/share/bash-completion/completions/readyctl" "$installed")
check "bash completion completes --pro to --profile" '[ "$got" = "--profile" ]'
got=$(bash -c 'source "$1"; COMP_WORDS=("$2" explain RC10); COMP_CWORD=2; _readyctl; echo "${COMPREPLY[*]}"' _ \
      "$dest/usr/share/bash-completion/completions/readyctl" "$installed")
check "bash completion completes rule ids after explain" '[ "$got" = "RC101 RC102 RC103 RC104 RC105 RC106" ]'
check "the zsh completion parses" 'zsh -n "$dest/usr/share/zsh/site-functions/_readyctl"'
make -C "$root" --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr > "$work/out" 2>&1
check "make uninstall removes every file" '[ $? -eq 0 ] && [ -z "$(find "$dest" -type f)" ]'
echo "install: $passed passed, $failed failed"
[ $failed -eq 0 ]

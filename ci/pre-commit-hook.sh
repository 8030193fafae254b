#!/usr/bin/env bash
# pre-commit entry point: builds readyctl inside pre-commit's checkout of this repository on
# first use (the libraries come from `make deps`), then lints the staged files pre-commit
# passes, with object rules only. Exit codes are readyctl's (DESIGN.md §6).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$here/build/readyctl" ]; then
    make -C "$here" -s deps all > /dev/null 2>&1 || {
        echo "readyctl: building the hook failed; run 'make -C $here' to see why" >&2
        exit 2
    }
fi
exec "$here/build/readyctl" --scope objects --color never "$@"

#!/usr/bin/env bash
# The readyctl Helm plugin: helm readyctl CHART [-f VALUES]... [helm flags] [readyctl options]
#
# Renders CHART with the user's helm ($HELM_BIN) and lints the render with readyctl:
# --chart-root CHART (findings on the template files and lines, the chart's .readyctl.yaml)
# and the values files recorded in the sign-off. readyctl's own options (those of
# `readyctl --help`) go to readyctl, everything else to `helm template`. The exit code is
# readyctl's (0 READY, 1 NOT READY, 2 usage, 3 input error); a render that fails is an input
# error: exit 3. readyctl is $READYCTL, else `readyctl` on PATH, else the build next to this
# plugin's source tree. Give CHART first; a helm flag's value follows it (--set a=b, -n ns).
set -u
helm=${HELM_BIN:-helm}
here=$(cd "$(dirname "$0")" && pwd -P)
readyctl=${READYCTL:-}
if [ -z "$readyctl" ]; then
    if command -v readyctl > /dev/null 2>&1; then readyctl=readyctl
    elif [ -x "$here/../../build/readyctl" ]; then readyctl=$here/../../build/readyctl
    else echo "helm readyctl: readyctl not found (install it, or set READYCTL)" >&2; exit 2; fi
fi
usage() { echo "usage: helm readyctl CHART [-f VALUES]... [helm template flags] [readyctl options]" >&2; exit 2; }
[ $# -ge 1 ] || usage
chart= helm_args=() lint_args=()
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
        # helm template's flags that take no value
        --include-crds|--skip-crds|--skip-tests|--skip-schema-validation|--validate|\
        --is-upgrade|--no-hooks|--devel|--debug|--enable-dns|--dependency-update|\
        --insecure-skip-tls-verify|--plain-http|--pass-credentials|--verify|--take-ownership)
            helm_args+=("$1"); shift ;;
        # readyctl options that take a value
        -o|--output|--profile|--fail-on|--min-score|--category|--source-root|--baseline|\
        -c|--config|--docs|--exclude|--color|--scope|-r|--rules|-j|--jobs)
            [ $# -ge 2 ] || usage; lint_args+=("$1" "$2"); shift 2 ;;
        --output=*|--profile=*|--fail-on=*|--min-score=*|--category=*|--source-root=*|\
        --baseline=*|--config=*|--docs=*|--exclude=*|--color=*|--scope=*|--rules=*|--jobs=*|\
        --no-config|--include-hooks)
            lint_args+=("$1"); shift ;;
        # values files: rendered by helm and recorded by readyctl
        -f|--values)
            [ $# -ge 2 ] || usage; helm_args+=("$1" "$2"); lint_args+=(--values "$2"); shift 2 ;;
        --values=*)
            helm_args+=("$1"); lint_args+=("$1"); shift ;;
        -*) helm_args+=("$1"); shift
            # a helm flag's value (--set a=b, -n ns, ...): the next word when it is not a flag
            if [ $# -gt 0 ] && [[ $1 != -* ]] && [[ ${helm_args[-1]} != *=* ]]; then
                helm_args+=("$1"); shift
            fi ;;
        *) if [ -z "$chart" ]; then chart=$1; else helm_args+=("$1"); fi; shift ;;
    esac
done
[ -n "$chart" ] || usage
release=${HELM_READYCTL_RELEASE:-release}
render=$(mktemp)
trap 'rm -f "$render"' EXIT
if ! "$helm" template "$release" "$chart" "${helm_args[@]}" > "$render"; then
    echo "helm readyctl: helm template $chart failed: nothing to lint" >&2
    exit 3
fi
chart_root=$chart
[ -d "$chart" ] || chart_root=
"$readyctl" ${chart_root:+--chart-root "$chart_root"} "${lint_args[@]}" "$render"

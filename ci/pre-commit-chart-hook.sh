#!/usr/bin/env bash
# pre-commit entry point for whole releases: for each Helm chart a commit touches (the
# nearest directory holding Chart.yaml above each changed file), render it with `helm
# template` and lint the whole release, so release rules (PDBs, NetworkPolicies, HPAs,
# dashboards, backups) run in pre-commit too.
#
#   args: [-f, values-prod.yaml, --profile, prod]    in .pre-commit-config.yaml
#
# -f/--values files are given to helm (resolved against the chart directory, else the
# repository root) and recorded by readyctl; every other argument goes to readyctl, which
# also gets --chart-root CHART, so findings name the template files and lines and the
# chart's .readyctl.yaml applies. helm is the user's (`helm` on PATH, or $HELM_BIN). The
# exit code is the worst over the charts: a chart that does not render is exit 3.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
helm=${HELM_BIN:-helm}
if [ ! -x "$here/build/readyctl" ]; then
    make -C "$here" -s deps all > /dev/null 2>&1 || {
        echo "readyctl: building the hook failed; run 'make -C $here' to see why" >&2
        exit 2
    }
fi
values=() lint_args=() files=()
while [ $# -gt 0 ]; do
    case $1 in
        -f|--values) [ $# -ge 2 ] || { echo "readyctl: $1 needs a file" >&2; exit 2; }
                     values+=("$2"); shift 2 ;;
        --values=*) values+=("${1#--values=}"); shift ;;
        -*) lint_args+=("$1"); shift
            # an option's value (--profile prod): the next word, unless it is a staged file
            if [ $# -gt 0 ] && [[ $1 != -* ]] && [ ! -e "$1" ]; then lint_args+=("$1"); shift; fi ;;
        *) files+=("$1"); shift ;;
    esac
done
# The charts touched: the nearest Chart.yaml above each file (subcharts count as their
# parent's only when they have none of their own).
charts=()
for f in "${files[@]}"; do
    dir=$(dirname "$f")
    while [ "$dir" != . ] && [ "$dir" != / ] && [ ! -f "$dir/Chart.yaml" ]; do dir=$(dirname "$dir"); done
    [ -f "$dir/Chart.yaml" ] || continue
    # A vendored subchart is rendered through the chart that holds it.
    while [ "$(basename "$(dirname "$dir")")" = charts ] && [ -f "$(dirname "$(dirname "$dir")")/Chart.yaml" ]; do
        dir=$(dirname "$(dirname "$dir")")
    done
    seen=0
    for c in "${charts[@]}"; do [ "$c" = "$dir" ] && seen=1; done
    [ $seen = 1 ] || charts+=("$dir")
done
[ ${#charts[@]} -gt 0 ] || exit 0
command -v "$helm" > /dev/null 2>&1 || { echo "readyctl: helm not found (needed to render charts)" >&2; exit 2; }
worst=0
render=$(mktemp)
trap 'rm -f "$render"' EXIT
for chart in "${charts[@]}"; do
    helm_args=() record=()
    for v in "${values[@]}"; do
        if [ -f "$chart/$v" ]; then path=$chart/$v; else path=$v; fi
        helm_args+=(-f "$path"); record+=(--values "$path")
    done
    echo "readyctl: $chart"
    if ! "$helm" template release "$chart" "${helm_args[@]}" > "$render"; then
        echo "readyctl: helm template $chart failed: nothing to lint" >&2
        code=3
    else
        "$here/build/readyctl" --color never --chart-root "$chart" "${record[@]}" "${lint_args[@]}" "$render"
        code=$?
    fi
    [ $code -gt $worst ] && worst=$code
done
exit $worst

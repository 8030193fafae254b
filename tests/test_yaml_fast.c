/* test_yaml_fast.c - the fast YAML loader (input/yaml_fast.h) against libyaml's path
 * (rc_yaml_load_libyaml_at), node by node (model/node_compare.h).
 *
 * Each case says whether the fast loader must accept it (the YAML helm, kubectl and JSON
 * writers emit) or may decline it (what it leaves to libyaml): a loader that declines
 * everything fails here. An accepted case must load with libyaml too and give the same tree,
 * at base line 1 and column 0 and again shifted, as embedded documents are loaded. Cases were
 * chosen to pin libyaml's position conventions: where maps, sequences, quoted and block
 * scalars, flow collections and empty values sit, and columns after multi-byte characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_fast.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "model/node_compare.h"
#include "testutil.h"

typedef enum expect { ACCEPT, DECLINE } expect;

typedef struct fast_case {
    const char *name;
    expect expect;
    const char *yaml;
} fast_case;

static const fast_case cases[] = {
    /* Block structure as helm renders it. */
    {"helm deployment", ACCEPT,
     "---\n"
     "# Source: shop/templates/deployment.yaml\n"
     "apiVersion: apps/v1\n"
     "kind: Deployment\n"
     "metadata:\n"
     "  name: shop\n"
     "  labels:\n"
     "    app.kubernetes.io/name: shop\n"
     "    helm.sh/chart: shop-1.2.3\n"
     "spec:\n"
     "  replicas: 2\n"
     "  template:\n"
     "    spec:\n"
     "      containers:\n"
     "        - name: app\n"
     "          image: \"example/shop:1.2\"\n"
     "          args:\n"
     "            - --port=8080\n"
     "            - -v\n"
     "          env:\n"
     "            - name: A\n"
     "              value: \"1\"\n"
     "            - name: B\n"
     "              valueFrom:\n"
     "                secretKeyRef: {name: s, key: k}\n"
     "          resources:\n"
     "            limits:\n"
     "              cpu: 500m\n"},
    {"sequence at its key's column", ACCEPT,
     "containers:\n- name: a\n  ports:\n  - containerPort: 80\n    name: http\n- name: b\n"
     "after: 1\n"},
    {"indentless sequence then sibling key", ACCEPT, "a:\n- x\n- y\nb: z\n"},
    {"nested sequences", ACCEPT, "- - a\n  - b\n- - c\n-\n  - d\n"},
    {"compact map after extra spaces", ACCEPT, "-   a: 1\n    b: 2\n-  c\n"},
    {"empty values", ACCEPT, "a:\nb:\n  c:\nd: 1\ne:\n"},
    {"empty sequence entries", ACCEPT, "- \n-\n- x\n-\n"},
    {"empty value before indentless sequence", ACCEPT, "a:\n  b:\n  - 1\n  c:\n"},
    {"empty entry in indentless sequence", ACCEPT, "a:\n-\n- b\nc: d\n"},
    {"nested map under dash on next line", ACCEPT, "-\n  a: 1\n  b: 2\n"},
    {"root at an indent", ACCEPT, "  a: 1\n  b: 2\n"},
    {"root sequence", ACCEPT, "- a\n- b\n"},
    {"root plain scalar", ACCEPT, "hello\n"},
    {"root quoted scalar", ACCEPT, "'hi'\n"},
    {"null root", ACCEPT, "~\n"},
    {"duplicate keys kept in order", ACCEPT, "a: 1\nb: 2\na: 3\n"},
    {"spaces before colon", ACCEPT, "a  : 1\n\"b\" : 2\n"},
    {"deep nesting", ACCEPT, "a:\n b:\n  c:\n   d:\n    e: [1, {f: g}]\n"},
    {"no final newline", ACCEPT, "a: b"},
    {"no final newline after empty value", ACCEPT, "a:"},
    {"no final newline after dash", ACCEPT, "- a\n-"},
    /* Plain scalars. */
    {"plain scalar punctuation", ACCEPT,
     "url: http://example.com:8080/a?b=c#frag\n"
     "cmd: a,b [c] {d} e]f\n"
     "time: 12:30\n"
     "neg: -1\n"
     "dashes: --flag=x\n"
     "hash: a#b\n"
     "words: many words  here\n"
     "dots: ...x\n"
     "pct: 50%\n"
     "q: what?\n"
     "port: :8080\n"
     "args:\n  - :9090\n  - ::1\n"},
    {"colon-led plain in flow", DECLINE, "a: [:8080]\n"},
    {"trailing comment ok", ACCEPT, "a: b # comment\nc: 'd'   # comment\ne: [x] # c\n"},
    {"full-line comments anywhere", ACCEPT,
     "# top\na:\n  # inside\n  b: 1\n# between\n  c: 2\n    # deeper comment\nd: 3\n"},
    {"blank lines", ACCEPT, "\n\na: 1\n\n\nb:\n\n  c: 2\n\n"},
    {"utf-8 in scalars", ACCEPT,
     "name: caf\xc3\xa9\n\xc3\xa9t\xc3\xa9: \"\xe2\x82\xac 5\" # \xe2\x9c\x93\n"
     "k\xc3\xa9y: [\xc3\xa9, b, {\xc3\xa0: \xf0\x9f\x98\x80 x}]\n"},
    {"utf-8 in scalars, one document", ACCEPT,
     "name: caf\xc3\xa9\n\xc3\xa9t\xc3\xa9: \"\xe2\x82\xac 5\" # \xe2\x9c\x93\n"
     "k\xc3\xa9y: [\xc3\xa9, b, {\xc3\xa0: \xf0\x9f\x98\x80 x}]\n"
     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9: |\n  text\n"},
    /* Quoted scalars. */
    {"single quoted", ACCEPT, "a: 'it''s'\nb: ''\n'c d': 'x # y'\n"},
    {"double quoted escapes", ACCEPT,
     "a: \"q\\\" b\\\\ s\\/ n\\n t\\t r\\r\"\nb: \"\\u00e9\\u20ac\\u0041\"\nc: \"\"\n"
     "d: \"\\b\\f\"\ne: \"x # y\"\n"},
    {"double quoted NUL escape", ACCEPT, "a: \"x\\u0000y\"\n"},
    {"quoted keys", ACCEPT, "\"a\": 1\n'b': 2\n\"\": 3\n"},
    {"quoted values with colons", ACCEPT, "a: \"b: c\"\nd: 'e: f'\n"},
    /* Block scalars. */
    {"literal", ACCEPT, "a: |\n  line 1\n  line 2\nb: 1\n"},
    {"literal strip keep", ACCEPT, "a: |-\n  x\n\nb: |+\n  y\n\n\nc: |\n  z\n\n\nd: 1\n"},
    {"folded", ACCEPT,
     "a: >\n  one\n  two\n\n  three\n    indented\n  four\n\n\n  five\nb: >-\n  x\n  y\n"},
    {"folded more-indented lines", ACCEPT, "a: >\n  x\n    y\n  z\n\n    w\n  v\n"},
    {"folded first line wider than the next", DECLINE, "a: >\n    x\n  y\n"},
    {"block scalar in sequence", ACCEPT, "- |\n  x\n- >\n  y\n- a: |\n    z\n  b: 1\n"},
    {"block scalar with comments and blank lines", ACCEPT,
     "a: | # comment\n\n  x\n  # not a comment\n\n   y\n\n# comment\nb: 1\n"},
    {"block scalar deeper lines and trailing spaces", ACCEPT, "a: |\n  x  \n    y\n  \n  z\n"},
    {"line between block scalar and its key's column", DECLINE, "a: |\n    x\n  y\n"},
    {"empty block scalar", ACCEPT, "a: |\nb: >-\nc: 1\n"},
    {"block scalar at end without newline", ACCEPT, "a: |\n  x"},
    {"block scalar keep at end", ACCEPT, "a: |+\n  x\n\n"},
    {"block scalar with tab content", ACCEPT, "a: |\n  x\ty\n  \tz\n"},
    {"block scalar in indentless sequence", ACCEPT, "a:\n- |\n  x\nb: 1\n"},
    {"embedded config in a configmap", ACCEPT,
     "apiVersion: v1\nkind: ConfigMap\ndata:\n  prometheus.yml: |\n    global:\n"
     "      scrape_interval: 30s\n    rule_files:\n      - /etc/rules/*.yaml\n"
     "  dashboard.json: |-\n    {\n      \"title\": \"x\",\n      \"panels\": []\n    }\n"},
    /* Flow collections and JSON. */
    {"flow collections", ACCEPT,
     "a: {}\nb: []\nc: {a: 1, b: [x, y]}\nd: [a, [b, c], {e: f}]\ne: [ a , b ]\n"
     "f: {\"x\": \"y\", 'z': 1}\ng: [a b, c d]\n"},
    {"flow trailing commas", ACCEPT, "a: [x, ]\nb: {x: 1, }\n"},
    {"flow over several lines", ACCEPT, "a: [x,\n  y,\n  z]\nb: {k: v,\n  l: w}\nc: 1\n"},
    {"flow line at column 0", ACCEPT, "a: [x,\ny]\n"},
    {"flow with comments", ACCEPT, "a: [x, # one\n  y # two\n  ]\n"},
    {"flow plain before newline", ACCEPT, "a: [x\n  , y\n  ]\n"},
    {"json compact", ACCEPT, "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}\n"},
    {"json pretty", ACCEPT,
     "{\n  \"title\": \"Dash\",\n  \"panels\": [\n    {\n      \"id\": 1,\n"
     "      \"targets\": [{\"expr\": \"sum(rate(x[5m]))\"}],\n      \"gridPos\": {}\n"
     "    }\n  ],\n  \"refresh\": \"30s\",\n  \"n\": -1.5e3\n}\n"},
    {"json indented by tabs", ACCEPT,
     "{\n\t\"a\": [\n\t\t1,\t2\n\t],\t# c\n\t\"b\":\t{\"c\": \"d\te\"}\n}\n"},
    {"tab inside a flow plain scalar", DECLINE, "[a\tb]\n"},
    /* After a plain scalar that ends its line inside a flow collection, libyaml reads the
     * next lines' leading blanks as part of the scalar and rejects a tab left of the
     * enclosing block's indentation plus one (a fuzzer's find). */
    {"tab left of the block indent after a flow plain scalar", DECLINE,
     "a:\n  - {b: c, d: null\n\t\t}\n"},
    {"tab at column 0 after a flow plain scalar under a key", DECLINE, "a: [b,\n c\n\t]\n"},
    {"tab left of the indent on a blank line after a flow plain scalar", DECLINE,
     "a: [b\n\t\n ]\n"},
    {"tab right of the block indent after a flow plain scalar", ACCEPT,
     "a:\n  - {b: c, d: null\n   \t}\n"},
    {"tab after a flow plain scalar in a flow collection at the top", ACCEPT,
     "{\"a\": {\n\t\"b\": 1\n\t}\n}\n"},
    {"tab after a quoted scalar ends its line", ACCEPT, "a: [\"b\"\n\t]\n"},
    {"json array root", ACCEPT, "[1, 2, \"three\"]"},
    {"json escapes", ACCEPT, "{\"a\": \"line\\nnext \\\"q\\\" \\u00e9\\/\"}\n"},
    {"json with utf-8 over lines", ACCEPT,
     "{\n  \"\xc3\xa9\xc3\xa9\": \"\xc3\xbc\", \"k\": [\"\xc3\xa4\",\n"
     "    {\"\xc3\xb6\": 1, \"x\": \"\xe2\x82\xac\"}], \"z\": 2\n}\n"},
    {"flow in sequence", ACCEPT, "- {a: 1}\n- [b]\n- name: x\n  ports: [{containerPort: 80}]\n"},
    /* Documents and markers. */
    {"leading marker and comments", ACCEPT, "# c\n---\n# Source: x/y.yaml\na: 1\n"},
    {"marker with comment", ACCEPT, "--- # comment\na: 1\n"},
    {"trailing end marker", ACCEPT, "a: 1\n...\n"},
    {"end marker then comment", ACCEPT, "a: 1\n...\n# c\n"},
    {"marker only", ACCEPT, "---\n"},
    {"comments only", ACCEPT, "# one\n# two\n"},
    {"empty", ACCEPT, ""},
    {"marker and comments only", ACCEPT, "---\n# Source: a.yaml\n"},
    /* Declined: what the fast path leaves to libyaml. */
    {"anchor and alias", DECLINE, "a: &x 1\nb: *x\n"},
    {"merge key", DECLINE, "a: {x: 1}\nb:\n  <<: {y: 2}\n"},
    {"tag", DECLINE, "a: !!str 1\n"},
    {"directive", DECLINE, "%YAML 1.1\n---\na: 1\n"},
    {"complex key", DECLINE, "? a\n: b\n"},
    {"two documents", DECLINE, "a: 1\n---\nb: 2\n"},
    {"content after marker", DECLINE, "--- a: 1\n"},
    {"tab indentation", DECLINE, "a:\n\tb: 1\n"},
    {"tab after colon", DECLINE, "a:\tb\n"},
    {"tab after a flow collection", DECLINE, "a: [b]\t# c\n"},
    {"carriage return", DECLINE, "a: 1\r\nb: 2\r\n"},
    {"byte order mark", DECLINE, "\xef\xbb\xbf" "a: 1\n"},
    {"invalid utf-8", DECLINE, "a: \xc3\n"},
    {"next line character", DECLINE, "a: x\xc2\x85y\n"},
    {"line separator", DECLINE, "a: x\xe2\x80\xa8y\n"},
    {"multi-line plain", ACCEPT, "a: one\n  two\n   three\nb: 1\n"},
    {"multi-line plain at root", ACCEPT, "one\ntwo\n"},
    {"multi-line plain in sequence", ACCEPT, "- one\n  two\n- three\n"},
    {"multi-line plain in indentless sequence", ACCEPT, "a:\n- one\n  two\nb: 1\n"},
    {"multi-line plain with blank lines", ACCEPT, "a: one\n\n  two\n\n\n  three   \nb: 1\n"},
    {"multi-line plain ended by a comment", ACCEPT, "a: one\n  two\n  # c\nb: 1\n"},
    {"multi-line plain of indicators", ACCEPT, "a: one\n  - two\n  [x] {y} \"z\" 'w'\n"},
    {"multi-line plain after compact key", ACCEPT, "- a: one\n    two\n  b: 1\n"},
    {"kubebuilder description", ACCEPT,
     "properties:\n  spec:\n    description: DownloadRequestSpec is the specification for a\n"
     "      download request.\n    type: object\n"},
    {"multi-line plain with a key on its second line", DECLINE, "a: one\n  two: x\n"},
    {"multi-line plain with a comment on its second line", DECLINE, "a: one\n  two # c\n"},
    {"multi-line plain with a tab", DECLINE, "a: one\n  \ttwo\n"},
    {"multi-line double quoted", DECLINE, "a: \"one\n  two\"\n"},
    {"multi-line single quoted", DECLINE, "a: 'one\n  two'\n"},
    {"multi-line plain in flow", DECLINE, "a: [one\n  two]\n"},
    {"rare escape", DECLINE, "a: \"\\x41\"\n"},
    {"escaped line break", DECLINE, "a: \"x\\\n  y\"\n"},
    {"surrogate escape", DECLINE, "a: \"\\ud800\"\n"},
    {"indentation indicator", DECLINE, "a: |2\n   x\n"},
    {"keep with empty content", DECLINE, "a: |+\n\nb: 1\n"},
    {"leading blank line wider than content", DECLINE, "a: |\n     \n  x\n"},
    {"colon in flow plain", ACCEPT,
     "containers: [{name: app, image: example/backend:1.0}]\nb: [a:b, 'c', x:y:z, u:#]\n"
     "c: {k:v: w, http://x:80/p: 1}\n"},
    {"key without value after a colon in flow plain", DECLINE, "a: {b:c}\n"},
    {"colon before flow indicator", DECLINE, "a: {v:[ p]}\n"},
    {"colon before question mark in flow", DECLINE, "a: [b:?c]\n"},
    {"single-pair map in flow sequence", DECLINE, "a: [b: c]\n"},
    {"flow key", DECLINE, "{a: 1}: b\n"},
    {"flow value missing", DECLINE, "a: {b: , c: 1}\n"},
    {"flow key without value", DECLINE, "a: {b}\n"},
    {"unclosed flow", DECLINE, "a: [b, c\n"},
    {"bad indentation", DECLINE, "a:\n  b: 1\n c: 2\n"},
    {"mapping value in value", DECLINE, "a: b: c\n"},
    {"dash after key", DECLINE, "a: - b\n"},
    {"key too long for libyaml", DECLINE, NULL}, /* built in long_key_declines */
    {"second marker", DECLINE, "---\n---\na: 1\n"},
    {"content after end marker", DECLINE, "a: 1\n...\nb: 2\n"},
    {"deeper line continues a value", ACCEPT, "a: 1\n   b\n"},
    {"stray deeper key", DECLINE, "a: 1\n   b: 2\n"},
    {"hash touching quote", DECLINE, "a: 'b'#c\n"},
    {"root scalar then map", DECLINE, "a\nb: 1\n"},
    {"end marker touching a comment", DECLINE, "...# c\n"},
    {"start marker prefix in a plain scalar", DECLINE, "a\n---x\n"},
    {"control character", DECLINE, "a: b\x01\n"},
};

enum { CASE_COUNT = sizeof cases / sizeof cases[0] };

/* Loads TEXT both ways and compares. Returns whether the fast path accepted it. */
static bool differ(const char *name, const char *text, size_t len, uint32_t base_line,
                   uint32_t base_column)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena slow_arena, fast_arena;
    rc_arena_init(&slow_arena);
    rc_arena_init(&fast_arena);
    rc_node *slow = NULL, *fast = (rc_node *)&fast_arena;
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    bool slow_ok = rc_yaml_load_libyaml_at(&slow_arena, "t.yaml", text, len, base_line,
                                           base_column, &limits, &slow, &diag);
    bool accepted = rc_yaml_fast_load(&fast_arena, text, len, base_line, base_column, &limits,
                                      &fast);
    if (accepted) {
        ck_assert_msg(slow_ok, "%s: fast accepted what libyaml rejects (%u:%u %s)", name,
                      (unsigned)diag.line, (unsigned)diag.column, diag.message);
        char why[512];
        ck_assert_msg(rc_node_tree_equal(slow, fast, why, sizeof why), "%s (base %u:%u): %s",
                      name, (unsigned)base_line, (unsigned)base_column, why);
    } else {
        ck_assert_msg(fast == NULL, "%s: a declined load leaves no root", name);
        ck_assert_msg(fast_arena.head == NULL, "%s: a declined load leaves the arena alone",
                      name);
    }
    rc_arena_release(&slow_arena);
    rc_arena_release(&fast_arena);
    return accepted;
}

START_TEST(fast_matches_libyaml)
{
    const fast_case *c = &cases[_i];
    if (!c->yaml)
        return;
    size_t len = strlen(c->yaml);
    bool accepted = differ(c->name, c->yaml, len, 1, 0);
    bool shifted = differ(c->name, c->yaml, len, 40, 6);
    ck_assert_msg(accepted == shifted, "%s: acceptance depends on the base position", c->name);
    if (c->expect == ACCEPT)
        ck_assert_msg(accepted, "%s: the fast path declined a case it must accept", c->name);
    else
        ck_assert_msg(!accepted, "%s: the fast path accepted a case it must leave to libyaml",
                      c->name);
}
END_TEST

START_TEST(long_key_declines)
{
    char text[2200];
    memset(text, 'k', 1500);
    memcpy(text + 1500, ": v\nb: 1\n", 10);
    ck_assert(!differ("long key", text, strlen(text), 1, 0));
    /* A long value is fine: only keys are bounded. */
    memcpy(text, "a: ", 3);
    memcpy(text + 1500, "\nb: 1\n", 7);
    ck_assert(differ("long value", text, strlen(text), 1, 0));
    /* A long JSON key is declined too. */
    text[0] = '{';
    text[1] = '"';
    memset(text + 2, 'k', 1200);
    memcpy(text + 1202, "\": 1}\n", 7);
    ck_assert(!differ("long json key", text, strlen(text), 1, 0));
}
END_TEST

START_TEST(positions_saturate_as_libyamls_do)
{
    /* Base positions near the top of uint32_t: both paths clamp to UINT32_MAX alike. */
    const char *text = "a:\n  b: [1, {c: d}]\n  e: |\n    x\n  f:\n";
    ck_assert(differ("saturation", text, strlen(text), UINT32_MAX - 1, UINT32_MAX - 3));
}
END_TEST

START_TEST(limits_are_declined_not_reported)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    rc_node *root = NULL;
    limits.max_depth = 3;
    ck_assert(rc_yaml_fast_load(&arena, "a:\n  b:\n    c: 1\n", 17, 1, 0, &limits, &root));
    ck_assert(!rc_yaml_fast_load(&arena, "a:\n  b:\n    c:\n      d: 1\n", 26, 1, 0, &limits,
                                 &root));
    ck_assert(!rc_yaml_fast_load(&arena, "[[[[1]]]]", 9, 1, 0, &limits, &root));
    rc_limits_default(&limits);
    limits.max_scalar_bytes = 4;
    ck_assert(rc_yaml_fast_load(&arena, "a: abcd\n", 8, 1, 0, &limits, &root));
    ck_assert(!rc_yaml_fast_load(&arena, "a: abcde\n", 9, 1, 0, &limits, &root));
    ck_assert(!rc_yaml_fast_load(&arena, "a: |\n  abcde\n", 13, 1, 0, &limits, &root));
    rc_limits_default(&limits);
    limits.max_expanded_nodes = 5; /* map + two pairs */
    ck_assert(rc_yaml_fast_load(&arena, "a: 1\nb: 2\n", 10, 1, 0, &limits, &root));
    ck_assert(!rc_yaml_fast_load(&arena, "a: 1\nb: 2\nc: 3\n", 15, 1, 0, &limits, &root));
    rc_limits_default(&limits);
    limits.max_document_bytes = 5;
    ck_assert(!rc_yaml_fast_load(&arena, "a: 1\nb: 2\n", 10, 1, 0, &limits, &root));
    ck_assert_ptr_null(root);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(deep_nesting_is_declined_without_recursion)
{
    /* Far deeper than the default limit: the fast path declines, libyaml's path reports. */
    size_t depth = 100000;
    char *text = malloc(depth * 2 + 1);
    ck_assert_ptr_nonnull(text);
    memset(text, '[', depth);
    memset(text + depth, ']', depth);
    text[2 * depth] = '\0';
    ck_assert(!differ("deep flow", text, 2 * depth, 1, 0));
    free(text);
}
END_TEST

START_TEST(accepted_tree_is_built_in_the_callers_arena)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    void *first = rc_arena_alloc(&arena, 16); /* the caller's arena is already in use */
    ck_assert_ptr_nonnull(first);
    rc_arena_point before = rc_arena_mark(&arena);
    rc_node *root = NULL;
    ck_assert(rc_yaml_fast_load(&arena, "a: [1, 2]\n", 10, 1, 0, &limits, &root));
    ck_assert_ptr_nonnull(root);
    /* In the block the caller was filling: a document's first nodes leave no block empty. */
    ck_assert_ptr_eq(rc_arena_mark(&arena).head, before.head);
    ck_assert_uint_lt(rc_arena_mark(&arena).free_bytes, before.free_bytes);
    ck_assert_str_eq(rc_node_get(root, "a")->as.seq.items[1]->as.scalar.text, "2");
    /* A declined load gives back what it took: the next allocation lands where it would
     * have, even when the attempt filled blocks (a scalar bigger than a block). */
    rc_arena_point at = rc_arena_mark(&arena);
    char *big = malloc(70000);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 70000);
    memcpy(big, "a: ", 3);
    memcpy(big + 69990, "\nb: &x 1\n", 9); /* an anchor: declined on the last line */
    ck_assert(!rc_yaml_fast_load(&arena, big, 69999, 1, 0, &limits, &root));
    free(big);
    rc_arena_point after = rc_arena_mark(&arena);
    ck_assert_ptr_eq(after.head, at.head);
    ck_assert_ptr_eq(after.free, at.free);
    ck_assert_uint_eq(after.bytes_reserved, at.bytes_reserved);
    rc_arena_release(&arena); /* ASan: nothing leaked by the rewind */
}
END_TEST

START_TEST(wired_loader_uses_the_fast_path_transparently)
{
    /* rc_yaml_load_at gives libyaml's tree whichever path took the document, and libyaml's
     * errors for what the fast path declined. */
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena a, b;
    rc_arena_init(&a);
    rc_arena_init(&b);
    rc_node *ra = NULL, *rb = NULL;
    rc_diag diag;
    const char *text = "a:\n- x\nb: {c: 'd'}\n";
    ck_assert(rc_yaml_load_at(&a, "f", text, strlen(text), 3, 2, &limits, &ra, &diag));
    ck_assert(rc_yaml_load_libyaml_at(&b, "f", text, strlen(text), 3, 2, &limits, &rb, &diag));
    char why[256];
    ck_assert_msg(rc_node_tree_equal(ra, rb, why, sizeof why), "%s", why);
    ck_assert(!rc_yaml_load_at(&a, "f", "a: [b\n", 6, 1, 0, &limits, &ra, &diag));
    ck_assert_ptr_null(ra);
    ck_assert_uint_gt(diag.line, 0);
    rc_arena_release(&a);
    rc_arena_release(&b);
}
END_TEST

START_TEST(block_indent_after_multibyte_characters)
{
    /* libyaml's mark index counts characters; the block scalar's content column must still be
     * read from the right line (a regression in the libyaml path this suite found). */
    const char *text = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9: x\nb: |\n"
                       "      deep\n";
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert(rc_yaml_load_libyaml_at(&arena, "f", text, strlen(text), 1, 0, &limits, &root,
                                      &diag));
    ck_assert_uint_eq(rc_node_get(root, "b")->as.scalar.block_indent, 6);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(block_indent_beyond_16_bits_is_unknown)
{
    /* Nodes keep a block scalar's indentation in 16 bits; deeper is RC_NODE_INDENT_UNKNOWN in
     * both loaders, and the text is whole. */
    size_t indent = 70000, len = 0;
    char *text = malloc(indent + 64);
    ck_assert_ptr_nonnull(text);
    len += (size_t)sprintf(text, "b: |\n");
    memset(text + len, ' ', indent);
    len += indent;
    len += (size_t)sprintf(text + len, "deep\n");
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    rc_node *fast = NULL, *slow = NULL;
    rc_diag diag;
    ck_assert(rc_yaml_load_at(&arena, "f", text, len, 1, 0, &limits, &fast, &diag));
    ck_assert(rc_yaml_load_libyaml_at(&arena, "f", text, len, 1, 0, &limits, &slow, &diag));
    for (int i = 0; i < 2; i++) {
        const rc_node *b = rc_node_get(i ? slow : fast, "b");
        ck_assert_ptr_nonnull(b);
        ck_assert_uint_eq(b->as.scalar.block_indent, RC_NODE_INDENT_UNKNOWN);
        ck_assert_str_eq(b->as.scalar.text, "deep\n");
    }
    ck_assert_uint_eq(rc_node_indent(65535), 65535);
    ck_assert_uint_eq(rc_node_indent(65536), RC_NODE_INDENT_UNKNOWN);
    rc_arena_release(&arena);
    free(text);
}
END_TEST

START_TEST(columns_beyond_30_bits_are_the_largest_column)
{
    /* Nodes keep a column in 30 bits: both loaders give a column past it as
     * RC_NODE_MAX_COLUMN, and one just inside it exactly. Expanded sizes live in collections
     * only; a scalar's is 1. */
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    rc_diag diag;
    const char *text = "a: [x, {y: z}]\n";
    for (int slow = 0; slow < 2; slow++) {
        uint32_t bases[] = {RC_NODE_MAX_COLUMN - 10, RC_NODE_MAX_COLUMN + 5u};
        for (int i = 0; i < 2; i++) {
            rc_node *root = NULL;
            ck_assert(slow ? rc_yaml_load_libyaml_at(&arena, "f", text, strlen(text), 1,
                                                     bases[i], &limits, &root, &diag)
                           : rc_yaml_load_at(&arena, "f", text, strlen(text), 1, bases[i],
                                             &limits, &root, &diag));
            const rc_node *a = rc_node_get(root, "a");
            ck_assert_ptr_nonnull(a);
            /* `[` is the fourth character of the line. */
            ck_assert_uint_eq(a->column, i ? RC_NODE_MAX_COLUMN : RC_NODE_MAX_COLUMN - 10 + 4);
            ck_assert_uint_eq(rc_node_expanded_size(root), 7);
            ck_assert_uint_eq(rc_node_expanded_size(a), 5);
            ck_assert_uint_eq(rc_node_expanded_size(a->as.seq.items[0]), 1);
            ck_assert_str_eq(rc_node_text(a->as.seq.items[0]), "x");
        }
    }
    rc_node scalar = {.kind = RC_NODE_SCALAR};
    rc_node_set_column(&scalar, (size_t)1 << 40);
    ck_assert_uint_eq(scalar.column, RC_NODE_MAX_COLUMN);
    rc_node_set_expanded_size(&scalar, 9);
    ck_assert_uint_eq(rc_node_expanded_size(&scalar), 1);
    ck_assert_uint_eq(scalar.as.scalar.style, 0);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(tree_compare_names_the_difference)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_arena arena;
    rc_arena_init(&arena);
    rc_node *a = NULL, *b = NULL;
    rc_diag diag;
    ck_assert(rc_yaml_load_libyaml_at(&arena, "f", "x:\n  y: [1, 2]\n", 15, 1, 0, &limits, &a,
                                      &diag));
    ck_assert(rc_yaml_load_libyaml_at(&arena, "f", "x:\n  y: [1, 3]\n", 15, 1, 0, &limits, &b,
                                      &diag));
    char why[256];
    ck_assert(!rc_node_tree_equal(a, b, why, sizeof why));
    ck_assert_msg(strstr(why, ".x.y[1]") && strstr(why, "text"), "%s", why);
    ck_assert(rc_yaml_load_libyaml_at(&arena, "f", "x:\n  y: [1, 2]\n", 15, 2, 0, &limits, &b,
                                      &diag));
    ck_assert(!rc_node_tree_equal(a, b, why, sizeof why));
    ck_assert_msg(strstr(why, "position"), "%s", why);
    ck_assert(!rc_node_tree_equal(a, NULL, why, sizeof why));
    ck_assert(rc_node_tree_equal(NULL, NULL, why, sizeof why));
    rc_arena_release(&arena);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("yaml_fast");
    TCase *differential = tcase_create("differential");
    tcase_set_timeout(differential, 30);
    tcase_add_loop_test(differential, fast_matches_libyaml, 0, CASE_COUNT);
    tcase_add_test(differential, long_key_declines);
    tcase_add_test(differential, positions_saturate_as_libyamls_do);
    tcase_add_test(differential, deep_nesting_is_declined_without_recursion);
    suite_add_tcase(suite, differential);

    TCase *contract = tcase_create("contract");
    tcase_add_test(contract, limits_are_declined_not_reported);
    tcase_add_test(contract, accepted_tree_is_built_in_the_callers_arena);
    tcase_add_test(contract, wired_loader_uses_the_fast_path_transparently);
    tcase_add_test(contract, block_indent_after_multibyte_characters);
    tcase_add_test(contract, block_indent_beyond_16_bits_is_unknown);
    tcase_add_test(contract, columns_beyond_30_bits_are_the_largest_column);
    tcase_add_test(contract, tree_compare_names_the_difference);
    suite_add_tcase(suite, contract);
    return rc_test_run(suite);
}

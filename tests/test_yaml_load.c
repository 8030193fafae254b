/* test_yaml_load.c - one document's text to an rc_node tree (input/yaml_load.h) and the node
 * accessors (model/node.h): kinds, scalar styles, 1-based file positions (with base_line
 * offsets), JSON, anchors, aliases and merge keys, empty documents, syntax errors at the right
 * place, every limit, and the null/int/bool/path semantics rules rely on.
 *
 * Every expected line and column below is read off the fixture text next to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "testutil.h"

static rc_arena arena;
static rc_limits limits;

static void setup(void)
{
    rc_arena_init(&arena);
    rc_limits_default(&limits);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

static rc_node *load_at(const char *yaml, size_t len, uint32_t base_line)
{
    rc_node *root = (rc_node *)&arena; /* any non-NULL: the loader must set it */
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    bool ok = rc_yaml_load(&arena, "in.yaml", yaml, len, base_line, &limits, &root, &diag);
    ck_assert_msg(ok, "fixture does not load: %u:%u: %s", (unsigned)diag.line,
                  (unsigned)diag.column, diag.message);
    return root;
}

static rc_node *load(const char *yaml)
{
    rc_node *root = load_at(yaml, strlen(yaml), 1);
    ck_assert_ptr_nonnull(root);
    return root;
}

/* Loads YAML (LEN bytes) with LIM and expects failure at LINE:COLUMN (COLUMN 0: any column)
 * with FRAGMENT in the message. Returns nothing: a failure is the whole point. */
static void expect_fail_n(const char *yaml, size_t len, uint32_t base_line, const rc_limits *lim,
                          uint32_t line, uint32_t column, const char *fragment)
{
    rc_node *root = (rc_node *)&arena;
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    bool ok = rc_yaml_load(&arena, "bad.yaml", yaml, len, base_line, lim, &root, &diag);
    ck_assert_msg(!ok, "accepted: %.60s", yaml);
    ck_assert_ptr_null(root);
    ck_assert_ptr_nonnull(diag.file);
    ck_assert_str_eq(diag.file, "bad.yaml");
    ck_assert_msg(diag.line == line, "error line %u, expected %u (%s)", (unsigned)diag.line,
                  (unsigned)line, diag.message);
    if (column)
        ck_assert_msg(diag.column == column, "error column %u, expected %u (%s)",
                      (unsigned)diag.column, (unsigned)column, diag.message);
    ck_assert_msg(strstr(diag.message, fragment) != NULL, "message \"%s\" lacks \"%s\"",
                  diag.message, fragment);
}

static void expect_fail(const char *yaml, const rc_limits *lim, uint32_t line, uint32_t column,
                        const char *fragment)
{
    expect_fail_n(yaml, strlen(yaml), 1, lim, line, column, fragment);
}

static void assert_pos(const rc_node *node, uint32_t line, uint32_t column)
{
    ck_assert_ptr_nonnull(node);
    ck_assert_msg(node->line == line && node->column == column,
                  "node at %u:%u, expected %u:%u", (unsigned)node->line,
                  (unsigned)node->column, (unsigned)line, (unsigned)column);
}

static const rc_node *item(const rc_node *seq, size_t i)
{
    ck_assert_ptr_nonnull(seq);
    ck_assert_int_eq(seq->kind, RC_NODE_SEQ);
    ck_assert_uint_lt(i, seq->as.seq.count);
    return seq->as.seq.items[i];
}

static const rc_node_pair *pair(const rc_node *map, const char *key)
{
    const rc_node_pair *p = rc_node_get_pair(map, key);
    ck_assert_msg(p != NULL, "no key %s", key);
    return p;
}

static void assert_scalar(const rc_node *node, const char *text, rc_scalar_style style)
{
    ck_assert_ptr_nonnull(node);
    ck_assert_int_eq(node->kind, RC_NODE_SCALAR);
    ck_assert_str_eq(node->as.scalar.text, text);
    ck_assert_uint_eq(node->as.scalar.len, strlen(text));
    ck_assert_int_eq(node->as.scalar.style, style);
}

/* ---- kinds and scalar styles ---- */

START_TEST(kinds_and_scalar_styles)
{
    const rc_node *root = load("plain: hello world\n"
                               "single: 'it''s'\n"
                               "double: \"a\\tb\\u00e9\"\n"
                               "literal: |\n"
                               "  line one\n"
                               "  line two\n"
                               "folded: >\n"
                               "  folded\n"
                               "  text\n"
                               "strip: |-\n"
                               "  no newline\n"
                               "number: 42\n"
                               "list: [a, b]\n"
                               "map: {k: v}\n");
    ck_assert_int_eq(root->kind, RC_NODE_MAP);
    ck_assert_uint_eq(rc_node_count(root), 9);
    assert_scalar(rc_node_get(root, "plain"), "hello world", RC_SCALAR_PLAIN);
    assert_scalar(rc_node_get(root, "single"), "it's", RC_SCALAR_QUOTED);
    assert_scalar(rc_node_get(root, "double"), "a\tb\xc3\xa9", RC_SCALAR_QUOTED);
    assert_scalar(rc_node_get(root, "literal"), "line one\nline two\n", RC_SCALAR_BLOCK);
    assert_scalar(rc_node_get(root, "folded"), "folded text\n", RC_SCALAR_BLOCK);
    assert_scalar(rc_node_get(root, "strip"), "no newline", RC_SCALAR_BLOCK);
    assert_scalar(rc_node_get(root, "number"), "42", RC_SCALAR_PLAIN);
    const rc_node *list = rc_node_get(root, "list");
    ck_assert_int_eq(list->kind, RC_NODE_SEQ);
    ck_assert_uint_eq(rc_node_count(list), 2);
    assert_scalar(item(list, 0), "a", RC_SCALAR_PLAIN);
    assert_scalar(item(list, 1), "b", RC_SCALAR_PLAIN);
    const rc_node *map = rc_node_get(root, "map");
    ck_assert_int_eq(map->kind, RC_NODE_MAP);
    ck_assert_uint_eq(rc_node_count(map), 1);
    assert_scalar(rc_node_get(map, "k"), "v", RC_SCALAR_PLAIN);
    /* Keys are scalar nodes too, and keep their order. */
    assert_scalar(root->as.map.pairs[0].key, "plain", RC_SCALAR_PLAIN);
    assert_scalar(root->as.map.pairs[8].key, "map", RC_SCALAR_PLAIN);
}
END_TEST

START_TEST(scalar_with_nul_keeps_exact_length)
{
    const rc_node *root = load("k: \"a\\0b\"\n");
    const rc_node *v = rc_node_get(root, "k");
    ck_assert_int_eq(v->kind, RC_NODE_SCALAR);
    ck_assert_uint_eq(v->as.scalar.len, 3);
    ck_assert_int_eq(memcmp(v->as.scalar.text, "a\0b", 4), 0); /* and NUL-terminated */
}
END_TEST

START_TEST(root_can_be_scalar_or_sequence)
{
    const rc_node *s = load("just text\n");
    assert_scalar(s, "just text", RC_SCALAR_PLAIN);
    assert_pos(s, 1, 1);
    const rc_node *q = load("- 1\n- two\n");
    ck_assert_int_eq(q->kind, RC_NODE_SEQ);
    ck_assert_uint_eq(rc_node_count(q), 2);
    assert_pos(q, 1, 1);
    assert_pos(item(q, 1), 2, 3);
}
END_TEST

/* ---- positions ---- */

static const char pod_yaml[] = "apiVersion: v1\n"        /* 1 */
                               "kind: Pod\n"             /* 2 */
                               "metadata:\n"             /* 3 */
                               "  name: web\n"           /* 4 */
                               "  labels:\n"             /* 5 */
                               "    app: web\n"          /* 6 */
                               "spec:\n"                 /* 7 */
                               "  containers:\n"         /* 8 */
                               "    - name: app\n"       /* 9 */
                               "      image: nginx\n"    /* 10 */
                               "      args:\n"           /* 11 */
                               "      - --port\n"        /* 12 */
                               "      - \"8080\"\n"      /* 13 */
                               "      command: |\n"      /* 14 */
                               "        run\n";          /* 15 */

static void check_pod_positions(const rc_node *root, uint32_t off)
{
    assert_pos(root, 1 + off, 1);
    assert_pos(pair(root, "apiVersion")->key, 1 + off, 1);
    assert_pos(rc_node_get(root, "apiVersion"), 1 + off, 13);
    assert_pos(rc_node_get(root, "kind"), 2 + off, 7);
    assert_pos(pair(root, "metadata")->key, 3 + off, 1);
    const rc_node *metadata = rc_node_get(root, "metadata");
    ck_assert_int_eq(metadata->kind, RC_NODE_MAP);
    assert_pos(metadata, 4 + off, 3); /* a block map starts at its first key */
    assert_pos(pair(metadata, "name")->key, 4 + off, 3);
    assert_pos(rc_node_get(metadata, "name"), 4 + off, 9);
    const rc_node *labels = rc_node_get(metadata, "labels");
    assert_pos(labels, 6 + off, 5);
    assert_pos(pair(labels, "app")->key, 6 + off, 5);
    assert_pos(rc_node_get(labels, "app"), 6 + off, 10);

    const rc_node *containers = rc_node_path(root, "spec.containers");
    assert_pos(pair(rc_node_get(root, "spec"), "containers")->key, 8 + off, 3);
    assert_pos(containers, 9 + off, 5); /* a block sequence starts at its first dash */
    const rc_node *c0 = item(containers, 0);
    ck_assert_int_eq(c0->kind, RC_NODE_MAP);
    assert_pos(c0, 9 + off, 7);
    assert_pos(rc_node_get(c0, "name"), 9 + off, 13);
    assert_pos(pair(c0, "image")->key, 10 + off, 7);
    assert_pos(rc_node_get(c0, "image"), 10 + off, 14);
    const rc_node *args = rc_node_get(c0, "args");
    assert_pos(args, 12 + off, 7); /* indentless sequence: at its dash */
    assert_scalar(item(args, 0), "--port", RC_SCALAR_PLAIN);
    assert_pos(item(args, 0), 12 + off, 9);
    assert_scalar(item(args, 1), "8080", RC_SCALAR_QUOTED);
    assert_pos(item(args, 1), 13 + off, 9);
    const rc_node *command = rc_node_get(c0, "command");
    assert_scalar(command, "run\n", RC_SCALAR_BLOCK);
    assert_pos(command, 14 + off, 16); /* a block scalar starts at its | indicator */
}

START_TEST(block_positions_are_one_based)
{
    check_pod_positions(load(pod_yaml), 0);
}
END_TEST

START_TEST(base_line_offsets_every_position)
{
    /* The document starts at file line 40: every line moves by 39, columns do not. */
    const rc_node *root = load_at(pod_yaml, strlen(pod_yaml), 40);
    ck_assert_ptr_nonnull(root);
    check_pod_positions(root, 39);
}
END_TEST

START_TEST(explicit_document_start_marker)
{
    /* A slice from the splitter starts with its --- line. */
    const rc_node *root = load_at("---\na: 1\n", 9, 5);
    ck_assert_ptr_nonnull(root);
    assert_pos(root, 6, 1);
    assert_pos(rc_node_get(root, "a"), 6, 4);
    const rc_node *inline_doc = load("--- [x, y]\n");
    assert_pos(inline_doc, 1, 5);
    assert_pos(item(inline_doc, 1), 1, 9);
}
END_TEST

START_TEST(flow_positions)
{
    const rc_node *root = load("top: {a: 1, b: [x, \"y\"], c: {d: e}}\n"
                               "list: [ {k: v}, [1, 2] ]\n");
    const rc_node *top = rc_node_get(root, "top");
    ck_assert_int_eq(top->kind, RC_NODE_MAP);
    assert_pos(top, 1, 6);
    assert_pos(pair(top, "a")->key, 1, 7);
    assert_pos(rc_node_get(top, "a"), 1, 10);
    assert_pos(pair(top, "b")->key, 1, 13);
    const rc_node *b = rc_node_get(top, "b");
    assert_pos(b, 1, 16);
    assert_pos(item(b, 0), 1, 17);
    assert_pos(item(b, 1), 1, 20);
    assert_scalar(item(b, 1), "y", RC_SCALAR_QUOTED);
    const rc_node *c = rc_node_get(top, "c");
    assert_pos(c, 1, 29);
    assert_pos(rc_node_get(c, "d"), 1, 33);

    const rc_node *list = rc_node_get(root, "list");
    assert_pos(list, 2, 7);
    ck_assert_uint_eq(rc_node_count(list), 2);
    assert_pos(item(list, 0), 2, 9);
    assert_pos(rc_node_get(item(list, 0), "k"), 2, 13);
    assert_pos(item(list, 1), 2, 17);
    assert_pos(item(item(list, 1), 0), 2, 18);
    assert_pos(item(item(list, 1), 1), 2, 21);
}
END_TEST

/* ---- JSON ---- */

START_TEST(json_compact)
{
    const rc_node *root = load("{\"a\": 1, \"b\": [1, 2]}");
    ck_assert_int_eq(root->kind, RC_NODE_MAP);
    assert_pos(root, 1, 1);
    assert_pos(pair(root, "a")->key, 1, 2);
    assert_scalar(pair(root, "a")->key, "a", RC_SCALAR_QUOTED);
    long long v = 0;
    ck_assert(rc_node_int(rc_node_get(root, "a"), &v));
    ck_assert_int_eq(v, 1);
    assert_pos(rc_node_get(root, "a"), 1, 7);
    assert_pos(pair(root, "b")->key, 1, 10);
    const rc_node *b = rc_node_get(root, "b");
    assert_pos(b, 1, 15);
    assert_pos(item(b, 0), 1, 16);
    assert_pos(item(b, 1), 1, 19);
    ck_assert(rc_node_int(item(b, 1), &v));
    ck_assert_int_eq(v, 2);
}
END_TEST

START_TEST(json_pretty_printed)
{
    const rc_node *root = load("{\n"                     /* 1 */
                               "  \"name\": \"demo\",\n" /* 2 */
                               "  \"ports\": [\n"        /* 3 */
                               "    80,\n"               /* 4 */
                               "    443\n"               /* 5 */
                               "  ],\n"                  /* 6 */
                               "  \"meta\": {\"a\": true, \"n\": null}\n" /* 7 */
                               "}\n");                   /* 8 */
    assert_pos(root, 1, 1);
    assert_pos(pair(root, "name")->key, 2, 3);
    assert_scalar(rc_node_get(root, "name"), "demo", RC_SCALAR_QUOTED);
    assert_pos(rc_node_get(root, "name"), 2, 11);
    assert_pos(pair(root, "ports")->key, 3, 3);
    const rc_node *ports = rc_node_get(root, "ports");
    assert_pos(ports, 3, 12);
    assert_pos(item(ports, 0), 4, 5);
    assert_pos(item(ports, 1), 5, 5);
    const rc_node *meta = rc_node_get(root, "meta");
    assert_pos(meta, 7, 11);
    assert_pos(pair(meta, "a")->key, 7, 12);
    assert_pos(rc_node_get(meta, "a"), 7, 17);
    bool flag = false;
    ck_assert(rc_node_bool(rc_node_get(meta, "a"), &flag));
    ck_assert(flag);
    ck_assert(rc_node_is_null(rc_node_get(meta, "n")));
}
END_TEST

START_TEST(json_with_tab_indentation)
{
    const rc_node *root = load("{\n\t\"a\": [\n\t\t1\n\t]\n}\n");
    assert_pos(pair(root, "a")->key, 2, 2);
    assert_pos(rc_node_get(root, "a"), 2, 7);
    assert_pos(item(rc_node_get(root, "a"), 0), 3, 3);
}
END_TEST

/* ---- anchors, aliases, merge keys ---- */

START_TEST(aliases_share_the_anchored_node)
{
    const rc_node *root = load("base: &b {x: 1}\n"
                               "one: *b\n"
                               "two: *b\n"
                               "s: &s hello\n"
                               "t: *s\n"
                               "seq: &q [1, 2]\n"
                               "again: [*q, *s]\n");
    const rc_node *base = rc_node_get(root, "base");
    ck_assert_int_eq(base->kind, RC_NODE_MAP);
    ck_assert_ptr_eq(rc_node_get(root, "one"), base);
    ck_assert_ptr_eq(rc_node_get(root, "two"), base);
    /* The shared node keeps the anchored node's position, which starts at its &anchor. */
    assert_pos(rc_node_get(root, "one"), 1, 7);
    ck_assert_ptr_eq(rc_node_get(root, "t"), rc_node_get(root, "s"));
    assert_scalar(rc_node_get(root, "t"), "hello", RC_SCALAR_PLAIN);
    const rc_node *again = rc_node_get(root, "again");
    ck_assert_ptr_eq(item(again, 0), rc_node_get(root, "seq"));
    ck_assert_ptr_eq(item(again, 1), rc_node_get(root, "s"));
}
END_TEST

START_TEST(redefined_anchor_shadows_the_old_one)
{
    const rc_node *root = load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
    assert_scalar(rc_node_get(root, "b"), "1", RC_SCALAR_PLAIN);
    assert_scalar(rc_node_get(root, "d"), "2", RC_SCALAR_PLAIN);
    assert_pos(rc_node_get(root, "d"), 3, 4);
}
END_TEST

START_TEST(merge_key_single_source)
{
    const rc_node *root = load("base: &base\n"
                               "  a: 1\n"
                               "  b: 2\n"
                               "derived:\n"
                               "  <<: *base\n"
                               "  b: 3\n"
                               "  c: 4\n");
    const rc_node *base = rc_node_get(root, "base");
    const rc_node *derived = rc_node_get(root, "derived");
    ck_assert_uint_eq(rc_node_count(derived), 3); /* a, b, c: the << pair itself is gone */
    ck_assert_ptr_null(rc_node_get(derived, "<<"));
    assert_scalar(rc_node_get(derived, "a"), "1", RC_SCALAR_PLAIN);
    ck_assert_ptr_eq(rc_node_get(derived, "a"), rc_node_get(base, "a"));
    assert_scalar(rc_node_get(derived, "b"), "3", RC_SCALAR_PLAIN); /* explicit wins */
    assert_pos(rc_node_get(derived, "b"), 6, 6);
    assert_scalar(rc_node_get(derived, "c"), "4", RC_SCALAR_PLAIN);
    /* The source is untouched. */
    ck_assert_uint_eq(rc_node_count(base), 2);
    assert_scalar(rc_node_get(base, "b"), "2", RC_SCALAR_PLAIN);
}
END_TEST

START_TEST(merge_key_list_of_sources)
{
    const rc_node *root = load("a: &a {x: 1, y: 1}\n"
                               "b: &b {y: 2, z: 2, w: 2}\n"
                               "c:\n"
                               "  z: 3\n"
                               "  <<: [*a, *b]\n"
                               "d: {<<: [*b, *a]}\n");
    const rc_node *c = rc_node_get(root, "c");
    ck_assert_uint_eq(rc_node_count(c), 4);
    assert_scalar(rc_node_get(c, "x"), "1", RC_SCALAR_PLAIN);
    assert_scalar(rc_node_get(c, "y"), "1", RC_SCALAR_PLAIN); /* earlier source wins */
    assert_scalar(rc_node_get(c, "z"), "3", RC_SCALAR_PLAIN); /* explicit key wins */
    assert_scalar(rc_node_get(c, "w"), "2", RC_SCALAR_PLAIN);
    const rc_node *d = rc_node_get(root, "d");
    ck_assert_uint_eq(rc_node_count(d), 4);
    assert_scalar(rc_node_get(d, "y"), "2", RC_SCALAR_PLAIN); /* order reversed: b wins */
    assert_scalar(rc_node_get(d, "x"), "1", RC_SCALAR_PLAIN);
}
END_TEST

START_TEST(merge_key_inline_map_and_quoted_key)
{
    const rc_node *root = load("m: {<<: {k: v}, j: w}\n"
                               "q: {\"<<\": {k: v}}\n");
    const rc_node *m = rc_node_get(root, "m");
    ck_assert_uint_eq(rc_node_count(m), 2);
    assert_scalar(rc_node_get(m, "k"), "v", RC_SCALAR_PLAIN);
    /* A quoted "<<" is an ordinary key, not a merge. */
    const rc_node *q = rc_node_get(root, "q");
    ck_assert_uint_eq(rc_node_count(q), 1);
    ck_assert_ptr_null(rc_node_get(q, "k"));
    ck_assert_int_eq(rc_node_get(q, "<<")->kind, RC_NODE_MAP);
}
END_TEST

START_TEST(merge_key_with_non_map_source_fails)
{
    expect_fail("m: {<<: 5}\n", &limits, 1, 0, "merge key");
    expect_fail("m: {<<: [{a: 1}, x]}\n", &limits, 1, 0, "merge key");
}
END_TEST

START_TEST(undefined_alias_is_an_error_with_position)
{
    expect_fail("a: 1\nb: *nope\n", &limits, 2, 4, "nope");
    /* An alias before its anchor is just as undefined. */
    expect_fail("a: *later\nb: &later 1\n", &limits, 1, 4, "later");
    /* So is a container naming itself: no cycles can be built. */
    expect_fail("a: &r [1, *r]\n", &limits, 1, 11, "*r");
}
END_TEST

/* ---- empty documents and several documents ---- */

START_TEST(comments_only_is_an_empty_document)
{
    rc_node *root = load_at("# just a comment\n\n# another\n", 28, 1);
    ck_assert_ptr_null(root);
    root = load_at("", 0, 1);
    ck_assert_ptr_null(root);
    root = load_at("\n\n   \n", 6, 3);
    ck_assert_ptr_null(root);
}
END_TEST

START_TEST(marker_and_comments_is_an_empty_document)
{
    /* yaml_load.h: "NULL for an empty document: only comments, blank lines or markers" - the
     * shape helm renders for a template that produced nothing. */
    static const char text[] = "---\n# Source: chart/templates/empty.yaml\n";
    rc_node *root = load_at(text, sizeof text - 1, 1);
    ck_assert_msg(root == NULL, "root is a %s, expected NULL",
                  root && root->kind == RC_NODE_SCALAR ? "scalar" : "node");
    static const char spaced[] = "--- \n\n# nothing else\n";
    ck_assert_ptr_null(load_at(spaced, sizeof spaced - 1, 3));
    /* Found by fuzz/fuzz_load.c: the same with no final newline. */
    static const char unterminated[] = "---\n# Source: c/templates/x.yaml";
    ck_assert_ptr_null(load_at(unterminated, sizeof unterminated - 1, 1));
    ck_assert_ptr_null(load_at("---", 3, 1));
}
END_TEST

/* Found by tests/hostile.sh: a repeated `...`, or a stream that starts with one, leaves a
 * piece made only of document-end markers, which YAML allows and libyaml rejects. */
START_TEST(document_end_markers_only_is_an_empty_document)
{
    static const char repeated[] = "...\n";
    ck_assert_ptr_null(load_at(repeated, sizeof repeated - 1, 8));
    static const char several[] = "...\n# a comment\n... # trailing\n\n";
    ck_assert_ptr_null(load_at(several, sizeof several - 1, 1));
    /* "...x" is no marker: still a syntax error or a scalar, never silently empty. */
    rc_node *root = NULL;
    rc_diag problem;
    bool ok = rc_yaml_load(&arena, "doc.yaml", "...x\n", 5, 1, &limits, &root, &problem);
    ck_assert(!ok || root != NULL);
}
END_TEST

START_TEST(second_document_in_one_slice_is_an_error)
{
    expect_fail("a: 1\n---\nb: 2\n", &limits, 2, 1, "more than one document");
}
END_TEST

/* ---- syntax errors ---- */

START_TEST(bad_indent_reports_its_line)
{
    static const char text[] = "a:\n"
                               "  b: 1\n"
                               " c: 2\n";
    expect_fail(text, &limits, 3, 2, "YAML syntax error");
    /* The same document at file line 100. */
    expect_fail_n(text, strlen(text), 100, &limits, 102, 2, "YAML syntax error");
}
END_TEST

START_TEST(other_syntax_errors_report_position)
{
    expect_fail("ok: 1\nkey: value: x\n", &limits, 2, 11, "mapping values are not allowed");
    expect_fail("a:\n\tb: 1\n", &limits, 2, 1, "YAML syntax error");
    /* An unclosed flow sequence is reported where it opens. */
    expect_fail("a: [1, 2\n", &limits, 1, 4, "did not find expected ',' or ']'");
}
END_TEST

START_TEST(invalid_utf8_is_an_error_inside_the_document)
{
    /* The bad byte is on the document's second line (file line 8); libyaml's reader gives
     * only a byte offset, so the loader may name the document start instead. */
    static const char text[] = "a: 1\nb: \xff\n";
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert(!rc_yaml_load(&arena, "bad.yaml", text, sizeof text - 1, 7, &limits, &root, &diag));
    ck_assert_ptr_null(root);
    ck_assert_msg(diag.line == 7 || diag.line == 8, "line %u", (unsigned)diag.line);
    ck_assert_uint_ge(diag.column, 1);
    ck_assert_msg(strstr(diag.message, "YAML syntax error") != NULL, "%s", diag.message);
}
END_TEST

START_TEST(error_at_end_of_unterminated_last_line)
{
    /* libyaml ends such a stream on a line of its own; the loader names the last character
     * (the blank after "c:", column 7) instead of a line no editor can show. */
    expect_fail("a: 1\nb: {c: ", &limits, 2, 7, "YAML syntax error");
    expect_fail_n("a: 1\nb: {c: ", 12, 30, &limits, 31, 7, "YAML syntax error");
    /* An unterminated quote is reported where it opens. */
    expect_fail("a: 1\nb: \"abc", &limits, 2, 4, "quoted scalar");
    expect_fail("a: 1\nb: 'abc\n", &limits, 2, 4, "quoted scalar");
}
END_TEST

/* ---- limits ---- */

START_TEST(depth_limit_flow)
{
    rc_limits small = limits;
    small.max_depth = 3;
    limits = small;
    const rc_node *ok = load("[[[1]]]");
    ck_assert_uint_eq(rc_node_count(item(item(ok, 0), 0)), 1);
    expect_fail("[[[[1]]]]", &small, 1, 4, "limit of 3");
    expect_fail("{a: {b: [{c: 1}]}}", &small, 1, 10, "limit of 3");
}
END_TEST

START_TEST(depth_limit_block)
{
    rc_limits small = limits;
    small.max_depth = 3;
    limits = small;
    const rc_node *ok = load("a:\n  b:\n    c: 1\n");
    ck_assert_ptr_nonnull(rc_node_path(ok, "a.b.c"));
    expect_fail("a:\n"
                "  b:\n"
                "    c:\n"
                "      d: 1\n",
                &small, 4, 7, "limit of 3");
    expect_fail("- - - - x\n", &small, 1, 7, "limit of 3");
}
END_TEST

static char *repeat_pair(const char *open, const char *middle, const char *close, size_t n)
{
    size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
    char *text = malloc(n * (lo + lc) + lm + 1);
    ck_assert_ptr_nonnull(text);
    char *p = text;
    for (size_t i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, middle, lm);
    p += lm;
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return text;
}

START_TEST(deep_flow_nesting_fails_fast_with_default_limits)
{
    /* 100000 levels: must stop at the default depth limit, not recurse or crawl. */
    char *text = repeat_pair("[", "1", "]", 100000);
    char fragment[64];
    snprintf(fragment, sizeof fragment, "limit of %zu", limits.max_depth);
    expect_fail_n(text, strlen(text), 1, &limits, 1, (uint32_t)limits.max_depth + 1, fragment);
    free(text);
    text = repeat_pair("{a: ", "1", "}", 100000);
    expect_fail_n(text, strlen(text), 1, &limits, 1, 0, fragment);
    free(text);
}
END_TEST

START_TEST(deep_block_nesting_fails_fast_with_default_limits)
{
    char *text = repeat_pair("- ", "x\n", "", 100000);
    char fragment[64];
    snprintf(fragment, sizeof fragment, "limit of %zu", limits.max_depth);
    /* The first sequence over the limit starts at its dash: column 2 * max_depth + 1. */
    expect_fail_n(text, strlen(text), 1, &limits, 1, (uint32_t)(2 * limits.max_depth + 1),
                  fragment);
    free(text);
}
END_TEST

START_TEST(billion_laughs_fails_on_expansion)
{
    /* 9 levels of 10 aliases each: 10^9 nodes if expanded. */
    static const char *const names = "abcdefghi";
    char text[2048];
    size_t k = (size_t)snprintf(text, sizeof text,
                                "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (size_t level = 1; level < 9; level++) {
        char prev = names[level - 1];
        k += (size_t)snprintf(text + k, sizeof text - k, "%c: &%c [", names[level],
                              names[level]);
        for (int i = 0; i < 10; i++)
            k += (size_t)snprintf(text + k, sizeof text - k, "%s*%c", i ? ", " : "", prev);
        k += (size_t)snprintf(text + k, sizeof text - k, "]\n");
    }
    ck_assert_uint_lt(k, sizeof text);
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert(!rc_yaml_load(&arena, "lol.yaml", text, k, 1, &limits, &root, &diag));
    ck_assert_ptr_null(root);
    ck_assert_msg(strstr(diag.message, "alias expansion") != NULL, "%s", diag.message);
    ck_assert_uint_ge(diag.line, 1);
    ck_assert_uint_le(diag.line, 9);
}
END_TEST

START_TEST(expansion_limit_boundary)
{
    /* [&a [1,2,3], *a, *a] expands to 1 + 4 + 4 + 4 = 13 nodes. */
    static const char text[] = "[&a [1,2,3], *a, *a]";
    rc_limits lim = limits;
    lim.max_expanded_nodes = 13;
    limits = lim;
    const rc_node *root = load(text);
    ck_assert_uint_eq(rc_node_expanded_size(root), 13);
    ck_assert_ptr_eq(item(root, 1), item(root, 0));
    lim.max_expanded_nodes = 12;
    expect_fail(text, &lim, 1, 18, "limit of 12 nodes");
    lim.max_expanded_nodes = 8;
    expect_fail(text, &lim, 1, 14, "limit of 8 nodes");
    /* Without aliases the count is the node count: keys count too. */
    lim.max_expanded_nodes = 4;
    expect_fail("{a: 1, b: 2}", &lim, 1, 11, "limit of 4 nodes");
}
END_TEST

START_TEST(scalar_limit)
{
    rc_limits lim = limits;
    lim.max_scalar_bytes = 8;
    limits = lim;
    assert_scalar(rc_node_get(load("a: 12345678\n"), "a"), "12345678", RC_SCALAR_PLAIN);
    expect_fail("a: 123456789\n", &lim, 1, 4, "limit of 8 bytes");
    expect_fail("b: 1\n123456789: a\n", &lim, 2, 1, "limit of 8 bytes");
    expect_fail("c: |\n  1234\n  5678\n", &lim, 1, 4, "limit of 8 bytes");
}
END_TEST

START_TEST(document_limit)
{
    static const char text[] = "a: 1\nb: 2\nc: 33\n"; /* 5 + 5 + 6 = 16 bytes */
    rc_limits lim = limits;
    lim.max_document_bytes = 16;
    limits = lim;
    ck_assert_uint_eq(rc_node_count(load(text)), 3);
    static const char longer[] = "a: 1\nb: 2\nc: 333\n";
    expect_fail_n(longer, sizeof longer - 1, 12, &lim, 12, 1, "limit of 16 bytes");
}
END_TEST

START_TEST(merge_keys_are_not_quadratic)
{
    /* a: 1000 keys; b: 20000 explicit keys and `<<:` with 2000 aliases of a. Linear work is a
     * few million steps; a merge that rescans the pairs gathered so far is ~10^10 (minutes:
     * the limits TCase timeout catches it). */
    enum { K = 1000, S = 2000, E = 20000 };
    size_t size = (size_t)K * 16 + (size_t)E * 16 + (size_t)S * 4 + 64;
    char *text = malloc(size);
    ck_assert_ptr_nonnull(text);
    size_t k = (size_t)snprintf(text, size, "a: &a {");
    for (int i = 0; i < K; i++)
        k += (size_t)snprintf(text + k, size - k, "%sk%05d: %d", i ? ", " : "", i, i);
    k += (size_t)snprintf(text + k, size - k, "}\nb:\n");
    for (int i = 0; i < E; i++)
        k += (size_t)snprintf(text + k, size - k, "  e%05d: 1\n", i);
    k += (size_t)snprintf(text + k, size - k, "  <<: [");
    for (int i = 0; i < S; i++)
        k += (size_t)snprintf(text + k, size - k, "%s*a", i ? ", " : "");
    k += (size_t)snprintf(text + k, size - k, "]\n");
    ck_assert_uint_lt(k, size);
    const rc_node *root = load_at(text, k, 1);
    const rc_node *b = rc_node_get(root, "b");
    ck_assert_uint_eq(rc_node_count(b), E + K);
    assert_scalar(rc_node_get(b, "k00999"), "999", RC_SCALAR_PLAIN);
    free(text);
}
END_TEST

/* ---- accessors ---- */

static const char accessors_yaml[] = "dup: 1\n"
                                     "dup: 2\n"
                                     "nulls:\n"
                                     "  tilde: ~\n"
                                     "  word: null\n"
                                     "  cap: Null\n"
                                     "  upper: NULL\n"
                                     "  empty:\n"
                                     "  mixed: nULL\n"
                                     "  quoted: \"null\"\n"
                                     "  squoted: ''\n"
                                     "  tildeq: '~'\n"
                                     "ints:\n"
                                     "  pos: 42\n"
                                     "  neg: -7\n"
                                     "  plus: +3\n"
                                     "  zero: 0\n"
                                     "  float: 1.5\n"
                                     "  hex: 0x10\n"
                                     "  big: 99999999999999999999\n"
                                     "  trailing: 4a\n"
                                     "bools:\n"
                                     "  t: true\n"
                                     "  f: False\n"
                                     "  T: TRUE\n"
                                     "  yes: yes\n"
                                     "  one: 1\n"
                                     "  nothing: ~\n"
                                     "path:\n"
                                     "  a:\n"
                                     "    b:\n"
                                     "      c: deep\n"
                                     "  list: [x]\n";

START_TEST(last_duplicate_key_wins)
{
    const rc_node *root = load(accessors_yaml);
    assert_scalar(rc_node_get(root, "dup"), "2", RC_SCALAR_PLAIN);
    assert_pos(pair(root, "dup")->key, 2, 1);
    ck_assert_str_eq(rc_node_get_text(root, "dup"), "2");
}
END_TEST

START_TEST(null_spellings)
{
    const rc_node *n = rc_node_get(load(accessors_yaml), "nulls");
    static const char *const nulls[] = {"tilde", "word", "cap", "upper", "empty"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
        const rc_node *v = rc_node_get(n, nulls[i]);
        ck_assert_msg(v != NULL, "%s missing", nulls[i]);
        ck_assert_msg(rc_node_is_null(v), "%s is not null", nulls[i]);
        ck_assert_msg(!rc_node_is_string(v), "%s is a string", nulls[i]);
        ck_assert_ptr_null(rc_node_get_text(n, nulls[i]));
        ck_assert_ptr_nonnull(rc_node_text(v)); /* the raw text is still there */
    }
    static const char *const strings[] = {"mixed", "quoted", "squoted", "tildeq"};
    static const char *const texts[] = {"nULL", "null", "", "~"};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const rc_node *v = rc_node_get(n, strings[i]);
        ck_assert_msg(!rc_node_is_null(v), "%s is null", strings[i]);
        ck_assert_msg(rc_node_is_string(v), "%s is not a string", strings[i]);
        ck_assert_str_eq(rc_node_get_text(n, strings[i]), texts[i]);
    }
    ck_assert(!rc_node_is_null(NULL));
    ck_assert(!rc_node_is_null(n)); /* a map is not null */
    ck_assert(!rc_node_is_string(NULL));
    ck_assert(!rc_node_is_string(n));
}
END_TEST

START_TEST(int_semantics)
{
    const rc_node *ints = rc_node_get(load(accessors_yaml), "ints");
    long long v = 0;
    ck_assert(rc_node_int(rc_node_get(ints, "pos"), &v));
    ck_assert_int_eq(v, 42);
    ck_assert(rc_node_int(rc_node_get(ints, "neg"), &v));
    ck_assert_int_eq(v, -7);
    ck_assert(rc_node_int(rc_node_get(ints, "plus"), &v));
    ck_assert_int_eq(v, 3);
    ck_assert(rc_node_int(rc_node_get(ints, "zero"), &v));
    ck_assert_int_eq(v, 0);
    static const char *const not_ints[] = {"float", "hex", "big", "trailing"};
    for (size_t i = 0; i < sizeof not_ints / sizeof not_ints[0]; i++)
        ck_assert_msg(!rc_node_int(rc_node_get(ints, not_ints[i]), &v), "%s read as int",
                      not_ints[i]);
    ck_assert(!rc_node_int(rc_node_get(rc_node_get(load(accessors_yaml), "nulls"), "tilde"),
                           &v));
    ck_assert(!rc_node_int(ints, &v));
    ck_assert(!rc_node_int(NULL, &v));
    ck_assert(!rc_node_int(rc_node_get(ints, "absent"), &v));
}
END_TEST

START_TEST(int_rejects_blanks_and_nul)
{
    const rc_node *root = load("a: \" 5\"\nb: \"5\\0x\"\nc: \"\\t7\"\n");
    long long v = 0;
    ck_assert_msg(!rc_node_int(rc_node_get(root, "a"), &v), "\" 5\" read as %lld", v);
    ck_assert_msg(!rc_node_int(rc_node_get(root, "b"), &v), "\"5\\0x\" read as %lld", v);
    ck_assert_msg(!rc_node_int(rc_node_get(root, "c"), &v), "\"\\t7\" read as %lld", v);
}
END_TEST

START_TEST(bool_semantics)
{
    const rc_node *b = rc_node_get(load(accessors_yaml), "bools");
    bool v = false;
    ck_assert(rc_node_bool(rc_node_get(b, "t"), &v));
    ck_assert(v);
    ck_assert(rc_node_bool(rc_node_get(b, "f"), &v));
    ck_assert(!v);
    v = false;
    ck_assert(rc_node_bool(rc_node_get(b, "T"), &v));
    ck_assert(v);
    ck_assert(!rc_node_bool(rc_node_get(b, "yes"), &v));
    ck_assert(!rc_node_bool(rc_node_get(b, "one"), &v));
    ck_assert(!rc_node_bool(rc_node_get(b, "nothing"), &v));
    ck_assert(!rc_node_bool(b, &v));
    ck_assert(!rc_node_bool(NULL, &v));
}
END_TEST

START_TEST(path_get_and_count)
{
    const rc_node *root = load(accessors_yaml);
    assert_scalar(rc_node_path(root, "path.a.b.c"), "deep", RC_SCALAR_PLAIN);
    assert_pos(rc_node_path(root, "path.a.b.c"), 32, 10);
    ck_assert_ptr_eq(rc_node_path(root, "path.a"), rc_node_get(rc_node_get(root, "path"), "a"));
    ck_assert_ptr_null(rc_node_path(root, "path.a.x"));
    ck_assert_ptr_null(rc_node_path(root, "path.a.b.c.d")); /* through a scalar */
    ck_assert_ptr_null(rc_node_path(root, "path.list.0")); /* sequences have no keys */
    ck_assert_ptr_null(rc_node_path(NULL, "path"));
    ck_assert_ptr_eq(rc_node_path(root, ""), root);
    ck_assert_ptr_null(rc_node_get(rc_node_path(root, "path.list"), "x"));
    ck_assert_ptr_null(rc_node_get(NULL, "x"));
    ck_assert_ptr_null(rc_node_get_pair(rc_node_path(root, "path.a.b.c"), "c"));
    ck_assert_uint_eq(rc_node_count(root), 6); /* both dup pairs are kept */
    ck_assert_uint_eq(rc_node_count(rc_node_path(root, "path")), 2);
    ck_assert_uint_eq(rc_node_count(rc_node_path(root, "path.list")), 1);
    ck_assert_uint_eq(rc_node_count(rc_node_path(root, "path.a.b.c")), 0);
    ck_assert_uint_eq(rc_node_count(NULL), 0);
    ck_assert_ptr_null(rc_node_text(root));
    ck_assert_ptr_null(rc_node_text(NULL));
    ck_assert_ptr_null(rc_node_get_text(root, "path")); /* a map has no text */
}
END_TEST

/* ---- regression tests for bugs found while writing these suites (all fixed) ----
 * - Invalid UTF-8 is reported at the document's first line, not at the bad byte (libyaml's
 *   reader gives a byte offset, problem_offset, that the loader could turn into a line).
 * - A merge key with a bad source is reported at the end of its mapping (build_map's MARK is
 *   the mapping-end event), which for a block mapping is the first line after it: past the
 *   end of the document, or on the next document's `---`. Found by fuzz/fuzz_load.c ("<<:"). */

START_TEST(merge_error_names_the_merge_key)
{
    expect_fail("<<:", &limits, 1, 1, "merge key");
    expect_fail("a: 1\n<<: 5\n", &limits, 2, 1, "merge key");
    expect_fail("m:\n"
                "  x: 1\n"
                "  <<: [{a: 1}, x]\n"
                "z: 1\n",
                &limits, 3, 3, "merge key");
}
END_TEST


START_TEST(invalid_utf8_names_the_bad_byte)
{
    static const char text[] = "a: 1\nb: \xff\n";
    expect_fail_n(text, sizeof text - 1, 7, &limits, 8, 4, "YAML syntax error");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("yaml_load");

    TCase *tree = tcase_create("tree");
    tcase_add_checked_fixture(tree, setup, teardown);
    tcase_add_test(tree, kinds_and_scalar_styles);
    tcase_add_test(tree, scalar_with_nul_keeps_exact_length);
    tcase_add_test(tree, root_can_be_scalar_or_sequence);
    tcase_add_test(tree, block_positions_are_one_based);
    tcase_add_test(tree, base_line_offsets_every_position);
    tcase_add_test(tree, explicit_document_start_marker);
    tcase_add_test(tree, flow_positions);
    tcase_add_test(tree, json_compact);
    tcase_add_test(tree, json_pretty_printed);
    tcase_add_test(tree, json_with_tab_indentation);
    suite_add_tcase(suite, tree);

    TCase *aliases = tcase_create("aliases");
    tcase_add_checked_fixture(aliases, setup, teardown);
    tcase_add_test(aliases, aliases_share_the_anchored_node);
    tcase_add_test(aliases, redefined_anchor_shadows_the_old_one);
    tcase_add_test(aliases, merge_key_single_source);
    tcase_add_test(aliases, merge_key_list_of_sources);
    tcase_add_test(aliases, merge_key_inline_map_and_quoted_key);
    tcase_add_test(aliases, merge_key_with_non_map_source_fails);
    tcase_add_test(aliases, undefined_alias_is_an_error_with_position);
    suite_add_tcase(suite, aliases);

    TCase *documents = tcase_create("documents");
    tcase_add_checked_fixture(documents, setup, teardown);
    tcase_add_test(documents, comments_only_is_an_empty_document);
    tcase_add_test(documents, marker_and_comments_is_an_empty_document);
    tcase_add_test(documents, document_end_markers_only_is_an_empty_document);
    tcase_add_test(documents, second_document_in_one_slice_is_an_error);
    tcase_add_test(documents, bad_indent_reports_its_line);
    tcase_add_test(documents, other_syntax_errors_report_position);
    tcase_add_test(documents, invalid_utf8_is_an_error_inside_the_document);
    tcase_add_test(documents, error_at_end_of_unterminated_last_line);
    suite_add_tcase(suite, documents);

    /* Hostile inputs must fail fast: the timeout is a hang guard, not a benchmark. */
    TCase *bounds = tcase_create("limits");
    tcase_add_checked_fixture(bounds, setup, teardown);
    tcase_set_timeout(bounds, 20);
    tcase_add_test(bounds, depth_limit_flow);
    tcase_add_test(bounds, depth_limit_block);
    tcase_add_test(bounds, deep_flow_nesting_fails_fast_with_default_limits);
    tcase_add_test(bounds, deep_block_nesting_fails_fast_with_default_limits);
    tcase_add_test(bounds, billion_laughs_fails_on_expansion);
    tcase_add_test(bounds, expansion_limit_boundary);
    tcase_add_test(bounds, scalar_limit);
    tcase_add_test(bounds, document_limit);
    tcase_add_test(bounds, merge_keys_are_not_quadratic);
    suite_add_tcase(suite, bounds);

    TCase *access = tcase_create("accessors");
    tcase_add_checked_fixture(access, setup, teardown);
    tcase_add_test(access, last_duplicate_key_wins);
    tcase_add_test(access, null_spellings);
    tcase_add_test(access, int_semantics);
    tcase_add_test(access, int_rejects_blanks_and_nul);
    tcase_add_test(access, bool_semantics);
    tcase_add_test(access, path_get_and_count);
    suite_add_tcase(suite, access);

    /* Regression tests for bugs these suites found. */
    {
    TCase *regressions = tcase_create("regressions");
    tcase_add_checked_fixture(regressions, setup, teardown);
    tcase_set_timeout(regressions, 20);
    tcase_add_test(regressions, invalid_utf8_names_the_bad_byte);
    tcase_add_test(regressions, merge_error_names_the_merge_key);
    suite_add_tcase(suite, regressions);
    }

    return rc_test_run(suite);
}

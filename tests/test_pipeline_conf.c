/* test_pipeline_conf.c - Alloy and Fluent Bit classic configs into nodes (input/pipeline_conf.h):
 * what the sniff takes and refuses (YAML, JSON, comments first), the trees' shape (blocks,
 * labels, repeated keys, object literals, arrays, kept expression text), positions with a base
 * line and column as for embedded text, and syntax errors and the depth limit at positions. */
#include <string.h>

#include "input/pipeline_conf.h"
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

static rc_node *load(rc_conf_syntax syntax, const char *text, uint32_t line, uint32_t column)
{
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert_msg(rc_conf_load(&arena, syntax, "t", text, strlen(text), line, column, &limits,
                               &root, &diag),
                  "load failed: %s at %u:%u", diag.message, (unsigned)diag.line,
                  (unsigned)diag.column);
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(root->kind, RC_NODE_MAP);
    return root;
}

static rc_diag load_error(rc_conf_syntax syntax, const char *text)
{
    rc_node *root = (rc_node *)1;
    rc_diag diag;
    ck_assert(!rc_conf_load(&arena, syntax, "t", text, strlen(text), 1, 0, &limits, &root,
                            &diag));
    ck_assert_ptr_null(root);
    return diag;
}

START_TEST(sniff_recognises_by_content)
{
    static const struct {
        const char *text;
        rc_conf_syntax want;
    } cases[] = {
        {"[SERVICE]\n    Flush 1\n", RC_CONF_FLUENTBIT},
        {"# comment\n\n[input]\n  Name tail\n", RC_CONF_FLUENTBIT},
        {"[FILTER] # why\n  Name kubernetes\n", RC_CONF_FLUENTBIT},
        {"@INCLUDE inputs.conf\n", RC_CONF_FLUENTBIT},
        {"loki.process \"pods\" {\n}\n", RC_CONF_ALLOY},
        {"// c\n/* multi\nline */\nlogging {\n  level = \"info\"\n}\n", RC_CONF_ALLOY},
        {"prometheus.exporter.unix \"x\" { }\n", RC_CONF_ALLOY},
        {"x = 1\n", RC_CONF_ALLOY},
        {"apiVersion: v1\nkind: ConfigMap\n", RC_CONF_NONE},
        {"{\"panels\": []}\n", RC_CONF_NONE},
        {"[a, b]\n", RC_CONF_NONE},
        {"[PARSERS]\n", RC_CONF_NONE},
        {"a == b\n", RC_CONF_NONE},
        {"---\n# Source: x\nkind: Pod\n", RC_CONF_NONE},
        {"", RC_CONF_NONE},
        {"/* never closed\n", RC_CONF_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(rc_conf_sniff(cases[i].text, strlen(cases[i].text)) == cases[i].want,
                      "case %zu", i);
}
END_TEST

START_TEST(alloy_blocks_labels_and_values)
{
    const char *text = "// pods\n"
                       "loki.process \"pods\" {\n"
                       "  stage.cri {}\n"
                       "  stage.json {\n"
                       "    expressions = {level = \"\", \"msg\" = \"message\", `raw` = `x`}\n"
                       "  }\n"
                       "  stage.json { source = \"a\" }\n"
                       "  forward_to = [loki.write.default.receiver, \"two\",\n"
                       "  ]\n"
                       "  field = \"a=\" + coalesce(sys.env(\"H\"),\n"
                       "    constants.hostname)\n"
                       "}\n";
    rc_node *root = load(RC_CONF_ALLOY, text, 1, 0);
    ck_assert_uint_eq(root->as.map.count, 1);
    const rc_node_pair *process = &root->as.map.pairs[0];
    ck_assert_str_eq(rc_node_text(process->key), "loki.process");
    ck_assert_uint_eq(process->key->line, 2);
    ck_assert_uint_eq(process->key->column, 1);
    const rc_node *body = process->value;
    ck_assert_str_eq(rc_node_text(body->as.map.pairs[0].key), "@label");
    ck_assert_str_eq(rc_node_text(body->as.map.pairs[0].value), "pods");
    ck_assert_uint_eq(body->as.map.count, 6); /* label, cri, json, json, forward_to, field */
    const rc_node *json = body->as.map.pairs[2].value; /* rc_node_get: the last wins */
    ck_assert_int_eq(json->kind, RC_NODE_MAP);
    const rc_node *exprs = rc_node_get(json, "expressions");
    ck_assert_int_eq(exprs->kind, RC_NODE_MAP);
    ck_assert_str_eq(rc_node_get_text(exprs, "level"), "");
    ck_assert_str_eq(rc_node_get_text(exprs, "msg"), "message");
    ck_assert_str_eq(rc_node_get_text(exprs, "raw"), "x");
    const rc_node_pair *msg = rc_node_get_pair(exprs, "msg");
    ck_assert_uint_eq(msg->key->line, 5);
    ck_assert_uint_eq(msg->key->column, 32);
    ck_assert_str_eq(rc_node_get_text(body->as.map.pairs[3].value, "source"), "a");
    const rc_node *forward = rc_node_get(body, "forward_to");
    ck_assert_int_eq(forward->kind, RC_NODE_SEQ);
    ck_assert_uint_eq(forward->as.seq.count, 2);
    ck_assert_str_eq(rc_node_text(forward->as.seq.items[0]), "loki.write.default.receiver");
    ck_assert_int_eq(forward->as.seq.items[0]->as.scalar.style, RC_SCALAR_PLAIN);
    ck_assert_int_eq(forward->as.seq.items[1]->as.scalar.style, RC_SCALAR_QUOTED);
    ck_assert_str_eq(rc_node_get_text(body, "field"),
                     "\"a=\" + coalesce(sys.env(\"H\"),\n    constants.hostname)");
}
END_TEST

START_TEST(alloy_positions_in_embedded_text)
{
    rc_node *root = load(RC_CONF_ALLOY, "a {\n  b = \"x\"\n}\n", 10, 4);
    const rc_node_pair *a = &root->as.map.pairs[0];
    ck_assert_uint_eq(a->key->line, 10);
    ck_assert_uint_eq(a->key->column, 5);
    const rc_node_pair *b = &a->value->as.map.pairs[0];
    ck_assert_uint_eq(b->key->line, 11);
    ck_assert_uint_eq(b->key->column, 7);
    ck_assert_uint_eq(b->value->column, 11);
}
END_TEST

START_TEST(alloy_syntax_errors_have_positions)
{
    rc_diag d = load_error(RC_CONF_ALLOY, "a {\n  b = 1\n");
    ck_assert_uint_eq(d.line, 1);
    ck_assert_uint_eq(d.column, 3);
    d = load_error(RC_CONF_ALLOY, "a {\n  b = \"open\n}\n");
    ck_assert_uint_eq(d.line, 2);
    ck_assert_uint_eq(d.column, 7);
    d = load_error(RC_CONF_ALLOY, "a b {\n}\n");
    ck_assert_uint_eq(d.line, 1);
    ck_assert_uint_eq(d.column, 3);
    d = load_error(RC_CONF_ALLOY, "}\n");
    ck_assert_uint_eq(d.line, 1);
    d = load_error(RC_CONF_ALLOY, "a \"label\" = 1\n");
    ck_assert_uint_eq(d.column, 11);
}
END_TEST

START_TEST(alloy_depth_is_bounded)
{
    limits.max_depth = 8;
    char text[256] = "";
    for (int i = 0; i < 20; i++)
        strcat(text, "a {\n");
    rc_diag d = load_error(RC_CONF_ALLOY, text);
    ck_assert_ptr_nonnull(strstr(d.message, "depth"));
    char array[64] = "x = ";
    for (int i = 0; i < 20; i++)
        strcat(array, "[");
    d = load_error(RC_CONF_ALLOY, array);
    ck_assert_ptr_nonnull(strstr(d.message, "depth"));
}
END_TEST

START_TEST(fluentbit_sections_in_order)
{
    const char *text = "@INCLUDE more.conf\n"
                       "[SERVICE]\n"
                       "    Flush 1\n"
                       "# comment\n"
                       "[FILTER]\n"
                       "    Name    parser\n"
                       "    Parser  a\n"
                       "    Parser  b\r\n"
                       "    Key_Name\n"
                       "[FILTER]\n"
                       "    Name kubernetes\n";
    rc_node *root = load(RC_CONF_FLUENTBIT, text, 1, 0);
    ck_assert_uint_eq(root->as.map.count, 4);
    ck_assert_str_eq(rc_node_text(root->as.map.pairs[0].key), "@INCLUDE");
    ck_assert_str_eq(rc_node_text(root->as.map.pairs[0].value), "more.conf");
    const rc_node_pair *filter = &root->as.map.pairs[2];
    ck_assert_str_eq(rc_node_text(filter->key), "FILTER");
    ck_assert_uint_eq(filter->key->line, 5);
    ck_assert_uint_eq(filter->value->as.map.count, 4);
    ck_assert_str_eq(rc_node_text(filter->value->as.map.pairs[2].value), "b");
    ck_assert_str_eq(rc_node_text(filter->value->as.map.pairs[3].value), "");
    const rc_node_pair *parser = &filter->value->as.map.pairs[1];
    ck_assert_uint_eq(parser->key->line, 7);
    ck_assert_uint_eq(parser->key->column, 5);
    ck_assert_uint_eq(parser->value->column, 13);
    ck_assert_str_eq(rc_node_get_text(root->as.map.pairs[3].value, "Name"), "kubernetes");
}
END_TEST

START_TEST(fluentbit_errors)
{
    rc_diag d = load_error(RC_CONF_FLUENTBIT, "# x\n    Name tail\n");
    ck_assert_uint_eq(d.line, 2);
    ck_assert_uint_eq(d.column, 5);
    d = load_error(RC_CONF_FLUENTBIT, "[INPUT\n");
    ck_assert_uint_eq(d.line, 1);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("pipeline_conf");
    TCase *sniff = tcase_create("sniff");
    tcase_add_test(sniff, sniff_recognises_by_content);
    suite_add_tcase(suite, sniff);

    TCase *alloy = tcase_create("alloy");
    tcase_add_checked_fixture(alloy, setup, teardown);
    tcase_add_test(alloy, alloy_blocks_labels_and_values);
    tcase_add_test(alloy, alloy_positions_in_embedded_text);
    tcase_add_test(alloy, alloy_syntax_errors_have_positions);
    tcase_add_test(alloy, alloy_depth_is_bounded);
    suite_add_tcase(suite, alloy);

    TCase *fluentbit = tcase_create("fluentbit");
    tcase_add_checked_fixture(fluentbit, setup, teardown);
    tcase_add_test(fluentbit, fluentbit_sections_in_order);
    tcase_add_test(fluentbit, fluentbit_errors);
    suite_add_tcase(suite, fluentbit);
    return rc_test_run(suite);
}

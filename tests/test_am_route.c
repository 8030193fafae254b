/* test_am_route.c - Alertmanager matchers and routing-tree evaluation (model/am_route.h). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/am_route.h"
#include "testutil.h"

static rc_arena arena;

static void setup(void)
{
    rc_arena_init(&arena);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

static const rc_node *parse(const char *text)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert_msg(rc_yaml_load(&arena, "test", text, strlen(text), 1, &limits, &root, &diag),
                  "fixture does not parse: %s", diag.message);
    return root;
}

static const rc_am_label critical[] = {{"severity", "critical"}};

/* The receivers a critical alert ends on, joined with spaces. */
static const char *deliver(const char *yaml, rc_am_dialect dialect)
{
    const rc_am_route *root = rc_am_route_build(&arena, dialect, rc_node_get(parse(yaml), "route"));
    ck_assert_ptr_nonnull(root);
    const rc_am_route *ends[8];
    size_t n = rc_am_route_deliver(root, critical, 1, ends, 8);
    static char out[256];
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 8; i++) {
        strcat(out, i ? " " : "");
        strcat(out, ends[i]->receiver ? ends[i]->receiver : "?");
    }
    return out;
}

START_TEST(matcher_syntax)
{
    rc_am_matcher m[4];
    size_t n;
    char why[200];
    ck_assert(rc_am_matcher_parse(&arena, "severity=\"critical\"", NULL, m, 4, &n, why, sizeof why));
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(m[0].name, "severity");
    ck_assert_str_eq(m[0].value, "critical");
    ck_assert_int_eq(m[0].type, RC_AM_EQUAL);
    ck_assert(rc_am_matcher_parse(&arena, "{a=~\"x|y\", b != z}", NULL, m, 4, &n, why, sizeof why));
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(m[0].type, RC_AM_REGEX);
    ck_assert_int_eq(m[1].type, RC_AM_NOT_EQUAL);
    ck_assert_str_eq(m[1].value, "z");
    ck_assert(rc_am_matcher_parse(&arena, "msg=\"a, b\"", NULL, m, 4, &n, why, sizeof why));
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(m[0].value, "a, b");
    /* What amtool 0.25 refuses too. */
    static const char *const bad[] = {"severity", "sev-erity=x", "severity==\"x\"",
                                      "\"severity\"=x", "a=\"open", "a=~\"((\"", "1x=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!rc_am_matcher_parse(&arena, bad[i], NULL, m, 4, &n, why, sizeof why),
                      "\"%s\" should not parse", bad[i]);
}
END_TEST

START_TEST(matchers_past_the_cap_are_left_out)
{
    /* Alertmanager has no limit: past RC_AM_MATCHERS_MAX the first ones are kept, and the
     * item is not called invalid (not even for a bad matcher past the cap). */
    char text[4096] = "";
    for (int i = 0; i < RC_AM_MATCHERS_MAX + 10; i++) {
        char one[32];
        snprintf(one, sizeof one, "%sl%d=\"v\"", i ? "," : "", i);
        strcat(text, one);
    }
    strcat(text, ",bad label");
    rc_am_matcher m[RC_AM_MATCHERS_MAX];
    size_t n;
    char why[200];
    ck_assert(rc_am_matcher_parse(&arena, text, NULL, m, RC_AM_MATCHERS_MAX, &n, why, sizeof why));
    ck_assert_uint_eq(n, RC_AM_MATCHERS_MAX);
    ck_assert_str_eq(m[RC_AM_MATCHERS_MAX - 1].name, "l63");
}
END_TEST

START_TEST(unknown_labels_never_match)
{
    rc_am_matcher m[1];
    size_t n;
    char why[200];
    ck_assert(rc_am_matcher_parse(&arena, "team!=\"a\"", NULL, m, 1, &n, why, sizeof why));
    ck_assert(!rc_am_matcher_matches(&m[0], critical, 1));
    ck_assert(rc_am_matcher_parse(&arena, "severity=~\"crit\"", NULL, m, 1, &n, why, sizeof why));
    ck_assert(!rc_am_matcher_matches(&m[0], critical, 1)); /* anchored */
    ck_assert(rc_am_matcher_parse(&arena, "severity!~\"warn.*\"", NULL, m, 1, &n, why, sizeof why));
    ck_assert(rc_am_matcher_matches(&m[0], critical, 1));
}
END_TEST

START_TEST(first_match_and_continue)
{
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: root\n"
                             "  routes:\n"
                             "    - {receiver: a, matchers: [team=\"x\"]}\n"
                             "    - {receiver: b, match: {severity: critical}}\n"
                             "    - {receiver: c, match_re: {severity: crit.*}}\n",
                             RC_AM_CONFIG_FILE),
                     "b");
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: root\n"
                             "  routes:\n"
                             "    - {receiver: a, matchers: [severity=~\"crit.*\"], continue: true}\n"
                             "    - {receiver: b, matchers: [severity!=\"warning\"]}\n"
                             "    - {receiver: c}\n",
                             RC_AM_CONFIG_FILE),
                     "a b");
    /* A matching child with no matching grandchild delivers to its own, inherited, receiver. */
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: root\n"
                             "  routes:\n"
                             "    - matchers: [severity=\"critical\"]\n"
                             "      routes: [{receiver: deep, matchers: [env=\"prod\"]}]\n",
                             RC_AM_CONFIG_FILE),
                     "root");
    /* An invalid matcher matches nothing. */
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: root\n"
                             "  routes: [{receiver: a, matchers: ['severity==critical']}]\n",
                             RC_AM_CONFIG_FILE),
                     "root");
}
END_TEST

START_TEST(operator_resource)
{
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: team\n"
                             "  routes:\n"
                             "    - receiver: pager\n"
                             "      matchers: [{name: severity, value: crit.*, matchType: '=~'}]\n",
                             RC_AM_CONFIG_CR),
                     "pager");
    ck_assert_str_eq(deliver("route:\n"
                             "  receiver: team\n"
                             "  routes:\n"
                             "    - receiver: pager\n"
                             "      matchers: [{name: severity, value: critical, matchType: '=='}]\n",
                             RC_AM_CONFIG_CR),
                     "team");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("am_route");
    TCase *tc = tcase_create("all");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, matcher_syntax);
    tcase_add_test(tc, matchers_past_the_cap_are_left_out);
    tcase_add_test(tc, unknown_labels_never_match);
    tcase_add_test(tc, first_match_and_continue);
    tcase_add_test(tc, operator_resource);
    suite_add_tcase(suite, tc);
    return rc_test_run(suite);
}

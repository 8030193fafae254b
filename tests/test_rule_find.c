/* test_rule_find.c - telling a Loki ruler's LogQL from PromQL in a rule's expr
 * (checks/rule_find.h): line filters and pipeline stages after a stream selector are LogQL;
 * label matchers, comparisons with numbers, `or`/`unless` and strings holding `|=` are not. */
#include "checks/rule_find.h"
#include "testutil.h"

START_TEST(logql_is_recognised)
{
    static const char *const logql[] = {
        "{app=\"api\"} |= \"error\"",
        "sum(count_over_time({app=\"api\"} |~ \"fail.*\" [5m])) > 0",
        "{app=\"api\"} != \"debug\"",
        "{app=\"api\"}\n  != `debug`",
        "rate({namespace=\"prod\"} | logfmt [5m])",
        "{job=\"x\"} | json | level=\"error\"",
        "{job=\"x\"} !~ \"health\"",
    };
    for (size_t i = 0; i < sizeof logql / sizeof logql[0]; i++)
        ck_assert_msg(rc_rule_expr_is_logql(logql[i]), "LogQL case %zu", i);
}
END_TEST

START_TEST(promql_is_not_logql)
{
    static const char *const promql[] = {
        "up{job=\"api\"} != 0",
        "sum(rate(http_requests_total{code!~\"2..\"}[5m])) by (job) > 1",
        "up{job=\"a|=b\"} == 0",
        "a{x=\"}|= \\\"y\\\"\"} > 1",
        "absent(up{job=\"api\"}) or vector(0)",
        "count_over_time({app=\"api\"}[5m])",
        "",
    };
    for (size_t i = 0; i < sizeof promql / sizeof promql[0]; i++)
        ck_assert_msg(!rc_rule_expr_is_logql(promql[i]), "PromQL case %zu", i);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("rule_find");
    TCase *logql = tcase_create("logql");
    tcase_add_test(logql, logql_is_recognised);
    tcase_add_test(logql, promql_is_not_logql);
    suite_add_tcase(suite, logql);
    return rc_test_run(suite);
}

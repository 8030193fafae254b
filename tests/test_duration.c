/* test_duration.c - Prometheus-style durations and template detection. */
#include <check.h>

#include "model/duration.h"
#include "model/node.h"
#include "testutil.h"

static long long ms_of(const char *text)
{
    long long ms = -1;
    ck_assert_msg(rc_duration_parse(text, &ms), "\"%s\" should parse", text);
    return ms;
}

START_TEST(units_and_combinations)
{
    ck_assert_int_eq(ms_of("15s"), 15000);
    ck_assert_int_eq(ms_of("1m30s"), 90000);
    ck_assert_int_eq(ms_of("500ms"), 500);
    ck_assert_int_eq(ms_of("1m500ms"), 60500);
    ck_assert_int_eq(ms_of("720h"), ms_of("30d"));
    ck_assert_int_eq(ms_of("168h"), ms_of("1w"));
    ck_assert_int_eq(ms_of("1y"), 365LL * 86400000);
    ck_assert_int_eq(ms_of("0"), 0);
    ck_assert_int_eq(ms_of("0s"), 0);
    /* The largest durations Prometheus accepts: 64-bit nanoseconds. */
    ck_assert_int_eq(ms_of("292y"), 292LL * 365 * 86400000);
    ck_assert_int_eq(ms_of("9223372036854ms"), 9223372036854LL);
    ck_assert_int_eq(ms_of("2562047h"), 2562047LL * 3600000);
}
END_TEST

START_TEST(rejects_what_prometheus_rejects)
{
    static const char *const bad[] = {"", "s", "15", "1.5s", "-1s", "15 s", "1s1m", "1s1s",
                                      "10x", "1M", "99999999999999y",
                                      /* overflow, found by fuzz_promql */
                                      "666633332y", "293y", "106752d", "9223372036855ms",
                                      "292y52w", "9223372036854775807ms", "99999999999999999999ms"};
    long long ms;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!rc_duration_parse(bad[i], &ms), "\"%s\" should not parse", bad[i]);
    ck_assert(!rc_duration_parse(NULL, &ms));
}
END_TEST

START_TEST(templated_text)
{
    ck_assert(rc_text_is_templated("{{ .Values.password }}"));
    ck_assert(rc_text_is_templated("${DB_PASSWORD}"));
    ck_assert(rc_text_is_templated("prefix-$(POD_NAME)"));
    ck_assert(!rc_text_is_templated("hunter2"));
    ck_assert(!rc_text_is_templated("$5 {not a template}"));
    ck_assert(!rc_text_is_templated(NULL));
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("duration");
    TCase *tc = tcase_create("all");
    tcase_add_test(tc, units_and_combinations);
    tcase_add_test(tc, rejects_what_prometheus_rejects);
    tcase_add_test(tc, templated_text);
    suite_add_tcase(suite, tc);
    return rc_test_run(suite);
}

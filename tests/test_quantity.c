/* test_quantity.c - Kubernetes quantity parsing and exact comparison (model/quantity.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/quantity.h"
#include "testutil.h"

/* Renders Q as "[-]DIGITSeEXP" ("0" for zero) so that a table can state the exact
 * representation a spelling must produce. */
static const char *describe(const rc_quantity *q, char *buf, size_t size)
{
    if (q->ndigits == 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    size_t k = 0;
    if (q->negative && k + 1 < size)
        buf[k++] = '-';
    for (size_t i = 0; i < q->ndigits && k + 1 < size; i++)
        buf[k++] = (char)('0' + q->digits[i]);
    snprintf(buf + k, size - k, "e%ld", (long)q->exponent);
    return buf;
}

static rc_quantity must_parse(const char *text)
{
    rc_quantity q;
    const char *err = NULL;
    ck_assert_msg(rc_quantity_parse(text, &q, &err), "\"%s\" rejected: %s", text,
                  err ? err : "(no reason)");
    return q;
}

static int sign_of(int v)
{
    return (v > 0) - (v < 0);
}

static int cmp_text(const char *a, const char *b)
{
    rc_quantity qa = must_parse(a);
    rc_quantity qb = must_parse(b);
    return sign_of(rc_quantity_cmp(&qa, &qb));
}

static const struct {
    const char *text;
    const char *repr;
} valid[] = {
    {"0", "0"}, {"0m", "0"}, {"0Gi", "0"}, {"-0", "0"}, {"+0.000e5", "0"}, {".0", "0"},
    {"0.", "0"}, {"000", "0"},
    {"1", "1e0"}, {"+7", "7e0"}, {"-3", "-3e0"}, {"0042", "42e0"}, {"100", "1e2"},
    {"1.25", "125e-2"}, {".5", "5e-1"}, {"5.", "5e0"}, {"-.5", "-5e-1"}, {"1.G", "1e9"},
    {"10.50", "105e-1"}, {"0.5", "5e-1"},
    {"1n", "1e-9"}, {"1u", "1e-6"}, {"100m", "1e-1"}, {"1k", "1e3"}, {"1M", "1e6"},
    {"1G", "1e9"}, {"1T", "1e12"}, {"1P", "1e15"}, {"1E", "1e18"}, {"-2.5k", "-25e2"},
    {"1Ki", "1024e0"}, {"3Ki", "3072e0"}, {"5Ki", "512e1"}, {"1Mi", "1048576e0"},
    {"1Gi", "1073741824e0"}, {"123Mi", "128974848e0"}, {"12.5Ti", "137438953472e2"},
    {"2Pi", "2251799813685248e0"}, {"1Ei", "1152921504606846976e0"}, {"0.5Ki", "512e0"},
    {"1e3", "1e3"}, {"1E3", "1e3"}, {"1e+3", "1e3"}, {"1.5E-2", "15e-3"}, {"-1.5e-2", "-15e-3"},
    {"129e6", "129e6"}, {"1e0", "1e0"}, {"1e0003", "1e3"}, {"12e-1", "12e-1"},
    {"1e300", "1e300"}, {"1e-300", "1e-300"}, {"10e299", "1e300"}, {"0.1e-299", "1e-300"},
};

START_TEST(test_parse_valid)
{
    char buf[256];
    rc_quantity q;
    const char *err = "untouched";
    ck_assert_msg(rc_quantity_parse(valid[_i].text, &q, &err), "\"%s\" rejected: %s",
                  valid[_i].text, err);
    ck_assert_str_eq(describe(&q, buf, sizeof buf), valid[_i].repr);
    ck_assert_str_eq(err, "untouched");
}
END_TEST

static const struct {
    const char *text;
    const char *reason;
} invalid[] = {
    {"", "empty quantity"}, {".", "expected digits"}, {"+", "expected digits"},
    {"-", "expected digits"}, {"Mi", "expected digits"}, {"abc", "expected digits"},
    {"--1", "expected digits"}, {"+-1", "expected digits"}, {"-.", "expected digits"},
    {"1.2.3", "invalid suffix"}, {"1.5.2", "invalid suffix"}, {"1 Gi", "invalid suffix"},
    {" 1", "expected digits"}, {"1 ", "invalid suffix"}, {"1mi", "invalid suffix"},
    {"1K", "invalid suffix"}, {"1ki", "invalid suffix"}, {"1KI", "invalid suffix"},
    {"1Gii", "invalid suffix"}, {"1GiB", "invalid suffix"}, {"1i", "invalid suffix"},
    {"1e3Mi", "invalid suffix"}, {"1Mi3", "invalid suffix"}, {"1e1.5", "invalid suffix"},
    {"1ee3", "invalid suffix"}, {"0x10", "invalid suffix"}, {"1,5", "invalid suffix"},
    {"1e3 ", "invalid suffix"}, {"1\t", "invalid suffix"}, {"1ei", "invalid suffix"},
    {"1e", "invalid suffix"}, {"1e+", "missing exponent digits"},
    {"1e-", "missing exponent digits"}, {"1E+", "missing exponent digits"},
    {"1e301", "exponent out of range"}, {"0e301", "exponent out of range"},
    {"1e99999999999999999999999999", "exponent out of range"},
    {"1e-99999999999999999999999999", "exponent out of range"},
    {"10e300", "value out of range"}, {"1Ei1e", "invalid suffix"},
    {"1000e298", "value out of range"}, {"0.1e-300", "value out of range"},
    {"1e300Ki", "invalid suffix"},
};

START_TEST(test_parse_invalid)
{
    rc_quantity q;
    memset(&q, 0xAB, sizeof q);
    const char *err = NULL;
    ck_assert_msg(!rc_quantity_parse(invalid[_i].text, &q, &err), "\"%s\" accepted",
                  invalid[_i].text);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(err, invalid[_i].reason);
    /* A failed parse leaves a usable zero rather than garbage. */
    ck_assert(rc_quantity_is_zero(&q));
    ck_assert(!q.negative);
}
END_TEST

START_TEST(test_parse_null_and_no_err)
{
    rc_quantity q;
    const char *err = NULL;
    ck_assert(!rc_quantity_parse(NULL, &q, &err));
    ck_assert_str_eq(err, "empty quantity");
    ck_assert(!rc_quantity_parse("1K", &q, NULL));
    ck_assert(rc_quantity_parse("1Ki", &q, NULL));
    ck_assert_uint_eq(q.ndigits, 4);
}
END_TEST

START_TEST(test_parse_n_embedded_nul)
{
    rc_quantity q;
    const char *err = NULL;
    ck_assert(!rc_quantity_parse_n("1\0Gi", 4, &q, &err));
    ck_assert_str_eq(err, "invalid suffix");
    ck_assert(!rc_quantity_parse_n("1\0i", 3, &q, &err));
    ck_assert(!rc_quantity_parse_n("\0", 1, &q, &err));
    ck_assert_str_eq(err, "expected digits");
    /* LEN, not a terminator, ends the text. */
    ck_assert(rc_quantity_parse_n("2Gi", 1, &q, &err));
    rc_quantity two = must_parse("2");
    ck_assert_int_eq(rc_quantity_cmp(&q, &two), 0);
    ck_assert(!rc_quantity_parse_n("2Gi", 0, &q, &err));
    ck_assert_str_eq(err, "empty quantity");
}
END_TEST

/* Fills BUF with PREFIX, COUNT copies of FILL, then SUFFIX. */
static char *build(char *buf, size_t size, const char *prefix, char fill, size_t count,
                   const char *suffix)
{
    size_t plen = strlen(prefix), slen = strlen(suffix);
    ck_assert_uint_lt(plen + count + slen, size);
    memcpy(buf, prefix, plen);
    memset(buf + plen, fill, count);
    memcpy(buf + plen + count, suffix, slen + 1);
    return buf;
}

START_TEST(test_digit_bounds)
{
    static char buf[20000];
    rc_quantity q, one = must_parse("1");
    const char *err = NULL;

    build(buf, sizeof buf, "", '7', RC_QUANTITY_MAX_INPUT_DIGITS, "");
    ck_assert(rc_quantity_parse(buf, &q, &err));
    ck_assert_uint_eq(q.ndigits, RC_QUANTITY_MAX_INPUT_DIGITS);

    /* The largest input times the largest binary suffix still fits exactly. */
    build(buf, sizeof buf, "", '9', RC_QUANTITY_MAX_INPUT_DIGITS, "Ei");
    ck_assert(rc_quantity_parse(buf, &q, &err));
    ck_assert_uint_eq(q.ndigits, RC_QUANTITY_MAX_INPUT_DIGITS + 19);

    build(buf, sizeof buf, "", '7', RC_QUANTITY_MAX_INPUT_DIGITS + 1, "");
    ck_assert(!rc_quantity_parse(buf, &q, &err));
    ck_assert_str_eq(err, "too many significant digits");
    build(buf, sizeof buf, "0.", '3', RC_QUANTITY_MAX_INPUT_DIGITS + 1, "Mi");
    ck_assert(!rc_quantity_parse(buf, &q, &err));
    ck_assert_str_eq(err, "too many significant digits");

    /* Zeros around the significant digits are free; only the magnitude is bounded. */
    build(buf, sizeof buf, "", '0', 15000, "1");
    ck_assert(rc_quantity_parse(buf, &q, &err));
    ck_assert_int_eq(rc_quantity_cmp(&q, &one), 0);
    build(buf, sizeof buf, "1.", '0', 15000, "");
    ck_assert(rc_quantity_parse(buf, &q, &err));
    ck_assert_int_eq(rc_quantity_cmp(&q, &one), 0);
    build(buf, sizeof buf, "-0.", '0', 15000, "Gi");
    ck_assert(rc_quantity_parse(buf, &q, &err));
    ck_assert(rc_quantity_is_zero(&q));
    build(buf, sizeof buf, "1", '0', 15000, "");
    ck_assert(!rc_quantity_parse(buf, &q, &err));
    ck_assert_str_eq(err, "value out of range");
    build(buf, sizeof buf, "0.", '0', 15000, "1");
    ck_assert(!rc_quantity_parse(buf, &q, &err));
    ck_assert_str_eq(err, "value out of range");
    build(buf, sizeof buf, "1e", '9', 15000, "");
    ck_assert(!rc_quantity_parse(buf, &q, &err));
    ck_assert_str_eq(err, "exponent out of range");
}
END_TEST

static const struct {
    const char *a;
    const char *b;
    int sign;
} comparisons[] = {
    {"1Gi", "1073741824", 0}, {"0.5", "500m", 0}, {"1e3", "1k", 0},
    {"128974848", "123Mi", 0}, {"128974848", "129e6", -1}, {"129e6", "123Mi", 1},
    {"1000m", "1", 0}, {"1024Ki", "1Mi", 0}, {"0.1", "100m", 0}, {"1e-3", "1m", 0},
    {"2000m", "2", 0}, {"1.5", "1500m", 0}, {"1500000u", "1.5", 0}, {"1n", "0.000000001", 0},
    {"1E", "1e18", 0}, {"1Ei", "1152921504606846976", 0}, {"0.5Gi", "512Mi", 0},
    {"0", "0m", 0}, {"0", "-0Gi", 0}, {"+1", "1", 0}, {"1.", "1.000", 0},
    {"-1Gi", "-1073741824", 0}, {"-0.5", "-500m", 0},
    {"1Ki", "1k", 1}, {"1M", "1Mi", -1}, {"1G", "1Gi", -1}, {"999m", "1", -1},
    {"1", "1.000000000000000000000000000001", -1}, {"1.1", "1.09", 1}, {"1.09", "1.1", -1},
    {"100", "99.9999", 1}, {"1e-300", "0", 1}, {"-1e-300", "0", -1},
    {"-1", "1", -1}, {"-2", "-1", -1}, {"-1", "-1.5", 1}, {"-1Mi", "-1M", -1},
};

START_TEST(test_compare_pairs)
{
    int got = cmp_text(comparisons[_i].a, comparisons[_i].b);
    ck_assert_msg(got == comparisons[_i].sign, "cmp(%s, %s) = %d, want %d", comparisons[_i].a,
                  comparisons[_i].b, got, comparisons[_i].sign);
    /* Antisymmetry: swapping the arguments flips the answer. */
    ck_assert_int_eq(cmp_text(comparisons[_i].b, comparisons[_i].a), -comparisons[_i].sign);
}
END_TEST

START_TEST(test_ordering_chain)
{
    /* Strictly ascending; every pair must compare by position. */
    static const char *chain[] = {
        "-1Ei", "-1E", "-2", "-1.5", "-1", "-999m", "-500m", "-1n", "0", "1n", "1u", "1m",
        "500m", "999m", "1", "1.000001", "1.5", "2001m", "1k", "1Ki", "1M", "1Mi", "123Mi",
        "129e6", "1G", "1Gi", "1T", "1Ti", "1P", "1Pi", "1E", "1Ei", "1e300",
    };
    size_t n = sizeof chain / sizeof chain[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int want = (i > j) - (i < j);
            int got = cmp_text(chain[i], chain[j]);
            ck_assert_msg(got == want, "cmp(%s, %s) = %d, want %d", chain[i], chain[j], got,
                          want);
        }
    }
}
END_TEST

START_TEST(test_is_zero)
{
    static const char *zeros[] = {"0", "0m", "0Gi", "-0", "+0", ".0", "0.", "0e5", "-0.000Ki"};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++) {
        rc_quantity q = must_parse(zeros[i]);
        ck_assert_msg(rc_quantity_is_zero(&q), "\"%s\" not zero", zeros[i]);
        ck_assert_msg(!q.negative, "\"%s\" is a negative zero", zeros[i]);
    }
    static const char *nonzeros[] = {"1n", "-1n", "1e-300", "0.1", "1Ki"};
    for (size_t i = 0; i < sizeof nonzeros / sizeof nonzeros[0]; i++) {
        rc_quantity q = must_parse(nonzeros[i]);
        ck_assert_msg(!rc_quantity_is_zero(&q), "\"%s\" is zero", nonzeros[i]);
    }
    rc_quantity init = {0};
    ck_assert(rc_quantity_is_zero(&init));
    rc_quantity z = must_parse("0");
    ck_assert_int_eq(rc_quantity_cmp(&init, &z), 0);
}
END_TEST

START_TEST(test_to_double)
{
    rc_quantity q;
    q = must_parse("1.5");
    ck_assert_double_eq(rc_quantity_to_double(&q), 1.5);
    q = must_parse("500m");
    ck_assert_double_eq(rc_quantity_to_double(&q), 0.5);
    q = must_parse("0.1");
    ck_assert_double_eq(rc_quantity_to_double(&q), 0.1);
    q = must_parse("1Gi");
    ck_assert_double_eq(rc_quantity_to_double(&q), 1073741824.0);
    q = must_parse("-2.5k");
    ck_assert_double_eq(rc_quantity_to_double(&q), -2500.0);
    q = must_parse("1.5E-2");
    ck_assert_double_eq(rc_quantity_to_double(&q), 0.015);
    q = must_parse("0Gi");
    ck_assert_double_eq(rc_quantity_to_double(&q), 0.0);
    q = must_parse("250m");
    rc_quantity r = must_parse("1");
    ck_assert_double_eq(rc_quantity_to_double(&q) / rc_quantity_to_double(&r), 0.25);

    /* The bounds keep the extremes finite and non-zero. */
    q = must_parse("9.99e300");
    ck_assert(isfinite(rc_quantity_to_double(&q)));
    ck_assert_double_gt(rc_quantity_to_double(&q), 9e300);
    q = must_parse("-1e-300");
    ck_assert_double_lt(rc_quantity_to_double(&q), 0.0);
    ck_assert_double_gt(rc_quantity_to_double(&q), -2e-300);
    char buf[160];
    build(buf, sizeof buf, "", '9', RC_QUANTITY_MAX_INPUT_DIGITS, "Ei");
    q = must_parse(buf);
    ck_assert_double_eq_tol(rc_quantity_to_double(&q), 1.152921504606846976e118, 1e103);
}
END_TEST

static Suite *quantity_suite(void)
{
    Suite *s = suite_create("quantity");
    TCase *tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_parse_valid, 0, (int)(sizeof valid / sizeof valid[0]));
    tcase_add_loop_test(tc, test_parse_invalid, 0, (int)(sizeof invalid / sizeof invalid[0]));
    tcase_add_test(tc, test_parse_null_and_no_err);
    tcase_add_test(tc, test_parse_n_embedded_nul);
    tcase_add_test(tc, test_digit_bounds);
    suite_add_tcase(s, tc);

    tc = tcase_create("compare");
    tcase_add_loop_test(tc, test_compare_pairs, 0,
                        (int)(sizeof comparisons / sizeof comparisons[0]));
    tcase_add_test(tc, test_ordering_chain);
    tcase_add_test(tc, test_is_zero);
    tcase_add_test(tc, test_to_double);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rc_test_run(quantity_suite());
}

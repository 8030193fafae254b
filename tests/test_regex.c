/* test_regex.c - PCRE2 patterns (util/regex.h): compiled at once or on the first match,
 * JIT-compiled once hot, and matched from several threads at once on the same pattern, which
 * is how rules will run. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/regex.h"
#include "testutil.h"

enum { THREADS = 8, ROUNDS = 2000 };

typedef struct worker {
    const rc_regex *regex;
    pthread_barrier_t *start;
    size_t wrong; /* answers that differed from the expected ones */
} worker;

/* Subjects and whether "^web-[0-9]+$|(?i)backend" matches them; NULs inside a subject
 * count, as the subject's length is passed, and invalid UTF-8 is no error, only no match
 * across it. Matched thousands of times, so answered by the interpreter and by JIT code. */
static const struct {
    const char *text;
    size_t len;
    bool match;
} subjects[] = {
    {"web-12", 6, true},     {"web-12x", 7, false}, {"rel-BACKEND", 11, true},
    {"web-", 4, false},      {"", 0, false},        {"web-1\0x", 7, false},
    {"x backend y", 11, true}, {"\xff backend \xfe", 11, true}, {"web-1\xff", 6, false},
};

static void *match_many(void *arg)
{
    worker *w = arg;
    /* Every thread reaches the first match together, so the deferred compile is raced. */
    pthread_barrier_wait(w->start);
    for (size_t round = 0; round < ROUNDS; round++) {
        for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
            if (rc_regex_match(w->regex, subjects[i].text, subjects[i].len) != subjects[i].match)
                w->wrong++;
        }
    }
    return NULL;
}

static void match_from_threads(const rc_regex *regex)
{
    pthread_barrier_t start;
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, THREADS), 0);
    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (size_t i = 0; i < THREADS; i++) {
        workers[i] = (worker){regex, &start, 0};
        ck_assert_int_eq(pthread_create(&threads[i], NULL, match_many, &workers[i]), 0);
    }
    for (size_t i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
        ck_assert_msg(workers[i].wrong == 0, "thread %zu: %zu wrong answers", i,
                      workers[i].wrong);
    }
    pthread_barrier_destroy(&start);
}

/* Whether this PCRE2 has a JIT and the run allows it (valgrind runs set READYCTL_NO_JIT). */
static bool jit_expected(void)
{
    uint32_t jit = 0;
    return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit && !getenv("READYCTL_NO_JIT");
}

/* The threads race the deferred compile at their first match, and later the JIT compile, which
 * the pattern's work reaches while they all match it. */
START_TEST(deferred_pattern_matched_from_threads_at_once)
{
    rc_regex *regex = rc_regex_defer("^web-[0-9]+$|(?i)backend", false);
    ck_assert_ptr_nonnull(regex);
    ck_assert(!rc_regex_is_compiled(regex));
    match_from_threads(regex);
    ck_assert(rc_regex_is_compiled(regex));
    ck_assert(rc_regex_is_jit_compiled(regex) == jit_expected());
    rc_regex_free(regex);
}
END_TEST

START_TEST(compiled_pattern_matched_from_threads_at_once)
{
    char err[256];
    rc_regex *regex = rc_regex_compile("^web-[0-9]+$|(?i)backend", false, err, sizeof err);
    ck_assert_msg(regex != NULL, "%s", err);
    ck_assert(rc_regex_is_compiled(regex));
    match_from_threads(regex);
    rc_regex_free(regex);
}
END_TEST

START_TEST(deferral_compiles_on_the_first_match_only)
{
    rc_regex *regex = rc_regex_defer("^a+$", true);
    ck_assert_ptr_nonnull(regex);
    ck_assert_str_eq(rc_regex_pattern(regex), "^a+$");
    ck_assert(!rc_regex_is_compiled(regex));
    ck_assert(rc_regex_match(regex, "AaA", 3)); /* caseless */
    ck_assert(rc_regex_is_compiled(regex));
    ck_assert(!rc_regex_match(regex, "ab", 2));
    /* Interpreted until its matches repay a JIT compile: a few short ones do not. */
    ck_assert(!rc_regex_is_jit_compiled(regex));
    for (int i = 0; i < 1000; i++)
        ck_assert(rc_regex_match(regex, "aaaa", 4));
    ck_assert(rc_regex_is_jit_compiled(regex) == jit_expected());
    ck_assert(rc_regex_match(regex, "AaA", 3));
    ck_assert(!rc_regex_match(regex, "ab", 2));
    rc_regex_free(regex);
}
END_TEST

/* Several patterns asked as one: matches where any matches, each pattern's inline options
 * stay its own, NULs in the subject count; patterns that number groups, or that do not
 * compile joined, leave it unusable (-1) rather than wrong. */
START_TEST(joined_patterns_match_where_any_does)
{
    static const char *const parts[] = {"(?i)passw(or)?d", "^web-[0-9]+$", "x\\.y"};
    rc_regex *any = rc_regex_defer_any(parts, 3);
    ck_assert_ptr_nonnull(any);
    ck_assert(!rc_regex_is_compiled(any));
    ck_assert_str_eq(rc_regex_pattern(any), "");
    static const struct {
        const char *text;
        size_t len;
        int answer;
    } cases[] = {
        {"DB_PASSWORD", 11, 1}, {"web-12", 6, 1}, {"WEB-12", 6, 0}, /* (?i) stays in part 1 */
        {"x.y", 3, 1},          {"xzy", 3, 0},    {"web-1\0", 7, 0},
        {"\0pwd passwd", 12, 1}, {"", 0, 0},
    };
    for (int round = 0; round < 200; round++) { /* interpreted, then JIT-compiled */
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            ck_assert_msg(rc_regex_try_match(any, cases[i].text, cases[i].len) == cases[i].answer,
                          "case %zu", i);
    }
    ck_assert(rc_regex_is_compiled(any));
    rc_regex_free(any);

    static const char *const numbered[] = {"(a)\\1", "zz"};
    static const char *const recursive[] = {"zz", "a(?1)?"};
    static const char *const verb_late[] = {"zz", "(*UTF)a"};
    static const char *const *const unusable[] = {numbered, recursive, verb_late};
    for (size_t u = 0; u < 3; u++) {
        rc_regex *bad = rc_regex_defer_any(unusable[u], 2);
        ck_assert_int_eq(rc_regex_try_match(bad, "zz", 2), -1);
        ck_assert(!rc_regex_match(bad, "zz", 2));
        rc_regex_free(bad);
    }
}
END_TEST

START_TEST(invalid_pattern)
{
    /* At once: refused with PCRE2's reason and the 1-based offset. */
    char err[256];
    ck_assert_ptr_null(rc_regex_compile("ab(cd", false, err, sizeof err));
    ck_assert_msg(strstr(err, "invalid regular expression at offset 6") != NULL, "%s", err);
    /* Deferred (only ever for patterns validated beforehand): it matches nothing. */
    rc_regex *regex = rc_regex_defer("ab(cd", false);
    ck_assert_ptr_nonnull(regex);
    ck_assert(!rc_regex_match(regex, "ab(cd", 5));
    ck_assert(!rc_regex_is_compiled(regex));
    ck_assert(!rc_regex_match(regex, "", 0));
    rc_regex_free(regex);
    rc_regex_free(NULL);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("regex");
    TCase *threads = tcase_create("threads");
    tcase_add_test(threads, deferred_pattern_matched_from_threads_at_once);
    tcase_add_test(threads, compiled_pattern_matched_from_threads_at_once);
    suite_add_tcase(suite, threads);
    TCase *compile = tcase_create("compile");
    tcase_add_test(compile, deferral_compiles_on_the_first_match_only);
    tcase_add_test(compile, joined_patterns_match_where_any_does);
    tcase_add_test(compile, invalid_pattern);
    suite_add_tcase(suite, compile);
    return rc_test_run(suite);
}

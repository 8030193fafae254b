/* test_run.c - a run judges the same whether each document's object rules run on its parsing
 * thread right after its parse (rc_run_execute) or after every input is read (rc_run_load,
 * then rc_run_judge): the same findings at the same places, the same examined objects and
 * the same score, on one thread and on several, helm test hooks and List items included.
 * The settle callback is called once, before any rule, and a refusal runs no rule. */
#define _GNU_SOURCE /* fmemopen */
#include <stdio.h>
#include <string.h>

#include "engine/run.h"
#include "rules/pack.h"
#include "testutil.h"

static rc_pack pack;

static void setup(void)
{
    rc_diag diag;
    rc_pack_init(&pack);
    ck_assert_msg(rc_pack_load_builtin(&pack, &diag), "%s", diag.message);
}

static void teardown(void)
{
    rc_pack_release(&pack);
}

/* A release with a finding of most object rules, a Service and HPA for release rules, a helm
 * test hook (skipped), a lifecycle hook (object rules only), a List's items (made when filed)
 * and a document that does not parse. Repeated so that several threads share the work. */
static const char release_part[] =
    "---\n# Source: app/templates/deploy.yaml\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web%1$d\n"
    "spec:\n  selector: {matchLabels: {app: web%1$d}}\n  template:\n"
    "    metadata: {labels: {app: web%1$d}}\n    spec:\n      containers:\n"
    "        - name: app\n          image: nginx:latest\n"
    "          env: [{name: DB_PASSWORD, value: hunter2hunter2}]\n"
    "---\n# Source: app/templates/svc.yaml\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: web%1$d}\n"
    "spec: {selector: {app: web%1$d}, ports: [{port: 80, targetPort: 8080}]}\n"
    "---\n# Source: app/templates/cm.yaml\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg%1$d}\n"
    "data: {password: s3cr3t-value-%1$d, LOG_LEVEL: info}\n"
    "---\n# Source: app/templates/test.yaml\n"
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test%1$d\n"
    "  annotations: {helm.sh/hook: test}\n"
    "spec: {containers: [{name: t, image: busybox}]}\n"
    "---\n# Source: app/templates/job.yaml\n"
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate%1$d\n"
    "  annotations: {helm.sh/hook: pre-install}\n"
    "spec: {template: {spec: {containers: [{name: m, image: migrate}]}}}\n"
    "---\n# Source: app/templates/list.yaml\n"
    "apiVersion: v1\nkind: List\nitems:\n"
    "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: listed%1$d}, data: {token: abc}}\n"
    "---\n# Source: app/templates/broken.yaml\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n";

static char *release_text(int parts, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    ck_assert_ptr_nonnull(out);
    for (int i = 0; i < parts; i++)
        fprintf(out, release_part, i);
    ck_assert_int_eq(fclose(out), 0);
    return text;
}

typedef struct settle_log {
    int calls;
    bool agree;
} settle_log;

static bool count_settle(void *user)
{
    settle_log *log = user;
    log->calls++;
    return log->agree;
}

/* A run over TEXT on standard input with JOBS threads; EARLY: rc_run_execute, else
 * rc_run_load and rc_run_judge. */
static rc_run *run_text(const char *text, size_t len, size_t jobs, bool early, settle_log *log,
                        rc_run_options *options, FILE **in)
{
    static const char *const paths[] = {"-"};
    *in = fmemopen((void *)text, len, "r");
    ck_assert_ptr_nonnull(*in);
    memset(options, 0, sizeof *options);
    options->paths = paths;
    options->path_count = 1;
    options->stdin_stream = *in;
    options->profile = "prod";
    options->fail_on = RC_SEVERITY_ERROR;
    options->jobs = jobs;
    options->settle = count_settle;
    options->settle_user = log;
    rc_limits_default(&options->limits);
    rc_run *run = rc_run_create(&pack, options);
    ck_assert_ptr_nonnull(run);
    bool ok = early ? rc_run_execute(run) : rc_run_load(run) && rc_run_judge(run);
    ck_assert_int_eq(ok, log->agree);
    return run;
}

static const char *text_or(const char *text)
{
    return text ? text : "(null)";
}

static void assert_same_result(const rc_result *a, const rc_result *b)
{
    ck_assert_uint_eq(a->finding_count, b->finding_count);
    for (size_t i = 0; i < a->finding_count; i++) {
        const rc_finding *x = &a->findings[i], *y = &b->findings[i];
        ck_assert_str_eq(x->rule->id, y->rule->id);
        ck_assert_str_eq(x->message, y->message);
        ck_assert_str_eq(text_or(x->path), text_or(y->path));
        ck_assert_uint_eq(x->line, y->line);
        ck_assert_uint_eq(x->column, y->column);
        ck_assert_uint_eq(x->input_line, y->input_line);
        ck_assert_str_eq(text_or(x->object), text_or(y->object));
        ck_assert_str_eq(text_or(x->suppression), text_or(y->suppression));
        ck_assert_str_eq(text_or(x->fingerprint), text_or(y->fingerprint));
    }
    ck_assert_uint_eq(a->examined_count, b->examined_count);
    for (size_t i = 0; i < a->examined_count; i++) {
        ck_assert_str_eq(a->examined[i].rule->id, b->examined[i].rule->id);
        ck_assert_str_eq(a->examined[i].object, b->examined[i].object);
    }
    ck_assert_int_eq(a->scored, b->scored);
    ck_assert_double_eq(a->score, b->score);
    ck_assert_uint_eq(a->object_count, b->object_count);
    ck_assert_uint_eq(a->skipped_count, b->skipped_count);
    ck_assert_uint_eq(a->input_errors, b->input_errors);
}

/* Finds rule ID's findings in RESULT. */
static size_t count_rule(const rc_result *result, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < result->finding_count; i++)
        n += strcmp(result->findings[i].rule->id, id) == 0;
    return n;
}

static void compare_paths(int parts, size_t jobs)
{
    size_t len;
    char *text = release_text(parts, &len);
    settle_log early_log = {0, true}, late_log = {0, true};
    rc_run_options early_options, late_options;
    FILE *early_in, *late_in;
    rc_run *early = run_text(text, len, jobs, true, &early_log, &early_options, &early_in);
    rc_run *late = run_text(text, len, jobs, false, &late_log, &late_options, &late_in);
    ck_assert_int_eq(early_log.calls, 1);
    ck_assert_int_eq(late_log.calls, 1);
    const rc_result *a = rc_run_result(early), *b = rc_run_result(late);
    /* The fixture must reach object rules, the List's items and both kinds of hook. */
    ck_assert_uint_gt(count_rule(a, "RC001"), 0);
    ck_assert_uint_gt(a->finding_count, (size_t)parts * 4);
    ck_assert_uint_eq(a->hook_count, (size_t)parts);
    ck_assert_uint_eq(a->skipped_count, (size_t)parts);
    assert_same_result(a, b);
    rc_run_free(early);
    rc_run_free(late);
    fclose(early_in);
    fclose(late_in);
    free(text);
}

START_TEST(test_same_result_one_thread)
{
    compare_paths(3, 1);
}
END_TEST

/* Enough documents and bytes for the parse and the rules to use several threads. */
START_TEST(test_same_result_threads)
{
    compare_paths(400, 4);
}
END_TEST

START_TEST(test_refused_settle_runs_no_rule)
{
    size_t len;
    char *text = release_text(2, &len);
    settle_log log = {0, false};
    rc_run_options options;
    FILE *in;
    rc_run *run = run_text(text, len, 2, true, &log, &options, &in);
    ck_assert_int_eq(log.calls, 1);
    ck_assert(!rc_run_settled(run));
    rc_run_free(run);
    fclose(in);
    free(text);
}
END_TEST

START_TEST(test_load_alone_does_not_settle)
{
    size_t len;
    char *text = release_text(2, &len);
    static const char *const paths[] = {"-"};
    FILE *in = fmemopen(text, len, "r");
    settle_log log = {0, true};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.stdin_stream = in;
    options.jobs = 2;
    options.settle = count_settle;
    options.settle_user = &log;
    rc_limits_default(&options.limits);
    rc_run *run = rc_run_create(&pack, &options);
    ck_assert(rc_run_load(run));
    ck_assert_int_eq(log.calls, 0);
    ck_assert(!rc_run_settled(run));
    size_t count;
    rc_run_objects(run, &count);
    ck_assert_uint_gt(count, 0);
    rc_run_free(run);
    fclose(in);
    free(text);
}
END_TEST

static Suite *run_suite(void)
{
    Suite *suite = suite_create("run");
    TCase *tc = tcase_create("judge while parsing");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_same_result_one_thread);
    tcase_add_test(tc, test_same_result_threads);
    tcase_add_test(tc, test_refused_settle_runs_no_rule);
    tcase_add_test(tc, test_load_alone_does_not_settle);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return rc_test_run(run_suite());
}

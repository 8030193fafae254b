/* fuzz_lint.c - libFuzzer target for a whole lint run: the input is a release stream read as
 * standard input, linted with the default rule pack (object and release rules, embedded
 * dashboard and Loki configs, selectors, quantities, durations), and one output format,
 * chosen from the input's bytes, is written. Inputs whose length is odd are judged under a
 * platform's declared requirements (the bundled chart's), even ones with none, so both modes
 * of every rule are driven. Crashes, sanitizer reports and leaks are findings. See
 * docs/fuzzing.md. */
#define _GNU_SOURCE /* fmemopen */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config/config.h"
#include "engine/run.h"
#include "report/report.h"
#include "rules/pack.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char platform_settings[] =
    "requirements:\n"
    "  services: [backend, recurring-task, notification, sync, audit, '/^api-.*$/']\n"
    "  autoscaling: [backend, sync, missing]\n"
    "  scraping: {interval: 15s}\n"
    "  dashboards:\n"
    "    refresh: 30s\n"
    "    topics: [{name: lag, match: 'consumer_?lag'}, {name: ws, match: websocket}]\n"
    "  logging: {format: json, fields: [time, level, msg]}\n"
    "  retention: {metrics: {min: 15d, max: 30d}, logs: {dev: 7d, prod: 30d}}\n"
    "  backup: required\n";

/* Process-wide, set up once: the pack and the settings are data the fuzzer does not
 * control, and loading the pack (YAML plus every rule's regexes) costs far more than one
 * lint of a small input. Nothing below writes to them after LLVMFuzzerInitialize. */
static rc_pack pack;
static rc_config settings;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rc_diag diag;
    rc_pack_init(&pack);
    if (!rc_pack_load_builtin(&pack, &diag))
        abort();
    rc_config_init(&settings);
    if (!rc_config_load_text(&settings, "fuzz.readyctl.yaml", platform_settings,
                             sizeof platform_settings - 1, &diag))
        abort();
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return 0;
}

/* Which output format an input is written in: a hash of its bytes, so that every input
 * reaches one writer and a replay of a saved input picks the same one. Writing all seven on
 * every input made the SARIF writer (which describes every rule of the pack) 60% of the
 * time per execution. */
static size_t pick_format(const uint8_t *data, size_t size, size_t count)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < size; i++)
        hash = (hash ^ data[i]) * 16777619u;
    return hash % count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0; /* an empty stdin is the CLI's business, tested in tests/hostile.sh */
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in)
        abort();
    static const char *const paths[] = {"-"};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.stdin_stream = in;
    options.profile = "prod";
    options.fail_on = RC_SEVERITY_ERROR;
    options.jobs = 1;
    options.requirements = size % 2 ? &settings.requirements : NULL;
    rc_limits_default(&options.limits);
    /* Keep runs fast: small documents are where the bugs are. */
    options.limits.max_expanded_nodes = 100000;
    rc_run *run = rc_run_create(&pack, &options);
    if (run && rc_run_execute(run)) {
        size_t count;
        const rc_report_format *formats = rc_report_formats(&count);
        rc_report_options report = {0};
        formats[pick_format(data, size, count)].write(sink, rc_run_result(run), &report);
    }
    rc_run_free(run);
    fclose(in);
    return 0;
}

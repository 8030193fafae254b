/* fuzz_lint.c - libFuzzer target for a whole lint run: the input is a release stream read as
 * standard input, linted with the default rule pack (object and release rules, embedded
 * dashboard and Loki configs, selectors, quantities, durations), and every output format is
 * written. Inputs whose length is odd are judged under a platform's declared requirements
 * (the bundled chart's), even ones with none, so both modes of every rule are driven.
 * Crashes, sanitizer reports and leaks are findings. See fuzz/README.md. */
#define _GNU_SOURCE /* fmemopen */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config/config.h"
#include "engine/run.h"
#include "report/report.h"
#include "rules/pack.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The pack is data the fuzzer does not control: loaded once for every input. */
    static rc_pack pack;
    static int loaded;
    if (!loaded) {
        rc_diag diag;
        rc_pack_init(&pack);
        if (!rc_pack_load_builtin(&pack, &diag))
            abort();
        loaded = 1;
    }
    static rc_config settings;
    static int configured;
    if (!configured) {
        rc_diag diag;
        rc_config_init(&settings);
        if (!rc_config_load_text(&settings, "fuzz.readyctl.yaml", platform_settings,
                                 sizeof platform_settings - 1, &diag))
            abort();
        configured = 1;
    }
    FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
    FILE *sink = fopen("/dev/null", "w");
    if (!in || !sink)
        abort();
    static const char *const paths[] = {"-"};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.stdin_stream = size ? in : NULL;
    options.profile = "prod";
    options.fail_on = RC_SEVERITY_ERROR;
    options.jobs = 1;
    options.requirements = size % 2 ? &settings.requirements : NULL;
    rc_limits_default(&options.limits);
    /* Keep runs fast: small documents are where the bugs are. */
    options.limits.max_expanded_nodes = 100000;
    if (size) {
        rc_run *run = rc_run_create(&pack, &options);
        if (run && rc_run_execute(run)) {
            size_t count;
            const rc_report_format *formats = rc_report_formats(&count);
            rc_report_options report = {0};
            for (size_t i = 0; i < count; i++)
                formats[i].write(sink, rc_run_result(run), &report);
        }
        rc_run_free(run);
    }
    fclose(in);
    fclose(sink);
    return 0;
}

/* prometheus_config.c - templates for Prometheus's own configuration (prometheus.yml, server
 * and agent mode), wherever a release or the command line holds it: standalone files
 * (judged as PrometheusConfigFile objects) and ConfigMap entries (the community chart's
 * prometheus.yml), positioned at their real line and column.
 *
 * Semantics followed (Prometheus's config loading): a job's scrape_interval defaults to the
 * global one, which defaults to 1m; its scrape_timeout defaults to the global one (10s by
 * default), lowered to the job's interval when larger; a timeout written larger than its
 * interval is refused. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "model/duration.h"

enum { DEFAULT_INTERVAL_MS = 60 * 1000, DEFAULT_TIMEOUT_MS = 10 * 1000 };

/* A Prometheus config, and where its rule files could be: the other keys of the ConfigMap
 * it came from (the chart mounts them beside it), or NULL for a standalone file. */
typedef struct prom_config {
    const rc_object *obj;
    const rc_node *root;
    const rc_node *siblings; /* the ConfigMap's data map, or NULL */
} prom_config;

typedef void (*config_fn)(rc_check_ctx *ctx, const prom_config *config);

/* Calls FN with each Prometheus config OBJ holds; returns whether it holds one. */
static bool each_config(rc_check_ctx *ctx, const rc_object *obj, config_fn fn)
{
    if (rc_object_kind_is(obj, RC_KIND_PROMETHEUS_CONFIG_FILE)) {
        fn(ctx, &(prom_config){obj, obj->node, NULL});
        return true;
    }
    if (!rc_object_kind_is(obj, "ConfigMap"))
        return false;
    const rc_node *data = rc_node_get(obj->node, "data");
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !rc_text_has_top_level_key(text, "scrape_configs") ||
            rc_text_has_top_level_key(text, "positions") ||
            rc_text_has_top_level_key(text, "clients") ||
            !(rc_text_ends_with(key, ".yml") || rc_text_ends_with(key, ".yaml")))
            continue;
        const rc_node *root = rc_check_load_embedded(ctx, entry->value);
        if (!root || root->kind != RC_NODE_MAP)
            continue;
        found = true;
        fn(ctx, &(prom_config){obj, root, data});
    }
    return found;
}

/* A duration field of MAP: true with *MS set when present and valid; *PRESENT tells whether
 * it was written at all. */
static bool duration_field(const rc_node *map, const char *key, long long *ms, bool *present)
{
    const rc_node *value = rc_node_get(map, key);
    *present = value != NULL && !rc_node_is_null(value);
    return *present && rc_duration_parse(rc_node_text(value), ms);
}

static void report_invalid(rc_check_ctx *ctx, const prom_config *config, const rc_node *at,
                           const char *what)
{
    char where[300];
    rc_object_describe(config->obj, where, sizeof where);
    rc_check_report(ctx, config->obj, at ? at : config->root,
                    "%s: %s; Prometheus refuses to load this configuration.", where, what);
}

/* For a standalone file: each `rule_files` entry without glob characters must name an
 * existing file, relative to the configuration's directory (Prometheus refuses a missing
 * one; a glob that matches nothing is fine). Inside a ConfigMap the files come from volumes
 * readyctl cannot see, so nothing is judged there. */
static void judge_rule_files_exist(rc_check_ctx *ctx, const prom_config *config)
{
    const rc_node *files = rc_node_get(config->root, "rule_files");
    const char *input = rc_check_input_of(config->obj);
    if (config->siblings || !input || !files || files->kind != RC_NODE_SEQ ||
        strcmp(input, "<stdin>") == 0)
        return;
    const char *slash = strrchr(input, '/');
    for (size_t i = 0; i < files->as.seq.count; i++) {
        const char *path = rc_node_text(files->as.seq.items[i]);
        if (!path || !*path || strpbrk(path, "*?["))
            continue;
        char full[4096];
        if (path[0] == '/' || !slash)
            snprintf(full, sizeof full, "%s", path);
        else
            snprintf(full, sizeof full, "%.*s/%s", (int)(slash - input), input, path);
        struct stat st;
        if (stat(full, &st) == 0)
            continue;
        char what[300];
        snprintf(what, sizeof what, "rule file \"%.200s\" does not exist", path);
        report_invalid(ctx, config, files->as.seq.items[i], what);
    }
}

/* ---- prometheus-config-valid ------------------------------------------------------------ */

static void judge_valid(rc_check_ctx *ctx, const prom_config *config)
{
    judge_rule_files_exist(ctx, config);
    char what[240];
    const rc_node *global = rc_node_get(config->root, "global");
    static const char *const global_durations[] = {"scrape_interval", "scrape_timeout",
                                                   "evaluation_interval"};
    long long values[3] = {DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, DEFAULT_INTERVAL_MS};
    bool written[3] = {false, false, false};
    for (size_t i = 0; i < 3; i++) {
        long long ms;
        if (duration_field(global, global_durations[i], &ms, &written[i]))
            values[i] = ms;
        else if (written[i]) {
            snprintf(what, sizeof what, "global %s is not a duration", global_durations[i]);
            report_invalid(ctx, config, rc_node_get(global, global_durations[i]), what);
        }
    }
    long long global_interval = values[0], global_timeout = values[1];
    if (written[1] && global_timeout > global_interval)
        report_invalid(ctx, config, rc_node_get(global, "scrape_timeout"),
                       "the global scrape_timeout is longer than the global scrape_interval");
    const rc_node *jobs = rc_node_get(config->root, "scrape_configs");
    if (jobs && !rc_node_is_null(jobs) && jobs->kind != RC_NODE_SEQ) {
        report_invalid(ctx, config, jobs, "scrape_configs is not a list");
        return;
    }
    for (size_t j = 0; jobs && jobs->kind == RC_NODE_SEQ && j < jobs->as.seq.count; j++) {
        const rc_node *job = jobs->as.seq.items[j];
        const char *name = rc_node_get_text(job, "job_name");
        if (!name || !*name) {
            report_invalid(ctx, config, job, "a scrape config has no job_name");
            continue;
        }
        for (size_t k = 0; k < j; k++) {
            const char *other = rc_node_get_text(jobs->as.seq.items[k], "job_name");
            if (other && strcmp(other, name) == 0) {
                snprintf(what, sizeof what, "job_name \"%.100s\" is used twice", name);
                report_invalid(ctx, config, rc_node_get(job, "job_name"), what);
                break;
            }
        }
        long long interval = global_interval, timeout, ms;
        bool present;
        if (duration_field(job, "scrape_interval", &ms, &present))
            interval = ms;
        else if (present) {
            snprintf(what, sizeof what, "job \"%.100s\": scrape_interval is not a duration", name);
            report_invalid(ctx, config, rc_node_get(job, "scrape_interval"), what);
            continue;
        }
        if (duration_field(job, "scrape_timeout", &ms, &present)) {
            timeout = ms;
            if (timeout > interval) {
                snprintf(what, sizeof what,
                         "job \"%.100s\": scrape_timeout is longer than its scrape_interval", name);
                report_invalid(ctx, config, rc_node_get(job, "scrape_timeout"), what);
            }
        } else if (present) {
            snprintf(what, sizeof what, "job \"%.100s\": scrape_timeout is not a duration", name);
            report_invalid(ctx, config, rc_node_get(job, "scrape_timeout"), what);
        }
    }
}

static bool check_prometheus_config_valid(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_valid);
}

const rc_template rc_template_prometheus_config_valid = {
    .name = "prometheus-config-valid",
    .scope = RC_SCOPE_OBJECT,
    .summary = "prometheus.yml loads: durations valid, timeouts within intervals, job names "
               "unique",
    .params = rc_no_params,
    .check_object = check_prometheus_config_valid,
};

/* ---- prometheus-job-interval ------------------------------------------------------------ */

static void judge_job_interval(rc_check_ctx *ctx, const prom_config *config)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    const char *target_text;
    long long target;
    if (!rc_check_duration_target(ctx, "max-interval", req ? &req->scrape_interval : NULL,
                                  &target_text, &target))
        return;
    long long global_interval = DEFAULT_INTERVAL_MS, ms;
    bool present;
    const rc_node *global = rc_node_get(config->root, "global");
    if (duration_field(global, "scrape_interval", &ms, &present))
        global_interval = ms;
    const rc_node *jobs = rc_node_get(config->root, "scrape_configs");
    for (size_t j = 0; jobs && jobs->kind == RC_NODE_SEQ && j < jobs->as.seq.count; j++) {
        const rc_node *job = jobs->as.seq.items[j];
        const char *name = rc_node_get_text(job, "job_name");
        long long interval = global_interval;
        const rc_node *at = rc_node_get(job, "scrape_interval");
        if (duration_field(job, "scrape_interval", &ms, &present))
            interval = ms;
        else if (present)
            continue; /* prometheus-config-valid reports it */
        if (!name || interval <= target)
            continue;
        const char *from = at ? "its scrape_interval"
                              : rc_node_get(global, "scrape_interval")
                                    ? "the global scrape_interval"
                                    : "Prometheus's default of 1m (no scrape_interval anywhere)";
        rc_check_report(ctx, config->obj, at ? at : rc_node_get_pair(job, "job_name")->value,
                        "job %s is scraped every %llds (%s), less often than the declared "
                        "requirements.scraping.interval of %s.",
                        name, interval / 1000, from, target_text);
    }
}

static bool check_prometheus_job_interval(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_job_interval);
}

static const rc_param_spec job_interval_params[] = {
    {"max-interval", RC_PARAM_STRING, "''", NULL,
     "the longest scrape interval allowed (overrides requirements.scraping.interval)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_prometheus_job_interval = {
    .name = "prometheus-job-interval",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every scrape job's effective interval is within requirements.scraping.interval",
    .params = job_interval_params,
    .check_object = check_prometheus_job_interval,
};

/* ---- prometheus-alerting-configured ----------------------------------------------------- */

/* True when the config sends alerts somewhere: an alertmanagers entry with static targets or
 * any service discovery. */
static bool sends_alerts(const rc_node *root)
{
    const rc_node *managers = rc_node_path(root, "alerting.alertmanagers");
    for (size_t i = 0; managers && managers->kind == RC_NODE_SEQ && i < managers->as.seq.count;
         i++) {
        const rc_node *manager = managers->as.seq.items[i];
        for (size_t k = 0; manager && manager->kind == RC_NODE_MAP && k < manager->as.map.count;
             k++) {
            const char *key = rc_node_text(manager->as.map.pairs[k].key);
            if (!key || !rc_text_ends_with(key, "_configs"))
                continue;
            if (strcmp(key, "static_configs") != 0)
                return true; /* service discovery: targets come at run time */
            const rc_node *statics = manager->as.map.pairs[k].value;
            for (size_t s = 0; statics && statics->kind == RC_NODE_SEQ && s < statics->as.seq.count;
                 s++) {
                const rc_node *targets = rc_node_get(statics->as.seq.items[s], "targets");
                if (targets && targets->kind == RC_NODE_SEQ && targets->as.seq.count > 0)
                    return true;
            }
        }
    }
    return false;
}

static void judge_alerting(rc_check_ctx *ctx, const prom_config *config)
{
    const rc_node *rule_files = rc_node_get(config->root, "rule_files");
    if (!rule_files || rule_files->kind != RC_NODE_SEQ || rule_files->as.seq.count == 0 ||
        sends_alerts(config->root))
        return;
    rc_check_report(ctx, config->obj, rc_node_get_pair(config->root, "rule_files")->key,
                    "Prometheus evaluates rule files but alerting.alertmanagers names no "
                    "Alertmanager: its alerts fire and reach nobody.");
}

static bool check_prometheus_alerting(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_alerting);
}

const rc_template rc_template_prometheus_alerting = {
    .name = "prometheus-alerting",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a Prometheus that evaluates rules sends its alerts to an Alertmanager",
    .params = rc_no_params,
    .check_object = check_prometheus_alerting,
};

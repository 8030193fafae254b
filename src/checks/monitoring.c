/* monitoring.c - templates for metrics: scraping (ServiceMonitor/PodMonitor coverage and
 * intervals, Dapr sidecar metrics) and metrics retention (the Prometheus CR). Which
 * monitor selects what, and what it scrapes, is checks/scrape.h's, shared with the
 * NetworkPolicy templates.
 *
 * Durations are Prometheus durations ("15s", "1m30s", "1h", "15d", "2w", "1y", "500ms"):
 * units y (365d), w, d, h, m, s, ms in decreasing order, each at most once. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/check.h"
#include "checks/scrape.h"
#include "checks/templates.h"
#include "model/duration.h"
#include "model/selector.h"

/* ---- shared helpers ------------------------------------------------------------------- */

/* Duration parameter in milliseconds; FALLBACK when the parameter is not a duration. */
static long long duration_param(const rc_params *params, const char *name, long long fallback)
{
    long long ms;
    return rc_duration_parse(rc_params_string(params, name), &ms) ? ms : fallback;
}

static const rc_node *name_node(const rc_object *obj)
{
    const rc_node_pair *pair = rc_node_get_pair(rc_node_get(obj->node, "metadata"), "name");
    return pair ? pair->value : NULL;
}

/* ---- service-scraped ------------------------------------------------------------------ */

static bool port_is_metrics(const rc_params *params, const rc_node *port)
{
    const char *name = rc_node_get_text(port, "name");
    return name && rc_params_match(params, "port-names", name);
}

/* True when a PodMonitor of MONS selects a pod of a workload that SVC selects. */
static bool pods_monitored(rc_check_ctx *ctx, const rc_monitor *mons, size_t count,
                           const rc_object *svc)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return false;
    rc_selector *svc_sel = rc_selector_compile(rc_check_arena(ctx),
                                               rc_node_path(svc->node, "spec.selector"),
                                               RC_SELECTOR_SERVICE, NULL, NULL);
    if (!svc_sel || rc_selector_is_nothing(svc_sel))
        return false;
    rc_pod_query query;
    rc_pod_query_init(&query, index, svc->namespace_, svc_sel);
    size_t w;
    while (rc_pod_query_next(&query, &w)) {
        const rc_object *workload = rc_pod_index_workload(index, w);
        for (size_t m = 0; m < count; m++) {
            if (mons[m].pod_monitor && rc_monitor_selects(&mons[m], workload))
                return true;
        }
    }
    return false;
}

/* True when a ServiceMonitor of MONS selects Service SVC. */
static bool service_monitored(const rc_monitor *mons, size_t count, const rc_object *svc)
{
    for (size_t m = 0; m < count; m++) {
        if (!mons[m].pod_monitor && rc_monitor_selects(&mons[m], svc))
            return true;
    }
    return false;
}

/* True when a PodMonitor of MONS selects the pods of workload OBJ. */
static bool workload_monitored(const rc_monitor *mons, size_t count, const rc_object *obj)
{
    for (size_t m = 0; m < count; m++) {
        if (mons[m].pod_monitor && rc_monitor_selects(&mons[m], obj))
            return true;
    }
    return false;
}

/* With requirements.scraping declared: every declared service (requirements.services) is a
 * Service a ServiceMonitor selects, or a workload a PodMonitor selects. A declared service
 * with neither is reported on its workload, or at its line in .readyctl.yaml when the
 * release has none. */
static void check_declared_services(rc_check_ctx *ctx, const rc_requirements *req,
                                    const rc_monitor *mons, size_t count)
{
    size_t n = rc_check_object_count(ctx);
    for (size_t k = 0; k < req->services.count; k++) {
        const rc_service_ref *ref = &req->services.items[k];
        const rc_object *workload = NULL;
        bool scraped = false;
        for (size_t i = 0; i < n && !scraped; i++) {
            const rc_object *obj = rc_check_object_at(ctx, i);
            if (!rc_service_ref_matches(ref, obj))
                continue;
            if (rc_object_kind_is(obj, "Service"))
                scraped = service_monitored(mons, count, obj);
            else if (obj->pod_spec && rc_object_is_long_running(obj)) {
                workload = workload ? workload : obj;
                scraped = workload_monitored(mons, count, obj);
            }
        }
        if (workload)
            rc_check_examined(ctx, workload);
        if (scraped)
            continue;
        if (workload) {
            char where[300];
            rc_object_describe(workload, where, sizeof where);
            rc_check_report(ctx, workload, name_node(workload),
                            "Declared service '%s' (%s) is not scraped: no ServiceMonitor "
                            "selects a Service of it and no PodMonitor selects its pods "
                            "(requirements.scraping).",
                            ref->text, where);
        } else {
            rc_check_report_requirement(ctx, &ref->at,
                                        "Declared service '%s' has no workload or Service in "
                                        "the release, so nothing of it is scraped "
                                        "(requirements.scraping).",
                                        ref->text);
        }
    }
}

/* Fires for each Service port named like a metrics port (`port-names`) that no
 * ServiceMonitor selecting the Service scrapes, unless a PodMonitor selects its pods. With
 * nothing declared it judges only releases that ship ServiceMonitors or PodMonitors (so use
 * the Prometheus Operator); with requirements.scraping declared, every release, and every
 * declared service must be scraped too. */
static void check_service_scraped(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    bool declared = req && req->scrape_interval.declared;
    size_t n = rc_check_object_count(ctx);
    size_t count;
    const rc_monitor *mons = rc_scrape_monitors(ctx, &count);
    if (!count && !declared)
        return;
    if (declared && req->has_services)
        check_declared_services(ctx, req, mons, count);
    for (size_t i = 0; i < n; i++) {
        const rc_object *svc = rc_check_object_at(ctx, i);
        if (!rc_object_is_service(svc))
            continue;
        const rc_node *ports = rc_node_path(svc->node, "spec.ports");
        if (!ports || ports->kind != RC_NODE_SEQ)
            continue;
        bool has_metrics = false;
        for (size_t p = 0; p < ports->as.seq.count; p++)
            has_metrics |= port_is_metrics(params, ports->as.seq.items[p]);
        if (!has_metrics)
            continue;
        rc_check_examined(ctx, svc);
        char where[300];
        rc_object_describe(svc, where, sizeof where);
        bool selected = service_monitored(mons, count, svc);
        if (pods_monitored(ctx, mons, count, svc))
            continue;
        if (!selected) {
            rc_check_report(ctx, svc, name_node(svc),
                            "%s exposes a metrics port but no ServiceMonitor selects it and no "
                            "PodMonitor selects its pods, so Prometheus never scrapes it.",
                            where);
            continue;
        }
        for (size_t p = 0; p < ports->as.seq.count; p++) {
            const rc_node *port = ports->as.seq.items[p];
            if (!port_is_metrics(params, port))
                continue;
            bool scraped = false;
            for (size_t m = 0; m < count && !scraped; m++) {
                scraped = !mons[m].pod_monitor && rc_monitor_selects(&mons[m], svc) &&
                          rc_monitor_scrapes_service_port(mons[m].obj, port);
            }
            if (!scraped) {
                const rc_node_pair *pair = rc_node_get_pair(port, "name");
                rc_check_report(ctx, svc, pair ? pair->value : port,
                                "Metrics port '%s' of %s is not an endpoint of any "
                                "ServiceMonitor that selects the Service, so it is never "
                                "scraped.",
                                rc_node_get_text(port, "name"), where);
            }
        }
    }
}

static const rc_param_spec service_scraped_params[] = {
    {"port-names", RC_PARAM_REGEX_LIST, "['metrics']", NULL,
     "Service port names that carry metrics (matched anywhere in the name: `metrics`, "
     "`http-metrics`, `dapr-metrics`)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_service_scraped = {
    .name = "service-scraped",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every Service metrics port is an endpoint of a ServiceMonitor that selects the "
               "Service, or a PodMonitor selects its pods (in releases that ship monitors, or "
               "declare requirements.scraping); every declared service is scraped",
    .params = service_scraped_params,
    .check_release = check_service_scraped,
};

/* ---- scrape-interval ------------------------------------------------------------------ */

static bool check_scrape_interval(rc_check_ctx *ctx, const rc_object *obj)
{
    const char *list;
    if (rc_object_kind_is(obj, "ServiceMonitor"))
        list = "spec.endpoints";
    else if (rc_object_kind_is(obj, "PodMonitor"))
        list = "spec.podMetricsEndpoints";
    else
        return false;
    if (!rc_scrape_is_monitoring_api(obj))
        return false;
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    const char *max_text;
    long long max;
    /* How often to scrape is the platform's to declare. */
    if (!rc_check_duration_target(ctx, "max-interval", req ? &req->scrape_interval : NULL,
                                  &max_text, &max))
        return false;
    long long fallback = duration_param(params, "default-interval", 30000);
    const rc_node *endpoints = rc_node_path(obj->node, list);
    if (!endpoints || endpoints->kind != RC_NODE_SEQ)
        return true;
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    for (size_t i = 0; i < endpoints->as.seq.count; i++) {
        const rc_node *ep = endpoints->as.seq.items[i];
        const char *port = rc_node_get_text(ep, "port");
        const rc_node_pair *pair = rc_node_get_pair(ep, "interval");
        const char *text = pair ? rc_node_text(pair->value) : NULL;
        if (!pair || rc_node_is_null(pair->value) || (text && !text[0])) {
            if (fallback > max)
                rc_check_report(ctx, obj, ep,
                                "Endpoint %zu%s%s%s of %s sets no interval, so Prometheus' "
                                "global scrape interval (%s by default) applies, above the "
                                "required %s.",
                                i + 1, port ? " (port " : "", port ? port : "", port ? ")" : "",
                                where, rc_params_string(params, "default-interval"), max_text);
            continue;
        }
        if (rc_text_is_templated(text))
            continue;
        long long ms;
        if (!rc_duration_parse(text, &ms)) {
            rc_check_report(ctx, obj, pair->value,
                            "Scrape interval '%s' of %s is not a Prometheus duration (such as "
                            "15s or 1m30s).",
                            text ? text : "", where);
        } else if (ms > max) {
            rc_check_report(ctx, obj, pair->value,
                            "Scrape interval %s of %s is above the required %s.", text, where,
                            max_text);
        }
    }
    return true;
}

static const rc_param_spec scrape_interval_params[] = {
    {"max-interval", RC_PARAM_STRING, "''", NULL,
     "overrides requirements.scraping.interval: the longest acceptable scrape interval; "
     "empty: use the declared requirement"},
    {"default-interval", RC_PARAM_STRING, "30s", NULL,
     "the interval an endpoint without `interval` gets (prometheus-operator's default global "
     "scrape interval)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_scrape_interval = {
    .name = "scrape-interval",
    .scope = RC_SCOPE_OBJECT,
    .summary = "ServiceMonitor and PodMonitor endpoints scrape at least every "
               "requirements.scraping.interval (or `max-interval`)",
    .params = scrape_interval_params,
    .check_object = check_scrape_interval,
};

/* ---- dapr-metrics --------------------------------------------------------------------- */

static bool check_dapr_metrics(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_template)
        return false;
    const rc_node *annotations = rc_node_path(obj->pod_template, "metadata.annotations");
    const char *enabled = rc_node_get_text(annotations, "dapr.io/enabled");
    if (!enabled || strcasecmp(enabled, "true") != 0)
        return false;
    const rc_node_pair *pair = rc_node_get_pair(annotations, "dapr.io/enable-metrics");
    const char *metrics = pair ? rc_node_text(pair->value) : NULL;
    if (metrics && strcasecmp(metrics, "false") == 0) {
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, pair->value,
                        "%s runs a Dapr sidecar with dapr.io/enable-metrics set to false, so "
                        "its sidecar metrics (pub/sub, service invocation) are never exposed.",
                        where);
    }
    return true;
}

const rc_template rc_template_dapr_metrics = {
    .name = "dapr-metrics",
    .scope = RC_SCOPE_OBJECT,
    .summary = "workloads with dapr.io/enabled \"true\" do not turn sidecar metrics off",
    .params = rc_no_params,
    .check_object = check_dapr_metrics,
};

/* ---- prometheus-retention ------------------------------------------------------------- */

static bool is_prometheus_cr(const rc_object *obj)
{
    return rc_object_kind_is(obj, "Prometheus") && rc_scrape_is_monitoring_api(obj);
}

/* The value of flag NAME (`--name=value`, or `--name value`) in CONTAINER's args or
 * command, with the node that holds it; NULL when it is not given. */
static const char *server_flag(const rc_node *container, const char *name, const rc_node **at)
{
    static const char *const lists[] = {"args", "command"};
    size_t n = strlen(name);
    for (size_t l = 0; l < 2; l++) {
        const rc_node *list = rc_node_get(container, lists[l]);
        for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
            const char *arg = rc_node_text(list->as.seq.items[i]);
            if (!arg || strncmp(arg, name, n) != 0)
                continue;
            if (arg[n] == '=') {
                *at = list->as.seq.items[i];
                return arg + n + 1;
            }
            if (arg[n] == '\0' && i + 1 < list->as.seq.count) {
                *at = list->as.seq.items[i + 1];
                return rc_node_text(*at);
            }
        }
    }
    return NULL;
}

/* A Prometheus server run from its image (the community chart's Deployment or StatefulSet):
 * retention comes from --storage.tsdb.retention.time (or the older --storage.tsdb.retention),
 * else Prometheus's default of 15d. */
static void judge_server_retention(rc_check_ctx *ctx, const rc_object *obj,
                                   const rc_node *container, long long min, long long max,
                                   const char *min_text, const char *max_text)
{
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    const rc_node *at = NULL;
    const char *text = server_flag(container, "--storage.tsdb.retention.time", &at);
    if (!text)
        text = server_flag(container, "--storage.tsdb.retention", &at);
    long long ms;
    if (!text) {
        if (15LL * 24 * 3600 * 1000 < min || 15LL * 24 * 3600 * 1000 > max)
            rc_check_report(ctx, obj, rc_node_get(container, "name"),
                            "%s runs Prometheus without --storage.tsdb.retention.time, so its "
                            "default of 15d applies, outside the required %s to %s.",
                            where, min_text, max_text);
    } else if (rc_text_is_templated(text)) {
        return;
    } else if (!rc_duration_parse(text, &ms)) {
        rc_check_report(ctx, obj, at, "Retention '%s' of %s is not a Prometheus duration (such "
                        "as 15d).", text, where);
    } else if (ms < min || ms > max) {
        rc_check_report(ctx, obj, at, "Retention %s of %s is outside the required %s to %s.",
                        text, where, min_text, max_text);
    }
}

static bool check_prometheus_retention(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_node *server = rc_scrape_prometheus_container(obj);
    if (!is_prometheus_cr(obj) && !server)
        return false;
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    const char *min_text = rc_params_string(params, "min");
    const char *max_text = rc_params_string(params, "max");
    long long min, max;
    if (min_text[0] || max_text[0]) {
        if (!rc_duration_parse(min_text[0] ? min_text : "0", &min) ||
            !rc_duration_parse(max_text[0] ? max_text : "1000y", &max))
            return false;
    } else if (req && (req->metrics_min.declared || req->metrics_max.declared)) {
        min = req->metrics_min.declared ? req->metrics_min.ms : 0;
        max = req->metrics_max.declared ? req->metrics_max.ms : LLONG_MAX;
        min_text = req->metrics_min.declared ? req->metrics_min.text : "0";
        max_text = req->metrics_max.declared ? req->metrics_max.text : "forever";
    } else {
        return false; /* how long metrics live is the platform's to declare */
    }
    if (server) {
        judge_server_retention(ctx, obj, server, min, max, min_text, max_text);
        return true;
    }
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    const rc_node *spec = rc_node_get(obj->node, "spec");
    const rc_node_pair *pair = rc_node_get_pair(spec, "retention");
    const char *text = pair ? rc_node_text(pair->value) : NULL;
    if (!pair || rc_node_is_null(pair->value) || (text && !text[0])) {
        const rc_node_pair *spec_pair = rc_node_get_pair(obj->node, "spec");
        rc_check_report(ctx, obj, spec_pair ? spec_pair->key : NULL,
                        "%s sets no spec.retention, so the operator's default of 24h applies, "
                        "under the required %s to %s.",
                        where, min_text, max_text);
        return true;
    }
    if (rc_text_is_templated(text))
        return true;
    long long ms;
    if (!rc_duration_parse(text, &ms))
        rc_check_report(ctx, obj, pair->value,
                        "Retention '%s' of %s is not a Prometheus duration (such as 15d).",
                        text ? text : "", where);
    else if (ms < min || ms > max)
        rc_check_report(ctx, obj, pair->value,
                        "Retention %s of %s is outside the required %s to %s.", text, where,
                        min_text, max_text);
    return true;
}

static const rc_param_spec prometheus_retention_params[] = {
    {"min", RC_PARAM_STRING, "''", NULL,
     "overrides requirements.retention.metrics.min: the shortest acceptable retention"},
    {"max", RC_PARAM_STRING, "''", NULL,
     "overrides requirements.retention.metrics.max: the longest acceptable retention"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_prometheus_retention = {
    .name = "prometheus-retention",
    .scope = RC_SCOPE_OBJECT,
    .summary = "Prometheus CR spec.retention lies within requirements.retention.metrics (or "
               "`min` and `max`; unset = 24h)",
    .params = prometheus_retention_params,
    .check_object = check_prometheus_retention,
};

static bool check_prometheus_retention_size(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_node *server = rc_scrape_prometheus_container(obj);
    if (server) {
        const rc_node *at = NULL;
        if (!server_flag(server, "--storage.tsdb.retention.size", &at)) {
            char where[300];
            rc_object_describe(obj, where, sizeof where);
            rc_check_report(ctx, obj, rc_node_get(server, "name"),
                            "%s runs Prometheus without --storage.tsdb.retention.size, so a "
                            "full volume stops ingestion instead of dropping the oldest blocks.",
                            where);
        }
        return true;
    }
    if (!is_prometheus_cr(obj))
        return false;
    const rc_node *spec = rc_node_get(obj->node, "spec");
    const rc_node *size = rc_node_get(spec, "retentionSize");
    const char *text = rc_node_text(size);
    if (!size || rc_node_is_null(size) || (text && !text[0])) {
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        const rc_node_pair *spec_pair = rc_node_get_pair(obj->node, "spec");
        rc_check_report(ctx, obj, spec_pair ? spec_pair->key : NULL,
                        "%s sets no spec.retentionSize, so a full volume stops ingestion "
                        "instead of dropping the oldest blocks.",
                        where);
    }
    return true;
}

const rc_template rc_template_prometheus_retention_size = {
    .name = "prometheus-retention-size",
    .scope = RC_SCOPE_OBJECT,
    .summary = "Prometheus CR sets spec.retentionSize",
    .params = rc_no_params,
    .check_object = check_prometheus_retention_size,
};

/* ---- monitor-selected ------------------------------------------------------------------- */

/* Release scope: fires on each ServiceMonitor or PodMonitor that none of the release's
 * Prometheus resources picks up (scrape.h says how they select), when it has some. */
static void check_monitor_selected(rc_check_ctx *ctx)
{
    size_t count;
    const rc_monitor *mons = rc_scrape_monitors(ctx, &count);
    for (size_t m = 0; m < count; m++) {
        rc_check_examined(ctx, mons[m].obj);
        if (!mons[m].ignored)
            continue;
        char where[300];
        rc_object_describe(mons[m].obj, where, sizeof where);
        rc_check_report(ctx, mons[m].obj, name_node(mons[m].obj),
                        "%s is selected by no Prometheus of the release (its %s and %s), so "
                        "nothing it lists is scraped.",
                        where,
                        mons[m].pod_monitor ? "podMonitorSelector" : "serviceMonitorSelector",
                        mons[m].pod_monitor ? "podMonitorNamespaceSelector"
                                            : "serviceMonitorNamespaceSelector");
    }
}

const rc_template rc_template_monitor_selected = {
    .name = "monitor-selected",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every ServiceMonitor and PodMonitor is picked up by a Prometheus of the release "
               "(when it runs one)",
    .params = rc_no_params,
    .check_release = check_monitor_selected,
};

/* probes.c - templates for readiness and liveness probes of long-running workloads.
 *
 * Only app containers are judged: init containers run to completion before the pod is ready,
 * so their probes would never gate traffic or restarts. Job, CronJob and bare Pod workloads
 * are not long-running services and are left alone. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "model/selector.h"

/* The probe field a `probe` parameter names. */
static const char *probe_field(const char *probe)
{
    if (strcmp(probe, "readiness") == 0)
        return "readinessProbe";
    if (strcmp(probe, "liveness") == 0)
        return "livenessProbe";
    return "startupProbe";
}

/* A probe counts as present only when it is a map: `livenessProbe: null` (a common result of
 * an empty Helm value) configures nothing. */
static bool has_probe(const rc_node *container, const char *field)
{
    const rc_node *probe = rc_node_get(container, field);
    return probe && probe->kind == RC_NODE_MAP;
}

/* Reports every app container of OBJ that lacks the probe; WHY ends the message. */
static void report_missing_probe(rc_check_ctx *ctx, const rc_object *obj, const char *probe,
                                 const char *why)
{
    const char *field = probe_field(probe);
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (c.type != RC_CONTAINER_APP || has_probe(c.node, field))
            continue;
        rc_check_report(ctx, obj, c.node, "container \"%s\" of %s has no %s%s.", c.name, where,
                        field, why);
    }
}

/* Fires for each app container of a long-running workload without the probe. */
static bool check_probe_missing(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec || !rc_object_is_long_running(obj))
        return false;
    report_missing_probe(ctx, obj, rc_params_string(rc_check_params(ctx), "probe"), "");
    return true;
}

/* True when SERVICE routes to pods by readiness: it has a selector (plain-map semantics),
 * is not ExternalName (which ignores its selector) and does not publish not-ready addresses
 * (then readiness never removes a pod from its endpoints). */
static const rc_selector *readiness_gating_selector(rc_check_ctx *ctx, const rc_object *service)
{
    if (!rc_object_is_service(service))
        return NULL;
    const rc_node *spec = rc_node_get(service->node, "spec");
    const char *type = rc_node_get_text(spec, "type");
    if (type && strcmp(type, "ExternalName") == 0)
        return NULL;
    bool publish = false;
    if (rc_node_bool(rc_node_get(spec, "publishNotReadyAddresses"), &publish) && publish)
        return NULL;
    /* An invalid selector is service-selects-pods' finding; here it selects nothing. */
    const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx), rc_node_get(spec, "selector"),
                                                 RC_SELECTOR_SERVICE, NULL, NULL);
    if (!sel || rc_selector_is_nothing(sel))
        return NULL;
    return sel;
}

/* For each workload of the pod index, the first Service in input order that sends its pods
 * traffic by readiness: Services claim the workloads they select, and a claim is never
 * overwritten. Built once per run for every rule of the template (rc_check_shared). */
static void *gating_services_build(rc_check_ctx *ctx)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return NULL;
    size_t n = rc_check_object_count(ctx);
    size_t nworkloads = rc_pod_index_workload_count(index);
    const rc_object **selected_by =
        rc_arena_calloc(rc_check_arena(ctx), nworkloads ? nworkloads : 1, sizeof *selected_by);
    if (!selected_by)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const rc_object *service = rc_check_object_at(ctx, i);
        const rc_selector *sel = readiness_gating_selector(ctx, service);
        if (!sel)
            continue;
        rc_pod_query query;
        size_t w;
        rc_pod_query_init(&query, index, service->namespace_, sel);
        while (rc_pod_query_next(&query, &w)) {
            if (!selected_by[w])
                selected_by[w] = service;
        }
    }
    return selected_by;
}

/* Release scope because "a Service selects the pod" needs every Service of the release:
 * with `selected-by-service: true` it judges workloads some Service selects (a pod without a
 * readiness probe gets traffic before it can serve), with false the rest. */
static void check_service_probe_missing(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const char *probe = rc_params_string(params, "probe");
    bool want_selected = rc_params_bool(params, "selected-by-service");
    const rc_pod_index *index = rc_check_pod_index(ctx);
    static const char gating_key = 0;
    const rc_object *const *selected_by = rc_check_shared(ctx, &gating_key, gating_services_build);
    if (!index || !selected_by)
        return; /* out of memory: judging without the Services would misplace every pod */
    size_t nworkloads = rc_pod_index_workload_count(index);
    for (size_t w = 0; w < nworkloads; w++) {
        const rc_object *obj = rc_pod_index_workload(index, w);
        if (!rc_object_is_long_running(obj))
            continue;
        const rc_object *service = selected_by[w];
        if ((service != NULL) != want_selected)
            continue;
        rc_check_examined(ctx, obj);
        if (service) {
            char why[300], svc[256];
            rc_object_describe(service, svc, sizeof svc);
            snprintf(why, sizeof why, ", yet %s sends it traffic as soon as it starts", svc);
            report_missing_probe(ctx, obj, probe, why);
        } else {
            report_missing_probe(ctx, obj, probe, "");
        }
    }
}

/* Structural equality of two YAML values, ignoring positions and key order. Probes are a few
 * levels deep; DEPTH bounds the recursion so that input cannot drive it, and anything
 * deeper counts as different (no finding rather than a guess). */
static bool nodes_equal(const rc_node *a, const rc_node *b, int depth)
{
    if (!a || !b)
        return a == b;
    if (depth > 16 || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case RC_NODE_SCALAR:
        return a->as.scalar.len == b->as.scalar.len &&
               memcmp(a->as.scalar.text, b->as.scalar.text, a->as.scalar.len) == 0;
    case RC_NODE_SEQ:
        if (a->as.seq.count != b->as.seq.count)
            return false;
        for (size_t i = 0; i < a->as.seq.count; i++) {
            if (!nodes_equal(a->as.seq.items[i], b->as.seq.items[i], depth + 1))
                return false;
        }
        return true;
    case RC_NODE_MAP:
        if (a->as.map.count != b->as.map.count)
            return false;
        for (size_t i = 0; i < a->as.map.count; i++) {
            const char *key = rc_node_text(a->as.map.pairs[i].key);
            if (!key || !nodes_equal(a->as.map.pairs[i].value, rc_node_get(b, key), depth + 1))
                return false;
        }
        return true;
    }
    return false;
}

/* The handler fields of a probe (core/v1 ProbeHandler): what is probed, not how often. */
static const char *const probe_handlers[] = {"exec", "httpGet", "tcpSocket", "grpc"};

/* Same check as kube-score's: the liveness probe asks the same endpoint the same way as the
 * readiness probe. Timings are ignored on purpose: a readiness endpoint that fails when a
 * dependency is down then restarts every replica at once, whatever the thresholds. */
static bool same_handler(const rc_node *liveness, const rc_node *readiness)
{
    bool any = false;
    for (size_t i = 0; i < sizeof probe_handlers / sizeof probe_handlers[0]; i++) {
        const rc_node *l = rc_node_get(liveness, probe_handlers[i]);
        const rc_node *r = rc_node_get(readiness, probe_handlers[i]);
        if (!nodes_equal(l, r, 0))
            return false;
        any = any || l != NULL;
    }
    return any;
}

static bool check_probes_identical(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec || !rc_object_is_long_running(obj))
        return false;
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (c.type != RC_CONTAINER_APP || !has_probe(c.node, "livenessProbe") ||
            !has_probe(c.node, "readinessProbe"))
            continue;
        const rc_node_pair *liveness = rc_node_get_pair(c.node, "livenessProbe");
        if (same_handler(liveness->value, rc_node_get(c.node, "readinessProbe")))
            rc_check_report(ctx, obj, liveness->key,
                            "container \"%s\" of %s probes liveness exactly as it probes "
                            "readiness.",
                            c.name, where);
    }
    return true;
}

static const rc_param_spec probe_missing_params[] = {
    {"probe", RC_PARAM_STRING, NULL, "readiness|liveness|startup", "the probe that must be set"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_probe_missing = {
    .name = "probe-missing",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every app container of a long-running workload sets the probe",
    .params = probe_missing_params,
    .check_object = check_probe_missing,
};

static const rc_param_spec service_probe_missing_params[] = {
    {"probe", RC_PARAM_STRING, NULL, "readiness|liveness|startup", "the probe that must be set"},
    {"selected-by-service", RC_PARAM_BOOL, NULL, NULL,
     "true: judge workloads a Service of the release selects; false: those none selects"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_service_probe_missing = {
    .name = "service-probe-missing",
    .scope = RC_SCOPE_RELEASE,
    .summary = "app containers of long-running workloads (selected, or not, by a Service of "
               "the release) set the probe",
    .params = service_probe_missing_params,
    .check_release = check_service_probe_missing,
};

const rc_template rc_template_probes_identical = {
    .name = "probes-identical",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a container's liveness probe does not probe exactly what its readiness probe "
               "does",
    .params = rc_no_params,
    .check_object = check_probes_identical,
};

/* autoscaling.c - templates for HorizontalPodAutoscalers and the workloads they scale.
 *
 * All templates here are release-scoped: whether a workload has an HPA, and whether an HPA's
 * target exists and can be measured, depends on objects other than the one being judged.
 * HPAs are read in every served shape: autoscaling/v1 (targetCPUUtilizationPercentage),
 * v2 and v2beta2 (metrics[].resource.target), and v2beta1 (targetAverageUtilization). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/scaling.h"
#include "checks/templates.h"
#include "model/identity.h"
#include "model/quantity.h"

/* ---- hpa-required --------------------------------------------------------------------- */

/* True when PATTERN-list parameter NAMES matches TEXT or, with SUFFIXES, any part of TEXT
 * after a hyphen. Helm names a subchart's objects "<release>-<chart>", so `^backend$` has to
 * see "backend" in "rel-backend"; trying every hyphen (not just the first) also covers
 * "<release>-<umbrella>-backend". */
static bool name_matches(const rc_params *params, const char *text, bool suffixes)
{
    if (!text || !text[0])
        return false;
    if (rc_params_match(params, "names", text))
        return true;
    if (!suffixes)
        return false;
    for (const char *dash = strchr(text, '-'); dash; dash = strchr(dash + 1, '-')) {
        if (dash[1] && rc_params_match(params, "names", dash + 1))
            return true;
    }
    return false;
}

/* The recommended labels name the service; either the object's or its pods' labels count,
 * since charts do not always copy both to both places. */
static bool labels_match(const rc_params *params, const rc_node *labels)
{
    static const char *const keys[] = {"app.kubernetes.io/name", "app.kubernetes.io/component"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (name_matches(params, rc_node_get_text(labels, keys[i]), false))
            return true;
    }
    return false;
}

static bool must_autoscale(const rc_params *params, const rc_object *obj)
{
    bool suffixes = rc_params_bool(params, "match-suffixes");
    return name_matches(params, obj->name, suffixes) || labels_match(params, obj->labels) ||
           labels_match(params, obj->pod_labels);
}

static void report_unscaled(rc_check_ctx *ctx, const rc_scaling_index *index,
                            const rc_object *obj)
{
    rc_check_examined(ctx, obj);
    if (rc_scaling_hpa_for(index, obj))
        return;
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_check_report(ctx, obj, rc_scaling_name_node(obj),
                    "%s must autoscale but no HorizontalPodAutoscaler in its namespace has it "
                    "as scaleTargetRef.",
                    where);
}

/* Fires when a workload the platform declares in requirements.autoscaling (or, when the
 * rule's `names` parameter is set, one matching it) is the scaleTargetRef of no HPA in its
 * namespace, and at the requirement's line for a declared service no workload is. With
 * neither declared, no workload is required to autoscale. */
static void check_hpa_required(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    bool by_names = rc_params_get(params, "names")->count > 0;
    if (!by_names && !(req && req->has_autoscaling))
        return;
    const rc_scaling_index *index = rc_scaling_index_get(ctx);
    if (!index)
        return;
    const rc_service_list *declared = by_names ? NULL : &req->autoscaling;
    bool *found = declared ? rc_arena_calloc(rc_check_arena(ctx), declared->count + 1,
                                             sizeof *found)
                           : NULL;
    if (declared && !found)
        return;
    for (size_t i = 0; i < index->workload_count; i++) {
        const rc_object *obj = index->workloads[i];
        if (!rc_params_contains(params, "kinds", obj->kind))
            continue;
        if (by_names) {
            if (must_autoscale(params, obj))
                report_unscaled(ctx, index, obj);
            continue;
        }
        bool named = false;
        for (size_t k = 0; k < declared->count; k++) {
            if (rc_service_ref_matches(&declared->items[k], obj))
                named = found[k] = true;
        }
        if (named)
            report_unscaled(ctx, index, obj);
    }
    for (size_t k = 0; declared && k < declared->count; k++) {
        if (!found[k])
            rc_check_report_requirement(ctx, &declared->items[k].at,
                                        "The declared service '%s' (requirements.autoscaling) "
                                        "is no workload of the release, so nothing autoscales "
                                        "it.",
                                        declared->items[k].text);
    }
}

static const rc_param_spec hpa_required_params[] = {
    {"names", RC_PARAM_REGEX_LIST, "[]", NULL,
     "overrides requirements.autoscaling: regexes for the services that must autoscale, "
     "matched against the workload name (and each part after a hyphen), and its "
     "app.kubernetes.io/name and app.kubernetes.io/component labels; empty: use the "
     "declared requirement"},
    {"kinds", RC_PARAM_STRING_LIST, "[Deployment, StatefulSet]", NULL,
     "workload kinds that are judged"},
    {"match-suffixes", RC_PARAM_BOOL, "true", NULL,
     "also match `names` against the part of the name after each hyphen (release prefixes)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_hpa_required = {
    .name = "hpa-required",
    .scope = RC_SCOPE_RELEASE,
    .summary = "the workloads declared in requirements.autoscaling (or named by `names`) are "
               "the scaleTargetRef of an HPA",
    .params = hpa_required_params,
    .check_release = check_hpa_required,
};

/* ---- looking up an HPA's target ------------------------------------------------------- */

/* The object of that kind and name in HPA's namespace, or NULL. */
static const rc_object *object_named(const rc_identity_table *objects, const rc_object *hpa,
                                     const char *kind, const char *name)
{
    return rc_identity_table_find(objects, (rc_identity){hpa->namespace_, kind, name});
}

/* ---- hpa-target-exists ---------------------------------------------------------------- */

/* Fires when an HPA's scaleTargetRef is missing or names an object the release does not
 * contain (usually a renamed Deployment, or a release prefix the HPA template forgot). */
static void check_hpa_target_exists(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    const rc_identity_table *objects = rc_check_objects_by_identity(ctx);
    if (!objects)
        return;
    for (size_t i = 0; i < n; i++) {
        const rc_object *hpa = rc_check_object_at(ctx, i);
        if (!rc_scaling_is_hpa(hpa))
            continue;
        rc_check_examined(ctx, hpa);
        char where[300];
        const rc_node_pair *ref = rc_node_get_pair(rc_node_get(hpa->node, "spec"),
                                                   "scaleTargetRef");
        const rc_node *kind = ref ? rc_node_get(ref->value, "kind") : NULL;
        const rc_node *name = ref ? rc_node_get(ref->value, "name") : NULL;
        if (!rc_node_is_string(kind) || !rc_node_is_string(name)) {
            rc_object_describe(hpa, where, sizeof where);
            rc_check_report(ctx, hpa, ref ? ref->key : rc_scaling_spec_node(hpa),
                            "%s has no complete scaleTargetRef (kind and name).", where);
            continue;
        }
        if (!object_named(objects, hpa, rc_node_text(kind), rc_node_text(name))) {
            rc_object_describe(hpa, where, sizeof where);
            rc_check_report(ctx, hpa, name,
                            "%s scales %s \"%s\", which is not in the release (same namespace).",
                            where, rc_node_text(kind), rc_node_text(name));
        }
    }
}

const rc_template rc_template_hpa_target_exists = {
    .name = "hpa-target-exists",
    .scope = RC_SCOPE_RELEASE,
    .summary = "an HPA's scaleTargetRef names an object of the release",
    .params = rc_no_params,
    .check_release = check_hpa_target_exists,
};

/* ---- hpa-min-replicas ----------------------------------------------------------------- */

/* Fires when an HPA may scale its target below `minimum` replicas (unset minReplicas = 1). */
static bool check_hpa_min_replicas(rc_check_ctx *ctx, const rc_object *hpa)
{
    long long minimum = rc_params_int(rc_check_params(ctx), "minimum");
    if (!rc_scaling_is_hpa(hpa))
        return false;
    long long min;
    const rc_node *at;
    if (!rc_scaling_hpa_min(hpa, &min, &at) || min >= minimum)
        return true;
    char where[300];
    rc_object_describe(hpa, where, sizeof where);
    if (at)
        rc_check_report(ctx, hpa, at, "%s has minReplicas %lld; at least %lld keep the "
                        "service up while a pod restarts.", where, min, minimum);
    else
        rc_check_report(ctx, hpa, rc_scaling_spec_node(hpa),
                        "%s does not set minReplicas, which defaults to 1; set at least "
                        "%lld.", where, minimum);
    return true;
}

static const rc_param_spec hpa_min_replicas_params[] = {
    {"minimum", RC_PARAM_INT, "2", NULL, "the smallest acceptable minReplicas"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_hpa_min_replicas = {
    .name = "hpa-min-replicas",
    .scope = RC_SCOPE_OBJECT,
    .summary = "an HPA's minReplicas (unset = 1) is at least `minimum`",
    .params = hpa_min_replicas_params,
    .check_object = check_hpa_min_replicas,
};

/* ---- hpa-replica-range ---------------------------------------------------------------- */

/* Fires when maxReplicas is missing or not above minReplicas: such an HPA never scales
 * (equal) or is rejected by the API server (below, or missing). */
static bool check_hpa_replica_range(rc_check_ctx *ctx, const rc_object *hpa)
{
    if (!rc_scaling_is_hpa(hpa))
        return false;
    char where[300];
    rc_object_describe(hpa, where, sizeof where);
    const rc_node *max_node = rc_node_path(hpa->node, "spec.maxReplicas");
    long long min, max;
    if (!max_node || rc_node_is_null(max_node)) {
        rc_check_report(ctx, hpa, rc_scaling_spec_node(hpa),
                        "%s has no maxReplicas (the API server requires it).", where);
        return true;
    }
    /* Unresolved template values are left to the render, not guessed. */
    if (!rc_node_int(max_node, &max) || !rc_scaling_hpa_min(hpa, &min, NULL))
        return true;
    if (max <= min)
        rc_check_report(ctx, hpa, max_node,
                        "%s has maxReplicas %lld, not above minReplicas %lld: it can "
                        "never scale out.", where, max, min);
    return true;
}

const rc_template rc_template_hpa_replica_range = {
    .name = "hpa-replica-range",
    .scope = RC_SCOPE_OBJECT,
    .summary = "an HPA's maxReplicas is set and above its minReplicas",
    .params = rc_no_params,
    .check_object = check_hpa_replica_range,
};

/* ---- hpa-explicit-metrics ------------------------------------------------------------- */

/* Fires when an HPA states no metric. Kubernetes then defaults to 80% average CPU
 * utilisation (v2: empty or absent metrics; v1: no targetCPUUtilizationPercentage): the
 * HPA works, but on a target nobody chose. hpa-metric-requests judges that default. */
static bool check_hpa_explicit_metrics(rc_check_ctx *ctx, const rc_object *hpa)
{
    if (!rc_scaling_is_hpa(hpa))
        return false;
    char where[300];
    rc_object_describe(hpa, where, sizeof where);
    const rc_node *spec = rc_node_get(hpa->node, "spec");
    const char *field = rc_scaling_hpa_is_v1(hpa) ? "targetCPUUtilizationPercentage"
                                                   : "metrics";
    const rc_node_pair *pair = rc_node_get_pair(spec, field);
    if (pair && !rc_node_is_null(pair->value) &&
        (rc_scaling_hpa_is_v1(hpa) || rc_node_count(pair->value) > 0))
        return true;
    rc_check_report(ctx, hpa, pair ? pair->key : rc_scaling_spec_node(hpa),
                    "%s sets no %s, so Kubernetes scales it on 80%% average CPU "
                    "utilisation by default.", where, field);
    return true;
}

const rc_template rc_template_hpa_explicit_metrics = {
    .name = "hpa-explicit-metrics",
    .scope = RC_SCOPE_OBJECT,
    .summary = "an HPA states its metrics instead of relying on the 80% CPU default",
    .params = rc_no_params,
    .check_object = check_hpa_explicit_metrics,
};

/* ---- hpa-metric-requests -------------------------------------------------------------- */

/* A request that is present and not zero: utilisation is usage divided by the request. An
 * unparsable quantity is left to the resources rules (RC101...) rather than reported twice. */
static bool has_request(const rc_node *container, const char *resource)
{
    const rc_node *value = rc_node_get(rc_node_path(container, "resources.requests"), resource);
    const char *text = rc_node_text(value);
    if (!text || rc_node_is_null(value))
        return false;
    rc_quantity q;
    if (!rc_quantity_parse_n(text, value->as.scalar.len, &q, NULL))
        return true;
    return !rc_quantity_is_zero(&q);
}

/* The containers the HPA sums requests over: the app containers, plus init containers with
 * restartPolicy: Always (native sidecars run for the pod's lifetime). */
static bool counts_for_utilisation(const rc_container *c)
{
    if (c->type == RC_CONTAINER_APP)
        return true;
    const char *policy = rc_node_get_text(c->node, "restartPolicy");
    return c->type == RC_CONTAINER_INIT && policy && strcmp(policy, "Always") == 0;
}

/* Appends NAME to the comma-separated LIST (truncating quietly: it is only a message). */
static void list_append(char *list, size_t size, const char *name)
{
    size_t used = strlen(list);
    if (used + 1 < size)
        snprintf(list + used, size - used, "%s\"%s\"", used ? ", " : "", name);
}

/* Reports when TARGET cannot give the HPA a utilisation for RESOURCE: a container in scope
 * (CONTAINER, or every counted container when NULL) lacks the request. */
static void judge_utilisation(rc_check_ctx *ctx, const rc_object *hpa, const rc_node *at,
                              const rc_object *target, const char *resource,
                              const char *container)
{
    char missing[200] = "";
    bool found = false;
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, target);
    while (rc_container_next(&it, &c)) {
        if (container ? strcmp(c.name, container) != 0 : !counts_for_utilisation(&c))
            continue;
        found = true;
        if (!has_request(c.node, resource))
            list_append(missing, sizeof missing, c.name);
    }
    char where[300], what[300];
    rc_object_describe(hpa, where, sizeof where);
    rc_object_describe(target, what, sizeof what);
    if (container && !found)
        rc_check_report(ctx, hpa, at, "%s measures %s of container \"%s\", which %s does "
                        "not have.", where, resource, container, what);
    else if (missing[0])
        rc_check_report(ctx, hpa, at, "%s scales on %s utilisation, but container %s of %s "
                        "has no (or a zero) %s request: the HPA cannot compute utilisation "
                        "and will not scale.", where, resource, missing, what, resource);
}

/* One metrics[] item of a v2/v2beta2/v2beta1 HPA. */
static void judge_metric(rc_check_ctx *ctx, const rc_object *hpa, const rc_object *target,
                         const rc_node *metric)
{
    const char *type = rc_node_get_text(metric, "type");
    if (!type)
        return;
    const char *container = NULL;
    const rc_node *source;
    if (strcmp(type, "Resource") == 0) {
        source = rc_node_get(metric, "resource");
    } else if (strcmp(type, "ContainerResource") == 0) {
        source = rc_node_get(metric, "containerResource");
        container = rc_node_get_text(source, "container");
        if (!container)
            return;
    } else {
        return; /* Pods, Object and External metrics do not divide by requests */
    }
    const rc_node *name = rc_node_get(source, "name");
    const char *target_type = rc_node_get_text(rc_node_get(source, "target"), "type");
    bool utilisation = (target_type && strcmp(target_type, "Utilization") == 0) ||
                       rc_node_get(source, "targetAverageUtilization"); /* v2beta1 */
    if (!rc_node_is_string(name) || !utilisation)
        return;
    judge_utilisation(ctx, hpa, name, target, rc_node_text(name), container);
}

/* Fires when an HPA scales on cpu/memory utilisation (stated, or the 80% CPU default) and a
 * container of its target has no request for that resource. */
static void check_hpa_metric_requests(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    const rc_identity_table *objects = rc_check_objects_by_identity(ctx);
    if (!objects)
        return;
    for (size_t h = 0; h < n; h++) {
        const rc_object *hpa = rc_check_object_at(ctx, h);
        if (!rc_scaling_is_hpa(hpa))
            continue;
        const rc_node *ref = rc_node_path(hpa->node, "spec.scaleTargetRef");
        const char *kind = rc_node_get_text(ref, "kind");
        const char *name = rc_node_get_text(ref, "name");
        const rc_object *target =
            kind && name ? object_named(objects, hpa, kind, name) : NULL;
        if (target && !target->pod_spec)
            target = NULL; /* a custom scalable kind: its pods are not visible here */
        if (!target)
            continue; /* hpa-target-exists reports dangling references */
        rc_check_examined(ctx, hpa);
        const rc_node *spec = rc_node_get(hpa->node, "spec");
        if (rc_scaling_hpa_is_v1(hpa)) {
            const rc_node_pair *pct = rc_node_get_pair(spec, "targetCPUUtilizationPercentage");
            bool stated = pct && !rc_node_is_null(pct->value);
            judge_utilisation(ctx, hpa, stated ? pct->value : rc_scaling_spec_node(hpa), target,
                              "cpu", NULL);
            continue;
        }
        const rc_node *metrics = rc_node_get(spec, "metrics");
        if (!metrics || rc_node_count(metrics) == 0) {
            /* No metrics: the API server defaults to 80% CPU utilisation. */
            const rc_node_pair *pair = rc_node_get_pair(spec, "metrics");
            judge_utilisation(ctx, hpa, pair ? pair->key : rc_scaling_spec_node(hpa), target,
                              "cpu", NULL);
            continue;
        }
        if (metrics->kind != RC_NODE_SEQ)
            continue;
        for (size_t m = 0; m < metrics->as.seq.count; m++)
            judge_metric(ctx, hpa, target, metrics->as.seq.items[m]);
    }
}

const rc_template rc_template_hpa_metric_requests = {
    .name = "hpa-metric-requests",
    .scope = RC_SCOPE_RELEASE,
    .summary = "an HPA's resource-utilisation metrics have requests to divide by",
    .params = rc_no_params,
    .check_release = check_hpa_metric_requests,
};

/* ---- hpa-target-replicas-unset -------------------------------------------------------- */

/* Fires when a workload driven by an HPA still writes spec.replicas: every `helm upgrade`
 * or `kubectl apply` resets the replica count the HPA chose. */
static void check_hpa_target_replicas_unset(rc_check_ctx *ctx)
{
    const rc_scaling_index *index = rc_scaling_index_get(ctx);
    if (!index)
        return;
    for (size_t i = 0; i < index->workload_count; i++) {
        const rc_object *obj = index->workloads[i];
        const rc_object *hpa = rc_scaling_hpa_for(index, obj);
        if (!hpa)
            continue;
        rc_check_examined(ctx, obj);
        /* Written and not null, as read when the object was made. */
        const rc_node *replicas = rc_object_replicas_written(obj).field;
        if (!replicas)
            continue;
        char where[300], by[300];
        rc_object_describe(obj, where, sizeof where);
        rc_object_describe(hpa, by, sizeof by);
        rc_check_report(ctx, obj, replicas,
                        "%s sets spec.replicas although %s scales it: each apply resets the "
                        "replica count the HPA chose.", where, by);
    }
}

const rc_template rc_template_hpa_target_replicas_unset = {
    .name = "hpa-target-replicas-unset",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a workload scaled by an HPA leaves spec.replicas unset",
    .params = rc_no_params,
    .check_release = check_hpa_target_replicas_unset,
};

/* availability.c - templates for replica counts, pod spreading and rollout strategies.
 *
 * Replica counts follow DESIGN.md §3: unset spec.replicas means 1, and when a
 * HorizontalPodAutoscaler targets the workload its minReplicas is the count that matters
 * (the HPA owns spec.replicas then). That needs the whole release, so every template that
 * reads a replica count is release scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/scaling.h"
#include "checks/templates.h"

/* The replica count a workload can fall to, and where it is written. */
typedef struct replica_count {
    long long count;
    const rc_object *owner; /* the object holding the count: the workload or its HPA */
    const rc_node *field;   /* the value node, NULL when the count is a default */
    bool from_hpa;
} replica_count;

/* False when the count cannot be known: a kind without replicas, or a value that is not an
 * integer (an unrendered template); such objects are not judged rather than guessed. */
static bool effective_replicas(const rc_scaling_index *index, const rc_object *obj,
                               replica_count *out)
{
    long long replicas;
    bool set;
    if (!rc_object_replicas(obj, &replicas, &set))
        return false;
    const rc_object *hpa = rc_scaling_hpa_for(index, obj);
    if (hpa) {
        *out = (replica_count){1, hpa, NULL, true};
        return rc_scaling_hpa_min(hpa, &out->count, &out->field);
    }
    *out = (replica_count){replicas, obj, set ? rc_node_path(obj->node, "spec.replicas") : NULL,
                           false};
    return true;
}

/* Where to point when a value is missing: the object's `spec` key, else the object. */
static const rc_node *spec_key(const rc_node *parent)
{
    const rc_node_pair *pair = rc_node_get_pair(parent, "spec");
    return pair ? pair->key : parent;
}

static bool kind_selected(const rc_check_ctx *ctx, const rc_object *obj)
{
    return obj->pod_spec && rc_params_contains(rc_check_params(ctx), "kinds", obj->kind);
}

/* Fires when a long-running service can run on fewer than `min` replicas: one pod is a
 * single point of failure for every node drain, eviction and rollout. */
static void check_min_replicas(rc_check_ctx *ctx)
{
    const rc_scaling_index *index = rc_scaling_index_get(ctx);
    if (!index)
        return;
    long long min = rc_params_int(rc_check_params(ctx), "min");
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        replica_count rc;
        if (!kind_selected(ctx, obj) || !effective_replicas(index, obj, &rc))
            continue;
        /* A Deployment with the Recreate strategy says two of its pods must never run at
         * once (a ReadWriteOnce volume, a single writer): more replicas are not a fix. */
        const char *strategy = rc_node_get_text(rc_node_path(obj->node, "spec.strategy"), "type");
        if (obj->workload == RC_WORKLOAD_DEPLOYMENT && strategy &&
            strcmp(strategy, "Recreate") == 0)
            continue;
        rc_check_examined(ctx, obj);
        if (rc.count >= min)
            continue;
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        /* Point at the value to change: the HPA's minReplicas when an HPA owns the count. */
        const rc_node *at = rc.field ? rc.field : spec_key(rc.owner->node);
        if (rc.from_hpa) {
            char hpa[300];
            rc_object_describe(rc.owner, hpa, sizeof hpa);
            rc_check_report(ctx, rc.owner, at,
                            "%s lets %s scale down to %lld replica%s (minReplicas%s); at least "
                            "%lld are needed.",
                            hpa, where, rc.count, rc.count == 1 ? "" : "s",
                            rc.field ? "" : " unset, default 1", min);
        } else {
            rc_check_report(ctx, obj, at, "%s runs %lld replica%s (spec.replicas%s); at least "
                            "%lld are needed.",
                            where, rc.count, rc.count == 1 ? "" : "s",
                            rc.field ? "" : " unset, default 1", min);
        }
    }
}

/* A non-empty list under KEY of MAP. */
static bool has_items(const rc_node *map, const char *key)
{
    const rc_node *list = rc_node_get(map, key);
    return list && list->kind == RC_NODE_SEQ && list->as.seq.count > 0;
}

/* Pod anti-affinity (required or preferred) or topology spread constraints: either keeps the
 * scheduler from stacking every replica on one node or zone. */
static bool spreads_pods(const rc_node *pod_spec)
{
    const rc_node *anti = rc_node_path(pod_spec, "affinity.podAntiAffinity");
    return has_items(anti, "requiredDuringSchedulingIgnoredDuringExecution") ||
           has_items(anti, "preferredDuringSchedulingIgnoredDuringExecution") ||
           has_items(pod_spec, "topologySpreadConstraints");
}

/* Fires when a workload runs several replicas but nothing spreads them: replicas on one node
 * fail together, which defeats the point of having several. */
static void check_pod_spread(rc_check_ctx *ctx)
{
    const rc_scaling_index *index = rc_scaling_index_get(ctx);
    if (!index)
        return;
    long long min = rc_params_int(rc_check_params(ctx), "min-replicas");
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        replica_count rc;
        if (!kind_selected(ctx, obj) || !effective_replicas(index, obj, &rc))
            continue;
        rc_check_examined(ctx, obj);
        if (rc.count < min || spreads_pods(obj->pod_spec))
            continue;
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, spec_key(obj->pod_template),
                        "%s runs %lld replicas with neither pod anti-affinity nor topology "
                        "spread constraints.",
                        where, rc.count);
    }
}

/* The rollingUpdate map of a Deployment whose strategy is RollingUpdate (the default type),
 * or NULL. Other kinds roll out differently (StatefulSet partitions, DaemonSet per node). */
static const rc_node *deployment_rolling_update(const rc_object *obj)
{
    if (obj->workload != RC_WORKLOAD_DEPLOYMENT)
        return NULL;
    const rc_node *strategy = rc_node_path(obj->node, "spec.strategy");
    const char *type = rc_node_get_text(strategy, "type");
    if (type && strcmp(type, "RollingUpdate") != 0)
        return NULL;
    return rc_node_get(strategy, "rollingUpdate");
}

/* Reads an IntOrString (an integer, or "N%"). False for anything else, including the
 * templated values of an unrendered chart, which are then not judged. */
static bool int_or_percent(const rc_node *node, long long *value, bool *percent)
{
    if (!rc_node_is_string(node))
        return false;
    const char *text = node->as.scalar.text;
    size_t len = node->as.scalar.len;
    *percent = len > 1 && text[len - 1] == '%';
    if (!*percent)
        return rc_node_int(node, value) && *value >= 0;
    char digits[24];
    if (len - 1 >= sizeof digits || strlen(text) != len)
        return false;
    memcpy(digits, text, len - 1);
    digits[len - 1] = '\0';
    for (size_t i = 0; i < len - 1; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return false;
    }
    *value = strtoll(digits, NULL, 10);
    return true;
}

/* Fires when maxUnavailable and maxSurge are both zero: the API server rejects the
 * Deployment ("may not be 0 when maxSurge is 0"), since no pod could ever be replaced. Only
 * written values count: each defaults to 25%. */
static bool check_rolling_update_progress(rc_check_ctx *ctx, const rc_object *obj)
{
    if (obj->workload != RC_WORKLOAD_DEPLOYMENT)
        return false;
    const rc_node *ru = deployment_rolling_update(obj);
    const rc_node *unavailable = rc_node_get(ru, "maxUnavailable");
    const rc_node *surge = rc_node_get(ru, "maxSurge");
    long long u, s;
    bool up, sp;
    if (int_or_percent(unavailable, &u, &up) && int_or_percent(surge, &s, &sp) && u == 0 &&
        s == 0) {
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, unavailable,
                        "%s sets both maxUnavailable and maxSurge to 0: a rollout could never "
                        "replace a pod.",
                        where);
    }
    return true;
}

/* Fires when maxUnavailable reaches the replica count: a rollout may stop every pod at once.
 * Kubernetes rounds a percentage down, so "N%" covers every replica exactly when N >= 100
 * (no multiplication, hence no overflow). */
static void check_rolling_update_unavailable(rc_check_ctx *ctx)
{
    const rc_scaling_index *index = rc_scaling_index_get(ctx);
    if (!index)
        return;
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        replica_count rc;
        if (obj->workload != RC_WORKLOAD_DEPLOYMENT || !effective_replicas(index, obj, &rc))
            continue;
        rc_check_examined(ctx, obj);
        const rc_node *unavailable = rc_node_get(deployment_rolling_update(obj), "maxUnavailable");
        long long value;
        bool percent;
        if (rc.count < 1 || !int_or_percent(unavailable, &value, &percent))
            continue;
        if (percent ? value < 100 : value < rc.count)
            continue;
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, unavailable,
                        "maxUnavailable %s of %s lets a rollout stop all %lld replica%s at once.",
                        rc_node_text(unavailable), where, rc.count, rc.count == 1 ? "" : "s");
    }
}

static const rc_param_spec min_replicas_params[] = {
    {"min", RC_PARAM_INT, "2", NULL, "the fewest replicas a workload may run"},
    {"kinds", RC_PARAM_STRING_LIST, "[Deployment, StatefulSet]", NULL, "workload kinds judged"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_min_replicas = {
    .name = "min-replicas",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a workload runs at least `min` replicas (an HPA's minReplicas when one targets "
               "it)",
    .params = min_replicas_params,
    .check_release = check_min_replicas,
};

static const rc_param_spec pod_spread_params[] = {
    {"min-replicas", RC_PARAM_INT, "2", NULL, "judge workloads with at least this many replicas"},
    {"kinds", RC_PARAM_STRING_LIST, "[Deployment, StatefulSet]", NULL, "workload kinds judged"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_pod_spread = {
    .name = "pod-spread",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a workload with several replicas sets pod anti-affinity or topology spread "
               "constraints",
    .params = pod_spread_params,
    .check_release = check_pod_spread,
};

const rc_template rc_template_rolling_update_progress = {
    .name = "rolling-update-progress",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a Deployment's rolling update does not set maxUnavailable and maxSurge both "
               "to 0",
    .params = rc_no_params,
    .check_object = check_rolling_update_progress,
};

const rc_template rc_template_rolling_update_unavailable = {
    .name = "rolling-update-unavailable",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a Deployment's maxUnavailable stays below its replica count",
    .params = rc_no_params,
    .check_release = check_rolling_update_unavailable,
};

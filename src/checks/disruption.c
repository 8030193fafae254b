/* disruption.c - templates for PodDisruptionBudgets and the workloads they protect.
 *
 * Release-scoped: a PDB protects pods of other objects. Selection follows the API server:
 * spec.selector is a LabelSelector (matchLabels AND matchExpressions, `{}` selects every pod
 * of the PDB's namespace, an absent selector selects none), matched against the pod
 * template labels of workloads in the same namespace. A workload's replica count is its
 * floor: the targeting HPA's minReplicas when an HPA drives it, spec.replicas otherwise
 * (unset = 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/scaling.h"
#include "checks/templates.h"
#include "model/selector.h"

/* What one pass over the workloads learnt about PDB number I. */
typedef struct pdb_facts {
    size_t selected;           /* workloads whose pods it selects */
    long long replicas;        /* sum of their replica floors */
    bool replicas_unknown;     /* a selected workload has no known floor (DaemonSet...) */
    const rc_object *hpa;      /* the selected workloads' HPA with the smallest minReplicas */
    long long hpa_min;
    size_t last_workload;      /* 1 + the last workload counted, to count each one once */
} pdb_facts;

/* The run's PDBs (sorted by namespace, see scaling.h) with their selectors compiled once
 * (NULL: invalid or out of memory), and the selection computed once through the run's pod
 * index (rc_check_pod_index), whose workload numbers index COVERED. */
typedef struct pdb_set {
    const rc_scaling_index *index;
    const rc_pod_index *pods;
    rc_selector **selectors; /* parallel to index.pdbs */
    const char **errors;     /* why a selector is NULL */
    const rc_node **error_nodes;
    pdb_facts *facts;        /* parallel to index.pdbs */
    bool *covered;           /* parallel to the pod index's workloads: some PDB selects them */
} pdb_set;

/* Records that PDB I selects workload W (a pod index number). Calls for one PDB come in
 * input order of the workloads, so the HPA kept among equal minimums is the first one. */
static void note_selection(pdb_set *set, size_t i, size_t w)
{
    const rc_object *obj = rc_pod_index_workload(set->pods, w);
    pdb_facts *facts = &set->facts[i];
    long long replicas;
    const rc_object *hpa;
    if (facts->last_workload == w + 1)
        return;
    facts->last_workload = w + 1;
    set->covered[w] = true;
    facts->selected++;
    if (!rc_scaling_effective_replicas(set->index, obj, &replicas, &hpa) || replicas < 0 ||
        replicas > (1LL << 40) || facts->replicas > (1LL << 50)) {
        facts->replicas_unknown = true; /* bounds keep the sum far from overflow */
        return;
    }
    facts->replicas += replicas;
    if (hpa && (!facts->hpa || replicas < facts->hpa_min)) {
        facts->hpa = hpa;
        facts->hpa_min = replicas;
    }
}

static bool pdb_set_build(pdb_set *set, rc_check_ctx *ctx);

/* The run's PDB set, built once and shared by the four PDB rules (rc_check_shared). */
static void *pdb_set_new(rc_check_ctx *ctx)
{
    pdb_set *set = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *set);
    return set && pdb_set_build(set, ctx) ? set : NULL;
}

static const pdb_set *pdb_set_get(rc_check_ctx *ctx)
{
    static const char memo_key = 0;
    return rc_check_shared(ctx, &memo_key, pdb_set_new);
}

static bool pdb_set_build(pdb_set *set, rc_check_ctx *ctx)
{
    memset(set, 0, sizeof *set);
    set->index = rc_scaling_index_get(ctx);
    if (!set->index)
        return false;
    set->pods = rc_check_pod_index(ctx);
    if (!set->pods)
        return false;
    size_t n = set->index->pdb_count ? set->index->pdb_count : 1;
    size_t nw = rc_pod_index_workload_count(set->pods);
    rc_arena *arena = rc_check_arena(ctx);
    set->selectors = rc_arena_calloc(arena, n, sizeof *set->selectors);
    set->errors = rc_arena_calloc(arena, n, sizeof *set->errors);
    set->error_nodes = rc_arena_calloc(arena, n, sizeof *set->error_nodes);
    set->facts = rc_arena_calloc(arena, n, sizeof *set->facts);
    set->covered = rc_arena_calloc(arena, nw ? nw : 1, sizeof *set->covered);
    if (!set->selectors || !set->errors || !set->error_nodes || !set->facts || !set->covered)
        return false;
    for (size_t i = 0; i < set->index->pdb_count; i++) {
        const rc_object *pdb = set->index->pdbs[i];
        const rc_node *node = rc_node_path(pdb->node, "spec.selector");
        set->selectors[i] = rc_selector_compile(arena, node, RC_SELECTOR_LABEL, &set->errors[i],
                                                &set->error_nodes[i]);
        if (!set->selectors[i])
            continue; /* selects nothing */
        rc_pod_query query;
        size_t w;
        rc_pod_query_init(&query, set->pods, pdb->namespace_, set->selectors[i]);
        while (rc_pod_query_next(&query, &w))
            note_selection(set, i, w);
    }
    return true;
}

/* ---- pdb-required --------------------------------------------------------------------- */

/* Fires when a replicated workload (floor >= min-replicas) is selected by no PDB. */
static void check_pdb_required(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    long long threshold = rc_params_int(params, "min-replicas");
    const pdb_set *set = pdb_set_get(ctx);
    if (!set)
        return;
    for (size_t w = 0; w < rc_pod_index_workload_count(set->pods); w++) {
        const rc_object *obj = rc_pod_index_workload(set->pods, w);
        long long replicas;
        const rc_object *hpa;
        if (!rc_params_contains(params, "kinds", obj->kind) ||
            !rc_scaling_effective_replicas(set->index, obj, &replicas, &hpa) ||
            replicas < threshold)
            continue;
        rc_check_examined(ctx, obj);
        if (set->covered[w])
            continue;
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, rc_scaling_name_node(obj),
                        "%s runs at least %lld replicas%s but no PodDisruptionBudget in its "
                        "namespace selects its pods.",
                        where, replicas, hpa ? " (its HPA's minReplicas)" : "");
    }
}

static const rc_param_spec pdb_required_params[] = {
    {"min-replicas", RC_PARAM_INT, "2", NULL,
     "workloads with at least this many replicas (HPA minReplicas when scaled) need a PDB"},
    {"kinds", RC_PARAM_STRING_LIST, "[Deployment, StatefulSet, ReplicaSet]", NULL,
     "workload kinds that are judged"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_pdb_required = {
    .name = "pdb-required",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every replicated workload is selected by a PodDisruptionBudget",
    .params = pdb_required_params,
    .check_release = check_pdb_required,
};

/* ---- pdb-drain-blocking --------------------------------------------------------------- */

/* An IntOrString: integer, or "N%" (N may have a fraction). False for anything else,
 * including unresolved template text, which is left alone. */
static bool int_or_percent(const rc_node *node, double *value, bool *percent)
{
    const char *text = rc_node_text(node);
    if (!text || rc_node_is_null(node))
        return false;
    long long n;
    if (rc_node_int(node, &n)) {
        *value = (double)n;
        *percent = false;
        return true;
    }
    size_t len = strlen(text);
    if (len < 2 || text[len - 1] != '%')
        return false;
    char *end;
    double v = strtod(text, &end);
    if (end != text + len - 1 || !isfinite(v) || v < 0)
        return false;
    *value = v;
    *percent = true;
    return true;
}

/* Fires when a PDB never allows a voluntary eviction: maxUnavailable 0 (or 0%),
 * minAvailable 100%, or minAvailable that, rounded up as the disruption controller does,
 * covers every pod the PDB selects at the workloads' replica floor. */
static void check_pdb_drain_blocking(rc_check_ctx *ctx)
{
    const pdb_set *set = pdb_set_get(ctx);
    if (!set)
        return;
    for (size_t i = 0; i < set->index->pdb_count; i++) {
        const rc_object *pdb = set->index->pdbs[i];
        rc_check_examined(ctx, pdb);
        char where[300];
        rc_object_describe(pdb, where, sizeof where);
        const rc_node *spec = rc_node_get(pdb->node, "spec");
        const rc_node *max_unavailable = rc_node_get(spec, "maxUnavailable");
        const rc_node *min_available = rc_node_get(spec, "minAvailable");
        double value;
        bool percent;
        if (int_or_percent(max_unavailable, &value, &percent)) {
            if (value == 0)
                rc_check_report(ctx, pdb, max_unavailable,
                                "%s has maxUnavailable %s: no pod may ever be evicted, so node "
                                "drains hang.", where, rc_node_text(max_unavailable));
            continue; /* the API server allows only one of the two fields */
        }
        if (!int_or_percent(min_available, &value, &percent))
            continue;
        if (percent && value >= 100) {
            rc_check_report(ctx, pdb, min_available,
                            "%s has minAvailable %s: no pod may ever be evicted, so node "
                            "drains hang.", where, rc_node_text(min_available));
            continue;
        }
        /* The pod count is known only when every selected workload has a floor. */
        const pdb_facts *facts = &set->facts[i];
        long long total = facts->replicas;
        if (facts->selected == 0 || facts->replicas_unknown || total == 0)
            continue;
        double needed = percent ? ceil(value * (double)total / 100.0) : value;
        if (needed >= (double)total)
            rc_check_report(ctx, pdb, min_available,
                            "%s has minAvailable %s but selects only %lld pod%s at the "
                            "workloads' replica floor: no pod may be evicted, so node drains "
                            "hang.", where, rc_node_text(min_available), total,
                            total == 1 ? "" : "s");
    }
}

const rc_template rc_template_pdb_drain_blocking = {
    .name = "pdb-drain-blocking",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a PodDisruptionBudget allows at least one eviction at the replica floor",
    .params = rc_no_params,
    .check_release = check_pdb_drain_blocking,
};

/* ---- pdb-selects-pods ----------------------------------------------------------------- */

/* Fires when a PDB's selector is invalid, absent, or matches no pod template of the release
 * in its namespace: it protects nothing (often a label renamed in one place only). */
static void check_pdb_selects_pods(rc_check_ctx *ctx)
{
    const pdb_set *set = pdb_set_get(ctx);
    if (!set)
        return;
    for (size_t i = 0; i < set->index->pdb_count; i++) {
        const rc_object *pdb = set->index->pdbs[i];
        rc_check_examined(ctx, pdb);
        char where[300];
        rc_object_describe(pdb, where, sizeof where);
        const rc_node_pair *selector = rc_node_get_pair(rc_node_get(pdb->node, "spec"),
                                                        "selector");
        if (!set->selectors[i]) {
            rc_check_report(ctx, pdb, set->error_nodes[i], "%s has an invalid selector: %s.",
                            where, set->errors[i] ? set->errors[i] : "out of memory");
            continue;
        }
        if (rc_selector_is_absent(set->selectors[i])) {
            rc_check_report(ctx, pdb, selector ? selector->key : rc_scaling_spec_node(pdb),
                            "%s has no spec.selector, so it selects no pod.", where);
            continue;
        }
        if (set->facts[i].selected == 0)
            rc_check_report(ctx, pdb, selector->key,
                            "%s selects no pod of the release in its namespace (%s).", where,
                            rc_selector_describe(rc_check_arena(ctx), set->selectors[i]));
    }
}

const rc_template rc_template_pdb_selects_pods = {
    .name = "pdb-selects-pods",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a PodDisruptionBudget's selector matches pods of the release",
    .params = rc_no_params,
    .check_release = check_pdb_selects_pods,
};

/* ---- pdb-within-hpa-min --------------------------------------------------------------- */

/* Fires when an integer minAvailable is above the minReplicas of an HPA that scales a
 * workload the PDB selects: once the HPA scales down to its minimum, the budget cannot be
 * met and no pod may be evicted. */
static void check_pdb_within_hpa_min(rc_check_ctx *ctx)
{
    const pdb_set *set = pdb_set_get(ctx);
    if (!set)
        return;
    for (size_t i = 0; i < set->index->pdb_count; i++) {
        const rc_object *pdb = set->index->pdbs[i];
        const rc_node *min_available = rc_node_path(pdb->node, "spec.minAvailable");
        long long wanted;
        if (!rc_node_int(min_available, &wanted))
            continue; /* percentages scale with the HPA; unset has nothing to compare */
        const pdb_facts *facts = &set->facts[i];
        if (!facts->hpa)
            continue;
        rc_check_examined(ctx, pdb);
        if (wanted <= facts->hpa_min)
            continue;
        char where[300], by[300];
        rc_object_describe(pdb, where, sizeof where);
        rc_object_describe(facts->hpa, by, sizeof by);
        rc_check_report(ctx, pdb, min_available,
                        "%s has minAvailable %lld, above the minReplicas %lld of %s: at the "
                        "HPA's minimum no pod may be evicted.", where, wanted, facts->hpa_min,
                        by);
    }
}

const rc_template rc_template_pdb_within_hpa_min = {
    .name = "pdb-within-hpa-min",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a PDB's integer minAvailable is not above a targeting HPA's minReplicas",
    .params = rc_no_params,
    .check_release = check_pdb_within_hpa_min,
};

/* ---- pdb-unhealthy-eviction-policy ---------------------------------------------------- */

/* Fires when spec.unhealthyPodEvictionPolicy is unset: under the default (IfHealthyBudget)
 * running-but-unready pods are evictable only while the budget is met, so one crash-looping
 * replica can stall a drain. Either explicit value is accepted: it is a decision. */
static void check_pdb_unhealthy_eviction_policy(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *pdb = rc_check_object_at(ctx, i);
        if (!rc_scaling_is_pdb(pdb))
            continue;
        rc_check_examined(ctx, pdb);
        const rc_node *policy = rc_node_path(pdb->node, "spec.unhealthyPodEvictionPolicy");
        if (policy && !rc_node_is_null(policy))
            continue;
        char where[300];
        rc_object_describe(pdb, where, sizeof where);
        rc_check_report(ctx, pdb, rc_scaling_spec_node(pdb),
                        "%s does not set unhealthyPodEvictionPolicy: under the default "
                        "(IfHealthyBudget) a running but unready pod cannot be evicted while "
                        "the budget is unmet, so a crash-looping replica can stall drains.",
                        where);
    }
}

const rc_template rc_template_pdb_unhealthy_eviction_policy = {
    .name = "pdb-unhealthy-eviction-policy",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a PodDisruptionBudget sets unhealthyPodEvictionPolicy",
    .params = rc_no_params,
    .check_release = check_pdb_unhealthy_eviction_policy,
};

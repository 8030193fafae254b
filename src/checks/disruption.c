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

/* One PDB filed under the last pair of its matchLabels: every pod it selects carries that
 * label, so a workload only needs to look at the PDBs filed under its own labels (plus the
 * PDBs without matchLabels). Keeps selection O(labels * log PDBs) per workload instead of
 * O(PDBs) when a monorepo puts thousands of each in one namespace. */
typedef struct pdb_key {
    const char *namespace_;
    const char *key;
    const char *value;
    size_t pdb; /* index into pdb_set.index.pdbs */
} pdb_key;

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
 * (NULL: invalid or out of memory), and the selection computed once. */
typedef struct pdb_set {
    rc_scaling_index index;
    rc_selector **selectors; /* parallel to index.pdbs */
    const char **errors;     /* why a selector is NULL */
    const rc_node **error_nodes;
    pdb_facts *facts;        /* parallel to index.pdbs */
    bool *covered;           /* parallel to index.workloads: some PDB selects its pods */
    pdb_key *keyed;          /* sorted by (namespace, key, value, pdb) */
    size_t keyed_count;
    const rc_object **generic; /* PDBs without matchLabels, sorted by namespace */
    size_t *generic_pdb;       /* their indices into index.pdbs */
    size_t generic_count;
} pdb_set;

static int compare_key_fields(const pdb_key *a, const char *namespace_, const char *key,
                              const char *value)
{
    int c = strcmp(a->namespace_, namespace_);
    if (!c)
        c = strcmp(a->key, key);
    if (!c)
        c = strcmp(a->value, value);
    return c;
}

static int compare_keys(const void *pa, const void *pb)
{
    const pdb_key *a = pa, *b = pb;
    int c = compare_key_fields(a, b->namespace_, b->key, b->value);
    if (c)
        return c;
    return a->pdb < b->pdb ? -1 : a->pdb > b->pdb;
}

/* The label a selected pod must carry, from the selector's last matchLabels pair (the last
 * wins when a key repeats). False when there is none or it is not plain text. */
static bool filing_label(const rc_node *selector, const char **key, const char **value)
{
    const rc_node *labels = rc_node_get(selector, "matchLabels");
    if (!labels || labels->kind != RC_NODE_MAP || labels->as.map.count == 0)
        return false;
    const rc_node_pair *last = &labels->as.map.pairs[labels->as.map.count - 1];
    *key = rc_node_text(last->key);
    *value = rc_node_text(last->value);
    return *key && *value && !rc_node_is_null(last->value);
}

/* Records that PDB I selects workload W. */
static void note_selection(pdb_set *set, size_t i, size_t w)
{
    const rc_object *obj = set->index.workloads[w];
    pdb_facts *facts = &set->facts[i];
    long long replicas;
    const rc_object *hpa;
    /* A label key that repeats (the last value wins) is looked up under each of its values,
     * so one PDB can come up twice for one workload: count it once. */
    if (facts->last_workload == w + 1)
        return;
    facts->last_workload = w + 1;
    set->covered[w] = true;
    facts->selected++;
    if (!rc_scaling_effective_replicas(&set->index, obj, &replicas, &hpa) || replicas < 0 ||
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

/* Checks the PDBs that can select workload W (same namespace; filed under one of its pod
 * labels, or without matchLabels) and records every selection. */
static void select_workload(pdb_set *set, size_t w)
{
    const rc_object *obj = set->index.workloads[w];
    size_t begin, end;
    rc_scaling_namespace_range(set->generic, set->generic_count, obj, &begin, &end);
    for (size_t g = begin; g < end; g++) {
        size_t i = set->generic_pdb[g];
        if (set->selectors[i] && rc_selector_matches(set->selectors[i], obj->pod_labels))
            note_selection(set, i, w);
    }
    const rc_node *labels = obj->pod_labels;
    if (!labels || labels->kind != RC_NODE_MAP)
        return;
    for (size_t l = 0; l < labels->as.map.count; l++) {
        const char *key = rc_node_text(labels->as.map.pairs[l].key);
        const rc_node *value_node = labels->as.map.pairs[l].value;
        /* A null label value is "" to the selector, so it is filed under "". */
        const char *value = rc_node_is_null(value_node) ? "" : rc_node_text(value_node);
        if (!key || !value)
            continue;
        size_t lo = 0, hi = set->keyed_count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (compare_key_fields(&set->keyed[mid], obj->namespace_, key, value) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < set->keyed_count &&
               compare_key_fields(&set->keyed[lo], obj->namespace_, key, value) == 0;
             lo++) {
            size_t i = set->keyed[lo].pdb;
            if (set->selectors[i] && rc_selector_matches(set->selectors[i], obj->pod_labels))
                note_selection(set, i, w);
        }
    }
}

static bool pdb_set_build(pdb_set *set, rc_check_ctx *ctx)
{
    memset(set, 0, sizeof *set);
    if (!rc_scaling_index_build(&set->index, ctx))
        return false;
    size_t n = set->index.pdb_count ? set->index.pdb_count : 1;
    size_t nw = set->index.workload_count ? set->index.workload_count : 1;
    rc_arena *arena = rc_check_arena(ctx);
    set->selectors = rc_arena_calloc(arena, n, sizeof *set->selectors);
    set->errors = rc_arena_calloc(arena, n, sizeof *set->errors);
    set->error_nodes = rc_arena_calloc(arena, n, sizeof *set->error_nodes);
    set->facts = rc_arena_calloc(arena, n, sizeof *set->facts);
    set->keyed = rc_arena_calloc(arena, n, sizeof *set->keyed);
    set->generic = rc_arena_calloc(arena, n, sizeof *set->generic);
    set->generic_pdb = rc_arena_calloc(arena, n, sizeof *set->generic_pdb);
    set->covered = rc_arena_calloc(arena, nw, sizeof *set->covered);
    if (!set->selectors || !set->errors || !set->error_nodes || !set->facts || !set->keyed ||
        !set->generic || !set->generic_pdb || !set->covered)
        return false;
    for (size_t i = 0; i < set->index.pdb_count; i++) {
        const rc_object *pdb = set->index.pdbs[i];
        const rc_node *node = rc_node_path(pdb->node, "spec.selector");
        set->selectors[i] = rc_selector_compile(arena, node, RC_SELECTOR_LABEL, &set->errors[i],
                                                &set->error_nodes[i]);
        const char *key, *value;
        if (!set->selectors[i]) {
            continue; /* selects nothing: not filed anywhere */
        } else if (filing_label(node, &key, &value)) {
            set->keyed[set->keyed_count++] = (pdb_key){pdb->namespace_, key, value, i};
        } else {
            /* PDBs are sorted by namespace, so this list is too. */
            set->generic[set->generic_count] = pdb;
            set->generic_pdb[set->generic_count++] = i;
        }
    }
    qsort(set->keyed, set->keyed_count, sizeof *set->keyed, compare_keys);
    for (size_t w = 0; w < set->index.workload_count; w++)
        select_workload(set, w);
    return true;
}

/* ---- pdb-required --------------------------------------------------------------------- */

/* Fires when a replicated workload (floor >= min-replicas) is selected by no PDB. */
static void check_pdb_required(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    long long threshold = rc_params_int(params, "min-replicas");
    pdb_set set;
    if (!pdb_set_build(&set, ctx))
        return;
    for (size_t w = 0; w < set.index.workload_count; w++) {
        const rc_object *obj = set.index.workloads[w];
        long long replicas;
        const rc_object *hpa;
        if (!rc_params_contains(params, "kinds", obj->kind) ||
            !rc_scaling_effective_replicas(&set.index, obj, &replicas, &hpa) ||
            replicas < threshold)
            continue;
        rc_check_examined(ctx, obj);
        if (set.covered[w])
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
    pdb_set set;
    if (!pdb_set_build(&set, ctx))
        return;
    for (size_t i = 0; i < set.index.pdb_count; i++) {
        const rc_object *pdb = set.index.pdbs[i];
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
        const pdb_facts *facts = &set.facts[i];
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
    pdb_set set;
    if (!pdb_set_build(&set, ctx))
        return;
    for (size_t i = 0; i < set.index.pdb_count; i++) {
        const rc_object *pdb = set.index.pdbs[i];
        rc_check_examined(ctx, pdb);
        char where[300];
        rc_object_describe(pdb, where, sizeof where);
        const rc_node_pair *selector = rc_node_get_pair(rc_node_get(pdb->node, "spec"),
                                                        "selector");
        if (!set.selectors[i]) {
            rc_check_report(ctx, pdb, set.error_nodes[i], "%s has an invalid selector: %s.",
                            where, set.errors[i] ? set.errors[i] : "out of memory");
            continue;
        }
        if (rc_selector_is_absent(set.selectors[i])) {
            rc_check_report(ctx, pdb, selector ? selector->key : rc_scaling_spec_node(pdb),
                            "%s has no spec.selector, so it selects no pod.", where);
            continue;
        }
        if (set.facts[i].selected == 0)
            rc_check_report(ctx, pdb, selector->key,
                            "%s selects no pod of the release in its namespace (%s).", where,
                            rc_selector_describe(rc_check_arena(ctx), set.selectors[i]));
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
    pdb_set set;
    if (!pdb_set_build(&set, ctx))
        return;
    for (size_t i = 0; i < set.index.pdb_count; i++) {
        const rc_object *pdb = set.index.pdbs[i];
        const rc_node *min_available = rc_node_path(pdb->node, "spec.minAvailable");
        long long wanted;
        if (!rc_node_int(min_available, &wanted))
            continue; /* percentages scale with the HPA; unset has nothing to compare */
        const pdb_facts *facts = &set.facts[i];
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

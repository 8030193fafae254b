/* scaling.c - the HPA/PDB/workload index shared by autoscaling.c and disruption.c. */
#include "checks/scaling.h"

#include <stdlib.h>
#include <string.h>

/* One HPA under the identity its scaleTargetRef names. */
struct rc_scaling_target {
    rc_identity target;
    const rc_object *hpa;
};

static rc_identity identity_of_target(const void *value)
{
    return ((const rc_scaling_target *)value)->target;
}

static bool scaling_index_build(rc_scaling_index *index, rc_check_ctx *ctx);

static void *scaling_index_new(rc_check_ctx *ctx)
{
    rc_scaling_index *index = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *index);
    return index && scaling_index_build(index, ctx) ? index : NULL;
}

const rc_scaling_index *rc_scaling_index_get(rc_check_ctx *ctx)
{
    static const char memo_key = 0;
    return rc_check_shared(ctx, &memo_key, scaling_index_new);
}

bool rc_scaling_is_hpa(const rc_object *obj)
{
    return rc_object_kind_is(obj, "HorizontalPodAutoscaler");
}

bool rc_scaling_is_pdb(const rc_object *obj)
{
    return rc_object_kind_is(obj, "PodDisruptionBudget");
}

bool rc_scaling_hpa_is_v1(const rc_object *hpa)
{
    return strcmp(hpa->api_version, "autoscaling/v1") == 0;
}

/* qsort is not stable: ORDER (the position before sorting) keeps input order among
 * objects of one namespace, so reports and "first HPA" choices do not depend on libc. */
typedef struct ns_item {
    const rc_object *obj;
    size_t order;
} ns_item;

static int compare_ns_items(const void *pa, const void *pb)
{
    const ns_item *a = pa, *b = pb;
    int c = strcmp(a->obj->namespace_, b->obj->namespace_);
    if (c)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool sort_by_namespace(rc_arena *arena, const rc_object **items, size_t count)
{
    if (count < 2)
        return true;
    ns_item *tmp = rc_arena_calloc(arena, count, sizeof *tmp);
    if (!tmp)
        return false;
    for (size_t i = 0; i < count; i++)
        tmp[i] = (ns_item){items[i], i};
    qsort(tmp, count, sizeof *tmp, compare_ns_items);
    for (size_t i = 0; i < count; i++)
        items[i] = tmp[i].obj;
    return true;
}

static bool scaling_index_build(rc_scaling_index *index, rc_check_ctx *ctx)
{
    memset(index, 0, sizeof *index);
    size_t n = rc_check_object_count(ctx), hpas = 0, pdbs = 0, workloads = 0;
    /* Count first so each array is exactly as long as it needs to be: every release rule
     * builds its own index, and memory should grow with objects, not objects times rules. */
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (rc_scaling_is_hpa(obj))
            hpas++;
        else if (rc_scaling_is_pdb(obj))
            pdbs++;
        else if (obj->pod_spec)
            workloads++;
    }
    rc_arena *arena = rc_check_arena(ctx);
    index->hpas = rc_arena_calloc(arena, hpas ? hpas : 1, sizeof *index->hpas);
    index->targets = rc_arena_calloc(arena, hpas ? hpas : 1, sizeof *index->targets);
    index->by_target = rc_identity_table_new(arena, hpas, identity_of_target);
    index->pdbs = rc_arena_calloc(arena, pdbs ? pdbs : 1, sizeof *index->pdbs);
    index->workloads = rc_arena_calloc(arena, workloads ? workloads : 1,
                                       sizeof *index->workloads);
    if (!index->hpas || !index->targets || !index->by_target || !index->pdbs ||
        !index->workloads)
        return false;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (rc_scaling_is_hpa(obj)) {
            index->hpas[index->hpa_count++] = obj;
            const rc_node *ref = rc_node_path(obj->node, "spec.scaleTargetRef");
            const char *kind = rc_node_get_text(ref, "kind");
            const char *name = rc_node_get_text(ref, "name");
            if (kind && name) {
                /* Filed in input order: the first HPA of a target is the one found. */
                rc_scaling_target *target = &index->targets[index->target_count++];
                *target = (rc_scaling_target){{obj->namespace_, kind, name}, obj};
                rc_identity_table_add(index->by_target, target);
            }
        } else if (rc_scaling_is_pdb(obj)) {
            index->pdbs[index->pdb_count++] = obj;
        } else if (obj->pod_spec) {
            index->workloads[index->workload_count++] = obj;
        }
    }
    return sort_by_namespace(arena, index->pdbs, index->pdb_count);
}

bool rc_scaling_hpa_targets(const rc_object *hpa, const rc_object *obj)
{
    const rc_node *ref = rc_node_path(hpa->node, "spec.scaleTargetRef");
    const char *kind = rc_node_get_text(ref, "kind");
    const char *name = rc_node_get_text(ref, "name");
    /* apiVersion is not compared: apps/v1 and the long-gone extensions/v1beta1 name the same
     * Deployment, and the HPA controller resolves the kind through discovery anyway. */
    return kind && name && strcmp(kind, obj->kind) == 0 && strcmp(name, obj->name) == 0 &&
           rc_object_same_namespace(hpa, obj);
}

const rc_object *rc_scaling_hpa_for(const rc_scaling_index *index, const rc_object *obj)
{
    const rc_scaling_target *target = rc_identity_table_find(
        index->by_target, (rc_identity){obj->namespace_, obj->kind, obj->name});
    return target ? target->hpa : NULL;
}

bool rc_scaling_hpa_min(const rc_object *hpa, long long *min, const rc_node **at)
{
    rc_count_fact fact = rc_object_min_replicas(hpa);
    if (at)
        *at = fact.field;
    if (fact.state == RC_COUNT_UNSET) {
        *min = 1;
        return true;
    }
    if (fact.state == RC_COUNT_INVALID)
        return false;
    *min = fact.value;
    return true;
}

bool rc_scaling_effective_replicas(const rc_scaling_index *index, const rc_object *obj,
                                   long long *replicas, const rc_object **hpa)
{
    long long own;
    bool set;
    if (hpa)
        *hpa = NULL;
    /* Kinds without a replica count are never scaled by an HPA through spec.replicas. */
    if (!rc_object_replicas(obj, &own, &set))
        return false;
    const rc_object *driver = rc_scaling_hpa_for(index, obj);
    if (!driver) {
        *replicas = own;
        return true;
    }
    if (hpa)
        *hpa = driver;
    return rc_scaling_hpa_min(driver, replicas, NULL);
}

const rc_node *rc_scaling_name_node(const rc_object *obj)
{
    const rc_node *meta = rc_node_get(obj->node, "metadata");
    const rc_node *name = rc_node_get(meta, "name");
    if (!name)
        name = rc_node_get(meta, "generateName");
    return name ? name : obj->node;
}

const rc_node *rc_scaling_spec_node(const rc_object *obj)
{
    const rc_node_pair *spec = rc_node_get_pair(obj->node, "spec");
    return spec ? spec->key : rc_scaling_name_node(obj);
}

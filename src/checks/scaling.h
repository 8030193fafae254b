/* scaling.h - facts shared by the autoscaling and disruption-budget templates.
 *
 * Both families need to know which HorizontalPodAutoscaler drives a workload, because an
 * HPA's minReplicas replaces spec.replicas as the workload's floor (DESIGN.md §3). The
 * index is built once per run from the run's objects.
 *
 * Ownership: an rc_scaling_index and its arrays live in the arena passed to
 * rc_scaling_index_build (the check's run arena); it borrows the objects from the run.
 * Nothing here reports findings. */
#ifndef RC_CHECK_SCALING_H
#define RC_CHECK_SCALING_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "model/identity.h"
#include "model/object.h"

typedef struct rc_scaling_target rc_scaling_target;

typedef struct rc_scaling_index {
    const rc_object **hpas;     /* kind HorizontalPodAutoscaler, input order */
    size_t hpa_count;
    const rc_object **pdbs;     /* kind PodDisruptionBudget, sorted by namespace (stable) */
    size_t pdb_count;
    const rc_object **workloads; /* objects with a pod template (pod_spec), input order */
    size_t workload_count;
    /* HPAs by the identity (namespace, target kind, target name) they scale, so that a
     * monorepo's thousands of workloads find their HPA with a probe or two instead of
     * scanning every HPA. */
    rc_scaling_target *targets;
    size_t target_count;
    rc_identity_table *by_target;
} rc_scaling_index;

/* The run's index, built from CTX's objects on first use and shared by every rule of the
 * run (rc_check_shared). NULL when memory runs out. */
const rc_scaling_index *rc_scaling_index_get(rc_check_ctx *ctx);

bool rc_scaling_is_hpa(const rc_object *obj);
bool rc_scaling_is_pdb(const rc_object *obj);
/* autoscaling/v1 reads targetCPUUtilizationPercentage; every later version reads metrics. */
bool rc_scaling_hpa_is_v1(const rc_object *hpa);

/* True when HPA's scaleTargetRef names OBJ: same kind, same name, same namespace. */
bool rc_scaling_hpa_targets(const rc_object *hpa, const rc_object *obj);
/* The first HPA of INDEX (in input order) that targets OBJ, or NULL. */
const rc_object *rc_scaling_hpa_for(const rc_scaling_index *index, const rc_object *obj);
/* spec.minReplicas: unset means 1, as the API server defaults it. False when written but
 * not an integer (a value the render left unresolved); then *MIN is untouched. *AT receives
 * the field's value node or NULL when unset (AT may be NULL). */
bool rc_scaling_hpa_min(const rc_object *hpa, long long *min, const rc_node **at);

/* The replicas a workload runs with at its smallest: the targeting HPA's minReplicas when an
 * HPA of INDEX drives it, spec.replicas otherwise (unset = 1). False for kinds without
 * replicas (DaemonSet, Job, Pod...) and for values that are not integers. *HPA receives the
 * HPA used or NULL (HPA may be NULL). */
bool rc_scaling_effective_replicas(const rc_scaling_index *index, const rc_object *obj,
                                   long long *replicas, const rc_object **hpa);

/* The node a finding about the whole object points at: the metadata.name value, so the
 * line is the one users recognise; the object's map when it has no name. */
const rc_node *rc_scaling_name_node(const rc_object *obj);
/* The `spec` key of OBJ (for findings about a field that is missing), or the name node. */
const rc_node *rc_scaling_spec_node(const rc_object *obj);

#endif

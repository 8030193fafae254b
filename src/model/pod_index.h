/* pod_index.h - the release's workloads by namespace and pod label, for selector queries.
 *
 * Release rules ask "which workloads of namespace N does selector S select?" for every
 * Service, NetworkPolicy and PDB of a release; scanning every workload for each of them is
 * quadratic when a render puts thousands of each in one namespace. The index answers it
 * from the selector's requirements: each namespace keeps its workloads' pod labels as
 * sorted (key, value, workload) postings and their keys as sorted (key, workload) postings,
 * so a selector with a matchLabels pair, an In expression of up to RC_POD_QUERY_MAX_VALUES
 * values or an Exists expression finds its candidates in O(values * log n) (the requirement
 * with the fewest postings is walked, an In's values' postings merged in workload order)
 * and the full selector is tested only on them. A selector without one (only NotIn and
 * DoesNotExist, In with more values, or `{}`) falls back to testing every workload of the
 * namespace: with P such selectors and W workloads in one namespace that is P*W selector
 * tests, the index's worst case. Either way the answer is exactly what rc_selector_matches
 * over every workload of the namespace gives, in input order.
 *
 * Workloads are the objects with a pod spec (obj->pod_spec), numbered 0.. in input order.
 * Namespaces compare as rc_object_same_namespace does: byte for byte, "" apart from
 * "default".
 *
 * Ownership: the index and its arrays live in ARENA (the run's arena: it is built at most
 * once per run, on first use, and freed with the run); it borrows the objects and their
 * nodes, which must outlive it. Queries do not allocate. */
#ifndef RC_POD_INDEX_H
#define RC_POD_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "model/object.h"
#include "model/selector.h"
#include "util/arena.h"

typedef struct rc_pod_index rc_pod_index;

/* Indexes the workloads among OBJECTS[0..COUNT). NULL when ARENA runs out of memory.
 * O(L log L) for L pod labels in all. */
rc_pod_index *rc_pod_index_build(rc_arena *arena, const rc_object *objects, size_t count);

/* Workloads, in input order: W below rc_pod_index_workload_count. */
size_t rc_pod_index_workload_count(const rc_pod_index *index);
const rc_object *rc_pod_index_workload(const rc_pod_index *index, size_t w);

/* Distinct namespaces of the workloads, sorted byte for byte: NS below the count. The
 * namespace's number (SIZE_MAX when no workload is in NAMESPACE_) is O(log namespaces). */
size_t rc_pod_index_namespace_count(const rc_pod_index *index);
const char *rc_pod_index_namespace_name(const rc_pod_index *index, size_t ns);
size_t rc_pod_index_namespace_find(const rc_pod_index *index, const char *namespace_);
/* The namespace number of workload W. */
size_t rc_pod_index_namespace_of(const rc_pod_index *index, size_t w);
/* The workloads of namespace NS in input order: *COUNT of them (borrowed). */
const size_t *rc_pod_index_namespace_workloads(const rc_pod_index *index, size_t ns,
                                               size_t *count);

/* A query in progress: caller-allocated, filled by rc_pod_query_init; fields are private. */
enum { RC_POD_QUERY_MAX_VALUES = 8 };

typedef struct rc_pod_query {
    const rc_pod_index *index;
    const rc_selector *selector;
    /* Keyed: walking the postings of one key with each of RANGES values at once, merged in
     * workload order: [pos[r], end[r]) for r below RANGES. */
    size_t ranges;
    bool by_key;          /* the ranges are of the key postings (an Exists), not the labels' */
    size_t range_pos[RC_POD_QUERY_MAX_VALUES];
    size_t range_end[RC_POD_QUERY_MAX_VALUES];
    const size_t *workloads; /* otherwise: walking the namespace's workloads [pos, end) */
    size_t pos;
    size_t end;
    size_t last;          /* the last workload returned + 1, to skip repeated postings */
} rc_pod_query;

/* Starts the query "workloads of NAMESPACE_ whose pod labels SELECTOR selects". A NULL
 * SELECTOR selects every workload of the namespace (a NetworkPolicy without podSelector).
 * Borrows INDEX, NAMESPACE_ (only during the call) and SELECTOR (until the query ends). */
void rc_pod_query_init(rc_pod_query *query, const rc_pod_index *index, const char *namespace_,
                       const rc_selector *selector);
/* The next selected workload, in input order: true and *W set, or false when done. */
bool rc_pod_query_next(rc_pod_query *query, size_t *w);

/* True when SELECTOR (NULL: every pod) selects some workload of NAMESPACE_. */
bool rc_pod_index_selects_any(const rc_pod_index *index, const char *namespace_,
                              const rc_selector *selector);

#endif

#include "model/pod_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/checked.h"

/* One pod label of one workload. A labels map that repeats a key posts every value; the
 * full selector test (last value wins) then rejects the stale ones. HASH is of the key and
 * value, so that a lookup's binary search compares integers held in the postings array and
 * reads label text (in cold node trees) only to confirm the run it lands on. */
typedef struct posting {
    size_t ns;
    uint64_t hash;
    const char *key;
    const char *value; /* a null label value is "" to selectors, so it is posted as "" */
    uint32_t key_len;  /* scalars are at most RC_NODE_MAX_COUNT bytes */
    uint32_t value_len;
    size_t workload;
} posting;

typedef struct pod_namespace {
    const char *name;
    size_t first;      /* [first, first + count) of pod_index.by_namespace */
    size_t count;
    size_t post_begin; /* [post_begin, post_end) of pod_index.postings */
    size_t post_end;
    size_t key_begin;  /* [key_begin, key_end) of pod_index.key_postings */
    size_t key_end;
} pod_namespace;

struct rc_pod_index {
    const rc_object **workloads; /* input order */
    size_t *ns_of;               /* namespace number of each workload */
    size_t workload_count;
    size_t *by_namespace;        /* workload numbers sorted by (namespace, input order) */
    pod_namespace *namespaces;   /* sorted by name */
    size_t namespace_count;
    posting *postings;           /* sorted by (namespace, hash, key, value, workload) */
    size_t posting_count;
    /* Every pod label key of every workload, posted with the value "" (Exists needs the key
     * only, whatever its value), sorted as postings are. */
    posting *key_postings;
    size_t key_posting_count;
};

static int compare_bytes(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
    if (c)
        return c;
    return a_len < b_len ? -1 : a_len > b_len;
}

/* Orders workload numbers by their namespace, then input order (qsort is not stable). */
typedef struct ns_sort {
    const char *namespace_;
    size_t workload;
} ns_sort;

static int compare_ns_sort(const void *pa, const void *pb)
{
    const ns_sort *a = pa, *b = pb;
    int c = strcmp(a->namespace_, b->namespace_);
    if (c)
        return c;
    return a->workload < b->workload ? -1 : a->workload > b->workload;
}

/* FNV-1a over the key, a byte no label key holds, and the value. */
static uint64_t label_hash(const char *key, size_t key_len, const char *value, size_t value_len)
{
    uint64_t hash = 14695981039346656037u;
    for (size_t i = 0; i < key_len; i++)
        hash = (hash ^ (unsigned char)key[i]) * 1099511628211u;
    hash = (hash ^ 0xffu) * 1099511628211u;
    for (size_t i = 0; i < value_len; i++)
        hash = (hash ^ (unsigned char)value[i]) * 1099511628211u;
    return hash;
}

/* Orders by namespace and hash only: integers, no label text. */
static int compare_posting_place(const posting *p, size_t ns, uint64_t hash)
{
    if (p->ns != ns)
        return p->ns < ns ? -1 : 1;
    return p->hash < hash ? -1 : p->hash > hash;
}

static int compare_posting_label(const posting *p, const char *key, size_t key_len,
                                 const char *value, size_t value_len)
{
    int c = compare_bytes(p->key, p->key_len, key, key_len);
    return c ? c : compare_bytes(p->value, p->value_len, value, value_len);
}

static int compare_postings(const void *pa, const void *pb)
{
    const posting *a = pa, *b = pb;
    int c = compare_posting_place(a, b->ns, b->hash);
    if (!c)
        c = compare_posting_label(a, b->key, b->key_len, b->value, b->value_len);
    if (c)
        return c;
    return a->workload < b->workload ? -1 : a->workload > b->workload;
}

static const rc_node *label_map(const rc_object *obj)
{
    const rc_node *labels = obj->pod_labels;
    return labels && labels->kind == RC_NODE_MAP ? labels : NULL;
}

/* A label that an equality requirement can match: a scalar key and a scalar value. */
static bool postable(const rc_node_pair *pair)
{
    return pair->key->kind == RC_NODE_SCALAR && pair->value->kind == RC_NODE_SCALAR;
}

static bool group_namespaces(rc_pod_index *index, rc_arena *arena)
{
    size_t n = index->workload_count;
    ns_sort *order = rc_arena_calloc(arena, n ? n : 1, sizeof *order);
    index->by_namespace = rc_arena_calloc(arena, n ? n : 1, sizeof *index->by_namespace);
    index->ns_of = rc_arena_calloc(arena, n ? n : 1, sizeof *index->ns_of);
    index->namespaces = rc_arena_calloc(arena, n ? n : 1, sizeof *index->namespaces);
    if (!order || !index->by_namespace || !index->ns_of || !index->namespaces)
        return false;
    for (size_t w = 0; w < n; w++)
        order[w] = (ns_sort){index->workloads[w]->namespace_, w};
    qsort(order, n, sizeof *order, compare_ns_sort);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(order[i].namespace_, order[i - 1].namespace_) != 0)
            index->namespaces[index->namespace_count++] =
                (pod_namespace){order[i].namespace_, i, 0, 0, 0, 0, 0};
        pod_namespace *ns = &index->namespaces[index->namespace_count - 1];
        ns->count++;
        index->by_namespace[i] = order[i].workload;
        index->ns_of[order[i].workload] = index->namespace_count - 1;
    }
    return true;
}

static bool post_labels(rc_pod_index *index, rc_arena *arena)
{
    size_t total = 0;
    for (size_t w = 0; w < index->workload_count; w++) {
        const rc_node *labels = label_map(index->workloads[w]);
        if (labels && !rc_add_size(total, labels->as.map.count, &total))
            return false;
    }
    index->postings = rc_arena_calloc(arena, total ? total : 1, sizeof *index->postings);
    index->key_postings = rc_arena_calloc(arena, total ? total : 1, sizeof *index->key_postings);
    if (!index->postings || !index->key_postings)
        return false;
    for (size_t w = 0; w < index->workload_count; w++) {
        const rc_node *labels = label_map(index->workloads[w]);
        for (size_t i = 0; labels && i < labels->as.map.count; i++) {
            const rc_node_pair *pair = &labels->as.map.pairs[i];
            if (pair->key->kind == RC_NODE_SCALAR)
                index->key_postings[index->key_posting_count++] = (posting){
                    index->ns_of[w],
                    label_hash(pair->key->as.scalar.text, pair->key->as.scalar.len, "", 0),
                    pair->key->as.scalar.text,
                    "",
                    pair->key->as.scalar.len,
                    0,
                    w,
                };
            if (!postable(pair))
                continue;
            bool null = rc_node_is_null(pair->value);
            const char *value = null ? "" : pair->value->as.scalar.text;
            uint32_t value_len = null ? 0 : pair->value->as.scalar.len;
            index->postings[index->posting_count++] = (posting){
                index->ns_of[w],
                label_hash(pair->key->as.scalar.text, pair->key->as.scalar.len, value,
                           value_len),
                pair->key->as.scalar.text,
                value,
                pair->key->as.scalar.len,
                value_len,
                w,
            };
        }
    }
    qsort(index->postings, index->posting_count, sizeof *index->postings, compare_postings);
    qsort(index->key_postings, index->key_posting_count, sizeof *index->key_postings,
          compare_postings);
    /* Each namespace's slices: postings are sorted by namespace number first. */
    size_t p = 0, k = 0;
    for (size_t ns = 0; ns < index->namespace_count; ns++) {
        index->namespaces[ns].post_begin = p;
        while (p < index->posting_count && index->postings[p].ns == ns)
            p++;
        index->namespaces[ns].post_end = p;
        index->namespaces[ns].key_begin = k;
        while (k < index->key_posting_count && index->key_postings[k].ns == ns)
            k++;
        index->namespaces[ns].key_end = k;
    }
    return true;
}

rc_pod_index *rc_pod_index_build(rc_arena *arena, const rc_object *objects, size_t count)
{
    rc_pod_index *index = rc_arena_calloc(arena, 1, sizeof *index);
    if (!index)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += objects[i].pod_spec != NULL;
    index->workloads = rc_arena_calloc(arena, n ? n : 1, sizeof *index->workloads);
    if (!index->workloads)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (objects[i].pod_spec)
            index->workloads[index->workload_count++] = &objects[i];
    }
    if (!group_namespaces(index, arena) || !post_labels(index, arena))
        return NULL;
    return index;
}

size_t rc_pod_index_workload_count(const rc_pod_index *index)
{
    return index->workload_count;
}

const rc_object *rc_pod_index_workload(const rc_pod_index *index, size_t w)
{
    return index->workloads[w];
}

size_t rc_pod_index_namespace_count(const rc_pod_index *index)
{
    return index->namespace_count;
}

const char *rc_pod_index_namespace_name(const rc_pod_index *index, size_t ns)
{
    return index->namespaces[ns].name;
}

size_t rc_pod_index_namespace_find(const rc_pod_index *index, const char *namespace_)
{
    size_t lo = 0, hi = index->namespace_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(index->namespaces[mid].name, namespace_);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

size_t rc_pod_index_namespace_of(const rc_pod_index *index, size_t w)
{
    return index->ns_of[w];
}

const size_t *rc_pod_index_namespace_workloads(const rc_pod_index *index, size_t ns,
                                               size_t *count)
{
    *count = index->namespaces[ns].count;
    return index->by_namespace + index->namespaces[ns].first;
}

/* [*BEGIN, *END) receives the postings of NS for (KEY, VALUE): the run of their hash found
 * by integer comparisons, then, within it, the labels equal to KEY and VALUE (the whole run
 * but for a collision; they are contiguous, as postings of equal hash are sorted by label). */
static void posting_range(const posting *postings, size_t slice_begin, size_t slice_end,
                          size_t ns, const char *key, size_t key_len, const char *value,
                          size_t value_len, size_t *begin, size_t *end)
{
    uint64_t hash = label_hash(key, key_len, value, value_len);
    size_t lo = slice_begin, hi = slice_end;
    while (lo < hi) { /* first posting >= (ns, hash) */
        size_t mid = lo + (hi - lo) / 2;
        if (compare_posting_place(&postings[mid], ns, hash) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t first = lo;
    hi = slice_end;
    while (lo < hi) { /* first posting > (ns, hash) */
        size_t mid = lo + (hi - lo) / 2;
        if (compare_posting_place(&postings[mid], ns, hash) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t last = lo;
    while (first < last &&
           compare_posting_label(&postings[first], key, key_len, value, value_len) != 0)
        first++;
    size_t stop = first;
    while (stop < last &&
           compare_posting_label(&postings[stop], key, key_len, value, value_len) == 0)
        stop++;
    *begin = first;
    *end = stop;
}

void rc_pod_query_init(rc_pod_query *query, const rc_pod_index *index, const char *namespace_,
                       const rc_selector *selector)
{
    memset(query, 0, sizeof *query);
    query->index = index;
    query->selector = selector;
    size_t ns = rc_pod_index_namespace_find(index, namespace_);
    if (ns == SIZE_MAX || (selector && rc_selector_is_nothing(selector)))
        return; /* pos == end: nothing */
    /* The requirement with the fewest postings; any workload it misses fails the selector,
     * so its postings are a complete candidate list. */
    const pod_namespace *space = &index->namespaces[ns];
    size_t best_total = 0;
    size_t reqs = selector ? rc_selector_requirement_count(selector) : 0;
    for (size_t i = 0; i < reqs && !(query->ranges && best_total == 0); i++) {
        const char *key;
        size_t key_len, count;
        size_t begin[RC_POD_QUERY_MAX_VALUES], end[RC_POD_QUERY_MAX_VALUES], total = 0;
        bool by_key = rc_selector_exists_key(selector, i, &key, &key_len);
        if (by_key) {
            count = 1;
            posting_range(index->key_postings, space->key_begin, space->key_end, ns, key,
                          key_len, "", 0, &begin[0], &end[0]);
            total = end[0] - begin[0];
        } else if (rc_selector_value_set(selector, i, &key, &key_len, &count) &&
                   count <= RC_POD_QUERY_MAX_VALUES) {
            for (size_t v = 0; v < count; v++) {
                const char *value;
                size_t value_len;
                rc_selector_value(selector, i, v, &value, &value_len);
                posting_range(index->postings, space->post_begin, space->post_end, ns, key,
                              key_len, value, value_len, &begin[v], &end[v]);
                total += end[v] - begin[v];
            }
        } else {
            continue;
        }
        if (!query->ranges || total < best_total) {
            query->ranges = count;
            query->by_key = by_key;
            memcpy(query->range_pos, begin, count * sizeof *begin);
            memcpy(query->range_end, end, count * sizeof *end);
            best_total = total;
        }
    }
    if (!query->ranges) {
        query->workloads = index->by_namespace;
        query->pos = index->namespaces[ns].first;
        query->end = query->pos + index->namespaces[ns].count;
    }
}

/* The next candidate of QUERY: the smallest workload at the head of its ranges (each range
 * is sorted by workload), or of the namespace's list. False when none is left. */
static bool next_candidate(rc_pod_query *query, size_t *candidate)
{
    if (!query->ranges) {
        if (query->pos >= query->end)
            return false;
        *candidate = query->workloads[query->pos++];
        return true;
    }
    const posting *postings = query->by_key ? query->index->key_postings : query->index->postings;
    size_t best = SIZE_MAX;
    for (size_t r = 0; r < query->ranges; r++) {
        if (query->range_pos[r] < query->range_end[r] &&
            (best == SIZE_MAX ||
             postings[query->range_pos[r]].workload < postings[query->range_pos[best]].workload))
            best = r;
    }
    if (best == SIZE_MAX)
        return false;
    *candidate = postings[query->range_pos[best]++].workload;
    return true;
}

bool rc_pod_query_next(rc_pod_query *query, size_t *w)
{
    const rc_pod_index *index = query->index;
    size_t candidate;
    while (next_candidate(query, &candidate)) {
        if (candidate + 1 == query->last)
            continue; /* a key repeated with one value: posted twice */
        query->last = candidate + 1;
        if (query->selector &&
            !rc_selector_matches(query->selector, index->workloads[candidate]->pod_labels))
            continue;
        *w = candidate;
        return true;
    }
    return false;
}

bool rc_pod_index_selects_any(const rc_pod_index *index, const char *namespace_,
                              const rc_selector *selector)
{
    rc_pod_query query;
    size_t w;
    rc_pod_query_init(&query, index, namespace_, selector);
    return rc_pod_query_next(&query, &w);
}

/* identity.h - things found by the identity of an object: (namespace, kind, name).
 *
 * Release rules look objects up by the identity another object names (an HPA's
 * scaleTargetRef): a hash table finds one with a probe or two, where a binary search over a
 * sorted array compared the strings of some seventeen objects spread over the whole release,
 * each a cache miss on a large one.
 *
 * Ownership: the table lives in the arena given to rc_identity_table_new and borrows its
 * values and their strings, which must outlive it. A table has room for the number of
 * entries it was made for; rc_identity_table_add refuses past that. Not thread-safe to add
 * to; lookups may run on any number of threads once it is filled. */
#ifndef RC_MODEL_IDENTITY_H
#define RC_MODEL_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct rc_identity {
    const char *namespace_;
    const char *kind;
    const char *name;
} rc_identity;

/* The identity a value of the table stands under: a table does not copy keys, it asks its
 * values for them when two hashes are equal. */
typedef rc_identity (*rc_identity_of_fn)(const void *value);

typedef struct rc_identity_table rc_identity_table;

/* The hash a table files KEY under. */
uint64_t rc_identity_hash(rc_identity key);

/* A table for up to CAPACITY values; NULL when memory runs out. */
rc_identity_table *rc_identity_table_new(rc_arena *arena, size_t capacity,
                                         rc_identity_of_fn identity_of);
/* Files VALUE under its identity, unless a value of that identity is filed already: the
 * first one added stays (so, added in input order, a lookup finds the first in input
 * order). False when the table is full. */
bool rc_identity_table_add(rc_identity_table *table, const void *value);
/* The same, for a value whose identity's rc_identity_hash is known: HASH. */
bool rc_identity_table_add_hashed(rc_identity_table *table, const void *value, uint64_t hash);
/* The value filed under KEY, or NULL. */
const void *rc_identity_table_find(const rc_identity_table *table, rc_identity key);

#endif

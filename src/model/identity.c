#include "model/identity.h"

#include <stdint.h>
#include <string.h>

/* Open addressing with linear probing; a slot keeps its value's whole hash, so a probe
 * rarely reads a value's strings unless it is the one looked for. */
typedef struct identity_slot {
    uint64_t hash;
    const void *value; /* NULL: empty */
} identity_slot;

struct rc_identity_table {
    identity_slot *slots;
    size_t mask; /* slots - 1, a power of two minus one */
    size_t count;
    size_t capacity;
    rc_identity_of_fn identity_of;
};

/* FNV-1a over the three strings, each ended by a byte no string holds, so ("ab", "c") and
 * ("a", "bc") differ. */
uint64_t rc_identity_hash(rc_identity key)
{
    uint64_t hash = 14695981039346656037u;
    const char *parts[3] = {key.namespace_, key.kind, key.name};
    for (size_t p = 0; p < 3; p++) {
        for (const unsigned char *c = (const unsigned char *)parts[p]; *c; c++)
            hash = (hash ^ *c) * 1099511628211u;
        hash = (hash ^ 0xffu) * 1099511628211u;
    }
    return hash;
}

static bool same_identity(rc_identity a, rc_identity b)
{
    return strcmp(a.name, b.name) == 0 && strcmp(a.kind, b.kind) == 0 &&
           strcmp(a.namespace_, b.namespace_) == 0;
}

rc_identity_table *rc_identity_table_new(rc_arena *arena, size_t capacity,
                                         rc_identity_of_fn identity_of)
{
    rc_identity_table *table = rc_arena_calloc(arena, 1, sizeof *table);
    if (!table)
        return NULL;
    /* At most half full: probes stay short. */
    size_t slots = 16;
    while (slots < capacity * 2) {
        if (slots > SIZE_MAX / 2 / sizeof(identity_slot))
            return NULL;
        slots *= 2;
    }
    table->slots = rc_arena_calloc(arena, slots, sizeof *table->slots);
    if (!table->slots)
        return NULL;
    table->mask = slots - 1;
    table->capacity = capacity;
    table->identity_of = identity_of;
    return table;
}

bool rc_identity_table_add(rc_identity_table *table, const void *value)
{
    return rc_identity_table_add_hashed(table, value,
                                        rc_identity_hash(table->identity_of(value)));
}

bool rc_identity_table_add_hashed(rc_identity_table *table, const void *value, uint64_t hash)
{
    if (table->count >= table->capacity)
        return false;
    size_t at = (size_t)hash & table->mask;
    for (; table->slots[at].value; at = (at + 1) & table->mask) {
        const identity_slot *slot = &table->slots[at];
        if (slot->hash == hash && same_identity(table->identity_of(slot->value),
                                                table->identity_of(value)))
            return true; /* the first of equal identities stays */
    }
    table->slots[at] = (identity_slot){hash, value};
    table->count++;
    return true;
}

const void *rc_identity_table_find(const rc_identity_table *table, rc_identity key)
{
    uint64_t hash = rc_identity_hash(key);
    for (size_t at = (size_t)hash & table->mask; table->slots[at].value;
         at = (at + 1) & table->mask) {
        const identity_slot *slot = &table->slots[at];
        if (slot->hash == hash && same_identity(table->identity_of(slot->value), key))
            return slot->value;
    }
    return NULL;
}

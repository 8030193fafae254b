#include "model/identity.h"

#include <stdint.h>
#include <string.h>

/* Open addressing with linear probing over 8-byte slots: half of the value's hash, so a
 * probe rarely reads a value's strings unless it is the one looked for, and where the value
 * is in VALUES (the table of a release's objects is a few MB, and is held while every release
 * rule runs). */
typedef struct identity_slot {
    uint32_t hash;
    uint32_t entry; /* 1 + the value's place in VALUES; 0: empty */
} identity_slot;

struct rc_identity_table {
    identity_slot *slots;
    size_t mask; /* slots - 1, a power of two minus one */
    const void **values; /* in the order added */
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
    if (capacity >= UINT32_MAX)
        return NULL;
    /* At most two thirds full: probes stay short (about two for a value that is there). */
    size_t slots = 16;
    while (slots < capacity + capacity / 2)
        slots *= 2;
    table->slots = rc_arena_calloc(arena, slots, sizeof *table->slots);
    table->values = rc_arena_calloc(arena, capacity ? capacity : 1, sizeof *table->values);
    if (!table->slots || !table->values)
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
    for (; table->slots[at].entry; at = (at + 1) & table->mask) {
        const identity_slot *slot = &table->slots[at];
        if (slot->hash == (uint32_t)(hash >> 32) &&
            same_identity(table->identity_of(table->values[slot->entry - 1]),
                          table->identity_of(value)))
            return true; /* the first of equal identities stays */
    }
    table->values[table->count++] = value;
    table->slots[at] = (identity_slot){(uint32_t)(hash >> 32), (uint32_t)table->count};
    return true;
}

const void *rc_identity_table_find(const rc_identity_table *table, rc_identity key)
{
    uint64_t hash = rc_identity_hash(key);
    for (size_t at = (size_t)hash & table->mask; table->slots[at].entry;
         at = (at + 1) & table->mask) {
        const identity_slot *slot = &table->slots[at];
        const void *value = table->values[slot->entry - 1];
        if (slot->hash == (uint32_t)(hash >> 32) && same_identity(table->identity_of(value), key))
            return value;
    }
    return NULL;
}

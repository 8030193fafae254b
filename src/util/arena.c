#include "util/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/checked.h"

/* Blocks start small (a document with one object stays cheap) and double up to a cap. */
enum { RC_ARENA_FIRST_BLOCK = 2048, RC_ARENA_MAX_BLOCK = 1024 * 1024, RC_ARENA_ALIGN = 8 };

struct rc_arena_block {
    rc_arena_block *prev;
    size_t number;   /* 1 for an arena's first block, then counting up */
    size_t capacity; /* the head block's use is tracked in the rc_arena (free, free_bytes) */
    bool mapped;     /* from block_map (unmap it), else from malloc */
    _Alignas(16) unsigned char data[]; /* every allocation is 8-aligned: pointers and size_t at most */
};

/* A block of the largest size is mapped with its pages populated at once: only a large run
 * reaches that size (an arena grows to it through 2 KB, 4 KB, ... 512 KB blocks), and there
 * the kernel's one call for 256 pages costs less than 256 first-touch faults (a 32 MB lint:
 * 56,600 page faults became 25,700, and its CPU time 4 % less). NULL when mapping fails. */
static rc_arena_block *block_map(size_t total)
{
    void *mapped = mmap(NULL, total, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return mapped == MAP_FAILED ? NULL : mapped;
}

static void block_free(rc_arena_block *block)
{
    if (block->mapped)
        munmap(block, sizeof *block + block->capacity);
    else
        free(block);
}

void rc_arena_init(rc_arena *arena)
{
    arena->head = NULL;
    arena->free = NULL;
    arena->free_bytes = 0;
    arena->bytes_reserved = 0;
    arena->blocks_made = 0;
    arena->shared = NULL;
}

/* Open addressing with linear probing over the texts rc_arena_strndup_shared copied. */
struct rc_arena_shared {
    struct shared_slot {
        const char *text; /* NULL: empty */
        uint32_t len;
        uint32_t hash;
    } *slots;
    size_t capacity; /* a power of two */
    size_t count;
};

static void shared_forget(rc_arena_shared *shared)
{
    if (shared) {
        memset(shared->slots, 0, shared->capacity * sizeof *shared->slots);
        shared->count = 0;
    }
}

/* A large table is mapped with its pages populated, like the largest blocks: a calloc'd one
 * would be fresh memory whose first access is a probe's read, which maps the kernel's zero
 * page, so that the first write to each page faults again and, with another parsing thread
 * running, makes the kernel interrupt that CPU to flush its TLB (1,800 such flushes in a
 * 32 MB lint on two threads). Sized by CAPACITY, so freeing knows which it was. */
enum { SLOTS_MAPPED_BYTES = 256 * 1024 };

static struct shared_slot *slots_alloc(size_t capacity)
{
    size_t bytes = capacity * sizeof(struct shared_slot);
    if (bytes < SLOTS_MAPPED_BYTES)
        return calloc(capacity, sizeof(struct shared_slot));
    void *mapped = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return mapped == MAP_FAILED ? NULL : mapped;
}

static void slots_free(struct shared_slot *slots, size_t capacity)
{
    size_t bytes = capacity * sizeof(struct shared_slot);
    if (bytes < SLOTS_MAPPED_BYTES)
        free(slots);
    else if (slots)
        munmap(slots, bytes);
}

rc_arena_point rc_arena_mark(const rc_arena *arena)
{
    rc_arena_point at = {arena->head, arena->free, arena->free_bytes, arena->blocks_made,
                         arena->bytes_reserved};
    return at;
}

void rc_arena_rewind(rc_arena *arena, rc_arena_point at)
{
    /* Blocks made since AT are new heads above AT's head or big ones put right below the
     * head of their time: all before the first older block that follows AT's head. */
    rc_arena_block **link = &arena->head;
    bool passed_head = false;
    while (*link) {
        rc_arena_block *block = *link;
        if (block->number > at.blocks_made) {
            *link = block->prev;
            block_free(block);
            continue;
        }
        if (passed_head)
            break;
        passed_head = block == at.head;
        link = &block->prev;
    }
    arena->head = at.head;
    arena->free = at.free;
    arena->free_bytes = at.free_bytes;
    arena->blocks_made = at.blocks_made;
    arena->bytes_reserved = at.bytes_reserved;
    /* The table may hold copies made since AT: forget them all (a rewind is rare: a parse
     * that declined). */
    shared_forget(arena->shared);
}

void rc_arena_release(rc_arena *arena)
{
    rc_arena_block *block = arena->head;
    while (block) {
        rc_arena_block *prev = block->prev;
        block_free(block);
        block = prev;
    }
    if (arena->shared)
        slots_free(arena->shared->slots, arena->shared->capacity);
    free(arena->shared);
    rc_arena_init(arena);
}

void *rc_arena_alloc_from_new_block(rc_arena *arena, size_t size)
{
    size_t rounded;
    if (!rc_add_size(size, RC_ARENA_ALIGN - 1, &rounded))
        return NULL;
    rounded &= ~(size_t)(RC_ARENA_ALIGN - 1);
    if (rounded == 0)
        rounded = RC_ARENA_ALIGN;

    rc_arena_block *block = arena->head;
    if (!block || arena->free_bytes < rounded) {
        size_t step = block ? block->capacity * 2 : RC_ARENA_FIRST_BLOCK;
        if (step > RC_ARENA_MAX_BLOCK)
            step = RC_ARENA_MAX_BLOCK;
        size_t capacity = rounded > step ? rounded : step;
        size_t total;
        if (!rc_add_size(sizeof(rc_arena_block), capacity, &total))
            return NULL;
        bool mapped = capacity == RC_ARENA_MAX_BLOCK;
        rc_arena_block *fresh = mapped ? block_map(total) : malloc(total);
        if (!fresh)
            return NULL;
        fresh->mapped = mapped;
        fresh->capacity = capacity;
        fresh->number = ++arena->blocks_made;
        arena->bytes_reserved += total;
        /* A big one-off request goes below the current block so the block keeps filling. */
        if (block && rounded > step) {
            fresh->prev = block->prev;
            block->prev = fresh;
            return fresh->data;
        }
        fresh->prev = block;
        arena->head = fresh;
        arena->free = fresh->data;
        arena->free_bytes = capacity;
    }
    void *out = arena->free;
    arena->free += rounded;
    arena->free_bytes -= rounded;
    return out;
}

void *rc_arena_calloc(rc_arena *arena, size_t count, size_t size)
{
    size_t total;
    if (!rc_mul_size(count, size, &total))
        return NULL;
    void *out = rc_arena_alloc(arena, total);
    if (out)
        memset(out, 0, total);
    return out;
}

char *rc_arena_strndup(rc_arena *arena, const char *text, size_t len)
{
    size_t total;
    if (!rc_add_size(len, 1, &total))
        return NULL;
    char *out = rc_arena_alloc(arena, total);
    if (!out)
        return NULL;
    if (len)
        memcpy(out, text, len);
    out[len] = '\0';
    return out;
}

char *rc_arena_strdup(rc_arena *arena, const char *text)
{
    return rc_arena_strndup(arena, text, strlen(text));
}

char *rc_arena_printf(rc_arena *arena, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    int needed = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    char *out = NULL;
    if (needed >= 0) {
        out = rc_arena_alloc(arena, (size_t)needed + 1);
        if (out)
            vsnprintf(out, (size_t)needed + 1, fmt, again);
    }
    va_end(again);
    return out;
}

/* FNV-1a: the texts are short (keys, names, ports), so a byte loop costs little. */
static uint32_t shared_hash(const char *text, size_t len)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ (unsigned char)text[i]) * 16777619u;
    return hash;
}

static bool shared_grow(rc_arena_shared *shared)
{
    size_t capacity = shared->capacity ? shared->capacity * 2 : 1024;
    struct shared_slot *slots = slots_alloc(capacity);
    if (!slots)
        return false;
    for (size_t i = 0; i < shared->capacity; i++) {
        if (!shared->slots[i].text)
            continue;
        size_t at = shared->slots[i].hash & (capacity - 1);
        while (slots[at].text)
            at = (at + 1) & (capacity - 1);
        slots[at] = shared->slots[i];
    }
    slots_free(shared->slots, shared->capacity);
    shared->slots = slots;
    shared->capacity = capacity;
    return true;
}

const char *rc_arena_strndup_shared(rc_arena *arena, const char *text, size_t len)
{
    if (len > RC_ARENA_SHARED_MAX)
        return rc_arena_strndup(arena, text, len);
    rc_arena_shared *shared = arena->shared;
    if (!shared) {
        shared = calloc(1, sizeof *shared);
        if (!shared)
            return NULL;
        arena->shared = shared;
    }
    /* At most half full, so probes stay short and a free slot is always found. */
    if ((shared->count + 1) * 2 > shared->capacity && !shared_grow(shared))
        return NULL;
    uint32_t hash = shared_hash(text, len);
    size_t mask = shared->capacity - 1, at = hash & mask;
    for (; shared->slots[at].text; at = (at + 1) & mask) {
        const struct shared_slot *slot = &shared->slots[at];
        if (slot->hash == hash && slot->len == len && memcmp(slot->text, text, len) == 0)
            return slot->text;
    }
    char *copy = rc_arena_strndup(arena, text, len);
    if (!copy)
        return NULL;
    shared->slots[at] = (struct shared_slot){copy, (uint32_t)len, hash};
    shared->count++;
    return copy;
}

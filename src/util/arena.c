#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/checked.h"

/* Blocks start small (a document with one object stays cheap) and double up to a cap. */
enum { RC_ARENA_FIRST_BLOCK = 2048, RC_ARENA_MAX_BLOCK = 1024 * 1024, RC_ARENA_ALIGN = 8 };

struct rc_arena_block {
    rc_arena_block *prev;
    size_t capacity; /* the head block's use is tracked in the rc_arena (free, free_bytes) */
    _Alignas(16) unsigned char data[]; /* every allocation is 8-aligned: pointers and size_t at most */
};

void rc_arena_init(rc_arena *arena)
{
    arena->head = NULL;
    arena->free = NULL;
    arena->free_bytes = 0;
    arena->bytes_reserved = 0;
}

void rc_arena_release(rc_arena *arena)
{
    rc_arena_block *block = arena->head;
    while (block) {
        rc_arena_block *prev = block->prev;
        free(block);
        block = prev;
    }
    rc_arena_init(arena);
}

void rc_arena_absorb(rc_arena *into, rc_arena *from)
{
    if (!from->head)
        return;
    rc_arena_block *oldest = from->head;
    while (oldest->prev)
        oldest = oldest->prev;
    if (into->head) {
        /* Below INTO's head: its free space stays the next to be used. */
        oldest->prev = into->head->prev;
        into->head->prev = from->head;
    } else {
        into->head = from->head;
        into->free = from->free;
        into->free_bytes = from->free_bytes;
    }
    into->bytes_reserved += from->bytes_reserved;
    rc_arena_init(from);
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
        rc_arena_block *fresh = malloc(total);
        if (!fresh)
            return NULL;
        fresh->capacity = capacity;
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

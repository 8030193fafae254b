/* arena.h - bump allocator for per-run and per-document data.
 *
 * Ownership: an rc_arena owns every block it hands out; rc_arena_release frees them all at
 * once. Nothing allocated from an arena is freed individually.
 * Errors: allocation functions return NULL when the request overflows or memory runs out;
 * callers treat that as fatal for the unit of work (a document, a run).
 * Not thread-safe: one arena per thread of work (documents are parsed into their thread's). */
#ifndef RC_ARENA_H
#define RC_ARENA_H

#include <stddef.h>

typedef struct rc_arena_block rc_arena_block;
typedef struct rc_arena_shared rc_arena_shared;

typedef struct rc_arena {
    rc_arena_block *head;   /* block currently being filled */
    unsigned char *free;    /* its first unused byte, 8-aligned; NULL without a block */
    size_t free_bytes;      /* how many bytes of it are unused (a multiple of 8) */
    size_t bytes_reserved;  /* total bytes obtained from malloc, for limits and stats */
    size_t blocks_made;     /* numbers the blocks, so a rewind knows the newer ones */
    rc_arena_shared *shared; /* rc_arena_strndup_shared's copies, by text; made on first use */
} rc_arena;

/* A point in an arena's life to return to (rc_arena_mark, rc_arena_rewind). */
typedef struct rc_arena_point {
    rc_arena_block *head;
    unsigned char *free;
    size_t free_bytes;
    size_t blocks_made;
    size_t bytes_reserved;
} rc_arena_point;

void rc_arena_init(rc_arena *arena);
/* Frees every block (and the table of shared copies); the arena is empty and reusable
 * afterwards. */
void rc_arena_release(rc_arena *arena);

/* Where ARENA stands now. */
rc_arena_point rc_arena_mark(const rc_arena *arena);
/* Gives back everything allocated from ARENA since AT (blocks made since are freed, the
 * block then current is filled from where it was): tentative work, such as a parse that may
 * decline, builds in the arena it will live in, with no arena of its own to waste a block.
 * AT must be a mark of ARENA, not older than a previous rewind's. Shared copies made before
 * AT stay valid but are no longer shared with later calls. */
void rc_arena_rewind(rc_arena *arena, rc_arena_point at);

/* rc_arena_alloc when the current block is full: starts a new block. */
void *rc_arena_alloc_from_new_block(rc_arena *arena, size_t size);

/* Returns SIZE bytes aligned to 8 (enough for pointers, size_t and 64-bit integers: the
 * arena holds nothing with a stricter alignment), uninitialised, or NULL. Inline because
 * loaders call it for every node: the common case is a bump of the current block. */
static inline void *rc_arena_alloc(rc_arena *arena, size_t size)
{
    /* SIZE at most FREE_BYTES (a block's size) cannot overflow when rounded up. */
    if (size != 0 && size <= arena->free_bytes) {
        size_t rounded = (size + 7) & ~(size_t)7;
        if (rounded <= arena->free_bytes) {
            void *out = arena->free;
            arena->free += rounded;
            arena->free_bytes -= rounded;
            return out;
        }
    }
    return rc_arena_alloc_from_new_block(arena, size);
}
/* Zero-filled array of COUNT elements of SIZE bytes; NULL on overflow. */
void *rc_arena_calloc(rc_arena *arena, size_t count, size_t size);
/* Copies LEN bytes of TEXT and appends a NUL. */
char *rc_arena_strndup(rc_arena *arena, const char *text, size_t len);
char *rc_arena_strdup(rc_arena *arena, const char *text);
/* Like rc_arena_strndup, but an equal text (at most RC_ARENA_SHARED_MAX bytes) copied by an
 * earlier call on ARENA is returned again rather than copied anew: a release repeats its
 * keys and most of its values (names, labels, ports) hundreds of times, and one copy of
 * each keeps its trees smaller and more of them in cache. The copy is read-only. Longer
 * texts are copied as by rc_arena_strndup. */
enum { RC_ARENA_SHARED_MAX = 128 };
const char *rc_arena_strndup_shared(rc_arena *arena, const char *text, size_t len);
/* printf into the arena. */
char *rc_arena_printf(rc_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

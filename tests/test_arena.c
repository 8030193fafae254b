/* test_arena.c - the bump allocator (util/arena.h): alignment, growth, big one-off requests
 * kept below the block being filled, and rc_arena_mark / rc_arena_rewind giving back exactly
 * what was taken since the mark, whichever blocks that took; shared string copies
 * (rc_arena_strndup_shared) returned again for equal text, never after a rewind took them
 * back. ASan and valgrind check that no block leaks or is freed twice. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "util/arena.h"

START_TEST(allocations_are_aligned_and_distinct)
{
    rc_arena arena;
    rc_arena_init(&arena);
    char *a = rc_arena_alloc(&arena, 1);
    char *b = rc_arena_alloc(&arena, 3);
    char *c = rc_arena_alloc(&arena, 8);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq((uintptr_t)a % 8, 0);
    ck_assert_uint_eq((uintptr_t)b % 8, 0);
    ck_assert_uint_eq((uintptr_t)c % 8, 0);
    ck_assert(b >= a + 8 && c >= b + 8);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(rewind_in_the_same_block_reuses_its_space)
{
    rc_arena arena;
    rc_arena_init(&arena);
    ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 24));
    rc_arena_point at = rc_arena_mark(&arena);
    char *first = rc_arena_alloc(&arena, 40);
    ck_assert_ptr_nonnull(first);
    rc_arena_rewind(&arena, at);
    /* What the rewound allocation took is handed out again. */
    ck_assert_ptr_eq(rc_arena_alloc(&arena, 40), first);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(rewind_frees_new_blocks_and_big_ones_below_the_head)
{
    rc_arena arena;
    rc_arena_init(&arena);
    ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 100));
    size_t reserved = arena.bytes_reserved;
    rc_arena_point at = rc_arena_mark(&arena);
    /* A big one-off request (put below the head), then enough small ones for new heads. */
    ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 200000));
    for (int i = 0; i < 2000; i++)
        ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 64));
    ck_assert_uint_gt(arena.bytes_reserved, reserved + 200000);
    rc_arena_rewind(&arena, at);
    ck_assert_uint_eq(arena.bytes_reserved, reserved);
    rc_arena_point now = rc_arena_mark(&arena);
    ck_assert_ptr_eq(now.head, at.head);
    ck_assert_ptr_eq(now.free, at.free);
    ck_assert_uint_eq(now.free_bytes, at.free_bytes);
    /* The arena keeps working, and a second rewind to the same mark is harmless. */
    ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 5000));
    rc_arena_rewind(&arena, at);
    ck_assert_uint_eq(arena.bytes_reserved, reserved);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(rewind_keeps_what_came_before_the_mark)
{
    rc_arena arena;
    rc_arena_init(&arena);
    /* Older blocks, a big one among them, hold data that must survive. */
    char *kept[64];
    for (int i = 0; i < 64; i++) {
        kept[i] = rc_arena_alloc(&arena, i == 10 ? 300000 : 500);
        ck_assert_ptr_nonnull(kept[i]);
        memset(kept[i], 'a' + i % 26, i == 10 ? 300000 : 500);
    }
    rc_arena_point at = rc_arena_mark(&arena);
    for (int i = 0; i < 100; i++)
        ck_assert_ptr_nonnull(rc_arena_alloc(&arena, i % 7 ? 700 : 90000));
    rc_arena_rewind(&arena, at);
    for (int i = 0; i < 64; i++)
        ck_assert_int_eq(kept[i][i == 10 ? 299999 : 499], 'a' + i % 26);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(rewind_to_an_empty_arena)
{
    rc_arena arena;
    rc_arena_init(&arena);
    rc_arena_point at = rc_arena_mark(&arena);
    for (int i = 0; i < 50; i++)
        ck_assert_ptr_nonnull(rc_arena_alloc(&arena, 3000));
    rc_arena_rewind(&arena, at);
    ck_assert_ptr_null(rc_arena_mark(&arena).head);
    ck_assert_uint_eq(arena.bytes_reserved, 0);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(largest_blocks_are_mapped_rewound_and_released)
{
    /* Past a few MB an arena's blocks are of the largest size, mapped rather than taken from
     * malloc: they fill, rewind and free like any other (ASan and valgrind watch the rest). */
    rc_arena arena;
    rc_arena_init(&arena);
    for (int i = 0; i < 4000; i++) {
        char *p = rc_arena_alloc(&arena, 1000);
        ck_assert_ptr_nonnull(p);
        memset(p, 'a', 1000);
    }
    size_t reserved = arena.bytes_reserved;
    ck_assert_uint_ge(reserved, 4000 * 1000);
    char *kept = rc_arena_alloc(&arena, 16);
    ck_assert_ptr_nonnull(kept);
    strcpy(kept, "kept");
    rc_arena_point at = rc_arena_mark(&arena);
    for (int i = 0; i < 3000; i++)
        memset(rc_arena_alloc(&arena, 1000), 'b', 1000);
    ck_assert_uint_gt(arena.bytes_reserved, reserved);
    rc_arena_rewind(&arena, at);
    ck_assert_str_eq(kept, "kept");
    for (int i = 0; i < 3000; i++)
        memset(rc_arena_alloc(&arena, 1000), 'c', 1000);
    ck_assert_str_eq(kept, "kept");
    rc_arena_release(&arena);
    ck_assert_uint_eq(arena.bytes_reserved, 0);
}
END_TEST

START_TEST(shared_copies_are_returned_again_for_equal_text)
{
    rc_arena arena;
    rc_arena_init(&arena);
    const char *first = rc_arena_strndup_shared(&arena, "app.kubernetes.io/name: x", 22);
    ck_assert_str_eq(first, "app.kubernetes.io/name");
    ck_assert_ptr_eq(rc_arena_strndup_shared(&arena, "app.kubernetes.io/name", 22), first);
    /* Same bytes up to a shorter length, a longer one, and a NUL inside are other texts. */
    const char *prefix = rc_arena_strndup_shared(&arena, "app", 3);
    ck_assert_ptr_ne(prefix, first);
    ck_assert_str_eq(prefix, "app");
    const char *with_nul = rc_arena_strndup_shared(&arena, "app\0x", 5);
    ck_assert_ptr_ne(with_nul, prefix);
    ck_assert_int_eq(memcmp(with_nul, "app\0x", 6), 0);
    const char *empty = rc_arena_strndup_shared(&arena, "", 0);
    ck_assert_str_eq(empty, "");
    ck_assert_ptr_eq(rc_arena_strndup_shared(&arena, "", 0), empty);
    /* Tens of thousands of distinct texts: the table grows, past the size at which it is
     * mapped rather than allocated, and still finds every one. */
    enum { DISTINCT = 20000 };
    static const char *kept[DISTINCT];
    char text[32];
    for (int i = 0; i < DISTINCT; i++) {
        int len = snprintf(text, sizeof text, "svc%d", i);
        kept[i] = rc_arena_strndup_shared(&arena, text, (size_t)len);
        ck_assert_str_eq(kept[i], text);
    }
    for (int i = 0; i < DISTINCT; i++) {
        int len = snprintf(text, sizeof text, "svc%d", i);
        ck_assert_ptr_eq(rc_arena_strndup_shared(&arena, text, (size_t)len), kept[i]);
    }
    ck_assert_ptr_eq(rc_arena_strndup_shared(&arena, "app", 3), prefix);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(long_texts_are_copied_each_time)
{
    rc_arena arena;
    rc_arena_init(&arena);
    char text[RC_ARENA_SHARED_MAX + 2];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    const char *longest_shared = rc_arena_strndup_shared(&arena, text, RC_ARENA_SHARED_MAX);
    ck_assert_ptr_eq(rc_arena_strndup_shared(&arena, text, RC_ARENA_SHARED_MAX), longest_shared);
    const char *a = rc_arena_strndup_shared(&arena, text, RC_ARENA_SHARED_MAX + 1);
    const char *b = rc_arena_strndup_shared(&arena, text, RC_ARENA_SHARED_MAX + 1);
    ck_assert_ptr_ne(a, b);
    ck_assert_str_eq(a, text);
    ck_assert_str_eq(b, text);
    rc_arena_release(&arena);
}
END_TEST

START_TEST(a_rewind_forgets_shared_copies)
{
    rc_arena arena;
    rc_arena_init(&arena);
    const char *before = rc_arena_strndup_shared(&arena, "kept", 4);
    rc_arena_point at = rc_arena_mark(&arena);
    const char *taken_back = rc_arena_strndup_shared(&arena, "backend", 7);
    ck_assert_str_eq(taken_back, "backend");
    rc_arena_rewind(&arena, at);
    /* The space of the copy taken back is someone else's now (a buffer that may change, even
     * when it holds the same bytes): the table must not hand that address out again. */
    char *reuse = rc_arena_strndup(&arena, "backend", 7);
    ck_assert_ptr_eq(reuse, taken_back);
    const char *again = rc_arena_strndup_shared(&arena, "backend", 7);
    ck_assert_ptr_ne(again, reuse);
    ck_assert_str_eq(again, "backend");
    /* What came before the mark is still valid (and copied anew, not shared, from now on). */
    ck_assert_str_eq(before, "kept");
    ck_assert_str_eq(rc_arena_strndup_shared(&arena, "kept", 4), "kept");
    rc_arena_release(&arena);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("arena");
    TCase *core = tcase_create("core");
    tcase_add_test(core, allocations_are_aligned_and_distinct);
    tcase_add_test(core, rewind_in_the_same_block_reuses_its_space);
    tcase_add_test(core, rewind_frees_new_blocks_and_big_ones_below_the_head);
    tcase_add_test(core, rewind_keeps_what_came_before_the_mark);
    tcase_add_test(core, rewind_to_an_empty_arena);
    tcase_add_test(core, largest_blocks_are_mapped_rewound_and_released);
    tcase_add_test(core, shared_copies_are_returned_again_for_equal_text);
    tcase_add_test(core, long_texts_are_copied_each_time);
    tcase_add_test(core, a_rewind_forgets_shared_copies);
    suite_add_tcase(suite, core);
    return rc_test_run(suite);
}

/* test_arena.c - the bump allocator (util/arena.h): alignment, growth, big one-off requests
 * kept below the block being filled, and rc_arena_mark / rc_arena_rewind giving back exactly
 * what was taken since the mark, whichever blocks that took. ASan and valgrind check that no
 * block leaks or is freed twice. */
#include <stdint.h>
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

int main(void)
{
    Suite *suite = suite_create("arena");
    TCase *core = tcase_create("core");
    tcase_add_test(core, allocations_are_aligned_and_distinct);
    tcase_add_test(core, rewind_in_the_same_block_reuses_its_space);
    tcase_add_test(core, rewind_frees_new_blocks_and_big_ones_below_the_head);
    tcase_add_test(core, rewind_keeps_what_came_before_the_mark);
    tcase_add_test(core, rewind_to_an_empty_arena);
    suite_add_tcase(suite, core);
    return rc_test_run(suite);
}

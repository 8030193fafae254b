/* test_identity.c - the identity table: a value is found by its (namespace, kind, name), and
 * only by that (the three parts are not run together); of values with one identity the first
 * added is found, whether added with its hash or hashed by the table; a full table refuses
 * more; thousands of values are all found. */
#include <stdio.h>
#include <string.h>

#include "model/identity.h"
#include "testutil.h"

typedef struct thing {
    rc_identity id;
    int tag;
} thing;

static rc_identity identity_of_thing(const void *value)
{
    return ((const thing *)value)->id;
}

static rc_arena arena;

static void setup(void)
{
    rc_arena_init(&arena);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

START_TEST(finds_by_all_three_parts)
{
    thing things[] = {
        {{"shop", "Deployment", "web"}, 1},
        {{"shop", "StatefulSet", "web"}, 2},
        {{"", "Deployment", "web"}, 3},
        {{"ab", "c", "d"}, 4},
    };
    rc_identity_table *table = rc_identity_table_new(&arena, 4, identity_of_thing);
    ck_assert_ptr_nonnull(table);
    for (size_t i = 0; i < 4; i++)
        ck_assert(rc_identity_table_add(table, &things[i]));
    for (size_t i = 0; i < 4; i++)
        ck_assert_ptr_eq(rc_identity_table_find(table, things[i].id), &things[i]);
    ck_assert_ptr_null(rc_identity_table_find(table, (rc_identity){"shop", "Deployment", "api"}));
    ck_assert_ptr_null(rc_identity_table_find(table, (rc_identity){"a", "bc", "d"}));
    ck_assert_ptr_null(rc_identity_table_find(table, (rc_identity){"abc", "", "d"}));
    ck_assert_ptr_null(rc_identity_table_find(table, (rc_identity){"default", "Deployment", "web"}));
}
END_TEST

START_TEST(values_added_with_their_hash_are_found)
{
    thing a = {{"ns", "Deployment", "web"}, 1}, again = {{"ns", "Deployment", "web"}, 2};
    rc_identity_table *table = rc_identity_table_new(&arena, 2, identity_of_thing);
    ck_assert(rc_identity_table_add_hashed(table, &a, rc_identity_hash(a.id)));
    ck_assert(rc_identity_table_add(table, &again));
    ck_assert_ptr_eq(rc_identity_table_find(table, again.id), &a);
}
END_TEST

START_TEST(the_first_of_one_identity_stays)
{
    thing first = {{"ns", "Deployment", "web"}, 1}, second = {{"ns", "Deployment", "web"}, 2};
    rc_identity_table *table = rc_identity_table_new(&arena, 2, identity_of_thing);
    ck_assert(rc_identity_table_add(table, &first));
    ck_assert(rc_identity_table_add(table, &second));
    const thing *found = rc_identity_table_find(table, (rc_identity){"ns", "Deployment", "web"});
    ck_assert_int_eq(found->tag, 1);
}
END_TEST

START_TEST(a_full_table_refuses)
{
    thing a = {{"", "Service", "a"}, 1}, b = {{"", "Service", "b"}, 2};
    rc_identity_table *table = rc_identity_table_new(&arena, 1, identity_of_thing);
    ck_assert(rc_identity_table_add(table, &a));
    ck_assert(!rc_identity_table_add(table, &b));
    ck_assert_ptr_null(rc_identity_table_find(table, b.id));
    ck_assert_ptr_eq(rc_identity_table_find(table, a.id), &a);
    rc_identity_table *empty = rc_identity_table_new(&arena, 0, identity_of_thing);
    ck_assert_ptr_nonnull(empty);
    ck_assert_ptr_null(rc_identity_table_find(empty, a.id));
}
END_TEST

START_TEST(thousands_are_all_found)
{
    enum { COUNT = 5000 };
    static thing things[COUNT];
    static char names[COUNT][16], spaces[COUNT][16];
    rc_identity_table *table = rc_identity_table_new(&arena, COUNT, identity_of_thing);
    for (int i = 0; i < COUNT; i++) {
        snprintf(names[i], sizeof names[i], "svc%d", i);
        snprintf(spaces[i], sizeof spaces[i], "ns%d", i % 7);
        things[i] = (thing){{spaces[i], i % 2 ? "Deployment" : "Service", names[i]}, i};
        ck_assert(rc_identity_table_add(table, &things[i]));
    }
    for (int i = 0; i < COUNT; i++)
        ck_assert_ptr_eq(rc_identity_table_find(table, things[i].id), &things[i]);
    ck_assert_ptr_null(rc_identity_table_find(table, (rc_identity){"ns1", "Service", "svc1"}));
}
END_TEST

static Suite *identity_suite(void)
{
    Suite *suite = suite_create("identity");
    TCase *tc = tcase_create("table");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, finds_by_all_three_parts);
    tcase_add_test(tc, values_added_with_their_hash_are_found);
    tcase_add_test(tc, the_first_of_one_identity_stays);
    tcase_add_test(tc, a_full_table_refuses);
    tcase_add_test(tc, thousands_are_all_found);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return rc_test_run(identity_suite());
}

/* testutil.h - shared helpers for the Check suites: each tests/test_*.c is its own runner. */
#ifndef RC_TESTUTIL_H
#define RC_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

/* Runs SUITE and returns the process exit status: 0 when every test passed. */
static inline int rc_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif

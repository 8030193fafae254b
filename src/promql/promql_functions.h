/* promql_functions.h - private to src/promql: the functions PromQL knows, with their
 * argument and result types, for the parser's arity and type checks. A static table:
 * nothing allocated, nothing to release. */
#ifndef RC_PROMQL_FUNCTIONS_H
#define RC_PROMQL_FUNCTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "promql/promql.h"

/* A function's signature. Argument types are RC_PROMQL_TYPE_*; a function with
 * OPTIONAL_COUNT > 0 may leave out that many trailing arguments, and one with REPEAT_LAST
 * takes its last argument any number of times, none included (label_join needs 3 or more). */
typedef struct rc_promql_function {
    const char *name;
    rc_promql_type args[5];
    unsigned arg_count;
    unsigned optional_count;
    bool repeat_last;
    rc_promql_type result;
} rc_promql_function;

/* The function named NAME[0..LEN), or NULL when Prometheus has none by that name. */
const rc_promql_function *rc_promql_function_find(const char *name, size_t len);

#endif

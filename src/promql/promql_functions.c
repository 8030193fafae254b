/* promql_functions.c - the functions PromQL knows, with their argument and result types
 * (promql_functions.h). Prometheus 2.x names plus the 3.x additions; holt_winters stays because
 * rules written for 2.x still call it. Read from Prometheus's function documentation. */
#include <string.h>

#include "promql/promql_functions.h"

#define S RC_PROMQL_TYPE_SCALAR
#define T RC_PROMQL_TYPE_STRING
#define V RC_PROMQL_TYPE_INSTANT_VECTOR
#define M RC_PROMQL_TYPE_RANGE_VECTOR

/* name, argument types, count, optional trailing, last repeats, result; sorted by name. */
static const rc_promql_function functions[] = {
    {"abs", {V}, 1, 0, false, V},
    {"absent", {V}, 1, 0, false, V},
    {"absent_over_time", {M}, 1, 0, false, V},
    {"acos", {V}, 1, 0, false, V},
    {"acosh", {V}, 1, 0, false, V},
    {"asin", {V}, 1, 0, false, V},
    {"asinh", {V}, 1, 0, false, V},
    {"atan", {V}, 1, 0, false, V},
    {"atanh", {V}, 1, 0, false, V},
    {"avg_over_time", {M}, 1, 0, false, V},
    {"ceil", {V}, 1, 0, false, V},
    {"changes", {M}, 1, 0, false, V},
    {"clamp", {V, S, S}, 3, 0, false, V},
    {"clamp_max", {V, S}, 2, 0, false, V},
    {"clamp_min", {V, S}, 2, 0, false, V},
    {"cos", {V}, 1, 0, false, V},
    {"cosh", {V}, 1, 0, false, V},
    {"count_over_time", {M}, 1, 0, false, V},
    {"day_of_month", {V}, 1, 1, false, V},
    {"day_of_week", {V}, 1, 1, false, V},
    {"day_of_year", {V}, 1, 1, false, V},
    {"days_in_month", {V}, 1, 1, false, V},
    {"deg", {V}, 1, 0, false, V},
    {"delta", {M}, 1, 0, false, V},
    {"deriv", {M}, 1, 0, false, V},
    {"double_exponential_smoothing", {M, S, S}, 3, 0, false, V},
    {"exp", {V}, 1, 0, false, V},
    {"floor", {V}, 1, 0, false, V},
    {"histogram_avg", {V}, 1, 0, false, V},
    {"histogram_count", {V}, 1, 0, false, V},
    {"histogram_fraction", {S, S, V}, 3, 0, false, V},
    {"histogram_quantile", {S, V}, 2, 0, false, V},
    {"histogram_stddev", {V}, 1, 0, false, V},
    {"histogram_stdvar", {V}, 1, 0, false, V},
    {"histogram_sum", {V}, 1, 0, false, V},
    {"holt_winters", {M, S, S}, 3, 0, false, V},
    {"hour", {V}, 1, 1, false, V},
    {"idelta", {M}, 1, 0, false, V},
    {"increase", {M}, 1, 0, false, V},
    {"info", {V, V}, 2, 1, false, V},
    {"irate", {M}, 1, 0, false, V},
    {"label_join", {V, T, T, T}, 4, 0, true, V},
    {"label_replace", {V, T, T, T, T}, 5, 0, false, V},
    {"last_over_time", {M}, 1, 0, false, V},
    {"ln", {V}, 1, 0, false, V},
    {"log10", {V}, 1, 0, false, V},
    {"log2", {V}, 1, 0, false, V},
    {"mad_over_time", {M}, 1, 0, false, V},
    {"max_over_time", {M}, 1, 0, false, V},
    {"min_over_time", {M}, 1, 0, false, V},
    {"minute", {V}, 1, 1, false, V},
    {"month", {V}, 1, 1, false, V},
    {"pi", {S}, 0, 0, false, S},
    {"predict_linear", {M, S}, 2, 0, false, V},
    {"present_over_time", {M}, 1, 0, false, V},
    {"quantile_over_time", {S, M}, 2, 0, false, V},
    {"rad", {V}, 1, 0, false, V},
    {"rate", {M}, 1, 0, false, V},
    {"resets", {M}, 1, 0, false, V},
    {"round", {V, S}, 2, 1, false, V},
    {"scalar", {V}, 1, 0, false, S},
    {"sgn", {V}, 1, 0, false, V},
    {"sin", {V}, 1, 0, false, V},
    {"sinh", {V}, 1, 0, false, V},
    {"sort", {V}, 1, 0, false, V},
    {"sort_by_label", {V, T}, 2, 0, true, V},
    {"sort_by_label_desc", {V, T}, 2, 0, true, V},
    {"sort_desc", {V}, 1, 0, false, V},
    {"sqrt", {V}, 1, 0, false, V},
    {"stddev_over_time", {M}, 1, 0, false, V},
    {"stdvar_over_time", {M}, 1, 0, false, V},
    {"sum_over_time", {M}, 1, 0, false, V},
    {"tan", {V}, 1, 0, false, V},
    {"tanh", {V}, 1, 0, false, V},
    {"time", {S}, 0, 0, false, S},
    {"timestamp", {V}, 1, 0, false, V},
    {"vector", {S}, 1, 0, false, V},
    {"year", {V}, 1, 1, false, V},
};

const rc_promql_function *rc_promql_function_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
            return &functions[i];
    return NULL;
}

bool rc_promql_function_known(const char *name)
{
    return name && rc_promql_function_find(name, strlen(name)) != NULL;
}

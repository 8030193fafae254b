#include "report/json_util.h"

#include <math.h>

bool rc_json_set_string(json_t *object, const char *key, const char *value)
{
    return json_object_set_new(object, key, value ? json_string(value) : json_null()) == 0;
}

bool rc_json_set_int(json_t *object, const char *key, long long value)
{
    return json_object_set_new(object, key, json_integer(value)) == 0;
}

json_t *rc_json_score(double score)
{
    double rounded = round(score * 10.0) / 10.0;
    if (rounded == floor(rounded))
        return json_integer((json_int_t)rounded);
    return json_real(rounded);
}

bool rc_json_dump(json_t *root, FILE *out)
{
    if (!root)
        return false;
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    json_decref(root);
    return rc == 0 && fputc('\n', out) != EOF && !ferror(out);
}

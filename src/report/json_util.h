/* json_util.h - small helpers shared by the JSON-based formats (json, sarif).
 * They wrap jansson: set functions take ownership of the value they are given (jansson's
 * "_new" convention) and return false when memory runs out. */
#ifndef RC_JSON_UTIL_H
#define RC_JSON_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* object[key] = string (NULL becomes JSON null). */
bool rc_json_set_string(json_t *object, const char *key, const char *value);
bool rc_json_set_int(json_t *object, const char *key, long long value);
/* Score rounded to one decimal, so output is stable across platforms. */
json_t *rc_json_score(double score);
/* Writes ROOT to OUT (indented, keys in insertion order, trailing newline) and frees it. */
bool rc_json_dump(json_t *root, FILE *out);

#endif

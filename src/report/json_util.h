/* json_util.h - small helpers shared by the JSON-based formats (json, sarif).
 * They wrap jansson: set functions take ownership of the value they are given (jansson's
 * "_new" convention) and return false when memory runs out. */
#ifndef RC_JSON_UTIL_H
#define RC_JSON_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "model/node.h"
#include "report/report.h"

/* object[key] = string (NULL becomes JSON null). */
bool rc_json_set_string(json_t *object, const char *key, const char *value);
bool rc_json_set_int(json_t *object, const char *key, long long value);
/* Score rounded to one decimal, so output is stable across platforms. */
json_t *rc_json_score(double score);
/* Writes ROOT to OUT (indented, keys in insertion order, trailing newline) and frees it. */
bool rc_json_dump(json_t *root, FILE *out);
/* NODE as JSON: maps to objects, sequences to arrays, scalars to strings; below 16 levels
 * (the config's requirements are shallow) deeper nodes become null. NULL NODE: null. */
json_t *rc_json_from_node(const rc_node *node);
/* The one verdict as JSON (json's summary fields and SARIF's run properties share it):
 * {verdict, reason, exit_code, score (null when no item applied), skipped: [...],
 *  signed: {chart, chart_version, values_files, readyctl, rule_pack, profile, config,
 *  requirements, date}}. NULL when memory runs out. */
json_t *rc_json_verdict(const rc_result *result, const rc_report_options *options);

#endif

/* rule_find.h - the Prometheus-format rule groups an object holds, for the alerting
 * templates (alerting.c) and the log query template (logging.c: Loki's ruler reads the same
 * format with LogQL expressions).
 *
 * Groups are found in a rule file given as an input (a PrometheusRuleFile object: its
 * `groups`), a PrometheusRule (monitoring.coreos.com, `spec.groups`), and a ConfigMap data
 * entry whose key ends in .yml/.yaml/.rules (or is `rules`) and whose text has top-level
 * `groups` (the community Prometheus chart's alerting_rules.yml, Loki's ruler ConfigMaps),
 * parsed at its real position in the input.
 *
 * Ownership: nodes are borrowed from the run (embedded ones parsed once per run into its
 * arena). */
#ifndef RC_RULE_FIND_H
#define RC_RULE_FIND_H

#include <stdbool.h>

#include "checks/check.h"

typedef void (*rc_rule_group_fn)(rc_check_ctx *ctx, const rc_object *obj,
                                 const rc_node *groups, void *user);

/* Calls FN with each `groups` node OBJ holds (possibly not a sequence: the caller judges
 * its shape); returns whether OBJ holds one. */
bool rc_rule_groups_of(rc_check_ctx *ctx, const rc_object *obj, rc_rule_group_fn fn,
                       void *user);

/* True when EXPR is LogQL rather than PromQL: a stream selector's closing `}` (outside
 * strings) followed by a line filter (`|=`, `|~`, or `!=`/`!~` and a string)
 * or a pipeline stage (`| json`). Loki's ruler reads the same rule format; PromQL has no
 * `|` and compares with numbers, so neither reading is ambiguous. */
bool rc_rule_expr_is_logql(const char *expr);

#endif

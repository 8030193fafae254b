/* check.h - what a check template sees of a run, and how it reports.
 *
 * The engine owns the context; templates only borrow it during their call. Messages are
 * copied, so callers may pass stack buffers. */
#ifndef RC_CHECK_H
#define RC_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "config/requirements.h"
#include "model/identity.h"
#include "model/node.h"
#include "model/object.h"
#include "model/pod_index.h"
#include "rules/rule.h"
#include "rules/template.h"
#include "util/arena.h"

/* The parameter table of a template that takes none. */
extern const rc_param_spec rc_no_params[];

/* The `container-types` parameter shared by per-container templates, and its test. */
#define RC_CONTAINER_TYPES_PARAM                                                       \
    {"container-types", RC_PARAM_STRING_LIST, "[container, init]", NULL,                \
     "which containers are judged: container, init, ephemeral"}
bool rc_check_container_selected(const rc_check_ctx *ctx, rc_container_type type);

const rc_rule *rc_check_rule(const rc_check_ctx *ctx);
const rc_params *rc_check_params(const rc_check_ctx *ctx);
/* Scratch arena that lives as long as the run (compiled selectors, message parts); one per
 * thread of rules, so what is allocated in it may be read, never written, by other rules. */
rc_arena *rc_check_arena(rc_check_ctx *ctx);

/* Reports a finding on OBJ positioned at AT (a node inside OBJ; NULL means the object). */
void rc_check_report(rc_check_ctx *ctx, const rc_object *obj, const rc_node *at,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The run's profile, and its lineage: the profile, then those it extends (most specific
 * first). Thresholds that differ by environment come from the profile's parameters or from
 * declared requirements keyed by profile name, never from comparing names in a check. */
const char *rc_check_profile(const rc_check_ctx *ctx);
const char *const *rc_check_profile_lineage(const rc_check_ctx *ctx, size_t *count);
/* The platform's declared requirements (.readyctl.yaml `requirements:`), or NULL when none
 * are declared. Borrowed from the run. */
const rc_requirements *rc_check_requirements(const rc_check_ctx *ctx);
/* Release-wide findings are anchored on one object chosen independently of the order of
 * the input files (output must not depend on it): of BEST (may be NULL) and OBJ, the least
 * by namespace, kind, name and position. */
const rc_object *rc_check_anchor_of(const rc_object *best, const rc_object *obj);
/* A duration a rule judges against: its parameter PARAM when set (the override), else the
 * declared requirement DECLARED. False when neither is set (the rule then has no target and
 * judges nothing) or the parameter is not a duration. TEXT and MS receive the target. */
bool rc_check_duration_target(const rc_check_ctx *ctx, const char *param,
                              const rc_req_duration *declared, const char **text,
                              long long *ms);
/* Reports a finding about a declared requirement that nothing in the release satisfies, at
 * the requirement's line in .readyctl.yaml. */
void rc_check_report_requirement(rc_check_ctx *ctx, const rc_req_at *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Operations documents to judge (--docs paths: Markdown files or directories of them), and
 * the chart directory readyctl found or was given (NULL when none), whose docs/ folder is
 * the fallback. Borrowed from the run. */
const char *const *rc_check_docs(const rc_check_ctx *ctx, size_t *count);
const char *rc_check_chart_root(const rc_check_ctx *ctx);

/* Something derived once from the whole release and shared by a family of templates (an
 * index), built by BUILD on the first call of the run and returned to every later one.
 * KEY is the address of a static object in the caller's file. Rules run on several threads:
 * BUILD runs once at a time per KEY, outside any lock, while other callers for the same KEY
 * wait; it may ask for another shared derivation, but never, directly or not, for its own.
 * What it returns (in rc_check_arena memory) must not change afterwards. NULL when BUILD
 * returned NULL (out of memory: the run then fails) or the run's table of keys is full. */
typedef void *(*rc_check_build_fn)(rc_check_ctx *ctx);
void *rc_check_shared(rc_check_ctx *ctx, const void *key, rc_check_build_fn build);

/* What the derivation TAG (the address of a static object in the caller's file) made of
 * NODE earlier in the run, by any rule on any thread (a config parsed out of a ConfigMap
 * value: parse once, not once per rule); NULL when nothing is recorded yet. */
void *rc_check_derived(rc_check_ctx *ctx, const void *tag, const rc_node *node);
/* Records VALUE (rc_check_arena memory, never changed afterwards) as what TAG made of NODE
 * and returns the value in force: VALUE, or what another thread recorded first. Returns
 * VALUE unrecorded when memory runs out. */
void *rc_check_derived_put(rc_check_ctx *ctx, const void *tag, const rc_node *node,
                           void *value);

/* True when TEXT ends with SUFFIX, letter case aside (file names: `.yml`, `.YAML`). */
bool rc_text_ends_with(const char *text, const char *suffix);
/* True when a line of TEXT starts with KEY and a colon, KEY optionally in double quotes: a
 * top-level key of a config embedded as text (JSON-style YAML included), found without
 * parsing it. */
bool rc_text_has_top_level_key(const char *text, const char *key);

/* The input OBJ was read from, as the user named it ("<stdin>" for a pipe), or NULL. */
const char *rc_check_input_of(const rc_object *obj);

/* A config file held in a ConfigMap (or Secret stringData) value, parsed as YAML into the
 * run's arena with the positions it has in the input file: a block scalar's lines from the
 * line below its indicator and at its indentation; any other scalar at the value's own
 * position (its lines are not the file's). NULL when VALUE is not a non-empty scalar or its
 * text is not YAML. */
const rc_node *rc_check_load_embedded(rc_check_ctx *ctx, const rc_node *value);

/* Release checks: every object of the run, in input order. */
size_t rc_check_object_count(const rc_check_ctx *ctx);
const rc_object *rc_check_object_at(const rc_check_ctx *ctx, size_t index);
/* Release checks: every object of the run filed by identity (namespace, kind, name), so that
 * a look-up by name is a probe or two, not a pass over the release; with two objects of one
 * identity (an invalid release) the first in input order is found. Built once per run
 * (rc_check_shared); NULL when memory ran out. */
const rc_identity_table *rc_check_objects_by_identity(rc_check_ctx *ctx);
/* Release checks: the run's workloads indexed by namespace and pod labels (model/pod_index.h),
 * built on the first call and shared by every rule of the run; owned by the run. NULL when
 * memory runs out (the run then fails, so the caller may simply return). */
const rc_pod_index *rc_check_pod_index(rc_check_ctx *ctx);
/* Release checks: records OBJ as examined by this rule (checklist evidence). */
void rc_check_examined(rc_check_ctx *ctx, const rc_object *obj);

#endif

/* requirements.h - what a platform declares about itself in .readyctl.yaml `requirements:`
 * (DESIGN.md §4): its own services, which must autoscale, scrape interval, dashboards,
 * logging, retention and backups. Rules that encode a platform's intent take their targets
 * from here; with a key not declared they judge only what is a defect in every release.
 *
 *   requirements:
 *     services: [backend, sync, /^api-.*$/]   words, or /regex/
 *     autoscaling: [backend, sync]
 *     scraping: {interval: 15s}
 *     dashboards: {refresh: 30s, topics: [{name: ..., match: 'regex'}]}
 *     logging: {format: json, fields: [level, message], queries: [{name: ..., match: ...}]}
 *     retention: {metrics: {min: 15d, max: 30d}, logs: {dev: 7d, prod: 30d}}
 *     backup: required | when-stateful | none
 *
 * Ownership: everything lives in the arena and regex set given to rc_requirements_load (the
 * config's); the YAML nodes are borrowed from the config file's tree, which must outlive the
 * requirements. Errors: load returns false with a diagnostic naming file, line and column
 * (unknown keys, wrong types, bad durations or patterns). */
#ifndef RC_REQUIREMENTS_H
#define RC_REQUIREMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/diag.h"
#include "model/node.h"
#include "model/object.h"
#include "rules/params.h"
#include "util/arena.h"
#include "util/regex.h"

/* Where a requirement is written: findings about a requirement nothing satisfies go here. */
typedef struct rc_req_at {
    const char *file;
    uint32_t line;
    uint32_t column;
} rc_req_at;

/* One entry of a services list: a word (exact name, "-word" suffix, or the
 * app.kubernetes.io/name or /component label), or a /regex/ over the same. */
typedef struct rc_service_ref {
    const char *text;   /* as written */
    rc_regex *regex;    /* the /regex/ form; NULL for a word */
    rc_req_at at;
} rc_service_ref;

typedef struct rc_service_list {
    rc_service_ref *items;
    size_t count;
} rc_service_list;

/* A named PCRE2 pattern: a dashboard topic or a saved log query. */
typedef struct rc_named_pattern {
    const char *name;
    const char *match;
    rc_regex *regex;
    rc_req_at at;
} rc_named_pattern;

typedef struct rc_req_duration {
    bool declared;
    long long ms;
    const char *text;
    rc_req_at at;
} rc_req_duration;

typedef enum rc_backup_mode {
    RC_BACKUP_WHEN_STATEFUL = 0, /* the default: backups for releases that hold state */
    RC_BACKUP_REQUIRED,
    RC_BACKUP_NONE,
} rc_backup_mode;

typedef struct rc_log_retention {
    const char *profile;
    rc_req_duration period;
} rc_log_retention;

typedef struct rc_requirements {
    const char *file;
    const rc_node *node;          /* the `requirements:` map; NULL: nothing declared */
    rc_req_at at;
    bool has_services;
    rc_service_list services;
    bool has_autoscaling;
    rc_service_list autoscaling;
    rc_req_at autoscaling_at;
    rc_req_duration scrape_interval;
    rc_req_duration dashboard_refresh;
    bool has_topics;
    rc_named_pattern *topics;
    size_t topic_count;
    rc_req_at topics_at;
    const char *log_format;       /* NULL: not declared */
    rc_req_at log_format_at;
    const char **log_fields;
    size_t log_field_count;
    rc_req_at log_fields_at;
    rc_named_pattern *log_queries;
    size_t log_query_count;
    rc_req_duration metrics_min;
    rc_req_duration metrics_max;
    rc_req_at metrics_at;
    rc_log_retention *log_retention;
    size_t log_retention_count;
    rc_req_at logs_at;
    bool has_backup;
    rc_backup_mode backup;
    rc_req_at backup_at;
} rc_requirements;

/* Reads NODE (the value of `requirements:` in FILE) into REQ, zeroed first. */
bool rc_requirements_load(rc_requirements *req, const rc_node *node, const char *file,
                          rc_arena *arena, rc_regex_set *regexes, rc_diag *diag);

/* Whether a dotted key ("autoscaling", "dashboards.topics", "retention.logs") is declared.
 * A NULL REQ declares nothing. */
bool rc_requirements_declared(const rc_requirements *req, const char *key);

/* Whether REF names OBJ: its name equals the word or ends in "-word", or its (or its pods')
 * app.kubernetes.io/name or app.kubernetes.io/component label equals it; a /regex/ is
 * tried against the same texts. */
bool rc_service_ref_matches(const rc_service_ref *ref, const rc_object *obj);
/* The first entry of LIST that names OBJ, or NULL. */
const rc_service_ref *rc_service_list_match(const rc_service_list *list, const rc_object *obj);

/* The declared log retention for a profile lineage (the profile, then what it extends):
 * the first of NAMES that `retention.logs` names; NULL when none is. */
const rc_log_retention *rc_requirements_log_retention(const rc_requirements *req,
                                                      const char *const *names, size_t count);

const char *rc_backup_mode_name(rc_backup_mode mode);

#endif

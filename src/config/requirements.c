#include "config/requirements.h"

#include <stdio.h>
#include <string.h>

#include "model/duration.h"

typedef struct loader {
    rc_requirements *req;
    const char *file;
    rc_arena *arena;
    rc_regex_set *regexes;
    rc_diag *diag;
} loader;

static rc_req_at at_node(const loader *l, const rc_node *node)
{
    rc_req_at at = {l->file, node ? node->line : 1, node ? node->column : 1};
    return at;
}

static bool fail(const loader *l, const rc_node *node, const char *message)
{
    rc_diag_set(l->diag, l->file, node ? node->line : 1, node ? node->column : 1, "%s", message);
    return false;
}

static bool unknown_key(const loader *l, const rc_node *key, const char *where,
                        const char *expected)
{
    const char *name = rc_node_text(key);
    rc_diag_set(l->diag, l->file, key->line, key->column,
                "unknown key \"%.60s\" in %s (expected %s)", name ? name : "?", where, expected);
    return false;
}

static bool expect_map(const loader *l, const rc_node *node, const char *what)
{
    if (node && node->kind == RC_NODE_MAP)
        return true;
    rc_diag_set(l->diag, l->file, node ? node->line : 1, node ? node->column : 1,
                "%s must be a mapping", what);
    return false;
}

/* A list of non-empty strings; a single scalar counts as a list of one. */
static bool check_names(const loader *l, const rc_node *node, const char *what)
{
    if (node->kind == RC_NODE_SCALAR && rc_node_is_string(node) && rc_node_text(node)[0])
        return true;
    if (node->kind != RC_NODE_SEQ) {
        rc_diag_set(l->diag, l->file, node->line, node->column, "%s must be a list of names",
                    what);
        return false;
    }
    for (size_t i = 0; i < node->as.seq.count; i++) {
        const rc_node *item = node->as.seq.items[i];
        if (!rc_node_is_string(item) || !rc_node_text(item)[0]) {
            rc_diag_set(l->diag, l->file, item->line, item->column,
                        "%s entries must be non-empty strings", what);
            return false;
        }
    }
    return true;
}

static size_t name_count(const rc_node *node)
{
    return node->kind == RC_NODE_SEQ ? node->as.seq.count : 1;
}

static const rc_node *name_at(const rc_node *node, size_t i)
{
    return node->kind == RC_NODE_SEQ ? node->as.seq.items[i] : node;
}

static rc_regex *compile(const loader *l, const rc_node *node, const char *pattern)
{
    char err[200];
    rc_regex *regex = rc_regex_compile(pattern, false, err, sizeof err);
    if (!regex) {
        rc_diag_set(l->diag, l->file, node->line, node->column, "bad pattern: %s", err);
        return NULL;
    }
    if (!rc_regex_set_add(l->regexes, regex)) {
        rc_regex_free(regex);
        fail(l, node, "out of memory");
        return NULL;
    }
    return regex;
}

static bool load_services(const loader *l, const rc_node *node, const char *what,
                          rc_service_list *list)
{
    if (!check_names(l, node, what))
        return false;
    size_t count = name_count(node);
    list->count = 0; /* a key given twice: the last one wins, as for every other key */
    list->items = rc_arena_calloc(l->arena, count ? count : 1, sizeof *list->items);
    if (!list->items)
        return fail(l, node, "out of memory");
    for (size_t i = 0; i < count; i++) {
        rc_service_ref *ref = &list->items[list->count++];
        const rc_node *item = name_at(node, i);
        const char *text = rc_node_text(item);
        size_t len = strlen(text);
        ref->text = text;
        ref->at = at_node(l, item);
        if (len >= 2 && text[0] == '/' && text[len - 1] == '/') {
            char *pattern = rc_arena_strndup(l->arena, text + 1, len - 2);
            if (!pattern)
                return fail(l, item, "out of memory");
            ref->regex = compile(l, item, pattern);
            if (!ref->regex)
                return false;
        }
    }
    return true;
}

static bool load_duration(const loader *l, const rc_node *node, const char *what,
                          rc_req_duration *out)
{
    const char *text = rc_node_text(node);
    if (!rc_node_is_string(node) || !rc_duration_parse(text, &out->ms) || out->ms <= 0) {
        rc_diag_set(l->diag, l->file, node->line, node->column,
                    "%s must be a duration such as 15s, 720h or 30d", what);
        return false;
    }
    out->declared = true;
    out->text = text;
    out->at = at_node(l, node);
    return true;
}

/* A list of {name: ..., match: 'regex'} entries. */
static bool load_patterns(const loader *l, const rc_node *node, const char *what,
                          rc_named_pattern **out, size_t *out_count)
{
    if (node->kind != RC_NODE_SEQ) {
        rc_diag_set(l->diag, l->file, node->line, node->column,
                    "%s must be a list of {name, match} entries", what);
        return false;
    }
    *out = rc_arena_calloc(l->arena, node->as.seq.count ? node->as.seq.count : 1, sizeof **out);
    *out_count = 0;
    if (!*out)
        return fail(l, node, "out of memory");
    for (size_t i = 0; i < node->as.seq.count; i++) {
        const rc_node *entry = node->as.seq.items[i];
        rc_named_pattern *p = &(*out)[(*out_count)++];
        if (!expect_map(l, entry, what))
            return false;
        for (size_t k = 0; k < entry->as.map.count; k++) {
            const rc_node *key = entry->as.map.pairs[k].key;
            const rc_node *value = entry->as.map.pairs[k].value;
            const char *name = rc_node_text(key);
            if (!name || (strcmp(name, "name") != 0 && strcmp(name, "match") != 0))
                return unknown_key(l, key, what, "name, match");
            if (!rc_node_is_string(value) || !rc_node_text(value)[0]) {
                rc_diag_set(l->diag, l->file, value->line, value->column,
                            "%s %s must be a non-empty string", what, name);
                return false;
            }
            if (strcmp(name, "name") == 0)
                p->name = rc_node_text(value);
            else
                p->match = rc_node_text(value);
        }
        if (!p->name || !p->match) {
            rc_diag_set(l->diag, l->file, entry->line, entry->column,
                        "%s entries need both name and match", what);
            return false;
        }
        p->at = at_node(l, entry);
        p->regex = compile(l, rc_node_get(entry, "match"), p->match);
        if (!p->regex)
            return false;
    }
    return true;
}

static bool load_scraping(const loader *l, const rc_node *node)
{
    if (!expect_map(l, node, "requirements.scraping"))
        return false;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key;
        const char *name = rc_node_text(key);
        if (!name || strcmp(name, "interval") != 0)
            return unknown_key(l, key, "requirements.scraping", "interval");
        if (!load_duration(l, node->as.map.pairs[i].value, "requirements.scraping.interval",
                           &l->req->scrape_interval))
            return false;
    }
    return true;
}

static bool load_dashboards(const loader *l, const rc_node *node)
{
    rc_requirements *req = l->req;
    if (!expect_map(l, node, "requirements.dashboards"))
        return false;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key, *value = node->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        if (name && strcmp(name, "refresh") == 0) {
            if (!load_duration(l, value, "requirements.dashboards.refresh",
                               &req->dashboard_refresh))
                return false;
        } else if (name && strcmp(name, "topics") == 0) {
            req->has_topics = true;
            req->topics_at = at_node(l, key);
            if (!load_patterns(l, value, "requirements.dashboards.topics", &req->topics,
                               &req->topic_count))
                return false;
        } else {
            return unknown_key(l, key, "requirements.dashboards", "refresh, topics");
        }
    }
    return true;
}

static bool load_logging(const loader *l, const rc_node *node)
{
    rc_requirements *req = l->req;
    if (!expect_map(l, node, "requirements.logging"))
        return false;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key, *value = node->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        if (name && strcmp(name, "format") == 0) {
            const char *text = rc_node_text(value);
            if (!rc_node_is_string(value) || (strcmp(text, "json") != 0 && strcmp(text, "logfmt") != 0))
                return fail(l, value, "requirements.logging.format must be json or logfmt");
            req->log_format = text;
            req->log_format_at = at_node(l, value);
        } else if (name && strcmp(name, "fields") == 0) {
            if (!check_names(l, value, "requirements.logging.fields"))
                return false;
            size_t count = name_count(value);
            req->log_fields = rc_arena_calloc(l->arena, count ? count : 1, sizeof *req->log_fields);
            if (!req->log_fields)
                return fail(l, value, "out of memory");
            for (size_t k = 0; k < count; k++)
                req->log_fields[k] = rc_node_text(name_at(value, k));
            req->log_field_count = count;
            req->log_fields_at = at_node(l, value);
        } else if (name && strcmp(name, "queries") == 0) {
            if (!load_patterns(l, value, "requirements.logging.queries", &req->log_queries,
                               &req->log_query_count))
                return false;
        } else {
            return unknown_key(l, key, "requirements.logging", "format, fields, queries");
        }
    }
    return true;
}

static bool load_logs_retention(const loader *l, const rc_node *node)
{
    rc_requirements *req = l->req;
    if (!expect_map(l, node, "requirements.retention.logs"))
        return false;
    req->log_retention_count = 0;
    req->log_retention =
        rc_arena_calloc(l->arena, node->as.map.count ? node->as.map.count : 1,
                        sizeof *req->log_retention);
    if (!req->log_retention)
        return fail(l, node, "out of memory");
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key;
        rc_log_retention *r = &req->log_retention[req->log_retention_count++];
        r->profile = rc_node_text(key);
        if (!rc_node_is_string(key) || !r->profile[0])
            return fail(l, key, "requirements.retention.logs keys are profile names");
        if (!load_duration(l, node->as.map.pairs[i].value, "a log retention period", &r->period))
            return false;
    }
    return true;
}

static bool load_metrics_retention(const loader *l, const rc_node *node)
{
    rc_requirements *req = l->req;
    if (!expect_map(l, node, "requirements.retention.metrics"))
        return false;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key, *value = node->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        if (name && strcmp(name, "min") == 0) {
            if (!load_duration(l, value, "requirements.retention.metrics.min", &req->metrics_min))
                return false;
        } else if (name && strcmp(name, "max") == 0) {
            if (!load_duration(l, value, "requirements.retention.metrics.max", &req->metrics_max))
                return false;
        } else {
            return unknown_key(l, key, "requirements.retention.metrics", "min, max");
        }
    }
    if (req->metrics_min.declared && req->metrics_max.declared &&
        req->metrics_min.ms > req->metrics_max.ms)
        return fail(l, node, "requirements.retention.metrics: min is above max");
    return true;
}

static bool load_retention(const loader *l, const rc_node *node)
{
    if (!expect_map(l, node, "requirements.retention"))
        return false;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key, *value = node->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        if (name && strcmp(name, "metrics") == 0) {
            l->req->metrics_at = at_node(l, key);
            if (!load_metrics_retention(l, value))
                return false;
        } else if (name && strcmp(name, "logs") == 0) {
            l->req->logs_at = at_node(l, key);
            if (!load_logs_retention(l, value))
                return false;
        } else {
            return unknown_key(l, key, "requirements.retention", "metrics, logs");
        }
    }
    return true;
}

static bool load_backup(const loader *l, const rc_node *node)
{
    rc_requirements *req = l->req;
    const char *text = rc_node_is_string(node) ? rc_node_text(node) : NULL;
    if (text && strcmp(text, "required") == 0)
        req->backup = RC_BACKUP_REQUIRED;
    else if (text && strcmp(text, "when-stateful") == 0)
        req->backup = RC_BACKUP_WHEN_STATEFUL;
    else if (text && strcmp(text, "none") == 0)
        req->backup = RC_BACKUP_NONE;
    else
        return fail(l, node, "requirements.backup must be required, when-stateful or none");
    req->has_backup = true;
    req->backup_at = at_node(l, node);
    return true;
}

bool rc_requirements_load(rc_requirements *req, const rc_node *node, const char *file,
                          rc_arena *arena, rc_regex_set *regexes, rc_diag *diag)
{
    memset(req, 0, sizeof *req);
    req->file = file;
    loader l = {req, file, arena, regexes, diag};
    if (!node || rc_node_is_null(node))
        return true;
    if (!expect_map(&l, node, "requirements"))
        return false;
    req->node = node;
    req->at = at_node(&l, node);
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key, *value = node->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        bool ok;
        if (!name)
            ok = unknown_key(&l, key, "requirements", "?");
        else if (strcmp(name, "services") == 0)
            ok = req->has_services = load_services(&l, value, "requirements.services",
                                                   &req->services);
        else if (strcmp(name, "autoscaling") == 0) {
            req->autoscaling_at = at_node(&l, key);
            ok = req->has_autoscaling = load_services(&l, value, "requirements.autoscaling",
                                                      &req->autoscaling);
        } else if (strcmp(name, "scraping") == 0)
            ok = load_scraping(&l, value);
        else if (strcmp(name, "dashboards") == 0)
            ok = load_dashboards(&l, value);
        else if (strcmp(name, "logging") == 0)
            ok = load_logging(&l, value);
        else if (strcmp(name, "retention") == 0)
            ok = load_retention(&l, value);
        else if (strcmp(name, "backup") == 0)
            ok = load_backup(&l, value);
        else
            ok = unknown_key(&l, key, "requirements",
                             "services, autoscaling, scraping, dashboards, logging, retention, "
                             "backup");
        if (!ok)
            return false;
    }
    return true;
}

bool rc_requirements_declared(const rc_requirements *req, const char *key)
{
    if (!req || !req->node)
        return false;
    if (strcmp(key, "services") == 0)
        return req->has_services;
    if (strcmp(key, "autoscaling") == 0)
        return req->has_autoscaling;
    if (strcmp(key, "scraping") == 0 || strcmp(key, "scraping.interval") == 0)
        return req->scrape_interval.declared;
    if (strcmp(key, "dashboards.refresh") == 0)
        return req->dashboard_refresh.declared;
    if (strcmp(key, "dashboards.topics") == 0)
        return req->has_topics;
    if (strcmp(key, "dashboards") == 0)
        return req->dashboard_refresh.declared || req->has_topics;
    if (strcmp(key, "logging.format") == 0)
        return req->log_format != NULL;
    if (strcmp(key, "logging.fields") == 0)
        return req->log_field_count > 0;
    if (strcmp(key, "logging.queries") == 0)
        return req->log_query_count > 0;
    if (strcmp(key, "logging") == 0)
        return req->log_format || req->log_field_count || req->log_query_count;
    if (strcmp(key, "retention.metrics") == 0)
        return req->metrics_min.declared || req->metrics_max.declared;
    if (strcmp(key, "retention.logs") == 0)
        return req->log_retention_count > 0;
    if (strcmp(key, "retention") == 0)
        return req->metrics_min.declared || req->metrics_max.declared ||
               req->log_retention_count > 0;
    if (strcmp(key, "backup") == 0)
        return req->has_backup;
    return false;
}

static bool word_names(const char *word, const char *text)
{
    if (!text || !text[0])
        return false;
    if (strcmp(text, word) == 0)
        return true;
    size_t a = strlen(text), b = strlen(word);
    return a > b + 1 && text[a - b - 1] == '-' && strcmp(text + a - b, word) == 0;
}

static bool ref_names_text(const rc_service_ref *ref, const char *text, bool suffix)
{
    if (!text || !text[0])
        return false;
    if (ref->regex)
        return rc_regex_match(ref->regex, text, strlen(text));
    return suffix ? word_names(ref->text, text) : strcmp(ref->text, text) == 0;
}

bool rc_service_ref_matches(const rc_service_ref *ref, const rc_object *obj)
{
    static const char *const keys[] = {"app.kubernetes.io/name", "app.kubernetes.io/component"};
    if (ref_names_text(ref, obj->name, true))
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (ref_names_text(ref, rc_node_get_text(obj->labels, keys[i]), false) ||
            ref_names_text(ref, rc_node_get_text(obj->pod_labels, keys[i]), false))
            return true;
    }
    return false;
}

const rc_service_ref *rc_service_list_match(const rc_service_list *list, const rc_object *obj)
{
    for (size_t i = 0; list && i < list->count; i++) {
        if (rc_service_ref_matches(&list->items[i], obj))
            return &list->items[i];
    }
    return NULL;
}

const rc_log_retention *rc_requirements_log_retention(const rc_requirements *req,
                                                      const char *const *names, size_t count)
{
    for (size_t n = 0; req && n < count; n++) {
        for (size_t i = 0; i < req->log_retention_count; i++) {
            if (strcmp(req->log_retention[i].profile, names[n]) == 0)
                return &req->log_retention[i];
        }
    }
    return NULL;
}

const char *rc_backup_mode_name(rc_backup_mode mode)
{
    switch (mode) {
    case RC_BACKUP_REQUIRED:
        return "required";
    case RC_BACKUP_NONE:
        return "none";
    case RC_BACKUP_WHEN_STATEFUL:
        break;
    }
    return "when-stateful";
}

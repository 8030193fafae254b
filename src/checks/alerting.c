/* alerting.c - templates for Prometheus alerting and recording rules, wherever a release
 * keeps them: PrometheusRule objects (spec.groups), standalone rule files (judged as
 * PrometheusRuleFile objects) and rule files inside ConfigMaps (the community Prometheus
 * chart's alerting_rules.yml), parsed at their real position in the input.
 *
 * What Prometheus itself refuses (promtool check rules: the file's structure, and every
 * expression through the PromQL parser of src/promql) is an error of alert-rule-valid; the
 * other templates judge rules that load but page badly: no severity to route on, no text for
 * the person paged, firing on one evaluation, names that break the recording convention,
 * twins, and labels that change with every sample. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/rule_find.h"
#include "checks/templates.h"
#include "model/duration.h"
#include "promql/promql.h"

/* ---- where rules live ------------------------------------------------------------------- */

typedef void (*rule_fn)(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                        void *user);

typedef struct rule_walk {
    rule_fn fn;
    void *user;
} rule_walk;

static void walk_groups(rc_check_ctx *ctx, const rc_object *obj, const rc_node *groups,
                        void *user)
{
    const rule_walk *walk = user;
    for (size_t g = 0; groups && groups->kind == RC_NODE_SEQ && g < groups->as.seq.count; g++) {
        const rc_node *rules = rc_node_get(groups->as.seq.items[g], "rules");
        for (size_t r = 0; rules && rules->kind == RC_NODE_SEQ && r < rules->as.seq.count; r++) {
            if (rules->as.seq.items[r]->kind == RC_NODE_MAP)
                walk->fn(ctx, obj, rules->as.seq.items[r], walk->user);
        }
    }
}

/* Calls FN with every rule (a map) of OBJ; returns whether OBJ holds rule groups. */
static bool each_rule(rc_check_ctx *ctx, const rc_object *obj, rule_fn fn, void *user)
{
    rule_walk walk = {fn, user};
    return rc_rule_groups_of(ctx, obj, walk_groups, &walk);
}

static const char *alert_name(const rc_node *rule)
{
    return rc_node_get_text(rule, "alert");
}

/* The node a finding about RULE points at: its `alert:` / `record:` value. */
static const rc_node *rule_anchor(const rc_node *rule)
{
    const rc_node_pair *pair = rc_node_get_pair(rule, "alert");
    if (!pair)
        pair = rc_node_get_pair(rule, "record");
    return pair ? pair->value : rule;
}

static const char *rule_label(const rc_node *rule)
{
    const char *name = alert_name(rule);
    return name ? name : rc_node_get_text(rule, "record");
}

/* ---- alert-rule-valid ------------------------------------------------------------------- */

static bool label_name_valid(const char *name)
{
    if (!name || !(isalpha((unsigned char)name[0]) || name[0] == '_'))
        return false;
    for (const char *p = name + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    }
    return true;
}

static bool metric_name_valid(const char *name)
{
    if (!name || !(isalpha((unsigned char)name[0]) || name[0] == '_' || name[0] == ':'))
        return false;
    for (const char *p = name + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != ':')
            return false;
    }
    return true;
}

static void report_invalid(rc_check_ctx *ctx, const rc_object *obj, const rc_node *at,
                           const char *what)
{
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_check_report(ctx, obj, at, "%s: %s; Prometheus refuses to load the rule file.", where,
                    what);
}

/* The first key of MAP not among ALLOWED (NULL-terminated), or NULL. Prometheus reads rule
 * files strictly: an unknown field (a typo, `severity:` one level too high) refuses the file. */
static const rc_node *unknown_key(const rc_node *map, const char *const *allowed)
{
    for (size_t i = 0; map && map->kind == RC_NODE_MAP && i < map->as.map.count; i++) {
        const char *key = rc_node_text(map->as.map.pairs[i].key);
        bool known = false;
        for (const char *const *a = allowed; key && *a && !known; a++)
            known = strcmp(key, *a) == 0;
        if (!known)
            return map->as.map.pairs[i].key;
    }
    return NULL;
}

/* The first `$name` a Go template in TEXT uses that the rule's templates do not define:
 * Prometheus gives them $labels, $value, $externalLabels and $externalURL, and `$x :=`
 * defines more. Written into OUT; false when every variable is defined. */
static bool undefined_template_variable(const char *text, char *out, size_t size)
{
    static const char *const given[] = {"labels", "value", "externalLabels", "externalURL"};
    for (const char *open = strstr(text, "{{"); open; open = strstr(open + 2, "{{")) {
        const char *close = strstr(open, "}}");
        if (!close)
            return false;
        for (const char *p = open; p < close; p++) {
            if (*p != '$' || !(isalpha((unsigned char)p[1]) || p[1] == '_'))
                continue;
            const char *name = p + 1, *end = name;
            while (end < close && (isalnum((unsigned char)*end) || *end == '_'))
                end++;
            size_t len = (size_t)(end - name);
            bool known = false;
            for (size_t g = 0; g < sizeof given / sizeof given[0] && !known; g++)
                known = strlen(given[g]) == len && strncmp(given[g], name, len) == 0;
            /* Defined anywhere in the text: `$x := …` (templates are short). */
            char definition[80];
            if (!known && len < sizeof definition - 4) {
                snprintf(definition, sizeof definition, "$%.*s :=", (int)len, name);
                known = strstr(text, definition) != NULL;
                snprintf(definition, sizeof definition, "$%.*s:=", (int)len, name);
                known |= strstr(text, definition) != NULL;
            }
            if (!known) {
                snprintf(out, size, "$%.*s", (int)(len > 60 ? 60 : len), name);
                return true;
            }
            p = end - 1;
        }
        open = close;
    }
    return false;
}

/* The position of byte OFFSET of the expression held by VALUE: inside a literal block its
 * own line and column in the file; in a one-line plain or quoted scalar the value's line,
 * moved along by the offset (past the opening quote); else the value itself. */
static rc_node expr_position(const rc_node *value, size_t offset)
{
    rc_node at = *value;
    unsigned line, column;
    rc_promql_position(value->as.scalar.text, value->as.scalar.len, offset, &line, &column);
    if (value->as.scalar.style == RC_SCALAR_BLOCK) {
        at.line = value->line + line;
        rc_node_set_column(&at, (size_t)value->as.scalar.block_indent + column);
    } else if (line == 1) {
        rc_node_set_column(&at, (size_t)value->column + column - 1 +
                                    (value->as.scalar.style == RC_SCALAR_QUOTED ? 1 : 0));
    }
    return at;
}

static void judge_rule_shape(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule)
{
    char what[200];
    static const char *const rule_keys[] = {"alert",  "record",      "expr",        "for",
                                            "keep_firing_for", "labels", "annotations", NULL};
    const rc_node *stray = unknown_key(rule, rule_keys);
    if (stray) {
        snprintf(what, sizeof what, "a rule has the unknown field `%.60s`",
                 rc_node_text(stray) ? rc_node_text(stray) : "");
        report_invalid(ctx, obj, stray, what);
    }
    const rc_node_pair *alert = rc_node_get_pair(rule, "alert");
    const rc_node_pair *record = rc_node_get_pair(rule, "record");
    if ((alert != NULL) == (record != NULL)) {
        report_invalid(ctx, obj, rule,
                       alert ? "a rule has both `alert` and `record`"
                             : "a rule has neither `alert` nor `record`");
        return;
    }
    const char *name = rc_node_text(alert ? alert->value : record->value);
    if (!name || !*name) {
        report_invalid(ctx, obj, (alert ? alert : record)->key, "a rule has an empty name");
        return;
    }
    if (record && !metric_name_valid(name)) {
        snprintf(what, sizeof what, "recording rule \"%.120s\" is not a valid metric name", name);
        report_invalid(ctx, obj, record->value, what);
    }
    const rc_node_pair *expr = rc_node_get_pair(rule, "expr");
    const char *expr_text = expr ? rc_node_text(expr->value) : NULL;
    if (!expr_text || !*expr_text) {
        snprintf(what, sizeof what, "rule \"%.120s\" has no expr", name);
        report_invalid(ctx, obj, expr ? expr->key : rule_anchor(rule), what);
    } else if (!rc_rule_expr_is_logql(expr_text)) {
        /* A LogQL expression is Loki's ruler's to parse, not Prometheus's. */
        const rc_promql_node *root;
        rc_promql_error error;
        if (!rc_promql_parse(rc_check_arena(ctx), expr_text, expr->value->as.scalar.len, &root,
                             &error)) {
            char long_what[300];
            snprintf(long_what, sizeof long_what, "rule \"%.100s\": its expr does not parse: %s",
                     name, error.message);
            rc_node at = expr_position(expr->value, error.offset);
            report_invalid(ctx, obj, &at, long_what);
        }
    }
    static const char *const durations[] = {"for", "keep_firing_for"};
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        const rc_node_pair *pair = rc_node_get_pair(rule, durations[i]);
        long long ms;
        if (!pair)
            continue;
        if (record) {
            snprintf(what, sizeof what,
                     "recording rule \"%.120s\" has `%s`, which only alerts take", name,
                     durations[i]);
            report_invalid(ctx, obj, pair->key, what);
        } else if (!rc_duration_parse(rc_node_text(pair->value), &ms)) {
            snprintf(what, sizeof what, "alert \"%.120s\": `%s` is not a duration", name,
                     durations[i]);
            report_invalid(ctx, obj, pair->value, what);
        }
    }
    static const char *const maps[] = {"labels", "annotations"};
    for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
        const rc_node *map = rc_node_get(rule, maps[m]);
        if (record && m == 1 && map) {
            snprintf(what, sizeof what, "recording rule \"%.120s\" has annotations", name);
            report_invalid(ctx, obj, rc_node_get_pair(rule, maps[m])->key, what);
            continue;
        }
        for (size_t i = 0; map && map->kind == RC_NODE_MAP && i < map->as.map.count; i++) {
            const char *key = rc_node_text(map->as.map.pairs[i].key);
            const char *value = rc_node_text(map->as.map.pairs[i].value);
            char variable[64];
            if (alert && value && undefined_template_variable(value, variable, sizeof variable)) {
                char long_what[300];
                snprintf(long_what, sizeof long_what,
                         "alert \"%.100s\": %s \"%.60s\" uses the undefined template variable "
                         "%s", name, m == 0 ? "label" : "annotation", key ? key : "", variable);
                report_invalid(ctx, obj, map->as.map.pairs[i].value, long_what);
            }
            if (label_name_valid(key))
                continue;
            snprintf(what, sizeof what, "rule \"%.100s\": %s name \"%.60s\" is not valid", name,
                     m == 0 ? "label" : "annotation", key ? key : "");
            report_invalid(ctx, obj, map->as.map.pairs[i].key, what);
        }
    }
}

static void judge_groups_shape(rc_check_ctx *ctx, const rc_object *obj, const rc_node *groups,
                               void *user)
{
    (void)user;
    if (!groups || rc_node_is_null(groups))
        return; /* no groups: an empty rule file, which Prometheus loads */
    if (groups->kind != RC_NODE_SEQ) {
        report_invalid(ctx, obj, groups, "`groups` is not a list");
        return;
    }
    for (size_t g = 0; g < groups->as.seq.count; g++) {
        const rc_node *group = groups->as.seq.items[g];
        static const char *const group_keys[] = {"name",  "interval",    "query_offset",
                                                 "limit", "rules",       "labels", NULL};
        const rc_node *stray = unknown_key(group, group_keys);
        if (stray) {
            char what[120];
            snprintf(what, sizeof what, "a rule group has the unknown field `%.60s`",
                     rc_node_text(stray) ? rc_node_text(stray) : "");
            report_invalid(ctx, obj, stray, what);
        }
        const char *name = rc_node_get_text(group, "name");
        if (!name || !*name) {
            report_invalid(ctx, obj, group, "a rule group has no name");
            continue;
        }
        for (size_t k = 0; k < g; k++) {
            const char *other = rc_node_get_text(groups->as.seq.items[k], "name");
            if (other && strcmp(other, name) == 0) {
                char what[200];
                snprintf(what, sizeof what, "rule group \"%.120s\" is defined twice", name);
                report_invalid(ctx, obj, rc_node_get_pair(group, "name")->value, what);
                break;
            }
        }
        const rc_node *interval = rc_node_get(group, "interval");
        long long ms;
        if (interval && !rc_duration_parse(rc_node_text(interval), &ms))
            report_invalid(ctx, obj, interval, "a group's `interval` is not a duration");
        const rc_node *rules = rc_node_get(group, "rules");
        if (rules && rc_node_is_null(rules))
            continue; /* `rules:` with nothing after it: no rules */
        if (rules && rules->kind != RC_NODE_SEQ) {
            report_invalid(ctx, obj, rules, "a group's `rules` is not a list");
            continue;
        }
        for (size_t r = 0; rules && r < rules->as.seq.count; r++)
            judge_rule_shape(ctx, obj, rules->as.seq.items[r]);
    }
}

/* Object scope: fires on rule files Prometheus would refuse to load. */
static bool check_alert_rule_valid(rc_check_ctx *ctx, const rc_object *obj)
{
    return rc_rule_groups_of(ctx, obj, judge_groups_shape, NULL);
}

const rc_template rc_template_alert_rule_valid = {
    .name = "alert-rule-valid",
    .scope = RC_SCOPE_OBJECT,
    .summary = "rule files load: groups named once, each rule an alert or a record with an "
               "expr, valid durations and label names",
    .params = rc_no_params,
    .check_object = check_alert_rule_valid,
};

/* ---- alert-severity --------------------------------------------------------------------- */

static void judge_severity(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                           void *user)
{
    (void)user;
    const char *name = alert_name(rule);
    if (!name)
        return;
    const rc_params *params = rc_check_params(ctx);
    const rc_node_pair *severity = rc_node_get_pair(rc_node_get(rule, "labels"), "severity");
    const char *value = severity ? rc_node_text(severity->value) : NULL;
    if (!value)
        rc_check_report(ctx, obj, rule_anchor(rule),
                        "alert %s has no severity label, so Alertmanager cannot route it by "
                        "urgency.", name);
    else if (!rc_params_contains(params, "severities", value))
        rc_check_report(ctx, obj, severity->value,
                        "alert %s has severity \"%s\", which is not one of the allowed "
                        "severities (the rule's `severities` parameter).", name, value);
}

static bool check_alert_severity(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_rule(ctx, obj, judge_severity, NULL);
}

static const rc_param_spec severity_params[] = {
    {"severities", RC_PARAM_STRING_LIST, "[critical, warning, info, none]", NULL,
     "the severity label values the platform routes on (`none`: the always-firing Watchdog "
     "and inhibitor alerts of kube-prometheus)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_alert_severity = {
    .name = "alert-severity",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every alert has a severity label from the allowed set",
    .params = severity_params,
    .check_object = check_alert_severity,
};

/* ---- alert-annotations ------------------------------------------------------------------ */

static void judge_annotations(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                              void *user)
{
    (void)user;
    const char *name = alert_name(rule);
    if (!name)
        return;
    const rc_param_value *wanted = rc_params_get(rc_check_params(ctx), "annotations");
    const rc_node *annotations = rc_node_get(rule, "annotations");
    char missing[256] = "";
    size_t used = 0;
    for (size_t i = 0; wanted && i < wanted->count; i++) {
        const char *text = rc_node_get_text(annotations, wanted->strings[i]);
        if (text && *text)
            continue;
        int n = snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "",
                         wanted->strings[i]);
        if (n > 0 && (size_t)n < sizeof missing - used)
            used += (size_t)n;
    }
    if (used)
        rc_check_report(ctx, obj, rule_anchor(rule),
                        "alert %s lacks the annotation(s) %s: the person paged gets a name and "
                        "no explanation.", name, missing);
}

static bool check_alert_annotations(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_rule(ctx, obj, judge_annotations, NULL);
}

static const rc_param_spec annotation_params[] = {
    {"annotations", RC_PARAM_STRING_LIST, "[summary, description]", NULL,
     "annotations every alert carries"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_alert_annotations = {
    .name = "alert-annotations",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every alert carries the annotations the person paged reads",
    .params = annotation_params,
    .check_object = check_alert_annotations,
};

/* ---- alert-for -------------------------------------------------------------------------- */

static void judge_for(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule, void *user)
{
    (void)user;
    const char *name = alert_name(rule);
    if (!name)
        return;
    const char *severity = rc_node_get_text(rc_node_get(rule, "labels"), "severity");
    if (severity && rc_params_contains(rc_check_params(ctx), "exempt-severities", severity))
        return;
    /* Any `for`, `for: 0m` included, is a decision someone made; an invalid one is
     * alert-rule-valid's. */
    if (rc_node_get_pair(rule, "for"))
        return;
    rc_check_report(ctx, obj, rule_anchor(rule),
                    "alert %s fires on a single evaluation (no `for`): one scrape blip pages "
                    "someone.", name);
}

static bool check_alert_for(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_rule(ctx, obj, judge_for, NULL);
}

static const rc_param_spec for_params[] = {
    {"exempt-severities", RC_PARAM_STRING_LIST, "[critical, info, none]", NULL,
     "severities that may fire at once (a down service should page without waiting; info "
     "and none page nobody)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_alert_for = {
    .name = "alert-for",
    .scope = RC_SCOPE_OBJECT,
    .summary = "alerts below the exempt severities wait (`for`) before firing",
    .params = for_params,
    .check_object = check_alert_for,
};

/* ---- recording-rule-name ---------------------------------------------------------------- */

static void judge_record_name(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                              void *user)
{
    (void)user;
    const rc_node_pair *record = rc_node_get_pair(rule, "record");
    const char *name = record ? rc_node_text(record->value) : NULL;
    if (!name || !*name)
        return;
    if (strchr(name, ':'))
        return;
    rc_check_report(ctx, obj, record->value,
                    "recording rule %s has no colon: it reads as a raw metric to everyone who "
                    "queries it; name it level:metric:operations (for example "
                    "job:http_requests:rate5m).", name);
}

static bool check_recording_rule_name(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_rule(ctx, obj, judge_record_name, NULL);
}

const rc_template rc_template_recording_rule_name = {
    .name = "recording-rule-name",
    .scope = RC_SCOPE_OBJECT,
    .summary = "recording rule names have the colons of level:metric:operations",
    .params = rc_no_params,
    .check_object = check_recording_rule_name,
};

/* ---- alert-labels-static ---------------------------------------------------------------- */

static void judge_static_labels(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                                void *user)
{
    (void)user;
    const char *name = alert_name(rule);
    const rc_node *labels = rc_node_get(rule, "labels");
    for (size_t i = 0; name && labels && labels->kind == RC_NODE_MAP && i < labels->as.map.count;
         i++) {
        const char *value = rc_node_text(labels->as.map.pairs[i].value);
        const char *key = rc_node_text(labels->as.map.pairs[i].key);
        if (!value || !key || (!strstr(value, "$value") && !strstr(value, ".Value")))
            continue;
        rc_check_report(ctx, obj, labels->as.map.pairs[i].value,
                        "alert %s sets label %s from the sample's value: every new value is a "
                        "new alert, so `for` restarts and notifications repeat; put it in an "
                        "annotation.", name, key);
    }
}

static bool check_alert_labels_static(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_rule(ctx, obj, judge_static_labels, NULL);
}

const rc_template rc_template_alert_labels_static = {
    .name = "alert-labels-static",
    .scope = RC_SCOPE_OBJECT,
    .summary = "alert labels do not change with the sample's value",
    .params = rc_no_params,
    .check_object = check_alert_labels_static,
};

/* ---- alert-duplicate -------------------------------------------------------------------- */

typedef struct alert_seen {
    const rc_object *obj;
    const rc_node *rule;
    const char *key; /* kind, name, expression and sorted labels: what tells rules apart */
    size_t index;    /* position in the release, so equal keys keep their order */
} alert_seen;

typedef struct alert_list {
    alert_seen *items;
    size_t count, capacity;
    rc_arena *arena;
    bool failed;
} alert_list;

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_seen(const void *a, const void *b)
{
    const alert_seen *x = a, *y = b;
    int order = strcmp(x->key, y->key);
    return order ? order : (x->index > y->index) - (x->index < y->index);
}

static void collect_alert(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                          void *user)
{
    (void)ctx;
    alert_list *list = user;
    const char *name = rule_label(rule);
    if (!name || list->failed)
        return;
    const rc_node *labels = rc_node_get(rule, "labels");
    size_t count = labels && labels->kind == RC_NODE_MAP ? labels->as.map.count : 0;
    const char **parts = rc_arena_calloc(list->arena, count + 1, sizeof *parts);
    size_t total = strlen(name) + 4;
    for (size_t i = 0; parts && i < count; i++) {
        const char *k = rc_node_text(labels->as.map.pairs[i].key);
        const char *v = rc_node_text(labels->as.map.pairs[i].value);
        parts[i] = rc_arena_printf(list->arena, "%s=%s", k ? k : "", v ? v : "");
        total += parts[i] ? strlen(parts[i]) + 1 : 0;
    }
    if (!parts) {
        list->failed = true;
        return;
    }
    qsort(parts, count, sizeof *parts, compare_text);
    /* The expression too, blanks collapsed: one name over disjoint selections (the
     * kubernetes-mixin's code_verb:apiserver_request_total:increase1h, once per status
     * class) writes different series. */
    const char *expr = rc_node_get_text(rule, "expr");
    char *squeezed = rc_arena_strdup(list->arena, expr ? expr : "");
    if (squeezed) {
        char *out = squeezed;
        for (const char *p = squeezed; *p; p++) {
            if (isspace((unsigned char)*p))
                continue;
            *out++ = *p;
        }
        *out = '\0';
        total += strlen(squeezed) + 1;
    }
    char *key = squeezed ? rc_arena_alloc(list->arena, total) : NULL;
    if (key && list->count == list->capacity) {
        size_t capacity = list->capacity * 2 + 16;
        alert_seen *grown = realloc(list->items, capacity * sizeof *grown);
        if (grown) {
            list->items = grown;
            list->capacity = capacity;
        }
    }
    if (!key || list->count == list->capacity) {
        list->failed = true;
        return;
    }
    size_t used = (size_t)snprintf(key, total, "%c\n%s", alert_name(rule) ? 'a' : 'r', name);
    used += (size_t)snprintf(key + used, total - used, "\n%s", squeezed);
    for (size_t i = 0; i < count; i++)
        used += (size_t)snprintf(key + used, total - used, "\n%s", parts[i] ? parts[i] : "");
    list->items[list->count] = (alert_seen){obj, rule, key, list->count};
    list->count++;
}

/* Release scope: fires on the second of two identical alerts (or recording rules): the same
 * name, expression and labels anywhere in the release (promtool's lint leaves out the
 * expression, and so also reports one name over disjoint selections).
 * Prometheus evaluates both; two alerts cannot be told apart, two recording rules write the
 * same series. */
static void check_alert_duplicate(rc_check_ctx *ctx)
{
    alert_list list = {.arena = rc_check_arena(ctx)};
    for (size_t i = 0; i < rc_check_object_count(ctx); i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (each_rule(ctx, obj, collect_alert, &list))
            rc_check_examined(ctx, obj);
    }
    /* Sorted by key, then by position in the release, each run of equal keys is one rule
     * defined several times; its first item is the first definition. */
    if (!list.failed && list.count > 1) /* items is NULL when nothing was collected */
        qsort(list.items, list.count, sizeof *list.items, compare_seen);
    for (size_t i = 1; !list.failed && i < list.count; i++) {
        if (strcmp(list.items[i].key, list.items[i - 1].key) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(list.items[first - 1].key, list.items[i].key) == 0)
            first--;
        const alert_seen *again = &list.items[i];
        char where[300];
        rc_object_describe(list.items[first].obj, where, sizeof where);
        bool alert = alert_name(again->rule) != NULL;
        rc_check_report(ctx, again->obj, rule_anchor(again->rule),
                        "%s %s is defined again with the same expression and labels (first "
                        "in %s, line %u): %s.",
                        alert ? "alert" : "recording rule", rule_label(again->rule), where,
                        rule_anchor(list.items[first].rule)->line,
                        alert ? "both fire, and nobody can tell their notifications apart"
                              : "both write the same series, and Prometheus drops one "
                                "rule's samples as duplicates");
    }
    free(list.items);
}

const rc_template rc_template_alert_duplicate = {
    .name = "alert-duplicate",
    .scope = RC_SCOPE_RELEASE,
    .summary = "no alert or recording rule is defined twice in the release",
    .params = rc_no_params,
    .check_release = check_alert_duplicate,
};

/* ---- rate-range ------------------------------------------------------------------------- */

typedef struct rate_walk {
    rc_check_ctx *ctx;
    const rc_object *obj;
    const rc_node *value; /* the expr scalar */
    const char *rule;
    long long interval_ms;
    const char *interval_text;
    long long min_intervals;
} rate_walk;

/* How many scrape intervals the range of FUNCTION must span, or 0 when not judged: a rate
 * needs two samples at the very least and four to survive a missed scrape (pint's rule);
 * irate and idelta read only the last two. */
static long long intervals_needed(const char *function, long long min_intervals)
{
    static const char *const windowed[] = {"rate", "increase", "delta", "deriv"};
    for (size_t i = 0; i < sizeof windowed / sizeof windowed[0]; i++) {
        if (strcmp(function, windowed[i]) == 0)
            return min_intervals;
    }
    return strcmp(function, "irate") == 0 || strcmp(function, "idelta") == 0 ? 2 : 0;
}

static bool visit_rate(const rc_promql_node *node, void *user)
{
    rate_walk *walk = user;
    if (node->kind != RC_PROMQL_CALL || node->call.arg_count != 1 ||
        node->call.args[0]->kind != RC_PROMQL_MATRIX)
        return true;
    long long needed = intervals_needed(node->call.name, walk->min_intervals);
    const rc_promql_node *matrix = node->call.args[0];
    if (!needed || matrix->matrix.range_ms >= needed * walk->interval_ms)
        return true;
    rc_node at = expr_position(walk->value, matrix->matrix.range_offset);
    rc_check_report(walk->ctx, walk->obj, &at,
                    "%s in rule %s spans %llds, less than %lld scrape intervals of %s: one "
                    "missed or late scrape leaves it too few samples, and the rule goes blank "
                    "or jumps.",
                    node->call.name, walk->rule, matrix->matrix.range_ms / 1000, needed,
                    walk->interval_text);
    return true;
}

static void judge_rate_range(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                             void *user)
{
    const rate_walk *settings = user;
    const rc_node *value = rc_node_get(rule, "expr");
    const char *text = rc_node_text(value);
    const rc_promql_node *root;
    rc_promql_error error;
    if (!text || !rc_promql_parse(rc_check_arena(ctx), text, value->as.scalar.len, &root, &error))
        return; /* alert-rule-valid reports it */
    rate_walk walk = *settings;
    walk.obj = obj;
    walk.value = value;
    walk.rule = rule_label(rule) ? rule_label(rule) : "?";
    rc_promql_walk(root, visit_rate, &walk);
}

static bool check_rate_range(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    rate_walk settings = {.ctx = ctx};
    if (!rc_check_duration_target(ctx, "scrape-interval", req ? &req->scrape_interval : NULL,
                                  &settings.interval_text, &settings.interval_ms) ||
        settings.interval_ms <= 0)
        return false;
    settings.min_intervals = rc_params_int(rc_check_params(ctx), "min-intervals");
    return each_rule(ctx, obj, judge_rate_range, &settings);
}

static const rc_param_spec rate_range_params[] = {
    {"scrape-interval", RC_PARAM_STRING, "''", NULL,
     "the scrape interval ranges are judged against (overrides requirements.scraping.interval)"},
    {"min-intervals", RC_PARAM_INT, "4", NULL,
     "how many scrape intervals a rate/increase/delta/deriv range spans at least"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_rate_range = {
    .name = "rate-range",
    .scope = RC_SCOPE_OBJECT,
    .summary = "rate and increase ranges span at least four scrape intervals",
    .params = rate_range_params,
    .check_object = check_rate_range,
};

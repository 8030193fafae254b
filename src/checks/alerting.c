/* alerting.c - templates for Prometheus alerting and recording rules, wherever a release
 * keeps them: PrometheusRule objects (spec.groups), standalone rule files (judged as
 * PrometheusRuleFile objects) and rule files inside ConfigMaps (the community Prometheus
 * chart's alerting_rules.yml), parsed at their real position in the input.
 *
 * What Prometheus itself refuses (promtool check rules) is an error of alert-rule-valid; the
 * other templates judge rules that load but page badly: no severity to route on, no text for
 * the person paged, firing on one evaluation, names that break the recording convention,
 * twins, and labels that change with every sample. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "model/duration.h"

/* ---- where rules live ------------------------------------------------------------------- */

static bool ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n >= k && strcmp(text + n - k, suffix) == 0;
}

/* True when TEXT has `groups:` as a top-level key (a line starting with it). */
static bool has_top_level_groups(const char *text)
{
    for (const char *line = text; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        if (strncmp(line, "groups:", 7) == 0)
            return true;
    }
    return false;
}

typedef void (*group_fn)(rc_check_ctx *ctx, const rc_object *obj, const rc_node *groups,
                         void *user);

/* Calls FN with each `groups` node OBJ holds; returns whether it holds one. */
static bool each_rule_file(rc_check_ctx *ctx, const rc_object *obj, group_fn fn, void *user)
{
    if (strcmp(obj->kind, RC_KIND_PROMETHEUS_RULE_FILE) == 0) {
        fn(ctx, obj, rc_node_get(obj->node, "groups"), user);
        return true;
    }
    if (strcmp(obj->kind, "PrometheusRule") == 0 &&
        strncmp(obj->api_version, "monitoring.coreos.com/", 22) == 0) {
        const rc_node *groups = rc_node_path(obj->node, "spec.groups");
        if (groups)
            fn(ctx, obj, groups, user);
        return groups != NULL;
    }
    if (strcmp(obj->kind, "ConfigMap") != 0)
        return false;
    const rc_node *data = rc_node_get(obj->node, "data");
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !has_top_level_groups(text) ||
            !(ends_with(key, ".yml") || ends_with(key, ".yaml") || ends_with(key, ".rules") ||
              strcmp(key, "rules") == 0))
            continue;
        const rc_node *root = rc_check_load_embedded(ctx, entry->value);
        const rc_node *groups = root && root->kind == RC_NODE_MAP ? rc_node_get(root, "groups")
                                                                  : NULL;
        if (!groups)
            continue;
        found = true;
        fn(ctx, obj, groups, user);
    }
    return found;
}

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
    return each_rule_file(ctx, obj, walk_groups, &walk);
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

static void judge_rule_shape(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule)
{
    char what[200];
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
    }
    static const char *const durations[] = {"for", "keep_firing_for"};
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        const rc_node_pair *pair = rc_node_get_pair(rule, durations[i]);
        long long ms;
        if (!pair)
            continue;
        if (record) {
            snprintf(what, sizeof what, "recording rule \"%.120s\" has `%s`, which only alerts take",
                     name, durations[i]);
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
    if (!groups || groups->kind != RC_NODE_SEQ) {
        report_invalid(ctx, obj, groups, "`groups` is not a list");
        return;
    }
    for (size_t g = 0; g < groups->as.seq.count; g++) {
        const rc_node *group = groups->as.seq.items[g];
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
    return each_rule_file(ctx, obj, judge_groups_shape, NULL);
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
    const char *key; /* name, then the sorted labels: what tells two alerts apart */
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

static void collect_alert(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rule,
                          void *user)
{
    (void)ctx;
    alert_list *list = user;
    const char *name = alert_name(rule);
    if (!name || list->failed)
        return;
    const rc_node *labels = rc_node_get(rule, "labels");
    size_t count = labels && labels->kind == RC_NODE_MAP ? labels->as.map.count : 0;
    const char **parts = rc_arena_calloc(list->arena, count + 1, sizeof *parts);
    size_t total = strlen(name) + 2;
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
    char *key = rc_arena_alloc(list->arena, total);
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
    size_t used = (size_t)snprintf(key, total, "%s", name);
    for (size_t i = 0; i < count; i++)
        used += (size_t)snprintf(key + used, total - used, "\n%s", parts[i] ? parts[i] : "");
    list->items[list->count++] = (alert_seen){obj, rule, key};
}

/* Release scope: fires on the second of two alerts with the same name and labels anywhere in
 * the release: Prometheus evaluates both, and their notifications cannot be told apart. */
static void check_alert_duplicate(rc_check_ctx *ctx)
{
    alert_list list = {.arena = rc_check_arena(ctx)};
    for (size_t i = 0; i < rc_check_object_count(ctx); i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (each_rule(ctx, obj, collect_alert, &list))
            rc_check_examined(ctx, obj);
    }
    for (size_t i = 1; i < list.count && !list.failed; i++) {
        for (size_t k = 0; k < i; k++) {
            if (strcmp(list.items[i].key, list.items[k].key) != 0)
                continue;
            char first[300];
            rc_object_describe(list.items[k].obj, first, sizeof first);
            rc_check_report(ctx, list.items[i].obj, rule_anchor(list.items[i].rule),
                            "alert %s is defined again with the same labels (first in %s, "
                            "line %u): both fire, and nobody can tell their notifications "
                            "apart.",
                            rule_label(list.items[i].rule), first,
                            rule_anchor(list.items[k].rule)->line);
            break;
        }
    }
    free(list.items);
}

const rc_template rc_template_alert_duplicate = {
    .name = "alert-duplicate",
    .scope = RC_SCOPE_RELEASE,
    .summary = "no two alerts in the release share a name and labels",
    .params = rc_no_params,
    .check_release = check_alert_duplicate,
};

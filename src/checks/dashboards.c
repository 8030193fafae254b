/* dashboards.c - templates for Grafana dashboards shipped with a release.
 *
 * A dashboard is found in two shapes:
 *  - a ConfigMap carrying the Grafana sidecar's label (`grafana_dashboard` by default, any
 *    value): every data entry is one dashboard's JSON, as the sidecar loads every key;
 *  - a `GrafanaDashboard` custom resource of the grafana-operator (v4 integreatly.org and v5
 *    grafana.integreatly.org) with the JSON inline in `spec.json`. Dashboards the operator
 *    fetches (spec.url, spec.grafanaCom, spec.configMapRef) cannot be judged offline and are
 *    skipped.
 *  - a dashboard JSON file given on the command line (a GrafanaDashboardFile object).
 * checks/dashboard_find.h finds and parses them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/dashboard_find.h"
#include "checks/templates.h"
#include "model/duration.h"

/* ---- dashboard-json-valid ------------------------------------------------------------- */

/* Fires when a dashboard's JSON does not parse (or is empty, or not an object): Grafana's
 * sidecar skips it silently and the dashboard never appears. */
static bool check_dashboard_json_valid(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_params *params = rc_check_params(ctx);
    dashboard_list list;
    if (!rc_dashboards_of(ctx, obj, rc_params_string(params, "label"), &list))
        return false;
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    if (rc_dashboard_is_cr(obj) && list.count == 0 && !rc_node_path(obj->node, "spec.url") &&
        !rc_node_path(obj->node, "spec.grafanaCom") &&
        !rc_node_path(obj->node, "spec.configMapRef") &&
        !rc_node_path(obj->node, "spec.gzipJson")) {
        const rc_node_pair *spec = rc_node_get_pair(obj->node, "spec");
        rc_check_report(ctx, obj, spec ? spec->key : NULL,
                        "%s has no dashboard: spec.json is missing or empty.", where);
    }
    for (size_t i = 0; i < list.count; i++) {
        const dashboard *d = &list.items[i];
        if (d->root)
            continue;
        if (!d->at_value && d->diag.line && !rc_dashboard_line_in_file(d, d->diag.line))
            rc_check_report(ctx, obj, rc_dashboard_error_node(ctx, d),
                            "Dashboard \"%s\" in %s is not valid JSON: %s (line %u, "
                            "column %u of the value).",
                            d->key, where, d->diag.message,
                            (unsigned)(d->diag.line - d->value->line + 1),
                            (unsigned)(d->diag.column ? d->diag.column : 1));
        else
            rc_check_report(ctx, obj, rc_dashboard_error_node(ctx, d),
                            "Dashboard \"%s\" in %s is not valid JSON: %s.", d->key, where,
                            d->diag.message);
    }
    return true;
}

static const rc_param_spec dashboard_json_params[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_dashboard_json_valid = {
    .name = "dashboard-json-valid",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every dashboard in a labelled ConfigMap or GrafanaDashboard parses as a JSON "
               "object",
    .params = dashboard_json_params,
    .check_object = check_dashboard_json_valid,
};

/* ---- dashboard-refresh ---------------------------------------------------------------- */

/* Fires when a dashboard does not refresh itself at least every `max-refresh`: a missing,
 * empty or false `refresh` turns auto-refresh off, so an on-call screen shows stale data. */
static bool check_dashboard_refresh(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    const char *max_text;
    long long max_ms;
    /* How fresh a dashboard must be is the platform's to declare. */
    if (!rc_check_duration_target(ctx, "max-refresh", req ? &req->dashboard_refresh : NULL,
                                  &max_text, &max_ms))
        return false;
    dashboard_list list;
    if (!rc_dashboards_of(ctx, obj, rc_params_string(params, "label"), &list))
        return false;
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    for (size_t i = 0; i < list.count; i++) {
        const dashboard *d = &list.items[i];
        if (!d->root)
            continue; /* dashboard-json-valid reports it */
        const rc_node_pair *refresh = rc_node_get_pair(d->root, "refresh");
        const char *text = refresh ? rc_node_text(refresh->value) : NULL;
        bool off = false;
        if (!refresh || rc_node_is_null(refresh->value) || !text || !text[0] ||
            rc_node_bool(refresh->value, &off)) {
            rc_check_report(ctx, obj, rc_dashboard_report_at(d, refresh ? refresh->value : d->root),
                            "Dashboard \"%s\" in %s does not auto-refresh (refresh is %s); "
                            "set it to %s or less.",
                            rc_dashboard_title(d), where, !refresh ? "missing" : "off", max_text);
            continue;
        }
        long long ms;
        if (!rc_duration_parse(text, &ms)) {
            rc_check_report(ctx, obj, rc_dashboard_report_at(d, refresh->value),
                            "Dashboard \"%s\" in %s has refresh \"%s\", which is not an "
                            "interval such as 30s or 1m.",
                            rc_dashboard_title(d), where, text);
        } else if (ms > max_ms) {
            rc_check_report(ctx, obj, rc_dashboard_report_at(d, refresh->value),
                            "Dashboard \"%s\" in %s refreshes every %s, more than %s.",
                            rc_dashboard_title(d), where, text, max_text);
        }
    }
    return true;
}

static const rc_param_spec dashboard_refresh_params[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {"max-refresh", RC_PARAM_STRING, "''", NULL,
     "overrides requirements.dashboards.refresh: the longest allowed auto-refresh interval "
     "(Grafana units: ms, s, m, h, d, w); empty: use the declared requirement"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_dashboard_refresh = {
    .name = "dashboard-refresh",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every dashboard auto-refreshes at least every requirements.dashboards.refresh "
               "(or `max-refresh`)",
    .params = dashboard_refresh_params,
    .check_object = check_dashboard_refresh,
};

/* ---- dashboard-topics ----------------------------------------------------------------- */

/* The topics a release's dashboards must cover: the rule's `topics` parameter when set,
 * else requirements.dashboards.topics. */
typedef struct topic_set {
    size_t count;
    rc_regex *const *regexes;          /* from the parameter */
    const char *const *patterns;
    const char *const *names;
    size_t name_count;
    const rc_named_pattern *declared;  /* from the requirement */
} topic_set;

static bool topics_of(rc_check_ctx *ctx, topic_set *set)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_param_value *topics = rc_params_get(params, "topics");
    const rc_requirements *req = rc_check_requirements(ctx);
    memset(set, 0, sizeof *set);
    if (topics->count) {
        const rc_param_value *names = rc_params_get(params, "topic-names");
        set->count = topics->count;
        set->regexes = topics->regexes;
        set->patterns = topics->strings;
        set->names = names->strings;
        set->name_count = names->count;
        return true;
    }
    if (!req || !req->has_topics)
        return false;
    set->count = req->topic_count;
    set->declared = req->topics;
    return true;
}

static const rc_regex *topic_regex(const topic_set *set, size_t t)
{
    return set->declared ? set->declared[t].regex : set->regexes[t];
}

/* Marks in COVERED every topic whose patterns match TEXT. */
static void match_topics(const topic_set *set, const char *text, bool *covered)
{
    if (!text || !text[0])
        return;
    size_t len = strlen(text);
    for (size_t t = 0; t < set->count; t++) {
        if (!covered[t] && rc_regex_match(topic_regex(set, t), text, len))
            covered[t] = true;
    }
}

enum { PANEL_DEPTH = 8 };

/* Matches the panel titles and target expressions of ROOT, rows' nested panels included
 * (an explicit stack, bounded to PANEL_DEPTH levels). */
static void scan_dashboard(const topic_set *set, const rc_node *root, bool *covered)
{
    const rc_node *stack[PANEL_DEPTH];
    size_t index[PANEL_DEPTH];
    size_t depth = 0;
    const rc_node *top = rc_node_get(root, "panels");
    if (!top || top->kind != RC_NODE_SEQ)
        return;
    stack[0] = top;
    index[0] = 0;
    depth = 1;
    while (depth) {
        const rc_node *seq = stack[depth - 1];
        if (index[depth - 1] >= seq->as.seq.count) {
            depth--;
            continue;
        }
        const rc_node *panel = seq->as.seq.items[index[depth - 1]++];
        match_topics(set, rc_node_get_text(panel, "title"), covered);
        const rc_node *targets = rc_node_get(panel, "targets");
        if (targets && targets->kind == RC_NODE_SEQ) {
            for (size_t i = 0; i < targets->as.seq.count; i++)
                match_topics(set, rc_node_get_text(targets->as.seq.items[i], "expr"), covered);
        }
        const rc_node *nested = rc_node_get(panel, "panels");
        if (nested && nested->kind == RC_NODE_SEQ && depth < PANEL_DEPTH) {
            stack[depth] = nested;
            index[depth] = 0;
            depth++;
        }
    }
}

/* Fires once per required topic that no dashboard of the release covers: at the topic's
 * line in .readyctl.yaml when it is declared there, else (topics from the rule's parameter)
 * on the anchor dashboard object or the release's anchor object. */
static void check_dashboard_topics(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const char *label = rc_params_string(params, "label");
    topic_set set;
    size_t n = rc_check_object_count(ctx);
    if (!topics_of(ctx, &set) || !set.count)
        return;
    bool *covered = rc_arena_calloc(rc_check_arena(ctx), set.count, sizeof *covered);
    if (!covered)
        return;
    const rc_object *first = NULL;
    size_t dashboards = 0;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        dashboard_list list;
        if (!rc_dashboards_of(ctx, obj, label, &list))
            continue;
        rc_check_examined(ctx, obj);
        first = rc_check_anchor_of(first, obj);
        for (size_t k = 0; k < list.count; k++) {
            if (!list.items[k].root)
                continue;
            dashboards++;
            scan_dashboard(&set, list.items[k].root, covered);
        }
    }
    if (!first && !set.declared) {
        for (size_t i = 0; i < n; i++)
            first = rc_check_anchor_of(first, rc_check_object_at(ctx, i));
        if (!first)
            return;
        rc_check_examined(ctx, first);
    }
    for (size_t t = 0; t < set.count; t++) {
        if (covered[t])
            continue;
        const char *topic = set.declared ? set.declared[t].name
                            : t < set.name_count ? set.names[t]
                                                 : set.patterns[t];
        const char *pattern = set.declared ? set.declared[t].match : set.patterns[t];
        char message[800];
        if (dashboards)
            snprintf(message, sizeof message,
                     "No dashboard of the release shows %s: no panel title or query of its %zu "
                     "dashboard%s matches `%s`.",
                     topic, dashboards, dashboards == 1 ? "" : "s", pattern);
        else
            snprintf(message, sizeof message,
                     "No dashboard of the release shows %s: the release has no Grafana "
                     "dashboard (ConfigMap labelled %s or GrafanaDashboard).",
                     topic, label);
        if (set.declared)
            rc_check_report_requirement(ctx, &set.declared[t].at, "%s", message);
        else
            rc_check_report(ctx, first, NULL, "%s", message);
    }
}

static const rc_param_spec dashboard_topics_params[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {"topics", RC_PARAM_REGEX_LIST, "[]", NULL,
     "overrides requirements.dashboards.topics: one regex per topic the dashboards must "
     "cover, matched against every panel title (rows' nested panels too) and every target "
     "expr; add (?i) for case-insensitive; empty: use the declared requirement"},
    {"topic-names", RC_PARAM_STRING_LIST, "[]", NULL,
     "the topics' names for messages, in the order of `topics`"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_dashboard_topics = {
    .name = "dashboard-topics",
    .scope = RC_SCOPE_RELEASE,
    .summary = "the release's dashboards together cover every topic of "
               "requirements.dashboards.topics (or `topics`)",
    .params = dashboard_topics_params,
    .check_release = check_dashboard_topics,
};

/* dashboard_panels.c - templates for what a dashboard's panels show: datasources bound to
 * one Grafana, panels with nothing to show, counters graphed as raw totals, time series
 * without a unit. Dashboards are found as dashboard_find.h says (ConfigMaps, GrafanaDashboard
 * resources, dashboard files); rows' nested panels and the old `rows[].panels` count too. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/dashboard_find.h"
#include "checks/templates.h"
#include "promql/promql.h"

/* ---- walking panels ----------------------------------------------------------------------- */

typedef void (*panel_fn)(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                         const rc_node *panel);

static void walk_panel_list(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                            const rc_node *panels, panel_fn fn)
{
    for (size_t i = 0; panels && panels->kind == RC_NODE_SEQ && i < panels->as.seq.count; i++) {
        const rc_node *panel = panels->as.seq.items[i];
        if (panel->kind != RC_NODE_MAP)
            continue;
        fn(ctx, obj, d, panel);
        /* A collapsed row keeps its panels inside it (one level: rows do not nest). */
        const char *type = rc_node_get_text(panel, "type");
        const rc_node *inner = rc_node_get(panel, "panels");
        for (size_t k = 0; type && strcmp(type, "row") == 0 && inner &&
                           inner->kind == RC_NODE_SEQ && k < inner->as.seq.count;
             k++) {
            if (inner->as.seq.items[k]->kind == RC_NODE_MAP)
                fn(ctx, obj, d, inner->as.seq.items[k]);
        }
    }
}

/* Calls FN for every panel of every dashboard OBJ holds; returns whether it holds one. */
static bool each_panel(rc_check_ctx *ctx, const rc_object *obj, panel_fn fn)
{
    dashboard_list list;
    if (!rc_dashboards_of(ctx, obj, rc_params_string(rc_check_params(ctx), "label"), &list))
        return false;
    for (size_t i = 0; i < list.count; i++) {
        const dashboard *d = &list.items[i];
        if (!d->root)
            continue; /* dashboard-json-valid reports it */
        walk_panel_list(ctx, obj, d, rc_node_get(d->root, "panels"), fn);
        const rc_node *rows = rc_node_get(d->root, "rows");
        for (size_t r = 0; rows && rows->kind == RC_NODE_SEQ && r < rows->as.seq.count; r++)
            walk_panel_list(ctx, obj, d, rc_node_get(rows->as.seq.items[r], "panels"), fn);
    }
    return true;
}

static const char *panel_title(const rc_node *panel)
{
    const char *title = rc_node_get_text(panel, "title");
    return title && *title ? title : "(untitled)";
}

/* Where a finding about PANEL points: its title, else its type, else the panel. */
static const rc_node *panel_anchor(const dashboard *d, const rc_node *panel)
{
    const rc_node *at = rc_node_get(panel, "title");
    if (!at)
        at = rc_node_get(panel, "type");
    return rc_dashboard_report_at(d, at ? at : panel);
}

static bool type_in(const rc_node *panel, const char *const *types, size_t count)
{
    const char *type = rc_node_get_text(panel, "type");
    for (size_t i = 0; type && i < count; i++) {
        if (strcmp(type, types[i]) == 0)
            return true;
    }
    return false;
}

static const char *const timeseries_types[] = {"graph", "timeseries"};

static const rc_param_spec label_param[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const query_types[] = {
    "graph",   "timeseries", "stat",           "gauge",          "bargauge",  "table",
    "heatmap", "singlestat", "piechart",       "barchart",       "histogram", "logs",
    "trend",   "xychart",    "state-timeline", "status-history", "candlestick"};

/* ---- dashboard-datasource-templated ------------------------------------------------------ */

static bool templated(const char *text)
{
    return text && (text[0] == '$' || strstr(text, "[[") != NULL);
}

/* Grafana's built-in pseudo datasources: not bound to an instance. */
static bool builtin_datasource(const char *text)
{
    static const char *const names[] = {"-- Grafana --", "-- Mixed --", "-- Dashboard --",
                                        "grafana", "default"};
    for (size_t i = 0; text && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(text, names[i]) == 0)
            return true;
    }
    return false;
}

/* The node of DATASOURCE that names a specific instance (a uid or name not templated), or
 * NULL. A string is a datasource name (older dashboards), an object has a uid. */
static const rc_node *hard_coded(const rc_node *datasource)
{
    if (!datasource || rc_node_is_null(datasource))
        return NULL; /* the default datasource */
    if (datasource->kind == RC_NODE_SCALAR) {
        const char *name = rc_node_text(datasource);
        return name && *name && !templated(name) && !builtin_datasource(name) ? datasource
                                                                               : NULL;
    }
    const char *type = rc_node_get_text(datasource, "type");
    const rc_node *uid = rc_node_get(datasource, "uid");
    const char *text = rc_node_text(uid);
    if (!uid || rc_node_is_null(uid) || (type && strcmp(type, "datasource") == 0))
        return NULL;
    return text && *text && !templated(text) && !builtin_datasource(text) ? uid : NULL;
}

static void judge_datasource(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                             const rc_node *panel)
{
    /* A row's or text panel's datasource queries nothing. */
    if (!type_in(panel, query_types, sizeof query_types / sizeof query_types[0]))
        return;
    const rc_node *fixed = hard_coded(rc_node_get(panel, "datasource"));
    const rc_node *targets = rc_node_get(panel, "targets");
    for (size_t i = 0; !fixed && targets && targets->kind == RC_NODE_SEQ &&
                       i < targets->as.seq.count;
         i++)
        fixed = hard_coded(rc_node_get(targets->as.seq.items[i], "datasource"));
    if (!fixed)
        return;
    rc_check_report(ctx, obj, rc_dashboard_report_at(d, fixed),
                    "panel \"%s\" of dashboard \"%s\" names the datasource \"%s\" itself: on "
                    "any other Grafana (staging, a new cluster) it shows \"datasource not "
                    "found\"; use a datasource variable such as ${datasource}.",
                    panel_title(panel), rc_dashboard_title(d),
                    rc_node_text(fixed) ? rc_node_text(fixed) : "?");
}

static bool check_datasource_templated(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_panel(ctx, obj, judge_datasource);
}

const rc_template rc_template_dashboard_datasource = {
    .name = "dashboard-datasource",
    .scope = RC_SCOPE_OBJECT,
    .summary = "panels and queries use a datasource variable, not one instance's uid or name",
    .params = label_param,
    .check_object = check_datasource_templated,
};

/* ---- dashboard-panel-queries ------------------------------------------------------------ */

/* True when TARGET asks for something: an expr, a query, a raw SQL, a stream selector... */
static bool target_asks(const rc_node *target)
{
    static const char *const fields[] = {"expr", "query", "rawSql", "target", "queryText",
                                         "rawQuery", "metric", "expression"};
    if (rc_node_get(target, "hide") && rc_node_get_text(target, "hide") &&
        strcmp(rc_node_get_text(target, "hide"), "true") == 0)
        return false;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *text = rc_node_get_text(target, fields[i]);
        if (text && *text)
            return true;
    }
    /* Other datasources keep their query in fields of their own: any non-empty map. */
    return target->kind == RC_NODE_MAP && rc_node_get(target, "refId") &&
           target->as.map.count > 2;
}

static void judge_queries(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                          const rc_node *panel)
{
    if (!type_in(panel, query_types, sizeof query_types / sizeof query_types[0]) ||
        rc_node_get(panel, "libraryPanel"))
        return;
    const rc_node *targets = rc_node_get(panel, "targets");
    for (size_t i = 0; targets && targets->kind == RC_NODE_SEQ && i < targets->as.seq.count; i++) {
        if (target_asks(targets->as.seq.items[i]))
            return;
    }
    rc_check_report(ctx, obj, panel_anchor(d, panel),
                    "panel \"%s\" (%s) of dashboard \"%s\" has no query: it shows \"No data\" "
                    "to whoever opens it during an incident.",
                    panel_title(panel), rc_node_get_text(panel, "type"), rc_dashboard_title(d));
}

static bool check_panel_queries(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_panel(ctx, obj, judge_queries);
}

const rc_template rc_template_dashboard_panel_queries = {
    .name = "dashboard-panel-queries",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every panel that shows data has a query",
    .params = label_param,
    .check_object = check_panel_queries,
};

/* ---- dashboard-counter-rate ------------------------------------------------------------- */

/* EXPR with Grafana's variables replaced so that PromQL parses it: inside a range `[...]`
 * by a duration, elsewhere (outside quotes) by a number. Label values in quotes keep them. */
static char *without_variables(rc_arena *arena, const char *expr, size_t len, size_t *out_len)
{
    char *out = rc_arena_alloc(arena, len * 2 + 8);
    if (!out)
        return NULL;
    size_t o = 0;
    bool in_range = false;
    char quote = 0;
    for (size_t i = 0; i < len;) {
        char c = expr[i];
        if (quote) {
            out[o++] = c;
            if (c == '\\' && i + 1 < len)
                out[o++] = expr[++i];
            else if (c == quote)
                quote = 0;
            i++;
            continue;
        }
        if (c == '"' || c == '\'' || c == '`')
            quote = c;
        in_range = c == '[' ? true : c == ']' ? false : in_range;
        size_t skip = 0;
        if (c == '$' && i + 1 < len && expr[i + 1] == '{') {
            const char *close = memchr(expr + i, '}', len - i);
            skip = close ? (size_t)(close - (expr + i)) + 1 : 0;
        } else if (c == '$') {
            size_t k = i + 1;
            while (k < len && (isalnum((unsigned char)expr[k]) || expr[k] == '_'))
                k++;
            skip = k > i + 1 ? k - i : 0;
        } else if (c == '[' && i + 1 < len && expr[i + 1] == '[') {
            const char *close = strstr(expr + i, "]]");
            skip = close && (size_t)(close - expr) < len ? (size_t)(close - (expr + i)) + 2 : 0;
            in_range = false;
        }
        if (skip) {
            const char *with = in_range ? "5m" : "1";
            memcpy(out + o, with, strlen(with));
            o += strlen(with);
            i += skip;
            continue;
        }
        out[o++] = c;
        i++;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Functions and aggregations under which a counter's raw value is fine: they turn it into a
 * rate, count series, or test presence. */
static bool counter_safe(const rc_promql_node *node)
{
    static const char *const calls[] = {"rate",    "irate",   "increase",         "resets",
                                        "changes", "absent",  "absent_over_time", "timestamp",
                                        "present_over_time", "count_over_time"};
    if (node->kind == RC_PROMQL_CALL) {
        for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
            if (strcmp(node->call.name, calls[i]) == 0)
                return true;
        }
    }
    return node->kind == RC_PROMQL_AGGREGATE &&
           (node->aggregate.op == RC_PROMQL_COUNT || node->aggregate.op == RC_PROMQL_GROUP ||
            node->aggregate.op == RC_PROMQL_COUNT_VALUES);
}

/* The first counter (a selector of a `_total` metric) NODE graphs raw, or NULL. Bounded by
 * the parser's tree depth. */
static const rc_promql_node *raw_counter(const rc_promql_node *node, unsigned depth)
{
    if (!node || depth > RC_PROMQL_MAX_DEPTH || counter_safe(node))
        return NULL;
    switch (node->kind) {
    case RC_PROMQL_VECTOR: {
        const char *name = node->vector.name;
        size_t n = name ? strlen(name) : 0;
        return n > 6 && strcmp(name + n - 6, "_total") == 0 ? node : NULL;
    }
    case RC_PROMQL_MATRIX:
        return raw_counter(node->matrix.vector, depth + 1);
    case RC_PROMQL_SUBQUERY:
        return raw_counter(node->subquery.expr, depth + 1);
    case RC_PROMQL_CALL:
        for (size_t i = 0; i < node->call.arg_count; i++) {
            const rc_promql_node *found = raw_counter(node->call.args[i], depth + 1);
            if (found)
                return found;
        }
        return NULL;
    case RC_PROMQL_AGGREGATE:
        return raw_counter(node->aggregate.expr, depth + 1);
    case RC_PROMQL_BINARY: {
        const rc_promql_node *found = raw_counter(node->binary.lhs, depth + 1);
        return found ? found : raw_counter(node->binary.rhs, depth + 1);
    }
    case RC_PROMQL_UNARY:
        return raw_counter(node->unary.expr, depth + 1);
    case RC_PROMQL_PAREN:
        return raw_counter(node->paren.expr, depth + 1);
    default:
        return NULL;
    }
}

static void judge_counters(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                           const rc_node *panel)
{
    if (!type_in(panel, timeseries_types, 2))
        return;
    const rc_node *targets = rc_node_get(panel, "targets");
    for (size_t i = 0; targets && targets->kind == RC_NODE_SEQ && i < targets->as.seq.count; i++) {
        const rc_node *expr = rc_node_get(targets->as.seq.items[i], "expr");
        const char *text = rc_node_text(expr);
        size_t len = 0;
        char *plain = text ? without_variables(rc_check_arena(ctx), text, expr->as.scalar.len,
                                               &len)
                           : NULL;
        const rc_promql_node *root;
        rc_promql_error error;
        if (!plain || !rc_promql_parse(rc_check_arena(ctx), plain, len, &root, &error))
            continue; /* not PromQL, or not parsable offline: not judged */
        const rc_promql_node *counter = raw_counter(root, 0);
        if (!counter || rc_params_match(rc_check_params(ctx), "allow", counter->vector.name))
            continue;
        rc_check_report(ctx, obj, rc_dashboard_report_at(d, expr),
                        "panel \"%s\" of dashboard \"%s\" graphs the counter %s as a raw total: "
                        "the line only climbs and resets on restart; graph rate(%s[5m]) or "
                        "increase() instead.",
                        panel_title(panel), rc_dashboard_title(d), counter->vector.name,
                        counter->vector.name);
        return; /* one finding per panel */
    }
}

static bool check_counter_rate(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_panel(ctx, obj, judge_counters);
}

static const rc_param_spec counter_params[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {"allow", RC_PARAM_REGEX_LIST, "[]", NULL,
     "`_total` metrics that are gauges despite their name (exporters that break the naming "
     "convention), never reported"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_dashboard_counter_rate = {
    .name = "dashboard-counter-rate",
    .scope = RC_SCOPE_OBJECT,
    .summary = "time-series panels graph counters through rate() or increase()",
    .params = counter_params,
    .check_object = check_counter_rate,
};

/* ---- dashboard-panel-unit --------------------------------------------------------------- */

static void judge_unit(rc_check_ctx *ctx, const rc_object *obj, const dashboard *d,
                       const rc_node *panel)
{
    if (!type_in(panel, timeseries_types, 2))
        return;
    const char *unit = rc_node_text(rc_node_path(panel, "fieldConfig.defaults.unit"));
    if (unit && *unit)
        return;
    const rc_node *yaxes = rc_node_get(panel, "yaxes");
    const char *format = yaxes && yaxes->kind == RC_NODE_SEQ && yaxes->as.seq.count
                             ? rc_node_get_text(yaxes->as.seq.items[0], "format")
                             : NULL;
    if (format && *format)
        return;
    rc_check_report(ctx, obj, panel_anchor(d, panel),
                    "panel \"%s\" of dashboard \"%s\" sets no unit: its axis shows bare numbers "
                    "(is 0.2 seconds, percent or requests?); set one, `short` or `none` for "
                    "plain counts.",
                    panel_title(panel), rc_dashboard_title(d));
}

static bool check_panel_unit(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_panel(ctx, obj, judge_unit);
}

const rc_template rc_template_dashboard_panel_unit = {
    .name = "dashboard-panel-unit",
    .scope = RC_SCOPE_OBJECT,
    .summary = "time-series panels set a unit",
    .params = label_param,
    .check_object = check_panel_unit,
};

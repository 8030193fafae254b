/* dashboard_find.c - finding, parsing and positioning dashboards (dashboard_find.h). */
#include "checks/dashboard_find.h"

#include <stdio.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"

static bool is_dashboard_configmap(const rc_object *obj, const char *label)
{
    return rc_object_kind_is(obj, "ConfigMap") && rc_node_get_pair(obj->labels, label) != NULL;
}

bool rc_dashboard_is_cr(const rc_object *obj)
{
    return rc_object_kind_is(obj, "GrafanaDashboard") &&
           strstr(obj->api_version, "integreatly.org/") != NULL;
}

/* Parses the JSON text of VALUE into the run's arena. A block scalar's content starts on the
 * line after its indicator; any other scalar on its own line. */
static void parse_dashboard_text(rc_check_ctx *ctx, dashboard *d)
{
    rc_limits limits;
    rc_limits_default(&limits);
    const rc_node *v = d->value;
    uint32_t base = v->line;
    if (v->as.scalar.style == RC_SCALAR_BLOCK)
        base++;
    d->root = NULL;
    d->at_value = true;
    memset(&d->diag, 0, sizeof d->diag);
    size_t len = v->as.scalar.len;
    /* Skip leading blank space so that an empty value is reported as such. */
    const char *text = v->as.scalar.text;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i == len) {
        rc_diag_set(&d->diag, "", v->line, v->column, "the value is empty");
        return;
    }
    rc_node *root = NULL;
    /* A literal block's lines sit at its indentation: nodes get the file's columns. */
    uint32_t column = v->as.scalar.style == RC_SCALAR_BLOCK ? v->as.scalar.block_indent : 0;
    if (!rc_yaml_load_at(rc_check_arena(ctx), "", text, len, base, column, &limits, &root,
                         &d->diag)) {
        d->at_value = false;
        return;
    }
    if (!root || root->kind != RC_NODE_MAP) {
        rc_diag_set(&d->diag, "", v->line, v->column, "the dashboard is not a JSON object");
        return;
    }
    d->root = root;
}

/* D parsed once per run: every dashboard rule asks for the same values. */
static void parse_dashboard(rc_check_ctx *ctx, dashboard *d)
{
    static const char tag = 0;
    const dashboard *known = rc_check_derived(ctx, &tag, d->value);
    if (!known) {
        dashboard *fresh = rc_arena_alloc(rc_check_arena(ctx), sizeof *fresh);
        if (!fresh) {
            parse_dashboard_text(ctx, d);
            return;
        }
        *fresh = *d;
        parse_dashboard_text(ctx, fresh);
        known = rc_check_derived_put(ctx, &tag, d->value, fresh);
    }
    d->root = known->root;
    d->diag = known->diag;
    d->at_value = known->at_value;
}

/* Collects the dashboards OBJ holds (none when it is not a dashboard object). */
bool rc_dashboards_of(rc_check_ctx *ctx, const rc_object *obj, const char *label,
                      dashboard_list *out)
{
    out->items = NULL;
    out->count = 0;
    if (rc_object_kind_is(obj, RC_KIND_GRAFANA_DASHBOARD_FILE)) {
        out->items = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *out->items);
        if (!out->items)
            return true;
        dashboard *d = &out->items[out->count++];
        d->value = obj->node;
        d->key = obj->name;
        d->root = (rc_node *)obj->node; /* the loader's tree; nothing here writes to it */
        d->standalone = true;
        return true;
    }
    if (is_dashboard_configmap(obj, label)) {
        const rc_node *data = rc_node_get(obj->node, "data");
        size_t n = data && data->kind == RC_NODE_MAP ? data->as.map.count : 0;
        out->items = rc_arena_calloc(rc_check_arena(ctx), n ? n : 1, sizeof *out->items);
        if (!out->items)
            return true;
        for (size_t i = 0; i < n; i++) {
            const rc_node_pair *p = &data->as.map.pairs[i];
            if (!rc_node_is_string(p->value))
                continue;
            dashboard *d = &out->items[out->count++];
            d->value = p->value;
            d->key = rc_node_text(p->key) ? rc_node_text(p->key) : "";
            parse_dashboard(ctx, d);
        }
        return true;
    }
    if (rc_dashboard_is_cr(obj)) {
        const rc_node *json = rc_node_path(obj->node, "spec.json");
        out->items = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *out->items);
        if (!out->items)
            return true;
        if (rc_node_is_string(json)) {
            dashboard *d = &out->items[out->count++];
            d->value = json;
            d->key = "spec.json";
            parse_dashboard(ctx, d);
        }
        return true;
    }
    return false;
}

/* Whether LINE, as parse_dashboard counts lines, is a line of the file. A literal block
 * scalar's content lines are the file's lines, from the line after its indicator; a folded
 * one's only join lines, so a line counted that way stays inside the value. A quoted or plain
 * value's are not: escapes (`"{\n  \"title\": ...}"`, as `toJson` and `quote` render a
 * dashboard file) and line folding mean that the content's fifth line may lie on the
 * value's first line, and counting it from there pointed past the end of the file (found by
 * fuzz_dashboard). Only the content's first line is known to be the value's own. */
bool rc_dashboard_line_in_file(const dashboard *d, uint32_t line)
{
    return d->standalone || d->value->as.scalar.style == RC_SCALAR_BLOCK ||
           line == d->value->line;
}

/* Where to report about node N of a parsed dashboard: N itself in a block scalar, else the
 * value that holds the dashboard (whose content columns are not the file's either). */
const rc_node *rc_dashboard_report_at(const dashboard *d, const rc_node *n)
{
    return d->standalone || d->value->as.scalar.style == RC_SCALAR_BLOCK ? n : d->value;
}

/* A node positioned at a parse error, for reporting; the value itself when the error's
 * position cannot be shown in the file (the message then says where in the value). */
const rc_node *rc_dashboard_error_node(rc_check_ctx *ctx, const dashboard *d)
{
    if (d->at_value || !d->diag.line || !rc_dashboard_line_in_file(d, d->diag.line))
        return d->value;
    rc_node *n = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *n);
    if (!n)
        return d->value;
    n->kind = RC_NODE_SCALAR;
    n->line = d->diag.line;
    n->column = d->diag.column ? d->diag.column : 1;
    /* A quoted value's text starts after its quote, not at the line start. */
    if (d->value->as.scalar.style == RC_SCALAR_QUOTED && n->line == d->value->line)
        n->column += d->value->column;
    n->as.scalar.text = "";
    n->as.scalar.style = RC_SCALAR_QUOTED;
    return n;
}

const char *rc_dashboard_title(const dashboard *d)
{
    const char *title = d->root ? rc_node_get_text(d->root, "title") : NULL;
    return title && title[0] ? title : d->key;
}


/* dashboard_find.h - the Grafana dashboards an object holds, parsed and positioned, for the
 * dashboard templates (dashboards.c, dashboard_panels.c).
 *
 * A dashboard is found in three shapes:
 *  - a ConfigMap carrying the Grafana sidecar's label (`grafana_dashboard` by default, any
 *    value): every data entry is one dashboard's JSON, as the sidecar loads every key;
 *  - a `GrafanaDashboard` custom resource of the grafana-operator (v4 integreatly.org and v5
 *    grafana.integreatly.org) with the JSON inline in `spec.json`; dashboards the operator
 *    fetches (spec.url, spec.grafanaCom, spec.configMapRef) cannot be judged offline;
 *  - a dashboard JSON file given as an input (a GrafanaDashboardFile object: its own root).
 * Embedded JSON is parsed into the run's arena with the YAML loader; a literal block scalar's
 * nodes carry their real line and column in the input file.
 *
 * Ownership: every list and tree lives in the run's arena. Errors: a dashboard that does not
 * parse has root NULL and its error in diag; running out of memory yields an empty list. */
#ifndef RC_DASHBOARD_FIND_H
#define RC_DASHBOARD_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "input/diag.h"

typedef struct dashboard {
    const rc_node *value; /* the scalar holding the JSON; the file's root for a file */
    const char *key;      /* data key, "spec.json", or the file's name */
    rc_node *root;        /* parsed dashboard; NULL when it did not parse */
    rc_diag diag;         /* the parse error when root is NULL */
    bool at_value;        /* the error is about the whole value (empty, not an object) */
    bool standalone;      /* a dashboard file: its nodes are the input's own */
} dashboard;

typedef struct dashboard_list {
    dashboard *items;
    size_t count;
} dashboard_list;

/* The dashboards OBJ holds, with LABEL marking dashboard ConfigMaps; false (empty list) when
 * OBJ is no dashboard object. */
bool rc_dashboards_of(rc_check_ctx *ctx, const rc_object *obj, const char *label,
                      dashboard_list *out);
bool rc_dashboard_is_cr(const rc_object *obj);
/* Whether LINE, as the parser counted lines, is a line of the input file. */
bool rc_dashboard_line_in_file(const dashboard *d, uint32_t line);
/* Where to report about node N of D: N itself when its position is the file's, else the
 * value holding the dashboard. */
const rc_node *rc_dashboard_report_at(const dashboard *d, const rc_node *n);
/* A node positioned at D's parse error, or the value when that cannot be shown in the file. */
const rc_node *rc_dashboard_error_node(rc_check_ctx *ctx, const dashboard *d);
/* The dashboard's title, else its key. */
const char *rc_dashboard_title(const dashboard *d);

#endif

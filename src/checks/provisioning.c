/* provisioning.c - templates for Grafana provisioning files: the datasources Grafana creates
 * at start (`datasources:`) and the dashboard providers that load dashboard files
 * (`providers:`), given as input files (GrafanaProvisioningFile) or held in a ConfigMap or a
 * Secret's stringData (the grafana chart's datasources.yaml and dashboardproviders.yaml,
 * kube-prometheus-stack's datasource ConfigMap), parsed at their lines in the input. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/dashboard_find.h"
#include "checks/templates.h"

/* ---- where provisioning lives ----------------------------------------------------------- */

typedef void (*provisioning_fn)(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                                const char *what, void *user);

static bool is_provisioning(const rc_node *root, const char *list)
{
    const rc_node *items = rc_node_get(root, list);
    return items && items->kind == RC_NODE_SEQ;
}

/* Calls FN with each provisioning document OBJ holds that has a LIST (`datasources` or
 * `providers`) sequence; returns whether one was found. */
static bool each_provisioning(rc_check_ctx *ctx, const rc_object *obj, const char *list,
                              provisioning_fn fn, void *user)
{
    if (rc_object_kind_is(obj, RC_KIND_GRAFANA_PROVISIONING_FILE)) {
        if (!is_provisioning(obj->node, list))
            return false;
        fn(ctx, obj, obj->node, obj->name, user);
        return true;
    }
    bool secret = rc_object_kind_is(obj, "Secret") && strcmp(obj->api_version, "v1") == 0;
    bool configmap = rc_object_kind_is(obj, "ConfigMap") && strcmp(obj->api_version, "v1") == 0;
    if (!configmap && !secret)
        return false;
    const rc_node *data = rc_node_get(obj->node, secret ? "stringData" : "data");
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !rc_text_has_top_level_key(text, list))
            continue;
        const rc_node *root = rc_check_load_embedded(ctx, entry->value);
        if (!root || !is_provisioning(root, list))
            continue;
        found = true;
        fn(ctx, obj, root, key, user);
    }
    return found;
}

/* ---- datasource-uid ----------------------------------------------------------------------- */

/* What the release's dashboards pin: datasource names (the old string form) and
 * {type, uid} pairs with a literal uid, gathered once per run. */
typedef struct pinned_ref {
    const char *type;  /* NULL for a name */
    const char *text;  /* the uid, or the name */
    const char *dashboard;
} pinned_ref;

typedef struct pinned_refs {
    pinned_ref *items;
    size_t count;
    size_t capacity;
} pinned_refs;

/* Grafana's own pseudo-datasources, and references a variable resolves. */
static bool pinnable(const char *text)
{
    static const char *const builtin[] = {"-- Grafana --", "-- Mixed --", "-- Dashboard --",
                                          "grafana", "default", ""};
    if (!text || strchr(text, '$'))
        return false;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        if (strcmp(text, builtin[i]) == 0)
            return false;
    }
    return true;
}

static void pin(rc_check_ctx *ctx, pinned_refs *refs, const char *type, const char *text,
                const char *title)
{
    if (refs->count == refs->capacity) {
        size_t capacity = refs->capacity ? refs->capacity * 2 : 16;
        pinned_ref *items = rc_arena_calloc(rc_check_arena(ctx), capacity, sizeof *items);
        if (!items)
            return;
        if (refs->count)
            memcpy(items, refs->items, refs->count * sizeof *items);
        refs->items = items;
        refs->capacity = capacity;
    }
    refs->items[refs->count++] = (pinned_ref){type, text, title};
}

enum { PIN_WALK_NODES = 1 << 16 };

/* Every `datasource` of ROOT (panels, targets, variables, annotations), with an explicit
 * stack and at most PIN_WALK_NODES nodes visited. */
static void collect_pins(rc_check_ctx *ctx, pinned_refs *refs, const rc_node *root,
                         const char *title)
{
    size_t capacity = 256, depth = 0, visited = 0;
    const rc_node **stack = rc_arena_alloc(rc_check_arena(ctx), capacity * sizeof *stack);
    if (!stack)
        return;
    stack[depth++] = root;
    while (depth && visited++ < PIN_WALK_NODES) {
        const rc_node *n = stack[--depth];
        size_t children = rc_node_count(n);
        if (depth + children > capacity) {
            size_t grown = (depth + children) * 2;
            const rc_node **bigger = rc_arena_alloc(rc_check_arena(ctx), grown * sizeof *bigger);
            if (!bigger)
                return;
            memcpy(bigger, stack, depth * sizeof *stack);
            stack = bigger;
            capacity = grown;
        }
        for (size_t i = 0; n->kind == RC_NODE_MAP && i < n->as.map.count; i++) {
            const char *key = rc_node_text(n->as.map.pairs[i].key);
            const rc_node *value = n->as.map.pairs[i].value;
            if (key && strcmp(key, "datasource") == 0) {
                const char *name = rc_node_text(value);
                const char *uid = rc_node_get_text(value, "uid");
                if (name && pinnable(name))
                    pin(ctx, refs, NULL, name, title);
                else if (uid && pinnable(uid))
                    pin(ctx, refs, rc_node_get_text(value, "type"), uid, title);
            }
            stack[depth++] = value;
        }
        for (size_t i = 0; n->kind == RC_NODE_SEQ && i < n->as.seq.count; i++)
            stack[depth++] = n->as.seq.items[i];
    }
}

static void collect_all_pins(rc_check_ctx *ctx, pinned_refs *refs)
{
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        dashboard_list list;
        if (!rc_dashboards_of(ctx, rc_check_object_at(ctx, i), "grafana_dashboard", &list))
            continue;
        for (size_t k = 0; k < list.count; k++) {
            if (list.items[k].root)
                collect_pins(ctx, refs, list.items[k].root, rc_dashboard_title(&list.items[k]));
        }
    }
}

/* A provisioned datasource with no uid gets a random one from each Grafana that creates it;
 * a dashboard that pins a uid to a datasource of that type (or names it the old way) then
 * finds nothing, or works on one instance only. */
static void judge_datasource_uids(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                                  const char *what, void *user)
{
    const pinned_refs *refs = user;
    const rc_node *list = rc_node_get(root, "datasources");
    for (size_t i = 0; i < list->as.seq.count; i++) {
        const rc_node *ds = list->as.seq.items[i];
        const rc_node_pair *name = rc_node_get_pair(ds, "name");
        const char *name_text = name ? rc_node_text(name->value) : NULL;
        const char *type = rc_node_get_text(ds, "type");
        const char *uid = rc_node_get_text(ds, "uid");
        if (!name_text || (uid && uid[0]))
            continue;
        const pinned_ref *hit = NULL;
        for (size_t r = 0; refs && r < refs->count && !hit; r++) {
            const pinned_ref *ref = &refs->items[r];
            if (ref->type ? type && strcmp(ref->type, type) == 0
                          : strcmp(ref->text, name_text) == 0)
                hit = ref;
        }
        if (!hit)
            continue;
        if (hit->type)
            rc_check_report(ctx, obj, name->value,
                            "Datasource '%s' (%s) provisioned in '%s' has no uid, so each "
                            "Grafana generates its own, and dashboard '%s' pins uid '%s' to a "
                            "%s datasource: set uid: %s.",
                            name_text, type, what, hit->dashboard, hit->text, type, hit->text);
        else
            rc_check_report(ctx, obj, name->value,
                            "Datasource '%s' provisioned in '%s' has no uid, and dashboard '%s' "
                            "refers to it by name, which Grafana resolves to a generated uid "
                            "that differs per instance: set a uid and refer to it.",
                            name_text, what, hit->dashboard);
    }
}

/* A release rule: the datasources of one object are judged against the dashboards of all. */
static void check_datasource_uid(rc_check_ctx *ctx)
{
    pinned_refs refs = {NULL, 0, 0};
    collect_all_pins(ctx, &refs);
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (each_provisioning(ctx, obj, "datasources", judge_datasource_uids, &refs))
            rc_check_examined(ctx, obj);
    }
}

const rc_template rc_template_datasource_uid = {
    .name = "datasource-uid",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a provisioned datasource that the release's dashboards pin by uid or name "
               "sets its own uid",
    .params = rc_no_params,
    .check_release = check_datasource_uid,
};

/* ---- dashboard-provider ------------------------------------------------------------------- */

/* What Grafana refuses or silently ignores in a file provider: no options.path (nothing to
 * load), a relative path (resolved against Grafana's working directory, not the mounted
 * dashboards), and foldersFromFilesStructure with a folder or folderUid set (refused). */
static void judge_providers(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                            const char *what, void *user)
{
    (void)user;
    const rc_node *list = rc_node_get(root, "providers");
    for (size_t i = 0; i < list->as.seq.count; i++) {
        const rc_node *provider = list->as.seq.items[i];
        const char *name = rc_node_get_text(provider, "name");
        const char *type = rc_node_get_text(provider, "type");
        if (provider->kind != RC_NODE_MAP || (type && strcmp(type, "file") != 0))
            continue;
        if (!name)
            name = "?";
        const rc_node_pair *options = rc_node_get_pair(provider, "options");
        const rc_node_pair *path = options ? rc_node_get_pair(options->value, "path") : NULL;
        const char *path_text = path ? rc_node_text(path->value) : NULL;
        if (!path_text || !path_text[0])
            rc_check_report(ctx, obj, options ? options->key : provider,
                            "Dashboard provider '%s' in '%s' sets no options.path, so it loads "
                            "no dashboard.",
                            name, what);
        else if (path_text[0] != '/' && !rc_text_is_templated(path_text))
            rc_check_report(ctx, obj, path->value,
                            "Dashboard provider '%s' in '%s' reads the relative path '%s', "
                            "resolved against Grafana's working directory rather than where "
                            "dashboards are mounted: use an absolute path.",
                            name, what, path_text);
        bool from_files = false;
        const rc_node *structure =
            options ? rc_node_get(options->value, "foldersFromFilesStructure") : NULL;
        const rc_node_pair *folder = rc_node_get_pair(provider, "folder");
        if (!folder || !rc_node_text(folder->value) || !rc_node_text(folder->value)[0])
            folder = rc_node_get_pair(provider, "folderUid");
        if (structure && rc_node_bool(structure, &from_files) && from_files && folder &&
            rc_node_text(folder->value) && rc_node_text(folder->value)[0])
            rc_check_report(ctx, obj, folder->key,
                            "Dashboard provider '%s' in '%s' sets %s with "
                            "foldersFromFilesStructure: true, which Grafana refuses.",
                            name, what, rc_node_text(folder->key));
    }
}

static bool check_dashboard_provider(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_provisioning(ctx, obj, "providers", judge_providers, NULL);
}

const rc_template rc_template_dashboard_provider = {
    .name = "dashboard-provider",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a file dashboard provider has an absolute options.path and no folder beside "
               "foldersFromFilesStructure",
    .params = rc_no_params,
    .check_object = check_dashboard_provider,
};

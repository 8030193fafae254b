/* common.c - small pieces every check family shares (declared in check.h). */
#include "checks/check.h"
#include "input/limits.h"
#include "input/yaml_load.h"

#include <string.h>
#include <strings.h>

#include "model/duration.h"

const rc_param_spec rc_no_params[] = {{NULL, 0, NULL, NULL, NULL}};

bool rc_check_container_selected(const rc_check_ctx *ctx, rc_container_type type)
{
    static const char *const names[] = {"container", "init", "ephemeral"};
    return rc_params_contains(rc_check_params(ctx), "container-types", names[type]);
}

bool rc_check_duration_target(const rc_check_ctx *ctx, const char *param,
                              const rc_req_duration *declared, const char **text,
                              long long *ms)
{
    const char *value = rc_params_string(rc_check_params(ctx), param);
    if (value && value[0]) {
        *text = value;
        return rc_duration_parse(value, ms);
    }
    if (!declared || !declared->declared)
        return false;
    *text = declared->text;
    *ms = declared->ms;
    return true;
}

static int compare_anchor(const rc_object *a, const rc_object *b)
{
    int c = strcmp(a->namespace_, b->namespace_);
    if (!c)
        c = strcmp(a->kind, b->kind);
    if (!c)
        c = strcmp(a->name, b->name);
    if (!c && a->node->line != b->node->line)
        c = a->node->line < b->node->line ? -1 : 1;
    if (!c && a->node->column != b->node->column)
        c = a->node->column < b->node->column ? -1 : 1;
    return c;
}

const rc_object *rc_check_anchor_of(const rc_object *best, const rc_object *obj)
{
    return !best || compare_anchor(obj, best) < 0 ? obj : best;
}

/* What rc_check_load_embedded made of a value: recorded even when it is not YAML, so that
 * the next rule does not try again. */
typedef struct embedded_load {
    const rc_node *root;
} embedded_load;

static const rc_node *load_embedded(rc_check_ctx *ctx, const rc_node *value);

const rc_node *rc_check_load_embedded(rc_check_ctx *ctx, const rc_node *value)
{
    static const char tag = 0;
    if (!rc_node_text(value) || !value->as.scalar.len)
        return NULL;
    const embedded_load *known = rc_check_derived(ctx, &tag, value);
    if (known)
        return known->root;
    embedded_load *fresh = rc_arena_alloc(rc_check_arena(ctx), sizeof *fresh);
    if (!fresh)
        return NULL;
    fresh->root = load_embedded(ctx, value);
    known = rc_check_derived_put(ctx, &tag, value, fresh);
    return known->root;
}

static const rc_node *load_embedded(rc_check_ctx *ctx, const rc_node *value)
{
    const char *text = rc_node_text(value);
    rc_limits limits;
    rc_limits_default(&limits);
    bool block = value->as.scalar.style == RC_SCALAR_BLOCK;
    uint32_t line = value->line + (block ? 1 : 0);
    uint32_t column = block ? value->as.scalar.block_indent : value->column - 1;
    rc_node *root = NULL;
    rc_diag diag;
    if (!rc_yaml_load_at(rc_check_arena(ctx), "embedded", text, value->as.scalar.len, line,
                         column, &limits, &root, &diag))
        return NULL;
    return root;
}

bool rc_text_ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n >= k && strcasecmp(text + n - k, suffix) == 0;
}

bool rc_text_has_top_level_key(const char *text, const char *key)
{
    size_t n = strlen(key);
    for (const char *line = text; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        const char *p = line;
        bool quoted = *p == '"';
        p += quoted;
        if (strncmp(p, key, n) != 0)
            continue;
        p += n;
        if (quoted && *p++ != '"')
            continue;
        if (*p == ':')
            return true;
    }
    return false;
}

static rc_identity identity_of_object(const void *value)
{
    const rc_object *obj = value;
    return (rc_identity){obj->namespace_, obj->kind, obj->name};
}

static void *objects_by_identity_build(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    rc_identity_table *table =
        rc_identity_table_new(rc_check_arena(ctx), n, identity_of_object);
    for (size_t i = 0; table && i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        rc_identity_table_add_hashed(table, obj, obj->identity_hash);
    }
    return table;
}

const rc_identity_table *rc_check_objects_by_identity(rc_check_ctx *ctx)
{
    static const char memo_key = 0;
    return rc_check_shared(ctx, &memo_key, objects_by_identity_build);
}

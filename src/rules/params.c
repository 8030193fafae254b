#include "rules/params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "rules/builtin.h"
#include "util/checked.h"

void rc_regex_set_release(rc_regex_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        rc_regex_free(set->items[i]);
    free(set->items);
    set->items = NULL;
    set->count = set->capacity = 0;
}

bool rc_regex_set_add(rc_regex_set *set, rc_regex *regex)
{
    if (set->count == set->capacity) {
        size_t capacity = set->capacity ? set->capacity * 2 : 16;
        rc_regex **grown = realloc(set->items, capacity * sizeof *grown);
        if (!grown)
            return false;
        set->items = grown;
        set->capacity = capacity;
    }
    set->items[set->count++] = regex;
    return true;
}

const char *rc_param_type_name(rc_param_type type)
{
    switch (type) {
    case RC_PARAM_STRING:
        return "string";
    case RC_PARAM_INT:
        return "integer";
    case RC_PARAM_BOOL:
        return "boolean";
    case RC_PARAM_STRING_LIST:
        return "list of strings";
    case RC_PARAM_REGEX:
        return "regex";
    case RC_PARAM_REGEX_LIST:
        return "list of regexes";
    }
    return "?";
}

static bool choice_allowed(const char *choices, const char *text)
{
    size_t len = strlen(text);
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && memcmp(p, text, n) == 0)
            return true;
        p += n + (bar ? 1 : 0);
    }
    return false;
}

static bool type_error(rc_diag *diag, const char *file, const rc_node *node,
                       const rc_param_spec *spec)
{
    const char *type = rc_param_type_name(spec->type);
    rc_diag_set(diag, file, node->line, node->column, "parameter %s must be %s %s", spec->name,
                strchr("aeiou", type[0]) ? "an" : "a", type);
    return false;
}

/* Sets VALUE->any to its patterns as one alternation, joined and compiled on its first match
 * (rc_regex_defer_any), so that loading a pack does no more work. False only when memory
 * runs out. */
static bool join_patterns(rc_param_value *value, rc_regex_set *regexes)
{
    value->any = NULL;
    if (value->count < 2)
        return true;
    rc_regex *any = rc_regex_defer_any(value->strings, value->count);
    if (!any || !rc_regex_set_add(regexes, any)) {
        rc_regex_free(any);
        return false;
    }
    value->any = any;
    return true;
}

/* DEFER: the node's patterns were compiled when the binary was built (the built-in pack and
 * the templates' defaults), so they are compiled on their first match instead of now. */
static bool set_value(rc_param_value *value, const rc_param_spec *spec, const rc_node *node,
                      const char *file, rc_arena *arena, rc_regex_set *regexes, bool defer,
                      rc_diag *diag)
{
    value->set = true;
    switch (spec->type) {
    case RC_PARAM_STRING:
        if (!rc_node_is_string(node))
            return type_error(diag, file, node, spec);
        value->string = node->as.scalar.text;
        if (spec->choices && !choice_allowed(spec->choices, value->string)) {
            rc_diag_set(diag, file, node->line, node->column,
                        "parameter %s is \"%.80s\"; expected one of %s", spec->name,
                        value->string, spec->choices);
            return false;
        }
        return true;
    case RC_PARAM_INT:
        if (!rc_node_int(node, &value->integer))
            return type_error(diag, file, node, spec);
        return true;
    case RC_PARAM_BOOL:
        if (!rc_node_bool(node, &value->boolean))
            return type_error(diag, file, node, spec);
        return true;
    case RC_PARAM_STRING_LIST:
    case RC_PARAM_REGEX:
    case RC_PARAM_REGEX_LIST:
        break;
    }
    /* Lists: a scalar is a list of one, so `pattern: x` and `patterns: [x]` both read well. */
    const rc_node *const *items = (const rc_node *const *)&node;
    size_t count = 1;
    if (node->kind == RC_NODE_SEQ) {
        if (spec->type == RC_PARAM_REGEX)
            return type_error(diag, file, node, spec);
        items = (const rc_node *const *)node->as.seq.items;
        count = node->as.seq.count;
    } else if (rc_node_is_null(node)) {
        count = 0;
    }
    value->strings = rc_arena_calloc(arena, count ? count : 1, sizeof *value->strings);
    if (!value->strings)
        return false;
    if (spec->type != RC_PARAM_STRING_LIST) {
        value->regexes = rc_arena_calloc(arena, count ? count : 1, sizeof *value->regexes);
        if (!value->regexes)
            return false;
    }
    for (size_t i = 0; i < count; i++) {
        if (!rc_node_is_string(items[i]))
            return type_error(diag, file, items[i], spec);
        value->strings[i] = items[i]->as.scalar.text;
        if (spec->type == RC_PARAM_STRING_LIST)
            continue;
        char err[256] = "out of memory";
        rc_regex *regex = defer ? rc_regex_defer(value->strings[i], false)
                                : rc_regex_compile(value->strings[i], false, err, sizeof err);
        if (!regex || !rc_regex_set_add(regexes, regex)) {
            rc_diag_set(diag, file, items[i]->line, items[i]->column, "parameter %s: %s",
                        spec->name, regex ? "out of memory" : err);
            rc_regex_free(regex);
            return false;
        }
        value->regexes[i] = regex;
    }
    value->count = count;
    if (count)
        value->string = value->strings[0];
    if (spec->type == RC_PARAM_REGEX_LIST && !join_patterns(value, regexes))
        return false;
    return true;
}

static int compare_default(const void *key, const void *entry)
{
    return strcmp(key, ((const rc_builtin_default *)entry)->yaml);
}

/* A default's tree comes from the build (builtin.h), which also compiled its patterns; a
 * spec the build never saw (a test's own table) has its YAML parsed here instead. */
static bool apply_default(rc_param_value *value, const rc_param_spec *spec, rc_arena *arena,
                          rc_regex_set *regexes, rc_diag *diag)
{
    const char *file = "<built-in default>";
    const rc_builtin_default *built =
        bsearch(spec->default_yaml, rc_builtin_defaults, rc_builtin_default_count,
                sizeof *rc_builtin_defaults, compare_default);
    const rc_node *node = built ? built->tree : NULL;
    if (!built) {
        rc_limits limits;
        rc_limits_default(&limits);
        rc_node *parsed = NULL;
        if (!rc_yaml_load(arena, file, spec->default_yaml, strlen(spec->default_yaml), 1,
                          &limits, &parsed, diag))
            return false;
        node = parsed;
    }
    if (!node) {
        rc_diag_set(diag, file, 1, 1, "empty default for parameter %s", spec->name);
        return false;
    }
    bool ok = set_value(value, spec, node, file, arena, regexes, built != NULL || regexes->defer,
                        diag);
    value->set = false;
    return ok;
}

bool rc_params_compile(rc_params *params, const rc_param_spec *specs, const rc_node *node,
                       const char *file, rc_arena *arena, rc_regex_set *regexes,
                       rc_diag *diag)
{
    size_t count = 0;
    while (specs && specs[count].name)
        count++;
    params->specs = specs;
    params->count = count;
    params->values = rc_arena_calloc(arena, count ? count : 1, sizeof *params->values);
    if (!params->values) {
        rc_diag_set(diag, file, 0, 0, "out of memory");
        return false;
    }
    if (node && !rc_node_is_null(node) && node->kind != RC_NODE_MAP) {
        rc_diag_set(diag, file, node->line, node->column, "params must be a mapping");
        return false;
    }
    if (!rc_params_override(params, node, file, arena, regexes, diag))
        return false;
    for (size_t i = 0; i < count; i++) {
        if (params->values[i].set)
            continue;
        if (!specs[i].default_yaml) {
            rc_diag_set(diag, file, node ? node->line : 0, node ? node->column : 0,
                        "missing required parameter %s", specs[i].name);
            return false;
        }
        if (!apply_default(&params->values[i], &specs[i], arena, regexes, diag))
            return false;
    }
    return true;
}

bool rc_params_override(rc_params *params, const rc_node *node, const char *file,
                        rc_arena *arena, rc_regex_set *regexes, rc_diag *diag)
{
    if (!node || rc_node_is_null(node))
        return true;
    if (node->kind != RC_NODE_MAP) {
        rc_diag_set(diag, file, node->line, node->column, "params must be a mapping");
        return false;
    }
    for (size_t p = 0; p < node->as.map.count; p++) {
        const rc_node_pair *pair = &node->as.map.pairs[p];
        const char *name = rc_node_text(pair->key);
        size_t i = 0;
        while (i < params->count && (!name || strcmp(params->specs[i].name, name) != 0))
            i++;
        if (i == params->count) {
            rc_diag_set(diag, file, pair->key->line, pair->key->column,
                        "unknown parameter \"%.80s\" for this template", name ? name : "?");
            return false;
        }
        rc_param_value fresh = {0};
        if (!set_value(&fresh, &params->specs[i], pair->value, file, arena, regexes,
                       regexes->defer, diag))
            return false;
        params->values[i] = fresh;
    }
    return true;
}

const rc_param_value *rc_params_get(const rc_params *params, const char *name)
{
    /* Rules ask for a parameter per object, naming it with the same literal as their spec
     * table, which the linker usually merges: the address is found first, the text after. */
    for (size_t i = 0; i < params->count; i++) {
        if (params->specs[i].name == name)
            return &params->values[i];
    }
    for (size_t i = 0; i < params->count; i++) {
        if (strcmp(params->specs[i].name, name) == 0)
            return &params->values[i];
    }
    fprintf(stderr, "readyctl: internal error: undeclared parameter %s\n", name);
    abort();
}

const char *rc_params_string(const rc_params *params, const char *name)
{
    return rc_params_get(params, name)->string;
}

long long rc_params_int(const rc_params *params, const char *name)
{
    return rc_params_get(params, name)->integer;
}

bool rc_params_bool(const rc_params *params, const char *name)
{
    return rc_params_get(params, name)->boolean;
}

bool rc_param_value_matches(const rc_param_value *value, const char *text, size_t len)
{
    if (value->any) {
        int joined = rc_regex_try_match(value->any, text, len);
        if (joined >= 0)
            return joined == 1;
        /* The patterns could not be joined: ask each, as if they never had been. */
    }
    for (size_t i = 0; value->regexes && i < value->count; i++) {
        if (rc_regex_match(value->regexes[i], text, len))
            return true;
    }
    return false;
}

bool rc_params_match(const rc_params *params, const char *name, const char *text)
{
    return rc_param_value_matches(rc_params_get(params, name), text, strlen(text));
}

bool rc_params_contains(const rc_params *params, const char *name, const char *text)
{
    const rc_param_value *value = rc_params_get(params, name);
    for (size_t i = 0; i < value->count; i++) {
        if (strcmp(value->strings[i], text) == 0)
            return true;
    }
    return false;
}

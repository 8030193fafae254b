#include "rules/profile.h"

#include <stdio.h>
#include <string.h>

#include "rules/pack.h"

static bool fail(rc_diag *diag, const char *file, const rc_node *at, const char *message)
{
    rc_diag_set(diag, file, at ? at->line : 1, at ? at->column : 1, "%s", message);
    return false;
}

static bool parse_one(rc_profile *p, const rc_node *key, const rc_node *value, const char *file,
                      rc_diag *diag)
{
    memset(p, 0, sizeof *p);
    p->name = rc_node_text(key);
    p->file = file;
    p->line = key->line;
    p->column = key->column;
    if (!rc_node_is_string(key) || !p->name[0])
        return fail(diag, file, key, "a profile name must be a string");
    if (rc_node_is_null(value))
        return true;
    if (value->kind != RC_NODE_MAP)
        return fail(diag, file, value,
                    "a profile must be a mapping with extends, description, severity, params");
    for (size_t i = 0; i < value->as.map.count; i++) {
        const rc_node *k = value->as.map.pairs[i].key, *v = value->as.map.pairs[i].value;
        const char *name = rc_node_text(k);
        if (name && (strcmp(name, "extends") == 0 || strcmp(name, "description") == 0)) {
            if (!rc_node_is_string(v))
                return fail(diag, file, v, "extends and description must be strings");
            if (name[0] == 'e')
                p->extends = rc_node_text(v);
            else
                p->description = rc_node_text(v);
        } else if (name && (strcmp(name, "severity") == 0 || strcmp(name, "params") == 0)) {
            if (!rc_node_is_null(v) && v->kind != RC_NODE_MAP)
                return fail(diag, file, v, name[0] == 's'
                                               ? "severity must map rule ids to levels"
                                               : "params must map rule ids to parameter maps");
            if (name[0] == 's')
                p->severity = v;
            else
                p->params = v;
        } else {
            rc_diag_set(diag, file, k->line, k->column,
                        "unknown profile key \"%.60s\" (expected extends, description, "
                        "severity, params)",
                        name ? name : "?");
            return false;
        }
    }
    return true;
}

const rc_profile *rc_profiles_find(const rc_profile_set *set, const char *name)
{
    for (size_t i = 0; set && i < set->count; i++) {
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    }
    return NULL;
}

bool rc_profiles_parse(rc_profile_set *set, rc_arena *arena, const rc_node *node,
                       const char *file, rc_diag *diag)
{
    if (rc_node_is_null(node))
        return true;
    if (node->kind != RC_NODE_MAP)
        return fail(diag, file, node, "profiles must be a mapping of profile names");
    rc_profile *grown =
        rc_arena_calloc(arena, set->count + node->as.map.count + 1, sizeof *grown);
    if (!grown)
        return fail(diag, file, node, "out of memory");
    if (set->count)
        memcpy(grown, set->items, set->count * sizeof *grown);
    set->items = grown;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *key = node->as.map.pairs[i].key;
        if (rc_node_text(key) && rc_profiles_find(set, rc_node_text(key))) {
            rc_diag_set(diag, file, key->line, key->column, "profile \"%.60s\" is defined twice",
                        rc_node_text(key));
            return false;
        }
        if (!parse_one(&set->items[set->count], key, node->as.map.pairs[i].value, file, diag))
            return false;
        set->count++;
    }
    return true;
}

static rc_rule *find_rule(rc_pack *pack, const rc_profile *p, const rc_node *key, rc_diag *diag)
{
    const char *id = rc_node_text(key);
    rc_rule *rule = id ? (rc_rule *)rc_pack_find_rule(pack, id) : NULL;
    if (!rule)
        rc_diag_set(diag, p->file, key->line, key->column,
                    "profile %s names unknown rule \"%.80s\" (see readyctl rules)", p->name,
                    id ? id : "?");
    return rule;
}

static bool apply_one(rc_pack *pack, const rc_profile *p, rc_diag *diag)
{
    for (size_t i = 0; p->severity && i < rc_node_count(p->severity); i++) {
        const rc_node_pair *pair = &p->severity->as.map.pairs[i];
        rc_rule *rule = find_rule(pack, p, pair->key, diag);
        if (!rule)
            return false;
        const char *level = rc_node_text(pair->value);
        bool enabled;
        if ((level && strcmp(level, "off") == 0) ||
            (rc_node_bool(pair->value, &enabled) && !enabled)) {
            rule->disabled = true;
        } else if (rc_severity_parse(level, false, &rule->severity)) {
            rule->disabled = false;
        } else {
            return fail(diag, p->file, pair->value,
                        "a profile severity is error, warning, note or off");
        }
    }
    for (size_t i = 0; p->params && i < rc_node_count(p->params); i++) {
        const rc_node_pair *pair = &p->params->as.map.pairs[i];
        rc_rule *rule = find_rule(pack, p, pair->key, diag);
        if (!rule)
            return false;
        if (pair->value->kind != RC_NODE_MAP)
            return fail(diag, p->file, pair->value, "a profile's rule params must be a mapping");
        if (!rc_params_override(&rule->params, pair->value, p->file, &pack->arena,
                                &pack->regexes, diag))
            return false;
    }
    return true;
}

static void defined_names(const rc_pack *pack, const rc_profile_set *project, char *out,
                          size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    const rc_profile_set *sets[2] = {&pack->profiles, project};
    for (size_t s = 0; s < 2; s++) {
        for (size_t i = 0; sets[s] && i < sets[s]->count && used < size; i++) {
            if (s == 1 && rc_profiles_find(&pack->profiles, sets[s]->items[i].name))
                continue;
            int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                             sets[s]->items[i].name);
            if (n < 0)
                return;
            used += (size_t)n;
        }
    }
}

bool rc_profile_apply(rc_pack *pack, const rc_profile_set *project, const char *name,
                      rc_profile_lineage *lineage, rc_diag *diag)
{
    memset(lineage, 0, sizeof *lineage);
    const char *next = name;
    const rc_profile *from = NULL; /* the profile whose `extends` named NEXT */
    while (next) {
        const rc_profile *builtin = rc_profiles_find(&pack->profiles, next);
        const rc_profile *own = rc_profiles_find(project, next);
        if (!builtin && !own) {
            char names[256];
            defined_names(pack, project, names, sizeof names);
            if (from)
                rc_diag_set(diag, from->file, from->line, from->column,
                            "profile %s extends unknown profile \"%.60s\" (defined: %s)",
                            from->name, next, names);
            else
                rc_diag_set(diag, NULL, 0, 0, "unknown profile \"%.60s\" (defined: %s)", next,
                            names);
            return false;
        }
        for (size_t i = 0; i < lineage->count; i++) {
            if (strcmp(lineage->names[i], next) == 0) {
                const rc_profile *at = own ? own : builtin;
                rc_diag_set(diag, at->file, at->line, at->column,
                            "profile %s extends itself through %s", next, name);
                return false;
            }
        }
        if (lineage->count == RC_PROFILE_MAX_DEPTH) {
            const rc_profile *at = own ? own : builtin;
            return fail(diag, at->file, NULL, "profiles extend each other too deeply");
        }
        lineage->names[lineage->count++] = own ? own->name : builtin->name;
        from = own && own->extends ? own : builtin;
        next = own && own->extends ? own->extends : builtin ? builtin->extends : NULL;
    }
    for (size_t level = lineage->count; level-- > 0;) {
        const rc_profile *builtin = rc_profiles_find(&pack->profiles, lineage->names[level]);
        const rc_profile *own = rc_profiles_find(project, lineage->names[level]);
        if ((builtin && !apply_one(pack, builtin, diag)) || (own && !apply_one(pack, own, diag)))
            return false;
    }
    return true;
}

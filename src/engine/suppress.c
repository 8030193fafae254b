#include "engine/suppress.h"

#include <string.h>

static const char prefix[] = "readyctl.io/ignore";

/* Whether the comma-separated LIST names RULE (by id or name), blanks around items allowed. */
static bool list_names(const char *list, const rc_rule *rule, bool *all)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t len = (size_t)(end - p);
        while (len && p[len - 1] == ' ')
            len--;
        if ((len == 3 && memcmp(p, "all", 3) == 0))
            *all = true;
        else if ((strlen(rule->id) == len && memcmp(rule->id, p, len) == 0) ||
                 (strlen(rule->name) == len && memcmp(rule->name, p, len) == 0))
            return true;
        p = end;
    }
    return false;
}

const char *rc_suppression_for(const rc_object *obj, const rc_rule *rule, rc_arena *arena)
{
    const rc_node *annotations = obj->annotations;
    if (!annotations || annotations->kind != RC_NODE_MAP)
        return NULL;
    const char *reason = rc_node_get_text(annotations, "readyctl.io/ignore-reason");
    for (size_t i = 0; i < annotations->as.map.count; i++) {
        const char *key = rc_node_text(annotations->as.map.pairs[i].key);
        const char *value = rc_node_text(annotations->as.map.pairs[i].value);
        if (!key || strncmp(key, prefix, sizeof prefix - 1) != 0)
            continue;
        const char *rest = key + sizeof prefix - 1;
        if (rest[0] == '-' && (strcmp(rest + 1, rule->id) == 0 ||
                               strcmp(rest + 1, rule->name) == 0)) {
            return rc_arena_printf(arena, "%s (annotation %s)",
                                   value && value[0] ? value : "no reason given", key);
        }
        bool all = false;
        if (rest[0] == '\0' && value && list_names(value, rule, &all))
            return rc_arena_printf(arena, "%s (annotation %s)",
                                   reason && reason[0] ? reason : "no reason given", key);
        if (all && reason && reason[0])
            return rc_arena_printf(arena, "%s (annotation %s: all)", reason, key);
    }
    return NULL;
}

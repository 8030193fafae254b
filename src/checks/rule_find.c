/* rule_find.c - where a release keeps Prometheus-format rule groups (rule_find.h). */
#include <ctype.h>
#include <string.h>

#include "checks/rule_find.h"

bool rc_rule_groups_of(rc_check_ctx *ctx, const rc_object *obj, rc_rule_group_fn fn,
                       void *user)
{
    if (rc_object_kind_is(obj, RC_KIND_PROMETHEUS_RULE_FILE)) {
        fn(ctx, obj, rc_node_get(obj->node, "groups"), user);
        return true;
    }
    if (rc_object_kind_is(obj, "PrometheusRule") &&
        strncmp(obj->api_version, "monitoring.coreos.com/", 22) == 0) {
        const rc_node *groups = rc_node_path(obj->node, "spec.groups");
        if (groups)
            fn(ctx, obj, groups, user);
        return groups != NULL;
    }
    if (!rc_object_kind_is(obj, "ConfigMap"))
        return false;
    const rc_node *data = rc_node_get(obj->node, "data");
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !rc_text_has_top_level_key(text, "groups") ||
            !(rc_text_ends_with(key, ".yml") || rc_text_ends_with(key, ".yaml") ||
              rc_text_ends_with(key, ".rules") || strcmp(key, "rules") == 0))
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

bool rc_rule_expr_is_logql(const char *expr)
{
    char quote = 0;
    for (const char *p = expr; *p; p++) {
        if (quote) {
            if (*p == '\\' && quote != '`' && p[1])
                p++;
            else if (*p == quote)
                quote = 0;
            continue;
        }
        if (*p == '"' || *p == '\'' || *p == '`') {
            quote = *p;
            continue;
        }
        if (*p != '}')
            continue;
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q++;
        if (q[0] == '|' && (q[1] == '=' || q[1] == '~'))
            return true;
        if (q[0] == '|' && q[1] != '|') {
            const char *r = q + 1;
            while (*r == ' ' || *r == '\t')
                r++;
            if (isalpha((unsigned char)*r))
                return true;
        }
        if (q[0] == '!' && (q[1] == '=' || q[1] == '~')) {
            const char *r = q + 2;
            while (*r == ' ' || *r == '\t')
                r++;
            if (*r == '"' || *r == '`')
                return true;
        }
    }
    return false;
}

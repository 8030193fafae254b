/* logging.c - templates for logs: structured JSON logging of the workloads, the log
 * pipeline that parses it, and Loki's log retention.
 *
 * Loki configs are files or found in ConfigMaps and Secrets; log pipeline configs are files
 * (Promtail, Fluent Bit YAML; Alloy and Fluent Bit classic through input/pipeline_conf.h) or
 * found in ConfigMaps. An embedded config is parsed into the run's arena, positioned at its
 * lines in the input file, so findings point inside the ConfigMap value. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/check.h"
#include "checks/dashboard_find.h"
#include "checks/rule_find.h"
#include "checks/secret_detect.h"
#include "checks/templates.h"
#include "model/duration.h"
#include "input/limits.h"
#include "input/pipeline_conf.h"
#include "input/yaml_load.h"

/* ---- shared helpers ------------------------------------------------------------------- */

static bool contains_ci(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (; *text; text++) {
        if (strncasecmp(text, needle, n) == 0)
            return true;
    }
    return false;
}

/* True when WORD occurs in TEXT with no letter, digit or underscore on either side. */
static bool contains_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        bool before = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (before && after)
            return true;
    }
    return false;
}

static bool is_configmap(const rc_object *obj)
{
    return rc_object_kind_is(obj, "ConfigMap") && strcmp(obj->api_version, "v1") == 0;
}

/* The ConfigMap value VALUE parsed as YAML; NULL when it is not a map. */
static const rc_node *load_embedded(rc_check_ctx *ctx, const rc_node *value)
{
    const rc_node *root = rc_check_load_embedded(ctx, value);
    return root && root->kind == RC_NODE_MAP ? root : NULL;
}

/* Calls FN for each Loki config in ConfigMap OBJ: a data key that names Loki and ends in
 * .yaml/.yml, or any value with top-level limits_config or compactor keys. Returns whether
 * one was found. */
typedef void (*loki_fn)(rc_check_ctx *ctx, const rc_object *obj, const rc_node_pair *entry,
                        const rc_node *config);

static bool loki_shaped_entry(const char *key, const char *text, bool *named)
{
    *named = contains_ci(key, "loki") &&
             (rc_text_ends_with(key, ".yaml") || rc_text_ends_with(key, ".yml"));
    return *named || rc_text_has_top_level_key(text, "limits_config") ||
           rc_text_has_top_level_key(text, "compactor");
}

/* Every node of ROOT moved to AT's position: a config decoded from base64 has no place in
 * the file but its Secret key. Iterative, and idempotent on nodes aliases share. */
static void place_all_at(rc_check_ctx *ctx, rc_node *root, const rc_node *at)
{
    size_t capacity = 64, depth = 0;
    rc_node **stack = rc_arena_alloc(rc_check_arena(ctx), capacity * sizeof *stack);
    if (!stack)
        return;
    stack[depth++] = root;
    while (depth) {
        rc_node *n = stack[--depth];
        if (n->line == at->line && n->column == at->column)
            continue; /* seen (an alias) */
        n->line = at->line;
        n->column = at->column;
        size_t children = n->kind == RC_NODE_MAP   ? n->as.map.count * 2
                          : n->kind == RC_NODE_SEQ ? n->as.seq.count
                                                   : 0;
        if (depth + children > capacity) {
            size_t grown = (depth + children) * 2;
            rc_node **bigger = rc_arena_alloc(rc_check_arena(ctx), grown * sizeof *bigger);
            if (!bigger)
                return;
            memcpy(bigger, stack, depth * sizeof *stack);
            stack = bigger;
            capacity = grown;
        }
        for (size_t i = 0; n->kind == RC_NODE_MAP && i < n->as.map.count; i++) {
            stack[depth++] = n->as.map.pairs[i].key;
            stack[depth++] = n->as.map.pairs[i].value;
        }
        for (size_t i = 0; n->kind == RC_NODE_SEQ && i < n->as.seq.count; i++)
            stack[depth++] = n->as.seq.items[i];
    }
}

/* A Loki config in a Secret's base64 `data`, decoded and parsed, every node placed at the
 * data key; NULL when it is not one. */
static const rc_node *load_decoded(rc_check_ctx *ctx, const rc_node_pair *entry)
{
    const char *text = rc_node_text(entry->value);
    size_t len = text ? entry->value->as.scalar.len : 0;
    char *decoded = len ? rc_arena_alloc(rc_check_arena(ctx), len) : NULL;
    size_t n = decoded ? rc_secret_base64_decode(text, len, decoded, len) : (size_t)-1;
    if (n == (size_t)-1 || n == 0)
        return NULL;
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    if (!rc_yaml_load(rc_check_arena(ctx), "secret", decoded, n, 1, &limits, &root, &diag) ||
        !root || root->kind != RC_NODE_MAP)
        return NULL;
    place_all_at(ctx, root, entry->key);
    return root;
}

/* Calls FN for each Loki config OBJ holds: a Loki configuration file given as an input, and
 * in a ConfigMap's data or a Secret's stringData or (base64) data, a key that names Loki and
 * ends in .yaml/.yml or any value with top-level limits_config or compactor keys, unless it
 * is a Promtail configuration (`clients`, `positions`). Returns whether one was found. */
static bool each_loki_config(rc_check_ctx *ctx, const rc_object *obj, loki_fn fn)
{
    if (rc_object_kind_is(obj, RC_KIND_LOKI_CONFIG_FILE)) {
        /* Findings about the file as a whole point at its first line, named after it. */
        rc_node *key = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *key);
        if (!key)
            return true;
        key->kind = RC_NODE_SCALAR;
        key->line = obj->node->line;
        key->column = obj->node->column;
        key->as.scalar.text = obj->name;
        key->as.scalar.len = strlen(obj->name);
        rc_node_pair entry = {key, (rc_node *)obj->node};
        fn(ctx, obj, &entry, obj->node);
        return true;
    }
    bool secret = rc_object_kind_is(obj, "Secret");
    if (!is_configmap(obj) && !secret)
        return false;
    static const char *const sections[] = {"data", "stringData"};
    bool found = false;
    for (size_t s = 0; s < 2; s++) {
        if (s == 1 && !secret)
            break;
        const rc_node *data = rc_node_get(obj->node, sections[s]);
        bool encoded = secret && s == 0;
        for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
            const rc_node_pair *entry = &data->as.map.pairs[i];
            const char *key = rc_node_text(entry->key);
            const char *text = rc_node_text(entry->value);
            bool named;
            if (!key || !text || (!encoded && !loki_shaped_entry(key, text, &named)))
                continue;
            if (encoded) {
                named = contains_ci(key, "loki") || strcmp(key, "config.yaml") == 0;
                if (!named)
                    continue;
            }
            const rc_node *config = encoded ? load_decoded(ctx, entry)
                                            : load_embedded(ctx, entry->value);
            if (!config)
                continue;
            if (!rc_node_get(config, "limits_config") && !rc_node_get(config, "compactor") &&
                !rc_node_get(config, "schema_config"))
                continue;
            /* Promtail has a limits_config of its own (read-line rate limits) beside the
             * `clients` it pushes to and the `positions` file it keeps; Loki has neither. */
            if (rc_node_get(config, "clients") || rc_node_get(config, "positions"))
                continue;
            found = true;
            fn(ctx, obj, entry, config);
        }
    }
    return found;
}

/* ---- loki-retention-period ------------------------------------------------------------ */

/* The log retention the run's profile requires: the rule's `retention` parameter when set,
 * else requirements.retention.logs for the profile (or the profiles it extends). *TEXT is
 * NULL when neither is set. False when the parameter is not a duration (nothing judged). */
static bool retention_target(rc_check_ctx *ctx, const char **text, long long *ms)
{
    const char *param = rc_params_string(rc_check_params(ctx), "retention");
    if (param[0]) {
        *text = param;
        return rc_duration_parse(param, ms);
    }
    size_t count;
    const char *const *lineage = rc_check_profile_lineage(ctx, &count);
    const rc_log_retention *declared =
        rc_requirements_log_retention(rc_check_requirements(ctx), lineage, count);
    *text = declared ? declared->period.text : NULL;
    *ms = declared ? declared->period.ms : 0;
    return true;
}

/* Each `retention_stream` entry of LIMITS (a limits_config, or one tenant's overrides):
 * a period that is no duration, or shorter than the required TARGET_TEXT, is reported at the
 * period. Longer is an exception the team chose (audit streams kept a year), not a defect.
 * TENANT names the tenant in messages (NULL: the config's defaults). */
static void judge_retention_streams(rc_check_ctx *ctx, const rc_object *obj,
                                    const rc_node *limits, const char *what,
                                    const char *tenant, const char *target_text,
                                    long long target)
{
    const rc_node *streams = rc_node_get(limits, "retention_stream");
    char whose[200] = "";
    if (tenant)
        snprintf(whose, sizeof whose, " of tenant '%.120s'", tenant);
    for (size_t i = 0; streams && streams->kind == RC_NODE_SEQ && i < streams->as.seq.count;
         i++) {
        const rc_node *stream = streams->as.seq.items[i];
        const rc_node_pair *period = rc_node_get_pair(stream, "period");
        const char *text = period ? rc_node_text(period->value) : NULL;
        const char *selector = rc_node_get_text(stream, "selector");
        long long ms;
        if (!text || rc_text_is_templated(text))
            continue;
        if (!rc_duration_parse(text, &ms))
            rc_check_report(ctx, obj, period->value,
                            "Loki retention_stream period '%s' for %s%s in '%s' is not a "
                            "duration (such as 720h).",
                            text, selector ? selector : "a stream", whose, what);
        else if (target_text && ms < target)
            rc_check_report(ctx, obj, period->value,
                            "Loki keeps the streams %s%s in '%s' for %s, less than the %s "
                            "profile's %s (requirements.retention.logs).",
                            selector ? selector : "of a retention_stream entry", whose, what,
                            text, rc_check_profile(ctx), target_text);
    }
}

/* Per-tenant overrides (a Loki runtime configuration's `overrides`): a tenant's
 * retention_period shorter than the required period (with nothing declared: 0, which keeps
 * the tenant's logs forever) or no duration, and its retention_stream entries as above. */
static void judge_tenant_retention(rc_check_ctx *ctx, const rc_object *obj,
                                   const rc_node *overrides, const char *what)
{
    const char *target_text;
    long long target;
    if (!retention_target(ctx, &target_text, &target))
        return;
    for (size_t t = 0; overrides && overrides->kind == RC_NODE_MAP && t < overrides->as.map.count;
         t++) {
        const char *tenant = rc_node_text(overrides->as.map.pairs[t].key);
        const rc_node *limits = overrides->as.map.pairs[t].value;
        const rc_node_pair *pair = rc_node_get_pair(limits, "retention_period");
        const char *text = pair ? rc_node_text(pair->value) : NULL;
        long long ms;
        if (!tenant)
            continue;
        if (text && text[0] && !rc_node_is_null(pair->value) && !rc_text_is_templated(text)) {
            if (!rc_duration_parse(text, &ms))
                rc_check_report(ctx, obj, pair->value,
                                "Loki retention_period '%s' of tenant '%s' in '%s' is not a "
                                "duration (such as 720h).",
                                text, tenant, what);
            else if (!target_text && ms == 0)
                rc_check_report(ctx, obj, pair->value,
                                "Loki retention_period 0 of tenant '%s' in '%s' keeps that "
                                "tenant's logs forever.",
                                tenant, what);
            else if (target_text && ms < target)
                rc_check_report(ctx, obj, pair->value,
                                "Loki keeps the logs of tenant '%s' in '%s' for %s, less than "
                                "the %s profile's %s (requirements.retention.logs).",
                                tenant, what, text, rc_check_profile(ctx), target_text);
        }
        judge_retention_streams(ctx, obj, limits, what, tenant, target_text, target);
    }
}

/* Calls judge_tenant_retention on each set of per-tenant overrides OBJ holds: a Loki runtime
 * configuration file, or a ConfigMap value with top-level `overrides` (the grafana/loki
 * chart's runtime.yaml). Returns whether one was found. */
static bool each_loki_overrides(rc_check_ctx *ctx, const rc_object *obj)
{
    if (rc_object_kind_is(obj, RC_KIND_LOKI_RUNTIME_CONFIG_FILE)) {
        judge_tenant_retention(ctx, obj, rc_node_get(obj->node, "overrides"), obj->name);
        return true;
    }
    if (!is_configmap(obj))
        return false;
    const rc_node *data = rc_node_get(obj->node, "data");
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !rc_text_has_top_level_key(text, "overrides"))
            continue;
        const rc_node *config = load_embedded(ctx, entry->value);
        const rc_node *overrides = rc_node_get(config, "overrides");
        if (!overrides || overrides->kind != RC_NODE_MAP)
            continue;
        /* Only Loki's: a tenant with a retention limit (Mimir's runtime file has none). */
        bool loki = false;
        for (size_t t = 0; t < overrides->as.map.count; t++) {
            const rc_node *limits = overrides->as.map.pairs[t].value;
            loki |= rc_node_get(limits, "retention_period") != NULL ||
                    rc_node_get(limits, "retention_stream") != NULL;
        }
        if (!loki)
            continue;
        found = true;
        judge_tenant_retention(ctx, obj, overrides, key);
    }
    return found;
}

/* With requirements.retention.logs declared for the profile (or the rule's `retention`
 * parameter set), retention_period must equal it; with nothing declared, only a Loki that
 * keeps logs forever (no retention_period, or 0) is reported. Its retention_stream entries
 * are judged too (judge_retention_streams). */
static void judge_retention_period(rc_check_ctx *ctx, const rc_object *obj,
                                   const rc_node_pair *entry, const rc_node *config)
{
    const char *profile = rc_check_profile(ctx);
    const char *target_text;
    long long target;
    if (!retention_target(ctx, &target_text, &target))
        return;
    const char *key = rc_node_text(entry->key);
    const rc_node_pair *limits = rc_node_get_pair(config, "limits_config");
    const rc_node_pair *pair = limits ? rc_node_get_pair(limits->value, "retention_period") : NULL;
    const char *text = pair ? rc_node_text(pair->value) : NULL;
    if (limits)
        judge_retention_streams(ctx, obj, limits->value, key, NULL, target_text, target);
    if (!text || !text[0] || rc_node_is_null(pair->value)) {
        if (target_text)
            rc_check_report(ctx, obj, limits ? limits->key : entry->key,
                            "Loki config '%s' sets no limits_config.retention_period, so logs "
                            "are kept forever instead of the %s profile's %s.",
                            key, profile, target_text);
        else
            rc_check_report(ctx, obj, limits ? limits->key : entry->key,
                            "Loki config '%s' sets no limits_config.retention_period, so logs "
                            "are kept forever.",
                            key);
        return;
    }
    if (rc_text_is_templated(text))
        return;
    long long ms;
    if (!rc_duration_parse(text, &ms))
        rc_check_report(ctx, obj, pair->value,
                        "Loki retention_period '%s' in '%s' is not a duration (such as 720h).",
                        text, key);
    else if (!target_text && ms == 0)
        rc_check_report(ctx, obj, pair->value,
                        "Loki retention_period 0 in '%s' keeps logs forever.", key);
    else if (target_text && ms != target)
        rc_check_report(ctx, obj, pair->value,
                        "Loki retention_period %s in '%s' differs from the %s profile's %s "
                        "(requirements.retention.logs).",
                        text, key, profile, target_text);
}

static bool check_loki_retention_period(rc_check_ctx *ctx, const rc_object *obj)
{
    bool overrides = each_loki_overrides(ctx, obj);
    return each_loki_config(ctx, obj, judge_retention_period) || overrides;
}

static const rc_param_spec loki_retention_period_params[] = {
    {"retention", RC_PARAM_STRING, "''", NULL,
     "overrides requirements.retention.logs: the log retention required (set it per "
     "profile under profiles: NAME: params:); empty: the declared value for the profile"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_loki_retention_period = {
    .name = "loki-retention-period",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a Loki config (a file, or in a ConfigMap or Secret) keeps logs for a bounded "
               "time: the profile's requirements.retention.logs when declared, with no stream "
               "or tenant override below it",
    .params = loki_retention_period_params,
    .check_object = check_loki_retention_period,
};

/* ---- loki-retention-deletion ---------------------------------------------------------- */

static void judge_retention_deletion(rc_check_ctx *ctx, const rc_object *obj,
                                     const rc_node_pair *entry, const rc_node *config)
{
    const char *key = rc_node_text(entry->key);
    const rc_node_pair *compactor = rc_node_get_pair(config, "compactor");
    if (!compactor || compactor->value->kind != RC_NODE_MAP) {
        rc_check_report(ctx, obj, compactor ? compactor->key : entry->key,
                        "Loki config '%s' has no compactor section with retention_enabled: "
                        "true and a delete_request_store, so retention_period never deletes "
                        "anything.",
                        key);
        return;
    }
    const rc_node_pair *enabled =
        compactor ? rc_node_get_pair(compactor->value, "retention_enabled") : NULL;
    bool on = false;
    if (!enabled || !rc_node_bool(enabled->value, &on) || !on) {
        if (!enabled || !rc_text_is_templated(rc_node_text(enabled->value)))
            rc_check_report(ctx, obj,
                            enabled ? enabled->value : compactor ? compactor->key : entry->key,
                            "Loki config '%s' does not set compactor.retention_enabled: true, "
                            "so retention_period never deletes anything.",
                            key);
    }
    /* Only once retention is on is the store what still stops deletion (Loki 3); before
     * that, one finding says what to turn on (and Loki 2 defaults the store). */
    if (!on)
        return;
    const rc_node_pair *store = rc_node_get_pair(compactor->value, "delete_request_store");
    const char *text = store ? rc_node_text(store->value) : NULL;
    if (!text || !text[0] || rc_node_is_null(store->value))
        rc_check_report(ctx, obj, compactor ? compactor->key : entry->key,
                        "Loki config '%s' sets no compactor.delete_request_store, which Loki 3 "
                        "requires before retention deletes anything.",
                        key);
}

static bool check_loki_retention_deletion(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_loki_config(ctx, obj, judge_retention_deletion);
}

const rc_template rc_template_loki_retention_deletion = {
    .name = "loki-retention-deletion",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a Loki config enables compactor retention and sets delete_request_store",
    .params = rc_no_params,
    .check_object = check_loki_retention_deletion,
};

/* ---- log-format-env ------------------------------------------------------------------- */

/* The ConfigMap NAME of OBJ's namespace (the first in input order), or NULL. Asked for each
 * container's configMapKeyRef and envFrom: a pass over the release for each was quadratic
 * in a release of many workloads, so the run's objects by identity are asked first; only
 * when the first object of that identity is no v1 ConfigMap (another API group's kind of
 * that name) is the release gone over. */
static const rc_object *find_configmap(rc_check_ctx *ctx, const rc_object *obj, const char *name)
{
    const rc_identity_table *objects = rc_check_objects_by_identity(ctx);
    if (objects) {
        const rc_object *first =
            rc_identity_table_find(objects, (rc_identity){obj->namespace_, "ConfigMap", name});
        if (!first || is_configmap(first))
            return first;
    }
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *cm = rc_check_object_at(ctx, i);
        if (is_configmap(cm) && strcmp(cm->name, name) == 0 && rc_object_same_namespace(cm, obj))
            return cm;
    }
    return NULL;
}

typedef struct env_hit {
    const rc_node *at;     /* where to report */
    const char *value;     /* NULL: could not be resolved (accepted) */
    const char *name;
} env_hit;

/* Finds the log-format variable of CONTAINER: env first (the last matching entry wins, as
 * in Kubernetes), then envFrom ConfigMaps of the release. */
static bool find_log_env(rc_check_ctx *ctx, const rc_object *obj, const rc_node *container,
                         env_hit *hit)
{
    const rc_params *params = rc_check_params(ctx);
    bool found = false;
    const rc_node *env = rc_node_get(container, "env");
    if (env && env->kind == RC_NODE_SEQ) {
        for (size_t i = 0; i < env->as.seq.count; i++) {
            const rc_node *var = env->as.seq.items[i];
            const char *name = rc_node_get_text(var, "name");
            if (!name || !rc_params_match(params, "env-names", name))
                continue;
            found = true;
            hit->name = name;
            const rc_node_pair *value = rc_node_get_pair(var, "value");
            const rc_node *ref = rc_node_path(var, "valueFrom.configMapKeyRef");
            hit->at = value ? value->value : var;
            hit->value = NULL;
            if (value) {
                hit->value = rc_node_text(value->value);
                if (!hit->value || rc_node_is_null(value->value))
                    hit->value = "";
            } else if (ref) {
                const char *cm_name = rc_node_get_text(ref, "name");
                const char *cm_key = rc_node_get_text(ref, "key");
                const rc_object *cm = cm_name ? find_configmap(ctx, obj, cm_name) : NULL;
                if (cm && cm_key) {
                    const rc_node *v = rc_node_get(rc_node_get(cm->node, "data"), cm_key);
                    if (rc_node_text(v))
                        hit->value = rc_node_text(v);
                }
                hit->at = rc_node_get_pair(rc_node_get(var, "valueFrom"), "configMapKeyRef")->key;
            } else if (!rc_node_get(var, "valueFrom")) {
                hit->value = "";
            }
        }
    }
    if (found)
        return true;
    const rc_node *env_from = rc_node_get(container, "envFrom");
    if (!env_from || env_from->kind != RC_NODE_SEQ)
        return false;
    for (size_t i = 0; i < env_from->as.seq.count; i++) {
        const rc_node *src = env_from->as.seq.items[i];
        const char *cm_name = rc_node_path(src, "configMapRef") ?
                                  rc_node_get_text(rc_node_get(src, "configMapRef"), "name") : NULL;
        const char *prefix = rc_node_get_text(src, "prefix");
        if (!cm_name)
            continue;
        const rc_object *cm = find_configmap(ctx, obj, cm_name);
        const rc_node *data = cm ? rc_node_get(cm->node, "data") : NULL;
        if (!data || data->kind != RC_NODE_MAP)
            continue;
        for (size_t k = 0; k < data->as.map.count; k++) {
            const char *key = rc_node_text(data->as.map.pairs[k].key);
            if (!key)
                continue;
            char full[256];
            snprintf(full, sizeof full, "%s%s", prefix ? prefix : "", key);
            if (!rc_params_match(params, "env-names", full))
                continue;
            hit->name = rc_arena_strdup(rc_check_arena(ctx), full);
            hit->value = rc_node_text(data->as.map.pairs[k].value);
            hit->at = src;
            found = true;
        }
    }
    return found;
}

/* Finds a log-format flag among CONTAINER's command and args: "--log-format=text" or
 * "--log-format text" (names of `arg-flags`). */
static bool find_log_arg(rc_check_ctx *ctx, const rc_node *container, env_hit *hit)
{
    const rc_params *params = rc_check_params(ctx);
    static const char *const lists[] = {"command", "args"};
    bool found = false;
    for (size_t l = 0; l < 2; l++) {
        const rc_node *items = rc_node_get(container, lists[l]);
        for (size_t i = 0; items && items->kind == RC_NODE_SEQ && i < items->as.seq.count; i++) {
            const char *arg = rc_node_text(items->as.seq.items[i]);
            if (!arg || arg[0] != '-')
                continue;
            size_t flag_len = strcspn(arg, "= ");
            char flag[96];
            if (flag_len >= sizeof flag)
                continue;
            memcpy(flag, arg, flag_len);
            flag[flag_len] = '\0';
            if (!rc_params_match(params, "arg-flags", flag))
                continue;
            const char *value = NULL;
            if (arg[flag_len])
                value = arg + flag_len + 1;
            else if (i + 1 < items->as.seq.count)
                value = rc_node_text(items->as.seq.items[i + 1]);
            if (!value)
                continue;
            found = true;
            hit->name = rc_arena_strdup(rc_check_arena(ctx), flag);
            hit->value = value;
            hit->at = items->as.seq.items[i];
        }
    }
    return found;
}

/* Judges each app container of a long-running workload. With requirements.logging.format
 * declared, the containers of the declared services (requirements.services; all when not
 * declared) must set their log-format variable (or flag) to that format. With nothing
 * declared, only an explicit opt-out is reported: a log-format variable or flag set to an
 * unstructured format (`unstructured-values`). */
static void check_log_format_env(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_requirements *req = rc_check_requirements(ctx);
    const char *format = req ? req->log_format : NULL;
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (!obj->pod_spec || !rc_object_is_long_running(obj))
            continue;
        bool declared = format && (!req->has_services ||
                                   rc_service_list_match(&req->services, obj) != NULL);
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_container_iter it;
        rc_container c;
        rc_container_iter_init(&it, obj);
        while (rc_container_next(&it, &c)) {
            if (c.type != RC_CONTAINER_APP)
                continue;
            env_hit hit = {NULL, NULL, NULL};
            bool found = find_log_env(ctx, obj, c.node, &hit) || find_log_arg(ctx, c.node, &hit);
            if (found || declared)
                rc_check_examined(ctx, obj);
            if (!found) {
                if (!declared)
                    continue;
                const rc_node_pair *pair = rc_node_get_pair(c.node, "name");
                rc_check_report(ctx, obj, pair ? pair->value : c.node,
                                "Container '%s' of %s sets no log-format variable (%s) to %s, "
                                "as requirements.logging.format declares for its service.",
                                c.name, where, rc_params_string(params, "example"), format);
                continue;
            }
            if (!hit.value || rc_text_is_templated(hit.value))
                continue;
            if (declared && strcasecmp(hit.value, format) != 0)
                rc_check_report(ctx, obj, hit.at,
                                "Container '%s' of %s sets %s to '%s' instead of %s "
                                "(requirements.logging.format).",
                                c.name, where, hit.name, hit.value, format);
            else if (!declared && rc_params_match(params, "unstructured-values", hit.value))
                rc_check_report(ctx, obj, hit.at,
                                "Container '%s' of %s sets %s to '%s', so its logs are "
                                "unstructured text.",
                                c.name, where, hit.name, hit.value);
        }
    }
}

static const rc_param_spec log_format_env_params[] = {
    {"env-names", RC_PARAM_REGEX_LIST,
     "['^([A-Z0-9_]*_)?LOG_?(FORMAT|ENCODING)$', '^LOGGING_FORMAT$']", NULL,
     "names of the environment variable that selects the log format (ARGOCD_SERVER_LOGFORMAT "
     "and LOG_ENCODING match)"},
    {"arg-flags", RC_PARAM_REGEX_LIST,
     "['^--?(log[-_.]?(format|encoding)|logging[-_.]format)$']", NULL,
     "command-line flags that select the log format (--log-format, --log.format, "
     "--logging-format)"},
    {"unstructured-values", RC_PARAM_REGEX_LIST,
     "['(?i)^(text|plain|plaintext|console|pretty|human|colou?r|default)$']", NULL,
     "values that turn structured logs off, reported even when nothing is declared"},
    {"example", RC_PARAM_STRING, "LOG_FORMAT", NULL, "the variable name messages suggest"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_log_format_env = {
    .name = "log-format-env",
    .scope = RC_SCOPE_RELEASE,
    .summary = "no app container turns structured logs off; with requirements.logging.format "
               "declared, the declared services' containers log that format",
    .params = log_format_env_params,
    .check_release = check_log_format_env,
};

/* ---- log-pipeline-json ---------------------------------------------------------------- */

/* True when this rule's `when` parameter lets it judge the run: `undeclared` (the note)
 * when requirements.logging.format is not json, `declared` (the warning) when it is. */
static bool pipeline_rule_applies(rc_check_ctx *ctx)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    bool json = req && req->log_format && strcmp(req->log_format, "json") == 0;
    bool for_declared = strcmp(rc_params_string(rc_check_params(ctx), "when"), "declared") == 0;
    return json == for_declared;
}

/* The missing declared fields of a pipeline, each reported at AT. NAMED says whether a field
 * is named by the pipeline. */
static void judge_declared_fields(rc_check_ctx *ctx, const rc_object *obj, const rc_node *at,
                                  const char *what, bool (*named)(const void *, const char *),
                                  const void *pipeline)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    for (size_t f = 0; req && f < req->log_field_count; f++) {
        if (!named(pipeline, req->log_fields[f]))
            rc_check_report(ctx, obj, at,
                            "Log pipeline config '%s' parses JSON but never names the declared "
                            "field '%s' (requirements.logging.fields), so it is not extracted.",
                            what, req->log_fields[f]);
    }
}

static bool text_names(const void *text, const char *field)
{
    return contains_word(text, field);
}

/* A Promtail file's JSON stages: `- json: {expressions: {...}}` in any job's pipeline_stages
 * (a `match` stage's nested stages included). */
static bool stage_list_has_json(const rc_node *stages, const char *field, unsigned depth)
{
    for (size_t i = 0; depth < 8 && stages && stages->kind == RC_NODE_SEQ &&
                       i < stages->as.seq.count;
         i++) {
        const rc_node *stage = stages->as.seq.items[i];
        const rc_node *json = rc_node_get(stage, "json");
        if (json) {
            if (!field)
                return true;
            const rc_node *exprs = rc_node_get(json, "expressions");
            for (size_t k = 0; exprs && exprs->kind == RC_NODE_MAP && k < exprs->as.map.count;
                 k++) {
                const char *key = rc_node_text(exprs->as.map.pairs[k].key);
                const char *value = rc_node_text(exprs->as.map.pairs[k].value);
                if ((key && strcmp(key, field) == 0) || (value && contains_word(value, field)))
                    return true;
            }
        }
        if (stage_list_has_json(rc_node_path(stage, "match.stages"), field, depth + 1))
            return true;
    }
    return false;
}

static bool promtail_has_json(const rc_node *root, const char *field)
{
    const rc_node *jobs = rc_node_get(root, "scrape_configs");
    for (size_t j = 0; jobs && jobs->kind == RC_NODE_SEQ && j < jobs->as.seq.count; j++) {
        if (stage_list_has_json(rc_node_get(jobs->as.seq.items[j], "pipeline_stages"), field, 0))
            return true;
    }
    return false;
}

static bool promtail_names(const void *root, const char *field)
{
    return promtail_has_json(root, field);
}

/* Reports a pipeline that parses no JSON at AT; WHAT names the config, HOW says what to add. */
static void report_no_json(rc_check_ctx *ctx, const rc_object *obj, const rc_node *at,
                           const char *what, const char *how)
{
    rc_check_report(ctx, obj, at,
                    "Log pipeline config '%s' has no JSON parsing stage%s, so structured log "
                    "fields are not extracted.",
                    what, how);
}

/* Promtail: `- json:` stages in scrape_configs[].pipeline_stages (in match stages too).
 * False when ROOT has no scrape_configs (no pipeline). */
static bool judge_promtail(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                           const char *what)
{
    const rc_node_pair *pair = rc_node_get_pair(root, "scrape_configs");
    if (!pair)
        return false;
    if (!promtail_has_json(root, NULL))
        report_no_json(ctx, obj, pair->key, what, "");
    else
        judge_declared_fields(ctx, obj, pair->key, what, promtail_names, root);
    return true;
}

/* ---- Alloy ---- */

typedef struct alloy_scan {
    const rc_node *process;     /* key of the first loki.process block */
    const rc_node *source;      /* key of the first loki.source.* block */
    const rc_node *json_key;    /* key of the first stage.json block */
    const rc_node *json[64];    /* bodies of stage.json blocks */
    size_t json_count;
    bool json_computed;         /* a stage.json whose expressions is no object literal */
} alloy_scan;

/* Walks an Alloy tree (pipeline_conf.h: blocks are map-valued pairs) for the Loki blocks,
 * with an explicit stack; stage.json blocks count wherever they sit (a stage.match's, a
 * declared module's). */
static void alloy_scan_tree(rc_check_ctx *ctx, const rc_node *root, alloy_scan *scan)
{
    size_t capacity = 256, depth = 0;
    const rc_node **stack = rc_arena_alloc(rc_check_arena(ctx), capacity * sizeof *stack);
    if (!stack)
        return;
    stack[depth++] = root;
    while (depth) {
        const rc_node *body = stack[--depth];
        for (size_t i = 0; i < body->as.map.count; i++) {
            const rc_node_pair *p = &body->as.map.pairs[i];
            const char *name = rc_node_text(p->key);
            if (!name || p->value->kind != RC_NODE_MAP)
                continue; /* an attribute */
            if (strcmp(name, "loki.process") == 0 && !scan->process)
                scan->process = p->key;
            else if (strncmp(name, "loki.source.", 12) == 0 &&
                     strcmp(name, "loki.source.kubernetes_events") != 0 && !scan->source)
                scan->source = p->key; /* cluster events are no application's log lines */
            else if (strcmp(name, "stage.json") == 0) {
                if (!scan->json_key)
                    scan->json_key = p->key;
                const rc_node *exprs = rc_node_get(p->value, "expressions");
                if (exprs && exprs->kind != RC_NODE_MAP)
                    scan->json_computed = true;
                if (scan->json_count < sizeof scan->json / sizeof scan->json[0])
                    scan->json[scan->json_count++] = p->value;
            }
            if (depth == capacity) {
                const rc_node **bigger =
                    rc_arena_alloc(rc_check_arena(ctx), capacity * 2 * sizeof *bigger);
                if (!bigger)
                    return;
                memcpy(bigger, stack, depth * sizeof *stack);
                stack = bigger;
                capacity *= 2;
            }
            stack[depth++] = p->value;
        }
    }
}

static bool alloy_names(const void *scan_ptr, const char *field)
{
    const alloy_scan *scan = scan_ptr;
    if (scan->json_computed)
        return true; /* computed expressions: cannot tell, accepted */
    for (size_t j = 0; j < scan->json_count; j++) {
        const rc_node *exprs = rc_node_get(scan->json[j], "expressions");
        for (size_t k = 0; exprs && k < exprs->as.map.count; k++) {
            const char *key = rc_node_text(exprs->as.map.pairs[k].key);
            const char *value = rc_node_text(exprs->as.map.pairs[k].value);
            if ((key && strcmp(key, field) == 0) || (value && contains_word(value, field)))
                return true;
        }
    }
    return false;
}

/* False when ROOT reads no logs: no loki.process and no loki.source.* block but
 * kubernetes_events (an Alloy config for metrics, traces or cluster events only). */
static bool judge_alloy(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                        const char *what)
{
    alloy_scan scan;
    memset(&scan, 0, sizeof scan);
    alloy_scan_tree(ctx, root, &scan);
    const rc_node *at = scan.process ? scan.process : scan.source;
    if (!at)
        return false;
    if (!scan.json_key)
        report_no_json(ctx, obj, at, what, ": no stage.json block in any loki.process");
    else
        judge_declared_fields(ctx, obj, scan.json_key, what, alloy_names, &scan);
    return true;
}

/* ---- Fluent Bit ---- */

/* One [SECTION] of a classic config, or one item of a YAML config's lists. */
typedef struct fb_section {
    char type;                /* 'I'nput, 'F'ilter, 'O'utput, 'P'arser, else 0 */
    const rc_node *entries;   /* a map of keys (compared case-insensitively) */
    const rc_node *at;        /* where to report */
} fb_section;

/* The value of KEY in a section, compared as Fluent Bit does (any case); the last wins. */
static const char *fb_get(const rc_node *entries, const char *key)
{
    for (size_t i = entries && entries->kind == RC_NODE_MAP ? entries->as.map.count : 0;
         i-- > 0;) {
        const char *k = rc_node_text(entries->as.map.pairs[i].key);
        if (k && strcasecmp(k, key) == 0)
            return rc_node_text(entries->as.map.pairs[i].value);
    }
    return NULL;
}

static size_t fb_sections(rc_check_ctx *ctx, const rc_node *root, bool yaml, fb_section **out)
{
    size_t cap = 0;
    if (!yaml)
        cap = root->as.map.count;
    static const char *const lists[] = {"pipeline.inputs", "pipeline.filters",
                                        "pipeline.outputs", "parsers"};
    for (size_t l = 0; yaml && l < 4; l++)
        cap += rc_node_count(rc_node_path(root, lists[l]));
    fb_section *sections = cap ? rc_arena_calloc(rc_check_arena(ctx), cap, sizeof *sections)
                               : NULL;
    size_t n = 0;
    if (!sections)
        return 0;
    if (!yaml) {
        for (size_t i = 0; i < root->as.map.count; i++) {
            const char *name = rc_node_text(root->as.map.pairs[i].key);
            const rc_node *value = root->as.map.pairs[i].value;
            if (!name || value->kind != RC_NODE_MAP)
                continue; /* @INCLUDE, @SET */
            char type = strcasecmp(name, "INPUT") == 0    ? 'I'
                        : strcasecmp(name, "FILTER") == 0 ? 'F'
                        : strcasecmp(name, "OUTPUT") == 0 ? 'O'
                        : strcasecmp(name, "PARSER") == 0 ? 'P'
                                                          : 0;
            sections[n++] = (fb_section){type, value, root->as.map.pairs[i].key};
        }
    }
    for (size_t l = 0; yaml && l < 4; l++) {
        const rc_node *items = rc_node_path(root, lists[l]);
        for (size_t i = 0; items && items->kind == RC_NODE_SEQ && i < items->as.seq.count; i++)
            sections[n++] = (fb_section){"IFOP"[l], items->as.seq.items[i], items->as.seq.items[i]};
    }
    *out = sections;
    return n;
}

static bool fb_truthy(const char *value)
{
    return value && (strcasecmp(value, "on") == 0 || strcasecmp(value, "true") == 0 ||
                     strcasecmp(value, "yes") == 0 || strcmp(value, "1") == 0);
}

/* Whether parser NAME decodes JSON: as defined in the file (Format json, or a
 * Decode_Field(_As) json); else by Fluent Bit's stock parsers.conf (json and docker are its
 * JSON parsers); a name defined neither here nor there lives in a parsers file readyctl was
 * not given and is accepted. INNER_ONLY: only a parser that reaches the application's JSON
 * counts (the input's `docker` parser decodes the runtime's wrapper, not the log line). */
static bool fb_parser_is_json(const fb_section *sections, size_t count, const char *name,
                              bool inner_only)
{
    for (size_t i = 0; i < count; i++) {
        const char *defined = sections[i].type == 'P' ? fb_get(sections[i].entries, "name") : NULL;
        if (!defined || strcmp(defined, name) != 0)
            continue;
        const char *format = fb_get(sections[i].entries, "format");
        const char *decode = fb_get(sections[i].entries, "decode_field_as");
        if (!decode)
            decode = fb_get(sections[i].entries, "decode_field");
        bool decodes = decode && strncasecmp(decode, "json", 4) == 0;
        return decodes || (!inner_only && format && strcasecmp(format, "json") == 0) ||
               (inner_only && format && strcasecmp(format, "json") == 0 &&
                strcmp(name, "docker") != 0);
    }
    static const char *const stock_other[] = {
        "logfmt", "apache", "apache2", "apache_error", "cri", "docker-daemon", "envoy",
        "istio-envoy-proxy", "k8s-nginx-ingress", "kmsg-netfilter-log", "kube-custom",
        "mongodb", "nginx", "syslog-rfc3164", "syslog-rfc3164-local", "syslog-rfc5424",
    };
    if (strcmp(name, "docker") == 0)
        return !inner_only;
    for (size_t i = 0; i < sizeof stock_other / sizeof stock_other[0]; i++) {
        if (strcmp(name, stock_other[i]) == 0)
            return false;
    }
    return true;
}

/* Inputs that read log lines, as opposed to metrics (cpu, mem, node_exporter_metrics), test
 * records (dummy) and records that arrive structured (forward, http, opentelemetry). */
static bool fb_reads_logs(const char *input)
{
    static const char *const names[] = {"tail", "systemd", "syslog", "tcp", "udp", "kafka"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(input, names[i]) == 0)
            return true;
    }
    return false;
}

/* False when the config reads no logs (a parsers file, a metrics pipeline). JSON is parsed by a parser filter
 * applying a JSON parser, the kubernetes filter's Merge_Log, or an input's JSON parser;
 * a JSON parser lifts every key, so declared fields are not judged here. */
static bool judge_fluentbit(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                            bool yaml, const char *what)
{
    fb_section *sections = NULL;
    size_t count = fb_sections(ctx, root, yaml, &sections);
    const rc_node *input = NULL, *kubernetes = NULL;
    bool json = false;
    for (size_t i = 0; i < count; i++) {
        const fb_section *sec = &sections[i];
        const char *name = fb_get(sec->entries, "name");
        if (sec->type == 'I') {
            if (!input && name && fb_reads_logs(name))
                input = sec->at;
            const char *parser = fb_get(sec->entries, "parser");
            const char *format = fb_get(sec->entries, "format");
            json |= parser && fb_parser_is_json(sections, count, parser, true);
            /* kafka, tcp and udp decode JSON payloads themselves (tcp and udp by default). */
            json |= format ? strcasecmp(format, "json") == 0
                           : name && (strcasecmp(name, "tcp") == 0 || strcasecmp(name, "udp") == 0);
        } else if (sec->type == 'F' && name && strcasecmp(name, "kubernetes") == 0) {
            if (!kubernetes)
                kubernetes = sec->at;
            json |= fb_truthy(fb_get(sec->entries, "merge_log"));
        } else if (sec->type == 'F' && name && strcasecmp(name, "parser") == 0) {
            /* `Parser` may repeat: any JSON one counts. */
            for (size_t k = 0; sec->entries->kind == RC_NODE_MAP && k < sec->entries->as.map.count;
                 k++) {
                const char *key = rc_node_text(sec->entries->as.map.pairs[k].key);
                const char *value = rc_node_text(sec->entries->as.map.pairs[k].value);
                json |= key && value && strcasecmp(key, "parser") == 0 &&
                        fb_parser_is_json(sections, count, value, false);
            }
        }
    }
    if (!input)
        return false;
    if (!json && kubernetes)
        report_no_json(ctx, obj, kubernetes, what,
                       ": its kubernetes filter sets no Merge_Log On and no parser filter "
                       "applies a JSON parser");
    else if (!json)
        report_no_json(ctx, obj, input, what,
                       ": no parser filter applies a JSON parser and no kubernetes filter "
                       "sets Merge_Log On");
    return true;
}

/* A ConfigMap value that is an Alloy or Fluent Bit config, parsed once per run at its
 * position in the file; NULL when it is neither or does not parse. */
typedef struct embedded_conf {
    const rc_node *root;
    rc_conf_syntax syntax;
} embedded_conf;

static const embedded_conf *load_embedded_conf(rc_check_ctx *ctx, const rc_node *value)
{
    static const char tag = 0;
    const embedded_conf *known = rc_check_derived(ctx, &tag, value);
    if (known)
        return known;
    embedded_conf *fresh = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *fresh);
    if (!fresh)
        return NULL;
    const char *text = rc_node_text(value);
    size_t len = text ? value->as.scalar.len : 0;
    fresh->syntax = len ? rc_conf_sniff(text, len) : RC_CONF_NONE;
    if (fresh->syntax != RC_CONF_NONE) {
        bool block = value->as.scalar.style == RC_SCALAR_BLOCK;
        rc_limits limits;
        rc_limits_default(&limits);
        rc_node *root = NULL;
        rc_diag diag;
        if (rc_conf_load(rc_check_arena(ctx), fresh->syntax, "embedded", text, len,
                         value->line + (block ? 1 : 0),
                         block ? value->as.scalar.block_indent : value->column - 1, &limits,
                         &root, &diag))
            fresh->root = root;
    }
    return rc_check_derived_put(ctx, &tag, value, fresh);
}

enum { FB_MAX_INCLUDES = 32 };

/* A Fluent Bit classic ROOT with the sections of the files it @INCLUDEs appended, when those
 * are other keys of the same ConfigMap DATA (the layout of fluent-bit.conf including
 * input-kubernetes.conf, filter-kubernetes.conf...; a pattern such as `input-*.conf` matches
 * keys as Fluent Bit matches files). One level, at most FB_MAX_INCLUDES keys; the included
 * sections keep their own positions. ROOT itself when it includes nothing found here. */
static const rc_node *with_included_keys(rc_check_ctx *ctx, const rc_node *root,
                                         const rc_node *data)
{
    const rc_node *parts[FB_MAX_INCLUDES];
    size_t count = 0, pairs = root->as.map.count;
    for (size_t i = 0; i < root->as.map.count; i++) {
        const char *directive = rc_node_text(root->as.map.pairs[i].key);
        const char *pattern = rc_node_text(root->as.map.pairs[i].value);
        if (!directive || !pattern || strcasecmp(directive, "@INCLUDE") != 0)
            continue;
        const char *base = strrchr(pattern, '/');
        base = base ? base + 1 : pattern;
        for (size_t k = 0; k < data->as.map.count && count < FB_MAX_INCLUDES; k++) {
            const char *key = rc_node_text(data->as.map.pairs[k].key);
            if (!key || fnmatch(base, key, 0) != 0)
                continue;
            const embedded_conf *part = load_embedded_conf(ctx, data->as.map.pairs[k].value);
            if (part && part->root && part->syntax == RC_CONF_FLUENTBIT && part->root != root) {
                parts[count++] = part->root;
                pairs += part->root->as.map.count;
            }
        }
    }
    if (!count)
        return root;
    rc_node *merged = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *merged);
    rc_node_pair *all = merged ? rc_arena_calloc(rc_check_arena(ctx), pairs, sizeof *all) : NULL;
    if (!all)
        return root;
    *merged = *root;
    memcpy(all, root->as.map.pairs, root->as.map.count * sizeof *all);
    size_t n = root->as.map.count;
    for (size_t p = 0; p < count; p++) {
        memcpy(all + n, parts[p]->as.map.pairs, parts[p]->as.map.count * sizeof *all);
        n += parts[p]->as.map.count;
    }
    merged->as.map.pairs = all;
    merged->as.map.count = n;
    return merged;
}

/* Judges the pipeline config ROOT of SYNTAX (RC_CONF_NONE: YAML, Promtail or Fluent Bit's
 * YAML format); false when it is no log pipeline readyctl reads. */
static bool judge_pipeline(rc_check_ctx *ctx, const rc_object *obj, const rc_node *root,
                           rc_conf_syntax syntax, const char *what)
{
    if (!root || root->kind != RC_NODE_MAP)
        return false;
    if (syntax == RC_CONF_ALLOY)
        return judge_alloy(ctx, obj, root, what);
    if (syntax == RC_CONF_FLUENTBIT)
        return judge_fluentbit(ctx, obj, root, false, what);
    if (rc_node_get(root, "pipeline"))
        return judge_fluentbit(ctx, obj, root, true, what);
    return judge_promtail(ctx, obj, root, what);
}

static bool check_log_pipeline_json(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!pipeline_rule_applies(ctx))
        return false;
    if (rc_object_kind_is(obj, RC_KIND_PROMTAIL_CONFIG_FILE))
        return judge_pipeline(ctx, obj, obj->node, RC_CONF_NONE, obj->name);
    if (rc_object_kind_is(obj, RC_KIND_FLUENTBIT_CONFIG_FILE)) {
        /* Fluent Bit's YAML format has `pipeline:`; the classic one only [SECTION]s. */
        bool yaml = rc_node_get(obj->node, "pipeline") != NULL;
        return judge_pipeline(ctx, obj, obj->node, yaml ? RC_CONF_NONE : RC_CONF_FLUENTBIT,
                              obj->name);
    }
    if (rc_object_kind_is(obj, RC_KIND_ALLOY_CONFIG_FILE))
        return judge_pipeline(ctx, obj, obj->node, RC_CONF_ALLOY, obj->name);
    if (!is_configmap(obj))
        return false;
    const rc_params *params = rc_check_params(ctx);
    const rc_node *data = rc_node_get(obj->node, "data");
    if (!data || data->kind != RC_NODE_MAP)
        return false;
    bool examined = false;
    for (size_t i = 0; i < data->as.map.count; i++) {
        const rc_node_pair *entry = &data->as.map.pairs[i];
        const char *key = rc_node_text(entry->key);
        const char *text = rc_node_text(entry->value);
        if (!key || !text || !rc_params_match(params, "config-keys", key))
            continue;
        /* Read as the config it is, positioned inside the value; text that does not parse
         * (a Helm template left unrendered, a fragment) is judged by its patterns. */
        const embedded_conf *conf = load_embedded_conf(ctx, entry->value);
        if (conf && conf->root) {
            const rc_node *root = conf->syntax == RC_CONF_FLUENTBIT
                                      ? with_included_keys(ctx, conf->root, data)
                                      : conf->root;
            examined |= judge_pipeline(ctx, obj, root, conf->syntax, key);
            continue;
        }
        const rc_node *yaml = conf && conf->syntax == RC_CONF_NONE ? load_embedded(ctx, entry->value)
                                                                 : NULL;
        if (yaml && (rc_node_get(yaml, "scrape_configs") || rc_node_get(yaml, "pipeline"))) {
            examined |= judge_pipeline(ctx, obj, yaml, RC_CONF_NONE, key);
            continue;
        }
        examined = true;
        if (!rc_params_match(params, "json-stage", text)) {
            report_no_json(ctx, obj, entry->key, key, "");
            continue;
        }
        /* Declared fields must be named in the config (a JSON stage's expressions). */
        judge_declared_fields(ctx, obj, entry->key, key, text_names, text);
    }
    return examined;
}

static const rc_param_spec log_pipeline_json_params[] = {
    {"config-keys", RC_PARAM_REGEX_LIST,
     "['(?i)promtail.*\\.ya?ml$', '(?i)\\.alloy$', '(?i)^config\\.alloy$', "
     "'(?i)fluent-?bit.*\\.(conf|ya?ml)$']",
     NULL, "ConfigMap data keys that hold a log pipeline config"},
    {"when", RC_PARAM_STRING, "undeclared", "undeclared|declared",
     "judge runs without requirements.logging.format: json (undeclared) or with it (declared)"},
    {"json-stage", RC_PARAM_REGEX_LIST,
     "['(?m)^\\s*-\\s*json\\s*:', 'stage\\.json\\s*\\{', '(?im)^\\s*(parser|format)\\s+json\\b', "
     "'(?m)^\\s*-?\\s*format:\\s*json\\b']",
     NULL, "patterns of a JSON stage (Promtail `- json:`, Alloy `stage.json {`, Fluent Bit "
           "`Parser json`) in a ConfigMap value that does not parse as its config"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_log_pipeline_json = {
    .name = "log-pipeline-json",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a Promtail, Alloy or Fluent Bit config (a file, or in a ConfigMap) parses "
               "JSON log lines (and names every field of requirements.logging.fields)",
    .params = log_pipeline_json_params,
    .check_object = check_log_pipeline_json,
};

/* ---- log-query-saved ------------------------------------------------------------------ */

/* The declared saved queries, and which of them a query of the release matches. */
typedef struct query_scan {
    const rc_named_pattern *queries;
    size_t count;
    bool *found;
    size_t dashboard_queries;
    size_t rule_queries;
} query_scan;

static void match_queries(query_scan *scan, const char *text)
{
    if (!text || !text[0])
        return;
    size_t len = strlen(text);
    for (size_t q = 0; q < scan->count; q++) {
        if (!scan->found[q] && scan->queries[q].regex &&
            rc_regex_match(scan->queries[q].regex, text, len))
            scan->found[q] = true;
    }
}

enum { QUERY_PANEL_DEPTH = 8 };

/* Every target `expr` of ROOT's panels, rows' nested panels included (an explicit stack of
 * QUERY_PANEL_DEPTH levels): Loki targets keep their LogQL there, as Prometheus ones keep
 * PromQL, and a declared pattern tells them apart better than a datasource that may be a
 * variable. */
static void scan_dashboard_queries(query_scan *scan, const rc_node *root)
{
    const rc_node *stack[QUERY_PANEL_DEPTH];
    size_t index[QUERY_PANEL_DEPTH];
    size_t depth = 0;
    const rc_node *top = rc_node_get(root, "panels");
    if (!top || top->kind != RC_NODE_SEQ)
        return;
    stack[depth] = top;
    index[depth++] = 0;
    while (depth) {
        const rc_node *seq = stack[depth - 1];
        if (index[depth - 1] >= seq->as.seq.count) {
            depth--;
            continue;
        }
        const rc_node *panel = seq->as.seq.items[index[depth - 1]++];
        const rc_node *targets = rc_node_get(panel, "targets");
        for (size_t i = 0; targets && targets->kind == RC_NODE_SEQ && i < targets->as.seq.count;
             i++) {
            const char *expr = rc_node_get_text(targets->as.seq.items[i], "expr");
            if (expr && expr[0]) {
                scan->dashboard_queries++;
                match_queries(scan, expr);
            }
        }
        const rc_node *nested = rc_node_get(panel, "panels");
        if (nested && nested->kind == RC_NODE_SEQ && depth < QUERY_PANEL_DEPTH) {
            stack[depth] = nested;
            index[depth++] = 0;
        }
    }
}

static void scan_rule_queries(rc_check_ctx *ctx, const rc_object *obj, const rc_node *groups,
                              void *user)
{
    query_scan *scan = user;
    (void)ctx;
    (void)obj;
    for (size_t g = 0; groups && groups->kind == RC_NODE_SEQ && g < groups->as.seq.count; g++) {
        const rc_node *rules = rc_node_get(groups->as.seq.items[g], "rules");
        for (size_t r = 0; rules && rules->kind == RC_NODE_SEQ && r < rules->as.seq.count; r++) {
            const char *expr = rc_node_get_text(rules->as.seq.items[r], "expr");
            if (expr && expr[0]) {
                scan->rule_queries++;
                match_queries(scan, expr);
            }
        }
    }
}

/* With requirements.logging.queries declared, each declared query must match a query the
 * release saves: a dashboard panel's target expression, or a rule expression of a
 * Prometheus-format rule file (Loki's ruler reads that format with LogQL). Each one that
 * matches nothing is reported at its line in .readyctl.yaml. */
static void check_log_query_saved(rc_check_ctx *ctx)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    if (!req || !req->log_query_count)
        return;
    query_scan scan = {req->log_queries, req->log_query_count, NULL, 0, 0};
    scan.found = rc_arena_calloc(rc_check_arena(ctx), scan.count, sizeof *scan.found);
    if (!scan.found)
        return;
    const char *label = rc_params_string(rc_check_params(ctx), "label");
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        dashboard_list list;
        if (rc_dashboards_of(ctx, obj, label, &list)) {
            rc_check_examined(ctx, obj);
            for (size_t k = 0; k < list.count; k++) {
                if (list.items[k].root)
                    scan_dashboard_queries(&scan, list.items[k].root);
            }
        }
        if (rc_rule_groups_of(ctx, obj, scan_rule_queries, &scan))
            rc_check_examined(ctx, obj);
    }
    for (size_t q = 0; q < scan.count; q++) {
        if (scan.found[q])
            continue;
        const rc_named_pattern *query = &scan.queries[q];
        if (scan.dashboard_queries || scan.rule_queries)
            rc_check_report_requirement(
                ctx, &query->at,
                "No saved log query of the release is '%s': none of its %zu dashboard "
                "quer%s and %zu rule expression%s matches `%s`.",
                query->name, scan.dashboard_queries, scan.dashboard_queries == 1 ? "y" : "ies",
                scan.rule_queries, scan.rule_queries == 1 ? "" : "s", query->match);
        else
            rc_check_report_requirement(
                ctx, &query->at,
                "No saved log query of the release is '%s': the release has no Grafana "
                "dashboard and no rule file whose queries could match `%s`.",
                query->name, query->match);
    }
}

static const rc_param_spec log_query_saved_params[] = {
    {"label", RC_PARAM_STRING, "grafana_dashboard", NULL,
     "the label (any value) that marks a ConfigMap as holding dashboards"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_log_query_saved = {
    .name = "log-query-saved",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every query of requirements.logging.queries matches a dashboard query or a "
               "rule expression of the release",
    .params = log_query_saved_params,
    .check_release = check_log_query_saved,
};

/* alertmanager.c - templates for Alertmanager configurations, wherever a release keeps them:
 * standalone files (judged as AlertmanagerConfigFile objects), ConfigMap data values and
 * Secret stringData / data values (`alertmanager.yml`, or any text with top-level `route:`
 * and `receivers:`; base64 `data` is decoded first), and the Prometheus Operator's
 * AlertmanagerConfig resources (spec.route, spec.receivers, spec.inhibitRules).
 *
 * What Alertmanager refuses to load (amtool check-config) is am-config-valid's; the other
 * templates judge configurations that load but page badly: critical alerts that reach no
 * notifier, inhibit rules that can never inhibit, grouping switched off, and credentials
 * written into the file. Routing is evaluated by model/am_route. Secret values are never
 * printed (DESIGN.md §6): only their length. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/secret_detect.h"
#include "checks/templates.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/am_route.h"
#include "model/duration.h"

/* ---- where configurations live ---------------------------------------------------------- */

/* One Alertmanager configuration found in an object. */
typedef struct am_config {
    const rc_object *obj;
    const rc_node *root;   /* the file's root map, or the CR's spec */
    rc_am_dialect dialect;
    char where[300];       /* "ConfigMap/x, key alertmanager.yml" for messages */
} am_config;

typedef void (*config_fn)(rc_check_ctx *ctx, const am_config *cfg, void *user);

static bool is_cr(const am_config *cfg)
{
    return cfg->dialect == RC_AM_CONFIG_CR;
}

/* The key for a field in the configuration's spelling: snake_case in files, camelCase in
 * AlertmanagerConfig resources. */
static const char *field(const am_config *cfg, const char *file_key, const char *cr_key)
{
    return is_cr(cfg) ? cr_key : file_key;
}

static bool is_alertmanager_key(const char *key)
{
    return strcmp(key, "alertmanager.yml") == 0 || strcmp(key, "alertmanager.yaml") == 0;
}

static bool looks_like_config(const char *key, const char *text)
{
    return is_alertmanager_key(key) || (rc_text_has_top_level_key(text, "route") &&
                                        rc_text_has_top_level_key(text, "receivers"));
}

/* Decoded text has no positions of its own in the input: every node points at the data key
 * that holds it. Bounded by the loader's depth limit. */
static void pin_positions(rc_node *node, const rc_node *key, unsigned depth)
{
    if (!node || depth > 256)
        return;
    node->line = key->line;
    node->column = key->column;
    if (node->kind == RC_NODE_MAP) {
        for (size_t i = 0; i < node->as.map.count; i++) {
            pin_positions(node->as.map.pairs[i].key, key, depth + 1);
            pin_positions(node->as.map.pairs[i].value, key, depth + 1);
        }
    } else if (node->kind == RC_NODE_SEQ) {
        for (size_t i = 0; i < node->as.seq.count; i++)
            pin_positions(node->as.seq.items[i], key, depth + 1);
    }
}

/* A Secret's base64 `data` value, decoded and parsed into the run's arena. */
static const rc_node *load_base64(rc_check_ctx *ctx, const rc_node_pair *pair)
{
    const char *text = rc_node_text(pair->value);
    const char *key = rc_node_text(pair->key);
    /* Only entries named like a YAML file are decoded: every template asks, and most
     * Secret values are passwords and certificates. */
    if (!text || !key ||
        !(is_alertmanager_key(key) || rc_text_ends_with(key, ".yaml") ||
          rc_text_ends_with(key, ".yml")))
        return NULL;
    size_t len = pair->value->as.scalar.len;
    size_t size = len / 4 * 3 + 4;
    char *decoded = rc_arena_alloc(rc_check_arena(ctx), size + 1);
    size_t n = decoded ? rc_secret_base64_decode(text, len, decoded, size) : (size_t)-1;
    if (n == (size_t)-1 || n == 0)
        return NULL;
    decoded[n] = '\0';
    if (!is_alertmanager_key(key) && !looks_like_config("", decoded))
        return NULL;
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    if (!rc_yaml_load_at(rc_check_arena(ctx), "embedded", decoded, n, 1, 0, &limits, &root,
                         &diag))
        return NULL;
    pin_positions(root, pair->key, 0);
    return root;
}

/* Calls FN with every configuration OBJ holds in one data section; returns whether any. */
static bool each_embedded(rc_check_ctx *ctx, const rc_object *obj, const char *section,
                          bool base64, config_fn fn, void *user)
{
    const rc_node *data = rc_node_get(obj->node, section);
    bool found = false;
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *pair = &data->as.map.pairs[i];
        const char *key = rc_node_text(pair->key);
        const char *text = rc_node_text(pair->value);
        if (!key || !text)
            continue;
        const rc_node *root = NULL;
        if (base64)
            root = load_base64(ctx, pair);
        else if (looks_like_config(key, text))
            root = rc_check_load_embedded(ctx, pair->value);
        if (!root || root->kind != RC_NODE_MAP || !rc_node_get(root, "route"))
            continue;
        am_config cfg = {obj, root, RC_AM_CONFIG_FILE, ""};
        char what[200];
        rc_object_describe(obj, what, sizeof what);
        snprintf(cfg.where, sizeof cfg.where, "%s, %s key %.60s", what, section, key);
        found = true;
        fn(ctx, &cfg, user);
    }
    return found;
}

/* Calls FN with each Alertmanager configuration OBJ holds; returns whether it holds one. */
static bool each_config(rc_check_ctx *ctx, const rc_object *obj, config_fn fn, void *user)
{
    if (rc_object_kind_is(obj, RC_KIND_ALERTMANAGER_CONFIG_FILE)) {
        am_config cfg = {obj, obj->node, RC_AM_CONFIG_FILE, ""};
        snprintf(cfg.where, sizeof cfg.where, "Alertmanager configuration %s", obj->name);
        fn(ctx, &cfg, user);
        return true;
    }
    if (rc_object_kind_is(obj, "AlertmanagerConfig") &&
        strncmp(obj->api_version, "monitoring.coreos.com/", 22) == 0) {
        const rc_node *spec = rc_node_get(obj->node, "spec");
        if (!spec || spec->kind != RC_NODE_MAP)
            return false;
        am_config cfg = {obj, spec, RC_AM_CONFIG_CR, ""};
        rc_object_describe(obj, cfg.where, sizeof cfg.where);
        fn(ctx, &cfg, user);
        return true;
    }
    if (rc_object_kind_is(obj, "ConfigMap"))
        return each_embedded(ctx, obj, "data", false, fn, user);
    if (rc_object_kind_is(obj, "Secret")) {
        bool found = each_embedded(ctx, obj, "stringData", false, fn, user);
        return each_embedded(ctx, obj, "data", true, fn, user) || found;
    }
    return false;
}

/* ---- receivers -------------------------------------------------------------------------- */

/* The text of the scalar at KEY, NULL when absent, not a scalar or YAML null (Alertmanager
 * reads `name: null` as no name, while `name: "null"` is the common null receiver's name). */
static const char *string_at(const rc_node *map, const char *key)
{
    const rc_node *value = rc_node_get(map, key);
    return value && !rc_node_is_null(value) ? rc_node_text(value) : NULL;
}

static const rc_node *receivers_of(const am_config *cfg)
{
    const rc_node *list = rc_node_get(cfg->root, "receivers");
    return list && list->kind == RC_NODE_SEQ ? list : NULL;
}

/* The receiver named NAME, or NULL. */
static const rc_node *find_receiver(const am_config *cfg, const char *name)
{
    const rc_node *list = receivers_of(cfg);
    for (size_t i = 0; name && list && i < list->as.seq.count; i++) {
        const char *other = string_at(list->as.seq.items[i], "name");
        if (other && strcmp(other, name) == 0)
            return list->as.seq.items[i];
    }
    return NULL;
}

/* Whether RECEIVER has at least one notifier (a non-empty `*_configs` list): one without is
 * a black hole, often on purpose (a "null" receiver for Watchdog). */
static bool receiver_notifies(const am_config *cfg, const rc_node *receiver)
{
    const char *suffix = field(cfg, "_configs", "Configs");
    for (size_t i = 0; receiver && receiver->kind == RC_NODE_MAP && i < receiver->as.map.count;
         i++) {
        const char *key = rc_node_text(receiver->as.map.pairs[i].key);
        if (key && rc_text_ends_with(key, suffix) &&
            rc_node_count(receiver->as.map.pairs[i].value) > 0)
            return true;
    }
    return false;
}

/* ---- am-config-valid -------------------------------------------------------------------- */

static void report_invalid(rc_check_ctx *ctx, const am_config *cfg, const rc_node *at,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report_invalid(rc_check_ctx *ctx, const am_config *cfg, const rc_node *at,
                           const char *fmt, ...)
{
    char what[400];
    va_list args;
    va_start(args, fmt);
    vsnprintf(what, sizeof what, fmt, args);
    va_end(args);
    rc_check_report(ctx, cfg->obj, at, "%s: %s; %s.", cfg->where, what,
                    is_cr(cfg) ? "the Prometheus Operator rejects the AlertmanagerConfig"
                               : "Alertmanager refuses to load the configuration");
}

/* Alertmanager reads its configuration strictly: an unknown field (a typo, a field of a
 * newer release, one level too high) refuses the whole file. The tables are the fields of
 * current releases (0.34), so a configuration for a newer Alertmanager than the one the test
 * suite's amtool comes from is not called broken. */
static const char *const top_keys[] = {"global",        "route",          "inhibit_rules",
                                       "receivers",     "templates",      "mute_time_intervals",
                                       "time_intervals", "tracing",       "event_recorder",
                                       NULL};
static const char *const global_keys[] = {
    "resolve_timeout", "http_config", "jira_api_url", "smtp_from", "smtp_hello",
    "smtp_smarthost", "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file",
    "smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls",
    "smtp_tls_config", "smtp_force_implicit_tls", "slack_api_url", "slack_api_url_file",
    "slack_app_token", "slack_app_token_file", "slack_app_url", "pagerduty_url",
    "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file", "wechat_api_url",
    "wechat_api_secret", "wechat_api_secret_file", "wechat_api_corp_id", "victorops_api_url",
    "victorops_api_key", "victorops_api_key_file", "telegram_api_url", "telegram_bot_token",
    "telegram_bot_token_file", "webex_api_url", "rocketchat_api_url", "rocketchat_token",
    "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file",
    "mattermost_webhook_url", "mattermost_webhook_url_file", NULL};
static const char *const route_keys[] = {
    "receiver", "group_by", "match", "match_re", "matchers", "mute_time_intervals",
    "active_time_intervals", "continue", "routes", "group_wait", "group_interval",
    "repeat_interval", "labels", NULL};
static const char *const notifier_lists[] = {
    "discord_configs",  "email_configs",      "incidentio_configs", "pagerduty_configs",
    "slack_configs",    "webhook_configs",    "opsgenie_configs",   "wechat_configs",
    "pushover_configs", "victorops_configs",  "sns_configs",        "telegram_configs",
    "webex_configs",    "msteams_configs",    "msteamsv2_configs",  "jira_configs",
    "rocketchat_configs", "mattermost_configs", NULL};
static const char *const inhibit_keys[] = {
    "name",         "source_match",    "source_match_re", "source_matchers",
    "target_match", "target_match_re", "target_matchers", "equal", NULL};

static bool in_list(const char *key, const char *const *list)
{
    for (; key && *list; list++) {
        if (strcmp(key, *list) == 0)
            return true;
    }
    return false;
}

/* Reports every key of MAP that is in neither ALLOWED nor ALSO (may be NULL). */
static void judge_keys(rc_check_ctx *ctx, const am_config *cfg, const rc_node *map,
                       const char *what, const char *const *allowed, const char *const *also)
{
    for (size_t i = 0; map && map->kind == RC_NODE_MAP && i < map->as.map.count; i++) {
        const char *key = rc_node_text(map->as.map.pairs[i].key);
        if (in_list(key, allowed) || (also && in_list(key, also)))
            continue;
        report_invalid(ctx, cfg, map->as.map.pairs[i].key, "%s has the unknown field `%.60s`",
                       what, key ? key : "");
    }
}

static bool label_name_valid(const char *name)
{
    if (!name || !(isalpha((unsigned char)name[0]) || name[0] == '_'))
        return false;
    for (const char *p = name + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    }
    return true;
}

/* A duration field: Prometheus's syntax; group_interval and repeat_interval must not be 0. */
static void judge_duration(rc_check_ctx *ctx, const am_config *cfg, const rc_node *map,
                           const char *key, bool nonzero)
{
    const rc_node *value = rc_node_get(map, key);
    long long ms;
    if (!value || rc_node_is_null(value) || rc_text_is_templated(rc_node_text(value)))
        return;
    if (!rc_duration_parse(rc_node_text(value), &ms))
        report_invalid(ctx, cfg, value, "`%s` is not a duration", key);
    else if (nonzero && ms == 0)
        report_invalid(ctx, cfg, value, "`%s` is zero", key);
}

static void judge_group_by(rc_check_ctx *ctx, const am_config *cfg, const rc_node *list)
{
    if (!list || list->kind != RC_NODE_SEQ)
        return;
    bool all = false;
    for (size_t i = 0; i < list->as.seq.count; i++) {
        const char *label = rc_node_text(list->as.seq.items[i]);
        if (label && strcmp(label, "...") == 0) {
            all = true;
            continue;
        }
        if (!label_name_valid(label))
            report_invalid(ctx, cfg, list->as.seq.items[i],
                           "`group_by` lists \"%.60s\", which is not a label name",
                           label ? label : "");
        for (size_t k = 0; label && k < i; k++) {
            const char *other = rc_node_text(list->as.seq.items[k]);
            if (other && strcmp(other, label) == 0) {
                report_invalid(ctx, cfg, list->as.seq.items[i],
                               "`group_by` lists \"%.60s\" twice", label);
                break;
            }
        }
    }
    if (all && list->as.seq.count > 1)
        report_invalid(ctx, cfg, list, "`group_by` mixes '...' (every label) with label names");
}

/* Reports the first matcher of one route or inhibit-rule side that does not parse. */
static void judge_matchers(rc_check_ctx *ctx, const am_config *cfg, const char *what,
                           const rc_node *match, const rc_node *match_re,
                           const rc_node *matchers)
{
    char why[240];
    const rc_node *at = NULL;
    size_t count;
    bool invalid;
    rc_am_matchers_of(rc_check_arena(ctx), cfg->dialect, match, match_re, matchers, &count,
                      &invalid, why, sizeof why, &at);
    if (invalid)
        report_invalid(ctx, cfg, at, "%s has %s", what, why);
}

/* Names defined under `mute_time_intervals` and `time_intervals` (files), or
 * `muteTimeIntervals` (AlertmanagerConfig v1alpha1) and `timeIntervals` (v1beta1). */
static bool time_interval_defined(const am_config *cfg, const char *name)
{
    static const char *const file_lists[] = {"mute_time_intervals", "time_intervals"};
    static const char *const cr_lists[] = {"muteTimeIntervals", "timeIntervals"};
    for (size_t l = 0; l < 2; l++) {
        const rc_node *list = rc_node_get(cfg->root, is_cr(cfg) ? cr_lists[l] : file_lists[l]);
        for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
            const char *other = rc_node_get_text(list->as.seq.items[i], "name");
            if (other && name && strcmp(other, name) == 0)
                return true;
        }
    }
    return false;
}

/* One route and, below it, its children. Depth is bounded like the routing tree's. */
/* ROOT_KEY is the `route` key for the root route (where a missing default receiver is
 * reported), NULL below it. */
static void judge_route(rc_check_ctx *ctx, const am_config *cfg, const rc_node *route,
                        const rc_node *root_key, unsigned depth)
{
    bool root = root_key != NULL;
    if (!route || rc_node_is_null(route) || depth > RC_AM_ROUTE_MAX_DEPTH)
        return;
    if (route->kind != RC_NODE_MAP) {
        report_invalid(ctx, cfg, route, "a route is not a map");
        return;
    }
    if (!is_cr(cfg))
        judge_keys(ctx, cfg, route, root ? "the root route" : "a route", route_keys, NULL);
    /* Lists Alertmanager reads as lists: a bare string is refused. */
    const char *lists[] = {"routes", "matchers", field(cfg, "group_by", "groupBy")};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const rc_node *value = rc_node_get(route, lists[i]);
        if (value && !rc_node_is_null(value) && value->kind != RC_NODE_SEQ)
            report_invalid(ctx, cfg, value, "`%s` is not a list", lists[i]);
    }
    const rc_node *receiver = rc_node_get(route, "receiver");
    const char *name = string_at(route, "receiver");
    if (root && (!name || !*name) && !is_cr(cfg))
        report_invalid(ctx, cfg, root_key, "the root route names no default `receiver`");
    if (name && *name && !find_receiver(cfg, name))
        report_invalid(ctx, cfg, receiver, "a route sends to receiver \"%.80s\", which is not "
                                           "defined under `receivers`", name);
    if (root && !is_cr(cfg)) {
        static const char *const forbidden[] = {"match", "match_re", "matchers",
                                                "mute_time_intervals", "active_time_intervals"};
        for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
            const rc_node_pair *pair = rc_node_get_pair(route, forbidden[i]);
            if (pair && rc_node_count(pair->value) > 0)
                report_invalid(ctx, cfg, pair->key, "the root route has `%s`, which it must "
                                                    "not (every alert enters it)", forbidden[i]);
        }
        bool cont = false;
        const rc_node_pair *pair = rc_node_get_pair(route, "continue");
        if (pair && rc_node_bool(pair->value, &cont) && cont)
            report_invalid(ctx, cfg, pair->key, "the root route has `continue: true`");
    }
    judge_duration(ctx, cfg, route, field(cfg, "group_wait", "groupWait"), false);
    judge_duration(ctx, cfg, route, field(cfg, "group_interval", "groupInterval"), true);
    judge_duration(ctx, cfg, route, field(cfg, "repeat_interval", "repeatInterval"), true);
    judge_group_by(ctx, cfg, rc_node_get(route, field(cfg, "group_by", "groupBy")));
    judge_matchers(ctx, cfg, "a route", is_cr(cfg) ? NULL : rc_node_get(route, "match"),
                   is_cr(cfg) ? NULL : rc_node_get(route, "match_re"),
                   rc_node_get(route, "matchers"));
    static const char *const file_intervals[] = {"mute_time_intervals", "active_time_intervals"};
    static const char *const cr_intervals[] = {"muteTimeIntervals", "activeTimeIntervals"};
    for (size_t t = 0; t < 2; t++) {
        const rc_node *list = rc_node_get(route, is_cr(cfg) ? cr_intervals[t] : file_intervals[t]);
        for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
            const char *interval = rc_node_text(list->as.seq.items[i]);
            if (interval && !time_interval_defined(cfg, interval))
                report_invalid(ctx, cfg, list->as.seq.items[i],
                               "a route uses the time interval \"%.80s\", which is not defined",
                               interval);
        }
    }
    const rc_node *routes = rc_node_get(route, "routes");
    for (size_t i = 0; routes && routes->kind == RC_NODE_SEQ && i < routes->as.seq.count; i++)
        judge_route(ctx, cfg, routes->as.seq.items[i], NULL, depth + 1);
}

/* A global default that notifiers of one kind need when they do not set it themselves. */
typedef struct needed_default {
    const char *list;          /* receiver key */
    const char *own[3];        /* any of these in the notifier config satisfies it */
    const char *global[2];     /* any of these in `global` satisfies it */
    const char *what;
} needed_default;

static const needed_default needed_defaults[] = {
    {"slack_configs", {"api_url", "api_url_file", "app_token"},
     {"slack_api_url", "slack_api_url_file"}, "a Slack API URL"},
    {"opsgenie_configs", {"api_key", "api_key_file"}, {"opsgenie_api_key", "opsgenie_api_key_file"},
     "an OpsGenie API key"},
    {"victorops_configs", {"api_key", "api_key_file"},
     {"victorops_api_key", "victorops_api_key_file"}, "a VictorOps API key"},
    {"wechat_configs", {"api_secret", "api_secret_file"},
     {"wechat_api_secret", "wechat_api_secret_file"}, "a WeChat API secret"},
    {"email_configs", {"smarthost"}, {"smtp_smarthost"}, "an SMTP smarthost"},
    {"email_configs", {"from"}, {"smtp_from"}, "an SMTP sender (from)"},
};

static bool has_any(const rc_node *map, const char *const *keys, size_t count)
{
    for (size_t i = 0; i < count && keys[i]; i++) {
        const rc_node *value = rc_node_get(map, keys[i]);
        if (value && !rc_node_is_null(value) && rc_node_text(value) && *rc_node_text(value))
            return true;
        if (value && value->kind != RC_NODE_SCALAR)
            return true;
    }
    return false;
}

static void judge_notifiers(rc_check_ctx *ctx, const am_config *cfg, const rc_node *receiver,
                            const char *name)
{
    const rc_node *global = rc_node_get(cfg->root, "global");
    for (size_t d = 0; d < sizeof needed_defaults / sizeof needed_defaults[0]; d++) {
        const needed_default *need = &needed_defaults[d];
        const rc_node *list = rc_node_get(receiver, need->list);
        if (has_any(global, need->global, 2))
            continue;
        for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
            if (!has_any(list->as.seq.items[i], need->own, 3))
                report_invalid(ctx, cfg, list->as.seq.items[i],
                               "receiver \"%.80s\": a `%s` entry lacks %s, and `global` sets "
                               "none", name, need->list, need->what);
        }
    }
    static const struct {
        const char *list;
        const char *keys[2];
        const char *what;
    } required[] = {
        {"pagerduty_configs", {"routing_key", "service_key"}, "a routing_key or service_key"},
        {"email_configs", {"to", NULL}, "a `to` address"},
        {"webhook_configs", {"url", "url_file"}, "a url or url_file"},
    };
    for (size_t r = 0; r < sizeof required / sizeof required[0]; r++) {
        const rc_node *list = rc_node_get(receiver, required[r].list);
        /* PagerDuty also reads its key from a file in current releases. */
        static const char *const key_files[] = {"routing_key_file", "service_key_file"};
        for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
            const rc_node *config = list->as.seq.items[i];
            if (has_any(config, required[r].keys, 2) || (r == 0 && has_any(config, key_files, 2)))
                continue;
            report_invalid(ctx, cfg, config, "receiver \"%.80s\": a `%s` entry lacks %s", name,
                           required[r].list, required[r].what);
        }
    }
}

static void judge_receivers(rc_check_ctx *ctx, const am_config *cfg)
{
    const rc_node *list = rc_node_get(cfg->root, "receivers");
    if (list && !rc_node_is_null(list) && list->kind != RC_NODE_SEQ) {
        report_invalid(ctx, cfg, list, "`receivers` is not a list");
        return;
    }
    for (size_t i = 0; list && i < list->as.seq.count; i++) {
        const rc_node *receiver = list->as.seq.items[i];
        const char *name = string_at(receiver, "name");
        if (!name || !*name) {
            report_invalid(ctx, cfg, receiver, "a receiver has no name");
            continue;
        }
        for (size_t k = 0; k < i; k++) {
            const char *other = string_at(list->as.seq.items[k], "name");
            if (other && strcmp(other, name) == 0) {
                report_invalid(ctx, cfg, rc_node_get(receiver, "name"),
                               "receiver \"%.80s\" is defined twice", name);
                break;
            }
        }
        if (is_cr(cfg))
            continue;
        static const char *const receiver_keys[] = {"name", "labels", NULL};
        judge_keys(ctx, cfg, receiver, "a receiver", receiver_keys, notifier_lists);
        judge_notifiers(ctx, cfg, receiver, name);
    }
}

static void judge_inhibit_rules(rc_check_ctx *ctx, const am_config *cfg)
{
    const rc_node *rules = rc_node_get(cfg->root, field(cfg, "inhibit_rules", "inhibitRules"));
    for (size_t i = 0; rules && rules->kind == RC_NODE_SEQ && i < rules->as.seq.count; i++) {
        const rc_node *rule = rules->as.seq.items[i];
        if (is_cr(cfg)) {
            judge_matchers(ctx, cfg, "an inhibit rule's sourceMatch", NULL, NULL,
                           rc_node_get(rule, "sourceMatch"));
            judge_matchers(ctx, cfg, "an inhibit rule's targetMatch", NULL, NULL,
                           rc_node_get(rule, "targetMatch"));
            continue;
        }
        judge_keys(ctx, cfg, rule, "an inhibit rule", inhibit_keys, NULL);
        judge_matchers(ctx, cfg, "an inhibit rule's source", rc_node_get(rule, "source_match"),
                       rc_node_get(rule, "source_match_re"), rc_node_get(rule, "source_matchers"));
        judge_matchers(ctx, cfg, "an inhibit rule's target", rc_node_get(rule, "target_match"),
                       rc_node_get(rule, "target_match_re"), rc_node_get(rule, "target_matchers"));
        const rc_node *equal = rc_node_get(rule, "equal");
        for (size_t k = 0; equal && equal->kind == RC_NODE_SEQ && k < equal->as.seq.count; k++) {
            const char *label = rc_node_text(equal->as.seq.items[k]);
            if (!label_name_valid(label))
                report_invalid(ctx, cfg, equal->as.seq.items[k],
                               "an inhibit rule's `equal` lists \"%.60s\", which is not a label "
                               "name", label ? label : "");
        }
    }
}

/* Global settings given both inline and as a file. */
static void judge_global(rc_check_ctx *ctx, const am_config *cfg)
{
    const rc_node *global = rc_node_get(cfg->root, "global");
    if (!global || rc_node_is_null(global))
        return;
    judge_keys(ctx, cfg, global, "`global`", global_keys, NULL);
    judge_duration(ctx, cfg, global, "resolve_timeout", false);
    for (size_t i = 0; global->kind == RC_NODE_MAP && i < global->as.map.count; i++) {
        const char *key = rc_node_text(global->as.map.pairs[i].key);
        char file_key[96];
        if (!key || rc_text_ends_with(key, "_file") || strlen(key) > 80)
            continue;
        snprintf(file_key, sizeof file_key, "%s_file", key);
        const rc_node_pair *file = rc_node_get_pair(global, file_key);
        if (file && in_list(file_key, global_keys))
            report_invalid(ctx, cfg, file->key, "`global` sets both %s and %s (at most one)",
                           key, file_key);
    }
}

static void judge_config(rc_check_ctx *ctx, const am_config *cfg, void *user)
{
    (void)user;
    const rc_node_pair *route_pair = rc_node_get_pair(cfg->root, "route");
    const rc_node *route = route_pair ? route_pair->value : NULL;
    if (!is_cr(cfg)) {
        judge_keys(ctx, cfg, cfg->root, "the configuration", top_keys, NULL);
        judge_global(ctx, cfg);
        if (!route || rc_node_is_null(route))
            report_invalid(ctx, cfg, cfg->root, "there is no `route`");
    }
    judge_receivers(ctx, cfg);
    judge_route(ctx, cfg, route, route_pair ? route_pair->key : cfg->root, 0);
    judge_inhibit_rules(ctx, cfg);
}

/* Object scope: fires on Alertmanager configurations that Alertmanager would refuse to load
 * (or the operator to accept). */
static bool check_am_config_valid(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_config, NULL);
}

const rc_template rc_template_am_config_valid = {
    .name = "am-config-valid",
    .scope = RC_SCOPE_OBJECT,
    .summary = "Alertmanager configurations load: known fields, defined receivers, valid "
               "durations and matchers",
    .params = rc_no_params,
    .check_object = check_am_config_valid,
};

/* ---- am-critical-route ------------------------------------------------------------------ */

enum { ALERT_LABELS_MAX = 16, DELIVERIES_MAX = 64 };

static void judge_critical_route(rc_check_ctx *ctx, const am_config *cfg, void *user)
{
    (void)user;
    /* The operator hangs a resource's routes under the main configuration with
     * `continue: true`, so what a CR routes nowhere may still be delivered there: only
     * whole configurations are judged. */
    if (is_cr(cfg))
        return;
    const rc_node *route_node = rc_node_get(cfg->root, "route");
    rc_am_route *root = rc_am_route_build(rc_check_arena(ctx), cfg->dialect, route_node);
    if (!root || !root->receiver)
        return; /* no default receiver: am-config-valid's */
    const rc_param_value *wanted = rc_params_get(rc_check_params(ctx), "labels");
    rc_am_label labels[ALERT_LABELS_MAX];
    size_t count = 0;
    char text[512] = "";
    size_t used = 0;
    for (size_t i = 0; wanted && i < wanted->count && count < ALERT_LABELS_MAX; i++) {
        const char *item = wanted->strings[i];
        const char *eq = strchr(item, '=');
        if (!eq)
            continue;
        labels[count].name = rc_arena_strndup(rc_check_arena(ctx), item, (size_t)(eq - item));
        labels[count].value = eq + 1;
        if (!labels[count].name)
            return;
        int n = snprintf(text + used, sizeof text - used, "%s%s=\"%s\"", count ? ", " : "",
                         labels[count].name, labels[count].value);
        if (n > 0 && (size_t)n < sizeof text - used)
            used += (size_t)n;
        count++;
    }
    if (!count)
        return;
    const rc_am_route *ends[DELIVERIES_MAX];
    size_t found = rc_am_route_deliver(root, labels, count, ends, DELIVERIES_MAX);
    if (found > DELIVERIES_MAX)
        found = DELIVERIES_MAX;
    for (size_t i = 0; i < found; i++) {
        if (receiver_notifies(cfg, find_receiver(cfg, ends[i]->receiver)))
            return;
    }
    /* Nothing delivers: point at the first route the alert ends on, at its receiver when it
     * names one. */
    const rc_am_route *end = found ? ends[0] : root;
    const rc_node *at = end->receiver_at ? end->receiver_at : end->node;
    bool defined = find_receiver(cfg, end->receiver) != NULL;
    rc_check_report(ctx, cfg->obj, at,
                    "%s: an alert {%s} is routed to receiver \"%s\", which %s: critical alerts "
                    "reach nobody.",
                    cfg->where, text, end->receiver ? end->receiver : "",
                    defined ? "has no notifier (no *_configs)" : "is not defined");
}

static bool check_am_critical_route(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_critical_route, NULL);
}

static const rc_param_spec critical_params[] = {
    {"labels", RC_PARAM_STRING_LIST, "['severity=critical']", NULL,
     "the labels (name=value) of the alert that must reach a notifier; the alert's other "
     "labels are unknown, so routes that match on them are not taken"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_am_critical_route = {
    .name = "am-critical-route",
    .scope = RC_SCOPE_OBJECT,
    .summary = "the routing tree delivers critical alerts to a receiver that notifies",
    .params = critical_params,
    .check_object = check_am_critical_route,
};

/* ---- am-inhibit-effective --------------------------------------------------------------- */

typedef struct side {
    rc_am_matcher *matchers;
    size_t count;
    bool invalid;
} side;

static side side_of(rc_check_ctx *ctx, const am_config *cfg, const rc_node *rule, bool source)
{
    side s = {0};
    char why[200];
    const rc_node *at = NULL;
    if (is_cr(cfg))
        s.matchers = rc_am_matchers_of(rc_check_arena(ctx), cfg->dialect, NULL, NULL,
                                       rc_node_get(rule, source ? "sourceMatch" : "targetMatch"),
                                       &s.count, &s.invalid, why, sizeof why, &at);
    else
        s.matchers = rc_am_matchers_of(
            rc_check_arena(ctx), cfg->dialect,
            rc_node_get(rule, source ? "source_match" : "target_match"),
            rc_node_get(rule, source ? "source_match_re" : "target_match_re"),
            rc_node_get(rule, source ? "source_matchers" : "target_matchers"), &s.count,
            &s.invalid, why, sizeof why, &at);
    return s;
}

/* The value an equality matcher of S fixes LABEL to, or NULL. */
static const rc_am_matcher *fixed(const side *s, const char *label)
{
    for (size_t i = 0; i < s->count; i++) {
        if (s->matchers[i].type == RC_AM_EQUAL && strcmp(s->matchers[i].name, label) == 0)
            return &s->matchers[i];
    }
    return NULL;
}

/* A matcher of S that no alert satisfies together with the others: two equalities on one
 * label with different values, or `L="x"` with `L!="x"`. */
static const rc_am_matcher *self_contradiction(const side *s)
{
    for (size_t i = 0; i < s->count; i++) {
        const rc_am_matcher *a = &s->matchers[i];
        if (a->type != RC_AM_EQUAL)
            continue;
        for (size_t k = 0; k < s->count; k++) {
            const rc_am_matcher *b = &s->matchers[k];
            if (k == i || strcmp(a->name, b->name) != 0)
                continue;
            bool same = strcmp(a->value, b->value) == 0;
            if ((b->type == RC_AM_EQUAL && !same) || (b->type == RC_AM_NOT_EQUAL && same))
                return b;
        }
    }
    return NULL;
}

static bool same_matchers(const side *a, const side *b)
{
    if (a->count != b->count || a->count == 0)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        bool found = false;
        for (size_t k = 0; k < b->count && !found; k++)
            found = a->matchers[i].type == b->matchers[k].type &&
                    strcmp(a->matchers[i].name, b->matchers[k].name) == 0 &&
                    strcmp(a->matchers[i].value, b->matchers[k].value) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void judge_inhibit(rc_check_ctx *ctx, const am_config *cfg, void *user)
{
    (void)user;
    const rc_node *rules = rc_node_get(cfg->root, field(cfg, "inhibit_rules", "inhibitRules"));
    for (size_t i = 0; rules && rules->kind == RC_NODE_SEQ && i < rules->as.seq.count; i++) {
        const rc_node *rule = rules->as.seq.items[i];
        side source = side_of(ctx, cfg, rule, true), target = side_of(ctx, cfg, rule, false);
        if (source.invalid || target.invalid)
            continue; /* am-config-valid's */
        const side *sides[] = {&source, &target};
        bool reported = false;
        for (size_t s = 0; s < 2 && !reported; s++) {
            const rc_am_matcher *bad = self_contradiction(sides[s]);
            if (!bad)
                continue;
            rc_check_report(ctx, cfg->obj, bad->at,
                            "%s: inhibit rule %zu never inhibits: its %s matchers require "
                            "label %s to be two things at once, so no alert is ever its %s.",
                            cfg->where, i + 1, s ? "target" : "source", bad->name,
                            s ? "target" : "source");
            reported = true;
        }
        const rc_node *equal = rc_node_get(rule, "equal");
        for (size_t k = 0; !reported && equal && equal->kind == RC_NODE_SEQ &&
                           k < equal->as.seq.count; k++) {
            const char *label = rc_node_text(equal->as.seq.items[k]);
            const rc_am_matcher *a = label ? fixed(&source, label) : NULL;
            const rc_am_matcher *b = label ? fixed(&target, label) : NULL;
            if (!a || !b || strcmp(a->value, b->value) == 0)
                continue;
            rc_check_report(ctx, cfg->obj, equal->as.seq.items[k],
                            "%s: inhibit rule %zu never inhibits: `equal` requires source and "
                            "target to share label %s, but the source matchers fix it to "
                            "\"%s\" and the target matchers to \"%s\".",
                            cfg->where, i + 1, label, a->value, b->value);
            reported = true;
        }
        if (!reported && rc_node_count(equal) == 0 && same_matchers(&source, &target))
            rc_check_report(ctx, cfg->obj, source.matchers[0].at,
                            "%s: inhibit rule %zu has the same source and target matchers and "
                            "no `equal`: any two matching alerts silence each other, so when "
                            "two fire nobody is told.",
                            cfg->where, i + 1);
    }
}

static bool check_am_inhibit_effective(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_inhibit, NULL);
}

const rc_template rc_template_am_inhibit_effective = {
    .name = "am-inhibit-effective",
    .scope = RC_SCOPE_OBJECT,
    .summary = "inhibit rules can match: source and target are satisfiable and not the same",
    .params = rc_no_params,
    .check_object = check_am_inhibit_effective,
};

/* ---- am-group-by-all -------------------------------------------------------------------- */

enum { GROUP_BY_REPORTED_MAX = 64 };

typedef struct group_by_walk {
    rc_check_ctx *ctx;
    const am_config *cfg;
    const rc_node *reported[GROUP_BY_REPORTED_MAX];
    size_t reported_count;
} group_by_walk;

static bool is_group_by_all(const rc_node *list)
{
    for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
        const char *label = rc_node_text(list->as.seq.items[i]);
        if (label && strcmp(label, "...") == 0)
            return true;
    }
    return false;
}

/* INHERITED is the `group_by` list in force above ROUTE; a route without its own inherits
 * it. A list is reported once, when some route that uses it notifies someone. */
static void walk_group_by(group_by_walk *walk, const rc_node *route, const rc_node *inherited,
                          const char *receiver, unsigned depth)
{
    if (!route || route->kind != RC_NODE_MAP || depth > RC_AM_ROUTE_MAX_DEPTH)
        return;
    const rc_node *own = rc_node_get(route, field(walk->cfg, "group_by", "groupBy"));
    const rc_node *in_force = own ? own : inherited;
    const char *name = string_at(route, "receiver");
    if (name && *name)
        receiver = name;
    if (is_group_by_all(in_force) &&
        receiver_notifies(walk->cfg, find_receiver(walk->cfg, receiver))) {
        bool done = false;
        for (size_t i = 0; i < walk->reported_count && !done; i++)
            done = walk->reported[i] == in_force;
        if (!done && walk->reported_count < GROUP_BY_REPORTED_MAX) {
            walk->reported[walk->reported_count++] = in_force;
            rc_check_report(walk->ctx, walk->cfg->obj, in_force,
                            "%s: group_by ['...'] turns grouping off for receiver \"%s\": "
                            "every alert is its own notification, so an outage that fires "
                            "a hundred alerts sends a hundred pages.",
                            walk->cfg->where, receiver);
        }
    }
    const rc_node *routes = rc_node_get(route, "routes");
    for (size_t i = 0; routes && routes->kind == RC_NODE_SEQ && i < routes->as.seq.count; i++)
        walk_group_by(walk, routes->as.seq.items[i], in_force, receiver, depth + 1);
}

static void judge_group_by_all(rc_check_ctx *ctx, const am_config *cfg, void *user)
{
    (void)user;
    group_by_walk walk = {.ctx = ctx, .cfg = cfg};
    walk_group_by(&walk, rc_node_get(cfg->root, "route"), NULL, NULL, 0);
}

static bool check_am_group_by_all(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_group_by_all, NULL);
}

const rc_template rc_template_am_group_by_all = {
    .name = "am-group-by-all",
    .scope = RC_SCOPE_OBJECT,
    .summary = "routes that notify someone group alerts (no group_by ['...'])",
    .params = rc_no_params,
    .check_object = check_am_group_by_all,
};

/* ---- am-literal-secret ------------------------------------------------------------------ */

/* Fields Alertmanager itself treats as secrets (it hides them when it shows its
 * configuration), by the key that holds them. A `*_file` twin reads the same from a mounted
 * file and is never reported. PARENT, when set, is the list or map the key must sit in: a
 * VictorOps `routing_key` is a routing name, PagerDuty's is the integration key. */
typedef struct secret_field {
    const char *key;
    const char *parent;
} secret_field;

static const secret_field secret_fields[] = {
    {"smtp_auth_password", NULL}, {"smtp_auth_secret", NULL}, {"auth_password", NULL},
    {"auth_secret", NULL},        {"slack_app_token", NULL},  {"app_token", NULL},
    {"opsgenie_api_key", NULL},   {"victorops_api_key", NULL}, {"api_key", NULL},
    {"wechat_api_secret", NULL},  {"api_secret", NULL},       {"telegram_bot_token", NULL},
    {"bot_token", NULL},          {"rocketchat_token", NULL}, {"rocketchat_token_id", NULL},
    {"routing_key", "pagerduty_configs"}, {"service_key", NULL},
    {"user_key", "pushover_configs"}, {"token", "pushover_configs"},
    {"token", "rocketchat_configs"}, {"token_id", "rocketchat_configs"},
    {"alert_source_token", NULL}, {"password", NULL},  {"credentials", "authorization"},
    {"bearer_token", NULL},       {"client_secret", NULL}, {"secret_key", "sigv4"},
};

/* URL fields: a secret when the URL itself carries the credential (a Slack, Teams, Discord
 * or Mattermost webhook, or user:password@). */
static const char *const url_fields[] = {"slack_api_url", "api_url", "webhook_url",
                                         "mattermost_webhook_url", "url", "proxy_url",
                                         "apiURL", NULL};

/* Webhook URLs whose path is the credential: anyone holding one can post. */
static const char *webhook_credential(const char *value)
{
    static const struct {
        const char *marker;
        const char *what;
    } hooks[] = {
        {"hooks.slack.com/services/", "a Slack incoming-webhook URL"},
        {"hooks.slack.com/workflows/", "a Slack workflow webhook URL"},
        {".webhook.office.com/webhookb2/", "a Microsoft Teams webhook URL"},
        {"outlook.office.com/webhook/", "a Microsoft Teams webhook URL"},
        {".logic.azure.com", "a Microsoft Teams (Power Automate) webhook URL"},
        {"discord.com/api/webhooks/", "a Discord webhook URL"},
        {"discordapp.com/api/webhooks/", "a Discord webhook URL"},
    };
    for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++) {
        const char *at = strstr(value, hooks[i].marker);
        if (!at)
            continue;
        /* The secret part must be there, not only the host. */
        const char *rest = at + strlen(hooks[i].marker);
        if (strstr(hooks[i].marker, "logic.azure.com"))
            return strstr(value, "sig=") ? hooks[i].what : NULL;
        return strlen(rest) >= 8 ? hooks[i].what : NULL;
    }
    return NULL;
}

typedef struct secret_walk {
    rc_check_ctx *ctx;
    const am_config *cfg;
} secret_walk;

static const char *secret_reason(const char *key, const char *parent, const char *value,
                                 size_t len)
{
    const char *format = rc_secret_value_format(value, len);
    if (in_list(key, url_fields)) {
        if (format)
            return format;
        return webhook_credential(value);
    }
    for (size_t i = 0; i < sizeof secret_fields / sizeof secret_fields[0]; i++) {
        if (strcmp(secret_fields[i].key, key) != 0)
            continue;
        if (secret_fields[i].parent && (!parent || strcmp(secret_fields[i].parent, parent) != 0))
            continue;
        if (format)
            return format;
        return rc_secret_plainly_not(value, len) ? NULL
                                                 : "a field Alertmanager keeps secret";
    }
    return format;
}

/* Walks every value of the configuration: PARENT is the key of the map or list NODE sits in.
 * Bounded by the loader's depth limit and a depth cap of its own. */
static void walk_secrets(const secret_walk *walk, const rc_node *node, const char *parent,
                         unsigned depth)
{
    if (!node || depth > 64)
        return;
    if (node->kind == RC_NODE_SEQ) {
        for (size_t i = 0; i < node->as.seq.count; i++)
            walk_secrets(walk, node->as.seq.items[i], parent, depth + 1);
        return;
    }
    if (node->kind != RC_NODE_MAP)
        return;
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node_pair *pair = &node->as.map.pairs[i];
        const char *key = rc_node_text(pair->key);
        if (!key)
            continue;
        if (pair->value->kind != RC_NODE_SCALAR) {
            walk_secrets(walk, pair->value, key, depth + 1);
            continue;
        }
        const char *value = rc_node_text(pair->value);
        size_t len = pair->value->as.scalar.len;
        if (rc_node_is_null(pair->value) || !len || rc_text_is_templated(value))
            continue;
        const char *why = secret_reason(key, parent, value, len);
        if (!why)
            continue;
        rc_check_report(walk->ctx, walk->cfg->obj, pair->key,
                        "%s: `%s` is a literal credential: %s (value <redacted, %zu chars>); "
                        "anyone who can read the chart can use it.",
                        walk->cfg->where, key, why, len);
    }
}

static void judge_secrets(rc_check_ctx *ctx, const am_config *cfg, void *user)
{
    (void)user;
    secret_walk walk = {ctx, cfg};
    walk_secrets(&walk, cfg->root, NULL, 0);
}

static bool check_am_literal_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    return each_config(ctx, obj, judge_secrets, NULL);
}

const rc_template rc_template_am_literal_secret = {
    .name = "am-literal-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "Alertmanager credentials come from files (*_file) or secret references, not "
               "literal values",
    .params = rc_no_params,
    .check_object = check_am_literal_secret,
};

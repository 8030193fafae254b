/* secrets.c - templates for secrets that a release carries in plain sight.
 *
 * Findings never contain a secret value (DESIGN.md §5): messages name the key and show the
 * value only as "<redacted, N chars>". Keep it that way in every new message: a finding lands
 * in CI logs, SARIF uploads and sign-off pages that are far less protected than the cluster.
 *
 * What is never a secret (DESIGN.md §3): empty values, templated values (`{{`, `${`, `$(`: the
 * real value comes later, from the environment or the template engine), and keys whose
 * `ignore-keys` / values whose `ignore-values` regexes say they only point at a secret (a
 * *_FILE path, a secret's name, a vault:// reference). Value patterns (a PEM block, an AWS
 * key...) are trusted over key names: such a value is a secret whatever its key is called. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"

/* The literal text of a scalar value worth judging, or NULL (absent, not a scalar, null,
 * empty, templated). *LEN receives its exact length. */
static const char *literal_value(const rc_node *value, size_t *len)
{
    const char *text = rc_node_text(value);
    if (!text || rc_node_is_null(value) || value->as.scalar.len == 0 || rc_text_is_templated(text))
        return NULL;
    *len = value->as.scalar.len;
    return text;
}

/* rc_params_match for a value of exact length: scalars may hold NULs, and a secret after
 * an embedded NUL is still a secret. */
static bool match_value(const rc_params *params, const char *name, const char *text, size_t len)
{
    const rc_param_value *value = rc_params_get(params, name);
    for (size_t i = 0; i < value->count; i++) {
        if (rc_regex_match(value->regexes[i], text, len))
            return true;
    }
    return false;
}

typedef enum secret_kind {
    SECRET_NONE,
    SECRET_BY_VALUE, /* the value matches a credential format */
    SECRET_BY_KEY,   /* the key's name says so and the value is not a reference */
} secret_kind;

/* Judges one key/value pair with the rule's patterns. */
static secret_kind judge(const rc_params *params, const char *key, const char *value, size_t len)
{
    if (rc_params_match(params, "allow", key))
        return SECRET_NONE;
    if (match_value(params, "value-patterns", value, len))
        return SECRET_BY_VALUE;
    if (rc_params_match(params, "key-patterns", key) &&
        !rc_params_match(params, "ignore-keys", key) &&
        !match_value(params, "ignore-values", value, len))
        return SECRET_BY_KEY;
    return SECRET_NONE;
}

static const char *kind_reason(secret_kind kind)
{
    return kind == SECRET_BY_VALUE ? "its value has the shape of a credential"
                                   : "its name says it is a secret";
}

/* Object scope: fires on ConfigMap data/binaryData entries that hold a secret. ConfigMaps are
 * readable by anyone with `get configmaps`, are not encrypted at rest by default and end up in
 * `kubectl describe`, so they must not carry credentials. */
static bool check_configmap_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    if (strcmp(obj->kind, "ConfigMap") != 0)
        return false;
    const rc_params *params = rc_check_params(ctx);
    static const char *const sections[] = {"data", "binaryData"};
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        const rc_node *map = rc_node_get(obj->node, sections[s]);
        if (!map || map->kind != RC_NODE_MAP)
            continue;
        for (size_t i = 0; i < map->as.map.count; i++) {
            const rc_node_pair *pair = &map->as.map.pairs[i];
            const char *key = rc_node_text(pair->key);
            size_t len = 0;
            const char *value = literal_value(pair->value, &len);
            if (!key || !value)
                continue;
            secret_kind kind = judge(params, key, value, len);
            if (kind == SECRET_NONE)
                continue;
            rc_check_report(ctx, obj, pair->key,
                            "ConfigMap %s: %s key \"%s\" holds a literal secret: %s "
                            "(value <redacted, %zu chars>).",
                            obj->name, sections[s], key, kind_reason(kind), len);
        }
    }
    return true;
}

/* Object scope: fires on a container env entry with a literal `value` that is a secret. The
 * pod spec is readable by anyone who can read the workload, and lands in Git with the chart.
 * `valueFrom` is not judged here. */
static bool check_env_literal_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        const rc_node *env = rc_node_get(c.node, "env");
        if (!env || env->kind != RC_NODE_SEQ)
            continue;
        for (size_t i = 0; i < env->as.seq.count; i++) {
            const rc_node *item = env->as.seq.items[i];
            const rc_node_pair *value_pair = rc_node_get_pair(item, "value");
            const char *name = rc_node_get_text(item, "name");
            size_t len = 0;
            const char *value = value_pair ? literal_value(value_pair->value, &len) : NULL;
            if (!value)
                continue;
            secret_kind kind = judge(params, name ? name : "", value, len);
            if (kind == SECRET_NONE)
                continue;
            rc_check_report(ctx, obj, value_pair->key,
                            "env %s of %s \"%s\" in %s is a literal secret: %s "
                            "(value <redacted, %zu chars>).",
                            name ? name : "<unnamed>", rc_container_type_name(c.type), c.name,
                            where, kind_reason(kind), len);
        }
    }
    return true;
}

/* Object scope: notes env taken from a Secret (env[].valueFrom.secretKeyRef, envFrom[].secretRef).
 * That is the right place for the value, but environment variables leak into child
 * processes, crash reports and /proc; a mounted file can be rotated and read on demand. */
static bool check_env_secret_ref(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        const rc_node *env = rc_node_get(c.node, "env");
        for (size_t i = 0; env && env->kind == RC_NODE_SEQ && i < env->as.seq.count; i++) {
            const rc_node *item = env->as.seq.items[i];
            const rc_node_pair *ref = rc_node_get_pair(rc_node_get(item, "valueFrom"),
                                                       "secretKeyRef");
            const char *name = rc_node_get_text(item, "name");
            if (!ref || (name && rc_params_match(params, "allow", name)))
                continue;
            const char *secret = rc_node_get_text(ref->value, "name");
            const char *key = rc_node_get_text(ref->value, "key");
            rc_check_report(ctx, obj, ref->key,
                            "env %s of %s \"%s\" in %s comes from Secret %s (key %s); prefer "
                            "mounting the Secret as a file.",
                            name ? name : "<unnamed>", rc_container_type_name(c.type), c.name,
                            where, secret ? secret : "?", key ? key : "?");
        }
        const rc_node *env_from = rc_node_get(c.node, "envFrom");
        for (size_t i = 0; env_from && env_from->kind == RC_NODE_SEQ &&
                           i < env_from->as.seq.count; i++) {
            const rc_node_pair *ref = rc_node_get_pair(env_from->as.seq.items[i], "secretRef");
            if (!ref)
                continue;
            const char *secret = rc_node_get_text(ref->value, "name");
            if (secret && rc_params_match(params, "allow", secret))
                continue;
            rc_check_report(ctx, obj, ref->key,
                            "envFrom of %s \"%s\" in %s loads every key of Secret %s into the "
                            "environment; prefer mounting the Secret as files.",
                            rc_container_type_name(c.type), c.name, where,
                            secret ? secret : "?");
        }
    }
    return true;
}

/* Object scope: notes Secret data/stringData entries with a literal, non-empty value in the
 * chart. A chart that renders its own credentials keeps them in values files and Git; an
 * external store (External Secrets, Sealed Secrets, CSI driver, an operator) does not. */
static bool check_secret_literal(rc_check_ctx *ctx, const rc_object *obj)
{
    if (strcmp(obj->kind, "Secret") != 0)
        return false;
    const rc_params *params = rc_check_params(ctx);
    static const char *const sections[] = {"data", "stringData"};
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        const rc_node *map = rc_node_get(obj->node, sections[s]);
        if (!map || map->kind != RC_NODE_MAP)
            continue;
        for (size_t i = 0; i < map->as.map.count; i++) {
            const rc_node_pair *pair = &map->as.map.pairs[i];
            const char *key = rc_node_text(pair->key);
            size_t len = 0;
            if (!key || !literal_value(pair->value, &len) ||
                rc_params_match(params, "allow", key))
                continue;
            rc_check_report(ctx, obj, pair->key,
                            "Secret %s: %s key \"%s\" has a literal value in the chart "
                            "(<redacted, %zu chars>); source it from an external secret store.",
                            obj->name, sections[s], key, len);
        }
    }
    return true;
}

/* Defaults for what only points at a secret. Kept here rather than in each rule so that the
 * false-positive guards hold for user rules that set only the patterns. */
#define IGNORE_KEYS_DEFAULT                                                                   \
    "- '(?i)[_.-](file|path|dir|name|ref)$'\n"   /* DB_PASSWORD_FILE, tls-key-path */          \
    "- '[a-z0-9](File|Path|Dir|Name|Ref)$'\n"    /* passwordFile, secretName (camelCase) */   \
    "- '(?i)^(existing|external)[_.-]?secret'\n" /* existingSecret: a Secret's name */

#define IGNORE_VALUES_DEFAULT                                                                 \
    /* a URI without a password: https://auth.example.com/token, vault://kv/db, s3://b */      \
    "- '^[a-zA-Z][a-zA-Z0-9+.-]*://([^:@/]*@)?[^@]*$'\n"                                     \
    /* a file path */                                                                         \
    "- '^/'\n"                                                                                \
    /* secret-store references: vault:secret/db#password, arn:aws:secretsmanager:... */       \
    "- '(?i)^(vault|awssm|awsssm|gcpsm|azkv|sops|secretsmanager|ssm):'\n"                    \
    "- '^arn:aws[a-z-]*:(secretsmanager|ssm|kms):'\n"                                          \
    /* flags, numbers, durations and sizes: TOKEN_TTL: 3600s, SECRET_ROTATION: enabled */     \
    "- '(?i)^(true|false|yes|no|on|off|none|null|enabled|disabled|required|optional)$'\n"    \
    "- '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w|y|[KMGTPE]i|[kKMGTPE]B?)?$'\n"

static const rc_param_spec sensitive_params[] = {
    {"key-patterns", RC_PARAM_REGEX_LIST, NULL, NULL,
     "regexes on key names (ConfigMap keys, env names) that mark a secret"},
    {"value-patterns", RC_PARAM_REGEX_LIST, NULL, NULL,
     "regexes on values that are credentials whatever their key (PEM keys, cloud tokens)"},
    {"ignore-keys", RC_PARAM_REGEX_LIST, IGNORE_KEYS_DEFAULT, NULL,
     "key names that only point at a secret (*_FILE, *_PATH, secretName...)"},
    {"ignore-values", RC_PARAM_REGEX_LIST, IGNORE_VALUES_DEFAULT, NULL,
     "values that are references or plainly not secret (URIs without password, paths...)"},
    {"allow", RC_PARAM_REGEX_LIST, "[]", NULL, "key names never reported"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_configmap_secret = {
    .name = "configmap-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no ConfigMap data or binaryData entry holds a secret",
    .params = sensitive_params,
    .check_object = check_configmap_secret,
};

const rc_template rc_template_env_literal_secret = {
    .name = "env-literal-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no container env entry holds a secret as a literal value",
    .params = sensitive_params,
    .check_object = check_env_literal_secret,
};

static const rc_param_spec secret_ref_params[] = {
    {"allow", RC_PARAM_REGEX_LIST, "[]", NULL,
     "env names (and envFrom Secret names) never reported"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_env_secret_ref = {
    .name = "env-secret-ref",
    .scope = RC_SCOPE_OBJECT,
    .summary = "secrets reach containers as mounted files rather than environment variables",
    .params = secret_ref_params,
    .check_object = check_env_secret_ref,
};

static const rc_param_spec secret_literal_params[] = {
    {"allow", RC_PARAM_REGEX_LIST, "[]", NULL, "Secret keys never reported"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_secret_literal = {
    .name = "secret-literal",
    .scope = RC_SCOPE_OBJECT,
    .summary = "Secrets carry no literal values in the chart",
    .params = secret_literal_params,
    .check_object = check_secret_literal,
};

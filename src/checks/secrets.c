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
#include "checks/secret_detect.h"
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
    return rc_param_value_matches(rc_params_get(params, name), text, len);
}

/* Key names matched with a length (keys inside embedded files are not NUL-terminated). */
static bool match_key(const rc_params *params, const char *name, const char *key, size_t len)
{
    return rc_params_get(params, name) && match_value(params, name, key, len);
}

/* What the detector says of one key and value: NULL when it is not a secret, else why it is
 * (a value format, or the key's name). USE_KEY_NAMES is false where keys name secrets far
 * more often than they hold them (annotations: `secret.reloader.stakater.com/reload`). */
static const char *judge(const rc_params *params, const char *key, size_t key_len,
                         const char *value, size_t len, bool use_key_names)
{
    if (match_key(params, "allow", key, key_len))
        return NULL;
    const char *format = rc_secret_value_format(value, len);
    if (format)
        return format;
    if (match_value(params, "value-patterns", value, len))
        return "it matches the rule's value-patterns";
    if (rc_secret_plainly_not(value, len) || match_value(params, "ignore-values", value, len))
        return NULL;
    if (rc_secret_random_looking(value, len))
        return "a random-looking string";
    if (use_key_names && match_key(params, "key-patterns", key, key_len) &&
        !match_key(params, "ignore-keys", key, key_len))
        return "its name says it is a secret";
    return NULL;
}

static const char *judge_text(const rc_params *params, const char *key, const char *value,
                              size_t len)
{
    return judge(params, key, strlen(key), value, len, true);
}

/* A position inside a literal block scalar: content line LINE (0-based) sits LINE + 1 lines
 * below the `|` indicator, indented (by the usual convention) two columns past its key. Other
 * scalar styles fold or quote their lines, so the key itself is the position. */
static rc_node line_in_block(const rc_node_pair *pair, size_t line)
{
    rc_node at = *pair->key;
    if (pair->value->as.scalar.style == RC_SCALAR_BLOCK && line < UINT32_MAX - at.line) {
        at.line = pair->value->line + 1 + (uint32_t)line;
        rc_node_set_column(&at, (size_t)pair->key->column + 2);
    }
    return at;
}

/* Judges each line of a config file held in one ConfigMap entry: an assignment by its key
 * and value, any other line by the value detectors; a PEM block spans lines, so the file as
 * a whole is asked for one first. */
static void judge_embedded_file(rc_check_ctx *ctx, const rc_object *obj, const rc_node_pair *pair,
                                const char *file, const char *text, size_t len)
{
    const rc_params *params = rc_check_params(ctx);
    const char *whole = rc_secret_value_format(text, len);
    if (whole && strcmp(whole, "a PEM private key") == 0) {
        rc_check_report(ctx, obj, pair->key,
                        "ConfigMap %s: data key \"%s\" holds a literal secret: %s "
                        "(value <redacted, %zu chars>).",
                        obj->name, file, whole, len);
        return;
    }
    size_t pos = 0, line = 0;
    rc_secret_line set;
    while (rc_secret_next_line(text, len, &pos, &line, &set)) {
        const char *why = set.key ? judge(params, set.key, set.key_len, set.value, set.value_len,
                                          true)
                                  : rc_secret_value_format(set.value, set.value_len);
        if (!why)
            continue;
        rc_node at = line_in_block(pair, set.line);
        if (set.key)
            rc_check_report(ctx, obj, &at,
                            "ConfigMap %s: file \"%s\" sets \"%.*s\" to a literal secret: %s "
                            "(value <redacted, %zu chars>).",
                            obj->name, file, (int)(set.key_len > 200 ? 200 : set.key_len),
                            set.key, why, set.value_len);
        else
            rc_check_report(ctx, obj, &at,
                            "ConfigMap %s: file \"%s\" holds a literal secret on line %zu: %s "
                            "(<redacted, %zu chars>).",
                            obj->name, file, set.line + 1, why, set.value_len);
    }
}

/* Object scope: fires on ConfigMap entries that hold a secret: the entry itself (its key and
 * value), a config file in it (each `key = value` line), and binaryData (decoded, then judged
 * the same way). ConfigMaps
 * are readable by anyone with `get configmaps`, are not encrypted at rest by default and end
 * up in `kubectl describe`, so they must not carry credentials. */
static bool check_configmap_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!rc_object_kind_is(obj, "ConfigMap"))
        return false;
    const rc_params *params = rc_check_params(ctx);
    const rc_node *data = rc_node_get(obj->node, "data");
    for (size_t i = 0; data && data->kind == RC_NODE_MAP && i < data->as.map.count; i++) {
        const rc_node_pair *pair = &data->as.map.pairs[i];
        const char *key = rc_node_text(pair->key);
        size_t len = 0;
        const char *value = literal_value(pair->value, &len);
        if (!key || !value)
            continue;
        if (memchr(value, '\n', len)) {
            judge_embedded_file(ctx, obj, pair, key, value, len);
            continue;
        }
        const char *why = judge_text(params, key, value, len);
        if (why)
            rc_check_report(ctx, obj, pair->key,
                            "ConfigMap %s: data key \"%s\" holds a literal secret: %s "
                            "(value <redacted, %zu chars>).",
                            obj->name, key, why, len);
    }
    const rc_node *binary = rc_node_get(obj->node, "binaryData");
    for (size_t i = 0; binary && binary->kind == RC_NODE_MAP && i < binary->as.map.count; i++) {
        const rc_node_pair *pair = &binary->as.map.pairs[i];
        const char *key = rc_node_text(pair->key);
        size_t len = 0;
        const char *value = literal_value(pair->value, &len);
        char decoded[8192];
        size_t decoded_len = value ? rc_secret_base64_decode(value, len, decoded, sizeof decoded)
                                   : (size_t)-1;
        const char *why = key && decoded_len != (size_t)-1
                              ? judge_text(params, key, decoded, decoded_len)
                              : NULL;
        if (why)
            rc_check_report(ctx, obj, pair->key,
                            "ConfigMap %s: binaryData key \"%s\" holds a literal secret: %s "
                            "(value <redacted, %zu bytes>).",
                            obj->name, key, why, decoded_len);
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
            const char *why = value ? judge_text(params, name ? name : "", value, len) : NULL;
            if (!why)
                continue;
            rc_check_report(ctx, obj, value_pair->key,
                            "env %s of %s \"%s\" in %s is a literal secret: %s "
                            "(value <redacted, %zu chars>).",
                            name ? name : "<unnamed>", rc_container_type_name(c.type), c.name,
                            where, why, len);
        }
    }
    return true;
}

/* The words of a container's command and args, each with the item it came from: an item is
 * split at blanks, since `sh -c "exec app --password=x"` hides flags inside one string. */
typedef struct arg_word {
    const char *text;
    size_t len;
    const rc_node *item;
} arg_word;

enum { ARG_WORDS_MAX = 512 };

static size_t collect_words(const rc_node *list, arg_word *words, size_t count)
{
    for (size_t i = 0; list && list->kind == RC_NODE_SEQ && i < list->as.seq.count; i++) {
        const rc_node *item = list->as.seq.items[i];
        const char *text = rc_node_text(item);
        if (!text)
            continue;
        size_t len = item->as.scalar.len, p = 0;
        while (p < len && count < ARG_WORDS_MAX) {
            while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n'))
                p++;
            size_t begin = p;
            while (p < len && text[p] != ' ' && text[p] != '\t' && text[p] != '\n')
                p++;
            if (p > begin)
                words[count++] = (arg_word){text + begin, p - begin, item};
        }
    }
    return count;
}

/* Object scope: fires on a secret passed on a container's command line: a flag whose name
 * says secret with a literal value (`--db-password=x`, `--token x`), or any word shaped like
 * a credential. Command lines are part of the pod spec and show in `ps` on the node. */
static bool check_args_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    arg_word words[ARG_WORDS_MAX];
    while (rc_container_next(&it, &c)) {
        size_t count = collect_words(rc_node_get(c.node, "command"), words, 0);
        count = collect_words(rc_node_get(c.node, "args"), words, count);
        for (size_t i = 0; i < count; i++) {
            const char *name = NULL, *value = NULL;
            size_t name_len = 0, value_len = 0;
            bool took_next = false;
            const arg_word *next = i + 1 < count ? &words[i + 1] : NULL;
            const char *why = NULL;
            if (rc_secret_flag(words[i].text, words[i].len, next ? next->text : NULL,
                               next ? next->len : 0, &name, &name_len, &value, &value_len,
                               &took_next))
                why = judge(params, name, name_len, value, value_len, true);
            else
                why = rc_secret_value_format(words[i].text, words[i].len);
            if (!why)
                continue;
            const rc_node *at = took_next ? next->item : words[i].item;
            if (name)
                rc_check_report(ctx, obj, at,
                                "flag %.*s of %s \"%s\" in %s has a literal secret as its "
                                "value: %s (<redacted, %zu chars>).",
                                (int)(name_len > 100 ? 100 : name_len), name,
                                rc_container_type_name(c.type), c.name, where, why, value_len);
            else
                rc_check_report(ctx, obj, at,
                                "the command line of %s \"%s\" in %s holds a literal secret: %s "
                                "(<redacted, %zu chars>).",
                                rc_container_type_name(c.type), c.name, where, why, words[i].len);
            i += took_next;
        }
    }
    return true;
}

/* Object scope: fires on an annotation whose value has the shape of a credential (of the
 * object, and of a workload's pod template). Key names are not used: annotation keys name
 * Secrets far more often than they hold them. Annotations are shown by `kubectl describe`
 * and copied by controllers to objects with wider readers. */
static bool check_annotation_secret(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_params *params = rc_check_params(ctx);
    const rc_node *sources[] = {rc_node_path(obj->node, "metadata.annotations"),
                                obj->pod_template ? rc_node_path(obj->pod_template,
                                                                 "metadata.annotations")
                                                  : NULL};
    bool examined = false;
    for (size_t s = 0; s < sizeof sources / sizeof sources[0]; s++) {
        const rc_node *map = sources[s];
        examined |= map && map->kind == RC_NODE_MAP && map->as.map.count > 0;
        for (size_t i = 0; map && map->kind == RC_NODE_MAP && i < map->as.map.count; i++) {
            const rc_node_pair *pair = &map->as.map.pairs[i];
            const char *key = rc_node_text(pair->key);
            size_t len = 0;
            const char *value = literal_value(pair->value, &len);
            const char *why = key && value ? judge(params, key, strlen(key), value, len, false)
                                           : NULL;
            if (why)
                rc_check_report(ctx, obj, pair->key,
                                "annotation \"%s\" of %s holds a literal secret: %s "
                                "(value <redacted, %zu chars>).",
                                key, obj->name, why, len);
        }
    }
    return examined; /* only objects with annotations are evidence */
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

/* What the detector recognises in a Secret's value (`data` is base64: decoded first), as a
 * clause for the message, or "". */
static const char *secret_value_clause(const char *section, const char *value, size_t len,
                                       char *out, size_t size)
{
    char decoded[8192];
    const char *format = NULL;
    if (strcmp(section, "data") == 0) {
        size_t n = rc_secret_base64_decode(value, len, decoded, sizeof decoded);
        format = n != (size_t)-1 ? rc_secret_value_format(decoded, n) : NULL;
    } else {
        format = rc_secret_value_format(value, len);
    }
    if (!format)
        return "";
    snprintf(out, size, ", %s", format);
    return out;
}

/* Object scope: notes Secret data/stringData entries with a literal, non-empty value in the
 * chart. A chart that renders its own credentials keeps them in values files and Git; an
 * external store (External Secrets, Sealed Secrets, CSI driver, an operator) does not. */
static bool check_secret_literal(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!rc_object_kind_is(obj, "Secret"))
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
            const char *value = literal_value(pair->value, &len);
            if (!key || !value || rc_params_match(params, "allow", key))
                continue;
            char clause[96];
            rc_check_report(ctx, obj, pair->key,
                            "Secret %s: %s key \"%s\" has a literal value in the chart "
                            "(<redacted, %zu chars>%s); source it from an external secret store.",
                            obj->name, sections[s], key, len,
                            secret_value_clause(sections[s], value, len, clause, sizeof clause));
        }
    }
    return true;
}

/* The one table of key names that say a key holds a secret, shared by every secret rule;
 * a rule's `key-patterns` replaces it. */
#define KEY_PATTERNS_DEFAULT                                                                  \
    "- '(?i)passw(or)?d|passphrase'\n"                                                        \
    "- '(?i)(^|[^a-z])pwd([^a-z]|$)'\n"                                                       \
    "- '(?i)secret'\n"                                                                        \
    "- '(?i)token(s)?([^a-z]|$)'\n"                                                           \
    "- '(?i)api[_.-]?key'\n"                                                                  \
    "- '(?i)(private|access|signing|encryption|master|hmac)[_.-]?key'\n"                      \
    "- '(?i)credential'\n"

/* Key names that only point at a secret or configure how one is handled. Kept here rather
 * than in each rule so that the false-positive guards hold for user rules that set only the
 * patterns. */
#define IGNORE_KEYS_DEFAULT                                                                   \
    "- '(?i)[_.-](file|path|dir|name|ref)$'\n"   /* DB_PASSWORD_FILE, tls-key-path */          \
    "- '[a-z0-9](File|Path|Dir|Name|Ref)$'\n"    /* passwordFile, secretName (camelCase) */   \
    "- '(?i)^(existing|external)[_.-]?secret'\n" /* existingSecret: a Secret's name */         \
    /* TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_TYPE, tokenHeader, checksum/secret */           \
    "- '(?i)[_.-](header|length|ttl|timeout|type|mode|policy|algorithm|expiry|expiration|"    \
    "lifetime|enabled|rotation|version|issuer|audience|scope|endpoint|url|uri|host|port|"      \
    "provider|format|backend)$'\n"                                                           \
    "- '[a-z0-9](Header|Length|Ttl|TTL|Timeout|Type|Mode|Policy|Algorithm|Expiry|Lifetime|"   \
    "Enabled|Endpoint|Url|URL|Uri|Host|Port|Provider|Format)$'\n"                            \
    "- '(?i)checksum|digest|fingerprint'\n"

/* Values that only point at a secret: secret-store references. What is plainly not a secret
 * at all (paths, numbers, header names...) is the detector's own (secret_detect.h). */
#define IGNORE_VALUES_DEFAULT                                                                 \
    "- '(?i)^(vault|awssm|awsssm|gcpsm|azkv|sops|secretsmanager|ssm):'\n"                    \
    "- '^arn:aws[a-z-]*:(secretsmanager|ssm|kms):'\n"

static const rc_param_spec sensitive_params[] = {
    {"key-patterns", RC_PARAM_REGEX_LIST, KEY_PATTERNS_DEFAULT, NULL,
     "regexes on key names (ConfigMap keys and file keys, env names, flags) that mark a secret"},
    {"value-patterns", RC_PARAM_REGEX_LIST, "[]", NULL,
     "regexes on values that are credentials whatever their key, besides the built-in "
     "detectors (PEM keys, cloud and SaaS tokens, URL credentials, random-looking strings)"},
    {"ignore-keys", RC_PARAM_REGEX_LIST, IGNORE_KEYS_DEFAULT, NULL,
     "key names that only point at a secret or configure one (*_FILE, secretName, *_TTL...)"},
    {"ignore-values", RC_PARAM_REGEX_LIST, IGNORE_VALUES_DEFAULT, NULL,
     "values that only point at a secret (secret-store references)"},
    {"allow", RC_PARAM_REGEX_LIST, "[]", NULL, "key names never reported"},
    {NULL, 0, NULL, NULL, NULL},
};

static const rc_param_spec annotation_params[] = {
    {"value-patterns", RC_PARAM_REGEX_LIST, "[]", NULL,
     "regexes on values that are credentials, besides the built-in detectors"},
    {"ignore-values", RC_PARAM_REGEX_LIST, IGNORE_VALUES_DEFAULT, NULL,
     "values that only point at a secret (secret-store references)"},
    {"allow", RC_PARAM_REGEX_LIST,
     "['^kubectl\\.kubernetes\\.io/last-applied-configuration$']", NULL,
     "annotation keys never reported (the last applied configuration repeats the object, "
     "whose own fields are judged)"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_configmap_secret = {
    .name = "configmap-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no ConfigMap data or binaryData entry holds a secret",
    .params = sensitive_params,
    .check_object = check_configmap_secret,
};

const rc_template rc_template_args_secret = {
    .name = "args-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no container command or args pass a secret as a literal value",
    .params = sensitive_params,
    .check_object = check_args_secret,
};

const rc_template rc_template_annotation_secret = {
    .name = "annotation-secret",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no annotation holds a value shaped like a credential",
    .params = annotation_params,
    .check_object = check_annotation_secret,
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

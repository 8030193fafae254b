#include "config/config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/split.h"
#include "input/yaml_load.h"

void rc_config_init(rc_config *config)
{
    memset(config, 0, sizeof *config);
    rc_arena_init(&config->arena);
}

void rc_config_release(rc_config *config)
{
    rc_regex_set_release(&config->regexes);
    rc_arena_release(&config->arena);
    memset(config, 0, sizeof *config);
}

bool rc_config_in_dir(const char *dir, char *out, size_t size)
{
    struct stat st;
    return snprintf(out, size, "%s/.readyctl.yaml", dir) < (int)size && stat(out, &st) == 0 &&
           S_ISREG(st.st_mode);
}

bool rc_config_find(const char *start_dir, char *out, size_t size)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", start_dir) >= (int)sizeof dir)
        return false;
    for (;;) {
        struct stat st;
        if (snprintf(out, size, "%s/.readyctl.yaml", strcmp(dir, "/") == 0 ? "" : dir) <
                (int)size &&
            stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return true;
        char *slash = strrchr(dir, '/');
        if (!slash || strcmp(dir, "/") == 0)
            return false;
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
}

static bool fail(rc_diag *diag, const char *file, const rc_node *at, const char *message)
{
    rc_diag_set(diag, file, at ? at->line : 1, at ? at->column : 1, "%s", message);
    return false;
}

static bool load_exclude(rc_config *config, const rc_node *node, rc_diag *diag)
{
    if (node->kind != RC_NODE_SEQ)
        return fail(diag, config->path, node, "exclude must be a list of path patterns");
    config->exclude = rc_arena_calloc(&config->arena, node->as.seq.count + 1,
                                      sizeof *config->exclude);
    if (!config->exclude)
        return fail(diag, config->path, node, "out of memory");
    for (size_t i = 0; i < node->as.seq.count; i++) {
        if (!rc_node_is_string(node->as.seq.items[i]))
            return fail(diag, config->path, node->as.seq.items[i],
                        "exclude patterns must be strings");
        config->exclude[config->exclude_count++] = node->as.seq.items[i]->as.scalar.text;
    }
    return true;
}

static bool load_root(rc_config *config, const rc_node *root, rc_diag *diag)
{
    if (root->kind != RC_NODE_MAP)
        return fail(diag, config->path, root, "the config file must be a mapping");
    for (size_t i = 0; i < root->as.map.count; i++) {
        const rc_node *key = root->as.map.pairs[i].key, *value = root->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        const char *text = rc_node_text(value);
        if (name && strcmp(name, "profile") == 0) {
            if (!rc_node_is_string(value) || !text[0])
                return fail(diag, config->path, value,
                            "profile must name a profile (prod, dev, or one under profiles:)");
            config->profile = text;
            config->profile_at.file = config->path;
            config->profile_at.line = value->line;
            config->profile_at.column = value->column;
        } else if (name && strcmp(name, "requirements") == 0) {
            if (!rc_requirements_load(&config->requirements, value, config->path,
                                      &config->arena, &config->regexes, diag))
                return false;
        } else if (name && strcmp(name, "profiles") == 0) {
            if (!rc_profiles_parse(&config->profiles, &config->arena, value, config->path, diag))
                return false;
        } else if (name && strcmp(name, "fail-on") == 0) {
            if (!rc_severity_parse(text, true, &config->fail_on))
                return fail(diag, config->path, value,
                            "fail-on must be error, warning, note or none");
            config->has_fail_on = true;
        } else if (name && strcmp(name, "min-score") == 0) {
            char *end = NULL;
            double score = text ? strtod(text, &end) : -1;
            if (!text || !*text || *end || score < 0 || score > 100)
                return fail(diag, config->path, value, "min-score must be a number from 0 to 100");
            config->min_score = score;
            config->has_min_score = true;
        } else if (name && strcmp(name, "exclude") == 0) {
            if (!load_exclude(config, value, diag))
                return false;
        } else if (name && strcmp(name, "rules") == 0) {
            if (value->kind != RC_NODE_MAP)
                return fail(diag, config->path, value, "rules must be a mapping of rule ids");
            config->rules = value;
        } else {
            rc_diag_set(diag, config->path, key->line, key->column,
                        "unknown key \"%.80s\" (expected profile, requirements, profiles, "
                        "fail-on, min-score, exclude, rules)",
                        name ? name : "?");
            return false;
        }
    }
    return true;
}

bool rc_config_load_text(rc_config *config, const char *name, const char *text, size_t len,
                         rc_diag *diag)
{
    rc_limits limits;
    rc_limits_default(&limits);
    if (!config->path)
        config->path = rc_arena_strdup(&config->arena, name);
    char *copy = config->path ? rc_arena_strndup(&config->arena, text, len) : NULL;
    rc_node *root = NULL;
    if (!copy) {
        rc_diag_set(diag, name, 0, 0, "out of memory");
        return false;
    }
    if (!rc_yaml_load(&config->arena, config->path, copy, len, 1, &limits, &root, diag))
        return false;
    return !root || load_root(config, root, diag);
}

bool rc_config_load(rc_config *config, const char *path, rc_diag *diag)
{
    config->path = rc_arena_strdup(&config->arena, path);
    rc_buf text = RC_BUF_INIT;
    rc_diag read_diag;
    if (!config->path || !rc_read_file(path, (size_t)1 << 20, &text, &read_diag)) {
        rc_diag_set(diag, config->path ? config->path : path, 0, 0, "%s", read_diag.message);
        rc_buf_release(&text);
        return false;
    }
    bool ok = rc_config_load_text(config, path, rc_buf_str(&text), text.len, diag);
    rc_buf_release(&text);
    return ok;
}

static bool apply_rule(const rc_config *config, rc_pack *pack, rc_rule *rule,
                       const rc_node *value, rc_diag *diag)
{
    bool enabled;
    const char *text = rc_node_text(value);
    if (text && (strcmp(text, "off") == 0 || strcmp(text, "on") == 0)) {
        rule->disabled = strcmp(text, "off") == 0;
        return true;
    }
    if (rc_node_bool(value, &enabled)) {
        rule->disabled = !enabled;
        return true;
    }
    if (value->kind != RC_NODE_MAP)
        return fail(diag, config->path, value,
                    "a rule setting is off, on, or a mapping with enabled, severity, params");
    for (size_t i = 0; i < value->as.map.count; i++) {
        const rc_node *key = value->as.map.pairs[i].key, *setting = value->as.map.pairs[i].value;
        const char *name = rc_node_text(key);
        if (name && strcmp(name, "enabled") == 0) {
            if (!rc_node_bool(setting, &enabled))
                return fail(diag, config->path, setting, "enabled must be true or false");
            rule->disabled = !enabled;
        } else if (name && strcmp(name, "severity") == 0) {
            if (!rc_severity_parse(rc_node_text(setting), false, &rule->severity))
                return fail(diag, config->path, setting, "severity must be error, warning or note");
        } else if (name && strcmp(name, "params") == 0) {
            if (!rc_params_override(&rule->params, setting, config->path, &pack->arena,
                                    &pack->regexes, diag))
                return false;
        } else {
            rc_diag_set(diag, config->path, key->line, key->column,
                        "unknown rule setting \"%.80s\" (expected enabled, severity, params)",
                        name ? name : "?");
            return false;
        }
    }
    return true;
}

bool rc_config_apply(const rc_config *config, rc_pack *pack, const char *profile,
                     rc_profile_lineage *lineage, rc_diag *diag)
{
    if (!rc_profile_apply(pack, config ? &config->profiles : NULL, profile, lineage, diag)) {
        /* An unknown profile named by the file is the file's mistake: point at it. */
        if (!diag->file && config && config->profile && strcmp(config->profile, profile) == 0) {
            diag->file = config->path;
            diag->line = config->profile_at.line;
            diag->column = config->profile_at.column;
        }
        return false;
    }
    if (!config)
        return true;
    const rc_node *rules = config->rules;
    for (size_t i = 0; rules && i < rules->as.map.count; i++) {
        const rc_node *key = rules->as.map.pairs[i].key;
        const char *id = rc_node_text(key);
        rc_rule *rule = id ? (rc_rule *)rc_pack_find_rule(pack, id) : NULL;
        if (!rule) {
            rc_diag_set(diag, config->path, key->line, key->column,
                        "unknown rule \"%.80s\" (see readyctl rules)", id ? id : "?");
            return false;
        }
        if (!apply_rule(config, pack, rule, rules->as.map.pairs[i].value, diag))
            return false;
    }
    return true;
}

bool rc_config_excludes(const char *const *patterns, size_t count, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    for (size_t i = 0; i < count; i++) {
        if (fnmatch(patterns[i], path, 0) == 0)
            return true;
    }
    return false;
}

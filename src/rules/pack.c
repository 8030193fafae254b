#include "rules/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/split.h"
#include "input/yaml_load.h"
#include "rules/builtin.h"
#include "rules/template.h"
#include "util/checked.h"

void rc_pack_init(rc_pack *pack)
{
    memset(pack, 0, sizeof *pack);
    rc_arena_init(&pack->arena);
}

void rc_pack_release(rc_pack *pack)
{
    rc_regex_set_release(&pack->regexes);
    free(pack->rules);
    free(pack->items);
    rc_arena_release(&pack->arena);
    memset(pack, 0, sizeof *pack);
}

static bool fail_node(rc_diag *diag, const char *file, const rc_node *node, const char *what)
{
    rc_diag_set(diag, file, node ? node->line : 1, node ? node->column : 1, "%s", what);
    return false;
}

/* A required non-empty string field of a rule or item. */
static bool required_text(const rc_node *map, const char *key, const char *file,
                          const char **out, rc_diag *diag)
{
    const rc_node *value = rc_node_get(map, key);
    if (!rc_node_is_string(value) || !value->as.scalar.text[0]) {
        rc_diag_set(diag, file, value ? value->line : map->line,
                    value ? value->column : map->column,
                    "field %s is required and must be a non-empty string", key);
        return false;
    }
    *out = value->as.scalar.text;
    return true;
}

static bool check_keys(const rc_node *map, const char *const *allowed, const char *file,
                       rc_diag *diag)
{
    for (size_t i = 0; i < map->as.map.count; i++) {
        const rc_node *key = map->as.map.pairs[i].key;
        const char *name = rc_node_text(key);
        bool known = false;
        for (const char *const *a = allowed; name && *a && !known; a++)
            known = strcmp(*a, name) == 0;
        if (!known) {
            rc_diag_set(diag, file, key->line, key->column, "unknown field \"%.80s\"",
                        name ? name : "?");
            return false;
        }
    }
    return true;
}

static bool string_list(rc_pack *pack, const rc_node *node, const char *file, const char *what,
                        const char *const **out, size_t *count, rc_diag *diag)
{
    *out = NULL;
    *count = 0;
    if (!node || rc_node_is_null(node))
        return true;
    if (node->kind != RC_NODE_SEQ)
        return fail_node(diag, file, node, what);
    const char **items = rc_arena_calloc(&pack->arena, node->as.seq.count + 1, sizeof *items);
    if (!items)
        return fail_node(diag, file, node, "out of memory");
    for (size_t i = 0; i < node->as.seq.count; i++) {
        if (!rc_node_is_string(node->as.seq.items[i]))
            return fail_node(diag, file, node->as.seq.items[i], what);
        items[i] = node->as.seq.items[i]->as.scalar.text;
    }
    *out = items;
    *count = node->as.seq.count;
    return true;
}

static bool grow_array(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return true;
    size_t fresh = *capacity ? *capacity * 2 : 32, bytes;
    if (!rc_mul_size(fresh, size, &bytes))
        return false;
    void *grown = realloc(*items, bytes);
    if (!grown)
        return false;
    *items = grown;
    *capacity = fresh;
    return true;
}

static bool add_rule(rc_pack *pack, const rc_node *node, const char *file, rc_diag *diag)
{
    static const char *const allowed[] = {"id", "name", "checklist", "severity", "summary",
                                          "description", "remediation", "template", "params",
                                          "tags", NULL};
    if (node->kind != RC_NODE_MAP)
        return fail_node(diag, file, node, "a rule must be a mapping");
    if (!check_keys(node, allowed, file, diag))
        return false;
    if (!grow_array((void **)&pack->rules, &pack->rule_capacity, pack->rule_count,
                    sizeof *pack->rules))
        return fail_node(diag, file, node, "out of memory");
    rc_rule *rule = &pack->rules[pack->rule_count];
    memset(rule, 0, sizeof *rule);
    rule->file = file;
    rule->line = node->line;
    const char *severity, *template_name;
    if (!required_text(node, "id", file, &rule->id, diag) ||
        !required_text(node, "name", file, &rule->name, diag) ||
        !required_text(node, "severity", file, &severity, diag) ||
        !required_text(node, "summary", file, &rule->summary, diag) ||
        !required_text(node, "description", file, &rule->description, diag) ||
        !required_text(node, "remediation", file, &rule->remediation, diag) ||
        !required_text(node, "template", file, &template_name, diag))
        return false;
    for (const char *p = rule->id; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return fail_node(diag, file, rc_node_get(node, "id"),
                             "rule id must use only A-Z, 0-9, - and _ (it is the SARIF ruleId)");
    }
    const rc_node *checklist = rc_node_get(node, "checklist");
    if (checklist && !rc_node_is_null(checklist) && !rc_node_is_string(checklist))
        return fail_node(diag, file, checklist, "checklist must be the id of a checklist item");
    rule->checklist = rc_node_get_text(node, "checklist");
    if (!rc_severity_parse(severity, false, &rule->severity))
        return fail_node(diag, file, rc_node_get(node, "severity"),
                         "severity must be error, warning or note");
    rule->tmpl = rc_template_find(template_name);
    if (!rule->tmpl) {
        const rc_node *at = rc_node_get(node, "template");
        rc_diag_set(diag, file, at->line, at->column, "unknown check template \"%.80s\"",
                    template_name);
        return false;
    }
    if (!string_list(pack, rc_node_get(node, "tags"), file, "tags must be a list of strings",
                     (const char *const **)&rule->tags, &rule->tag_count, diag))
        return false;
    if (!rc_params_compile(&rule->params, rule->tmpl->params, rc_node_get(node, "params"), file,
                           &pack->arena, &pack->regexes, diag)) {
        /* A required parameter missing with no params: map at all has no node to point at. */
        if (diag->line == 0) {
            diag->line = node->line;
            diag->column = node->column;
        }
        return false;
    }
    pack->rule_count++;
    return true;
}

static bool add_item(rc_pack *pack, const rc_node *node, const char *file, rc_diag *diag)
{
    static const char *const allowed[] = {"id", "title", "description", "weight",
                                          "declared-by", "na-reason", "judges-hooks", NULL};
    if (node->kind != RC_NODE_MAP)
        return fail_node(diag, file, node, "a checklist item must be a mapping");
    if (!check_keys(node, allowed, file, diag))
        return false;
    if (!grow_array((void **)&pack->items, &pack->item_capacity, pack->item_count,
                    sizeof *pack->items))
        return fail_node(diag, file, node, "out of memory");
    rc_checklist_item *item = &pack->items[pack->item_count];
    memset(item, 0, sizeof *item);
    item->file = file;
    item->line = node->line;
    if (!required_text(node, "id", file, &item->id, diag) ||
        !required_text(node, "title", file, &item->title, diag) ||
        !required_text(node, "description", file, &item->description, diag))
        return false;
    const rc_node *weight = rc_node_get(node, "weight");
    long long w = 1;
    if (weight && (!rc_node_int(weight, &w) || w < 1 || w > 1000))
        return fail_node(diag, file, weight, "weight must be an integer from 1 to 1000");
    item->weight = (double)w;
    item->na_reason = rc_node_get_text(node, "na-reason");
    const rc_node *hooks = rc_node_get(node, "judges-hooks");
    if (hooks && !rc_node_bool(hooks, &item->judges_hooks))
        return fail_node(diag, file, hooks, "judges-hooks must be true or false");
    if (!string_list(pack, rc_node_get(node, "declared-by"), file,
                     "declared-by must be a list of requirement keys", &item->declared_by,
                     &item->declared_by_count, diag))
        return false;
    pack->item_count++;
    return true;
}

static bool add_section(rc_pack *pack, const rc_node *root, const char *key, const char *file,
                        bool (*add)(rc_pack *, const rc_node *, const char *, rc_diag *),
                        rc_diag *diag)
{
    const rc_node *list = rc_node_get(root, key);
    if (!list)
        return true;
    if (list->kind != RC_NODE_SEQ) {
        rc_diag_set(diag, file, list->line, list->column, "%s must be a list", key);
        return false;
    }
    for (size_t i = 0; i < list->as.seq.count; i++) {
        if (!add(pack, list->as.seq.items[i], file, diag))
            return false;
    }
    return true;
}

static unsigned long long digest_bytes(unsigned long long hash, const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ (unsigned char)bytes[i]) * 1099511628211ull;
    return hash;
}

bool rc_pack_parse(rc_arena *arena, const char *file, const char *text, size_t len,
                   rc_node ***roots, size_t *count, rc_diag *diag)
{
    *roots = NULL;
    *count = 0;
    rc_limits limits;
    rc_limits_default(&limits);
    rc_doc_slice *slices;
    size_t slice_count;
    if (!rc_split_stream(text, len, &slices, &slice_count)) {
        rc_diag_set(diag, file, 0, 0, "out of memory");
        return false;
    }
    rc_node **parsed = rc_arena_calloc(arena, slice_count ? slice_count : 1, sizeof *parsed);
    bool ok = parsed != NULL;
    if (!ok)
        rc_diag_set(diag, file, 0, 0, "out of memory");
    for (size_t i = 0; ok && i < slice_count; i++) {
        ok = rc_yaml_load(arena, file, text + slices[i].offset, slices[i].len,
                          slices[i].first_line, &limits, &parsed[i], diag);
        if (ok)
            *count = i + 1;
    }
    *roots = parsed;
    free(slices);
    return ok;
}

static bool add_document(rc_pack *pack, const rc_node *root, const char *file, rc_diag *diag)
{
    static const char *const allowed[] = {"rules", "checklist", "profiles", NULL};
    if (root->kind != RC_NODE_MAP)
        return fail_node(diag, file, root, "a rule pack file must be a mapping");
    return check_keys(root, allowed, file, diag) &&
           add_section(pack, root, "rules", file, add_rule, diag) &&
           add_section(pack, root, "checklist", file, add_item, diag) &&
           (!rc_node_get(root, "profiles") ||
            rc_profiles_parse(&pack->profiles, &pack->arena, rc_node_get(root, "profiles"),
                              file, diag));
}

bool rc_pack_add_tree(rc_pack *pack, const char *file, const rc_node *const *roots,
                      size_t count, rc_diag *diag)
{
    for (size_t i = 0; i < count; i++) {
        if (roots[i] && !add_document(pack, roots[i], file, diag))
            return false;
    }
    return true;
}

bool rc_pack_add_text(rc_pack *pack, const char *name, const char *text, size_t len,
                      rc_diag *diag)
{
    const char *file = rc_arena_strdup(&pack->arena, name);
    char *copy = rc_arena_strndup(&pack->arena, text, len);
    pack->digest = digest_bytes(digest_bytes(pack->digest ? pack->digest : 1469598103934665603ull,
                                             name, strlen(name) + 1),
                                text, len);
    if (!file || !copy) {
        rc_diag_set(diag, name, 0, 0, "out of memory");
        return false;
    }
    rc_node **roots;
    size_t count;
    rc_diag syntax = {0};
    bool parsed = rc_pack_parse(&pack->arena, file, copy, len, &roots, &count, &syntax);
    /* The documents before a syntax error are judged first, so the first problem in the file
     * is the one reported. */
    if (!rc_pack_add_tree(pack, file, (const rc_node *const *)roots, count, diag))
        return false;
    if (!parsed)
        *diag = syntax;
    return parsed;
}

static int compare_rules(const void *a, const void *b)
{
    return strcmp(((const rc_rule *)a)->id, ((const rc_rule *)b)->id);
}

bool rc_pack_finish(rc_pack *pack, rc_diag *diag)
{
    for (size_t i = 0; i < pack->rule_count; i++) {
        const rc_rule *rule = &pack->rules[i];
        for (size_t j = 0; j < i; j++) {
            const rc_rule *other = &pack->rules[j];
            if (strcmp(rule->id, other->id) == 0 || strcmp(rule->name, other->name) == 0) {
                rc_diag_set(diag, rule->file, rule->line, 1,
                            "rule %s (%s) repeats the id or name of the rule at %s:%u",
                            rule->id, rule->name, other->file, (unsigned)other->line);
                return false;
            }
        }
        if (rule->checklist && !rc_pack_find_item(pack, rule->checklist)) {
            rc_diag_set(diag, rule->file, rule->line, 1,
                        "rule %s names checklist item \"%.80s\", which the pack does not define",
                        rule->id, rule->checklist);
            return false;
        }
    }
    for (size_t i = 0; i < pack->item_count; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(pack->items[i].id, pack->items[j].id) == 0) {
                rc_diag_set(diag, pack->items[i].file, pack->items[i].line, 1,
                            "checklist item %s is defined twice", pack->items[i].id);
                return false;
            }
        }
    }
    if (pack->rule_count > 1)
        qsort(pack->rules, pack->rule_count, sizeof *pack->rules, compare_rules);
    return true;
}

void rc_pack_version(const rc_pack *pack, char *out, size_t size)
{
    /* The built-in pack is the binary's: its version says which. A pack from --rules is
     * named by its path and a digest of its files, so a report shows which edit it ran. */
    if (!pack->source || strcmp(pack->source, "built-in") == 0)
        snprintf(out, size, "built-in %s", READYCTL_VERSION);
    else
        snprintf(out, size, "%s (digest %08llx)", pack->source, pack->digest & 0xffffffffull);
}

bool rc_pack_load_builtin(rc_pack *pack, rc_diag *diag)
{
    pack->source = "built-in";
    pack->digest = rc_builtin_pack_digest;
    /* tools/pack_compile loaded this very pack, patterns compiled, when the binary was built:
     * here they wait for their first match. What is added later (the project's settings) is
     * a user's and is compiled at once. */
    pack->regexes.defer = true;
    bool ok = true;
    for (const rc_builtin_file *f = rc_builtin_pack; ok && f->path; f++)
        ok = rc_pack_add_tree(pack, f->path, f->roots, f->root_count, diag);
    pack->regexes.defer = false;
    return ok && rc_pack_finish(pack, diag);
}

bool rc_pack_load_path(rc_pack *pack, const char *path, rc_diag *diag)
{
    static const char *const extensions[] = {".yaml", ".yml", NULL};
    rc_path_list files = {0};
    rc_buf text = RC_BUF_INIT;
    rc_limits limits;
    rc_limits_default(&limits);
    pack->source = rc_arena_strdup(&pack->arena, path);
    bool ok = pack->source && rc_walk_path(path, extensions, &files, diag);
    if (ok && files.count == 0) {
        rc_diag_set(diag, path, 0, 0, "no rule files (*.yaml) found");
        ok = false;
    }
    for (size_t i = 0; ok && i < files.count; i++) {
        ok = rc_read_file(files.paths[i], limits.max_document_bytes, &text, diag) &&
             rc_pack_add_text(pack, files.paths[i], rc_buf_str(&text), text.len, diag);
    }
    if (ok)
        ok = rc_pack_finish(pack, diag);
    if (!ok && diag->file && strcmp(diag->file, path) != 0) {
        /* diag->file may point at a path string freed below: keep a pack-owned copy. */
        diag->file = rc_arena_strdup(&pack->arena, diag->file);
    }
    rc_buf_release(&text);
    rc_path_list_release(&files);
    return ok;
}

const rc_rule *rc_pack_find_rule(const rc_pack *pack, const char *id_or_name)
{
    for (size_t i = 0; i < pack->rule_count; i++) {
        if (strcmp(pack->rules[i].id, id_or_name) == 0 ||
            strcmp(pack->rules[i].name, id_or_name) == 0)
            return &pack->rules[i];
    }
    return NULL;
}

const rc_checklist_item *rc_pack_find_item(const rc_pack *pack, const char *id)
{
    for (size_t i = 0; i < pack->item_count; i++) {
        if (strcmp(pack->items[i].id, id) == 0)
            return &pack->items[i];
    }
    return NULL;
}

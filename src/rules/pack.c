#include "rules/pack.h"

#include <stdint.h>
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

/* A required non-empty string field of a rule or item: VALUE is the field's (NULL when
 * absent), KEY its name, MAP the rule or item (where an absent field is reported). */
static bool required_text(const rc_node *map, const rc_node *value, const char *key,
                          const char *file, const char **out, rc_diag *diag)
{
    if (!rc_node_is_string(value) || !value->as.scalar.text[0]) {
        rc_diag_set(diag, file, value ? value->line : map->line,
                    value ? value->column : map->column,
                    "field %s is required and must be a non-empty string", key);
        return false;
    }
    *out = value->as.scalar.text;
    return true;
}

/* One pass over MAP's keys, each of which must be one of NAMES (NULL-terminated): FIELDS[i]
 * gets the value of NAMES[i], the last one when a key repeats (as rc_node_get reads it), NULL
 * when absent. Every rule is read at every start-up: one pass instead of a check of the keys
 * and then a look-up per field. */
static bool read_fields(const rc_node *map, const char *const *names, const rc_node **fields,
                        const char *file, rc_diag *diag)
{
    size_t count = 0;
    while (names[count])
        fields[count++] = NULL;
    for (size_t i = 0; i < map->as.map.count; i++) {
        const rc_node *key = map->as.map.pairs[i].key;
        const char *name = rc_node_text(key);
        /* A key holding a NUL is no field name, whatever precedes the NUL. */
        bool plain = name && strlen(name) == key->as.scalar.len;
        size_t f = 0;
        while (plain && f < count && !(names[f][0] == name[0] && strcmp(names[f], name) == 0))
            f++;
        if (!plain || f == count) {
            rc_diag_set(diag, file, key->line, key->column, "unknown field \"%.80s\"",
                        name ? name : "?");
            return false;
        }
        fields[f] = map->as.map.pairs[i].value;
    }
    return true;
}

/* The text of an optional string field, NULL when absent or not a string (rc_node_get_text). */
static const char *optional_text(const rc_node *value)
{
    return rc_node_is_string(value) ? value->as.scalar.text : NULL;
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

enum rule_field {
    RULE_ID, RULE_NAME, RULE_CHECKLIST, RULE_SEVERITY, RULE_SUMMARY, RULE_DESCRIPTION,
    RULE_REMEDIATION, RULE_TEMPLATE, RULE_PARAMS, RULE_TAGS, RULE_FIELDS
};

static bool add_rule(rc_pack *pack, const rc_node *node, const char *file, rc_diag *diag)
{
    static const char *const names[RULE_FIELDS + 1] = {
        [RULE_ID] = "id",           [RULE_NAME] = "name",
        [RULE_CHECKLIST] = "checklist", [RULE_SEVERITY] = "severity",
        [RULE_SUMMARY] = "summary", [RULE_DESCRIPTION] = "description",
        [RULE_REMEDIATION] = "remediation", [RULE_TEMPLATE] = "template",
        [RULE_PARAMS] = "params",   [RULE_TAGS] = "tags",
    };
    const rc_node *fields[RULE_FIELDS];
    if (node->kind != RC_NODE_MAP)
        return fail_node(diag, file, node, "a rule must be a mapping");
    if (!read_fields(node, names, fields, file, diag))
        return false;
    if (!grow_array((void **)&pack->rules, &pack->rule_capacity, pack->rule_count,
                    sizeof *pack->rules))
        return fail_node(diag, file, node, "out of memory");
    rc_rule *rule = &pack->rules[pack->rule_count];
    memset(rule, 0, sizeof *rule);
    rule->file = file;
    rule->line = node->line;
    const char *severity, *template_name;
    static const enum rule_field required[] = {RULE_ID, RULE_NAME, RULE_SEVERITY, RULE_SUMMARY,
                                               RULE_DESCRIPTION, RULE_REMEDIATION,
                                               RULE_TEMPLATE};
    const char **texts[] = {&rule->id, &rule->name, &severity, &rule->summary,
                            &rule->description, &rule->remediation, &template_name};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!required_text(node, fields[required[i]], names[required[i]], file, texts[i], diag))
            return false;
    }
    for (const char *p = rule->id; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return fail_node(diag, file, fields[RULE_ID],
                             "rule id must use only A-Z, 0-9, - and _ (it is the SARIF ruleId)");
    }
    const rc_node *checklist = fields[RULE_CHECKLIST];
    if (checklist && !rc_node_is_null(checklist) && !rc_node_is_string(checklist))
        return fail_node(diag, file, checklist, "checklist must be the id of a checklist item");
    rule->checklist = optional_text(checklist);
    if (!rc_severity_parse(severity, false, &rule->severity))
        return fail_node(diag, file, fields[RULE_SEVERITY],
                         "severity must be error, warning or note");
    rule->tmpl = rc_template_find(template_name);
    if (!rule->tmpl) {
        const rc_node *at = fields[RULE_TEMPLATE];
        rc_diag_set(diag, file, at->line, at->column, "unknown check template \"%.80s\"",
                    template_name);
        return false;
    }
    if (!string_list(pack, fields[RULE_TAGS], file, "tags must be a list of strings",
                     (const char *const **)&rule->tags, &rule->tag_count, diag))
        return false;
    if (!rc_params_compile(&rule->params, rule->tmpl->params, fields[RULE_PARAMS], file,
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

enum item_field {
    ITEM_ID, ITEM_TITLE, ITEM_DESCRIPTION, ITEM_WEIGHT, ITEM_DECLARED_BY, ITEM_NA_REASON,
    ITEM_JUDGES_HOOKS, ITEM_FIELDS
};

static bool add_item(rc_pack *pack, const rc_node *node, const char *file, rc_diag *diag)
{
    static const char *const names[ITEM_FIELDS + 1] = {
        [ITEM_ID] = "id",         [ITEM_TITLE] = "title",
        [ITEM_DESCRIPTION] = "description", [ITEM_WEIGHT] = "weight",
        [ITEM_DECLARED_BY] = "declared-by", [ITEM_NA_REASON] = "na-reason",
        [ITEM_JUDGES_HOOKS] = "judges-hooks",
    };
    const rc_node *fields[ITEM_FIELDS];
    if (node->kind != RC_NODE_MAP)
        return fail_node(diag, file, node, "a checklist item must be a mapping");
    if (!read_fields(node, names, fields, file, diag))
        return false;
    if (!grow_array((void **)&pack->items, &pack->item_capacity, pack->item_count,
                    sizeof *pack->items))
        return fail_node(diag, file, node, "out of memory");
    rc_checklist_item *item = &pack->items[pack->item_count];
    memset(item, 0, sizeof *item);
    item->file = file;
    item->line = node->line;
    if (!required_text(node, fields[ITEM_ID], "id", file, &item->id, diag) ||
        !required_text(node, fields[ITEM_TITLE], "title", file, &item->title, diag) ||
        !required_text(node, fields[ITEM_DESCRIPTION], "description", file, &item->description,
                       diag))
        return false;
    const rc_node *weight = fields[ITEM_WEIGHT];
    long long w = 1;
    if (weight && (!rc_node_int(weight, &w) || w < 1 || w > 1000))
        return fail_node(diag, file, weight, "weight must be an integer from 1 to 1000");
    item->weight = (double)w;
    item->na_reason = optional_text(fields[ITEM_NA_REASON]);
    const rc_node *hooks = fields[ITEM_JUDGES_HOOKS];
    if (hooks && !rc_node_bool(hooks, &item->judges_hooks))
        return fail_node(diag, file, hooks, "judges-hooks must be true or false");
    if (!string_list(pack, fields[ITEM_DECLARED_BY], file,
                     "declared-by must be a list of requirement keys", &item->declared_by,
                     &item->declared_by_count, diag))
        return false;
    pack->item_count++;
    return true;
}

/* LIST is the value of KEY in a pack file, NULL when the file has none. */
static bool add_section(rc_pack *pack, const rc_node *list, const char *key, const char *file,
                        bool (*add)(rc_pack *, const rc_node *, const char *, rc_diag *),
                        rc_diag *diag)
{
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
    static const char *const names[] = {"rules", "checklist", "profiles", NULL};
    const rc_node *fields[3];
    if (root->kind != RC_NODE_MAP)
        return fail_node(diag, file, root, "a rule pack file must be a mapping");
    return read_fields(root, names, fields, file, diag) &&
           add_section(pack, fields[0], "rules", file, add_rule, diag) &&
           add_section(pack, fields[1], "checklist", file, add_item, diag) &&
           (!fields[2] || rc_profiles_parse(&pack->profiles, &pack->arena, fields[2], file, diag));
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

static int compare_ids(const void *a, const void *b)
{
    return strcmp((*(const rc_rule *const *)a)->id, (*(const rc_rule *const *)b)->id);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp((*(const rc_rule *const *)a)->name, (*(const rc_rule *const *)b)->name);
}

/* Whether two rules share an id or a name, found by sorting (BY_ID ends sorted by id). */
static bool any_repeat(const rc_rule **by_id, size_t count)
{
    bool repeats = false;
    qsort(by_id, count, sizeof *by_id, compare_names);
    for (size_t i = 1; i < count && !repeats; i++)
        repeats = strcmp(by_id[i - 1]->name, by_id[i]->name) == 0;
    qsort(by_id, count, sizeof *by_id, compare_ids);
    for (size_t i = 1; i < count && !repeats; i++)
        repeats = strcmp(by_id[i - 1]->id, by_id[i]->id) == 0;
    return repeats;
}

/* Rule I's first earlier rule with its id or name, or NULL. */
static const rc_rule *earlier_repeat(const rc_pack *pack, size_t i)
{
    const rc_rule *rule = &pack->rules[i];
    for (size_t j = 0; j < i; j++) {
        const rc_rule *other = &pack->rules[j];
        if (strcmp(rule->id, other->id) == 0 || strcmp(rule->name, other->name) == 0)
            return other;
    }
    return NULL;
}

bool rc_pack_finish(rc_pack *pack, rc_diag *diag)
{
    size_t count = pack->rule_count;
    const rc_rule **by_id = malloc((count ? count : 1) * sizeof *by_id);
    rc_rule *sorted = malloc((count ? count : 1) * sizeof *sorted);
    if (!by_id || !sorted) {
        free(by_id);
        free(sorted);
        rc_diag_set(diag, pack->source ? pack->source : "rule pack", 0, 0, "out of memory");
        return false;
    }
    for (size_t i = 0; i < count; i++)
        by_id[i] = &pack->rules[i];
    /* Repeats are found in n log n; only a pack that has one pays for finding, in load order,
     * the later rule of the pair to report. */
    bool repeats = any_repeat(by_id, count);
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++) {
        const rc_rule *rule = &pack->rules[i];
        const rc_rule *other = repeats ? earlier_repeat(pack, i) : NULL;
        if (other) {
            rc_diag_set(diag, rule->file, rule->line, 1,
                        "rule %s (%s) repeats the id or name of the rule at %s:%u",
                        rule->id, rule->name, other->file, (unsigned)other->line);
            ok = false;
        } else if (rule->checklist && !rc_pack_find_item(pack, rule->checklist)) {
            rc_diag_set(diag, rule->file, rule->line, 1,
                        "rule %s names checklist item \"%.80s\", which the pack does not define",
                        rule->id, rule->checklist);
            ok = false;
        }
    }
    for (size_t i = 0; ok && i < pack->item_count; i++) {
        for (size_t j = 0; ok && j < i; j++) {
            if (strcmp(pack->items[i].id, pack->items[j].id) == 0) {
                rc_diag_set(diag, pack->items[i].file, pack->items[i].line, 1,
                            "checklist item %s is defined twice", pack->items[i].id);
                ok = false;
            }
        }
    }
    if (ok) {
        for (size_t i = 0; i < count; i++)
            sorted[i] = *by_id[i];
        free(pack->rules);
        pack->rules = sorted;
        pack->rule_capacity = count ? count : 1;
        pack->sorted = true;
        sorted = NULL;
    }
    free(sorted);
    free(by_id);
    return ok;
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

size_t rc_pack_rule_index(const rc_pack *pack, const rc_rule *rule)
{
    /* Compared as integers: a pointer outside the array may not be compared with it. */
    uintptr_t at = (uintptr_t)rule, first = (uintptr_t)pack->rules;
    if (at < first || at >= first + pack->rule_count * sizeof *pack->rules)
        return pack->rule_count;
    return (at - first) / sizeof *pack->rules;
}

const rc_rule *rc_pack_find_rule(const rc_pack *pack, const char *id_or_name)
{
    if (pack->sorted) {
        size_t low = 0, high = pack->rule_count;
        while (low < high) {
            size_t mid = low + (high - low) / 2;
            int order = strcmp(pack->rules[mid].id, id_or_name);
            if (order == 0)
                return &pack->rules[mid];
            if (order < 0)
                low = mid + 1;
            else
                high = mid;
        }
    }
    /* By name (or in a pack not finished yet): names are looked up by people, rarely. */
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

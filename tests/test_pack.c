/* test_pack.c - the rule pack (rules/pack.h): the built-in pack is complete and consistent
 * with the template registry, and every malformed pack is rejected with the file, line and
 * column of the offending text. Fixture line numbers are written next to the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "rules/pack.h"
#include "rules/params.h"
#include "rules/template.h"
#include "testutil.h"

static rc_pack pack;
static rc_diag diag;

static void setup(void)
{
    rc_pack_init(&pack);
    memset(&diag, 0, sizeof diag);
}

static void teardown(void)
{
    rc_pack_release(&pack);
}

static bool load_text(const char *yaml)
{
    return rc_pack_add_text(&pack, "pack.yaml", yaml, strlen(yaml), &diag) &&
           rc_pack_finish(&pack, &diag);
}

static void load_ok(const char *yaml)
{
    ck_assert_msg(load_text(yaml), "pack rejected: %s:%u:%u: %s",
                  diag.file ? diag.file : "?", (unsigned)diag.line, (unsigned)diag.column,
                  diag.message);
}

static void expect_error(const char *yaml, uint32_t line, uint32_t column, const char *fragment)
{
    ck_assert_msg(!load_text(yaml), "pack accepted");
    ck_assert_ptr_nonnull(diag.file);
    ck_assert_str_eq(diag.file, "pack.yaml");
    ck_assert_msg(diag.line == line && diag.column == column,
                  "error at %u:%u, expected %u:%u (%s)", (unsigned)diag.line,
                  (unsigned)diag.column, (unsigned)line, (unsigned)column, diag.message);
    ck_assert_msg(strstr(diag.message, fragment) != NULL, "message \"%s\" lacks \"%s\"",
                  diag.message, fragment);
}

/* Lines 1-3 of every fixture: one checklist item, then the rules list. */
#define HEAD                                                                                   \
    "checklist:\n"                                                                             \
    "  - {id: item, title: Item, description: An item.}\n"                                     \
    "rules:\n"

/* Lines 4-11 of a valid rule; fixtures append its params (or break one of these lines). */
#define RULE_HEAD(id, name)                                                                    \
    "  - id: " id "\n"                                                                         \
    "    name: " name "\n"                                                                     \
    "    checklist: item\n"                                                                    \
    "    severity: error\n"                                                                    \
    "    summary: A summary\n"                                                                 \
    "    description: A description\n"                                                         \
    "    remediation: A remediation\n"                                                         \
    "    template: container-resource\n"

#define CPU_PARAMS                                                                             \
    "    params:\n"                                                                            \
    "      resource: cpu\n"                                                                    \
    "      field: requests\n"

/* ---- the built-in pack ---- */

static const char *nonempty(const char *text)
{
    return text && text[0] ? text : NULL;
}

START_TEST(builtin_rules_are_complete)
{
    ck_assert_msg(rc_pack_load_builtin(&pack, &diag), "%s:%u:%u: %s", diag.file,
                  (unsigned)diag.line, (unsigned)diag.column, diag.message);
    ck_assert_uint_gt(pack.rule_count, 0);
    ck_assert_uint_gt(pack.item_count, 0);
    for (size_t i = 0; i < pack.rule_count; i++) {
        const rc_rule *rule = &pack.rules[i];
        ck_assert_msg(nonempty(rule->id) != NULL, "rule %zu has no id", i);
        ck_assert_msg(nonempty(rule->name), "%s has no name", rule->id);
        ck_assert_msg(nonempty(rule->summary), "%s has no summary", rule->id);
        ck_assert_msg(nonempty(rule->description), "%s has no description", rule->id);
        ck_assert_msg(nonempty(rule->remediation), "%s has no remediation", rule->id);
        ck_assert_msg(rule->tmpl != NULL, "%s has no template", rule->id);
        ck_assert_msg(rc_template_find(rule->tmpl->name) == rule->tmpl,
                      "%s: template %s is not the registered one", rule->id, rule->tmpl->name);
        ck_assert_msg(rule->severity >= RC_SEVERITY_NOTE && rule->severity <= RC_SEVERITY_ERROR,
                      "%s: severity %d", rule->id, (int)rule->severity);
        ck_assert_msg(nonempty(rule->file) && rule->line > 0, "%s has no origin", rule->id);
        if (strcmp(rule->tmpl->name, "input-error") == 0)
            continue;
        ck_assert_msg(rule->checklist != NULL, "%s decides no checklist item", rule->id);
        ck_assert_msg(rc_pack_find_item(&pack, rule->checklist) != NULL,
                      "%s names unknown checklist item %s", rule->id, rule->checklist);
    }
}
END_TEST

START_TEST(builtin_ids_and_names_are_unique_and_findable)
{
    ck_assert(rc_pack_load_builtin(&pack, &diag));
    for (size_t i = 0; i < pack.rule_count; i++) {
        const rc_rule *rule = &pack.rules[i];
        if (i > 0) /* finish sorts by id: strictly increasing means unique */
            ck_assert_msg(strcmp(pack.rules[i - 1].id, rule->id) < 0, "%s then %s",
                          pack.rules[i - 1].id, rule->id);
        for (size_t j = 0; j < i; j++) {
            ck_assert_msg(strcmp(pack.rules[j].id, rule->id) != 0, "id %s repeats", rule->id);
            ck_assert_msg(strcmp(pack.rules[j].name, rule->name) != 0, "name %s repeats",
                          rule->name);
        }
        ck_assert_ptr_eq(rc_pack_find_rule(&pack, rule->id), rule);
        ck_assert_ptr_eq(rc_pack_find_rule(&pack, rule->name), rule);
    }
    ck_assert_ptr_null(rc_pack_find_rule(&pack, "no-such-rule"));
    ck_assert_ptr_null(rc_pack_find_rule(&pack, ""));
}
END_TEST

static void same_text(const char *what, const char *a, const char *b)
{
    ck_assert_msg((a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0), "%s: \"%s\" vs \"%s\"",
                  what, a ? a : "(null)", b ? b : "(null)");
}

/* The trees tools/pack_compile wrote into the binary are the trees rules/ parses into: the
 * built-in pack and rules/ loaded as a --rules pack agree on every field and parameter. */
START_TEST(builtin_trees_are_the_rules_directory)
{
    ck_assert(rc_pack_load_builtin(&pack, &diag));
    rc_pack parsed;
    rc_pack_init(&parsed);
    ck_assert_msg(rc_pack_load_path(&parsed, "rules", &diag), "%s:%u:%u: %s", diag.file,
                  (unsigned)diag.line, (unsigned)diag.column, diag.message);
    ck_assert_uint_eq(parsed.digest, pack.digest);
    ck_assert_uint_eq(parsed.rule_count, pack.rule_count);
    ck_assert_uint_eq(parsed.item_count, pack.item_count);
    ck_assert_uint_eq(parsed.profiles.count, pack.profiles.count);
    for (size_t i = 0; i < pack.rule_count; i++) {
        const rc_rule *a = &pack.rules[i], *b = &parsed.rules[i];
        same_text("id", a->id, b->id);
        same_text("name", a->name, b->name);
        same_text("checklist", a->checklist, b->checklist);
        same_text("summary", a->summary, b->summary);
        same_text("description", a->description, b->description);
        same_text("remediation", a->remediation, b->remediation);
        same_text("file", a->file, b->file);
        ck_assert_uint_eq(a->line, b->line);
        ck_assert_int_eq(a->severity, b->severity);
        ck_assert_ptr_eq(a->tmpl, b->tmpl);
        ck_assert_uint_eq(a->tag_count, b->tag_count);
        for (size_t t = 0; t < a->tag_count; t++)
            same_text("tag", a->tags[t], b->tags[t]);
        ck_assert_uint_eq(a->params.count, b->params.count);
        for (size_t p = 0; p < a->params.count; p++) {
            const rc_param_value *x = &a->params.values[p], *y = &b->params.values[p];
            ck_assert_msg(x->set == y->set && x->integer == y->integer &&
                              x->boolean == y->boolean && x->count == y->count,
                          "%s: parameter %s differs", a->id, a->params.specs[p].name);
            same_text("string", x->string, y->string);
            for (size_t k = 0; k < x->count; k++) {
                same_text("item", x->strings[k], y->strings[k]);
                if (x->regexes)
                    same_text("pattern", rc_regex_pattern(x->regexes[k]),
                              rc_regex_pattern(y->regexes[k]));
            }
        }
    }
    for (size_t i = 0; i < pack.item_count; i++) {
        same_text("item id", pack.items[i].id, parsed.items[i].id);
        same_text("item description", pack.items[i].description, parsed.items[i].description);
        ck_assert(pack.items[i].weight == parsed.items[i].weight);
    }
    rc_pack_release(&parsed);
}
END_TEST

/* The built-in pack's patterns were compiled by the build: a run compiles only those it
 * matches. What a user adds later to the same pack is compiled, and refused, at once. */
START_TEST(builtin_patterns_wait_for_their_first_match)
{
    ck_assert(rc_pack_load_builtin(&pack, &diag));
    ck_assert_uint_gt(pack.regexes.count, 0);
    for (size_t i = 0; i < pack.regexes.count; i++)
        ck_assert_msg(!rc_regex_is_compiled(pack.regexes.items[i]), "%s compiled at load",
                      rc_regex_pattern(pack.regexes.items[i]));
    const rc_rule *rule = NULL;
    const char *name = NULL;
    for (size_t i = 0; i < pack.rule_count && !rule; i++) {
        for (size_t p = 0; p < pack.rules[i].params.count && !rule; p++) {
            const rc_param_value *v = &pack.rules[i].params.values[p];
            if (v->regexes && v->count > 0) {
                rule = &pack.rules[i];
                name = pack.rules[i].params.specs[p].name;
            }
        }
    }
    ck_assert_ptr_nonnull(rule);
    /* A list of several patterns is asked as one alternation, compiled in their stead. */
    const rc_param_value *value = rc_params_get(&rule->params, name);
    (void)rc_params_match(&rule->params, name, "anything");
    if (value->count > 1) {
        ck_assert_ptr_nonnull(value->any);
        ck_assert(rc_regex_is_compiled(value->any));
        ck_assert(!rc_regex_is_compiled(value->regexes[0]));
    } else {
        ck_assert(rc_regex_is_compiled(value->regexes[0]));
    }

    rc_limits limits;
    rc_limits_default(&limits);
    char yaml[256];
    snprintf(yaml, sizeof yaml, "%s: ['ok', '(unclosed']\n", name);
    rc_node *node = NULL;
    ck_assert(rc_yaml_load(&pack.arena, "settings.yaml", yaml, strlen(yaml), 3, &limits, &node,
                           &diag));
    rc_params params = rule->params;
    ck_assert(!rc_params_override(&params, node, "settings.yaml", &pack.arena, &pack.regexes,
                                  &diag));
    ck_assert_str_eq(diag.file, "settings.yaml");
    ck_assert_uint_eq(diag.line, 3);
    ck_assert_uint_eq(diag.column, (uint32_t)(strlen(name) + 10));
    ck_assert_msg(strstr(diag.message, "invalid regular expression") != NULL, "%s",
                  diag.message);
}
END_TEST

START_TEST(every_template_is_used_by_a_builtin_rule)
{
    ck_assert(rc_pack_load_builtin(&pack, &diag));
    size_t count = 0;
    const rc_template *const *all = rc_template_all(&count);
    ck_assert_uint_gt(count, 0);
    for (size_t t = 0; t < count; t++) {
        bool used = false;
        for (size_t i = 0; i < pack.rule_count && !used; i++)
            used = pack.rules[i].tmpl == all[t];
        ck_assert_msg(used, "template %s is used by no built-in rule", all[t]->name);
        if (t > 0) /* the registry is in name order */
            ck_assert_msg(strcmp(all[t - 1]->name, all[t]->name) < 0, "%s before %s",
                          all[t - 1]->name, all[t]->name);
        ck_assert_ptr_eq(rc_template_find(all[t]->name), all[t]);
    }
    ck_assert_ptr_null(rc_template_find("no-such-template"));
}
END_TEST

START_TEST(every_builtin_checklist_item_is_decided_by_a_rule)
{
    ck_assert(rc_pack_load_builtin(&pack, &diag));
    for (size_t i = 0; i < pack.item_count; i++) {
        const rc_checklist_item *item = &pack.items[i];
        ck_assert_msg(nonempty(item->title) && nonempty(item->description),
                      "item %s lacks a title or description", item->id);
        ck_assert_msg(item->weight >= 1, "item %s weight %g", item->id, item->weight);
        bool decided = false;
        for (size_t r = 0; r < pack.rule_count && !decided; r++)
            decided = pack.rules[r].checklist && strcmp(pack.rules[r].checklist, item->id) == 0;
        ck_assert_msg(decided, "checklist item %s is decided by no rule", item->id);
        ck_assert_ptr_eq(rc_pack_find_item(&pack, item->id), item);
    }
}
END_TEST

/* ---- a valid inline pack ---- */

START_TEST(inline_pack_loads_with_defaults)
{
    load_ok(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* lines 12-14 */
            "    tags: [a, b]\n");                     /* 15 */
    ck_assert_uint_eq(pack.rule_count, 1);
    const rc_rule *rule = rc_pack_find_rule(&pack, "T001");
    ck_assert_ptr_nonnull(rule);
    ck_assert_ptr_eq(rc_pack_find_rule(&pack, "t-one"), rule);
    ck_assert_str_eq(rule->name, "t-one");
    ck_assert_str_eq(rule->checklist, "item");
    ck_assert_int_eq(rule->severity, RC_SEVERITY_ERROR);
    ck_assert_str_eq(rule->summary, "A summary");
    ck_assert_str_eq(rule->tmpl->name, "container-resource");
    ck_assert_str_eq(rule->file, "pack.yaml");
    ck_assert_uint_eq(rule->line, 4);
    ck_assert_uint_eq(rule->tag_count, 2);
    ck_assert_str_eq(rule->tags[1], "b");
    ck_assert_str_eq(rc_params_string(&rule->params, "resource"), "cpu");
    ck_assert_str_eq(rc_params_string(&rule->params, "field"), "requests");
    /* container-types was not written: its default applies, and it is marked unset. */
    ck_assert(!rc_params_get(&rule->params, "container-types")->set);
    ck_assert(rc_params_get(&rule->params, "resource")->set);
    ck_assert(rc_params_contains(&rule->params, "container-types", "container"));
    ck_assert(rc_params_contains(&rule->params, "container-types", "init"));
    ck_assert(!rc_params_contains(&rule->params, "container-types", "ephemeral"));
    const rc_checklist_item *item = rc_pack_find_item(&pack, "item");
    ck_assert_ptr_nonnull(item);
    ck_assert_str_eq(item->title, "Item");
    ck_assert_uint_eq(item->line, 2);
    ck_assert(item->weight == 1.0); /* unset weight means 1 */
}
END_TEST

START_TEST(rules_are_sorted_by_id)
{
    load_ok(HEAD RULE_HEAD("T002", "t-two") CPU_PARAMS RULE_HEAD("T001", "t-one") CPU_PARAMS);
    ck_assert_uint_eq(pack.rule_count, 2);
    ck_assert_str_eq(pack.rules[0].id, "T001");
    ck_assert_uint_eq(pack.rules[0].line, 15);
    ck_assert_str_eq(pack.rules[1].id, "T002");
    ck_assert_uint_eq(pack.rules[1].line, 4);
}
END_TEST

START_TEST(several_files_and_documents_make_one_pack)
{
    static const char items[] = "checklist:\n  - {id: item, title: Item, description: D}\n";
    static const char rules[] = "rules: []\n"
                                "---\n"
                                "rules:\n" RULE_HEAD("T001", "t-one") CPU_PARAMS;
    ck_assert(rc_pack_add_text(&pack, "rules.yaml", rules, strlen(rules), &diag));
    ck_assert(rc_pack_add_text(&pack, "items.yaml", items, strlen(items), &diag));
    ck_assert_msg(rc_pack_finish(&pack, &diag), "%s", diag.message);
    const rc_rule *rule = rc_pack_find_rule(&pack, "T001");
    ck_assert_ptr_nonnull(rule);
    ck_assert_str_eq(rule->file, "rules.yaml");
    ck_assert_uint_eq(rule->line, 4); /* a line of the file, not of its second document */
    ck_assert_str_eq(rc_pack_find_item(&pack, "item")->file, "items.yaml");
}
END_TEST

/* ---- malformed packs ---- */

START_TEST(unknown_template)
{
    expect_error(HEAD "  - id: T001\n"          /* 4 */
                      "    name: t-one\n"       /* 5 */
                      "    checklist: item\n"   /* 6 */
                      "    severity: error\n"   /* 7 */
                      "    summary: S\n"        /* 8 */
                      "    description: D\n"    /* 9 */
                      "    remediation: R\n"    /* 10 */
                      "    template: no-such\n", /* 11 */
                 11, 15, "unknown check template \"no-such\"");
}
END_TEST

START_TEST(unknown_field_in_a_rule)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* lines 4-14 */
                 "    colour: red\n",                     /* 15 */
                 15, 5, "unknown field \"colour\"");
}
END_TEST

/* A key that holds a NUL after a field's name is not that field: rc_node_get would never find
 * it, so it must not pass as known either. */
START_TEST(field_name_with_a_nul_is_unknown)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* lines 4-14 */
                 "    \"tags\\0x\": [a]\n",                  /* 15 */
                 15, 5, "unknown field \"tags\"");
}
END_TEST

START_TEST(unknown_top_level_field)
{
    expect_error("rules: []\n"
                 "rulez: []\n",
                 2, 1, "unknown field \"rulez\"");
}
END_TEST

START_TEST(unknown_param)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* lines 4-14 */
                 "      bogus: 1\n",                      /* 15 */
                 15, 7, "unknown parameter \"bogus\"");
}
END_TEST

START_TEST(wrong_param_type)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one")
                 "    params:\n"            /* 12 */
                 "      resource: [cpu]\n"  /* 13 */
                 "      field: requests\n", /* 14 */
                 13, 17, "parameter resource must be a string");
    teardown();
    setup();
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* 4-14 */
                 "      container-types: {a: b}\n",       /* 15 */
                 15, 24, "parameter container-types must be a list of strings");
    teardown();
    setup();
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* 4-14 */
                 "      container-types: [init, [x]]\n",  /* 15 */
                 15, 31, "parameter container-types must be a list of strings");
}
END_TEST

START_TEST(bad_choice_value)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one")
                 "    params:\n"            /* 12 */
                 "      resource: gpu\n"    /* 13 */
                 "      field: requests\n", /* 14 */
                 13, 17, "\"gpu\"; expected one of cpu|memory|ephemeral-storage");
}
END_TEST

START_TEST(missing_required_param)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one")
                 "    params:\n"          /* 12 */
                 "      resource: cpu\n", /* 13 */
                 13, 7, "missing required parameter field");
}
END_TEST

START_TEST(params_not_a_map)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") "    params: [cpu]\n", 12, 13,
                 "params must be a mapping");
}
END_TEST

/* Finds a registered template with a regex (or regex-list) parameter. */
static bool find_regex_param(const rc_template **tmpl, const rc_param_spec **spec)
{
    size_t count = 0;
    const rc_template *const *all = rc_template_all(&count);
    for (size_t t = 0; t < count; t++) {
        for (const rc_param_spec *p = all[t]->params; p && p->name; p++) {
            if (p->type == RC_PARAM_REGEX || p->type == RC_PARAM_REGEX_LIST) {
                *tmpl = all[t];
                *spec = p;
                return true;
            }
        }
    }
    return false;
}

START_TEST(invalid_regex_param)
{
    const rc_template *tmpl;
    const rc_param_spec *spec;
    if (!find_regex_param(&tmpl, &spec)) {
        fprintf(stderr, "test_pack: no template declares a regex parameter; "
                        "invalid_regex_param checks nothing yet\n");
        return;
    }
    /* The bad regex comes first among the params, so it is judged before any other
     * parameter the template may require. */
    char yaml[2048];
    int n = snprintf(yaml, sizeof yaml,
                     HEAD "  - id: T001\n"            /* 4 */
                          "    name: t-one\n"         /* 5 */
                          "    checklist: item\n"     /* 6 */
                          "    severity: error\n"     /* 7 */
                          "    summary: S\n"          /* 8 */
                          "    description: D\n"      /* 9 */
                          "    remediation: R\n"      /* 10 */
                          "    template: %s\n"        /* 11 */
                          "    params:\n"             /* 12 */
                          "      %s: \"(unclosed\"\n", /* 13 */
                     tmpl->name, spec->name);
    ck_assert(n > 0 && (size_t)n < sizeof yaml);
    char fragment[160];
    snprintf(fragment, sizeof fragment, "parameter %s: ", spec->name);
    expect_error(yaml, 13, (uint32_t)(7 + strlen(spec->name) + 2), fragment);
}
END_TEST

/* A --rules pack (a directory, as the CLI loads it) with a bad pattern fails to load, at the
 * pattern's file, line and column: its patterns are compiled at load, not at first match. */
START_TEST(invalid_regex_in_a_rules_directory)
{
    const rc_template *tmpl;
    const rc_param_spec *spec;
    ck_assert(find_regex_param(&tmpl, &spec));
    char dir[] = "/tmp/test_pack.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/bad.yaml", dir);
    FILE *out = fopen(path, "w");
    ck_assert_ptr_nonnull(out);
    fprintf(out, HEAD "  - id: T001\n"          /* 4 */
                      "    name: t-one\n"       /* 5 */
                      "    checklist: item\n"   /* 6 */
                      "    severity: error\n"   /* 7 */
                      "    summary: S\n"        /* 8 */
                      "    description: D\n"    /* 9 */
                      "    remediation: R\n"    /* 10 */
                      "    template: %s\n"      /* 11 */
                      "    params:\n"           /* 12 */
                      "      %s: ['x', 'a{2,1}']\n", /* 13 */
            tmpl->name, spec->name);
    ck_assert_int_eq(fclose(out), 0);
    bool loaded = rc_pack_load_path(&pack, dir, &diag);
    unlink(path);
    rmdir(dir);
    ck_assert_msg(!loaded, "pack with a bad pattern loaded");
    ck_assert_str_eq(diag.file, path);
    ck_assert_uint_eq(diag.line, 13);
    ck_assert_uint_eq(diag.column, (uint32_t)(7 + strlen(spec->name) + 2 + 6));
    ck_assert_msg(strstr(diag.message, "invalid regular expression at offset") != NULL, "%s",
                  diag.message);
    for (size_t i = 0; i < pack.regexes.count; i++)
        ck_assert(rc_regex_is_compiled(pack.regexes.items[i]));
}
END_TEST

/* ---- typed parameters, against a spec table of our own (every type, whatever the registry
 * holds today) ---- */

static const rc_param_spec test_specs[] = {
    {"pattern", RC_PARAM_REGEX, "'^x'", NULL, "one regex"},
    {"patterns", RC_PARAM_REGEX_LIST, "[]", NULL, "regexes"},
    {"count", RC_PARAM_INT, "3", NULL, "an integer"},
    {"flag", RC_PARAM_BOOL, "false", NULL, "a boolean"},
    {"names", RC_PARAM_STRING_LIST, "[a, b]", NULL, "strings"},
    {NULL, 0, NULL, NULL, NULL},
};

static bool compile_params(rc_params *params, const char *yaml)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *node = NULL;
    ck_assert_msg(rc_yaml_load(&pack.arena, "params.yaml", yaml, strlen(yaml), 1, &limits,
                               &node, &diag),
                  "fixture: %s", diag.message);
    return rc_params_compile(params, test_specs, node, "params.yaml", &pack.arena,
                             &pack.regexes, &diag);
}

static void expect_param_error(const char *yaml, uint32_t line, uint32_t column,
                               const char *fragment)
{
    rc_params params;
    ck_assert_msg(!compile_params(&params, yaml), "accepted: %s", yaml);
    ck_assert_str_eq(diag.file, "params.yaml");
    ck_assert_msg(diag.line == line && diag.column == column,
                  "error at %u:%u, expected %u:%u (%s)", (unsigned)diag.line,
                  (unsigned)diag.column, (unsigned)line, (unsigned)column, diag.message);
    ck_assert_msg(strstr(diag.message, fragment) != NULL, "message \"%s\" lacks \"%s\"",
                  diag.message, fragment);
}

START_TEST(params_of_every_type)
{
    rc_params params;
    ck_assert_msg(compile_params(&params, "pattern: '^web-[0-9]+$'\n"
                                          "patterns: [foo, '^bar$']\n"
                                          "count: -12\n"
                                          "flag: TRUE\n"
                                          "names: single\n"),
                  "%s", diag.message);
    ck_assert(rc_params_match(&params, "pattern", "web-12"));
    ck_assert(!rc_params_match(&params, "pattern", "web-12x"));
    ck_assert(rc_params_match(&params, "patterns", "xfoox"));
    ck_assert(rc_params_match(&params, "patterns", "bar"));
    ck_assert(!rc_params_match(&params, "patterns", "barx"));
    ck_assert_int_eq(rc_params_int(&params, "count"), -12);
    ck_assert(rc_params_bool(&params, "flag"));
    ck_assert_uint_eq(rc_params_get(&params, "names")->count, 1); /* a scalar is a list of 1 */
    ck_assert(rc_params_contains(&params, "names", "single"));
    ck_assert(!rc_params_contains(&params, "names", "a"));
}
END_TEST

START_TEST(param_defaults_of_every_type)
{
    rc_params params;
    ck_assert_msg(compile_params(&params, "{}\n"), "%s", diag.message);
    ck_assert(rc_params_match(&params, "pattern", "xyz"));
    ck_assert(!rc_params_match(&params, "pattern", "axyz"));
    ck_assert_uint_eq(rc_params_get(&params, "patterns")->count, 0);
    ck_assert(!rc_params_match(&params, "patterns", ""));
    ck_assert_int_eq(rc_params_int(&params, "count"), 3);
    ck_assert(!rc_params_bool(&params, "flag"));
    ck_assert(rc_params_contains(&params, "names", "b"));
    for (size_t i = 0; i < 5; i++)
        ck_assert(!params.values[i].set);
}
END_TEST

START_TEST(invalid_regex_param_direct)
{
    expect_param_error("count: 1\n"
                       "pattern: '(unclosed'\n",
                       2, 10, "parameter pattern: invalid regular expression");
    teardown();
    setup();
    expect_param_error("patterns:\n"
                       "  - ok\n"
                       "  - 'a{2,1}'\n",
                       3, 5, "parameter patterns: invalid regular expression");
    teardown();
    setup();
    /* One regex, not a list. */
    expect_param_error("pattern: [a, b]\n", 1, 10, "parameter pattern must be a regex");
}
END_TEST

START_TEST(int_and_bool_param_types)
{
    expect_param_error("count: 1.5\n", 1, 8, "parameter count must be");
    teardown();
    setup();
    expect_param_error("count: [1]\n", 1, 8, "parameter count must be");
    teardown();
    setup();
    expect_param_error("flag: yes\n", 1, 7, "parameter flag must be a boolean");
    teardown();
    setup();
    expect_param_error("names: [a, {b: c}]\n", 1, 12, "parameter names must be a list of strings");
}
END_TEST

START_TEST(duplicate_id)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* 4-14 */
                 RULE_HEAD("T001", "t-two") CPU_PARAMS,   /* 15-25 */
                 15, 1, "repeats the id or name of the rule at pack.yaml:4");
}
END_TEST

START_TEST(duplicate_name)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one") CPU_PARAMS /* 4-14 */
                 RULE_HEAD("T002", "t-one") CPU_PARAMS,   /* 15-25 */
                 15, 1, "repeats the id or name");
}
END_TEST

START_TEST(duplicate_checklist_item)
{
    expect_error("checklist:\n"
                 "  - {id: item, title: Item, description: D}\n"
                 "  - {id: item, title: Again, description: D}\n",
                 3, 1, "checklist item item is defined twice");
}
END_TEST

START_TEST(unknown_checklist_item)
{
    expect_error(HEAD "  - id: T001\n"             /* 4 */
                      "    name: t-one\n"          /* 5 */
                      "    checklist: nope\n"      /* 6 */
                      "    severity: error\n"      /* 7 */
                      "    summary: S\n"           /* 8 */
                      "    description: D\n"       /* 9 */
                      "    remediation: R\n"       /* 10 */
                      "    template: input-error\n", /* 11 */
                 4, 1, "checklist item \"nope\", which the pack does not define");
}
END_TEST

START_TEST(bad_severity)
{
    expect_error(HEAD "  - id: T001\n"               /* 4 */
                      "    name: t-one\n"            /* 5 */
                      "    checklist: item\n"        /* 6 */
                      "    severity: fatal\n"        /* 7 */
                      "    summary: S\n"             /* 8 */
                      "    description: D\n"         /* 9 */
                      "    remediation: R\n"         /* 10 */
                      "    template: input-error\n", /* 11 */
                 7, 15, "severity must be error, warning or note");
}
END_TEST

START_TEST(missing_required_field)
{
    /* Absent: reported at the rule's mapping. */
    expect_error(HEAD "  - id: T001\n"               /* 4 */
                      "    name: t-one\n"            /* 5 */
                      "    severity: note\n"         /* 6 */
                      "    description: D\n"         /* 7 */
                      "    remediation: R\n"         /* 8 */
                      "    template: input-error\n", /* 9 */
                 4, 5, "field summary is required");
    teardown();
    setup();
    /* Present but empty or null: reported at the value. */
    expect_error(HEAD "  - id: T001\n"               /* 4 */
                      "    name: \"\"\n"             /* 5 */
                      "    severity: note\n",        /* 6 */
                 5, 11, "field name is required");
    teardown();
    setup();
    expect_error(HEAD "  - id: T001\n"               /* 4 */
                      "    name: t-one\n"            /* 5 */
                      "    severity: note\n"         /* 6 */
                      "    summary: S\n"             /* 7 */
                      "    description: D\n"         /* 8 */
                      "    remediation: ~\n"         /* 9 */
                      "    template: input-error\n", /* 10 */
                 9, 18, "field remediation is required");
}
END_TEST

START_TEST(bad_rule_id)
{
    expect_error(HEAD RULE_HEAD("t001", "t-one") CPU_PARAMS, 4, 9, "rule id must use only");
}
END_TEST

START_TEST(rules_not_a_list)
{
    expect_error("rules: {id: T001}\n", 1, 8, "rules must be a list");
    teardown();
    setup();
    expect_error("checklist: []\n" /* 1 */
                 "rules:\n"        /* 2 */
                 "  id: T001\n",   /* 3 */
                 3, 3, "rules must be a list");
    teardown();
    setup();
    expect_error("rules: just text\n", 1, 8, "rules must be a list");
}
END_TEST

START_TEST(rule_or_file_not_a_mapping)
{
    expect_error("rules:\n  - just-a-rule-name\n", 2, 5, "a rule must be a mapping");
    teardown();
    setup();
    expect_error("- rules\n", 1, 1, "a rule pack file must be a mapping");
}
END_TEST

START_TEST(bad_checklist_items)
{
    expect_error("checklist:\n"
                 "  - id: item\n"
                 "    title: Item\n"
                 "    description: D\n"
                 "    weight: heavy\n",
                 5, 13, "weight must be an integer from 1 to 1000");
    teardown();
    setup();
    expect_error("checklist:\n"
                 "  - {id: item, title: Item, description: D, declared-by: backup}\n",
                 2, 58, "declared-by must be a list of requirement keys");
    teardown();
    setup();
    expect_error("checklist:\n"
                 "  - {id: item, title: Item, description: D, owner: me}\n",
                 2, 45, "unknown field \"owner\"");
}
END_TEST

START_TEST(syntax_error_in_a_pack_file)
{
    expect_error("rules:\n"
                 "  - id: T001\n"
                 "   name: x\n",
                 3, 4, "YAML syntax error");
}
END_TEST

/* ---- regression tests for bugs found while writing these suites (all fixed) ----
 * - A rule with no `params:` whose template requires one is reported at line 0, column 0:
 *   rc_params_compile only has the params node for a position, and it is NULL.
 * - A `checklist:` that is not a string (a list, a map) is silently ignored, so the rule
 *   decides no item instead of being rejected. */

START_TEST(missing_params_map_is_reported_at_the_rule)
{
    expect_error(HEAD RULE_HEAD("T001", "t-one"), 4, 5, "missing required parameter");
}
END_TEST

START_TEST(checklist_must_be_a_string)
{
    expect_error(HEAD "  - id: T001\n"               /* 4 */
                      "    name: t-one\n"            /* 5 */
                      "    checklist: [item]\n"      /* 6 */
                      "    severity: error\n"        /* 7 */
                      "    summary: S\n"             /* 8 */
                      "    description: D\n"         /* 9 */
                      "    remediation: R\n"         /* 10 */
                      "    template: input-error\n", /* 11 */
                 6, 16, "checklist");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("pack");

    TCase *builtin = tcase_create("builtin");
    tcase_add_checked_fixture(builtin, setup, teardown);
    tcase_add_test(builtin, builtin_rules_are_complete);
    tcase_add_test(builtin, builtin_ids_and_names_are_unique_and_findable);
    tcase_add_test(builtin, every_template_is_used_by_a_builtin_rule);
    tcase_add_test(builtin, every_builtin_checklist_item_is_decided_by_a_rule);
    tcase_add_test(builtin, builtin_trees_are_the_rules_directory);
    tcase_add_test(builtin, builtin_patterns_wait_for_their_first_match);
    suite_add_tcase(suite, builtin);

    TCase *inline_pack = tcase_create("inline");
    tcase_add_checked_fixture(inline_pack, setup, teardown);
    tcase_add_test(inline_pack, inline_pack_loads_with_defaults);
    tcase_add_test(inline_pack, rules_are_sorted_by_id);
    tcase_add_test(inline_pack, several_files_and_documents_make_one_pack);
    suite_add_tcase(suite, inline_pack);

    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_test(errors, unknown_template);
    tcase_add_test(errors, unknown_field_in_a_rule);
    tcase_add_test(errors, field_name_with_a_nul_is_unknown);
    tcase_add_test(errors, unknown_top_level_field);
    tcase_add_test(errors, unknown_param);
    tcase_add_test(errors, wrong_param_type);
    tcase_add_test(errors, bad_choice_value);
    tcase_add_test(errors, missing_required_param);
    tcase_add_test(errors, params_not_a_map);
    tcase_add_test(errors, invalid_regex_param);
    tcase_add_test(errors, invalid_regex_in_a_rules_directory);
    tcase_add_test(errors, params_of_every_type);
    tcase_add_test(errors, param_defaults_of_every_type);
    tcase_add_test(errors, invalid_regex_param_direct);
    tcase_add_test(errors, int_and_bool_param_types);
    tcase_add_test(errors, duplicate_id);
    tcase_add_test(errors, duplicate_name);
    tcase_add_test(errors, duplicate_checklist_item);
    tcase_add_test(errors, unknown_checklist_item);
    tcase_add_test(errors, bad_severity);
    tcase_add_test(errors, missing_required_field);
    tcase_add_test(errors, bad_rule_id);
    tcase_add_test(errors, rules_not_a_list);
    tcase_add_test(errors, rule_or_file_not_a_mapping);
    tcase_add_test(errors, bad_checklist_items);
    tcase_add_test(errors, syntax_error_in_a_pack_file);
    suite_add_tcase(suite, errors);

    /* Regression tests for bugs these suites found. */
    {
    TCase *regressions = tcase_create("regressions");
    tcase_add_checked_fixture(regressions, setup, teardown);
    tcase_add_test(regressions, missing_params_map_is_reported_at_the_rule);
    tcase_add_test(regressions, checklist_must_be_a_string);
    suite_add_tcase(suite, regressions);
    }

    return rc_test_run(suite);
}

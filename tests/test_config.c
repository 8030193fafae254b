/* test_config.c - .readyctl.yaml's declared requirements (config/requirements.h) and
 * profiles (rules/profile.h): every key read with its position, every mistake rejected at
 * its file, line and column, service words matched as DESIGN.md §4 says, and profiles
 * applied through `extends:` onto the built-in pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/requirements.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "rules/pack.h"
#include "rules/profile.h"
#include "testutil.h"

static rc_arena arena;
static rc_regex_set regexes;
static rc_requirements req;
static rc_diag diag;

static void setup(void)
{
    rc_arena_init(&arena);
    memset(&regexes, 0, sizeof regexes);
    memset(&diag, 0, sizeof diag);
}

static void teardown(void)
{
    rc_regex_set_release(&regexes);
    rc_arena_release(&arena);
}

static rc_node *parse(const char *yaml)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    char *copy = rc_arena_strdup(&arena, yaml);
    ck_assert(rc_yaml_load(&arena, "cfg.yaml", copy, strlen(copy), 1, &limits, &root, &diag));
    return root;
}

/* Loads the value of the top-level `requirements:` key of YAML. */
static bool load(const char *yaml)
{
    rc_node *root = parse(yaml);
    return rc_requirements_load(&req, rc_node_get(root, "requirements"), "cfg.yaml", &arena,
                                &regexes, &diag);
}

static void expect_error(const char *yaml, uint32_t line, uint32_t column, const char *fragment)
{
    ck_assert_msg(!load(yaml), "accepted: %s", yaml);
    ck_assert_str_eq(diag.file, "cfg.yaml");
    ck_assert_msg(diag.line == line && diag.column == column, "error at %u:%u, expected %u:%u (%s)",
                  (unsigned)diag.line, (unsigned)diag.column, (unsigned)line, (unsigned)column,
                  diag.message);
    ck_assert_msg(strstr(diag.message, fragment), "message \"%s\" lacks \"%s\"", diag.message,
                  fragment);
}

START_TEST(every_key_is_read_with_its_position)
{
    ck_assert(load("requirements:\n"
                   "  services: [backend, /^sync-.*$/]\n"
                   "  autoscaling: [backend]\n"
                   "  scraping: {interval: 15s}\n"
                   "  dashboards:\n"
                   "    refresh: 30s\n"
                   "    topics:\n"
                   "      - {name: lag, match: 'consumer_?lag'}\n"
                   "  logging:\n"
                   "    format: json\n"
                   "    fields: [level, message]\n"
                   "    queries: [{name: failed, match: 'fail'}]\n"
                   "  retention:\n"
                   "    metrics: {min: 15d, max: 30d}\n"
                   "    logs: {dev: 7d, prod: 30d}\n"
                   "  backup: required\n"));
    ck_assert_uint_eq(req.services.count, 2);
    ck_assert_ptr_null(req.services.items[0].regex);
    ck_assert_ptr_nonnull(req.services.items[1].regex);
    ck_assert_uint_eq(req.services.items[1].at.line, 2);
    ck_assert_uint_eq(req.services.items[1].at.column, 23);
    ck_assert_uint_eq(req.autoscaling.count, 1);
    ck_assert(req.scrape_interval.declared);
    ck_assert_int_eq(req.scrape_interval.ms, 15000);
    ck_assert_int_eq(req.dashboard_refresh.ms, 30000);
    ck_assert_uint_eq(req.topic_count, 1);
    ck_assert_str_eq(req.topics[0].name, "lag");
    ck_assert_uint_eq(req.topics[0].at.line, 8);
    ck_assert_str_eq(req.log_format, "json");
    ck_assert_uint_eq(req.log_field_count, 2);
    ck_assert_uint_eq(req.log_query_count, 1);
    ck_assert_int_eq(req.metrics_min.ms, 15LL * 86400000);
    ck_assert_int_eq(req.metrics_max.ms, 30LL * 86400000);
    ck_assert_uint_eq(req.log_retention_count, 2);
    ck_assert_int_eq(req.backup, RC_BACKUP_REQUIRED);
    ck_assert_uint_eq(req.backup_at.line, 16);
    ck_assert_uint_eq(req.backup_at.column, 11);
    static const char *const declared[] = {"services", "autoscaling", "scraping", "dashboards",
                                           "dashboards.topics", "dashboards.refresh",
                                           "logging", "retention", "retention.logs",
                                           "retention.metrics", "backup"};
    for (size_t i = 0; i < sizeof declared / sizeof declared[0]; i++)
        ck_assert_msg(rc_requirements_declared(&req, declared[i]), "%s", declared[i]);
}
END_TEST

START_TEST(nothing_declared_declares_nothing)
{
    ck_assert(load("profile: dev\n"));
    ck_assert_ptr_null(req.node);
    ck_assert(!rc_requirements_declared(&req, "autoscaling"));
    ck_assert(!rc_requirements_declared(NULL, "backup"));
    ck_assert(load("requirements:\n  dashboards: {refresh: 1m}\n"));
    ck_assert(rc_requirements_declared(&req, "dashboards"));
    ck_assert(!rc_requirements_declared(&req, "dashboards.topics"));
    ck_assert(!rc_requirements_declared(&req, "backup"));
}
END_TEST

START_TEST(wrong_types_are_positioned)
{
    expect_error("requirements:\n  autoscale: [backend]\n", 2, 3, "unknown key \"autoscale\"");
    expect_error("requirements: [backend]\n", 1, 15, "requirements must be a mapping");
    expect_error("requirements:\n  services: {backend: 1}\n", 2, 13, "must be a list of names");
    expect_error("requirements:\n  autoscaling: [backend, '']\n", 2, 26, "non-empty strings");
    expect_error("requirements:\n  scraping: {interval: often}\n", 2, 24,
                 "requirements.scraping.interval must be a duration");
    expect_error("requirements:\n  scraping: {every: 15s}\n", 2, 14, "unknown key \"every\"");
    expect_error("requirements:\n  dashboards:\n    topics: [{name: x}]\n", 3, 14,
                 "need both name and match");
    expect_error("requirements:\n  dashboards:\n    topics: [{name: x, match: '(['}]\n", 3, 31,
                 "bad pattern");
    expect_error("requirements:\n  logging: {format: xml}\n", 2, 21,
                 "format must be json or logfmt");
    expect_error("requirements:\n  retention:\n    metrics: {min: 30d, max: 15d}\n", 3, 14,
                 "min is above max");
    expect_error("requirements:\n  retention:\n    logs: {prod: forever}\n", 3, 18,
                 "a log retention period must be a duration");
    expect_error("requirements:\n  backup: always\n", 2, 11,
                 "backup must be required, when-stateful or none");
    expect_error("requirements:\n  services: [/(/]\n", 2, 14, "bad pattern");
}
END_TEST

static rc_object object_of(const char *yaml)
{
    rc_object obj;
    ck_assert(rc_object_init(&obj, NULL, parse(yaml)));
    return obj;
}

START_TEST(service_words_match_names_suffixes_and_labels)
{
    ck_assert(load("requirements:\n  services: [backend, sync, '/^audit-v[0-9]+$/']\n"));
    const rc_service_list *list = &req.services;
    rc_object exact = object_of("kind: Deployment\nmetadata: {name: backend}\n");
    rc_object suffix = object_of("kind: Deployment\nmetadata: {name: rel-platform-backend}\n");
    rc_object inside = object_of("kind: Deployment\nmetadata: {name: backend-worker}\n");
    rc_object glued = object_of("kind: Deployment\nmetadata: {name: relbackend}\n");
    rc_object labelled = object_of("kind: Deployment\nmetadata:\n  name: ws\n"
                                   "  labels: {app.kubernetes.io/component: sync}\n");
    rc_object pod_labelled = object_of(
        "kind: Deployment\nmetadata: {name: gw}\nspec:\n  template:\n"
        "    metadata: {labels: {app.kubernetes.io/name: sync}}\n    spec: {containers: []}\n");
    rc_object regex = object_of("kind: Deployment\nmetadata: {name: audit-v2}\n");
    ck_assert_ptr_eq(rc_service_list_match(list, &exact), &list->items[0]);
    ck_assert_ptr_eq(rc_service_list_match(list, &suffix), &list->items[0]);
    ck_assert_ptr_null(rc_service_list_match(list, &inside));
    ck_assert_ptr_null(rc_service_list_match(list, &glued));
    ck_assert_ptr_eq(rc_service_list_match(list, &labelled), &list->items[1]);
    ck_assert_ptr_eq(rc_service_list_match(list, &pod_labelled), &list->items[1]);
    ck_assert_ptr_eq(rc_service_list_match(list, &regex), &list->items[2]);
}
END_TEST

/* Found by fuzz_config: a key given twice used to append to the first list's count. */
START_TEST(a_key_given_twice_the_last_wins)
{
    ck_assert(load("requirements:\n  services: [a, b, c]\n  services: [d]\n"
                   "  dashboards:\n    topics: [{name: x, match: x}, {name: y, match: y}]\n"
                   "    topics: [{name: z, match: z}]\n"
                   "  retention:\n    logs: {dev: 1d, prod: 2d}\n    logs: {qa: 3d}\n"));
    ck_assert_uint_eq(req.services.count, 1);
    ck_assert_str_eq(req.services.items[0].text, "d");
    ck_assert_uint_eq(req.topic_count, 1);
    ck_assert_str_eq(req.topics[0].name, "z");
    ck_assert_uint_eq(req.log_retention_count, 1);
    ck_assert_str_eq(req.log_retention[0].profile, "qa");
}
END_TEST

START_TEST(log_retention_follows_the_profile_lineage)
{
    ck_assert(load("requirements:\n  retention:\n    logs: {dev: 7d, prod: 30d}\n"));
    const char *staging[] = {"staging", "prod"};
    const char *qa[] = {"qa"};
    const rc_log_retention *r = rc_requirements_log_retention(&req, staging, 2);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->profile, "prod");
    ck_assert_ptr_null(rc_requirements_log_retention(&req, qa, 1));
}
END_TEST

/* ---- profiles ---- */

static rc_pack pack;

static void pack_setup(void)
{
    setup();
    rc_pack_init(&pack);
    ck_assert(rc_pack_load_builtin(&pack, &diag));
}

static void pack_teardown(void)
{
    rc_pack_release(&pack);
    teardown();
}

static const rc_rule *rule(const char *id)
{
    const rc_rule *r = rc_pack_find_rule(&pack, id);
    ck_assert_ptr_nonnull(r);
    return r;
}

START_TEST(prod_makes_every_fr030_finding_an_error)
{
    rc_profile_lineage lineage;
    ck_assert_int_eq(rule("RC103")->severity, RC_SEVERITY_WARNING); /* the pack's own */
    ck_assert(rc_profile_apply(&pack, NULL, "prod", &lineage, &diag));
    ck_assert_uint_eq(lineage.count, 1);
    static const char *const fr030[] = {"RC101", "RC102", "RC103", "RC104"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(rule(fr030[i])->severity, RC_SEVERITY_ERROR);
}
END_TEST

START_TEST(dev_relaxes_availability)
{
    rc_profile_lineage lineage;
    ck_assert(rc_profile_apply(&pack, NULL, "dev", &lineage, &diag));
    ck_assert_int_eq(rule("RC103")->severity, RC_SEVERITY_WARNING);
    ck_assert_int_eq(rule("RC611")->severity, RC_SEVERITY_NOTE);
    ck_assert_int_eq(rule("RC104")->severity, RC_SEVERITY_ERROR);
}
END_TEST

static rc_profile_set project(const char *yaml)
{
    rc_profile_set set = {0};
    ck_assert_msg(rc_profiles_parse(&set, &arena, rc_node_get(parse(yaml), "profiles"),
                                    "cfg.yaml", &diag),
                  "%s", diag.message);
    return set;
}

START_TEST(a_project_profile_extends_a_builtin_one)
{
    rc_profile_set set = project("profiles:\n"
                                 "  staging:\n"
                                 "    extends: prod\n"
                                 "    severity: {RC611: note, replicas-below-minimum: note, RC403: off}\n"
                                 "    params: {RC702: {max-interval: 30s}}\n");
    rc_profile_lineage lineage;
    ck_assert_msg(rc_profile_apply(&pack, &set, "staging", &lineage, &diag), "%s", diag.message);
    ck_assert_uint_eq(lineage.count, 2);
    ck_assert_str_eq(lineage.names[0], "staging");
    ck_assert_str_eq(lineage.names[1], "prod");
    ck_assert_int_eq(rule("RC103")->severity, RC_SEVERITY_ERROR); /* from prod */
    ck_assert_int_eq(rule("RC611")->severity, RC_SEVERITY_NOTE);
    ck_assert(rule("RC403")->disabled);
    ck_assert_str_eq(rc_params_string(&rule("RC702")->params, "max-interval"), "30s");
}
END_TEST

START_TEST(a_project_changes_a_builtin_profile)
{
    rc_profile_set set = project("profiles:\n  prod:\n    severity: {RC103: warning}\n");
    rc_profile_lineage lineage;
    ck_assert(rc_profile_apply(&pack, &set, "prod", &lineage, &diag));
    ck_assert_int_eq(rule("RC103")->severity, RC_SEVERITY_WARNING); /* the project's wins */
    ck_assert_int_eq(rule("RC104")->severity, RC_SEVERITY_ERROR);
}
END_TEST

START_TEST(profile_mistakes_are_positioned)
{
    rc_profile_lineage lineage;
    ck_assert(!rc_profile_apply(&pack, NULL, "qa", &lineage, &diag));
    ck_assert_msg(strstr(diag.message, "unknown profile \"qa\" (defined: prod, dev)"), "%s",
                  diag.message);
    rc_profile_set set = project("profiles:\n  a: {extends: b}\n  b: {extends: a}\n");
    ck_assert(!rc_profile_apply(&pack, &set, "a", &lineage, &diag));
    ck_assert_msg(strstr(diag.message, "extends itself"), "%s", diag.message);
    set = project("profiles:\n  qa: {extends: nowhere}\n");
    ck_assert(!rc_profile_apply(&pack, &set, "qa", &lineage, &diag));
    ck_assert_uint_eq(diag.line, 2);
    ck_assert_msg(strstr(diag.message, "unknown profile \"nowhere\""), "%s", diag.message);
    set = project("profiles:\n  qa:\n    severity: {RC999: note}\n");
    ck_assert(!rc_profile_apply(&pack, &set, "qa", &lineage, &diag));
    ck_assert_uint_eq(diag.line, 3);
    ck_assert_uint_eq(diag.column, 16);
    set = project("profiles:\n  qa:\n    severity: {RC611: loud}\n");
    ck_assert(!rc_profile_apply(&pack, &set, "qa", &lineage, &diag));
    ck_assert_uint_eq(diag.column, 23);
    rc_profile_set bad = {0};
    ck_assert(!rc_profiles_parse(&bad, &arena, rc_node_get(parse("profiles:\n  qa: {colour: red}\n"),
                                                           "profiles"),
                                 "cfg.yaml", &diag));
    ck_assert_uint_eq(diag.line, 2);
    ck_assert_uint_eq(diag.column, 8);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("config");
    TCase *requirements = tcase_create("requirements");
    tcase_add_checked_fixture(requirements, setup, teardown);
    tcase_add_test(requirements, every_key_is_read_with_its_position);
    tcase_add_test(requirements, nothing_declared_declares_nothing);
    tcase_add_test(requirements, wrong_types_are_positioned);
    tcase_add_test(requirements, service_words_match_names_suffixes_and_labels);
    tcase_add_test(requirements, log_retention_follows_the_profile_lineage);
    tcase_add_test(requirements, a_key_given_twice_the_last_wins);
    suite_add_tcase(suite, requirements);
    TCase *profiles = tcase_create("profiles");
    tcase_add_checked_fixture(profiles, pack_setup, pack_teardown);
    tcase_add_test(profiles, prod_makes_every_fr030_finding_an_error);
    tcase_add_test(profiles, dev_relaxes_availability);
    tcase_add_test(profiles, a_project_profile_extends_a_builtin_one);
    tcase_add_test(profiles, a_project_changes_a_builtin_profile);
    tcase_add_test(profiles, profile_mistakes_are_positioned);
    suite_add_tcase(suite, profiles);
    return rc_test_run(suite);
}

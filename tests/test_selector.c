/* test_selector.c - label selector semantics: AND of matchLabels and matchExpressions, each
 * operator both ways, empty versus absent, Service selectors, text comparison of values, and
 * every invalid form reported at the right position. */
#include <stdio.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/selector.h"
#include "testutil.h"

static rc_arena arena;

static void setup(void)
{
    rc_arena_init(&arena);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

static rc_node *load(const char *yaml)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    bool ok = rc_yaml_load(&arena, "test.yaml", yaml, strlen(yaml), 1, &limits, &root, &diag);
    ck_assert_msg(ok, "fixture does not parse: %s", diag.message);
    return root;
}

static rc_selector *compile_ok(const char *yaml, rc_selector_mode mode)
{
    const char *msg = "unset";
    const rc_node *at = (const rc_node *)&msg; /* any non-NULL: success must clear it */
    rc_selector *sel = rc_selector_compile(&arena, load(yaml), mode, &msg, &at);
    ck_assert_msg(sel != NULL, "selector rejected: %s", msg ? msg : "(null)");
    ck_assert_ptr_null(msg);
    ck_assert_ptr_null(at);
    return sel;
}

static rc_selector *label_sel(const char *yaml)
{
    return compile_ok(yaml, RC_SELECTOR_LABEL);
}

static bool matches(const rc_selector *sel, const char *labels_yaml)
{
    return rc_selector_matches(sel, labels_yaml ? load(labels_yaml) : NULL);
}

/* Compiles YAML, expects rejection at LINE:COLUMN with FRAGMENT in the message. */
static void expect_error(const char *yaml, rc_selector_mode mode, uint32_t line,
                         uint32_t column, const char *fragment)
{
    const char *msg = NULL;
    const rc_node *at = NULL;
    rc_selector *sel = rc_selector_compile(&arena, load(yaml), mode, &msg, &at);
    ck_assert_msg(sel == NULL, "accepted an invalid selector:\n%s", yaml);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(at);
    ck_assert_msg(strstr(msg, fragment) != NULL, "message \"%s\" lacks \"%s\"", msg, fragment);
    ck_assert_msg(at->line == line && at->column == column, "error at %u:%u, want %u:%u (%s)",
                  (unsigned)at->line, (unsigned)at->column, (unsigned)line, (unsigned)column,
                  msg);
}

static void expect_label_error(const char *yaml, uint32_t line, uint32_t column,
                               const char *fragment)
{
    expect_error(yaml, RC_SELECTOR_LABEL, line, column, fragment);
}

/* ---- AND semantics ---- */

START_TEST(match_labels_and_expressions_are_anded)
{
    rc_selector *sel = label_sel("matchLabels: {app: web}\n"
                                 "matchExpressions:\n"
                                 "  - {key: tier, operator: In, values: [api]}\n");
    /* The classic peer bug: matchLabels alone would accept this pod. */
    ck_assert(!matches(sel, "{app: web, tier: db}"));
    ck_assert(!matches(sel, "{app: web}"));
    ck_assert(!matches(sel, "{tier: api}"));
    ck_assert(matches(sel, "{app: web, tier: api}"));
    ck_assert(matches(sel, "{app: web, tier: api, extra: x}"));
}
END_TEST

START_TEST(every_match_label_is_required)
{
    rc_selector *sel = label_sel("matchLabels: {app: web, tier: api}\n");
    ck_assert(matches(sel, "{app: web, tier: api}"));
    ck_assert(!matches(sel, "{app: web}"));
    ck_assert(!matches(sel, "{app: web, tier: db}"));
    ck_assert(!matches(sel, "{}"));
    ck_assert(!matches(sel, NULL));
}
END_TEST

START_TEST(every_expression_is_required)
{
    rc_selector *sel = label_sel("matchExpressions:\n"
                                 "  - {key: app, operator: Exists}\n"
                                 "  - {key: app, operator: NotIn, values: [legacy]}\n"
                                 "  - {key: canary, operator: DoesNotExist}\n");
    ck_assert(matches(sel, "{app: web}"));
    ck_assert(!matches(sel, "{app: legacy}"));
    ck_assert(!matches(sel, "{app: web, canary: 'yes'}"));
    ck_assert(!matches(sel, "{other: x}"));
}
END_TEST

/* ---- operators ---- */

START_TEST(op_in)
{
    rc_selector *sel =
        label_sel("matchExpressions: [{key: tier, operator: In, values: [api, web]}]");
    ck_assert(matches(sel, "{tier: api}"));
    ck_assert(matches(sel, "{tier: web}"));
    ck_assert(!matches(sel, "{tier: db}"));
    ck_assert(!matches(sel, "{tier: API}"));
    ck_assert(!matches(sel, "{other: api}"));
    ck_assert(!matches(sel, NULL));
}
END_TEST

START_TEST(op_not_in)
{
    rc_selector *sel =
        label_sel("matchExpressions: [{key: env, operator: NotIn, values: [prod, staging]}]");
    ck_assert(!matches(sel, "{env: prod}"));
    ck_assert(!matches(sel, "{env: staging}"));
    ck_assert(matches(sel, "{env: dev}"));
    /* Absent label satisfies NotIn, as in apimachinery's Requirement.Matches. */
    ck_assert(matches(sel, "{app: web}"));
    ck_assert(matches(sel, "{}"));
    ck_assert(matches(sel, NULL));
}
END_TEST

START_TEST(op_exists)
{
    rc_selector *sel = label_sel("matchExpressions: [{key: app, operator: Exists}]");
    ck_assert(matches(sel, "{app: web}"));
    ck_assert(matches(sel, "{app: ''}"));
    ck_assert(!matches(sel, "{App: web}"));
    ck_assert(!matches(sel, NULL));
}
END_TEST

START_TEST(op_does_not_exist)
{
    rc_selector *sel = label_sel("matchExpressions: [{key: legacy, operator: DoesNotExist, "
                                 "values: []}]");
    ck_assert(matches(sel, "{app: web}"));
    ck_assert(matches(sel, NULL));
    ck_assert(!matches(sel, "{legacy: 'true'}"));
    ck_assert(!matches(sel, "{legacy: ''}"));
}
END_TEST

START_TEST(operators_are_case_sensitive)
{
    expect_label_error("matchExpressions: [{key: a, operator: in, values: [x]}]", 1, 39,
                       "unknown operator \"in\"");
    expect_label_error("matchExpressions: [{key: a, operator: exists}]", 1, 39,
                       "unknown operator \"exists\"");
}
END_TEST

START_TEST(in_with_many_values_uses_every_value)
{
    /* Enough values that the sorted lookup has to work for its answer. */
    char yaml[16384];
    size_t n = (size_t)snprintf(yaml, sizeof yaml,
                                "matchExpressions: [{key: v, operator: In, values: [");
    for (int i = 999; i >= 0; i -= 3)
        n += (size_t)snprintf(yaml + n, sizeof yaml - n, "%sv%d", i == 999 ? "" : ",", i);
    snprintf(yaml + n, sizeof yaml - n, "]}]");
    rc_selector *sel = label_sel(yaml);
    for (int i = 0; i < 1000; i++) {
        char labels[64];
        snprintf(labels, sizeof labels, "{v: v%d}", i);
        ck_assert_msg(matches(sel, labels) == (i % 3 == 0), "value v%d", i);
    }
}
END_TEST

/* ---- empty and absent ---- */

START_TEST(empty_label_selector_matches_everything)
{
    static const char *const empties[] = {
        "{}",
        "matchLabels: {}\nmatchExpressions: []\n",
        "matchLabels: {}\n",
        "matchExpressions: []\n",
        "matchLabels: ~\nmatchExpressions: null\n",
    };
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        rc_selector *sel = label_sel(empties[i]);
        ck_assert_msg(rc_selector_is_everything(sel), "%s", empties[i]);
        ck_assert(!rc_selector_is_nothing(sel));
        ck_assert(!rc_selector_is_absent(sel));
        ck_assert(matches(sel, "{app: web}"));
        ck_assert(matches(sel, "{}"));
        ck_assert(matches(sel, NULL));
        ck_assert_str_eq(rc_selector_describe(&arena, sel), "<everything>");
    }
}
END_TEST

START_TEST(absent_label_selector_matches_nothing)
{
    const char *msg = "unset";
    const rc_node *at = NULL;
    rc_selector *sel = rc_selector_compile(&arena, NULL, RC_SELECTOR_LABEL, &msg, &at);
    ck_assert_ptr_nonnull(sel);
    ck_assert_ptr_null(msg);
    ck_assert(rc_selector_is_absent(sel));
    ck_assert(rc_selector_is_nothing(sel));
    ck_assert(!rc_selector_is_everything(sel));
    ck_assert(!matches(sel, "{app: web}"));
    ck_assert(!matches(sel, NULL));
    ck_assert_str_eq(rc_selector_describe(&arena, sel), "<nothing>");
}
END_TEST

START_TEST(null_label_selector_is_absent)
{
    const rc_node *spec = load("selector: ~\npodSelector: {}\n");
    rc_selector *null_sel =
        rc_selector_compile(&arena, rc_node_get(spec, "selector"), RC_SELECTOR_LABEL, NULL, NULL);
    ck_assert_ptr_nonnull(null_sel);
    ck_assert(rc_selector_is_absent(null_sel));
    ck_assert(!matches(null_sel, "{app: web}"));

    /* `{}` next to it is the opposite: present, and selects every pod. */
    rc_selector *empty = rc_selector_compile(&arena, rc_node_get(spec, "podSelector"),
                                             RC_SELECTOR_LABEL, NULL, NULL);
    ck_assert_ptr_nonnull(empty);
    ck_assert(!rc_selector_is_absent(empty));
    ck_assert(matches(empty, "{app: web}"));
}
END_TEST

/* ---- Service and plain-map selectors ---- */

START_TEST(service_selector_is_equality)
{
    rc_selector *sel = compile_ok("{app: web, tier: api}", RC_SELECTOR_SERVICE);
    ck_assert(!rc_selector_is_nothing(sel));
    ck_assert(matches(sel, "{app: web, tier: api, pod-template-hash: abc}"));
    ck_assert(!matches(sel, "{app: web}"));
    ck_assert(!matches(sel, "{app: web, tier: db}"));
    ck_assert_str_eq(rc_selector_describe(&arena, sel), "app=web,tier=api");
}
END_TEST

START_TEST(empty_service_selector_selects_nothing)
{
    rc_selector *empty = compile_ok("{}", RC_SELECTOR_SERVICE);
    ck_assert(rc_selector_is_nothing(empty));
    ck_assert(!rc_selector_is_everything(empty));
    ck_assert(!rc_selector_is_absent(empty));
    ck_assert(!matches(empty, "{app: web}"));
    ck_assert(!matches(empty, NULL));

    rc_selector *absent = rc_selector_compile(&arena, NULL, RC_SELECTOR_SERVICE, NULL, NULL);
    ck_assert_ptr_nonnull(absent);
    ck_assert(rc_selector_is_nothing(absent));
    ck_assert(rc_selector_is_absent(absent));
    ck_assert(!matches(absent, "{app: web}"));

    const rc_node *svc = load("selector:\n");
    rc_selector *svc_null = rc_selector_compile(&arena, rc_node_get(svc, "selector"),
                                                RC_SELECTOR_SERVICE, NULL, NULL);
    ck_assert_ptr_nonnull(svc_null);
    ck_assert(rc_selector_is_nothing(svc_null));
    ck_assert(!matches(svc_null, "{}"));
}
END_TEST

START_TEST(empty_plain_map_selects_everything)
{
    rc_selector *empty = compile_ok("{}", RC_SELECTOR_MAP);
    ck_assert(rc_selector_is_everything(empty));
    ck_assert(matches(empty, "{app: web}"));
    rc_selector *absent = rc_selector_compile(&arena, NULL, RC_SELECTOR_MAP, NULL, NULL);
    ck_assert_ptr_nonnull(absent);
    ck_assert(rc_selector_is_everything(absent));
    ck_assert(rc_selector_is_absent(absent));
    ck_assert(matches(absent, NULL));
    rc_selector *sel = compile_ok("{disktype: ssd}", RC_SELECTOR_MAP);
    ck_assert(matches(sel, "{disktype: ssd, zone: a}"));
    ck_assert(!matches(sel, "{disktype: hdd}"));
}
END_TEST

START_TEST(service_mode_does_not_read_label_selector_fields)
{
    /* A LabelSelector shape under a Service is a map value, not a string: reported. */
    expect_error("matchLabels:\n  app: web\n", RC_SELECTOR_SERVICE, 2, 3, "must be a string");
}
END_TEST

/* ---- values compared as text ---- */

START_TEST(plain_numbers_and_booleans_compare_by_text)
{
    rc_selector *sel = label_sel("matchLabels: {version: 1, canary: true}\n");
    ck_assert(matches(sel, "{version: '1', canary: 'true'}"));
    ck_assert(matches(sel, "{version: 1, canary: true}"));
    ck_assert(!matches(sel, "{version: '1.0', canary: 'true'}"));
    ck_assert(!matches(sel, "{version: 01, canary: true}"));
    ck_assert(!matches(sel, "{version: 1, canary: True}"));

    rc_selector *in = label_sel("matchExpressions: [{key: v, operator: In, values: [1, false]}]");
    ck_assert(matches(in, "{v: \"1\"}"));
    ck_assert(matches(in, "{v: false}"));
    ck_assert(!matches(in, "{v: 'true'}"));

    rc_selector *svc = compile_ok("{port: 8080}", RC_SELECTOR_SERVICE);
    ck_assert(matches(svc, "{port: '8080'}"));
    ck_assert(!matches(svc, "{port: '8081'}"));
}
END_TEST

START_TEST(null_label_value_reads_as_empty)
{
    rc_selector *sel = label_sel("matchLabels: {app: ''}\n");
    ck_assert(matches(sel, "{app: ~}"));
    ck_assert(matches(sel, "{app: }"));
    ck_assert(!matches(sel, "{app: web}"));
    ck_assert(!matches(sel, "{}"));
    /* "~" is the spelling of null, not the value. */
    rc_selector *tilde = label_sel("matchExpressions: [{key: app, operator: In, values: [x]}]");
    ck_assert(!matches(tilde, "{app: ~}"));
}
END_TEST

START_TEST(non_map_labels_mean_no_labels)
{
    rc_selector *not_in = label_sel("matchExpressions: [{key: app, operator: NotIn, values: [x]}]");
    ck_assert(matches(not_in, "[app, x]"));
    rc_selector *exists = label_sel("matchExpressions: [{key: app, operator: Exists}]");
    ck_assert(!matches(exists, "[app]"));
    ck_assert(!matches(exists, "app"));
}
END_TEST

START_TEST(structured_label_value_is_present_but_unequal)
{
    const char *labels = "{app: {name: web}}";
    ck_assert(matches(label_sel("matchExpressions: [{key: app, operator: Exists}]"), labels));
    ck_assert(!matches(label_sel("matchLabels: {app: web}"), labels));
    ck_assert(matches(label_sel("matchExpressions: [{key: app, operator: NotIn, values: [web]}]"),
                      labels));
}
END_TEST

START_TEST(repeated_keys_last_wins)
{
    /* The node layer reads a repeated key as its last value; so must the selector. */
    rc_selector *sel = label_sel("matchLabels: {app: old, app: new}\n");
    ck_assert(matches(sel, "{app: new}"));
    ck_assert(!matches(sel, "{app: old}"));
    ck_assert_str_eq(rc_selector_describe(&arena, sel), "app=new");
    rc_selector *any = label_sel("matchExpressions: [{key: app, operator: Exists}]");
    ck_assert(matches(any, "{app: x, app: y}"));
    rc_selector *eq = label_sel("matchLabels: {app: y}");
    ck_assert(matches(eq, "{app: x, app: y}"));
    ck_assert(!matches(eq, "{app: y, app: x}"));
}
END_TEST

START_TEST(qualified_keys_and_edge_values_are_valid)
{
    /* 63 bytes: the longest value Kubernetes accepts. */
    static const char longest[] =
        "123456789012345678901234567890123456789012345678901234567890123";
    char yaml[256];
    snprintf(yaml, sizeof yaml,
             "matchLabels:\n"
             "  app.kubernetes.io/name: web\n"
             "  x: \"\"\n"
             "  k8s-app: A.b_c-9\n"
             "  n: %s\n", longest);
    rc_selector *sel = label_sel(yaml);
    char labels[256];
    snprintf(labels, sizeof labels,
             "{app.kubernetes.io/name: web, x: '', k8s-app: A.b_c-9, n: '%s'}", longest);
    ck_assert(matches(sel, labels));
    snprintf(labels, sizeof labels, "{app.kubernetes.io/name: web, k8s-app: A.b_c-9, n: '%s'}",
             longest);
    ck_assert(!matches(sel, labels));
}
END_TEST

/* ---- describe ---- */

START_TEST(describe_sorts_and_uses_kubernetes_notation)
{
    rc_selector *sel = label_sel("matchLabels: {tier: api, app: backend}\n"
                                 "matchExpressions:\n"
                                 "  - {key: zone, operator: Exists}\n"
                                 "  - {key: env, operator: NotIn, values: [prod, dev, prod]}\n"
                                 "  - {key: canary, operator: DoesNotExist}\n"
                                 "  - {key: track, operator: In, values: [stable]}\n");
    ck_assert_str_eq(rc_selector_describe(&arena, sel),
                     "app=backend,!canary,env notin (dev,prod),tier=api,track in (stable),zone");
}
END_TEST

/* ---- invalid selectors: reported, with the offending node's position ---- */

START_TEST(invalid_operator)
{
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: Equals\n"
                       "    values: [web]\n",
                       3, 15, "unknown operator \"Equals\"");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: [In]\n",
                       3, 15, "operator must be");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    values: [web]\n",
                       2, 5, "no operator");
}
END_TEST

START_TEST(in_and_not_in_need_values)
{
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    values: []\n",
                       4, 13, "In needs at least one value");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: NotIn\n",
                       2, 5, "NotIn needs at least one value");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    values:\n",
                       2, 5, "In needs at least one value");
}
END_TEST

START_TEST(exists_and_does_not_exist_take_no_values)
{
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: Exists\n"
                       "    values: [web]\n",
                       4, 13, "Exists takes no values");
    expect_label_error("matchExpressions:\n"
                       "  - {key: a, operator: In, values: [x]}\n"
                       "  - key: b\n"
                       "    operator: DoesNotExist\n"
                       "    values:\n"
                       "      - y\n",
                       6, 7, "DoesNotExist takes no values");
}
END_TEST

START_TEST(values_must_be_a_list_of_strings)
{
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    values: web\n",
                       4, 13, "values must be a list");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    values:\n"
                       "      - web\n"
                       "      - {name: x}\n",
                       6, 9, "must be a string, not a map");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    values: [web, ~]\n",
                       4, 19, "is null");
}
END_TEST

START_TEST(match_labels_values_must_be_strings)
{
    expect_label_error("matchLabels:\n"
                       "  app: web\n"
                       "  tier:\n"
                       "    - api\n",
                       4, 5, "label value for \"tier\" must be a string, not a list");
    expect_label_error("matchLabels:\n"
                       "  app: web\n"
                       "  tier:\n",
                       3, 8, "label value for \"tier\" is null");
    expect_label_error("matchLabels:\n"
                       "  app: {name: web}\n",
                       2, 8, "not a map");
}
END_TEST

START_TEST(match_labels_must_be_a_map)
{
    expect_label_error("matchLabels:\n"
                       "  - app: web\n",
                       2, 3, "matchLabels must be a map");
    expect_label_error("matchLabels: app=web\n", 1, 14, "matchLabels must be a map");
}
END_TEST

START_TEST(match_expressions_must_be_a_list_of_maps)
{
    expect_label_error("matchExpressions:\n"
                       "  key: app\n"
                       "  operator: Exists\n",
                       2, 3, "matchExpressions must be a list");
    expect_label_error("matchExpressions:\n"
                       "  - {key: a, operator: Exists}\n"
                       "  - app\n",
                       3, 5, "match expression must be a map");
}
END_TEST

START_TEST(expression_needs_a_key)
{
    expect_label_error("matchLabels: {app: web}\n"
                       "matchExpressions:\n"
                       "  - operator: Exists\n",
                       3, 5, "has no key");
    expect_label_error("matchExpressions:\n"
                       "  - key: ~\n"
                       "    operator: Exists\n",
                       2, 10, "label key must be a string, not null");
    expect_label_error("matchExpressions:\n"
                       "  - key: ''\n"
                       "    operator: Exists\n",
                       2, 10, "name part is empty");
}
END_TEST

START_TEST(unknown_fields_are_reported)
{
    /* Labels written straight under the selector would otherwise select every pod. */
    expect_label_error("app: web\n", 1, 1, "unknown field \"app\" in a label selector");
    expect_label_error("matchLabels: {app: web}\n"
                       "matchLabel: {tier: api}\n",
                       2, 1, "unknown field \"matchLabel\"");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: In\n"
                       "    value: [web]\n",
                       4, 5, "unknown field \"value\" in a match expression");
}
END_TEST

START_TEST(label_key_syntax)
{
    expect_label_error("matchLabels:\n  app name: web\n", 2, 3, "invalid label key \"app name\"");
    expect_label_error("matchLabels:\n  -app: web\n", 2, 3, "invalid label key");
    expect_label_error("matchLabels:\n  a/b/c: web\n", 2, 3, "at most one '/'");
    expect_label_error("matchLabels:\n  /app: web\n", 2, 3, "prefix before '/' is empty");
    expect_label_error("matchLabels:\n  Example.com/app: web\n", 2, 3, "DNS subdomain");
    expect_label_error("matchLabels:\n  example..com/app: web\n", 2, 3, "DNS subdomain");
    expect_label_error("matchLabels:\n  example.com/: web\n", 2, 3, "name part is empty");
    expect_label_error("matchLabels:\n"
                       "  a123456789012345678901234567890123456789012345678901234567890123: x\n",
                       2, 3, "longer than 63");
    expect_label_error("matchExpressions:\n"
                       "  - key: \"bad key\"\n"
                       "    operator: Exists\n",
                       2, 10, "invalid label key \"bad key\"");
    expect_label_error("matchLabels:\n  ? [a]\n  : web\n", 2, 5, "label key must be a string");
}
END_TEST

START_TEST(label_value_syntax)
{
    expect_label_error("matchLabels:\n  app: my web\n", 2, 8, "invalid label value \"my web\"");
    expect_label_error("matchLabels:\n  app: web-\n", 2, 8, "invalid label value");
    expect_label_error("matchLabels:\n  app: "
                       "a123456789012345678901234567890123456789012345678901234567890123\n",
                       2, 8, "longer than 63");
    expect_label_error("matchExpressions:\n"
                       "  - key: app\n"
                       "    operator: NotIn\n"
                       "    values: [ok, \"not/ok\"]\n",
                       4, 18, "invalid label value \"not/ok\"");
    /* Control bytes in a hostile value are not copied into the message. */
    const char *msg = NULL;
    const rc_node *at = NULL;
    ck_assert_ptr_null(rc_selector_compile(&arena, load("matchLabels: {app: \"a\\nb\\u0000c\"}"),
                                           RC_SELECTOR_LABEL, &msg, &at));
    ck_assert_ptr_nonnull(strstr(msg, "\"a?b?c\""));
}
END_TEST

START_TEST(long_hostile_text_is_truncated_in_messages)
{
    char yaml[600];
    memcpy(yaml, "matchLabels: {app: \"", 20);
    memset(yaml + 20, ' ', 500);
    memcpy(yaml + 520, "\"}", 3);
    const char *msg = NULL;
    ck_assert_ptr_null(rc_selector_compile(&arena, load(yaml), RC_SELECTOR_LABEL, &msg, NULL));
    ck_assert_ptr_nonnull(strstr(msg, "...\""));
    ck_assert_uint_lt(strlen(msg), 300);
}
END_TEST

START_TEST(selector_must_be_a_map)
{
    const rc_node *spec = load("selector: app=web\nports:\n  - 80\n");
    const char *msg = NULL;
    const rc_node *at = NULL;
    ck_assert_ptr_null(rc_selector_compile(&arena, rc_node_get(spec, "selector"),
                                           RC_SELECTOR_LABEL, &msg, &at));
    ck_assert_ptr_nonnull(strstr(msg, "label selector must be a map"));
    ck_assert_uint_eq(at->line, 1);
    ck_assert_uint_eq(at->column, 11);
    ck_assert_ptr_null(rc_selector_compile(&arena, rc_node_get(spec, "ports"),
                                           RC_SELECTOR_SERVICE, &msg, &at));
    ck_assert_ptr_nonnull(strstr(msg, "selector must be a map"));
    ck_assert_uint_eq(at->line, 3);
    ck_assert_uint_eq(at->column, 3);
}
END_TEST

START_TEST(service_selector_errors)
{
    expect_error("app: web\ntier:\n", RC_SELECTOR_SERVICE, 2, 6, "is null");
    expect_error("app: web\nBad Key: x\n", RC_SELECTOR_SERVICE, 2, 1, "invalid label key");
    expect_error("app: [web]\n", RC_SELECTOR_SERVICE, 1, 6, "not a list");
}
END_TEST

START_TEST(first_error_stops_compilation)
{
    /* Valid requirements before an error do not leak out as a partial selector. */
    const char *msg = NULL;
    const rc_node *at = NULL;
    rc_selector *sel = rc_selector_compile(&arena,
                                           load("matchLabels: {app: web}\n"
                                                "matchExpressions:\n"
                                                "  - {key: tier, operator: Bogus}\n"),
                                           RC_SELECTOR_LABEL, &msg, &at);
    ck_assert_ptr_null(sel);
    ck_assert_uint_eq(at->line, 3);
}
END_TEST

START_TEST(many_requirements)
{
    /* A large selector compiles and matches in order-independent fashion. */
    static char yaml[64 * 1024];
    static char labels[64 * 1024];
    size_t n = (size_t)snprintf(yaml, sizeof yaml, "matchLabels: {");
    size_t m = (size_t)snprintf(labels, sizeof labels, "{");
    for (int i = 0; i < 2000; i++) {
        n += (size_t)snprintf(yaml + n, sizeof yaml - n, "%sk%d: v%d", i ? ", " : "", i, i);
        int j = 1999 - i;
        m += (size_t)snprintf(labels + m, sizeof labels - m, "%sk%d: v%d", i ? ", " : "", j, j);
    }
    snprintf(yaml + n, sizeof yaml - n, "}");
    snprintf(labels + m, sizeof labels - m, "}");
    rc_selector *sel = label_sel(yaml);
    ck_assert(matches(sel, labels));
    labels[m - 1] = '9'; /* k0: v0 -> k0: v9 */
    ck_assert(!matches(sel, labels));
}
END_TEST

static Suite *selector_suite(void)
{
    Suite *suite = suite_create("selector");
    TCase *semantics = tcase_create("semantics");
    tcase_add_checked_fixture(semantics, setup, teardown);
    tcase_add_test(semantics, match_labels_and_expressions_are_anded);
    tcase_add_test(semantics, every_match_label_is_required);
    tcase_add_test(semantics, every_expression_is_required);
    tcase_add_test(semantics, op_in);
    tcase_add_test(semantics, op_not_in);
    tcase_add_test(semantics, op_exists);
    tcase_add_test(semantics, op_does_not_exist);
    tcase_add_test(semantics, operators_are_case_sensitive);
    tcase_add_test(semantics, in_with_many_values_uses_every_value);
    tcase_add_test(semantics, empty_label_selector_matches_everything);
    tcase_add_test(semantics, absent_label_selector_matches_nothing);
    tcase_add_test(semantics, null_label_selector_is_absent);
    tcase_add_test(semantics, service_selector_is_equality);
    tcase_add_test(semantics, empty_service_selector_selects_nothing);
    tcase_add_test(semantics, empty_plain_map_selects_everything);
    tcase_add_test(semantics, service_mode_does_not_read_label_selector_fields);
    tcase_add_test(semantics, plain_numbers_and_booleans_compare_by_text);
    tcase_add_test(semantics, null_label_value_reads_as_empty);
    tcase_add_test(semantics, non_map_labels_mean_no_labels);
    tcase_add_test(semantics, structured_label_value_is_present_but_unequal);
    tcase_add_test(semantics, repeated_keys_last_wins);
    tcase_add_test(semantics, qualified_keys_and_edge_values_are_valid);
    tcase_add_test(semantics, describe_sorts_and_uses_kubernetes_notation);
    tcase_add_test(semantics, many_requirements);
    suite_add_tcase(suite, semantics);

    TCase *invalid = tcase_create("invalid");
    tcase_add_checked_fixture(invalid, setup, teardown);
    tcase_add_test(invalid, invalid_operator);
    tcase_add_test(invalid, in_and_not_in_need_values);
    tcase_add_test(invalid, exists_and_does_not_exist_take_no_values);
    tcase_add_test(invalid, values_must_be_a_list_of_strings);
    tcase_add_test(invalid, match_labels_values_must_be_strings);
    tcase_add_test(invalid, match_labels_must_be_a_map);
    tcase_add_test(invalid, match_expressions_must_be_a_list_of_maps);
    tcase_add_test(invalid, expression_needs_a_key);
    tcase_add_test(invalid, unknown_fields_are_reported);
    tcase_add_test(invalid, label_key_syntax);
    tcase_add_test(invalid, label_value_syntax);
    tcase_add_test(invalid, long_hostile_text_is_truncated_in_messages);
    tcase_add_test(invalid, selector_must_be_a_map);
    tcase_add_test(invalid, service_selector_errors);
    tcase_add_test(invalid, first_error_stops_compilation);
    suite_add_tcase(suite, invalid);
    return suite;
}

int main(void)
{
    return rc_test_run(selector_suite());
}

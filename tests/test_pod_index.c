/* test_pod_index.c - the cross-object pod index answers exactly what a brute-force scan of
 * every workload with rc_selector_matches answers, in input order: matchLabels,
 * matchExpressions of every operator, empty and absent selectors, Service and map selectors,
 * repeated, null and map label values, Exists alone or beside other requirements, several
 * namespaces (including "" apart from "default"), and randomised releases. Also the
 * selector's equality and Exists accessors the index relies on. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/object.h"
#include "model/pod_index.h"
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

/* The objects of a `kind: List` document, in order. */
typedef struct release {
    rc_object *objects;
    size_t count;
} release;

static release load_release(const char *yaml)
{
    const rc_node *items = rc_node_get(load(yaml), "items");
    ck_assert_ptr_nonnull(items);
    release rel = {rc_arena_calloc(&arena, items->as.seq.count + 1, sizeof(rc_object)), 0};
    ck_assert_ptr_nonnull(rel.objects);
    for (size_t i = 0; i < items->as.seq.count; i++) {
        ck_assert(rc_object_init(&rel.objects[rel.count], NULL, items->as.seq.items[i]));
        rel.count++;
    }
    return rel;
}

static rc_selector *compile(const char *yaml, rc_selector_mode mode)
{
    const char *msg = NULL;
    rc_selector *sel = rc_selector_compile(&arena, yaml ? load(yaml) : NULL, mode, &msg, NULL);
    ck_assert_msg(sel != NULL, "selector rejected: %s\n%s", msg ? msg : "(null)",
                  yaml ? yaml : "(absent)");
    return sel;
}

/* Compares the index's answer with a scan of every object, for one namespace and selector. */
static size_t expect_same(const rc_pod_index *index, const release *rel, const char *namespace_,
                          const rc_selector *sel, const char *what)
{
    rc_pod_query query;
    size_t w = 0, got = 0, want = 0;
    rc_pod_query_init(&query, index, namespace_, sel);
    bool more = rc_pod_query_next(&query, &w);
    for (size_t i = 0; i < rel->count; i++) {
        const rc_object *obj = &rel->objects[i];
        if (!obj->pod_spec || strcmp(obj->namespace_, namespace_) != 0 ||
            (sel && !rc_selector_matches(sel, obj->pod_labels)))
            continue;
        want++;
        ck_assert_msg(more, "%s in \"%s\": index missed object %zu (%s)", what, namespace_, i,
                      obj->name);
        ck_assert_msg(rc_pod_index_workload(index, w) == obj,
                      "%s in \"%s\": index gave %s, scan gave %s", what, namespace_,
                      rc_pod_index_workload(index, w)->name, obj->name);
        got++;
        more = rc_pod_query_next(&query, &w);
    }
    ck_assert_msg(!more, "%s in \"%s\": index gave extra %s", what, namespace_,
                  more ? rc_pod_index_workload(index, w)->name : "");
    ck_assert_msg(rc_pod_index_selects_any(index, namespace_, sel) == (want > 0),
                  "%s in \"%s\": selects_any disagrees", what, namespace_);
    return got;
}

static const char fixture[] =
    "kind: List\n"
    "items:\n"
    "- {kind: Deployment, metadata: {name: web},\n"
    "   spec: {template: {metadata: {labels: {app: web, tier: front}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: web-prod, namespace: prod},\n"
    "   spec: {template: {metadata: {labels: {app: web, tier: front}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: web-default, namespace: default},\n"
    "   spec: {template: {metadata: {labels: {app: web}}, spec: {}}}}\n"
    "- {kind: Service, metadata: {name: not-a-workload, labels: {app: web}},\n"
    "   spec: {selector: {app: web}}}\n"
    "- {kind: StatefulSet, metadata: {name: db},\n"
    "   spec: {template: {metadata: {labels: {app: db, tier: back, canary: 'true'}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: repeated},\n"
    "   spec: {template: {metadata: {labels: {app: old, app: web, tier: back}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: null-value},\n"
    "   spec: {template: {metadata: {labels: {app: web, tier: ~, x: ''}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: map-value},\n"
    "   spec: {template: {metadata: {labels: {app: {nested: web}, tier: front}}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: no-labels}, spec: {template: {spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: list-labels},\n"
    "   spec: {template: {metadata: {labels: [app, web]}, spec: {}}}}\n"
    "- {kind: Deployment, metadata: {name: no-spec},\n"
    "   spec: {template: {metadata: {labels: {app: web}}}}}\n"
    "- {kind: Pod, metadata: {name: pod, labels: {app: web, tier: front}}, spec: {}}\n"
    "- {kind: CronJob, metadata: {name: cron},\n"
    "   spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: batch}}, spec: {}}}}}}\n"
    "- {kind: DaemonSet, metadata: {name: agent, namespace: prod},\n"
    "   spec: {template: {metadata: {labels: {app: agent, tier: front}}, spec: {}}}}\n";

static const char *const namespaces[] = {"", "default", "prod", "absent"};

/* Label selectors in notation the test names, compiled as LabelSelectors. */
static const char *const label_selectors[] = {
    "{}",
    "{matchLabels: {app: web}}",
    "{matchLabels: {app: web, tier: front}}",
    "{matchLabels: {app: old}}",
    "{matchLabels: {app: web, app: old}}",
    "{matchLabels: {tier: ''}}",
    "{matchLabels: {x: ''}}",
    "{matchLabels: {app: nested}}",
    "{matchLabels: {app: none}}",
    "{matchLabels: {}}",
    "{matchExpressions: []}",
    "{matchExpressions: [{key: app, operator: In, values: [web]}]}",
    "{matchExpressions: [{key: app, operator: In, values: [web, db]}]}",
    "{matchExpressions: [{key: app, operator: In, values: [web, web]}]}",
    /* Several values: their postings merged in workload order (up to 8 values), else a scan. */
    "{matchExpressions: [{key: app, operator: In, values: [batch, db, web]}]}",
    "{matchExpressions: [{key: app, operator: In, values: [agent, web, none, db]}]}",
    "{matchExpressions: [{key: app, operator: In, values: [a, b, c, d, e, f, g, db, web]}]}",
    "{matchExpressions: [{key: app, operator: In, values: [web, db]}, "
    "{key: tier, operator: In, values: [front]}]}",
    "{matchExpressions: [{key: tier, operator: In, values: [front, back]}, "
    "{key: app, operator: In, values: [old, web, db]}]}",
    "{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}",
    "{matchExpressions: [{key: tier, operator: NotIn, values: [front, back]}]}",
    "{matchExpressions: [{key: tier, operator: Exists}]}",
    /* Exists finds its candidates among the key postings: whatever the value (null, empty,
     * a map), and the fewest of several requirements' postings are walked. */
    "{matchExpressions: [{key: app, operator: Exists}]}",
    "{matchExpressions: [{key: x, operator: Exists}]}",
    "{matchExpressions: [{key: nothere, operator: Exists}]}",
    "{matchExpressions: [{key: app, operator: Exists}, {key: tier, operator: Exists}]}",
    "{matchExpressions: [{key: canary, operator: Exists}, "
    "{key: tier, operator: NotIn, values: [front]}]}",
    "{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: Exists}]}",
    "{matchExpressions: [{key: tier, operator: DoesNotExist}]}",
    "{matchExpressions: [{key: canary, operator: DoesNotExist}]}",
    "{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: NotIn, "
    "values: [back]}]}",
    "{matchLabels: {tier: front}, matchExpressions: [{key: app, operator: In, "
    "values: [web, agent]}, {key: canary, operator: DoesNotExist}]}",
    "{matchLabels: {app: db}, matchExpressions: [{key: canary, operator: In, "
    "values: ['true']}]}",
    "{matchExpressions: [{key: app, operator: In, values: [web]}, "
    "{key: tier, operator: In, values: [front]}]}",
};

static const char *const map_selectors[] = {
    "{}", "{app: web}", "{app: web, tier: front}", "{app: ''}", "{tier: ''}", "{app: old}",
};

START_TEST(index_equals_scan_for_every_selector_and_namespace)
{
    release rel = load_release(fixture);
    const rc_pod_index *index = rc_pod_index_build(&arena, rel.objects, rel.count);
    ck_assert_ptr_nonnull(index);
    size_t total = 0;
    for (size_t n = 0; n < sizeof namespaces / sizeof namespaces[0]; n++) {
        total += expect_same(index, &rel, namespaces[n], NULL, "NULL selector");
        expect_same(index, &rel, namespaces[n], compile(NULL, RC_SELECTOR_LABEL), "absent");
        expect_same(index, &rel, namespaces[n], compile("~", RC_SELECTOR_LABEL), "null");
        for (size_t s = 0; s < sizeof label_selectors / sizeof label_selectors[0]; s++)
            expect_same(index, &rel, namespaces[n], compile(label_selectors[s],
                                                            RC_SELECTOR_LABEL),
                        label_selectors[s]);
        for (size_t s = 0; s < sizeof map_selectors / sizeof map_selectors[0]; s++) {
            expect_same(index, &rel, namespaces[n],
                        compile(map_selectors[s], RC_SELECTOR_SERVICE), map_selectors[s]);
            expect_same(index, &rel, namespaces[n], compile(map_selectors[s], RC_SELECTOR_MAP),
                        map_selectors[s]);
        }
    }
    /* Every workload is in exactly one namespace: 12 objects with a pod spec. */
    ck_assert_uint_eq(total, 12);
    ck_assert_uint_eq(rc_pod_index_workload_count(index), 12);
}
END_TEST

START_TEST(queries_return_workloads_in_input_order)
{
    release rel = load_release(fixture);
    const rc_pod_index *index = rc_pod_index_build(&arena, rel.objects, rel.count);
    ck_assert_ptr_nonnull(index);
    static const char *const want[] = {"web", "repeated", "null-value", "pod"};
    rc_pod_query query;
    size_t w, i = 0;
    rc_pod_query_init(&query, index, "", compile("{matchLabels: {app: web}}",
                                                 RC_SELECTOR_LABEL));
    while (rc_pod_query_next(&query, &w)) {
        ck_assert_uint_lt(i, sizeof want / sizeof want[0]);
        ck_assert_str_eq(rc_pod_index_workload(index, w)->name, want[i]);
        i++;
    }
    ck_assert_uint_eq(i, sizeof want / sizeof want[0]);
    /* The repeated key's first value is no label: the last one wins. */
    ck_assert(!rc_pod_index_selects_any(index, "", compile("{matchLabels: {app: old}}",
                                                           RC_SELECTOR_LABEL)));
    /* "" and "default" are two namespaces. */
    rc_pod_query_init(&query, index, "default", compile("{app: web}", RC_SELECTOR_SERVICE));
    ck_assert(rc_pod_query_next(&query, &w));
    ck_assert_str_eq(rc_pod_index_workload(index, w)->name, "web-default");
    ck_assert(!rc_pod_query_next(&query, &w));
}
END_TEST

START_TEST(namespaces_are_sorted_and_grouped)
{
    release rel = load_release(fixture);
    const rc_pod_index *index = rc_pod_index_build(&arena, rel.objects, rel.count);
    ck_assert_ptr_nonnull(index);
    ck_assert_uint_eq(rc_pod_index_namespace_count(index), 3);
    ck_assert_str_eq(rc_pod_index_namespace_name(index, 0), "");
    ck_assert_str_eq(rc_pod_index_namespace_name(index, 1), "default");
    ck_assert_str_eq(rc_pod_index_namespace_name(index, 2), "prod");
    ck_assert_uint_eq(rc_pod_index_namespace_find(index, "prod"), 2);
    ck_assert_uint_eq(rc_pod_index_namespace_find(index, "absent"), SIZE_MAX);
    size_t seen = 0;
    for (size_t ns = 0; ns < rc_pod_index_namespace_count(index); ns++) {
        size_t count;
        const size_t *members = rc_pod_index_namespace_workloads(index, ns, &count);
        for (size_t m = 0; m < count; m++) {
            ck_assert(m == 0 || members[m - 1] < members[m]);
            ck_assert_uint_eq(rc_pod_index_namespace_of(index, members[m]), ns);
            ck_assert_str_eq(rc_pod_index_workload(index, members[m])->namespace_,
                             rc_pod_index_namespace_name(index, ns));
        }
        seen += count;
    }
    ck_assert_uint_eq(seen, rc_pod_index_workload_count(index));
}
END_TEST

START_TEST(empty_release)
{
    const rc_pod_index *index = rc_pod_index_build(&arena, NULL, 0);
    ck_assert_ptr_nonnull(index);
    ck_assert_uint_eq(rc_pod_index_workload_count(index), 0);
    ck_assert_uint_eq(rc_pod_index_namespace_count(index), 0);
    ck_assert(!rc_pod_index_selects_any(index, "", NULL));
    ck_assert(!rc_pod_index_selects_any(index, "", compile("{}", RC_SELECTOR_LABEL)));
}
END_TEST

START_TEST(selector_equality_accessor)
{
    rc_selector *sel = compile("{matchLabels: {b: '2', a: '1'}, matchExpressions: ["
                               "{key: c, operator: In, values: ['3']},"
                               "{key: d, operator: In, values: ['4', '5']},"
                               "{key: e, operator: NotIn, values: ['6']},"
                               "{key: f, operator: Exists}]}",
                               RC_SELECTOR_LABEL);
    ck_assert_uint_eq(rc_selector_requirement_count(sel), 6);
    const char *key, *value;
    size_t key_len, value_len;
    char seen[64] = "";
    for (size_t i = 0; i < rc_selector_requirement_count(sel); i++) {
        if (!rc_selector_equality(sel, i, &key, &key_len, &value, &value_len))
            continue;
        ck_assert_uint_eq(key_len, strlen(key));
        ck_assert_uint_eq(value_len, strlen(value));
        size_t len = strlen(seen);
        snprintf(seen + len, sizeof seen - len, "%s=%s,", key, value);
    }
    ck_assert_str_eq(seen, "a=1,b=2,c=3,");
    ck_assert(!rc_selector_equality(sel, 6, &key, &key_len, &value, &value_len));
    /* Only the Exists expression names a key that every selected label set carries. */
    seen[0] = '\0';
    for (size_t i = 0; i < rc_selector_requirement_count(sel); i++) {
        if (rc_selector_exists_key(sel, i, &key, &key_len)) {
            ck_assert_uint_eq(key_len, strlen(key));
            size_t len = strlen(seen);
            snprintf(seen + len, sizeof seen - len, "%s,", key);
        }
    }
    ck_assert_str_eq(seen, "f,");
    ck_assert(!rc_selector_exists_key(sel, 6, &key, &key_len));
    ck_assert_uint_eq(rc_selector_requirement_count(compile("{}", RC_SELECTOR_LABEL)), 0);
    ck_assert_uint_eq(rc_selector_requirement_count(compile(NULL, RC_SELECTOR_LABEL)), 0);
    ck_assert_uint_eq(rc_selector_requirement_count(compile("{}", RC_SELECTOR_SERVICE)), 0);
    /* A key repeated in matchLabels keeps its last value only. */
    sel = compile("{a: '1', a: '2'}", RC_SELECTOR_SERVICE);
    ck_assert_uint_eq(rc_selector_requirement_count(sel), 1);
    ck_assert(rc_selector_equality(sel, 0, &key, &key_len, &value, &value_len));
    ck_assert_str_eq(value, "2");
}
END_TEST

/* ---- randomised releases: small alphabets so that selectors often match ---- */

static unsigned long rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((rng_state >> 33) % n);
}

static const char *const keys[] = {"app", "tier", "zone", "canary"};
static const char *const values[] = {"a", "b", "c", "''"};

static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < size - len);
}

/* NULLS: whether a value may be YAML null (a pod label may; a selector value may not). */
static void random_labels(char *buf, size_t size, bool nulls)
{
    append(buf, size, "{");
    unsigned n = rnd(5); /* may repeat a key: the last value wins */
    for (unsigned i = 0; i < n; i++)
        append(buf, size, "%s%s: %s", i ? ", " : "", keys[rnd(4)],
               nulls && rnd(8) == 0 ? "~" : values[rnd(4)]);
    append(buf, size, "}");
}

static void random_selector(char *buf, size_t size)
{
    buf[0] = '\0';
    append(buf, size, "{matchLabels: ");
    random_labels(buf, size, false);
    append(buf, size, ", matchExpressions: [");
    unsigned n = rnd(3);
    for (unsigned i = 0; i < n; i++) {
        static const char *const ops[] = {"In", "NotIn", "Exists", "DoesNotExist"};
        unsigned op = rnd(4);
        append(buf, size, "%s{key: %s, operator: %s", i ? ", " : "", keys[rnd(4)], ops[op]);
        if (op < 2) {
            append(buf, size, ", values: [%s", values[rnd(4)]);
            if (rnd(2))
                append(buf, size, ", %s", values[rnd(4)]);
            append(buf, size, "]");
        }
        append(buf, size, "}");
    }
    append(buf, size, "]}");
}

static void random_release(char *buf, size_t size, unsigned workloads)
{
    static const char *const spaces[] = {"", "default", "x"};
    buf[0] = '\0';
    append(buf, size, "kind: List\nitems:\n");
    for (unsigned i = 0; i < workloads; i++) {
        unsigned ns = rnd(3);
        append(buf, size, "- {kind: %s, metadata: {name: w%u%s%s}, spec: {template: "
                          "{metadata: {labels: ",
               rnd(5) ? "Deployment" : "ConfigMap", i, ns ? ", namespace: " : "",
               spaces[ns]);
        random_labels(buf, size, true);
        append(buf, size, "}, spec: {}}}}\n");
    }
}

START_TEST(randomised_releases_equal_scan)
{
    rng_state = 0x5eed + (unsigned long)_i;
    static char release_yaml[64 * 1024];
    char selector_yaml[1024];
    random_release(release_yaml, sizeof release_yaml, 60);
    release rel = load_release(release_yaml);
    const rc_pod_index *index = rc_pod_index_build(&arena, rel.objects, rel.count);
    ck_assert_ptr_nonnull(index);
    for (unsigned s = 0; s < 200; s++) {
        random_selector(selector_yaml, sizeof selector_yaml);
        const char *msg = NULL;
        const rc_selector *sel = rc_selector_compile(&arena, load(selector_yaml),
                                                     RC_SELECTOR_LABEL, &msg, NULL);
        ck_assert_msg(sel != NULL, "%s: %s", selector_yaml, msg ? msg : "out of memory");
        for (size_t n = 0; n < 3; n++)
            expect_same(index, &rel, (const char *[]){"", "default", "x"}[n], sel,
                        selector_yaml);
    }
}
END_TEST

static Suite *pod_index_suite(void)
{
    Suite *suite = suite_create("pod_index");
    TCase *tc = tcase_create("pod_index");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, index_equals_scan_for_every_selector_and_namespace);
    tcase_add_test(tc, queries_return_workloads_in_input_order);
    tcase_add_test(tc, namespaces_are_sorted_and_grouped);
    tcase_add_test(tc, empty_release);
    tcase_add_test(tc, selector_equality_accessor);
    tcase_add_loop_test(tc, randomised_releases_equal_scan, 0, 20);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return rc_test_run(pod_index_suite());
}

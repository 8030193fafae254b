/* test_object.c - object views: the facts rc_object_init reads once (replica counts, an
 * HPA's minReplicas, volume claims) answer exactly what reading the object's nodes answers,
 * for set, unset, null, invalid and absent fields of every kind that has them; a known
 * kind's name is shared, an unknown one kept as written; and an object's description is
 * Kind/name or Kind/namespace/name, cut short as snprintf cuts. */
#include <stdio.h>
#include <string.h>

#include "checks/scaling.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/identity.h"
#include "model/object.h"
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

static rc_object load_object(const char *yaml)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    ck_assert_msg(rc_yaml_load(&arena, "test.yaml", yaml, strlen(yaml), 1, &limits, &root, &diag),
                  "fixture does not parse: %s", diag.message);
    rc_object obj;
    ck_assert(rc_object_init(&obj, NULL, root));
    return obj;
}

/* The same object as made by hand elsewhere (a view over nodes, no facts read). */
static rc_object without_facts(rc_object obj)
{
    obj.replicas = (rc_count_fact){0};
    obj.min_replicas = (rc_count_fact){0};
    obj.volume_claims = RC_FLAG_NOT_READ;
    return obj;
}

typedef struct replicas_answer {
    bool known;
    long long replicas;
    bool set;
} replicas_answer;

static replicas_answer ask_replicas(const rc_object *obj)
{
    replicas_answer a = {false, -7, false};
    a.known = rc_object_replicas(obj, &a.replicas, &a.set);
    return a;
}

static const char *const workload_kinds[] = {"Deployment", "StatefulSet", "ReplicaSet",
                                             "ReplicationController", "DaemonSet", "Job",
                                             "ConfigMap"};
static const char *const replica_fields[] = {"", "  replicas: 3\n", "  replicas: 0\n",
                                             "  replicas: null\n", "  replicas: ~\n",
                                             "  replicas: \"3\"\n", "  replicas: three\n",
                                             "  replicas: [1]\n", "  replicas: 2.5\n"};

START_TEST(replica_facts_equal_reading_the_nodes)
{
    for (size_t k = 0; k < sizeof workload_kinds / sizeof workload_kinds[0]; k++) {
        for (size_t f = 0; f < sizeof replica_fields / sizeof replica_fields[0]; f++) {
            char yaml[512];
            snprintf(yaml, sizeof yaml,
                     "apiVersion: apps/v1\nkind: %s\nmetadata: {name: a}\nspec:\n%s"
                     "  template: {metadata: {labels: {app: a}}, spec: {containers: []}}\n",
                     workload_kinds[k], replica_fields[f]);
            rc_object obj = load_object(yaml);
            rc_object bare = without_facts(obj);
            replicas_answer fact = ask_replicas(&obj), read = ask_replicas(&bare);
            ck_assert_msg(fact.known == read.known && fact.set == read.set &&
                              (!fact.known || fact.replicas == read.replicas),
                          "%s with '%s': fact (%d, %lld, %d) != nodes (%d, %lld, %d)",
                          workload_kinds[k], replica_fields[f], fact.known, fact.replicas,
                          fact.set, read.known, read.replicas, read.set);
            /* Written and not null: the node itself, for every kind. */
            const rc_node *field = rc_node_path(obj.node, "spec.replicas");
            const rc_node *written = field && !rc_node_is_null(field) ? field : NULL;
            ck_assert_ptr_eq(rc_object_replicas_written(&obj).field, written);
            ck_assert_ptr_eq(rc_object_replicas_written(&bare).field, written);
        }
    }
}
END_TEST

START_TEST(replica_facts_values)
{
    rc_object three = load_object("kind: Deployment\nmetadata: {name: a}\nspec: {replicas: 3}\n");
    replicas_answer a = ask_replicas(&three);
    ck_assert(a.known && a.set && a.replicas == 3);
    rc_object unset = load_object("kind: StatefulSet\nmetadata: {name: a}\nspec: {}\n");
    a = ask_replicas(&unset);
    ck_assert(a.known && !a.set && a.replicas == 1);
    rc_object invalid = load_object("kind: Deployment\nmetadata: {name: a}\nspec: {replicas: x}\n");
    a = ask_replicas(&invalid);
    ck_assert(!a.known && a.set);
    rc_object daemon = load_object("kind: DaemonSet\nmetadata: {name: a}\nspec: {replicas: 3}\n");
    ck_assert(!ask_replicas(&daemon).known);
}
END_TEST

START_TEST(hpa_min_fact_equals_reading_the_nodes)
{
    static const char *const fields[] = {"", "minReplicas: 4, ", "minReplicas: null, ",
                                         "minReplicas: x, ", "minReplicas: {a: 1}, ",
                                         "minReplicas: '2', "};
    static const char *const kinds[] = {"HorizontalPodAutoscaler", "Deployment"};
    for (size_t k = 0; k < 2; k++) {
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            char yaml[256];
            snprintf(yaml, sizeof yaml,
                     "kind: %s\nmetadata: {name: a}\nspec: {%smaxReplicas: 5}\n", kinds[k],
                     fields[f]);
            rc_object obj = load_object(yaml);
            rc_object bare = without_facts(obj);
            long long fact_min = -7, read_min = -7;
            const rc_node *fact_at = (const rc_node *)&arena, *read_at = (const rc_node *)&arena;
            bool fact_ok = rc_scaling_hpa_min(&obj, &fact_min, &fact_at);
            bool read_ok = rc_scaling_hpa_min(&bare, &read_min, &read_at);
            ck_assert_msg(fact_ok == read_ok && fact_at == read_at &&
                              (!fact_ok || fact_min == read_min),
                          "%s with '%s': fact (%d, %lld) != nodes (%d, %lld)", kinds[k],
                          fields[f], fact_ok, fact_min, read_ok, read_min);
        }
    }
    rc_object hpa = load_object("kind: HorizontalPodAutoscaler\nmetadata: {name: a}\n"
                                "spec: {minReplicas: 4}\n");
    long long min = 0;
    const rc_node *at = NULL;
    ck_assert(rc_scaling_hpa_min(&hpa, &min, &at) && min == 4 && at && at->line == 3);
}
END_TEST

START_TEST(volume_claim_fact_equals_reading_the_nodes)
{
    static const char *const yamls[] = {
        "kind: PersistentVolumeClaim\nmetadata: {name: a}\n",
        "kind: StatefulSet\nmetadata: {name: a}\nspec:\n  volumeClaimTemplates: [{metadata: "
        "{name: d}}]\n  template: {spec: {containers: []}}\n",
        "kind: StatefulSet\nmetadata: {name: a}\nspec:\n  volumeClaimTemplates: []\n"
        "  template: {spec: {containers: []}}\n",
        "kind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
        "      volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]\n",
        "kind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
        "      volumes: [{name: d, emptyDir: {}}]\n",
        "kind: ConfigMap\nmetadata: {name: a}\ndata: {persistentVolumeClaim: x}\n",
    };
    static const bool expected[] = {true, true, false, true, false, false};
    for (size_t i = 0; i < sizeof yamls / sizeof yamls[0]; i++) {
        rc_object obj = load_object(yamls[i]);
        rc_object bare = without_facts(obj);
        ck_assert_msg(obj.volume_claims != RC_FLAG_NOT_READ, "%s: fact not read", yamls[i]);
        ck_assert_msg(rc_object_uses_volume_claims(&obj) == expected[i] &&
                          rc_object_uses_volume_claims(&bare) == expected[i],
                      "%s: expected %d", yamls[i], expected[i]);
    }
}
END_TEST

/* The identity hash read when the object is made is the hash of its identity as the
 * object states it, for named, generateName'd, namespaced and nameless objects and for
 * config files judged as objects. */
START_TEST(identity_hash_fact_equals_hashing_the_identity)
{
    static const char *const docs[] = {
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n",
        "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        rc_object obj = load_object(docs[i]);
        rc_identity id = {obj.namespace_, obj.kind, obj.name};
        ck_assert_msg(obj.identity_hash == rc_identity_hash(id), "document %zu", i);
    }
    rc_object shop = load_object(docs[0]), job = load_object(docs[1]);
    ck_assert(shop.identity_hash != job.identity_hash);
    rc_object config;
    rc_object_init_config(&config, NULL, shop.node, RC_KIND_PROMETHEUS_RULE_FILE, "rules.yaml");
    ck_assert(config.identity_hash ==
              rc_identity_hash((rc_identity){"", RC_KIND_PROMETHEUS_RULE_FILE, "rules.yaml"}));
}
END_TEST

START_TEST(known_kinds_are_shared)
{
    rc_object a = load_object("kind: Service\nmetadata: {name: a}\n");
    rc_object b = load_object("kind: Service\nmetadata: {name: b}\n");
    ck_assert_ptr_eq(a.kind, b.kind);
    ck_assert_str_eq(a.kind, "Service");
    rc_object custom = load_object("kind: Widget\nmetadata: {name: a}\n");
    ck_assert_str_eq(custom.kind, "Widget");
    rc_object d1 = load_object("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n");
    rc_object d2 = load_object("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n");
    ck_assert_ptr_eq(d1.api_version, d2.api_version);
    ck_assert_str_eq(d1.api_version, "apps/v1");
    rc_object own = load_object("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\n");
    ck_assert_str_eq(own.api_version, "example.com/v1");
    rc_object cased = load_object("kind: service\nmetadata: {name: a}\n");
    ck_assert_str_eq(cased.kind, "service");
    ck_assert_ptr_ne(cased.kind, a.kind);
}
END_TEST

START_TEST(containers_are_iterated_list_by_list)
{
    /* containers, then initContainers, then ephemeralContainers, whatever the pod spec's key
     * order; a repeated list key counts its last value, as rc_node_get does; items that are
     * not maps are skipped. */
    rc_object obj = load_object(
        "kind: Pod\nmetadata: {name: p}\nspec:\n"
        "  ephemeralContainers: [{name: debug}]\n"
        "  containers: [{name: stale}]\n"
        "  initContainers: [{name: init}, not-a-map]\n"
        "  containers: [{name: app}, {name: sidecar}]\n");
    rc_container_iter it;
    rc_container c;
    char seen[128] = "";
    rc_container_iter_init(&it, &obj);
    while (rc_container_next(&it, &c)) {
        size_t len = strlen(seen);
        snprintf(seen + len, sizeof seen - len, "%s:%s:%zu,", rc_container_type_name(c.type),
                 c.name, c.index);
    }
    ck_assert_str_eq(seen, "container:app:0,container:sidecar:1,init container:init:0,"
                           "ephemeral container:debug:0,");
}
END_TEST

START_TEST(descriptions_name_kind_namespace_and_name)
{
    rc_object plain = load_object("kind: Deployment\nmetadata: {name: backend}\n");
    rc_object placed =
        load_object("kind: Service\nmetadata: {name: api, namespace: shop}\n");
    char out[64];
    rc_object_describe(&plain, out, sizeof out);
    ck_assert_str_eq(out, "Deployment/backend");
    rc_object_describe(&placed, out, sizeof out);
    ck_assert_str_eq(out, "Service/shop/api");
    /* Every size cuts the text where snprintf would, NUL-terminated; size 0 writes nothing. */
    for (size_t size = 1; size <= 20; size++) {
        char expected[64];
        snprintf(expected, size, "%s/%s/%s", "Service", "shop", "api");
        memset(out, 'x', sizeof out);
        rc_object_describe(&placed, out, size);
        ck_assert_str_eq(out, expected);
        ck_assert_int_eq(out[size], 'x');
    }
    out[0] = 'x';
    rc_object_describe(&placed, out, 0);
    ck_assert_int_eq(out[0], 'x');
}
END_TEST

static Suite *object_suite(void)
{
    Suite *suite = suite_create("object");
    TCase *tc = tcase_create("object");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, replica_facts_equal_reading_the_nodes);
    tcase_add_test(tc, replica_facts_values);
    tcase_add_test(tc, hpa_min_fact_equals_reading_the_nodes);
    tcase_add_test(tc, volume_claim_fact_equals_reading_the_nodes);
    tcase_add_test(tc, known_kinds_are_shared);
    tcase_add_test(tc, identity_hash_fact_equals_hashing_the_identity);
    tcase_add_test(tc, descriptions_name_kind_namespace_and_name);
    tcase_add_test(tc, containers_are_iterated_list_by_list);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return rc_test_run(object_suite());
}

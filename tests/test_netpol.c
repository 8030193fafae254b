/* test_netpol.c - what a NetworkPolicy's ingress admits (model/netpol.h) and how ports
 * resolve on a pod template (model/ports.h): numbers, named ports on either side, endPort
 * ranges at their bounds, the TCP default and protocol mismatches, ports without a number,
 * native sidecars, templated values (never a proof of refusal), ingress absent / [] / [{}],
 * Egress-only policies, and which namespaces a peer can be in (kubernetes.io/metadata.name
 * pins one; other labels, ipBlocks and the release namespace may be any). */
#include <stdio.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/netpol.h"
#include "model/object.h"
#include "model/ports.h"
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

static const rc_node *load(const char *yaml)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag diag;
    bool ok = rc_yaml_load(&arena, "test.yaml", yaml, strlen(yaml), 1, &limits, &root, &diag);
    ck_assert_msg(ok, "fixture does not parse: %s", diag.message);
    return root;
}

static const rc_object *object(const char *yaml)
{
    rc_object *obj = rc_arena_calloc(&arena, 1, sizeof *obj);
    ck_assert_ptr_nonnull(obj);
    ck_assert(rc_object_init(obj, NULL, load(yaml)));
    return obj;
}

/* A Deployment whose one container (plus a native sidecar and a plain init container)
 * declares http 8080/TCP, metrics 9090/TCP, dns 53/UDP; the sidecar declares proxy 15001. */
static const rc_object *workload(void)
{
    return object("kind: Deployment\n"
                  "metadata: {name: web, namespace: shop}\n"
                  "spec:\n"
                  "  template:\n"
                  "    metadata: {labels: {app: web}}\n"
                  "    spec:\n"
                  "      initContainers:\n"
                  "        - name: mesh\n"
                  "          restartPolicy: Always\n"
                  "          ports: [{name: proxy, containerPort: 15001}]\n"
                  "        - name: migrate\n"
                  "          ports: [{name: migrate, containerPort: 7000}]\n"
                  "      containers:\n"
                  "        - name: web\n"
                  "          ports:\n"
                  "            - {name: http, containerPort: 8080}\n"
                  "            - {name: metrics, containerPort: 9090, protocol: TCP}\n"
                  "            - {name: dns, containerPort: 53, protocol: UDP}\n");
}

static rc_port_status resolve(const rc_object *obj, const char *spec_yaml, const char *protocol,
                              rc_pod_port *port)
{
    return rc_port_resolve(obj, load(spec_yaml), protocol, port);
}

static rc_netpol policy(const char *yaml)
{
    rc_netpol pol;
    ck_assert(rc_netpol_read(&arena, object(yaml), &pol));
    return pol;
}

/* A policy in namespace shop selecting app=web, with SPEC_TAIL after its podSelector. */
static rc_netpol web_policy(const char *spec_tail)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "kind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\n"
             "spec:\n  podSelector: {matchLabels: {app: web}}\n%s",
             spec_tail);
    return policy(yaml);
}

static bool admits(const rc_netpol *pol, long long number, const char *protocol,
                   const char *from_namespace)
{
    rc_pod_port target = {number, NULL, protocol};
    return rc_netpol_may_admit(pol, workload(), &target, from_namespace);
}

START_TEST(ports_resolve_by_number_and_name)
{
    const rc_object *obj = workload();
    rc_pod_port port;
    ck_assert_int_eq(resolve(obj, "http", "TCP", &port), RC_PORT_FOUND);
    ck_assert_int_eq(port.number, 8080);
    ck_assert_str_eq(port.name, "http");
    /* A number gets the declaring port's name; an undeclared number still resolves. */
    ck_assert_int_eq(resolve(obj, "9090", "TCP", &port), RC_PORT_FOUND);
    ck_assert_str_eq(port.name, "metrics");
    ck_assert_int_eq(resolve(obj, "'9090'", "TCP", &port), RC_PORT_FOUND);
    ck_assert_int_eq(resolve(obj, "4000", "TCP", &port), RC_PORT_FOUND);
    ck_assert_ptr_null(port.name);
    /* Names resolve with the protocol: dns is UDP only. */
    ck_assert_int_eq(resolve(obj, "dns", "TCP", &port), RC_PORT_MISSING);
    ck_assert_int_eq(resolve(obj, "dns", "UDP", &port), RC_PORT_FOUND);
    ck_assert_int_eq(port.number, 53);
    ck_assert_int_eq(resolve(obj, "53", "TCP", &port), RC_PORT_FOUND);
    ck_assert_ptr_null(port.name);
    /* A native sidecar serves ports; a plain init container does not. */
    ck_assert_int_eq(resolve(obj, "proxy", "TCP", &port), RC_PORT_FOUND);
    ck_assert_int_eq(port.number, 15001);
    ck_assert_int_eq(resolve(obj, "migrate", "TCP", &port), RC_PORT_MISSING);
    /* Templated or out of range: unknown. */
    ck_assert_int_eq(resolve(obj, "'{{ .Values.port }}'", "TCP", &port), RC_PORT_UNKNOWN);
    ck_assert_int_eq(resolve(obj, "70000", "TCP", &port), RC_PORT_UNKNOWN);
    ck_assert_ptr_null(rc_port_protocol(load("'{{ .Values.protocol }}'")));
    ck_assert_str_eq(rc_port_protocol(NULL), "TCP");
}
END_TEST

START_TEST(templated_container_port_is_unknown)
{
    const rc_object *obj = object("kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                                  "    - name: c\n"
                                  "      ports: [{name: http, containerPort: '{{ .Values.p }}'}]\n");
    rc_pod_port port;
    ck_assert_int_eq(resolve(obj, "http", "TCP", &port), RC_PORT_UNKNOWN);
    ck_assert_int_eq(resolve(obj, "8080", "TCP", &port), RC_PORT_UNKNOWN);
    /* Its name is known, so another name is still missing. */
    ck_assert_int_eq(resolve(obj, "grpc", "TCP", &port), RC_PORT_MISSING);
}
END_TEST

START_TEST(numbered_ports_and_ranges)
{
    rc_netpol pol = web_policy("  ingress:\n"
                               "    - ports:\n"
                               "        - port: 8000\n"
                               "          endPort: 8100\n"
                               "        - {port: 443}\n");
    ck_assert(admits(&pol, 8000, "TCP", NULL));
    ck_assert(admits(&pol, 8080, "TCP", NULL));
    ck_assert(admits(&pol, 8100, "TCP", NULL));
    ck_assert(!admits(&pol, 7999, "TCP", NULL));
    ck_assert(!admits(&pol, 8101, "TCP", NULL));
    ck_assert(admits(&pol, 443, "TCP", NULL));
    ck_assert(!admits(&pol, 444, "TCP", NULL));
    /* Protocol defaults to TCP and must match. */
    ck_assert(!admits(&pol, 443, "UDP", NULL));
    ck_assert(!admits(&pol, 8080, "SCTP", NULL));
}
END_TEST

START_TEST(named_policy_ports_resolve_on_the_destination_pod)
{
    rc_netpol pol = web_policy("  ingress:\n"
                               "    - ports: [{port: http}, {port: dns, protocol: UDP},\n"
                               "              {port: dns}, {port: nowhere}]\n");
    ck_assert(admits(&pol, 8080, "TCP", NULL));
    ck_assert(!admits(&pol, 9090, "TCP", NULL));
    /* dns is 53/UDP on the pod; `port: dns` over TCP names nothing. */
    ck_assert(admits(&pol, 53, "UDP", NULL));
    ck_assert(!admits(&pol, 53, "TCP", NULL));
}
END_TEST

START_TEST(rules_without_ports_or_peers)
{
    rc_netpol all = web_policy("  ingress: [{}]\n");
    ck_assert(admits(&all, 1, "UDP", "anywhere"));
    rc_netpol udp_only = web_policy("  ingress: [{ports: [{protocol: UDP}]}]\n");
    ck_assert(admits(&udp_only, 53, "UDP", "x"));
    ck_assert(!admits(&udp_only, 53, "TCP", "x"));
    rc_netpol empty_lists = web_policy("  ingress: [{from: [], ports: []}]\n");
    ck_assert(admits(&empty_lists, 8080, "TCP", "x"));
}
END_TEST

START_TEST(absent_or_empty_ingress_admits_nothing)
{
    rc_netpol deny = web_policy("  policyTypes: [Ingress]\n");
    ck_assert(deny.ingress && deny.no_ingress_rules);
    ck_assert(!admits(&deny, 8080, "TCP", NULL));
    rc_netpol empty = web_policy("  ingress: []\n");
    ck_assert(empty.ingress);
    ck_assert(!admits(&empty, 8080, "TCP", NULL));
    /* Egress only: the ingress rules are ignored (and Ingress is not restricted). */
    rc_netpol egress = web_policy("  policyTypes: [Egress]\n  ingress: [{}]\n");
    ck_assert(!egress.ingress);
    ck_assert(!admits(&egress, 8080, "TCP", NULL));
    /* Unset policyTypes mean Ingress. */
    rc_netpol unset = web_policy("  egress: [{}]\n");
    ck_assert(unset.ingress && unset.egress);
}
END_TEST

START_TEST(templated_values_never_prove_a_refusal)
{
    rc_netpol port = web_policy("  ingress: [{ports: [{port: '{{ .Values.port }}'}]}]\n");
    ck_assert(admits(&port, 8080, "TCP", "x"));
    rc_netpol protocol = web_policy("  ingress: [{ports: [{port: 1, protocol: '{{ .P }}'}]}]\n");
    ck_assert(admits(&protocol, 8080, "TCP", "x"));
    rc_netpol rules = web_policy("  ingress: '{{ toYaml .Values.ingress }}'\n");
    ck_assert(admits(&rules, 8080, "TCP", "x"));
    /* endPort below port is refused by the API server: nothing is known. */
    rc_netpol backwards = web_policy("  ingress: [{ports: [{port: 9000, endPort: 8000}]}]\n");
    ck_assert(admits(&backwards, 8080, "TCP", "x"));
}
END_TEST

START_TEST(peers_and_namespaces)
{
    rc_netpol pinned = web_policy(
        "  ingress:\n"
        "    - from:\n"
        "        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n"
        "          podSelector: {matchLabels: {app: prometheus}}\n");
    ck_assert(admits(&pinned, 8080, "TCP", "monitoring"));
    ck_assert(!admits(&pinned, 8080, "TCP", "ops"));
    ck_assert(admits(&pinned, 8080, "TCP", "")); /* the release namespace may be monitoring */
    ck_assert(admits(&pinned, 8080, "TCP", NULL));
    rc_netpol in_expr = web_policy(
        "  ingress:\n"
        "    - from:\n"
        "        - namespaceSelector:\n"
        "            matchExpressions:\n"
        "              - {key: kubernetes.io/metadata.name, operator: In, values: [ops]}\n");
    ck_assert(!admits(&in_expr, 8080, "TCP", "monitoring"));
    ck_assert(admits(&in_expr, 8080, "TCP", "ops"));
    rc_netpol other_label = web_policy(
        "  ingress: [{from: [{namespaceSelector: {matchLabels: {team: obs}}}]}]\n");
    ck_assert(admits(&other_label, 8080, "TCP", "monitoring"));
    rc_netpol same_namespace = web_policy(
        "  ingress: [{from: [{podSelector: {matchLabels: {app: prometheus}}}]}]\n");
    ck_assert(admits(&same_namespace, 8080, "TCP", "shop"));
    ck_assert(!admits(&same_namespace, 8080, "TCP", "monitoring"));
    rc_netpol ip_block = web_policy(
        "  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]\n");
    ck_assert(admits(&ip_block, 8080, "TCP", "monitoring"));
    /* Separate peers OR; the rule's ports still apply. */
    rc_netpol either = web_policy(
        "  ingress:\n"
        "    - from:\n"
        "        - podSelector: {}\n"
        "        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n"
        "      ports: [{port: metrics}]\n");
    ck_assert(admits(&either, 9090, "TCP", "monitoring"));
    ck_assert(admits(&either, 9090, "TCP", "shop"));
    ck_assert(!admits(&either, 9090, "TCP", "ops"));
    ck_assert(!admits(&either, 8080, "TCP", "monitoring"));
}
END_TEST

START_TEST(release_namespace_policy_may_be_anywhere)
{
    rc_netpol pol = policy("kind: NetworkPolicy\nmetadata: {name: p}\n"
                           "spec:\n  podSelector: {}\n"
                           "  ingress: [{from: [{podSelector: {}}]}]\n");
    ck_assert(rc_netpol_selects_all(&pol));
    ck_assert(admits(&pol, 8080, "TCP", "monitoring"));
}
END_TEST

static Suite *netpol_suite(void)
{
    Suite *suite = suite_create("netpol");
    TCase *tc = tcase_create("netpol");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ports_resolve_by_number_and_name);
    tcase_add_test(tc, templated_container_port_is_unknown);
    tcase_add_test(tc, numbered_ports_and_ranges);
    tcase_add_test(tc, named_policy_ports_resolve_on_the_destination_pod);
    tcase_add_test(tc, rules_without_ports_or_peers);
    tcase_add_test(tc, absent_or_empty_ingress_admits_nothing);
    tcase_add_test(tc, templated_values_never_prove_a_refusal);
    tcase_add_test(tc, peers_and_namespaces);
    tcase_add_test(tc, release_namespace_policy_may_be_anywhere);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return rc_test_run(netpol_suite());
}

/* network.c - templates for NetworkPolicy coverage of the release's workloads, and for what
 * the policies let through to Services and scrapes.
 *
 * Policies are read by model/netpol.h, which states the Kubernetes semantics followed
 * (podSelector `{}`/absent/null selects every pod of the namespace; unset policyTypes mean
 * Ingress, plus Egress when spec.egress has rules; a policy selects only its namespace). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/scrape.h"
#include "checks/templates.h"
#include "model/netpol.h"
#include "model/selector.h"

static const rc_node *name_node(const rc_object *obj)
{
    const rc_node *name = rc_node_path(obj->node, "metadata.name");
    return name ? name : obj->node;
}

typedef struct policy_list {
    rc_netpol *items;
    size_t count;
} policy_list;

static void *policies_collect_build(rc_check_ctx *ctx)
{
    rc_arena *arena = rc_check_arena(ctx);
    size_t total = rc_check_object_count(ctx);
    size_t n = 0;
    for (size_t i = 0; i < total; i++)
        n += rc_netpol_is_policy(rc_check_object_at(ctx, i));
    policy_list *list = rc_arena_calloc(arena, 1, sizeof *list);
    rc_netpol *items = list ? rc_arena_calloc(arena, n ? n : 1, sizeof *items) : NULL;
    if (!items)
        return NULL;
    for (size_t i = 0; i < total; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (rc_netpol_is_policy(obj) && rc_netpol_read(arena, obj, &items[list->count]))
            list->count++;
    }
    list->items = items;
    return list;
}

/* Every valid NetworkPolicy of the run, read once per run and shared by the templates of
 * this file (rc_check_shared); *COUNT receives how many. NULL with a count of 0 when there is
 * none or memory runs out. */
static const rc_netpol *policies_collect(rc_check_ctx *ctx, size_t *count)
{
    static const char memo_key = 0;
    void *built = rc_check_shared(ctx, &memo_key, policies_collect_build);
    *count = 0;
    if (!built)
        return NULL;
    const policy_list *list = built;
    *count = list->count;
    return list->items;
}

/* NetworkPolicies select pod IPs; a host-network pod has the node's, and no policy can
 * restrict it. */
static bool uses_host_network(const rc_object *obj)
{
    bool host_network = false;
    return rc_node_bool(rc_node_get(obj->pod_spec, "hostNetwork"), &host_network) &&
           host_network;
}

/* Fires on each pod-bearing workload that no NetworkPolicy of its namespace selects for the
 * direction: without one its pods accept (or open) any connection. Each policy marks the
 * workloads it selects through the pod index; a policy selecting every pod marks its
 * namespace once, so `{}` guards cost nothing per workload. */
/* Which workloads, and which namespaces whole, some NetworkPolicy selects for ingress and
 * for egress: one pod query per policy, shared by the rules of both directions. */
typedef struct policy_coverage {
    bool *workload[2];  /* [0] ingress, [1] egress; indexed by pod-index workload */
    bool *namespace_[2]; /* a policy of the namespace selects every pod */
} policy_coverage;

static void *policy_coverage_build(rc_check_ctx *ctx)
{
    size_t npolicies;
    const rc_netpol *policies = policies_collect(ctx, &npolicies);
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return NULL;
    size_t nworkloads = rc_pod_index_workload_count(index);
    size_t nspaces = rc_pod_index_namespace_count(index);
    rc_arena *arena = rc_check_arena(ctx);
    policy_coverage *coverage = rc_arena_calloc(arena, 1, sizeof *coverage);
    if (!coverage)
        return NULL;
    for (int d = 0; d < 2; d++) {
        coverage->workload[d] = rc_arena_calloc(arena, nworkloads ? nworkloads : 1, sizeof(bool));
        coverage->namespace_[d] = rc_arena_calloc(arena, nspaces ? nspaces : 1, sizeof(bool));
        if (!coverage->workload[d] || !coverage->namespace_[d])
            return NULL;
    }
    for (size_t p = 0; p < npolicies; p++) {
        const rc_netpol *policy = &policies[p];
        bool directions[2] = {policy->ingress, policy->egress};
        if (!directions[0] && !directions[1])
            continue;
        if (rc_netpol_selects_all(policy)) {
            size_t ns = rc_pod_index_namespace_find(index, policy->obj->namespace_);
            if (ns == SIZE_MAX)
                continue;
            for (int d = 0; d < 2; d++)
                coverage->namespace_[d][ns] |= directions[d];
            continue;
        }
        rc_pod_query query;
        size_t w;
        rc_pod_query_init(&query, index, policy->obj->namespace_, policy->selector);
        while (rc_pod_query_next(&query, &w)) {
            for (int d = 0; d < 2; d++)
                coverage->workload[d][w] |= directions[d];
        }
    }
    return coverage;
}

static void check_networkpolicy_coverage(rc_check_ctx *ctx)
{
    bool want_egress = strcmp(rc_params_string(rc_check_params(ctx), "direction"), "egress") == 0;
    const rc_pod_index *index = rc_check_pod_index(ctx);
    static const char coverage_key = 0;
    const policy_coverage *coverage = rc_check_shared(ctx, &coverage_key, policy_coverage_build);
    if (!index || !coverage)
        return;
    const bool *covered = coverage->workload[want_egress];
    const bool *space_covered = coverage->namespace_[want_egress];
    size_t nworkloads = rc_pod_index_workload_count(index);
    for (size_t w = 0; w < nworkloads; w++) {
        const rc_object *obj = rc_pod_index_workload(index, w);
        /* Asking a policy of node-exporter or a CNI agent is not actionable. */
        if (uses_host_network(obj))
            continue;
        rc_check_examined(ctx, obj);
        if (covered[w] || space_covered[rc_pod_index_namespace_of(index, w)])
            continue;
        char where[300];
        rc_object_describe(obj, where, sizeof where);
        rc_check_report(ctx, obj, name_node(obj),
                        "%s: no NetworkPolicy in its namespace selects its pods for %s, so "
                        "%s traffic is unrestricted.",
                        where, want_egress ? "Egress" : "Ingress",
                        want_egress ? "outgoing" : "incoming");
    }
}

/* Fires once per namespace that holds workloads but no default-deny ingress policy: a
 * policy selecting every pod, with Ingress in its policyTypes and no ingress rules. Without
 * it, any pod that the per-service policies miss (a new workload, an operator's pod) is open.
 * O((workloads + policies) log namespaces) through the pod index's namespaces. */
static void check_networkpolicy_default_deny(rc_check_ctx *ctx)
{
    size_t npolicies;
    const rc_netpol *policies = policies_collect(ctx, &npolicies);
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return;
    size_t nworkloads = rc_pod_index_workload_count(index);
    size_t nspaces = rc_pod_index_namespace_count(index);
    bool *guarded = rc_arena_calloc(rc_check_arena(ctx), nspaces ? nspaces : 1,
                                    sizeof *guarded);
    if (!guarded)
        return;
    for (size_t p = 0; p < npolicies; p++) {
        const rc_netpol *policy = &policies[p];
        if (!rc_netpol_selects_all(policy) || !policy->ingress || !policy->no_ingress_rules)
            continue;
        size_t ns = rc_pod_index_namespace_find(index, policy->obj->namespace_);
        if (ns != SIZE_MAX)
            guarded[ns] = true;
    }
    for (size_t w = 0; w < nworkloads; w++)
        rc_check_examined(ctx, rc_pod_index_workload(index, w));
    /* Namespaces in the order their first workload appears. One workload speaks for each:
     * the first whose Kind/name sorts first, so the finding does not move when the same
     * files are given in another order. */
    for (size_t w = 0; w < nworkloads; w++) {
        size_t ns = rc_pod_index_namespace_of(index, w);
        size_t count;
        const size_t *members = rc_pod_index_namespace_workloads(index, ns, &count);
        if (members[0] != w || guarded[ns])
            continue;
        const rc_object *obj = rc_pod_index_workload(index, w);
        char current[512], candidate[512];
        rc_object_describe(obj, current, sizeof current);
        for (size_t m = 1; m < count; m++) {
            const rc_object *other = rc_pod_index_workload(index, members[m]);
            rc_object_describe(other, candidate, sizeof candidate);
            if (strcmp(candidate, current) < 0) {
                obj = other;
                memcpy(current, candidate, sizeof current);
            }
        }
        rc_check_report(ctx, obj, name_node(obj),
                        "Namespace \"%s\" holds workloads but no default-deny ingress "
                        "NetworkPolicy (podSelector {}, policyTypes [Ingress], no ingress "
                        "rules).",
                        obj->namespace_[0] ? obj->namespace_ : "<release namespace>");
    }
}

/* True for an ipBlock that spans the whole address space with no exceptions. */
static bool peer_ipblock_is_all(const rc_node *peer)
{
    const rc_node *block = rc_node_get(peer, "ipBlock");
    const char *cidr = rc_node_get_text(block, "cidr");
    if (!cidr || (strcmp(cidr, "0.0.0.0/0") != 0 && strcmp(cidr, "::/0") != 0))
        return false;
    return rc_node_count(rc_node_get(block, "except")) == 0;
}

static bool selector_is_empty_map(const rc_node *node)
{
    return node && node->kind == RC_NODE_MAP && node->as.map.count == 0;
}

/* A peer that admits every pod of every namespace: namespaceSelector {} with no podSelector
 * or podSelector {}; or ipBlock 0.0.0.0/0. `podSelector: {}` alone is every pod of the
 * policy's own namespace, which is not "all". */
static bool peer_is_all(const rc_node *peer)
{
    if (peer_ipblock_is_all(peer))
        return true;
    const rc_node *ns = rc_node_get(peer, "namespaceSelector");
    const rc_node *pods = rc_node_get(peer, "podSelector");
    if (!selector_is_empty_map(ns))
        return false;
    return !pods || rc_node_is_null(pods) || selector_is_empty_map(pods);
}

static void check_rules_allow_all(rc_check_ctx *ctx, const rc_object *obj, const rc_node *rules,
                                  const char *direction, const char *peers_key)
{
    if (!rules || rules->kind != RC_NODE_SEQ)
        return;
    for (size_t i = 0; i < rules->as.seq.count; i++) {
        const rc_node *rule = rules->as.seq.items[i];
        const rc_node *peers = rc_node_get(rule, peers_key);
        if (!peers || rc_node_is_null(peers) ||
            (peers->kind == RC_NODE_SEQ && peers->as.seq.count == 0)) {
            /* No peers: the rule admits every source (or destination), on its ports if any. */
            rc_check_report(ctx, obj, rule,
                            "NetworkPolicy %s: %s rule %zu has no `%s`, so it allows traffic "
                            "%s every pod and address%s.",
                            obj->name, direction, i + 1, peers_key,
                            strcmp(peers_key, "from") == 0 ? "from" : "to",
                            rc_node_get(rule, "ports") ? " on its ports" : "");
            continue;
        }
        if (peers->kind != RC_NODE_SEQ)
            continue;
        for (size_t j = 0; j < peers->as.seq.count; j++) {
            if (peer_is_all(peers->as.seq.items[j])) {
                rc_check_report(ctx, obj, peers->as.seq.items[j],
                                "NetworkPolicy %s: %s rule %zu has a peer that matches every "
                                "pod in every namespace (or every address).",
                                obj->name, direction, i + 1);
            }
        }
    }
}

/* Object scope: fires on rules of a NetworkPolicy that allow everything, which makes the
 * policy a no-op for the pods it selects. */
static bool check_networkpolicy_allow_all(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!rc_netpol_is_policy(obj))
        return false;
    const char *direction = rc_params_string(rc_check_params(ctx), "direction");
    const rc_node *spec = rc_node_get(obj->node, "spec");
    if (strcmp(direction, "egress") != 0)
        check_rules_allow_all(ctx, obj, rc_node_get(spec, "ingress"), "ingress", "from");
    if (strcmp(direction, "ingress") != 0)
        check_rules_allow_all(ctx, obj, rc_node_get(spec, "egress"), "egress", "to");
    return true;
}

/* Fires on a NetworkPolicy whose podSelector matches no workload of the release in its
 * namespace: usually a label typo, and the pods it meant to restrict stay open (or closed).
 * Policies that select every pod are namespace guards and never unused. Pods created by
 * operators are invisible in a render, so selectors matching `operator-selectors` (regexes
 * on the selector in Kubernetes notation) and policy names matching `ignore-names` pass. */
static void check_networkpolicy_unused(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    size_t npolicies;
    const rc_netpol *policies = policies_collect(ctx, &npolicies);
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return;
    for (size_t p = 0; p < npolicies; p++) {
        const rc_netpol *policy = &policies[p];
        rc_check_examined(ctx, policy->obj);
        if (rc_netpol_selects_all(policy))
            continue;
        if (rc_params_match(params, "ignore-names", policy->obj->name))
            continue;
        const char *described = rc_selector_describe(rc_check_arena(ctx), policy->selector);
        if (rc_params_match(params, "operator-selectors", described))
            continue;
        if (!rc_pod_index_selects_any(index, policy->obj->namespace_, policy->selector)) {
            rc_check_report(ctx, policy->obj, name_node(policy->obj),
                            "NetworkPolicy %s selects no workload of the release in its "
                            "namespace (podSelector %s).",
                            policy->obj->name, described);
        }
    }
}

static const rc_param_spec coverage_params[] = {
    {"direction", RC_PARAM_STRING, NULL, "ingress|egress",
     "the policy type a workload must be covered for"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_networkpolicy_coverage = {
    .name = "networkpolicy-coverage",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every pod-bearing workload is selected by a NetworkPolicy of its namespace "
               "for the direction",
    .params = coverage_params,
    .check_release = check_networkpolicy_coverage,
};

const rc_template rc_template_networkpolicy_default_deny = {
    .name = "networkpolicy-default-deny",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every namespace holding workloads has a default-deny ingress NetworkPolicy",
    .params = rc_no_params,
    .check_release = check_networkpolicy_default_deny,
};

static const rc_param_spec allow_all_params[] = {
    {"direction", RC_PARAM_STRING, "ingress", "ingress|egress|both",
     "which rules are judged: ingress (from), egress (to) or both"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_networkpolicy_allow_all = {
    .name = "networkpolicy-allow-all",
    .scope = RC_SCOPE_OBJECT,
    .summary = "no NetworkPolicy rule allows every source (or destination)",
    .params = allow_all_params,
    .check_object = check_networkpolicy_allow_all,
};

static const rc_param_spec unused_params[] = {
    {"operator-selectors", RC_PARAM_REGEX_LIST, "[]", NULL,
     "regexes on the podSelector (Kubernetes notation, e.g. `app=x,tier in (a,b)`) of "
     "policies for pods an operator creates, which a render cannot show"},
    {"ignore-names", RC_PARAM_REGEX_LIST, "[]", NULL, "regexes on policy names to skip"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_networkpolicy_unused = {
    .name = "networkpolicy-unused",
    .scope = RC_SCOPE_RELEASE,
    .summary = "every NetworkPolicy selects at least one workload of the release",
    .params = unused_params,
    .check_release = check_networkpolicy_unused,
};

/* ---- what the policies let through ---------------------------------------------------- */

/* For each workload, the policies with Ingress in effect that select its pods: together they
 * decide what the pods admit. Built once per run and shared by the traffic templates. */
typedef struct ingress_guards {
    const rc_netpol *policies;
    size_t **of_workload;  /* of_workload[w]: indexes into policies, input order */
    size_t *count;         /* count[w] */
} ingress_guards;

static void *ingress_guards_build(rc_check_ctx *ctx)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return NULL;
    rc_arena *arena = rc_check_arena(ctx);
    size_t npolicies;
    const rc_netpol *policies = policies_collect(ctx, &npolicies);
    size_t nworkloads = rc_pod_index_workload_count(index);
    ingress_guards *guards = rc_arena_calloc(arena, 1, sizeof *guards);
    size_t *count = rc_arena_calloc(arena, nworkloads ? nworkloads : 1, sizeof *count);
    size_t **of = rc_arena_calloc(arena, nworkloads ? nworkloads : 1, sizeof *of);
    if (!guards || !count || !of)
        return NULL;
    /* Two passes: count, then fill, so each workload's list is one array. */
    for (int fill = 0; fill < 2; fill++) {
        if (fill) {
            for (size_t w = 0; w < nworkloads; w++) {
                of[w] = count[w] ? rc_arena_calloc(arena, count[w], sizeof *of[w]) : NULL;
                if (count[w] && !of[w])
                    return NULL;
                count[w] = 0;
            }
        }
        for (size_t p = 0; p < npolicies; p++) {
            if (!policies[p].ingress)
                continue;
            rc_pod_query query;
            size_t w;
            rc_pod_query_init(&query, index, policies[p].obj->namespace_,
                              rc_netpol_selects_all(&policies[p]) ? NULL
                                                                  : policies[p].selector);
            while (rc_pod_query_next(&query, &w)) {
                if (fill)
                    of[w][count[w]] = p;
                count[w]++;
            }
        }
    }
    guards->policies = policies;
    guards->of_workload = of;
    guards->count = count;
    return guards;
}

static const ingress_guards *ingress_guards_get(rc_check_ctx *ctx)
{
    static const char memo_key = 0;
    return rc_check_shared(ctx, &memo_key, ingress_guards_build);
}

/* True when a policy guarding workload W may admit TARGET from NAMESPACE_ (NULL: anywhere). */
static bool guards_may_admit(const ingress_guards *guards, const rc_pod_index *index, size_t w,
                             const rc_pod_port *target, const char *namespace_)
{
    const rc_object *workload = rc_pod_index_workload(index, w);
    for (size_t g = 0; g < guards->count[w]; g++) {
        if (rc_netpol_may_admit(&guards->policies[guards->of_workload[w][g]], workload, target,
                                namespace_))
            return true;
    }
    return false;
}

/* "a, b, c" for the policies guarding W: the first few names, then how many more. */
static const char *guard_names(rc_check_ctx *ctx, const ingress_guards *guards, size_t w)
{
    enum { shown = 4 };
    char text[400] = "";
    size_t used = 0;
    for (size_t g = 0; g < guards->count[w] && g < shown; g++) {
        int n = snprintf(text + used, sizeof text - used, "%s%s", g ? ", " : "",
                         guards->policies[guards->of_workload[w][g]].obj->name);
        if (n < 0 || (size_t)n >= sizeof text - used)
            break;
        used += (size_t)n;
    }
    if (guards->count[w] > shown)
        snprintf(text + used, sizeof text - used, " and %zu more", guards->count[w] - shown);
    return rc_arena_strdup(rc_check_arena(ctx), text);
}

/* "8080/TCP" or "8080/TCP (http)": the port as a message names it. */
static void port_describe(const rc_pod_port *port, char *out, size_t size)
{
    if (port->name)
        snprintf(out, size, "%lld/%s (%s)", port->number, port->protocol, port->name);
    else
        snprintf(out, size, "%lld/%s", port->number, port->protocol);
}

/* Fires on each Service port whose traffic the NetworkPolicies of a selected workload refuse
 * from every source: at least one policy with Ingress selects the pods, and no ingress rule
 * of any of them admits the port the Service sends to (targetPort, resolved on the pods).
 * The Service then has endpoints that never answer. Workloads that no policy selects are
 * RC401's business (coverage), not refused traffic. */
static void check_networkpolicy_service_ingress(rc_check_ctx *ctx)
{
    const ingress_guards *guards = ingress_guards_get(ctx);
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!guards || !index)
        return;
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *svc = rc_check_object_at(ctx, i);
        if (!rc_object_is_service(svc))
            continue;
        const rc_node *spec = rc_node_get(svc->node, "spec");
        const char *type = rc_node_get_text(spec, "type");
        const rc_node *ports = rc_node_get(spec, "ports");
        if ((type && strcmp(type, "ExternalName") == 0) || !ports || ports->kind != RC_NODE_SEQ)
            continue;
        const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx),
                                                     rc_node_get(spec, "selector"),
                                                     RC_SELECTOR_SERVICE, NULL, NULL);
        if (!sel || rc_selector_is_nothing(sel))
            continue; /* endpoints managed by hand, or RC631's invalid selector */
        rc_check_examined(ctx, svc);
        char service[300];
        rc_object_describe(svc, service, sizeof service);
        rc_pod_query query;
        size_t w;
        rc_pod_query_init(&query, index, svc->namespace_, sel);
        while (rc_pod_query_next(&query, &w)) {
            const rc_object *workload = rc_pod_index_workload(index, w);
            if (!guards->count[w] || uses_host_network(workload))
                continue;
            for (size_t p = 0; p < ports->as.seq.count; p++) {
                const rc_node *port = ports->as.seq.items[p];
                const rc_node *at = rc_node_get(port, "targetPort");
                if (!at || rc_node_is_null(at))
                    at = rc_node_get(port, "port");
                const char *protocol = rc_port_protocol(rc_node_get(port, "protocol"));
                rc_pod_port target;
                if (!at || !protocol || rc_port_resolve(workload, at, protocol, &target) !=
                                            RC_PORT_FOUND)
                    continue; /* a name the pods do not declare gives no endpoint at all */
                if (guards_may_admit(guards, index, w, &target, NULL))
                    continue;
                char where[300], described[120];
                rc_object_describe(workload, where, sizeof where);
                port_describe(&target, described, sizeof described);
                const char *port_text = rc_node_get_text(port, "port");
                rc_check_report(ctx, svc, at,
                                "%s port %s sends to %s on %s, but no ingress rule of the "
                                "NetworkPolicies selecting those pods (%s) admits that port "
                                "from any source, so the Service gets no traffic there.",
                                service, port_text ? port_text : "?", described, where,
                                guard_names(ctx, guards, w));
            }
        }
    }
}

const rc_template rc_template_networkpolicy_service_ingress = {
    .name = "networkpolicy-service-ingress",
    .scope = RC_SCOPE_RELEASE,
    .summary = "the NetworkPolicies selecting a Service's pods admit ingress on the Service's "
               "target port from some source",
    .params = rc_no_params,
    .check_release = check_networkpolicy_service_ingress,
};

/* "monitoring" or "monitoring or ops": the namespaces Prometheus runs in, for messages. */
static const char *namespaces_describe(rc_check_ctx *ctx, const char *const *names, size_t count)
{
    char text[300] = "";
    size_t used = 0;
    for (size_t k = 0; k < count; k++) {
        int n = snprintf(text + used, sizeof text - used, "%s%s", k ? " or " : "",
                         names[k][0] ? names[k] : "<release namespace>");
        if (n < 0 || (size_t)n >= sizeof text - used)
            break;
        used += (size_t)n;
    }
    return rc_arena_strdup(rc_check_arena(ctx), text);
}

/* Fires on each scraped port (checks/scrape.h) of a workload whose pods at least one ingress
 * policy selects, when no rule of those policies can admit the port from where Prometheus
 * runs: the release's Prometheus namespaces, or, when the release runs no Prometheus, from
 * anywhere at all (where the scraper runs is then unknown, so only a port closed to every
 * source is proven unscrapable). Conservative by design: a peer whose namespaces are not
 * pinned by kubernetes.io/metadata.name, a podSelector peer whose namespace may be
 * Prometheus', and every ipBlock (pod IPs are not in a render) may admit Prometheus. */
static void check_networkpolicy_scrape_ingress(rc_check_ctx *ctx)
{
    const ingress_guards *guards = ingress_guards_get(ctx);
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!guards || !index)
        return;
    size_t ntargets, nspaces;
    const rc_scrape_target *targets = rc_scrape_targets(ctx, &ntargets);
    const char *const *spaces = rc_scrape_prometheus_namespaces(ctx, &nspaces);
    for (size_t t = 0; t < ntargets; t++) {
        const rc_scrape_target *target = &targets[t];
        size_t w = target->workload;
        const rc_object *workload = rc_pod_index_workload(index, w);
        if (uses_host_network(workload))
            continue;
        rc_check_examined(ctx, workload);
        if (!guards->count[w])
            continue;
        bool admitted = false;
        for (size_t k = 0; k < nspaces && !admitted; k++)
            admitted = guards_may_admit(guards, index, w, &target->port, spaces[k]);
        if (nspaces == 0)
            admitted = guards_may_admit(guards, index, w, &target->port, NULL);
        if (admitted)
            continue;
        char who[700], where[300], source[300], described[120];
        rc_object_describe(workload, where, sizeof where);
        rc_object_describe(target->source, source, sizeof source);
        port_describe(&target->port, described, sizeof described);
        if (target->source == workload)
            snprintf(who, sizeof who, "%s asks Prometheus to scrape its pods", where);
        else
            snprintf(who, sizeof who, "%s asks Prometheus to scrape %s", source, where);
        char whence[400] = "any source, so no Prometheus can scrape it";
        if (nspaces)
            snprintf(whence, sizeof whence, "namespace %s, where the release runs Prometheus",
                     namespaces_describe(ctx, spaces, nspaces));
        rc_check_report(ctx, target->source, target->at,
                        "%s on %s, but no ingress rule of the NetworkPolicies selecting those "
                        "pods (%s) admits that port from %s.",
                        who, described, guard_names(ctx, guards, w), whence);
    }
}

const rc_template rc_template_networkpolicy_scrape_ingress = {
    .name = "networkpolicy-scrape-ingress",
    .scope = RC_SCOPE_RELEASE,
    .summary = "the NetworkPolicies selecting a scraped workload's pods admit the scraped port "
               "from the namespace where Prometheus runs",
    .params = rc_no_params,
    .check_release = check_networkpolicy_scrape_ingress,
};

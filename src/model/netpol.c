/* netpol.c - reading NetworkPolicies and answering what their ingress admits (netpol.h). */
#include "model/netpol.h"

#include <string.h>

/* The label the API server sets on every namespace to the namespace's own name. */
static const char namespace_name_label[] = "kubernetes.io/metadata.name";

bool rc_netpol_is_policy(const rc_object *obj)
{
    return rc_object_kind_is(obj, "NetworkPolicy");
}

static bool text_equals(const rc_node *node, const char *word)
{
    const char *text = rc_node_text(node);
    return text && strcmp(text, word) == 0;
}

static bool is_set(const rc_node *node)
{
    return node && !rc_node_is_null(node);
}

/* An absent, null or empty list: the API server's "not set" for ports, from and ingress. */
static bool list_is_empty(const rc_node *node)
{
    return !is_set(node) || (node->kind == RC_NODE_SEQ && node->as.seq.count == 0);
}

static void port_read(const rc_node *node, rc_netpol_port *port)
{
    port->node = node;
    port->kind = RC_NETPOL_PORT_UNKNOWN;
    if (!node || node->kind != RC_NODE_MAP)
        return;
    port->protocol = rc_port_protocol(rc_node_get(node, "protocol"));
    if (!port->protocol)
        return;
    const rc_node *number = rc_node_get(node, "port");
    const rc_node *end = rc_node_get(node, "endPort");
    if (!is_set(number)) {
        port->kind = RC_NETPOL_PORT_ALL;
        return;
    }
    if (rc_port_number(number, &port->first)) {
        port->last = port->first;
        /* endPort below port is refused by the API server: then nothing is known. */
        if (is_set(end) && (!rc_port_number(end, &port->last) || port->last < port->first))
            return;
        port->kind = RC_NETPOL_PORT_NUMBER;
        return;
    }
    const char *text = rc_node_text(number);
    long long ignored;
    if (!text || !text[0] || rc_text_is_templated(text) || rc_node_int(number, &ignored) ||
        is_set(end))
        return; /* endPort with a named port is refused by the API server */
    port->kind = RC_NETPOL_PORT_NAME;
    port->name = number;
}

static void peer_read(rc_arena *arena, const rc_node *node, rc_netpol_peer *peer)
{
    peer->node = node;
    const rc_node *namespaces = rc_node_get(node, "namespaceSelector");
    peer->pod_selector = is_set(rc_node_get(node, "podSelector"));
    peer->namespace_selector = is_set(namespaces);
    peer->ip_block = is_set(rc_node_get(node, "ipBlock"));
    if (!peer->namespace_selector)
        return;
    const rc_selector *sel = rc_selector_compile(arena, namespaces, RC_SELECTOR_LABEL, NULL,
                                                 NULL);
    size_t count = sel ? rc_selector_requirement_count(sel) : 0;
    for (size_t i = 0; i < count; i++) {
        const char *key, *value;
        size_t key_len, value_len;
        if (rc_selector_equality(sel, i, &key, &key_len, &value, &value_len) &&
            key_len == sizeof namespace_name_label - 1 &&
            memcmp(key, namespace_name_label, key_len) == 0)
            peer->namespace_name = value;
    }
}

/* Reads one ingress rule. A rule that is not a map (a null item) decodes as `{}`. */
static bool rule_read(rc_arena *arena, const rc_node *node, rc_netpol_rule *rule)
{
    rule->node = node;
    const rc_node *ports = rc_node_get(node, "ports");
    const rc_node *from = rc_node_get(node, "from");
    /* A templated list is not understood: leaving it empty makes the rule admit all. */
    if (!list_is_empty(ports) && ports->kind == RC_NODE_SEQ) {
        rc_netpol_port *items = rc_arena_calloc(arena, ports->as.seq.count, sizeof *items);
        if (!items)
            return false;
        for (size_t i = 0; i < ports->as.seq.count; i++)
            port_read(ports->as.seq.items[i], &items[i]);
        rule->ports = items;
        rule->port_count = ports->as.seq.count;
    }
    if (!list_is_empty(from) && from->kind == RC_NODE_SEQ) {
        rc_netpol_peer *items = rc_arena_calloc(arena, from->as.seq.count, sizeof *items);
        if (!items)
            return false;
        for (size_t i = 0; i < from->as.seq.count; i++)
            peer_read(arena, from->as.seq.items[i], &items[i]);
        rule->peers = items;
        rule->peer_count = from->as.seq.count;
    }
    return true;
}

bool rc_netpol_read(rc_arena *arena, const rc_object *obj, rc_netpol *policy)
{
    const rc_node *spec = rc_node_get(obj->node, "spec");
    const rc_node *pod_selector = rc_node_get(spec, "podSelector");
    memset(policy, 0, sizeof *policy);
    policy->obj = obj;
    if (!spec || spec->kind != RC_NODE_MAP)
        return false;
    if (is_set(pod_selector)) {
        policy->selector = rc_selector_compile(arena, pod_selector, RC_SELECTOR_LABEL, NULL,
                                               NULL);
        if (!policy->selector)
            return false;
    }
    const rc_node *types = rc_node_get(spec, "policyTypes");
    const rc_node *egress = rc_node_get(spec, "egress");
    const rc_node *ingress = rc_node_get(spec, "ingress");
    if (types && types->kind == RC_NODE_SEQ && types->as.seq.count > 0) {
        for (size_t i = 0; i < types->as.seq.count; i++) {
            /* Exact spelling, as the API server compares: anything else is refused there. */
            if (text_equals(types->as.seq.items[i], "Ingress"))
                policy->ingress = true;
            else if (text_equals(types->as.seq.items[i], "Egress"))
                policy->egress = true;
        }
    } else {
        policy->ingress = true;
        policy->egress = egress && egress->kind == RC_NODE_SEQ && egress->as.seq.count > 0;
    }
    policy->no_ingress_rules = list_is_empty(ingress);
    if (policy->no_ingress_rules)
        return true;
    if (ingress->kind != RC_NODE_SEQ) {
        policy->ingress_unknown = true;
        return true;
    }
    rc_netpol_rule *rules = rc_arena_calloc(arena, ingress->as.seq.count, sizeof *rules);
    if (!rules)
        return false;
    for (size_t i = 0; i < ingress->as.seq.count; i++) {
        if (!rule_read(arena, ingress->as.seq.items[i], &rules[i]))
            return false;
    }
    policy->ingress_rules = rules;
    policy->ingress_rule_count = ingress->as.seq.count;
    return true;
}

bool rc_netpol_selects_all(const rc_netpol *policy)
{
    return !policy->selector || rc_selector_is_everything(policy->selector);
}

bool rc_netpol_port_may_admit(const rc_netpol_port *port, const rc_object *workload,
                              const rc_pod_port *target)
{
    if (port->kind == RC_NETPOL_PORT_UNKNOWN)
        return true;
    if (strcmp(port->protocol, target->protocol) != 0)
        return false;
    switch (port->kind) {
    case RC_NETPOL_PORT_ALL:
        return true;
    case RC_NETPOL_PORT_NUMBER:
        return port->first <= target->number && target->number <= port->last;
    case RC_NETPOL_PORT_NAME: {
        /* The name is resolved on the destination pod with the entry's protocol; a pod
         * that declares no such port is matched by no number. */
        rc_pod_port named;
        switch (rc_port_resolve(workload, port->name, port->protocol, &named)) {
        case RC_PORT_FOUND:
            return named.number == target->number;
        case RC_PORT_MISSING:
            return false;
        default:
            return true;
        }
    }
    default:
        return true;
    }
}

bool rc_netpol_rule_may_admit_port(const rc_netpol_rule *rule, const rc_object *workload,
                                   const rc_pod_port *target)
{
    if (rule->port_count == 0)
        return true;
    for (size_t i = 0; i < rule->port_count; i++) {
        if (rc_netpol_port_may_admit(&rule->ports[i], workload, target))
            return true;
    }
    return false;
}

/* Two namespaces may be the same one: "" is the release namespace, whose name a render does
 * not tell, so it may be any. */
static bool namespaces_may_equal(const char *a, const char *b)
{
    return !a[0] || !b[0] || strcmp(a, b) == 0;
}

bool rc_netpol_peer_may_be_in(const rc_netpol_peer *peer, const char *policy_namespace,
                              const char *namespace_)
{
    if (!namespace_ || peer->ip_block)
        return true;
    if (peer->namespace_selector)
        return !peer->namespace_name || namespaces_may_equal(peer->namespace_name, namespace_);
    if (peer->pod_selector)
        return namespaces_may_equal(policy_namespace, namespace_);
    return true; /* an empty peer is refused by the API server: nothing is known */
}

bool rc_netpol_rule_may_admit_from(const rc_netpol_rule *rule, const char *policy_namespace,
                                   const char *namespace_)
{
    if (rule->peer_count == 0)
        return true;
    for (size_t i = 0; i < rule->peer_count; i++) {
        if (rc_netpol_peer_may_be_in(&rule->peers[i], policy_namespace, namespace_))
            return true;
    }
    return false;
}

bool rc_netpol_may_admit(const rc_netpol *policy, const rc_object *workload,
                         const rc_pod_port *target, const char *namespace_)
{
    if (!policy->ingress)
        return false;
    if (policy->ingress_unknown)
        return true;
    for (size_t i = 0; i < policy->ingress_rule_count; i++) {
        const rc_netpol_rule *rule = &policy->ingress_rules[i];
        if (rc_netpol_rule_may_admit_port(rule, workload, target) &&
            rc_netpol_rule_may_admit_from(rule, policy->obj->namespace_, namespace_))
            return true;
    }
    return false;
}

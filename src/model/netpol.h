/* netpol.h - NetworkPolicies read as the API server reads them, and what their ingress
 * rules admit.
 *
 * Semantics (networking.k8s.io/v1; peers often get these wrong):
 *  - spec.podSelector is a plain LabelSelector: `{}`, absent and null all select every pod
 *    of the policy's namespace; a policy selects only pods of its own namespace;
 *  - unset policyTypes mean [Ingress], plus Egress when spec.egress has rules;
 *  - with Ingress in effect, the selected pods admit only what some ingress rule of some
 *    policy selecting them admits (the union); no rules (`ingress` absent, null or []) admit
 *    nothing, and a rule `{}` admits everything;
 *  - a rule admits a connection when one of its `ports` matches (absent or [] = every port)
 *    and one of its `from` peers matches (absent or [] = every source);
 *  - a port entry matches by number (`endPort` makes it the range port..endPort), by name (a
 *    named container port of the destination pod, resolved with the entry's protocol), or,
 *    with no `port`, every port; its protocol defaults to TCP and must be the connection's;
 *  - in one peer, namespaceSelector and podSelector AND (those pods of those namespaces);
 *    separate peers OR; podSelector alone means the policy's own namespace; namespaceSelector
 *    alone means every pod of the matching namespaces. The API server labels every namespace
 *    with kubernetes.io/metadata.name = its name, so a namespaceSelector requiring that label
 *    to equal X matches namespace X at most;
 *  - an ipBlock matches addresses, not pods. Pod IPs are allocated at run time, so whether a
 *    cidr (less its `except` ranges) covers a given pod cannot be decided from a render: this
 *    module always answers that an ipBlock peer may admit any source.
 *
 * Answers are conservative: "may admit" is false only when a render proves the traffic is
 * refused. Anything templated, malformed or not understood may admit.
 *
 * Ownership: rc_netpol_read allocates the rule arrays and compiled selectors from ARENA and
 * borrows the object's nodes; everything else borrows and does not allocate. */
#ifndef RC_NETPOL_H
#define RC_NETPOL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/node.h"
#include "model/object.h"
#include "model/ports.h"
#include "model/selector.h"
#include "util/arena.h"

typedef enum rc_netpol_port_kind {
    RC_NETPOL_PORT_ALL,     /* no `port`: every port of the protocol */
    RC_NETPOL_PORT_NUMBER,  /* first..last (last = first without endPort) */
    RC_NETPOL_PORT_NAME,    /* a container port name of the destination pod */
    RC_NETPOL_PORT_UNKNOWN, /* templated or malformed: may match anything */
} rc_netpol_port_kind;

typedef struct rc_netpol_port {
    const rc_node *node;
    rc_netpol_port_kind kind;
    const char *protocol; /* "TCP" when unset */
    long long first, last;
    const rc_node *name;  /* RC_NETPOL_PORT_NAME: the `port` node */
} rc_netpol_port;

typedef struct rc_netpol_peer {
    const rc_node *node;
    bool pod_selector;       /* podSelector set (non-null) */
    bool namespace_selector; /* namespaceSelector set (non-null) */
    bool ip_block;
    /* The only namespace the namespaceSelector can match (it requires
     * kubernetes.io/metadata.name to equal it), or NULL when it may match others. */
    const char *namespace_name;
} rc_netpol_peer;

typedef struct rc_netpol_rule {
    const rc_node *node;
    const rc_netpol_port *ports; /* port_count 0: every port */
    size_t port_count;
    const rc_netpol_peer *peers; /* peer_count 0: every source */
    size_t peer_count;
} rc_netpol_rule;

typedef struct rc_netpol {
    const rc_object *obj;
    const rc_selector *selector; /* NULL when spec.podSelector is absent or null: every pod */
    bool ingress;                /* effective policyTypes */
    bool egress;
    bool no_ingress_rules;       /* spec.ingress absent, null or []: admits nothing */
    bool ingress_unknown;        /* spec.ingress is not a list (templated): may admit all */
    const rc_netpol_rule *ingress_rules;
    size_t ingress_rule_count;
} rc_netpol;

bool rc_netpol_is_policy(const rc_object *obj);

/* Fills POLICY from OBJ. False when OBJ's spec is not a map or its podSelector is invalid
 * (the API server refuses such a policy, so it protects nothing), or ARENA runs out. */
bool rc_netpol_read(rc_arena *arena, const rc_object *obj, rc_netpol *policy);

/* The policy selects every pod of its namespace (`{}`, absent or null podSelector). */
bool rc_netpol_selects_all(const rc_netpol *policy);

/* False only when port entry PORT cannot match TARGET, a port of WORKLOAD's pods. */
bool rc_netpol_port_may_admit(const rc_netpol_port *port, const rc_object *workload,
                              const rc_pod_port *target);
/* False only when no port entry of RULE can match TARGET (a rule without ports matches). */
bool rc_netpol_rule_may_admit_port(const rc_netpol_rule *rule, const rc_object *workload,
                                   const rc_pod_port *target);

/* False only when PEER provably matches no pod of namespace NAMESPACE_ ("" = the release
 * namespace, whose name a render does not tell; NULL = unknown: may be any). POLICY_NAMESPACE
 * is the namespace of the policy holding the peer. */
bool rc_netpol_peer_may_be_in(const rc_netpol_peer *peer, const char *policy_namespace,
                              const char *namespace_);
/* False only when no peer of RULE can be a pod of NAMESPACE_ (a rule without peers admits
 * every source). */
bool rc_netpol_rule_may_admit_from(const rc_netpol_rule *rule, const char *policy_namespace,
                                   const char *namespace_);

/* False only when no ingress rule of POLICY can admit a connection to TARGET on WORKLOAD's
 * pods from NAMESPACE_ (NULL: from anywhere). The union over the policies selecting a pod
 * is what the pod admits. A policy without Ingress in effect has its ingress rules ignored
 * by the API server, so it admits nothing here (it does not restrict ingress either:
 * callers consider only policies with POLICY->ingress). */
bool rc_netpol_may_admit(const rc_netpol *policy, const rc_object *workload,
                         const rc_pod_port *target, const char *namespace_);

#endif

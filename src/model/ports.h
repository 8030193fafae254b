/* ports.h - the ports a pod template serves, and the IntOrString ports that point at them.
 *
 * A Service's targetPort, a NetworkPolicy's ports[].port and a monitor's endpoint port are
 * IntOrString values: a number is the pod's port as such, a name is looked up among the
 * pod's declared container ports (spec.containers[].ports[].name) with the same protocol,
 * as the endpoints controller and the network plugins do. Protocols are compared exactly
 * ("TCP", "UDP", "SCTP": the API server refuses other spellings); unset means TCP.
 *
 * Native sidecars (init containers with restartPolicy Always) serve ports too, so their
 * ports count; other init containers and ephemeral containers never serve a Service.
 *
 * Ownership: everything borrows OBJ's nodes; nothing allocates. Values the render left
 * templated, or that are not scalars of the right shape, resolve to RC_PORT_UNKNOWN so that
 * callers can stay silent rather than guess. */
#ifndef RC_PORTS_H
#define RC_PORTS_H

#include <stdbool.h>

#include "model/node.h"
#include "model/object.h"

/* A port of a pod as traffic reaches it. */
typedef struct rc_pod_port {
    long long number;     /* 1..65535 */
    const char *name;     /* the declaring container port's name; NULL when none declares it
                           * with a name (a Service may target an undeclared port number) */
    const char *protocol; /* "TCP", "UDP" or "SCTP" as written; never NULL */
} rc_pod_port;

typedef enum rc_port_status {
    RC_PORT_FOUND,   /* *OUT is the port */
    RC_PORT_MISSING, /* a name no container port of the pod declares: the pod gets no
                      * traffic for it (no endpoint), so nothing about it can be judged */
    RC_PORT_UNKNOWN, /* templated or malformed: nothing can be said */
} rc_port_status;

/* The protocol field PROTOCOL (a node, NULL when unset) as text: "TCP" when unset or null,
 * NULL when it is not a plain protocol name (templated, a map...). */
const char *rc_port_protocol(const rc_node *protocol);

/* Resolves the IntOrString SPEC (a number, a numeric string, or a container port name) on
 * OBJ's pod template for PROTOCOL. A number resolves even when no container declares it
 * (the kernel accepts connections on any port a process listens on). */
rc_port_status rc_port_resolve(const rc_object *obj, const rc_node *spec, const char *protocol,
                               rc_pod_port *out);

/* Parses an IntOrString port number: true and *NUMBER (1..65535) for an integer scalar or a
 * quoted string of digits. */
bool rc_port_number(const rc_node *spec, long long *number);

#endif

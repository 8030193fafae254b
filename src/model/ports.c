/* ports.c - resolving IntOrString ports on a pod template (see ports.h). */
#include "model/ports.h"

#include <string.h>

const char *rc_port_protocol(const rc_node *protocol)
{
    if (!protocol || rc_node_is_null(protocol))
        return "TCP";
    const char *text = rc_node_text(protocol);
    if (!text || rc_text_is_templated(text))
        return NULL;
    return text;
}

bool rc_port_number(const rc_node *spec, long long *number)
{
    long long value;
    if (!rc_node_int(spec, &value) || value < 1 || value > 65535)
        return false;
    *number = value;
    return true;
}

/* Regular containers serve ports; so do native sidecars (restartable init containers). */
static bool container_serves(const rc_container *c)
{
    if (c->type == RC_CONTAINER_APP)
        return true;
    if (c->type != RC_CONTAINER_INIT)
        return false;
    const char *policy = rc_node_get_text(c->node, "restartPolicy");
    return policy && strcmp(policy, "Always") == 0;
}

rc_port_status rc_port_resolve(const rc_object *obj, const rc_node *spec, const char *protocol,
                               rc_pod_port *out)
{
    const char *text = rc_node_text(spec);
    if (!text || !text[0] || !protocol || rc_text_is_templated(text))
        return RC_PORT_UNKNOWN;
    long long number = 0;
    bool by_number = rc_port_number(spec, &number);
    if (!by_number && rc_node_int(spec, &number))
        return RC_PORT_UNKNOWN; /* out of range: the API server refuses it */
    out->number = number;
    out->name = NULL;
    out->protocol = protocol;
    /* A declared port the render left templated might be the one asked for: then the
     * answer is unknown rather than "missing" (or "declared without a name"). */
    bool unsure = false;
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        const rc_node *ports = rc_node_get(c.node, "ports");
        if (!container_serves(&c) || !ports || ports->kind != RC_NODE_SEQ)
            continue;
        for (size_t i = 0; i < ports->as.seq.count; i++) {
            const rc_node *port = ports->as.seq.items[i];
            const char *port_protocol = rc_port_protocol(rc_node_get(port, "protocol"));
            const char *name = rc_node_get_text(port, "name");
            long long declared = 0;
            bool known = rc_port_number(rc_node_get(port, "containerPort"), &declared);
            if (!port_protocol || (name && rc_text_is_templated(name))) {
                unsure = true;
                continue;
            }
            if (strcmp(port_protocol, protocol) != 0)
                continue;
            if (by_number) {
                if (!known) {
                    unsure = true;
                } else if (declared == number && name && name[0]) {
                    out->name = name;
                    return RC_PORT_FOUND;
                }
            } else if (name && strcmp(name, text) == 0) {
                if (!known)
                    return RC_PORT_UNKNOWN;
                out->number = declared;
                out->name = name;
                return RC_PORT_FOUND;
            }
        }
    }
    if (unsure)
        return RC_PORT_UNKNOWN;
    return by_number ? RC_PORT_FOUND : RC_PORT_MISSING;
}

/* services.c - templates relating Services to the pods of the release. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "model/selector.h"

/* Fires when a Service's selector matches no pod template of the release: it would have no
 * endpoints, usually from a label renamed on one side only. Services without a selector
 * (endpoints managed by hand) and ExternalName Services (a DNS alias) select nothing on
 * purpose and pass. Release scope: the pods may be in any file of the release; the run's pod
 * index finds them without scanning every workload per Service. */
static void check_service_selects_pods(rc_check_ctx *ctx)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    if (!index)
        return;
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *service = rc_check_object_at(ctx, i);
        if (!rc_object_is_service(service))
            continue;
        rc_check_examined(ctx, service);
        const rc_node *spec = rc_node_get(service->node, "spec");
        const char *type = rc_node_get_text(spec, "type");
        if (type && strcmp(type, "ExternalName") == 0)
            continue;
        const rc_node_pair *selector = rc_node_get_pair(spec, "selector");
        char where[300];
        rc_object_describe(service, where, sizeof where);
        const char *err = NULL;
        const rc_node *err_node = NULL;
        const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx),
                                                     selector ? selector->value : NULL,
                                                     RC_SELECTOR_SERVICE, &err, &err_node);
        if (!sel) {
            rc_check_report(ctx, service, err_node, "%s has an invalid selector (%s), so it "
                            "selects no pods.",
                            where, err ? err : "out of memory");
            continue;
        }
        if (rc_selector_is_nothing(sel) ||
            rc_pod_index_selects_any(index, service->namespace_, sel))
            continue;
        rc_check_report(ctx, service, selector->key,
                        "%s selects %s, which matches no pod template in the release.", where,
                        rc_selector_describe(rc_check_arena(ctx), sel));
    }
}

const rc_template rc_template_service_selects_pods = {
    .name = "service-selects-pods",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a Service with a selector matches some pod template of the release",
    .params = rc_no_params,
    .check_release = check_service_selects_pods,
};

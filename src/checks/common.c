/* common.c - small pieces every check family shares (declared in check.h). */
#include "checks/check.h"

const rc_param_spec rc_no_params[] = {{NULL, 0, NULL, NULL, NULL}};

bool rc_check_container_selected(const rc_check_ctx *ctx, rc_container_type type)
{
    static const char *const names[] = {"container", "init", "ephemeral"};
    return rc_params_contains(rc_check_params(ctx), "container-types", names[type]);
}

#include "rules/template.h"

#include <string.h>

#include "checks/templates.h"

/* The registry: one line per template, in name order. */
static const rc_template *const registry[] = {
    &rc_template_configmap_secret,
    &rc_template_container_resource,
    &rc_template_env_literal_secret,
    &rc_template_env_secret_ref,
    &rc_template_input_error,
    &rc_template_networkpolicy_allow_all,
    &rc_template_networkpolicy_coverage,
    &rc_template_networkpolicy_default_deny,
    &rc_template_networkpolicy_unused,
    &rc_template_request_within_limit,
    &rc_template_secret_literal,
};

const rc_template *rc_template_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    }
    return NULL;
}

const rc_template *const *rc_template_all(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

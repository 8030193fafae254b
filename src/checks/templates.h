/* templates.h - every check template, for the registry in rules/template.c.
 * Each is static data defined in the src/checks/ file named after its family. */
#ifndef RC_CHECK_TEMPLATES_H
#define RC_CHECK_TEMPLATES_H

#include "rules/template.h"

/* input.c: findings the engine itself raises (unreadable or unparsable input) */
extern const rc_template rc_template_input_error;
/* resources.c */
extern const rc_template rc_template_container_resource;
extern const rc_template rc_template_request_within_limit;

/* network.c */
extern const rc_template rc_template_networkpolicy_allow_all;
extern const rc_template rc_template_networkpolicy_coverage;
extern const rc_template rc_template_networkpolicy_default_deny;
extern const rc_template rc_template_networkpolicy_unused;
/* secrets.c */
extern const rc_template rc_template_configmap_secret;
extern const rc_template rc_template_env_literal_secret;
extern const rc_template rc_template_env_secret_ref;
extern const rc_template rc_template_secret_literal;

#endif

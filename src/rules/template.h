/* template.h - check templates: the C logic behind rules, registered in one table.
 *
 * A template names itself, states its scope, declares its parameters, and provides either an
 * object check (called once per object) or a release check (called once per run). Templates
 * are static data; lookups return borrowed pointers. */
#ifndef RC_TEMPLATE_H
#define RC_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/params.h"
#include "rules/rule.h"

typedef struct rc_check_ctx rc_check_ctx;
typedef struct rc_object rc_object;

struct rc_template {
    const char *name;
    rc_scope scope;
    const char *summary;
    const rc_param_spec *params; /* terminated by a NULL name */
    /* Object scope: judge OBJ, report findings through CTX. Returns true when OBJ was in the
     * rule's scope at all (examined), which is the evidence a passing checklist item lists. */
    bool (*check_object)(rc_check_ctx *ctx, const rc_object *obj);
    /* Release scope: judge the whole run (see check.h for the object index). */
    void (*check_release)(rc_check_ctx *ctx);
};

/* NULL when no template has NAME. A binary search: the registry must stay in name order. */
const rc_template *rc_template_find(const char *name);
/* The registry, in name order; *COUNT receives its length. */
const rc_template *const *rc_template_all(size_t *count);

#endif

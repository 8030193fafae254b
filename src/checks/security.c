/* security.c - templates for image pinning and container securityContext settings. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"

/* Fires when an image reference is not pinned: no tag (which means `latest`) or a tag the
 * rule names as moving. A digest pins the image whatever the tag says, and imagePullPolicy
 * is irrelevant: a moving tag makes two nodes run different code either way. */
static bool check_image_pinned(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (!rc_check_container_selected(ctx, c.type))
            continue;
        const rc_node *image = rc_node_get(c.node, "image");
        const char *ref = rc_node_text(image);
        /* A missing or empty image is the API server's error to report, not a tag problem. */
        if (!ref || !rc_node_is_string(image) || !ref[0] || strchr(ref, '@'))
            continue;
        /* The tag follows the last ':' after the last '/': "registry:5000/app" has none. */
        const char *slash = strrchr(ref, '/');
        const char *colon = strrchr(slash ? slash : ref, ':');
        const char *tag = colon && colon[1] ? colon + 1 : NULL;
        if (!tag)
            rc_check_report(ctx, obj, image,
                            "image \"%s\" of %s \"%s\" in %s has no tag, so it runs whatever "
                            "`latest` is at pull time.",
                            ref, rc_container_type_name(c.type), c.name, where);
        else if (rc_params_contains(params, "disallowed-tags", tag))
            rc_check_report(ctx, obj, image,
                            "image \"%s\" of %s \"%s\" in %s uses the moving tag \"%s\".", ref,
                            rc_container_type_name(c.type), c.name, where, tag);
    }
    return true;
}

/* Reads a boolean FIELD of a securityContext map; false when absent or not a boolean. */
static bool context_bool(const rc_node *context, const char *field, bool *value,
                         const rc_node **node)
{
    *node = rc_node_get(context, field);
    return rc_node_bool(*node, value);
}

/* Fires unless every selected container runs as a non-root user: runAsNonRoot true (the
 * kubelet then refuses to start a root image) or a non-zero runAsUser. Container settings
 * override the pod's securityContext field by field, as Kubernetes applies them. */
static bool check_run_as_non_root(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_node *pod_context = rc_node_get(obj->pod_spec, "securityContext");
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (!rc_check_container_selected(ctx, c.type))
            continue;
        const rc_node *context = rc_node_get(c.node, "securityContext");
        const rc_node *non_root_node, *user_node;
        bool non_root = false, non_root_set = context_bool(context, "runAsNonRoot", &non_root,
                                                           &non_root_node);
        if (!non_root_set)
            non_root_set = context_bool(pod_context, "runAsNonRoot", &non_root, &non_root_node);
        long long user = -1;
        user_node = rc_node_get(context, "runAsUser");
        if (!rc_node_int(user_node, &user)) {
            user_node = rc_node_get(pod_context, "runAsUser");
            if (!rc_node_int(user_node, &user))
                user = -1;
        }
        if (user > 0 || (user < 0 && non_root_set && non_root))
            continue;
        /* Point at this container's own setting when it is the culprit; inherited or
         * missing values point at the container, so each container has its own line. */
        const rc_node *own_user = rc_node_get(context, "runAsUser");
        const rc_node *own_non_root = rc_node_get(context, "runAsNonRoot");
        const rc_node *at = c.node;
        if (user == 0 && own_user == user_node)
            at = own_user;
        else if (user < 0 && non_root_set && own_non_root == non_root_node)
            at = own_non_root;
        if (user == 0)
            rc_check_report(ctx, obj, at, "%s \"%s\" of %s runs as root (runAsUser 0).",
                            rc_container_type_name(c.type), c.name, where);
        else
            rc_check_report(ctx, obj, at,
                            "%s \"%s\" of %s may run as root: runAsNonRoot is %s and no "
                            "non-zero runAsUser is set.",
                            rc_container_type_name(c.type), c.name, where,
                            non_root_set ? "false" : "unset");
    }
    return true;
}

/* Fires unless a container's securityContext sets a boolean field to the expected value.
 * Only the container level counts: PodSecurityContext has no such fields. */
static bool check_container_security_field(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    const char *field = rc_params_string(params, "field");
    bool expected = rc_params_bool(params, "expected");
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (!rc_check_container_selected(ctx, c.type))
            continue;
        const rc_node *node;
        bool value;
        bool set = context_bool(rc_node_get(c.node, "securityContext"), field, &value, &node);
        if (set && value == expected)
            continue;
        rc_check_report(ctx, obj, set ? node : c.node, "%s \"%s\" of %s %s securityContext.%s "
                        "to %s.",
                        rc_container_type_name(c.type), c.name, where, set ? "sets" : "does not set",
                        field, set ? (value ? "true" : "false") : (expected ? "true" : "false"));
    }
    return true;
}

static const rc_param_spec image_pinned_params[] = {
    {"disallowed-tags", RC_PARAM_STRING_LIST, "[latest]", NULL,
     "tags that move and so do not pin an image"},
    RC_CONTAINER_TYPES_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_image_pinned = {
    .name = "image-pinned",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every selected container's image has a digest, or a tag that is not disallowed",
    .params = image_pinned_params,
    .check_object = check_image_pinned,
};

static const rc_param_spec run_as_non_root_params[] = {
    RC_CONTAINER_TYPES_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_run_as_non_root = {
    .name = "run-as-non-root",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every selected container runs as non-root (runAsNonRoot true or a non-zero "
               "runAsUser, container overriding pod)",
    .params = run_as_non_root_params,
    .check_object = check_run_as_non_root,
};

static const rc_param_spec container_security_field_params[] = {
    {"field", RC_PARAM_STRING, NULL,
     "readOnlyRootFilesystem|allowPrivilegeEscalation|privileged",
     "the container securityContext field"},
    {"expected", RC_PARAM_BOOL, NULL, NULL, "the value the field must have"},
    RC_CONTAINER_TYPES_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_container_security_field = {
    .name = "container-security-field",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every selected container sets a boolean securityContext field to the expected "
               "value",
    .params = container_security_field_params,
    .check_object = check_container_security_field,
};

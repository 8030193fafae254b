/* resources.c - templates for container CPU and memory requests and limits. */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "model/quantity.h"

static const char *resource_label(const char *resource)
{
    if (strcmp(resource, "cpu") == 0)
        return "CPU";
    return resource;
}

/* Fires when a container lacks resources.<field>.<resource>, or the value is not a quantity. */
static bool check_container_resource(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    const char *resource = rc_params_string(params, "resource");
    const char *field = rc_params_string(params, "field");
    const char *field_word = strcmp(field, "requests") == 0 ? "request" : "limit";
    char where[300];
    rc_object_describe(obj, where, sizeof where);

    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (!rc_check_container_selected(ctx, c.type))
            continue;
        const rc_node_pair *resources = rc_node_get_pair(c.node, "resources");
        const rc_node *section = resources ? rc_node_get(resources->value, field) : NULL;
        const rc_node_pair *value = rc_node_get_pair(section, resource);
        if (!value || rc_node_is_null(value->value)) {
            const rc_node *at = section ? section : resources ? resources->key : c.node;
            rc_check_report(ctx, obj, at, "%s \"%s\" of %s has no %s %s (resources.%s.%s).",
                            rc_container_type_name(c.type), c.name, where,
                            resource_label(resource), field_word, field, resource);
            continue;
        }
        rc_quantity q;
        const char *err = NULL;
        const char *text = rc_node_text(value->value);
        if (!text || !rc_quantity_parse_n(text, value->value->as.scalar.len, &q, &err)) {
            rc_check_report(ctx, obj, value->value,
                            "%s %s of %s \"%s\" in %s is not a valid quantity (%s).",
                            resource_label(resource), field_word, rc_container_type_name(c.type),
                            c.name, where, err ? err : "not a scalar");
        }
    }
    return true;
}

/* Fires when a container's request for a resource is above its limit, which the API
 * server rejects: the release would not even apply. */
static bool check_request_within_limit(rc_check_ctx *ctx, const rc_object *obj)
{
    if (!obj->pod_spec)
        return false;
    const rc_params *params = rc_check_params(ctx);
    const char *resource = rc_params_string(params, "resource");
    char where[300];
    rc_object_describe(obj, where, sizeof where);

    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        const rc_node *resources = rc_node_get(c.node, "resources");
        const rc_node *request = rc_node_get(rc_node_get(resources, "requests"), resource);
        const rc_node *limit = rc_node_get(rc_node_get(resources, "limits"), resource);
        rc_quantity rq, lq;
        if (!rc_node_text(request) || !rc_node_text(limit) ||
            !rc_quantity_parse(rc_node_text(request), &rq, NULL) ||
            !rc_quantity_parse(rc_node_text(limit), &lq, NULL))
            continue;
        if (rc_quantity_cmp(&rq, &lq) > 0) {
            rc_check_report(ctx, obj, request,
                            "%s request %s of %s \"%s\" in %s is above its limit %s.",
                            resource_label(resource), rc_node_text(request),
                            rc_container_type_name(c.type), c.name, where, rc_node_text(limit));
        }
    }
    return true;
}

static const rc_param_spec container_resource_params[] = {
    {"resource", RC_PARAM_STRING, NULL, "cpu|memory|ephemeral-storage",
     "the resource that must be set"},
    {"field", RC_PARAM_STRING, NULL, "requests|limits", "requests or limits"},
    RC_CONTAINER_TYPES_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_container_resource = {
    .name = "container-resource",
    .scope = RC_SCOPE_OBJECT,
    .summary = "every selected container sets resources.<field>.<resource> to a valid quantity",
    .params = container_resource_params,
    .check_object = check_container_resource,
};

static const rc_param_spec request_within_limit_params[] = {
    {"resource", RC_PARAM_STRING, NULL, "cpu|memory|ephemeral-storage",
     "the resource whose request and limit are compared"},
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_request_within_limit = {
    .name = "request-within-limit",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a container's request for a resource is not above its limit",
    .params = request_within_limit_params,
    .check_object = check_request_within_limit,
};

#include "model/object.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *kind;
    rc_workload_kind workload;
} workload_kinds[] = {
    {"Deployment", RC_WORKLOAD_DEPLOYMENT},   {"StatefulSet", RC_WORKLOAD_STATEFULSET},
    {"DaemonSet", RC_WORKLOAD_DAEMONSET},     {"ReplicaSet", RC_WORKLOAD_REPLICASET},
    {"ReplicationController", RC_WORKLOAD_REPLICATIONCONTROLLER},
    {"Job", RC_WORKLOAD_JOB},                 {"CronJob", RC_WORKLOAD_CRONJOB},
    {"Pod", RC_WORKLOAD_POD},
};

static const char *text_or_empty(const char *text)
{
    return text ? text : "";
}

static void init_workload(rc_object *obj)
{
    for (size_t i = 0; i < sizeof workload_kinds / sizeof workload_kinds[0]; i++) {
        if (strcmp(obj->kind, workload_kinds[i].kind) == 0)
            obj->workload = workload_kinds[i].workload;
    }
    switch (obj->workload) {
    case RC_WORKLOAD_NONE:
        return;
    case RC_WORKLOAD_POD:
        obj->pod_template = obj->node;
        break;
    case RC_WORKLOAD_CRONJOB:
        obj->pod_template = rc_node_path(obj->node, "spec.jobTemplate.spec.template");
        break;
    default:
        obj->pod_template = rc_node_path(obj->node, "spec.template");
        break;
    }
    obj->pod_spec = rc_node_get(obj->pod_template, "spec");
    obj->pod_labels = rc_node_path(obj->pod_template, "metadata.labels");
    if (obj->pod_spec && obj->pod_spec->kind != RC_NODE_MAP)
        obj->pod_spec = NULL;
}

/* helm.sh/hook is a comma-separated list; any test event ("test", "test-success",
 * "test-failure") makes the object a test, whatever else is listed. */
static rc_hook_kind hook_kind(const rc_node *annotations)
{
    const char *hooks = rc_node_get_text(annotations, "helm.sh/hook");
    if (!hooks)
        return RC_HOOK_NONE;
    for (const char *p = hooks; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (strncmp(p, "test", 4) == 0 && (p[4] == '\0' || p[4] == ',' || p[4] == '-' || p[4] == ' '))
            return RC_HOOK_TEST;
        p += strcspn(p, ",");
    }
    return RC_HOOK_LIFECYCLE;
}

bool rc_object_init(rc_object *obj, const rc_document *doc, const rc_node *node)
{
    memset(obj, 0, sizeof *obj);
    if (!node || node->kind != RC_NODE_MAP)
        return false;
    const char *kind = rc_node_get_text(node, "kind");
    if (!kind)
        return false;
    obj->doc = doc;
    obj->node = node;
    obj->kind = kind;
    obj->api_version = text_or_empty(rc_node_get_text(node, "apiVersion"));
    const rc_node *metadata = rc_node_get(node, "metadata");
    const char *name = rc_node_get_text(metadata, "name");
    if (!name)
        name = rc_node_get_text(metadata, "generateName");
    obj->name = text_or_empty(name);
    obj->namespace_ = text_or_empty(rc_node_get_text(metadata, "namespace"));
    obj->labels = rc_node_get(metadata, "labels");
    obj->annotations = rc_node_get(metadata, "annotations");
    obj->hook = hook_kind(obj->annotations);
    init_workload(obj);
    return true;
}

void rc_object_init_config(rc_object *obj, const rc_document *doc, const rc_node *node,
                           const char *kind, const char *name)
{
    memset(obj, 0, sizeof *obj);
    obj->doc = doc;
    obj->node = node;
    obj->kind = kind;
    obj->api_version = "";
    obj->name = name;
    obj->namespace_ = "";
}

bool rc_object_replicas(const rc_object *obj, long long *replicas, bool *set)
{
    switch (obj->workload) {
    case RC_WORKLOAD_DEPLOYMENT:
    case RC_WORKLOAD_STATEFULSET:
    case RC_WORKLOAD_REPLICASET:
    case RC_WORKLOAD_REPLICATIONCONTROLLER:
        break;
    default:
        return false;
    }
    const rc_node *field = rc_node_path(obj->node, "spec.replicas");
    if (!field || rc_node_is_null(field)) {
        *replicas = 1;
        *set = false;
        return true;
    }
    *set = true;
    return rc_node_int(field, replicas);
}

bool rc_object_uses_volume_claims(const rc_object *obj)
{
    if (strcmp(obj->kind, "PersistentVolumeClaim") == 0)
        return true;
    if (obj->workload == RC_WORKLOAD_STATEFULSET &&
        rc_node_count(rc_node_path(obj->node, "spec.volumeClaimTemplates")) > 0)
        return true;
    const rc_node *volumes = rc_node_get(obj->pod_spec, "volumes");
    for (size_t i = 0; volumes && volumes->kind == RC_NODE_SEQ && i < volumes->as.seq.count; i++) {
        if (rc_node_get(volumes->as.seq.items[i], "persistentVolumeClaim"))
            return true;
    }
    return false;
}

bool rc_object_is_long_running(const rc_object *obj)
{
    switch (obj->workload) {
    case RC_WORKLOAD_DEPLOYMENT:
    case RC_WORKLOAD_STATEFULSET:
    case RC_WORKLOAD_DAEMONSET:
    case RC_WORKLOAD_REPLICASET:
    case RC_WORKLOAD_REPLICATIONCONTROLLER:
        return true;
    default:
        return false;
    }
}

bool rc_object_same_namespace(const rc_object *a, const rc_object *b)
{
    return strcmp(a->namespace_, b->namespace_) == 0;
}

void rc_object_describe(const rc_object *obj, char *out, size_t size)
{
    if (obj->namespace_[0])
        snprintf(out, size, "%s/%s/%s", obj->kind, obj->namespace_, obj->name);
    else
        snprintf(out, size, "%s/%s", obj->kind, obj->name);
}

static const char *const container_lists[] = {"containers", "initContainers",
                                              "ephemeralContainers"};

void rc_container_iter_init(rc_container_iter *it, const rc_object *obj)
{
    it->obj = obj;
    it->list = 0;
    it->index = 0;
}

bool rc_container_next(rc_container_iter *it, rc_container *out)
{
    if (!it->obj->pod_spec)
        return false;
    while (it->list < 3) {
        const rc_node *list = rc_node_get(it->obj->pod_spec, container_lists[it->list]);
        if (list && list->kind == RC_NODE_SEQ && it->index < list->as.seq.count) {
            const rc_node *node = list->as.seq.items[it->index];
            out->node = node;
            out->name = text_or_empty(rc_node_get_text(node, "name"));
            out->type = (rc_container_type)it->list;
            out->index = it->index;
            it->index++;
            if (node->kind == RC_NODE_MAP)
                return true;
            continue;
        }
        it->list++;
        it->index = 0;
    }
    return false;
}

const char *rc_container_type_name(rc_container_type type)
{
    switch (type) {
    case RC_CONTAINER_INIT:
        return "init container";
    case RC_CONTAINER_EPHEMERAL:
        return "ephemeral container";
    default:
        return "container";
    }
}

#include "model/object.h"

#include <stdio.h>
#include <string.h>

#include "model/identity.h"

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

/* The kinds rules ask about. An object's kind is pointed at this table's copy rather than at
 * its document's text: release rules compare every object's kind, and the table's strings
 * stay in cache where the documents' are spread over the whole input. */
static const char *const known_kinds[] = {
    "AlertmanagerConfig", "ConfigMap", "CronJob", "CustomResourceDefinition", "DaemonSet",
    "Deployment", "GrafanaDashboard", "HorizontalPodAutoscaler", "Ingress", "Job",
    "Namespace", "NetworkPolicy", "PersistentVolumeClaim", "Pod", "PodDisruptionBudget",
    "PodMonitor", "Prometheus", "PrometheusAgent", "PrometheusRule", "ReplicaSet",
    "ReplicationController", "Role", "RoleBinding", "Secret", "Service", "ServiceAccount",
    "ServiceMonitor", "StatefulSet",
};

/* The same for the API versions of those kinds: rules read an object's API group (the
 * backup rules, of every object) as they read its kind. */
static const char *const known_api_versions[] = {
    "apps/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "monitoring.coreos.com/v1",
    "monitoring.coreos.com/v1alpha1", "networking.k8s.io/v1", "policy/v1",
    "rbac.authorization.k8s.io/v1", "v1",
};

static const char *interned(const char *text, const char *const *known, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (text[0] == known[i][0] && strcmp(text, known[i]) == 0)
            return known[i];
    }
    return text;
}

static const char *interned_kind(const char *kind)
{
    return interned(kind, known_kinds, sizeof known_kinds / sizeof known_kinds[0]);
}

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

static rc_count_fact read_count(const rc_node *field)
{
    rc_count_fact fact = {RC_COUNT_UNSET, 0, NULL};
    if (!field || rc_node_is_null(field))
        return fact;
    fact.field = field;
    fact.state = rc_node_int(field, &fact.value) ? RC_COUNT_SET : RC_COUNT_INVALID;
    return fact;
}

static bool scales_by_replicas(rc_workload_kind workload)
{
    return workload == RC_WORKLOAD_DEPLOYMENT || workload == RC_WORKLOAD_STATEFULSET ||
           workload == RC_WORKLOAD_REPLICASET || workload == RC_WORKLOAD_REPLICATIONCONTROLLER;
}

static void read_counts(rc_object *obj)
{
    const rc_node *spec = rc_node_get(obj->node, "spec");
    obj->replicas.state = RC_COUNT_ABSENT;
    obj->min_replicas.state = RC_COUNT_ABSENT;
    if (scales_by_replicas(obj->workload))
        obj->replicas = read_count(rc_node_get(spec, "replicas"));
    if (rc_object_kind_is(obj, "HorizontalPodAutoscaler"))
        obj->min_replicas = read_count(rc_node_get(spec, "minReplicas"));
}

static bool reads_volume_claims(const rc_object *obj)
{
    if (rc_object_kind_is(obj, "PersistentVolumeClaim"))
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
    obj->kind = interned_kind(kind);
    obj->api_version = interned(text_or_empty(rc_node_get_text(node, "apiVersion")),
                                known_api_versions,
                                sizeof known_api_versions / sizeof known_api_versions[0]);
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
    read_counts(obj);
    obj->volume_claims = reads_volume_claims(obj) ? RC_FLAG_YES : RC_FLAG_NO;
    obj->identity_hash = rc_identity_hash((rc_identity){obj->namespace_, obj->kind, obj->name});
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
    obj->identity_hash = rc_identity_hash((rc_identity){obj->namespace_, obj->kind, obj->name});
}

/* FACT when it was read (rc_object_init), else the field at PATH read now. */
static rc_count_fact count_fact(const rc_object *obj, rc_count_fact fact, const char *path)
{
    return fact.state == RC_COUNT_NOT_READ || fact.state == RC_COUNT_ABSENT
               ? read_count(rc_node_path(obj->node, path))
               : fact;
}

rc_count_fact rc_object_min_replicas(const rc_object *obj)
{
    return count_fact(obj, obj->min_replicas, "spec.minReplicas");
}

bool rc_object_is_service(const rc_object *obj)
{
    return rc_object_kind_is(obj, "Service") && strcmp(obj->api_version, "v1") == 0;
}

rc_count_fact rc_object_replicas_written(const rc_object *obj)
{
    return count_fact(obj, obj->replicas, "spec.replicas");
}

bool rc_object_replicas(const rc_object *obj, long long *replicas, bool *set)
{
    if (!scales_by_replicas(obj->workload))
        return false;
    rc_count_fact fact = count_fact(obj, obj->replicas, "spec.replicas");
    switch (fact.state) {
    case RC_COUNT_SET:
        *replicas = fact.value;
        *set = true;
        return true;
    case RC_COUNT_INVALID:
        *set = true;
        return false;
    default:
        *replicas = 1;
        *set = false;
        return true;
    }
}

bool rc_object_uses_volume_claims(const rc_object *obj)
{
    if (obj->volume_claims != RC_FLAG_NOT_READ)
        return obj->volume_claims == RC_FLAG_YES;
    return reads_volume_claims(obj);
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

/* Appends TEXT to OUT[*USED..SIZE), cutting it short where OUT ends (as snprintf would). */
static void append_cut(char *out, size_t size, size_t *used, const char *text)
{
    size_t len = strlen(text), room = size - 1 - *used;
    if (len > room)
        len = room;
    memcpy(out + *used, text, len);
    *used += len;
}

/* Rules describe objects by the tens of thousands in a large release (in messages, and in
 * the checklist's evidence): concatenated by hand, about a tenth of what snprintf costs. */
void rc_object_describe(const rc_object *obj, char *out, size_t size)
{
    if (size == 0)
        return;
    size_t used = 0;
    append_cut(out, size, &used, obj->kind);
    append_cut(out, size, &used, "/");
    if (obj->namespace_[0]) {
        append_cut(out, size, &used, obj->namespace_);
        append_cut(out, size, &used, "/");
    }
    append_cut(out, size, &used, obj->name);
    out[used] = '\0';
}

static const char *const container_lists[] = {"containers", "initContainers",
                                              "ephemeralContainers"};

void rc_container_iter_init(rc_container_iter *it, const rc_object *obj)
{
    it->obj = obj;
    it->list = 0;
    it->index = 0;
    it->found = false;
}

/* The three container lists of POD_SPEC in one pass over its pairs (every rule that judges
 * containers walks them: one pass, not a lookup per list and per container), the last of a
 * repeated key winning as in rc_node_get. */
static void find_container_lists(const rc_node *pod_spec, const rc_node *lists[3])
{
    lists[0] = lists[1] = lists[2] = NULL;
    if (!pod_spec || pod_spec->kind != RC_NODE_MAP)
        return;
    for (size_t i = 0; i < pod_spec->as.map.count; i++) {
        const rc_node *key = pod_spec->as.map.pairs[i].key;
        if (key->kind != RC_NODE_SCALAR)
            continue;
        for (int l = 0; l < 3; l++) {
            if (key->as.scalar.len == strlen(container_lists[l]) &&
                memcmp(key->as.scalar.text, container_lists[l], key->as.scalar.len) == 0)
                lists[l] = pod_spec->as.map.pairs[i].value;
        }
    }
}

bool rc_container_next(rc_container_iter *it, rc_container *out)
{
    if (!it->obj->pod_spec)
        return false;
    if (!it->found) {
        find_container_lists(it->obj->pod_spec, it->lists);
        it->found = true;
    }
    while (it->list < 3) {
        const rc_node *list = it->lists[it->list];
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

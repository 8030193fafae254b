/* object.h - Kubernetes object views over a parsed document's nodes.
 *
 * An rc_object is a small value struct of borrowed pointers into the document's nodes plus
 * the facts every rule needs (kind, name, namespace, labels, the pod template of workloads).
 * It owns nothing; it lives as long as the document's arena.
 * The engine (engine/load.c) makes one object per document root, or one per item of a
 * `kind: List` (any kind ending in "List" with an items sequence). */
#ifndef RC_OBJECT_H
#define RC_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/node.h"

typedef struct rc_document rc_document;

typedef enum rc_workload_kind {
    RC_WORKLOAD_NONE,
    RC_WORKLOAD_DEPLOYMENT,
    RC_WORKLOAD_STATEFULSET,
    RC_WORKLOAD_DAEMONSET,
    RC_WORKLOAD_REPLICASET,
    RC_WORKLOAD_REPLICATIONCONTROLLER,
    RC_WORKLOAD_JOB,
    RC_WORKLOAD_CRONJOB,
    RC_WORKLOAD_POD,
} rc_workload_kind;

/* What Helm does with an object (annotation helm.sh/hook): part of the running release, a
 * lifecycle hook (pre-install, post-upgrade...), or a `helm test` hook that never runs with
 * the release. */
typedef enum rc_hook_kind {
    RC_HOOK_NONE,
    RC_HOOK_LIFECYCLE,
    RC_HOOK_TEST,
} rc_hook_kind;

/* A count field read once, when the object is made (rc_object_init): release rules ask it
 * of every object, and reading it then, while the object's nodes are in cache, spares each
 * rule a walk over cold nodes (docs/performance.md, "Facts read once"). */
typedef enum rc_count_state {
    RC_COUNT_NOT_READ, /* an object made another way: read the nodes */
    RC_COUNT_ABSENT,   /* the object's kind has no such field */
    RC_COUNT_UNSET,    /* missing or null: the API server's default applies */
    RC_COUNT_SET,      /* an integer, in value */
    RC_COUNT_INVALID,  /* present but not an integer */
} rc_count_state;

typedef struct rc_count_fact {
    rc_count_state state;
    long long value;      /* when SET */
    const rc_node *field; /* when SET or INVALID */
} rc_count_fact;

/* A yes-or-no fact read once when the object is made, like rc_count_fact. */
typedef enum rc_flag_fact {
    RC_FLAG_NOT_READ,
    RC_FLAG_NO,
    RC_FLAG_YES,
} rc_flag_fact;

/* Pointers first and the enums together at the end, so no field pads another: a run holds
 * one per document (87,000 in a 32 MB release). */
typedef struct rc_object {
    const rc_document *doc;
    const rc_node *node;       /* the object's map */
    const char *api_version;   /* "" when missing */
    const char *kind;          /* "" when missing */
    const char *name;          /* metadata.name, or metadata.generateName, or "" */
    const char *namespace_;    /* "" when unset: the release namespace */
    const rc_node *labels;     /* metadata.labels map or NULL */
    const rc_node *annotations;
    const rc_node *pod_template; /* template with metadata and spec (Pod: the object itself) */
    const rc_node *pod_spec;     /* NULL for non-workloads */
    const rc_node *pod_labels;   /* labels the workload's pods carry */
    rc_count_fact replicas;     /* spec.replicas of the kinds that scale by it */
    rc_count_fact min_replicas; /* spec.minReplicas of a HorizontalPodAutoscaler */
    /* rc_identity_hash of (namespace_, kind, name), hashed while the strings are in cache:
     * release rules file every object by it (model/identity.h). */
    uint64_t identity_hash;
    rc_workload_kind workload;
    rc_hook_kind hook;
    rc_flag_fact volume_claims; /* rc_object_uses_volume_claims */
} rc_object;

/* Whether OBJ's kind is KIND. Rules ask it of every object, several kinds each, and most
 * objects differ from KIND in the first byte: tested first, inline, before a strcmp call. */
static inline bool rc_object_kind_is(const rc_object *obj, const char *kind)
{
    return obj->kind[0] == kind[0] && strcmp(obj->kind, kind) == 0;
}

/* spec.minReplicas of OBJ (an HPA's as read by rc_object_init; any other object's read now):
 * UNSET when missing or null, SET with its value, INVALID when not an integer. */
rc_count_fact rc_object_min_replicas(const rc_object *obj);
/* spec.replicas of OBJ the same way (read by rc_object_init for the kinds that scale by it,
 * now for any other): its field is the node when written and not null. */
rc_count_fact rc_object_replicas_written(const rc_object *obj);

/* Fills OBJ from NODE; false when NODE is not a map with a kind. */
bool rc_object_init(rc_object *obj, const rc_document *doc, const rc_node *node);

/* The kind of a Prometheus rule file judged as an object (rc_object_init_config). */
#define RC_KIND_PROMETHEUS_RULE_FILE "PrometheusRuleFile"
/* The kind of a Prometheus configuration file (prometheus.yml) judged as an object. */
#define RC_KIND_PROMETHEUS_CONFIG_FILE "PrometheusConfigFile"
/* The kind of a Grafana dashboard JSON file judged as an object. */
#define RC_KIND_GRAFANA_DASHBOARD_FILE "GrafanaDashboardFile"
/* The kind of a Loki configuration file judged as an object. */
#define RC_KIND_LOKI_CONFIG_FILE "LokiConfigFile"
/* The kind of a Loki runtime configuration file (per-tenant `overrides`) judged as an object. */
#define RC_KIND_LOKI_RUNTIME_CONFIG_FILE "LokiRuntimeConfigFile"
/* The kind of a Promtail configuration file judged as an object. */
#define RC_KIND_PROMTAIL_CONFIG_FILE "PromtailConfigFile"
/* The kind of a Grafana provisioning file (top-level `datasources` or `providers` list). */
#define RC_KIND_GRAFANA_PROVISIONING_FILE "GrafanaProvisioningFile"
/* The kind of a Grafana Alloy configuration file (River syntax: input/pipeline_conf.h). */
#define RC_KIND_ALLOY_CONFIG_FILE "AlloyConfigFile"
/* The kind of a Fluent Bit configuration file, classic ([INPUT] sections) or YAML
 * (`pipeline:` with inputs, filters, outputs). */
#define RC_KIND_FLUENTBIT_CONFIG_FILE "FluentBitConfigFile"
/* The kind of an Alertmanager configuration file (top-level `route` and `receivers`). */
#define RC_KIND_ALERTMANAGER_CONFIG_FILE "AlertmanagerConfigFile"

/* Fills OBJ for a config file that is no Kubernetes object (a Prometheus rule file, an
 * Alertmanager configuration): KIND is readyctl's own name for what the file is
 * ("PrometheusRuleFile", "AlertmanagerConfigFile", never a Kubernetes kind),
 * NAME the file's base name; both are borrowed and must outlive OBJ. */
void rc_object_init_config(rc_object *obj, const rc_document *doc, const rc_node *node,
                           const char *kind, const char *name);

/* spec.replicas for scalable workloads: unset means 1 (Kubernetes' default). Returns false
 * for kinds without replicas (DaemonSet, Job, CronJob, Pod) or a non-integer value. *SET tells
 * whether the field was written. */
bool rc_object_replicas(const rc_object *obj, long long *replicas, bool *set);
/* True when OBJ keeps data on a volume claim: a PersistentVolumeClaim itself, a StatefulSet
 * with volumeClaimTemplates, or a workload whose pods mount a claim. */
bool rc_object_uses_volume_claims(const rc_object *obj);
/* True for a core (v1) Service, the kind that routes to pods by selector: other kinds of the
 * same name (a Knative Service, serving.knative.dev) do not. */
bool rc_object_is_service(const rc_object *obj);
/* True for workloads that keep pods running (not Job/CronJob/bare Pod). */
bool rc_object_is_long_running(const rc_object *obj);
/* Namespace for grouping: "" (release namespace) and "default" are kept apart on purpose
 * only when both are written; callers compare with rc_object_same_namespace. */
bool rc_object_same_namespace(const rc_object *a, const rc_object *b);
/* "Deployment/backend" or "Deployment/ns/backend": arena-free, written into OUT. */
void rc_object_describe(const rc_object *obj, char *out, size_t size);

typedef enum rc_container_type {
    RC_CONTAINER_APP,
    RC_CONTAINER_INIT,
    RC_CONTAINER_EPHEMERAL,
} rc_container_type;

typedef struct rc_container {
    const rc_node *node;
    const char *name;     /* "" when missing */
    rc_container_type type;
    size_t index;         /* position in its list */
} rc_container;

/* Iterates containers, then initContainers, then ephemeralContainers of a workload. */
typedef struct rc_container_iter {
    const rc_object *obj;
    int list;
    size_t index;
    bool found;                 /* LISTS read, in one pass over the pod spec */
    const rc_node *lists[3];    /* the three lists' nodes (NULL when absent) */
} rc_container_iter;

void rc_container_iter_init(rc_container_iter *it, const rc_object *obj);
bool rc_container_next(rc_container_iter *it, rc_container *out);
const char *rc_container_type_name(rc_container_type type); /* "container", "init container"... */

#endif

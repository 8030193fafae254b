/* scrape.h - what Prometheus scrapes in a release, shared by the scraping templates
 * (monitoring.c) and the NetworkPolicy templates (network.c).
 *
 * Three ways ask Prometheus to scrape a pod:
 *  - a ServiceMonitor (monitoring.coreos.com) selects Services by label, in the namespaces its
 *    namespaceSelector names (its own without one); each endpoint names a Service port by
 *    `port` (the port's name), whose targetPort on the pods is then scraped, or a pod port by
 *    the deprecated `targetPort` (a number or a container port name);
 *  - a PodMonitor selects pods; each podMetricsEndpoint names a container port by `port`, by
 *    `portNumber`, or by the deprecated `targetPort`;
 *  - the `prometheus.io/scrape: "true"` annotation with `prometheus.io/port` on a pod
 *    template, or on a Service for the pods it selects (the convention of the Prometheus
 *    chart's kubernetes-pods and kubernetes-service-endpoints jobs). Without
 *    `prometheus.io/port` the port depends on the scrape configuration, so it is not listed.
 * Which Prometheus picks up which monitor: when the release runs Prometheus resources
 * (monitoring.coreos.com Prometheus or PrometheusAgent), a monitor counts only when one of
 * them selects it: its serviceMonitorSelector (podMonitorSelector) matches the monitor's
 * labels, absent or null selecting nothing and `{}` everything, and its
 * serviceMonitorNamespaceSelector (podMonitorNamespaceSelector) lets it look into the
 * monitor's namespace: absent, only the Prometheus's own; `{}`, all; a selector on
 * `kubernetes.io/metadata.name` only, the namespaces it names; any other namespace selector
 * is taken to match (namespace labels are not in the release). A release without Prometheus
 * resources has its Prometheus elsewhere: every monitor counts.
 *
 * Ownership: everything returned is built once per run on first use (rc_check_shared), lives in
 * the run's arena and borrows the run's objects. NULL (with a count of 0) also when memory
 * runs out; the run then fails, so callers may simply return. Nothing here reports. */
#ifndef RC_CHECK_SCRAPE_H
#define RC_CHECK_SCRAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "model/object.h"
#include "model/ports.h"
#include "model/selector.h"

typedef struct rc_monitor {
    const rc_object *obj;
    const rc_selector *selector; /* spec.selector; monitors with an invalid one are left out */
    bool pod_monitor;            /* PodMonitor (selects pods), else ServiceMonitor */
    bool ignored;                /* the release runs Prometheus resources, none selects it */
} rc_monitor;

/* The run's ServiceMonitors and PodMonitors, in input order. */
const rc_monitor *rc_scrape_monitors(rc_check_ctx *ctx, size_t *count);

bool rc_scrape_is_monitoring_api(const rc_object *obj);

/* True when MON's namespaceSelector lets it look into the namespace of TARGET: `any: true`,
 * `matchNames` naming it, or (no namespaceSelector) the monitor's own namespace. */
bool rc_monitor_sees_namespace(const rc_object *mon, const rc_object *target);
/* True when MON selects OBJ: a ServiceMonitor a Service by its labels, a PodMonitor a
 * workload by its pod labels; in a namespace it looks into. Never for an ignored monitor:
 * nothing scrapes what it lists. */
bool rc_monitor_selects(const rc_monitor *mon, const rc_object *obj);
/* True when an endpoint of the ServiceMonitor MON names the Service port PORT (by port name,
 * or by targetPort equal to the port's number or targetPort). */
bool rc_monitor_scrapes_service_port(const rc_object *mon, const rc_node *port);

/* One port of one workload's pods that Prometheus is asked to scrape. */
typedef struct rc_scrape_target {
    const rc_object *source; /* the ServiceMonitor, PodMonitor, or annotated Service/workload */
    const rc_node *at;       /* the field in SOURCE that names the port */
    size_t workload;         /* the scraped workload's number in the run's pod index */
    rc_pod_port port;        /* the port on its pods */
} rc_scrape_target;

/* Every scraped (workload, port) of the run, by source in input order. Ports that do not
 * resolve on the pods (a name no container declares, templated values) are left out. */
const rc_scrape_target *rc_scrape_targets(rc_check_ctx *ctx, size_t *count);

/* The app container of workload OBJ that runs the Prometheus server image (the last path
 * component of its repository is "prometheus": not the operator, the config reloader or an
 * exporter), or NULL. */
const rc_node *rc_scrape_prometheus_container(const rc_object *obj);
/* The namespaces where the release runs Prometheus, without repeats: those of Prometheus
 * and PrometheusAgent resources and of workloads running the prometheus image ("" = the
 * release namespace). Count 0 when the release runs none (its Prometheus is elsewhere). */
const char *const *rc_scrape_prometheus_namespaces(rc_check_ctx *ctx, size_t *count);

#endif

/* scrape.c - the release's monitors, scrape targets and Prometheus namespaces (scrape.h). */
#include "checks/scrape.h"

#include <string.h>
#include <strings.h>

bool rc_scrape_is_monitoring_api(const rc_object *obj)
{
    return strncmp(obj->api_version, "monitoring.coreos.com/", 22) == 0;
}

typedef struct monitor_list {
    rc_monitor *items;
    size_t count;
} monitor_list;

/* True when the namespace selector NODE of a Prometheus in namespace PROM_NS may select the
 * namespace NS (see scrape.h). */
static bool namespace_selected(rc_check_ctx *ctx, const rc_node *node, const rc_object *prom,
                               const rc_object *mon)
{
    if (!node || rc_node_is_null(node))
        return rc_object_same_namespace(prom, mon);
    static const char name_label[] = "kubernetes.io/metadata.name";
    const rc_node *labels = rc_node_get(node, "matchLabels");
    const rc_node *exprs = rc_node_get(node, "matchExpressions");
    bool only_names = true;
    for (size_t i = 0; labels && labels->kind == RC_NODE_MAP && i < labels->as.map.count; i++) {
        const char *key = rc_node_text(labels->as.map.pairs[i].key);
        only_names &= key && strcmp(key, name_label) == 0;
    }
    for (size_t i = 0; exprs && exprs->kind == RC_NODE_SEQ && i < exprs->as.seq.count; i++) {
        const char *key = rc_node_get_text(exprs->as.seq.items[i], "key");
        only_names &= key && strcmp(key, name_label) == 0;
    }
    if (!only_names)
        return true; /* namespace labels are not in the release */
    const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx), node, RC_SELECTOR_LABEL,
                                                 NULL, NULL);
    if (!sel)
        return true;
    const char *ns = mon->namespace_[0] ? mon->namespace_ : prom->namespace_;
    rc_node key = {.kind = RC_NODE_SCALAR, .as.scalar = {.text = name_label,
                                                         .len = sizeof name_label - 1}};
    rc_node value = {.kind = RC_NODE_SCALAR, .as.scalar = {.text = ns, .len = strlen(ns)}};
    rc_node_pair pair = {&key, &value};
    rc_node map = {.kind = RC_NODE_MAP, .as.map = {.pairs = &pair, .count = 1}};
    return rc_selector_matches(sel, &map);
}

/* A Prometheus or PrometheusAgent resource of the Prometheus Operator. */
static bool is_prometheus_resource(const rc_object *obj)
{
    return rc_scrape_is_monitoring_api(obj) &&
           (rc_object_kind_is(obj, "Prometheus") || rc_object_kind_is(obj, "PrometheusAgent"));
}

/* True when the Prometheus resource PROM picks up monitor MON (see scrape.h). */
static bool prometheus_picks(rc_check_ctx *ctx, const rc_object *prom, const rc_monitor *mon)
{
    const rc_node *spec = rc_node_get(prom->node, "spec");
    const rc_node *selector = rc_node_get(spec, mon->pod_monitor ? "podMonitorSelector"
                                                                 : "serviceMonitorSelector");
    if (!selector || rc_node_is_null(selector))
        return false;
    const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx), selector,
                                                 RC_SELECTOR_LABEL, NULL, NULL);
    if (!sel || !rc_selector_matches(sel, mon->obj->labels))
        return false;
    return namespace_selected(ctx,
                              rc_node_get(spec, mon->pod_monitor ? "podMonitorNamespaceSelector"
                                                                 : "serviceMonitorNamespaceSelector"),
                              prom, mon->obj);
}

/* Marks the monitors no Prometheus resource of the release picks up, when it has some. The
 * Prometheus resources are found in one pass first: a pass over the release for each
 * monitor was quadratic in a release of many ServiceMonitors. False when out of memory. */
static bool mark_ignored(rc_check_ctx *ctx, rc_monitor *items, size_t count)
{
    size_t n = rc_check_object_count(ctx), proms = 0;
    for (size_t i = 0; i < n; i++)
        proms += is_prometheus_resource(rc_check_object_at(ctx, i));
    if (!proms)
        return true;
    const rc_object **prom = rc_arena_calloc(rc_check_arena(ctx), proms, sizeof *prom);
    if (!prom)
        return false;
    for (size_t i = 0, k = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (is_prometheus_resource(obj))
            prom[k++] = obj;
    }
    for (size_t m = 0; m < count; m++) {
        bool picked = false;
        for (size_t p = 0; p < proms && !picked; p++)
            picked = prometheus_picks(ctx, prom[p], &items[m]);
        items[m].ignored = !picked;
    }
    return true;
}

static void *rc_scrape_monitors_build(rc_check_ctx *ctx)
{
    rc_arena *arena = rc_check_arena(ctx);
    size_t n = rc_check_object_count(ctx);
    monitor_list *list = rc_arena_calloc(arena, 1, sizeof *list);
    rc_monitor *items = list ? rc_arena_calloc(arena, n ? n : 1, sizeof *items) : NULL;
    if (!items)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        bool sm = rc_object_kind_is(obj, "ServiceMonitor");
        bool pm = rc_object_kind_is(obj, "PodMonitor");
        if ((!sm && !pm) || !rc_scrape_is_monitoring_api(obj))
            continue;
        const rc_selector *sel = rc_selector_compile(
            arena, rc_node_path(obj->node, "spec.selector"), RC_SELECTOR_LABEL, NULL, NULL);
        if (!sel)
            continue; /* an invalid selector selects nothing we can trust */
        items[list->count].obj = obj;
        items[list->count].selector = sel;
        items[list->count].pod_monitor = pm;
        list->count++;
    }
    list->items = items;
    return mark_ignored(ctx, items, list->count) ? list : NULL;
}

const rc_monitor *rc_scrape_monitors(rc_check_ctx *ctx, size_t *count)
{
    static const char memo_key = 0;
    void *built = rc_check_shared(ctx, &memo_key, rc_scrape_monitors_build);
    *count = 0;
    if (!built)
        return NULL;
    const monitor_list *list = built;
    *count = list->count;
    return list->items;
}

/* A target without a namespace is in the release namespace: matchNames is then trusted when
 * it names the monitor's own namespace (the chart rendered both for one namespace). */
bool rc_monitor_sees_namespace(const rc_object *mon, const rc_object *target)
{
    const rc_node *ns_sel = rc_node_path(mon->node, "spec.namespaceSelector");
    bool any = false;
    if (rc_node_bool(rc_node_get(ns_sel, "any"), &any) && any)
        return true;
    const rc_node *names = rc_node_get(ns_sel, "matchNames");
    if (names && names->kind == RC_NODE_SEQ && names->as.seq.count > 0) {
        const char *want = target->namespace_[0] ? target->namespace_ : mon->namespace_;
        for (size_t i = 0; i < names->as.seq.count; i++) {
            const char *n = rc_node_text(names->as.seq.items[i]);
            if (n && want[0] && strcmp(n, want) == 0)
                return true;
            if (n && !want[0] && !target->namespace_[0])
                return true;
        }
        return false;
    }
    return rc_object_same_namespace(mon, target);
}

/* MON selects OBJ, already known to be of the kind MON selects. The label test comes first:
 * it rejects most pairs without walking the monitor's spec. */
static bool monitor_matches(const rc_monitor *mon, const rc_object *obj)
{
    const rc_node *labels = mon->pod_monitor ? obj->pod_labels : obj->labels;
    return rc_selector_matches(mon->selector, labels) && rc_monitor_sees_namespace(mon->obj, obj);
}

bool rc_monitor_selects(const rc_monitor *mon, const rc_object *obj)
{
    if (mon->ignored || (mon->pod_monitor ? !obj->pod_spec : !rc_object_kind_is(obj, "Service")))
        return false;
    return monitor_matches(mon, obj);
}

bool rc_monitor_scrapes_service_port(const rc_object *mon, const rc_node *port)
{
    const rc_node *endpoints = rc_node_path(mon->node, "spec.endpoints");
    if (!endpoints || endpoints->kind != RC_NODE_SEQ)
        return false;
    const char *name = rc_node_get_text(port, "name");
    const char *number = rc_node_get_text(port, "port");
    const char *target = rc_node_get_text(port, "targetPort");
    for (size_t i = 0; i < endpoints->as.seq.count; i++) {
        const rc_node *ep = endpoints->as.seq.items[i];
        const char *ep_port = rc_node_get_text(ep, "port");
        const char *ep_target = rc_node_get_text(ep, "targetPort");
        if (ep_port && name && strcmp(ep_port, name) == 0)
            return true;
        if (ep_target && ((number && strcmp(ep_target, number) == 0) ||
                          (target && strcmp(ep_target, target) == 0)))
            return true;
    }
    return false;
}

/* ---- scrape targets ------------------------------------------------------------------- */

typedef struct target_list {
    rc_scrape_target *items;
    size_t count;
    size_t capacity;
    bool failed; /* out of memory */
} target_list;

/* Adds a target unless one from the same field for the same workload and port was added
 * since FROM (a Service port reached through two Services of one monitor endpoint). */
static void target_add(rc_arena *arena, target_list *list, size_t from,
                       const rc_scrape_target *target)
{
    for (size_t i = from; i < list->count; i++) {
        const rc_scrape_target *t = &list->items[i];
        if (t->at == target->at && t->workload == target->workload &&
            t->port.number == target->port.number)
            return;
    }
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 16;
        rc_scrape_target *items = rc_arena_calloc(arena, capacity, sizeof *items);
        if (!items) {
            list->failed = true;
            return;
        }
        if (list->count)
            memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = *target;
}

/* Resolves SPEC on workload W and adds the target when the pods serve it. */
static void target_resolve(rc_check_ctx *ctx, target_list *list, size_t from,
                           const rc_object *source, const rc_node *at, size_t w,
                           const rc_node *spec, const char *protocol)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    rc_scrape_target target = {source, at, w, {0, NULL, "TCP"}};
    if (rc_port_resolve(rc_pod_index_workload(index, w), spec, protocol, &target.port) ==
        RC_PORT_FOUND)
        target_add(rc_check_arena(ctx), list, from, &target);
}

/* The Service port of SVC named NAME, or NULL. */
static const rc_node *service_port_named(const rc_object *svc, const char *name)
{
    const rc_node *ports = rc_node_path(svc->node, "spec.ports");
    for (size_t i = 0; ports && ports->kind == RC_NODE_SEQ && i < ports->as.seq.count; i++) {
        const char *port_name = rc_node_get_text(ports->as.seq.items[i], "name");
        if (port_name && strcmp(port_name, name) == 0)
            return ports->as.seq.items[i];
    }
    return NULL;
}

static const rc_selector *service_selector(rc_check_ctx *ctx, const rc_object *svc)
{
    const rc_node *spec = rc_node_get(svc->node, "spec");
    const char *type = rc_node_get_text(spec, "type");
    if (type && strcmp(type, "ExternalName") == 0)
        return NULL;
    const rc_selector *sel = rc_selector_compile(rc_check_arena(ctx), rc_node_get(spec, "selector"),
                                                 RC_SELECTOR_SERVICE, NULL, NULL);
    return sel && !rc_selector_is_nothing(sel) ? sel : NULL;
}

/* The Services of the run (kind Service, v1), in input order, for the monitor loops. */
typedef struct service_list {
    const rc_object **items;
    size_t count;
} service_list;

static void *services_get_build(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    service_list *list = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *list);
    const rc_object **items = list ? rc_arena_calloc(rc_check_arena(ctx), n ? n : 1,
                                                      sizeof *items)
                                   : NULL;
    if (!items)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (rc_object_is_service(obj))
            items[list->count++] = obj;
    }
    list->items = items;
    return list;
}

static const service_list *services_get(rc_check_ctx *ctx)
{
    static const char memo_key = 0;
    void *built = rc_check_shared(ctx, &memo_key, services_get_build);
    if (!built)
        return NULL;
    return built;
}

/* The endpoints of ServiceMonitor MON scrape, on the pods of each Service it selects, the
 * named Service port's targetPort (its port when unset), or the endpoint's own targetPort. */
static void targets_of_service_monitor(rc_check_ctx *ctx, target_list *list,
                                       const rc_monitor *mon)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    const service_list *services = services_get(ctx);
    const rc_node *endpoints = rc_node_path(mon->obj->node, "spec.endpoints");
    if (!services) {
        list->failed = true;
        return;
    }
    if (!endpoints || endpoints->kind != RC_NODE_SEQ)
        return;
    size_t from = list->count;
    for (size_t i = 0; i < services->count; i++) {
        const rc_object *svc = services->items[i];
        if (!monitor_matches(mon, svc))
            continue;
        const rc_selector *sel = service_selector(ctx, svc);
        for (size_t e = 0; sel && e < endpoints->as.seq.count; e++) {
            const rc_node *ep = endpoints->as.seq.items[e];
            const rc_node *port_name = rc_node_get(ep, "port");
            const rc_node *target_port = rc_node_get(ep, "targetPort");
            const char *name = rc_node_text(port_name);
            const rc_node *at = NULL, *spec = NULL;
            const char *protocol = "TCP";
            if (name && name[0]) {
                const rc_node *port = service_port_named(svc, name);
                if (!port)
                    continue;
                spec = rc_node_get(port, "targetPort");
                if (!spec || rc_node_is_null(spec))
                    spec = rc_node_get(port, "port");
                protocol = rc_port_protocol(rc_node_get(port, "protocol"));
                at = port_name;
            } else if (target_port && !rc_node_is_null(target_port)) {
                spec = at = target_port;
            }
            if (!spec || !protocol)
                continue;
            rc_pod_query query;
            size_t w;
            rc_pod_query_init(&query, index, svc->namespace_, sel);
            while (rc_pod_query_next(&query, &w))
                target_resolve(ctx, list, from, mon->obj, at, w, spec, protocol);
        }
    }
}

/* The podMetricsEndpoints of PodMonitor MON, on every workload it selects. */
static void targets_of_pod_monitor(rc_check_ctx *ctx, target_list *list, const rc_monitor *mon)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    const rc_node *endpoints = rc_node_path(mon->obj->node, "spec.podMetricsEndpoints");
    if (!endpoints || endpoints->kind != RC_NODE_SEQ)
        return;
    size_t count = rc_pod_index_workload_count(index);
    for (size_t w = 0; w < count; w++) {
        if (!rc_monitor_selects(mon, rc_pod_index_workload(index, w)))
            continue;
        for (size_t e = 0; e < endpoints->as.seq.count; e++) {
            const rc_node *ep = endpoints->as.seq.items[e];
            static const char *const fields[] = {"port", "portNumber", "targetPort"};
            for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
                const rc_node *spec = rc_node_get(ep, fields[f]);
                if (spec && !rc_node_is_null(spec)) {
                    target_resolve(ctx, list, list->count, mon->obj, spec, w, spec, "TCP");
                    break;
                }
            }
        }
    }
}

/* prometheus.io/scrape "true" with prometheus.io/port in ANNOTATIONS: the port node. */
static const rc_node *annotated_port(const rc_node *annotations)
{
    const char *scrape = rc_node_get_text(annotations, "prometheus.io/scrape");
    if (!scrape || strcasecmp(scrape, "true") != 0)
        return NULL;
    const rc_node *port = rc_node_get(annotations, "prometheus.io/port");
    return port && !rc_node_is_null(port) ? port : NULL;
}

static void targets_of_annotations(rc_check_ctx *ctx, target_list *list)
{
    const rc_pod_index *index = rc_check_pod_index(ctx);
    size_t count = rc_pod_index_workload_count(index);
    for (size_t w = 0; w < count; w++) {
        const rc_object *obj = rc_pod_index_workload(index, w);
        const rc_node *port = annotated_port(rc_node_path(obj->pod_template, "metadata.annotations"));
        if (port)
            target_resolve(ctx, list, list->count, obj, port, w, port, "TCP");
    }
    const service_list *services = services_get(ctx);
    for (size_t i = 0; services && i < services->count; i++) {
        const rc_object *svc = services->items[i];
        const rc_node *port = annotated_port(svc->annotations);
        const rc_selector *sel = port ? service_selector(ctx, svc) : NULL;
        if (!sel)
            continue;
        rc_pod_query query;
        size_t w;
        size_t from = list->count;
        rc_pod_query_init(&query, index, svc->namespace_, sel);
        while (rc_pod_query_next(&query, &w))
            target_resolve(ctx, list, from, svc, port, w, port, "TCP");
    }
}

static void *rc_scrape_targets_build(rc_check_ctx *ctx)
{
    size_t nmonitors;
    const rc_monitor *monitors = rc_scrape_monitors(ctx, &nmonitors);
    target_list *list = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *list);
    if (!list || !rc_check_pod_index(ctx))
        return NULL;
    for (size_t m = 0; m < nmonitors; m++) {
        if (monitors[m].ignored)
            continue; /* nothing scrapes what it lists */
        if (monitors[m].pod_monitor)
            targets_of_pod_monitor(ctx, list, &monitors[m]);
        else
            targets_of_service_monitor(ctx, list, &monitors[m]);
    }
    targets_of_annotations(ctx, list);
    if (list->failed)
        return NULL;
    return list;
}

const rc_scrape_target *rc_scrape_targets(rc_check_ctx *ctx, size_t *count)
{
    static const char memo_key = 0;
    void *built = rc_check_shared(ctx, &memo_key, rc_scrape_targets_build);
    *count = 0;
    if (!built)
        return NULL;
    const target_list *list = built;
    *count = list->count;
    return list->items;
}

/* ---- where Prometheus runs ------------------------------------------------------------ */

/* True for an image whose repository's last path component is "prometheus"
 * (quay.io/prometheus/prometheus:v3.1.0, prom/prometheus@sha256:...), not the operator,
 * the config reloader or an exporter. */
static bool image_is_prometheus(const char *image)
{
    size_t end = strcspn(image, "@");
    const char *last_slash = NULL;
    for (const char *p = image; p < image + end; p++) {
        if (*p == '/')
            last_slash = p;
    }
    const char *repo = last_slash ? last_slash + 1 : image;
    const char *colon = memchr(repo, ':', (size_t)(image + end - repo));
    size_t len = colon ? (size_t)(colon - repo) : (size_t)(image + end - repo);
    return len == 10 && memcmp(repo, "prometheus", 10) == 0;
}

const rc_node *rc_scrape_prometheus_container(const rc_object *obj)
{
    if (!obj->pod_spec || !rc_object_is_long_running(obj))
        return NULL;
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        const char *image = rc_node_get_text(c.node, "image");
        if (c.type == RC_CONTAINER_APP && image && image_is_prometheus(image))
            return c.node;
    }
    return NULL;
}

static bool runs_prometheus(const rc_object *obj)
{
    return is_prometheus_resource(obj) || rc_scrape_prometheus_container(obj) != NULL;
}

typedef struct namespace_list {
    const char **names;
    size_t count;
} namespace_list;

static void *rc_scrape_prometheus_namespaces_build(rc_check_ctx *ctx)
{
    size_t n = rc_check_object_count(ctx);
    namespace_list *list = rc_arena_calloc(rc_check_arena(ctx), 1, sizeof *list);
    const char **names = list ? rc_arena_calloc(rc_check_arena(ctx), n ? n : 1,
                                                sizeof *names)
                              : NULL;
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (!runs_prometheus(obj))
            continue;
        size_t k = 0;
        while (k < list->count && strcmp(names[k], obj->namespace_) != 0)
            k++;
        if (k == list->count)
            names[list->count++] = obj->namespace_;
    }
    list->names = names;
    return list;
}

const char *const *rc_scrape_prometheus_namespaces(rc_check_ctx *ctx, size_t *count)
{
    static const char memo_key = 0;
    void *built = rc_check_shared(ctx, &memo_key, rc_scrape_prometheus_namespaces_build);
    *count = 0;
    if (!built)
        return NULL;
    const namespace_list *list = built;
    *count = list->count;
    return list->names;
}

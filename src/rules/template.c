#include "rules/template.h"

#include <string.h>

#include "checks/templates.h"

/* The registry: one line per template, in name order. */
static const rc_template *const registry[] = {
    &rc_template_alert_annotations,
    &rc_template_alert_duplicate,
    &rc_template_alert_for,
    &rc_template_alert_labels_static,
    &rc_template_alert_rule_valid,
    &rc_template_alert_severity,
    &rc_template_am_config_valid,
    &rc_template_am_critical_route,
    &rc_template_am_group_by_all,
    &rc_template_am_inhibit_effective,
    &rc_template_am_literal_secret,
    &rc_template_annotation_secret,
    &rc_template_args_secret,
    &rc_template_backup_docs,
    &rc_template_backup_mechanism,
    &rc_template_backup_suspended,
    &rc_template_configmap_secret,
    &rc_template_container_resource,
    &rc_template_container_security_field,
    &rc_template_dapr_metrics,
    &rc_template_dashboard_counter_rate,
    &rc_template_dashboard_datasource,
    &rc_template_dashboard_json_valid,
    &rc_template_dashboard_panel_queries,
    &rc_template_dashboard_panel_unit,
    &rc_template_dashboard_provider,
    &rc_template_dashboard_refresh,
    &rc_template_dashboard_topics,
    &rc_template_datasource_uid,
    &rc_template_env_literal_secret,
    &rc_template_env_secret_ref,
    &rc_template_hpa_explicit_metrics,
    &rc_template_hpa_metric_requests,
    &rc_template_hpa_min_replicas,
    &rc_template_hpa_replica_range,
    &rc_template_hpa_required,
    &rc_template_hpa_target_exists,
    &rc_template_hpa_target_replicas_unset,
    &rc_template_image_pinned,
    &rc_template_input_error,
    &rc_template_log_format_env,
    &rc_template_log_pipeline_json,
    &rc_template_log_query_saved,
    &rc_template_loki_retention_deletion,
    &rc_template_loki_retention_period,
    &rc_template_min_replicas,
    &rc_template_monitor_selected,
    &rc_template_networkpolicy_allow_all,
    &rc_template_networkpolicy_coverage,
    &rc_template_networkpolicy_default_deny,
    &rc_template_networkpolicy_scrape_ingress,
    &rc_template_networkpolicy_service_ingress,
    &rc_template_networkpolicy_unused,
    &rc_template_pdb_drain_blocking,
    &rc_template_pdb_required,
    &rc_template_pdb_selects_pods,
    &rc_template_pdb_unhealthy_eviction_policy,
    &rc_template_pdb_within_hpa_min,
    &rc_template_pod_spread,
    &rc_template_probe_missing,
    &rc_template_probes_identical,
    &rc_template_prometheus_alerting,
    &rc_template_prometheus_config_valid,
    &rc_template_prometheus_job_interval,
    &rc_template_prometheus_retention,
    &rc_template_prometheus_retention_size,
    &rc_template_rate_range,
    &rc_template_recording_rule_name,
    &rc_template_request_within_limit,
    &rc_template_rolling_update_progress,
    &rc_template_rolling_update_unavailable,
    &rc_template_run_as_non_root,
    &rc_template_scrape_interval,
    &rc_template_secret_literal,
    &rc_template_service_probe_missing,
    &rc_template_service_scraped,
    &rc_template_service_selects_pods,
};

const rc_template *rc_template_find(const char *name)
{
    /* The registry is in name order (test_pack checks it): every rule of a pack is looked
     * up at load. */
    size_t low = 0, high = sizeof registry / sizeof registry[0];
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(registry[mid]->name, name);
        if (order == 0)
            return registry[mid];
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

const rc_template *const *rc_template_all(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

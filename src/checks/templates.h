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
extern const rc_template rc_template_networkpolicy_scrape_ingress;
extern const rc_template rc_template_networkpolicy_service_ingress;
extern const rc_template rc_template_networkpolicy_unused;
/* secrets.c */
extern const rc_template rc_template_annotation_secret;
extern const rc_template rc_template_args_secret;
extern const rc_template rc_template_configmap_secret;
extern const rc_template rc_template_env_literal_secret;
extern const rc_template rc_template_env_secret_ref;
extern const rc_template rc_template_secret_literal;

/* autoscaling.c */
extern const rc_template rc_template_hpa_explicit_metrics;
extern const rc_template rc_template_hpa_metric_requests;
extern const rc_template rc_template_hpa_min_replicas;
extern const rc_template rc_template_hpa_replica_range;
extern const rc_template rc_template_hpa_required;
extern const rc_template rc_template_hpa_target_exists;
extern const rc_template rc_template_hpa_target_replicas_unset;
/* disruption.c */
extern const rc_template rc_template_pdb_drain_blocking;
extern const rc_template rc_template_pdb_required;
extern const rc_template rc_template_pdb_selects_pods;
extern const rc_template rc_template_pdb_unhealthy_eviction_policy;
extern const rc_template rc_template_pdb_within_hpa_min;
/* probes.c */
extern const rc_template rc_template_probe_missing;
extern const rc_template rc_template_probes_identical;
extern const rc_template rc_template_service_probe_missing;
/* availability.c */
extern const rc_template rc_template_min_replicas;
extern const rc_template rc_template_pod_spread;
extern const rc_template rc_template_rolling_update_progress;
extern const rc_template rc_template_rolling_update_unavailable;
/* security.c */
extern const rc_template rc_template_container_security_field;
extern const rc_template rc_template_image_pinned;
extern const rc_template rc_template_run_as_non_root;
/* services.c */
extern const rc_template rc_template_service_selects_pods;

/* alerting.c */
extern const rc_template rc_template_alert_annotations;
extern const rc_template rc_template_alert_duplicate;
extern const rc_template rc_template_alert_for;
extern const rc_template rc_template_alert_labels_static;
extern const rc_template rc_template_alert_rule_valid;
extern const rc_template rc_template_alert_severity;
extern const rc_template rc_template_rate_range;
extern const rc_template rc_template_recording_rule_name;
/* alertmanager.c */
extern const rc_template rc_template_am_config_valid;
extern const rc_template rc_template_am_critical_route;
extern const rc_template rc_template_am_group_by_all;
extern const rc_template rc_template_am_inhibit_effective;
extern const rc_template rc_template_am_literal_secret;
/* prometheus_config.c */
extern const rc_template rc_template_prometheus_alerting;
extern const rc_template rc_template_prometheus_config_valid;
extern const rc_template rc_template_prometheus_job_interval;
/* provisioning.c */
extern const rc_template rc_template_dashboard_provider;
extern const rc_template rc_template_datasource_uid;
/* dashboard_panels.c */
extern const rc_template rc_template_dashboard_counter_rate;
extern const rc_template rc_template_dashboard_datasource;
extern const rc_template rc_template_dashboard_panel_queries;
extern const rc_template rc_template_dashboard_panel_unit;
/* monitoring.c */
extern const rc_template rc_template_monitor_selected;
extern const rc_template rc_template_dapr_metrics;
extern const rc_template rc_template_prometheus_retention;
extern const rc_template rc_template_prometheus_retention_size;
extern const rc_template rc_template_scrape_interval;
extern const rc_template rc_template_service_scraped;
/* logging.c */
extern const rc_template rc_template_log_format_env;
extern const rc_template rc_template_log_pipeline_json;
extern const rc_template rc_template_log_query_saved;
extern const rc_template rc_template_loki_retention_deletion;
extern const rc_template rc_template_loki_retention_period;
/* dashboards.c */
extern const rc_template rc_template_dashboard_json_valid;
extern const rc_template rc_template_dashboard_refresh;
extern const rc_template rc_template_dashboard_topics;
/* backup.c */
extern const rc_template rc_template_backup_docs;
extern const rc_template rc_template_backup_mechanism;
extern const rc_template rc_template_backup_suspended;

#endif

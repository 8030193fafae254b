/* fuzz_pack.c - libFuzzer target for a user rule pack file (`--rules PATH`, rules/pack.h):
 * the input is one pack file, loaded and cross-checked as rc_pack_load_path loads each file
 * of a pack (rc_pack_add_text, then rc_pack_finish). A pack that loads has its first
 * profile applied, when it defines one, and judges a small fixed release, so that parameter
 * parsing, regex compiling and the checks the rules name are all driven by the input.
 * Inputs whose length is odd are judged under declared requirements, even ones without.
 *
 * Besides the sanitizers, the target asserts that a rejected pack names its file and a
 * line inside the input, and that a loaded pack finds each of its rules by id and by name.
 * See docs/fuzzing.md. */
#define _GNU_SOURCE /* fmemopen */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "engine/run.h"
#include "report/report.h"
#include "rules/pack.h"
#include "rules/profile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One object or two for most check families: workloads, a Service, an HPA, a PDB, a
 * NetworkPolicy, a ServiceMonitor, a dashboard, a Loki config, a Secret and a CronJob. */
static const char release[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: rel-backend, namespace: prod, labels: {app: backend}}\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector: {matchLabels: {app: backend}}\n"
    "  template:\n"
    "    metadata: {labels: {app: backend}}\n"
    "    spec:\n"
    "      initContainers: [{name: migrate, image: 'backend:1.2'}]\n"
    "      containers:\n"
    "        - name: api\n"
    "          image: backend:latest\n"
    "          ports: [{name: http, containerPort: 8080}]\n"
    "          env: [{name: DB_PASSWORD, value: hunter2}]\n"
    "          resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 512Mi}}\n"
    "          readinessProbe: {httpGet: {path: /ready, port: http}}\n"
    "          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: StatefulSet\n"
    "metadata: {name: rel-sync, namespace: prod}\n"
    "spec:\n"
    "  replicas: 1\n"
    "  serviceName: rel-sync\n"
    "  selector: {matchLabels: {app: sync}}\n"
    "  template:\n"
    "    metadata: {labels: {app: sync, role: primary}}\n"
    "    spec: {containers: [{name: sync, image: 'sync:2.0'}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: rel-backend, namespace: prod}\n"
    "spec: {selector: {app: backend}, ports: [{name: http, port: 80, targetPort: http}]}\n"
    "---\n"
    "apiVersion: autoscaling/v2\n"
    "kind: HorizontalPodAutoscaler\n"
    "metadata: {name: rel-backend, namespace: prod}\n"
    "spec:\n"
    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: rel-backend}\n"
    "  minReplicas: 2\n"
    "  maxReplicas: 6\n"
    "  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, "
    "averageUtilization: 70}}}]\n"
    "---\n"
    "apiVersion: policy/v1\n"
    "kind: PodDisruptionBudget\n"
    "metadata: {name: rel-backend, namespace: prod}\n"
    "spec: {maxUnavailable: 1, selector: {matchLabels: {app: backend}}}\n"
    "---\n"
    "apiVersion: networking.k8s.io/v1\n"
    "kind: NetworkPolicy\n"
    "metadata: {name: default-deny, namespace: prod}\n"
    "spec: {podSelector: {}, policyTypes: [Ingress]}\n"
    "---\n"
    "apiVersion: monitoring.coreos.com/v1\n"
    "kind: ServiceMonitor\n"
    "metadata: {name: rel-backend, namespace: prod}\n"
    "spec: {selector: {matchLabels: {app: backend}}, endpoints: [{port: http, interval: 1m}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: dashboards, namespace: prod, labels: {grafana_dashboard: '1'}}\n"
    "data:\n"
    "  api.json: |\n"
    "    {\"title\": \"API\", \"refresh\": \"1m\", \"panels\": [{\"title\": \"Consumer lag\",\n"
    "     \"targets\": [{\"expr\": \"sum(kafka_consumergroup_lag)\"}]}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: loki, namespace: prod}\n"
    "data:\n"
    "  loki.yaml: |\n"
    "    limits_config: {retention_period: 168h}\n"
    "    compactor: {retention_enabled: true, delete_request_store: s3}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Secret\n"
    "metadata: {name: creds, namespace: prod}\n"
    "stringData: {password: hunter2, token: ghp_0123456789abcdef0123456789abcdef0123}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: rel-backup, namespace: prod}\n"
    "spec:\n"
    "  schedule: '0 3 * * *'\n"
    "  jobTemplate: {spec: {template: {spec: {containers: [{name: dump, image: "
    "'pg:16', args: [pg_dump]}]}}}}\n";

static const char platform_settings[] =
    "requirements:\n"
    "  services: [backend, sync, '/^api-.*$/']\n"
    "  autoscaling: [backend, sync]\n"
    "  scraping: {interval: 15s}\n"
    "  dashboards: {refresh: 30s, topics: [{name: lag, match: 'consumer_?lag'}]}\n"
    "  logging: {format: json, fields: [time, level, msg]}\n"
    "  retention: {metrics: {min: 15d, max: 30d}, logs: {dev: 7d, prod: 30d}}\n"
    "  backup: required\n";

/* Process-wide and read-only after LLVMFuzzerInitialize: data the fuzzer does not control. */
static rc_config settings;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rc_diag diag;
    rc_config_init(&settings);
    if (!rc_config_load_text(&settings, "fuzz.readyctl.yaml", platform_settings,
                             sizeof platform_settings - 1, &diag))
        abort();
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return 0;
}

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_pack: contract broken: %s\n", what);
        abort();
    }
}

/* An upper bound on the lines of DATA as YAML counts them (LF, CR, NEL, LS and PS). */
static size_t count_lines(const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 || data[i] == 0xE2;
    return lines;
}

static void judge_release(const rc_pack *pack, const rc_profile_lineage *lineage, bool declared)
{
    FILE *in = fmemopen((void *)release, sizeof release - 1, "rb");
    require(in != NULL, "fmemopen");
    static const char *const paths[] = {"-"};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.stdin_stream = in;
    options.profile = lineage->count ? lineage->names[0] : "prod";
    options.profile_lineage = lineage->names;
    options.profile_lineage_count = lineage->count;
    options.fail_on = RC_SEVERITY_ERROR;
    options.jobs = 1;
    options.requirements = declared ? &settings.requirements : NULL;
    rc_limits_default(&options.limits);
    rc_run *run = rc_run_create(pack, &options);
    if (run && rc_run_execute(run)) {
        rc_report_options report = {0};
        rc_report_text(sink, rc_run_result(run), &report);
    }
    rc_run_free(run);
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rc_pack pack;
    rc_pack_init(&pack);
    pack.source = "fuzz-pack.yaml";
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    bool ok = rc_pack_add_text(&pack, "fuzz-pack.yaml", (const char *)data, size, &diag) &&
              rc_pack_finish(&pack, &diag);
    if (!ok) {
        require(diag.file != NULL, "an error names its file");
        require(diag.line <= count_lines(data, size) + 1, "an error's line lies in the input");
    } else {
        for (size_t i = 0; i < pack.rule_count; i++) {
            const rc_rule *rule = &pack.rules[i];
            require(rc_pack_find_rule(&pack, rule->id) == rule, "a rule is found by its id");
            require(rc_pack_find_rule(&pack, rule->name) != NULL, "a rule is found by name");
        }
        char version[200];
        rc_pack_version(&pack, version, sizeof version);
        rc_profile_lineage lineage = {{0}, 0};
        bool applied = true;
        if (pack.profiles.count) {
            applied = rc_profile_apply(&pack, NULL, pack.profiles.items[0].name, &lineage,
                                       &diag);
            require(applied || diag.file != NULL, "a profile error names its file");
        }
        if (applied && pack.rule_count)
            judge_release(&pack, &lineage, size % 2);
    }
    rc_pack_release(&pack);
    return 0;
}

/* bench - throughput, memory and scaling of a lint run against the libyaml floor.
 *
 * Generates a synthetic helm-style release (bundles of Deployment, Service, HPA, PDB,
 * NetworkPolicy and ConfigMap documents with `# Source:` comments), then measures, each in
 * its own child process so that peak memory is the run's own:
 *   floor      libyaml's event parser over the same bytes, one thread, no tree
 *   parse      readyctl's split + bounded loader + object views, no rules
 *   lint       the whole run with the default rule pack
 * at two input sizes and with 1 and N parsing threads. Prints figures and ratios; asserts
 * nothing (DESIGN.md §8: benchmarks measure, tests judge).
 * Usage: bench [MEGABYTES] (default 32; the second size is 4x). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "engine/run.h"
#include "input/files.h"
#include "rules/pack.h"

static const char bundle[] =
    "---\n# Source: shop/charts/svc%1$zu/templates/deployment.yaml\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc%1$zu\n  labels:\n"
    "    app.kubernetes.io/name: svc%1$zu\nspec:\n  selector:\n    matchLabels:\n"
    "      app.kubernetes.io/name: svc%1$zu\n  template:\n    metadata:\n      labels:\n"
    "        app.kubernetes.io/name: svc%1$zu\n    spec:\n"
    "      securityContext: {runAsNonRoot: true}\n      containers:\n"
    "        - name: app\n          image: \"example/svc:1.%1$zu\"\n"
    "          ports: [{containerPort: 8000, name: http}]\n"
    "          readinessProbe: {httpGet: {path: /ready, port: http}}\n"
    "          livenessProbe: {httpGet: {path: /live, port: http}}\n"
    "          env:\n            - name: LOG_FORMAT\n              value: json\n"
    "            - name: DB_PASSWORD_FILE\n              value: /secrets/db\n"
    "          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n"
    "            limits: {cpu: 500m, memory: 256Mi}\n"
    "          securityContext:\n            readOnlyRootFilesystem: true\n"
    "            allowPrivilegeEscalation: false\n"
    "---\n# Source: shop/charts/svc%1$zu/templates/service.yaml\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: svc%1$zu}\nspec:\n"
    "  selector: {app.kubernetes.io/name: svc%1$zu}\n  ports: [{port: 80, targetPort: http}]\n"
    "---\n# Source: shop/charts/svc%1$zu/templates/hpa.yaml\n"
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: svc%1$zu}\n"
    "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: svc%1$zu}\n"
    "  minReplicas: 2\n  maxReplicas: 6\n  metrics:\n    - type: Resource\n"
    "      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n"
    "---\n# Source: shop/charts/svc%1$zu/templates/pdb.yaml\n"
    "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: svc%1$zu}\n"
    "spec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n"
    "  selector: {matchLabels: {app.kubernetes.io/name: svc%1$zu}}\n"
    "---\n# Source: shop/charts/svc%1$zu/templates/networkpolicy.yaml\n"
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: svc%1$zu}\n"
    "spec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: svc%1$zu}}\n"
    "  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {}}]}]\n"
    "  egress: [{to: [{podSelector: {}}]}]\n"
    "---\n# Source: shop/charts/svc%1$zu/templates/configmap.yaml\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: svc%1$zu}\n"
    "data:\n  BROKER: redpanda:9092\n  LOG_LEVEL: info\n";

static const char deny_all[] =
    "---\n# Source: shop/templates/deny.yaml\napiVersion: networking.k8s.io/v1\n"
    "kind: NetworkPolicy\nmetadata: {name: default-deny}\n"
    "spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";

static size_t generate(const char *path, size_t bytes)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        perror(path);
        exit(1);
    }
    fputs(deny_all, out);
    size_t written = sizeof deny_all - 1, n = 0;
    while (written < bytes) {
        int len = fprintf(out, bundle, n++);
        if (len < 0)
            break;
        written += (size_t)len;
    }
    fclose(out);
    return written;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef enum { MODE_FLOOR, MODE_PARSE, MODE_LINT } mode;

static int run_floor(const char *path)
{
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    if (!rc_read_file(path, (size_t)8 << 30, &text, &diag))
        return 1;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text.data, text.len);
    int rc = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            rc = 1;
            break;
        }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    rc_buf_release(&text);
    return rc;
}

static int run_readyctl(const char *path, mode m, size_t jobs)
{
    rc_pack pack;
    rc_diag diag;
    rc_pack_init(&pack);
    bool ok = m == MODE_LINT ? rc_pack_load_builtin(&pack, &diag) : rc_pack_finish(&pack, &diag);
    const char *paths[] = {path};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.profile = "prod";
    options.jobs = jobs;
    rc_limits_default(&options.limits);
    rc_run *run = ok ? rc_run_create(&pack, &options) : NULL;
    ok = run && rc_run_execute(run);
    rc_run_free(run);
    rc_pack_release(&pack);
    return ok ? 0 : 1;
}

typedef struct measure {
    double seconds;
    double peak_mb;
} measure;

static measure measure_child(const char *path, mode m, size_t jobs)
{
    double start = now();
    pid_t pid = fork();
    if (pid == 0)
        _exit(m == MODE_FLOOR ? run_floor(path) : run_readyctl(path, m, jobs));
    int status;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    measure out = {now() - start, (double)usage.ru_maxrss / 1024.0};
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench: a measured run failed\n");
        exit(1);
    }
    return out;
}

static measure best_of(const char *path, mode m, size_t jobs, int repeats)
{
    measure best = measure_child(path, m, jobs);
    for (int i = 1; i < repeats; i++) {
        measure next = measure_child(path, m, jobs);
        if (next.seconds < best.seconds)
            best = next;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t base_mb = argc > 1 ? (size_t)atol(argv[1]) : 32;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t jobs = cpus > 1 ? (size_t)cpus : 1;
    size_t sizes[2] = {base_mb, base_mb * 4};
    printf("readyctl bench: synthetic helm release, best of 3, %zu CPU%s\n\n", jobs,
           jobs == 1 ? "" : "s");
    printf("%-6s %-22s %9s %10s %14s %11s\n", "MB", "run", "seconds", "MB/s", "x libyaml floor",
           "peak MB");
    double lint_seconds[2] = {0, 0};
    for (int s = 0; s < 2; s++) {
        char path[] = "/tmp/readyctl-bench-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0) {
            perror("mkstemp");
            return 1;
        }
        close(fd);
        double mb = (double)generate(path, sizes[s] << 20) / (1 << 20);
        measure floor = best_of(path, MODE_FLOOR, 1, 3);
        struct {
            const char *name;
            mode m;
            size_t jobs;
        } runs[] = {
            {"libyaml events (floor)", MODE_FLOOR, 1},
            {"parse, 1 thread", MODE_PARSE, 1},
            {"parse, all threads", MODE_PARSE, jobs},
            {"lint, 1 thread", MODE_LINT, 1},
            {"lint, all threads", MODE_LINT, jobs},
        };
        for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
            measure m = r == 0 ? floor : best_of(path, runs[r].m, runs[r].jobs, 3);
            if (r == 4)
                lint_seconds[s] = m.seconds;
            printf("%-6.0f %-22s %9.3f %10.1f %14.2f %11.1f\n", mb, runs[r].name, m.seconds,
                   mb / m.seconds, m.seconds / floor.seconds, m.peak_mb);
        }
        printf("\n");
        unlink(path);
    }
    printf("scaling with input size: 4x the bytes took %.2fx the time (lint, all threads)\n",
           lint_seconds[1] / lint_seconds[0]);
    return 0;
}

/* bench - throughput, memory, start-up and determinism of readyctl against the libyaml
 * floor, every figure printed beside the target it is judged against (docs/performance.md).
 *
 * Inputs:
 *   synthetic   a generated helm-style release (bundles of Deployment, Service, HPA, PDB,
 *               NetworkPolicy and ConfigMap documents with `# Source:` comments) at 1 MB,
 *               MB and 4*MB;
 *   real mix    the committed renders of public charts (testdata/real-charts/STAR/render.yaml,
 *               CRDs included), concatenated and repeated to MB/4;
 *   CRDs only   the CustomResourceDefinition documents of those renders, repeated to MB/4;
 *   selectors   N workloads and N NetworkPolicies in one namespace, each policy selecting
 *               one workload by matchLabels, by In with two values, by Exists alone (all
 *               three indexed) or by In with nine values (the index's worst case), at N
 *               and 4N;
 *   small       one chart's render (argo-cd's, 56 documents), linted by the readyctl binary
 *               from exec to exit, and an empty file (start-up alone).
 * Runs, each in its own child process so that peak memory is the run's own:
 *   floor      libyaml's event parser over the same bytes, one thread, no tree
 *   parse      readyctl's split + loader + object views, no rules
 *   lint       the whole run with the default rule pack, default output discarded
 * Finally the binary lints the 4*MB input with -j 1 and -j N into every output format and
 * compares the files byte for byte. Prints figures and ratios; asserts nothing (DESIGN.md
 * §8: benchmarks measure, tests judge).
 * Usage: bench [MEGABYTES [READYCTL [TESTDATA]]] (defaults: 32, build/readyctl, testdata). */
#include <dirent.h>
#include <fcntl.h>
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
#include "report/report.h"
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

typedef enum selector_shape { BY_LABELS, BY_IN, BY_EXISTS, BY_IN_MANY } selector_shape;

/* A release of N workloads and N NetworkPolicies in one namespace, each policy selecting its
 * own workload: by a matchLabels pair, by `In` with two values or by `Exists` on a key only
 * that workload carries (the index finds the candidates), or by `In` with nine values (more
 * than the index merges: every workload of the namespace is tested, its worst case). */
static void generate_selectors(const char *path, size_t n, selector_shape shape)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        perror(path);
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(out,
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w%1$zu}\n"
                "spec:\n  selector: {matchLabels: {app: w%1$zu}}\n  template:\n"
                "    metadata: {labels: {app: w%1$zu, only-w%1$zu: \"\"}}\n    spec:\n"
                "      containers:\n"
                "        - {name: app, image: \"example/w:1\", resources: {requests: {cpu: 10m, "
                "memory: 16Mi}, limits: {cpu: 50m, memory: 32Mi}}}\n"
                "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                "metadata: {name: p%1$zu}\nspec:\n  policyTypes: [Ingress]\n"
                "  ingress: [{from: [{podSelector: {}}]}]\n",
                i);
        if (shape == BY_LABELS)
            fprintf(out, "  podSelector: {matchLabels: {app: w%zu}}\n", i);
        else if (shape == BY_IN)
            fprintf(out, "  podSelector: {matchExpressions: [{key: app, operator: In, "
                         "values: [w%zu, none]}]}\n", i);
        else if (shape == BY_EXISTS)
            fprintf(out, "  podSelector: {matchExpressions: [{key: only-w%zu, "
                         "operator: Exists}]}\n", i);
        else
            fprintf(out, "  podSelector: {matchExpressions: [{key: app, operator: In, "
                         "values: [w%zu, n1, n2, n3, n4, n5, n6, n7, n8]}]}\n", i);
    }
    fclose(out);
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
    if (ok && m == MODE_LINT) {
        /* The default output, written where a pipe would take it. */
        FILE *sink = fopen("/dev/null", "w");
        rc_report_options report = {0};
        ok = sink && rc_report_text(sink, rc_run_result(run), &report);
        if (sink)
            fclose(sink);
    }
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

/* Runs ARGV (the readyctl binary) with its output discarded; its exit status, -1 when it
 * could not run. */
static int spawn(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
}

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* Median milliseconds from exec to exit of BIN on PATH over RUNS runs. */
static double exec_ms(const char *bin, const char *path, int runs)
{
    double *times = calloc((size_t)runs, sizeof *times);
    char *argv[] = {(char *)bin, "--no-config", (char *)path, NULL};
    for (int i = 0; times && i < runs; i++) {
        double start = now();
        if (spawn(argv) < 0) {
            fprintf(stderr, "bench: could not run %s\n", bin);
            exit(1);
        }
        times[i] = (now() - start) * 1000.0;
    }
    if (!times)
        exit(1);
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    double median = times[runs / 2];
    free(times);
    return median;
}

/* Whether a line of TEXT[..END) is exactly LINE. */
static bool holds_line(const char *text, const char *end, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; p && p + n <= end;) {
        if (strncmp(p, line, n) == 0 && (p + n == end || p[n] == '\n'))
            return true;
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : NULL;
    }
    return false;
}

/* Appends every document of FROM to OUT; only the CustomResourceDefinitions when CRDS_ONLY.
 * Returns the bytes written. */
static size_t append_documents(FILE *out, const char *from, bool crds_only)
{
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    if (!rc_read_file(from, (size_t)1 << 30, &text, &diag))
        return 0;
    size_t written = 0;
    const char *p = rc_buf_str(&text), *end = p + text.len;
    while (p < end) {
        /* A document runs to the next line that is exactly "---". */
        const char *next = strstr(p, "\n---\n");
        const char *stop = next ? next + 1 : end;
        bool keep = !crds_only || holds_line(p, stop, "kind: CustomResourceDefinition");
        if (keep) {
            fputs("---\n", out);
            written += 4 + fwrite(p, 1, (size_t)(stop - p), out);
            if (stop[-1] != '\n')
                written += (size_t)fputs("\n", out) > 0;
        }
        p = next ? next + 5 : end;
    }
    rc_buf_release(&text);
    return written;
}

/* Writes the renders of TESTDATA/real-charts (all documents, or only the CRDs) to PATH,
 * repeated until it holds at least BYTES; the megabytes written (0 when none were found). */
static double generate_real(const char *path, const char *testdata, size_t bytes, bool crds_only)
{
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/real-charts", testdata);
    DIR *dir = opendir(dir_path);
    FILE *out = fopen(path, "w");
    if (!dir || !out) {
        if (dir)
            closedir(dir);
        if (out)
            fclose(out);
        return 0;
    }
    char names[64][256];
    size_t count = 0;
    for (struct dirent *e; count < 64 && (e = readdir(dir));) {
        if (e->d_name[0] != '.')
            snprintf(names[count++], sizeof names[0], "%s", e->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    size_t written = 0;
    while (written < bytes) {
        size_t before = written;
        for (size_t i = 0; i < count; i++) {
            char render[sizeof dir_path + sizeof names[0] + 16];
            int len = snprintf(render, sizeof render, "%s/%s/render.yaml", dir_path, names[i]);
            if (len > 0 && (size_t)len < sizeof render && access(render, R_OK) == 0)
                written += append_documents(out, render, crds_only);
        }
        if (written == before)
            break;
    }
    fclose(out);
    return (double)written / (1 << 20);
}

typedef struct row_target {
    const char *text; /* "<= 0.60x" */
    double limit;     /* ratio to the floor; 0: none */
} row_target;

static void print_header(void)
{
    printf("%-11s %6s %-22s %8s %7s %8s %8s %6s  %s\n", "input", "MB", "run", "seconds", "MB/s",
           "x floor", "peak MB", "x input", "target");
}

static void print_row(const char *input, double mb, const char *run, measure m, double floor,
                      row_target target)
{
    double ratio = m.seconds / floor;
    char verdict[128] = "";
    if (target.limit > 0)
        snprintf(verdict, sizeof verdict, "%s %s; peak <= input %s", target.text,
                 ratio <= target.limit ? "met" : "NOT MET", m.peak_mb <= mb ? "met" : "NOT MET");
    printf("%-11s %6.1f %-22s %8.3f %7.1f %8.2f %8.1f %6.1f  %s\n", input, mb, run, m.seconds,
           mb / m.seconds, ratio, m.peak_mb, m.peak_mb / mb, verdict);
}

static const char *const formats[] = {"text", "json", "sarif", "junit", "github", "checklist",
                                      "html"};
enum { FORMAT_COUNT = sizeof formats / sizeof formats[0] };

/* Lints PATH with BIN on JOBS threads into every format, files named PREFIX.<format>. */
static int lint_all_formats(const char *bin, const char *path, size_t jobs, const char *prefix)
{
    char jobs_text[24], outputs[FORMAT_COUNT][4200];
    char *argv[5 + 2 * FORMAT_COUNT];
    size_t n = 0;
    snprintf(jobs_text, sizeof jobs_text, "%zu", jobs);
    argv[n++] = (char *)bin;
    argv[n++] = "--no-config";
    argv[n++] = "-j";
    argv[n++] = jobs_text;
    for (size_t f = 0; f < FORMAT_COUNT; f++) {
        snprintf(outputs[f], sizeof outputs[f], "%s=%s.%s", formats[f], prefix, formats[f]);
        argv[n++] = "-o";
        argv[n++] = outputs[f];
    }
    argv[n++] = (char *)path;
    argv[n] = NULL;
    return spawn(argv);
}

static bool same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static void temp_path(char *out, size_t size)
{
    snprintf(out, size, "/tmp/readyctl-bench-XXXXXX");
    int fd = mkstemp(out);
    if (fd < 0) {
        perror("mkstemp");
        exit(1);
    }
    close(fd);
}

int main(int argc, char **argv)
{
    size_t base_mb = argc > 1 ? (size_t)atol(argv[1]) : 32;
    const char *bin = argc > 2 ? argv[2] : "build/readyctl";
    const char *testdata = argc > 3 ? argv[3] : "testdata";
    if (base_mb < 4)
        base_mb = 4;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t jobs = cpus > 1 ? (size_t)cpus : 1;
    printf("readyctl bench: best of 3 per figure, %zu CPU%s; \"x floor\" is the time over "
           "libyaml's event parser on the same bytes, one thread, in this run\n\n",
           jobs, jobs == 1 ? "" : "s");
    print_header();

    row_target none = {"", 0};
    row_target lint_target = {"<= 0.60x floor", 0.60};
    double per_mb[3] = {0, 0, 0}, floor_per_mb[3] = {0, 0, 0};
    size_t sizes[3] = {1, base_mb, base_mb * 4};
    char big_path[64] = "";
    for (int s = 0; s < 3; s++) {
        char path[64];
        temp_path(path, sizeof path);
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
            if (s == 0 && r != 0 && r != 4)
                continue; /* 1 MB: only what time per MB is judged on */
            measure m = r == 0 ? floor : best_of(path, runs[r].m, runs[r].jobs, 3);
            if (r == 4) {
                per_mb[s] = m.seconds / mb;
                floor_per_mb[s] = floor.seconds / mb;
            }
            print_row("synthetic", mb, runs[r].name, m, floor.seconds,
                      r == 4 && s > 0 ? lint_target : none);
        }
        if (s == 2)
            snprintf(big_path, sizeof big_path, "%s", path);
        else
            unlink(path);
    }

    struct {
        const char *name;
        bool crds_only;
        row_target target;
    } real[] = {
        {"real mix", false, lint_target},
        {"CRDs only", true, {"<= 1.00x floor (a scan)", 1.00}},
    };
    for (size_t r = 0; r < sizeof real / sizeof real[0]; r++) {
        char path[64];
        temp_path(path, sizeof path);
        double mb = generate_real(path, testdata, (base_mb << 20) / 4, real[r].crds_only);
        if (mb > 0) {
            measure floor = best_of(path, MODE_FLOOR, 1, 3);
            print_row(real[r].name, mb, "libyaml events (floor)", floor, floor.seconds, none);
            print_row(real[r].name, mb, "lint, all threads", best_of(path, MODE_LINT, jobs, 3),
                      floor.seconds, real[r].target);
        } else {
            printf("%-11s: no renders under %s/real-charts\n", real[r].name, testdata);
        }
        unlink(path);
    }

    /* How selector matching grows: 4x the objects in one namespace. */
    printf("\nselectors, one namespace, N workloads + N NetworkPolicies (lint, all threads):\n");
    static const char *const shapes[] = {"matchLabels (indexed)",
                                         "In with two values (indexed, merged)",
                                         "Exists only (indexed by key)",
                                         "In with nine values (every workload tested)"};
    for (int shape = BY_LABELS; shape <= BY_IN_MANY; shape++) {
        double seconds[2];
        size_t counts[2] = {1000, 4000};
        for (int c = 0; c < 2; c++) {
            char path[64];
            temp_path(path, sizeof path);
            generate_selectors(path, counts[c], (selector_shape)shape);
            seconds[c] = best_of(path, MODE_LINT, jobs, 3).seconds;
            unlink(path);
        }
        printf("  %-38s N=%zu %.3f s, N=%zu %.3f s: 4x N took %.1fx the time\n", shapes[shape],
               counts[0], seconds[0], counts[1], seconds[1], seconds[1] / seconds[0]);
    }

    printf("\ntime per MB (lint, all threads, as x floor): 1 MB %.2f, %zu MB %.2f, %zu MB %.2f; "
           "%zu MB over %zu MB: %.2f (target: within 10%%: %s)\n",
           per_mb[0] / floor_per_mb[0], base_mb, per_mb[1] / floor_per_mb[1], base_mb * 4,
           per_mb[2] / floor_per_mb[2], base_mb * 4, base_mb,
           (per_mb[2] / floor_per_mb[2]) / (per_mb[1] / floor_per_mb[1]),
           (per_mb[2] / floor_per_mb[2]) / (per_mb[1] / floor_per_mb[1]) <= 1.10 ? "met"
                                                                                  : "NOT MET");

    /* Start-up and a small release, from exec to exit. */
    char small[4200], empty[64];
    snprintf(small, sizeof small, "%s/real-charts/argo-cd/render.yaml", testdata);
    temp_path(empty, sizeof empty);
    bool own_small = access(small, R_OK) != 0;
    if (own_small) {
        temp_path(small, sizeof small);
        generate(small, 18 << 10);
    }
    FILE *counted = fopen(small, "r");
    size_t documents = 0, small_bytes = 0;
    for (char line[4096]; counted && fgets(line, sizeof line, counted);) {
        documents += strncmp(line, "kind:", 5) == 0;
        small_bytes += strlen(line);
    }
    if (counted)
        fclose(counted);
    double empty_ms = exec_ms(bin, empty, 41), small_ms = exec_ms(bin, small, 41);
    printf("\nexec to exit, median of 41 (%s):\n", bin);
    printf("  empty input                                  %6.2f ms\n", empty_ms);
    printf("  one chart (%s, %zu objects, %zu KB) %6.2f ms (target: <= 3 ms: %s)\n",
           own_small ? "synthetic" : "argo-cd", documents, small_bytes >> 10, small_ms,
           small_ms <= 3.0 ? "met" : "NOT MET");
    if (own_small)
        unlink(small);
    unlink(empty);

    /* Determinism at the largest size: every format, one thread against all. */
    char one[64], all[64];
    temp_path(one, sizeof one);
    temp_path(all, sizeof all);
    int rc_one = lint_all_formats(bin, big_path, 1, one);
    int rc_all = lint_all_formats(bin, big_path, jobs, all);
    size_t identical = 0;
    for (size_t f = 0; f < FORMAT_COUNT; f++) {
        char a[128], b[128];
        snprintf(a, sizeof a, "%s.%s", one, formats[f]);
        snprintf(b, sizeof b, "%s.%s", all, formats[f]);
        identical += rc_one >= 0 && rc_one == rc_all && same_file(a, b);
        unlink(a);
        unlink(b);
    }
    printf("\ndeterminism at %zu MB: -j 1 and -j %zu give byte-identical output in %zu of %d "
           "formats (exit %d and %d)\n",
           base_mb * 4, jobs, identical, FORMAT_COUNT, rc_one, rc_all);
    unlink(one);
    unlink(all);
    unlink(big_path);
    return 0;
}

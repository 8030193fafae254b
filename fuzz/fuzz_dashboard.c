/* fuzz_dashboard.c - libFuzzer target for Grafana dashboard JSON embedded in a release
 * (checks/dashboards.c: dashboard-json-valid, dashboard-refresh, dashboard-topics). The
 * dashboard checks have no entry point of their own, so the input becomes the value of a
 * dashboard in a one-object release built in memory and linted with the default pack and
 * the platform's declared dashboard requirements (refresh and topics):
 *
 *   size % 3 == 0  data key of a ConfigMap labelled grafana_dashboard, as a literal block
 *                  scalar (`|4-`), when the input is printable ASCII with tabs and line
 *                  feeds (otherwise as in the next case);
 *   size % 3 == 1  the same data key as a double-quoted scalar;
 *   size % 3 == 2  spec.json of a grafana-operator GrafanaDashboard, double-quoted.
 *
 * The double-quoted form escapes what YAML may not carry raw (line breaks, controls,
 * non-printable code points, bytes that are not UTF-8), so the value the dashboard checks
 * parse is the input itself: byte for byte, except that a byte that is not part of valid
 * UTF-8 arrives as the code point of the same number, which is all a real release can
 * carry. Besides the sanitizers, the target asserts that every finding lies inside the
 * release text. See docs/fuzzing.md. */
#define _GNU_SOURCE /* fmemopen */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "engine/run.h"
#include "report/report.h"
#include "rules/builtin.h"
#include "rules/pack.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char platform_settings[] =
    "requirements:\n"
    "  dashboards:\n"
    "    refresh: 30s\n"
    "    topics: [{name: lag, match: 'consumer_?lag'}, {name: ws, match: '(?i)websocket'},\n"
    "             {name: errors, match: 'status=~\"5..\"'}]\n";

/* Process-wide and read-only after LLVMFuzzerInitialize: data the fuzzer does not control. */
static rc_pack pack;
static rc_config settings;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The default pack's dashboard rules, with the checklist they name and the input
     * rules (a release that does not parse is reported by those): the other hundred rules
     * would only look at one ConfigMap they do not judge, and cost most of each execution. */
    static const char *const files[] = {"rules/checklist.yaml", "rules/dashboards.yaml",
                                        "rules/input.yaml"};
    rc_diag diag;
    rc_pack_init(&pack);
    pack.source = "built-in";
    for (const rc_builtin_file *f = rc_builtin_pack; f->path; f++) {
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            if (strcmp(f->path, files[i]) == 0 &&
                !rc_pack_add_tree(&pack, f->path, f->roots, f->root_count, &diag))
                abort();
        }
    }
    if (!rc_pack_finish(&pack, &diag) || !rc_pack_find_rule(&pack, "dashboard-json-invalid"))
        abort();
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
        fprintf(stderr, "fuzz_dashboard: contract broken: %s\n", what);
        abort();
    }
}

/* The encoders below are the harness, not readyctl: left out of the coverage libFuzzer
 * steers by (their branches would reward inputs for exercising the encoder), and kept to
 * one append per run of plain bytes. */
#define HARNESS __attribute__((no_sanitize("coverage")))

HARNESS static bool block_safe(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] != '\t' && data[i] != '\n' && (data[i] < 0x20 || data[i] > 0x7E))
            return false;
    }
    return true;
}

/* Length of the valid UTF-8 sequence at DATA (1 to 4 bytes), with its code point, or 0. */
HARNESS static size_t utf8_decode(const uint8_t *data, size_t size, uint32_t *cp)
{
    uint8_t b = data[0];
    size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
                            : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > size)
        return 0;
    uint32_t c = n == 1 ? b : n == 2 ? b & 0x1Fu : n == 3 ? b & 0x0Fu : b & 0x07u;
    for (size_t i = 1; i < n; i++) {
        if ((data[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (data[i] & 0x3Fu);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0; /* overlong, out of range, or a surrogate */
    *cp = c;
    return n;
}

/* YAML 1.1's printable set, less the line breaks (LF, CR, NEL, LS and PS fold in a quoted
 * scalar) and the tab (which a folded break next to it would swallow). */
HARNESS static bool printable(uint32_t cp)
{
    return (cp >= 0x20 && cp <= 0x7E) ||
           (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) ||
           (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

HARNESS static bool append_quoted(rc_buf *out, const uint8_t *data, size_t size)
{
    bool ok = rc_buf_reserve(out, size + 3) && rc_buf_putc(out, '"');
    size_t plain = 0; /* start of the run of bytes copied as they are */
    for (size_t i = 0; ok && i < size;) {
        uint32_t cp = 0;
        size_t n = utf8_decode(data + i, size - i, &cp);
        if (n && cp != '"' && cp != '\\' && printable(cp)) {
            i += n;
            continue;
        }
        ok = rc_buf_append(out, (const char *)data + plain, i - plain);
        if (n == 0)
            ok = ok && rc_buf_printf(out, "\\x%02X", data[i]);
        else if (cp == '"' || cp == '\\')
            ok = ok && rc_buf_putc(out, '\\') && rc_buf_putc(out, (char)cp);
        else if (cp <= 0xFF)
            ok = ok && rc_buf_printf(out, "\\x%02X", (unsigned)cp);
        else
            ok = ok && rc_buf_printf(out, "\\u%04X", (unsigned)cp);
        i += n ? n : 1;
        plain = i;
    }
    return ok && rc_buf_append(out, (const char *)data + plain, size - plain) &&
           rc_buf_puts(out, "\"\n");
}

HARNESS static bool append_block(rc_buf *out, const uint8_t *data, size_t size)
{
    bool ok = rc_buf_puts(out, "|4-\n    ");
    size_t line = 0;
    for (size_t i = 0; ok && i < size; i++) {
        if (data[i] == '\n') {
            ok = rc_buf_append(out, (const char *)data + line, i - line) &&
                 rc_buf_puts(out, "\n    ");
            line = i + 1;
        }
    }
    return ok && rc_buf_append(out, (const char *)data + line, size - line) &&
           rc_buf_putc(out, '\n');
}

HARNESS static size_t count_lines(const rc_buf *text)
{
    size_t lines = 1;
    for (size_t i = 0; i < text->len; i++)
        lines += text->data[i] == '\n';
    return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rc_buf release = RC_BUF_INIT;
    bool ok;
    if (size % 3 == 2) {
        ok = rc_buf_puts(&release, "apiVersion: grafana.integreatly.org/v1beta1\n"
                                   "kind: GrafanaDashboard\n"
                                   "metadata: {name: fuzz, namespace: fuzz}\n"
                                   "spec:\n"
                                   "  instanceSelector: {matchLabels: {dashboards: grafana}}\n"
                                   "  json: ") &&
             append_quoted(&release, data, size);
    } else {
        ok = rc_buf_puts(&release, "apiVersion: v1\n"
                                   "kind: ConfigMap\n"
                                   "metadata:\n"
                                   "  name: fuzz\n"
                                   "  namespace: fuzz\n"
                                   "  labels: {grafana_dashboard: \"1\"}\n"
                                   "data:\n"
                                   "  fuzz.json: ") &&
             (size % 3 == 0 && block_safe(data, size) ? append_block(&release, data, size)
                                                      : append_quoted(&release, data, size));
    }
    require(ok, "the release is built");
    FILE *in = fmemopen(release.data, release.len, "rb");
    require(in != NULL, "fmemopen");
    static const char *const paths[] = {"-"};
    rc_run_options options = {0};
    options.paths = paths;
    options.path_count = 1;
    options.stdin_stream = in;
    options.profile = "prod";
    options.fail_on = RC_SEVERITY_ERROR;
    options.jobs = 1;
    options.requirements = &settings.requirements;
    rc_limits_default(&options.limits);
    options.limits.max_expanded_nodes = 100000;
    rc_run *run = rc_run_create(&pack, &options);
    if (run && rc_run_execute(run)) {
        const rc_result *result = rc_run_result(run);
        size_t lines = count_lines(&release);
        for (size_t i = 0; i < result->finding_count; i++) {
            const rc_finding *f = &result->findings[i];
            /* Findings about the requirements sit in the settings file, not the release. */
            if (strcmp(f->path, "<stdin>") != 0)
                continue;
            if (f->line < 1 || f->line > lines || f->column < 1) {
                fprintf(stderr, "fuzz_dashboard: %u:%u of %zu lines: %s [%s]\n",
                        (unsigned)f->line, (unsigned)f->column, lines, f->message, f->rule->id);
                require(0, "a finding lies inside the release");
            }
        }
        rc_report_options report = {0};
        rc_report_text(sink, result, &report);
    }
    rc_run_free(run);
    fclose(in);
    rc_buf_release(&release);
    return 0;
}

/* junit.c - JUnit XML for CI test tabs: one testsuite per rule, one testcase per object the
 * rule judged; a testcase fails with each unsuppressed finding about it at or above warning,
 * and is skipped when all its findings were suppressed. Input errors form their own suite. */
#include <stdio.h>
#include <string.h>

#include "report/markup.h"
#include "report/report.h"

static bool counts_as_failure(const rc_finding *f)
{
    return !f->suppression && f->severity >= RC_SEVERITY_WARNING;
}

static bool about(const rc_finding *f, const rc_rule *rule, const char *object)
{
    return f->rule == rule && f->object && strcmp(f->object, object) == 0;
}

static void write_case(FILE *out, const rc_result *result, const rc_rule *rule,
                       const char *object)
{
    fputs("    <testcase classname=\"", out);
    rc_markup_escaped(out, rule->id);
    fputs("\" name=\"", out);
    rc_markup_escaped(out, object);
    fputs("\">\n", out);
    bool failed = false, suppressed = false;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (!about(f, rule, object))
            continue;
        if (!counts_as_failure(f)) {
            suppressed = suppressed || f->suppression;
            continue;
        }
        failed = true;
        fprintf(out, "      <failure type=\"%s\" message=\"", rc_severity_name(f->severity));
        rc_markup_escaped(out, f->message);
        fputs("\">", out);
        rc_markup_escaped(out, f->path);
        fprintf(out, ":%u:%u: ", (unsigned)f->line, (unsigned)f->column);
        rc_markup_escaped(out, f->message);
        fputs("</failure>\n", out);
    }
    if (!failed && suppressed)
        fputs("      <skipped message=\"suppressed\"/>\n", out);
    fputs("    </testcase>\n", out);
}

bool rc_report_junit(FILE *out, const rc_result *result, const rc_report_options *options)
{
    (void)options;
    size_t total_tests = result->examined_count, total_failures = 0;
    for (size_t i = 0; i < result->finding_count; i++)
        total_failures += counts_as_failure(&result->findings[i]);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"readyctl\" tests=\"%zu\" failures=\"%zu\">\n", total_tests,
            total_failures);
    size_t e = 0;
    for (size_t r = 0; r < result->pack->rule_count; r++) {
        const rc_rule *rule = &result->pack->rules[r];
        size_t first = e, tests = 0, failures = 0;
        while (e < result->examined_count && result->examined[e].rule == rule) {
            e++;
            tests++;
        }
        for (size_t i = 0; i < result->finding_count; i++)
            failures += result->findings[i].rule == rule &&
                        counts_as_failure(&result->findings[i]) && result->findings[i].object;
        if (tests == 0)
            continue;
        fputs("  <testsuite name=\"", out);
        rc_markup_escaped(out, rule->id);
        fputc(' ', out);
        rc_markup_escaped(out, rule->name);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\">\n", tests, failures);
        for (size_t k = first; k < e; k++)
            write_case(out, result, rule, result->examined[k].object);
        fputs("  </testsuite>\n", out);
    }
    if (result->input_errors) {
        fprintf(out, "  <testsuite name=\"input\" tests=\"%zu\" failures=\"%zu\">\n",
                result->input_errors, result->input_errors);
        for (size_t i = 0; i < result->finding_count; i++) {
            const rc_finding *f = &result->findings[i];
            if (f->object)
                continue;
            fputs("    <testcase classname=\"input\" name=\"", out);
            rc_markup_escaped(out, f->path);
            fprintf(out, ":%u\">\n      <failure type=\"error\" message=\"", (unsigned)f->line);
            rc_markup_escaped(out, f->message);
            fputs("\"/>\n    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return !ferror(out);
}

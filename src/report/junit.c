/* junit.c - JUnit XML for CI test tabs: one testsuite per rule, one testcase per object the
 * rule judged; a testcase fails with each unsuppressed finding about it at or above warning,
 * and is skipped when all its findings were suppressed. Input errors, findings about
 * declared requirements, and skipped inputs form their own suites; a last suite holds the
 * checklist items and the one verdict (failing exactly when the release is NOT READY or an
 * input could not be read). */
#include <stdio.h>
#include <string.h>

#include "report/markup.h"
#include "report/report.h"
#include "report/signoff.h"
#include "rules/template.h"

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

static bool is_input_error(const rc_finding *f)
{
    return strcmp(f->rule->tmpl->name, "input-error") == 0;
}

/* Findings about no object: unreadable input (INPUT) or declared requirements. */
static void write_loose_findings(FILE *out, const rc_result *result, const char *suite, bool input)
{
    size_t count = 0;
    for (size_t i = 0; i < result->finding_count; i++)
        count += !result->findings[i].object && is_input_error(&result->findings[i]) == input &&
                 counts_as_failure(&result->findings[i]);
    if (!count)
        return;
    fprintf(out, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\">\n", suite, count,
            count);
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->object || is_input_error(f) != input || !counts_as_failure(f))
            continue;
        fprintf(out, "    <testcase classname=\"%s\" name=\"", input ? "input" : f->rule->id);
        rc_markup_escaped(out, f->path);
        fprintf(out, ":%u\">\n      <failure type=\"%s\" message=\"", (unsigned)f->line,
                rc_severity_name(f->severity));
        rc_markup_escaped(out, f->message);
        fputs("\"/>\n    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

/* The checklist items and the verdict: a fail item fails, an n/a item is skipped. */
static void write_verdict(FILE *out, const rc_result *result, const rc_report_options *options)
{
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < result->verdict_count; i++) {
        failures += result->verdicts[i].state == RC_VERDICT_FAIL;
        skipped += result->verdicts[i].state == RC_VERDICT_NA;
    }
    bool release_fails = s.state == RC_RELEASE_NOT_READY || s.state == RC_RELEASE_INPUT_ERROR;
    fprintf(out, "  <testsuite name=\"checklist\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
            result->verdict_count + 1, failures + release_fails, skipped);
    for (size_t i = 0; i < result->verdict_count; i++) {
        const rc_verdict *v = &result->verdicts[i];
        fputs("    <testcase classname=\"checklist\" name=\"", out);
        rc_markup_escaped(out, v->item->id);
        fprintf(out, "\">\n      <system-out>%s</system-out>\n", rc_verdict_name(v->state));
        if (v->state == RC_VERDICT_FAIL)
            fprintf(out, "      <failure type=\"fail\" message=\"%zu finding%s\"/>\n",
                    v->finding_count, v->finding_count == 1 ? "" : "s");
        if (v->state == RC_VERDICT_NA) {
            fputs("      <skipped message=\"", out);
            rc_markup_escaped(out, v->na_reason);
            fputs("\"/>\n", out);
        }
        fputs("    </testcase>\n", out);
    }
    rc_buf reason = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &reason);
    fprintf(out, "    <testcase classname=\"checklist\" name=\"verdict: %s (score %s)\">\n",
            s.verdict, s.score_text);
    if (release_fails) {
        fputs("      <failure type=\"verdict\" message=\"", out);
        rc_markup_escaped(out, rc_buf_str(&reason));
        fputs("\"/>\n", out);
    } else {
        fputs("      <system-out>", out);
        rc_markup_escaped(out, rc_buf_str(&reason));
        fputs("</system-out>\n", out);
    }
    fputs("    </testcase>\n  </testsuite>\n", out);
    rc_buf_release(&reason);
}

bool rc_report_junit(FILE *out, const rc_result *result, const rc_report_options *options)
{
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
    write_loose_findings(out, result, "input", true);
    write_loose_findings(out, result, "requirements", false);
    if (result->skipped_count) {
        fprintf(out, "  <testsuite name=\"skipped\" tests=\"%zu\" failures=\"0\" skipped=\"%zu\">\n",
                result->skipped_count, result->skipped_count);
        for (size_t i = 0; i < result->skipped_count; i++) {
            fputs("    <testcase classname=\"skipped\" name=\"", out);
            rc_markup_escaped(out, result->skipped[i].what);
            fputs("\">\n      <skipped message=\"", out);
            rc_markup_escaped(out, result->skipped[i].reason);
            fputs("\"/>\n    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    write_verdict(out, result, options);
    fputs("</testsuites>\n", out);
    return !ferror(out);
}

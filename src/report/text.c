/* text.c - the human format: one line per finding, then a checklist and a summary. */
#include <stdio.h>

#include "report/report.h"
#include "report/signoff.h"

static const char *severity_colour(rc_severity severity)
{
    switch (severity) {
    case RC_SEVERITY_ERROR:
        return "\033[1;31m";
    case RC_SEVERITY_WARNING:
        return "\033[1;33m";
    default:
        return "\033[1;36m";
    }
}

bool rc_report_text(FILE *out, const rc_result *result, const rc_report_options *options)
{
    const char *reset = options->color ? "\033[0m" : "";
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->suppression)
            continue;
        fprintf(out, "%s:%u:%u: %s%s%s: %s [%s]\n", f->path, (unsigned)f->line,
                (unsigned)f->column, options->color ? severity_colour(f->severity) : "",
                rc_severity_name(f->severity), reset, f->message, f->rule->id);
        if (f->values_path)
            fprintf(out, "    values: %s:%u:%u: %s\n", f->values_path, (unsigned)f->values_line,
                    (unsigned)f->values_column, f->values_key);
    }
    if (result->verdict_count) {
        fprintf(out, "\nchecklist (%s profile):\n", result->profile);
        for (size_t i = 0; i < result->verdict_count; i++) {
            const rc_verdict *v = &result->verdicts[i];
            fprintf(out, "  %-5s %-14s %s", rc_verdict_name(v->state), v->item->id,
                    v->item->title);
            if (v->state == RC_VERDICT_FAIL || v->state == RC_VERDICT_WARN)
                fprintf(out, " (%zu finding%s)", v->finding_count,
                        v->finding_count == 1 ? "" : "s");
            else if (v->state == RC_VERDICT_NA)
                fprintf(out, " (%s)", v->na_reason);
            fputc('\n', out);
        }
    }
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    fprintf(out,
            "\n%zu error%s, %zu warning%s, %zu note%s (%zu suppressed) in %zu object%s from %zu "
            "document%s",
            s.errors, s.errors == 1 ? "" : "s", s.warnings, s.warnings == 1 ? "" : "s", s.notes,
            s.notes == 1 ? "" : "s", s.suppressed, result->object_count,
            result->object_count == 1 ? "" : "s", result->document_count,
            result->document_count == 1 ? "" : "s");
    if (result->skipped_count)
        fprintf(out, " (skipped: %s)", s.skipped_text);
    if (result->hook_count)
        fprintf(out, "; %zu helm hook%s judged by object rules only", result->hook_count,
                result->hook_count == 1 ? "" : "s");
    if (result->input_errors)
        fprintf(out, "; %zu input error%s", result->input_errors,
                result->input_errors == 1 ? "" : "s");
    if (result->scored)
        fprintf(out, "; checklist score %s/100", s.score_text);
    rc_buf reason = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &reason);
    fprintf(out, "\n%s%s%s: %s\n",
            options->color ? (s.ready ? "\033[1;32m" : s.state == RC_RELEASE_NOTHING_JUDGED
                                                          ? "\033[1;36m"
                                                          : "\033[1;31m")
                           : "",
            s.verdict, reset, rc_buf_str(&reason));
    rc_buf_release(&reason);
    return !ferror(out);
}

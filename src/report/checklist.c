/* checklist.c - the release sign-off page in Markdown: verdict and score first, one row per
 * checklist item, then each item's evidence (the objects that failed it with their findings,
 * the objects that satisfied it). */
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "report/signoff.h"

static void md_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strchr("|*_`<>[]\\", *p))
            fputc('\\', out);
        fputc(*p == '\n' ? ' ' : *p, out);
    }
}

static void object_list(FILE *out, const char *label, const char *const *objects, size_t count)
{
    if (count == 0)
        return;
    fprintf(out, "\n**%s** (%zu): ", label, count);
    for (size_t i = 0; i < count; i++) {
        fputs(i ? ", " : "", out);
        fputc('`', out);
        fputs(objects[i], out);
        fputc('`', out);
    }
    fputc('\n', out);
}

bool rc_report_checklist(FILE *out, const rc_result *result, const rc_report_options *options)
{
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    if (result->scored)
        fprintf(out, "# Release readiness: %s — %s/100\n\n", s.verdict, s.score_text);
    else
        fprintf(out, "# Release readiness: %s\n\n", s.verdict);
    rc_buf text = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &text);
    md_escaped(out, rc_buf_str(&text));
    fputs("\n\n", out);
    fprintf(out, "Profile `%s` · %zu object%s in %zu document%s · %zu error%s, %zu warning%s, "
                 "%zu note%s, %zu suppressed",
            result->profile, result->object_count, result->object_count == 1 ? "" : "s",
            result->document_count, result->document_count == 1 ? "" : "s", s.errors,
            s.errors == 1 ? "" : "s", s.warnings, s.warnings == 1 ? "" : "s", s.notes,
            s.notes == 1 ? "" : "s", s.suppressed);
    if (result->input_errors)
        fprintf(out, " · **%zu input error%s: part of the release was not linted**",
                result->input_errors, result->input_errors == 1 ? "" : "s");
    if (s.scope_text[0]) {
        fputs(" · ", out);
        md_escaped(out, s.scope_text);
    }
    fputs("\n\n**Signed:**\n\n| | |\n|---|---|\n", out);
    rc_signoff_field fields[RC_SIGNOFF_FIELDS];
    size_t field_count = rc_signoff_record(result, fields, &text);
    for (size_t i = 0; i < field_count; i++) {
        fprintf(out, "| %s | `", fields[i].label);
        /* Inside a code span only a backtick or a table pipe can break out. */
        for (const char *p = fields[i].value; *p; p++) {
            if (*p == '|')
                fputc('\\', out);
            fputc(*p == '`' ? '\'' : *p, out);
        }
        fputs("` |\n", out);
    }
    rc_buf_release(&text);
    fputs("\n| | item | weight | verdict | findings | objects checked |\n"
          "|---|---|---:|---|---:|---:|\n",
          out);
    for (size_t i = 0; i < result->verdict_count; i++) {
        const rc_verdict *v = &result->verdicts[i];
        fprintf(out, "| %s | ", rc_signoff_mark(v->state));
        md_escaped(out, v->item->title);
        fprintf(out, " | %.0f | %s | %zu | %zu |\n", v->item->weight, rc_verdict_name(v->state),
                v->finding_count, v->passed_count + v->failed_count);
    }
    for (size_t i = 0; i < result->verdict_count; i++) {
        const rc_verdict *v = &result->verdicts[i];
        fprintf(out, "\n## %s ", rc_signoff_mark(v->state));
        md_escaped(out, v->item->title);
        fprintf(out, " (`%s`)\n\n", v->item->id);
        md_escaped(out, v->item->description);
        fputc('\n', out);
        if (v->state == RC_VERDICT_NA) {
            fputs("\nNot applicable: ", out);
            md_escaped(out, v->na_reason);
            fputs(".\n", out);
            continue;
        }
        object_list(out, "Failed", v->failed, v->failed_count);
        bool heading = false;
        for (size_t f = 0; f < result->finding_count; f++) {
            const rc_finding *finding = &result->findings[f];
            if (!rc_signoff_counts(finding, v->item))
                continue;
            if (!heading)
                fputs("\n**Findings:**\n\n", out);
            heading = true;
            fprintf(out, "- `%s:%u:%u` %s: ", finding->path, (unsigned)finding->line,
                    (unsigned)finding->column, rc_severity_name(finding->severity));
            md_escaped(out, finding->message);
            fprintf(out, " [%s]", finding->rule->id);
            if (finding->values_path)
                fprintf(out, " — set in `%s:%u` (`%s`)", finding->values_path,
                        (unsigned)finding->values_line, finding->values_key);
            fputc('\n', out);
        }
        object_list(out, "Passed", v->passed, v->passed_count);
    }
    return !ferror(out);
}

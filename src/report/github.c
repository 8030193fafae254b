/* github.c - GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::`
 * line per unsuppressed finding, so annotations land on the file and line in pull requests. */
#include <stdio.h>

#include "report/report.h"
#include "report/signoff.h"

/* Workflow-command escaping: data escapes %, CR and LF; properties also : and ,. */
static void escaped(FILE *out, const char *text, bool property)
{
    for (const char *p = text; *p; p++) {
        if (*p == '%')
            fputs("%25", out);
        else if (*p == '\r')
            fputs("%0D", out);
        else if (*p == '\n')
            fputs("%0A", out);
        else if (property && *p == ':')
            fputs("%3A", out);
        else if (property && *p == ',')
            fputs("%2C", out);
        else
            fputc(*p, out);
    }
}

static const char *command_for(rc_severity severity)
{
    switch (severity) {
    case RC_SEVERITY_ERROR:
        return "error";
    case RC_SEVERITY_WARNING:
        return "warning";
    default:
        return "notice";
    }
}

bool rc_report_github(FILE *out, const rc_result *result, const rc_report_options *options)
{
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->suppression)
            continue;
        fprintf(out, "::%s file=", command_for(f->severity));
        escaped(out, f->path, true);
        fprintf(out, ",line=%u,col=%u,title=", (unsigned)f->line, (unsigned)f->column);
        escaped(out, f->rule->id, true);
        fputc(' ', out);
        escaped(out, f->rule->name, true);
        fputs("::", out);
        escaped(out, f->message, false);
        fputc('\n', out);
    }
    /* The verdict as the last annotation, so the run's summary shows it too. */
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    rc_buf reason = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &reason);
    fprintf(out, "::%s title=readyctl: %s (score %s)::",
            s.ready || s.state == RC_RELEASE_NOTHING_JUDGED ? "notice" : "error", s.verdict,
            s.score_text);
    escaped(out, rc_buf_str(&reason), false);
    if (s.skipped_text[0]) {
        fputs(" Skipped: ", out);
        escaped(out, s.skipped_text, false);
        fputc('.', out);
    }
    fputc('\n', out);
    rc_buf_release(&reason);
    return !ferror(out);
}

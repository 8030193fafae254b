#include "report/signoff.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void rc_signoff_summarise(const rc_result *result, const rc_report_options *options,
                          rc_signoff *out)
{
    memset(out, 0, sizeof *out);
    out->ready = options->exit_code == 0;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->suppression)
            out->suppressed++;
        else if (f->severity == RC_SEVERITY_ERROR)
            out->errors++;
        else if (f->severity == RC_SEVERITY_WARNING)
            out->warnings++;
        else
            out->notes++;
    }
    double rounded = round(result->score * 10.0) / 10.0;
    snprintf(out->score_text, sizeof out->score_text,
             rounded == floor(rounded) ? "%.0f" : "%.1f", rounded);
}

const char *rc_signoff_mark(rc_verdict_state state)
{
    switch (state) {
    case RC_VERDICT_PASS:
        return "✅";
    case RC_VERDICT_FAIL:
        return "❌";
    case RC_VERDICT_NA:
        break;
    }
    return "➖";
}

bool rc_signoff_counts(const rc_finding *finding, const rc_checklist_item *item)
{
    return !finding->suppression && finding->severity >= RC_SEVERITY_WARNING &&
           finding->rule->checklist && strcmp(finding->rule->checklist, item->id) == 0;
}

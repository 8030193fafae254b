/* signoff.h - what the sign-off formats (checklist, html) share: the verdict line, counts,
 * the score as text, and which findings count against an item. Plain values; nothing owned. */
#ifndef RC_SIGNOFF_H
#define RC_SIGNOFF_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"

typedef struct rc_signoff {
    bool ready;          /* the run's exit code was 0 */
    size_t errors, warnings, notes, suppressed;
    char score_text[16]; /* "86.4" or "100" */
} rc_signoff;

void rc_signoff_summarise(const rc_result *result, const rc_report_options *options,
                          rc_signoff *out);
/* ✅ pass, ❌ fail, ➖ n/a */
const char *rc_signoff_mark(rc_verdict_state state);
/* An unsuppressed finding at warning or above of a rule that decides ITEM. */
bool rc_signoff_counts(const rc_finding *finding, const rc_checklist_item *item);

#endif

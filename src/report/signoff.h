/* signoff.h - what every format shares about the one verdict (DESIGN.md §5): the verdict
 * word, counts, the score as text, what was skipped, and the record of what was signed
 * (chart, values files, versions, profile, requirements, date).
 * Plain values and writers; nothing owned beyond a call. */
#ifndef RC_SIGNOFF_H
#define RC_SIGNOFF_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"
#include "util/buf.h"

typedef struct rc_signoff {
    rc_release_state state;
    const char *verdict;  /* "READY", "NOT READY", "INPUT ERROR", "NOTHING JUDGED" */
    bool ready;           /* exit 0 with something judged */
    size_t errors, warnings, notes, suppressed;
    char score_text[16];  /* "86.4", "100", or "n/a" when no item applied */
    char skipped_text[512]; /* "3 × helm test hook (helm.sh/hook: test)", or "" */
    char scope_text[640];   /* what was not fully judged, for the sign-off header:
                               "skipped: ... · 2 helm hooks judged by object rules only" */
} rc_signoff;

void rc_signoff_summarise(const rc_result *result, const rc_report_options *options,
                          rc_signoff *out);
/* ✅ pass, ⚠️ warn, ❌ fail, ➖ n/a */
const char *rc_signoff_mark(rc_verdict_state state);
/* An unsuppressed finding at warning or above of a rule that decides ITEM. */
bool rc_signoff_counts(const rc_finding *finding, const rc_checklist_item *item);
/* Why the verdict is what it is, one sentence (a run that judged nothing says what was
 * skipped and why instead). */
void rc_signoff_reason(const rc_result *result, const rc_signoff *s, rc_buf *out);

/* One line of the record of what was signed. */
typedef struct rc_signoff_field {
    const char *label;
    const char *value;
} rc_signoff_field;

enum { RC_SIGNOFF_FIELDS = 9 };

/* Fills FIELDS with the record (empty values left out); texts live in STORAGE, which the
 * caller releases. Returns how many fields were filled. */
size_t rc_signoff_record(const rc_result *result, rc_signoff_field *fields, rc_buf *storage);
/* NODE as one line of YAML flow style ({a: 1, b: [x, y]}), for the declared requirements. */
bool rc_signoff_flow(const rc_node *node, rc_buf *out);

#endif

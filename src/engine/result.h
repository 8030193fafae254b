/* result.h - what one lint run concluded, as reports read it: findings in a stable order,
 * the checklist verdicts with their evidence, and the score. Owned by the run (run.h); all
 * pointers stay valid until rc_run_free. */
#ifndef RC_RESULT_H
#define RC_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/finding.h"
#include "rules/pack.h"

typedef enum rc_verdict_state {
    RC_VERDICT_PASS,
    RC_VERDICT_FAIL,
    RC_VERDICT_NA,
} rc_verdict_state;

typedef struct rc_verdict {
    const rc_checklist_item *item;
    rc_verdict_state state;
    size_t finding_count;       /* unsuppressed findings at or above warning */
    const char **passed;        /* objects examined by the item's rules with no such finding */
    size_t passed_count;
    const char **failed;        /* objects with such findings */
    size_t failed_count;
} rc_verdict;

/* An object a rule judged (for evidence and per-object test reports). */
typedef struct rc_examined {
    const rc_rule *rule;
    const char *object;
} rc_examined;

typedef struct rc_result {
    const rc_pack *pack;
    const rc_finding *findings; /* sorted by path, line, column, rule id, message */
    size_t finding_count;
    const rc_verdict *verdicts; /* checklist order */
    size_t verdict_count;
    const rc_examined *examined; /* sorted by rule id, then object; no duplicates */
    size_t examined_count;
    double score;               /* 0-100 over applicable items; 100 when none applies */
    size_t input_errors;        /* unreadable files and unparsable documents */
    size_t input_count;
    size_t document_count;
    size_t object_count;
    const char *profile;        /* "dev" or "prod" */
} rc_result;

const char *rc_verdict_name(rc_verdict_state state);
/* Highest severity among unsuppressed findings; RC_SEVERITY_NONE when there is none. */
rc_severity rc_result_max_severity(const rc_result *result);

#endif

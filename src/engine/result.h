/* result.h - what one lint run concluded, as reports read it: findings in a stable order,
 * the checklist verdicts with their evidence, and the score. Owned by the run (run.h); all
 * pointers stay valid until rc_run_free. */
#ifndef RC_RESULT_H
#define RC_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "config/requirements.h"
#include "engine/finding.h"
#include "rules/pack.h"

typedef enum rc_verdict_state {
    RC_VERDICT_PASS, /* no unsuppressed warning or error */
    RC_VERDICT_WARN, /* unsuppressed warnings, no error */
    RC_VERDICT_FAIL, /* an unsuppressed error */
    RC_VERDICT_NA,   /* nothing in scope, or its requirement not declared (see na_reason) */
} rc_verdict_state;

/* The one verdict on the release (DESIGN.md §5), which every output shows. */
typedef enum rc_release_state {
    RC_RELEASE_READY,          /* exit 0 */
    RC_RELEASE_NOT_READY,      /* exit 1: a finding at or above --fail-on, or a low score */
    RC_RELEASE_INPUT_ERROR,    /* exit 3: some input could not be read or parsed */
    RC_RELEASE_NOTHING_JUDGED, /* exit 0, with a note on what was skipped and why */
} rc_release_state;

/* An input document or object that was not judged, and why. */
typedef struct rc_skipped {
    const char *what;   /* "Pod/rel-podinfo-grpc-test" or "document 3 of values.yaml" */
    const char *path;   /* template (`# Source:`) or input path */
    uint32_t line;
    const char *reason;
} rc_skipped;

typedef struct rc_verdict {
    const rc_checklist_item *item;
    rc_verdict_state state;
    const char *na_reason;      /* why the item is n/a; NULL otherwise */
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
    bool judged;                /* an item applied or a finding was made */
    bool scored;                /* an item applied: SCORE means something */
    double score;               /* 0-100 over applicable items; 0 when nothing was judged */
    rc_release_state state;
    int exit_code;              /* DESIGN.md §7, agreeing with STATE */
    size_t input_errors;        /* unreadable files and unparsable documents */
    size_t input_count;
    size_t document_count;
    size_t object_count;        /* objects judged (skipped ones not counted) */
    const rc_skipped *skipped;  /* in input order */
    size_t skipped_count;
    size_t hook_count;          /* lifecycle hooks, judged by object rules only */
    const char *profile;
    rc_severity fail_on;
    double min_score;
    /* What was signed (the sign-off formats record it). */
    const char *chart_name;     /* from `# Source:` and helm.sh/chart labels; NULL: unknown */
    const char *chart_version;
    const char *const *values_files;
    size_t values_count;
    const char *config_path;
    const char *pack_version;
    const char *date;
    const rc_requirements *requirements; /* NULL: none declared */
} rc_result;

const char *rc_verdict_name(rc_verdict_state state);
/* "READY", "NOT READY", "INPUT ERROR", "NOTHING JUDGED". */
const char *rc_release_state_name(rc_release_state state);
/* Highest severity among unsuppressed findings; RC_SEVERITY_NONE when there is none. */
rc_severity rc_result_max_severity(const rc_result *result);

#endif

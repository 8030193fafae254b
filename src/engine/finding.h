/* finding.h - one result of one rule, positioned twice: where the user acts (the template
 * file named by `# Source:`, else the input file) and where it is in the input stream.
 * Findings are owned by the run's result; every string is borrowed from the run. */
#ifndef RC_FINDING_H
#define RC_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "rules/rule.h"

typedef enum rc_suppression_kind {
    RC_SUPPRESSED_NOT,
    RC_SUPPRESSED_IN_SOURCE, /* an annotation on the object */
    RC_SUPPRESSED_EXTERNAL,  /* .readyctl.yaml or a baseline */
} rc_suppression_kind;

typedef struct rc_finding {
    const rc_rule *rule;
    rc_severity severity;
    const char *message;      /* a full sentence */
    const char *path;         /* template path from `# Source:`, else the input path */
    uint32_t line;            /* 1-based, in PATH: the template's own line when --chart-root
                                 located it, else the line in the rendered document */
    uint32_t rendered_line;   /* for helm output: the line in the rendered document; else 0 */
    uint32_t column;
    const char *input;        /* the input as named by the user */
    uint32_t input_line;      /* 1-based, in the input stream */
    uint32_t input_column;
    const char *object;       /* "Deployment/backend", or NULL (e.g. a parse error) */
    const char *suppression;  /* why it is suppressed, or NULL when it counts */
    rc_suppression_kind suppression_kind;
    const char *fingerprint;  /* stable identity across runs (see rc_run_execute) */
    /* Where the value the finding is about is set (with the chart on disk, when the template
     * line reads `.Values.<key>`): the last of the chart's values.yaml files and the
     * --values files that sets the key; path NULL when not known. */
    const char *values_path;
    const char *values_key;   /* as the top chart's values see it: "notification.resources" */
    uint32_t values_line;
    uint32_t values_column;
} rc_finding;

#endif

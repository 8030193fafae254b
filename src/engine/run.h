/* run.h - one lint run: gather inputs, split and parse documents, build object views, run
 * the rule pack, collect findings, score the checklist.
 *
 * Ownership: rc_run_create borrows PACK and OPTIONS (both must outlive the run); the run owns
 * every document, object, finding and verdict, all freed by rc_run_free.
 * Errors: input problems are not errors of the run: they become input-error findings (and a
 * line on the ERRORS stream) while everything else is still linted. rc_run_execute returns
 * false only when memory runs out. */
#ifndef RC_RUN_H
#define RC_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/baseline.h"
#include "engine/result.h"
#include "input/limits.h"
#include "rules/pack.h"

typedef struct rc_run_options {
    const char *const *paths; /* files or directories; "-" reads STDIN_STREAM */
    size_t path_count;
    FILE *stdin_stream;
    FILE *errors;             /* where input problems are echoed; NULL for silence */
    bool objects_only;        /* --scope objects: skip release rules */
    const char *profile;      /* "dev" or "prod" */
    const rc_baseline *baseline; /* findings to report as suppressed; may be NULL */
    const char *const *exclude;  /* path patterns (fnmatch) of inputs and templates to skip */
    size_t exclude_count;
    const char *chart_root;      /* the rendered chart's directory: map `# Source:` paths */
    const char *const *docs;     /* --docs: operations documents (files or directories) */
    size_t docs_count;
    bool find_chart;             /* without CHART_ROOT, look for the chart in the working
                                    directory (".", or "./<chart name>") */
    rc_limits limits;
    size_t jobs;              /* threads parsing documents; 0 or 1: parse on the caller's */
} rc_run_options;

typedef struct rc_run rc_run;

rc_run *rc_run_create(const rc_pack *pack, const rc_run_options *options);
bool rc_run_execute(rc_run *run);
const rc_result *rc_run_result(const rc_run *run);
void rc_run_free(rc_run *run);

#endif

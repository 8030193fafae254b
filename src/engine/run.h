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

#include "config/requirements.h"
#include "engine/baseline.h"
#include "engine/result.h"
#include "input/limits.h"
#include "model/object.h"
#include "rules/pack.h"

/* Called once, while inputs are read, when the rendered chart's directory is found from a
 * `# Source:` path (not for --chart-root, which the caller already knows), before that
 * document is excluded or parsed: the caller may then change EXCLUDE in its options. */
typedef void (*rc_chart_found_fn)(void *user, const char *chart_dir);

/* Called once, before the first rule runs: the caller fixes PACK's rules and the options that
 * judge (profile, requirements, verdict thresholds, recorded fields) here, and changes them no
 * more. Under rc_run_execute that is while inputs are read, as soon as the settings can no
 * longer change (the chart, when looked for, has been searched for), so that each document's
 * object rules run on its parsing thread right after its parse, while its nodes are in cache;
 * otherwise at rc_run_judge. False refuses: no rule runs, and rc_run_judge and rc_run_execute
 * return false (rc_run_settled tells why). */
typedef bool (*rc_settle_fn)(void *user);

typedef struct rc_run_options {
    const char *const *paths; /* files or directories; "-" reads STDIN_STREAM */
    size_t path_count;
    FILE *stdin_stream;
    FILE *errors;             /* where input problems are echoed; NULL for silence */
    bool objects_only;        /* --scope objects: skip release rules */
    const char *profile;      /* the profile in force (the first of PROFILE_LINEAGE) */
    const char *const *profile_lineage; /* the profile, then those it extends */
    size_t profile_lineage_count;
    const rc_requirements *requirements; /* declared requirements; NULL: none declared */
    bool include_hooks;       /* judge helm test hooks, and lifecycle hooks by every rule */
    rc_severity fail_on;      /* NOT READY at a finding this severe (NONE: never) */
    double min_score;         /* NOT READY under this score */
    const rc_baseline *baseline; /* findings to report as suppressed; may be NULL */
    const char *const *exclude;  /* path patterns (fnmatch) of inputs and templates to skip */
    size_t exclude_count;
    const char *chart_root;      /* the rendered chart's directory: map `# Source:` paths */
    const char *const *docs;     /* --docs: operations documents (files or directories) */
    size_t docs_count;
    bool find_chart;             /* without CHART_ROOT, look for the chart in the working
                                    directory (".", or "./<chart name>") */
    rc_limits limits;
    size_t jobs;              /* threads parsing documents and running rules; 0 or 1: all on
                                 the caller's */
    rc_chart_found_fn chart_found; /* may be NULL */
    void *chart_found_user;
    rc_settle_fn settle;      /* may be NULL: the options are final when the run starts */
    void *settle_user;
    /* Recorded by the sign-off formats, not used to judge. */
    const char *const *values_files; /* the values files given to helm, in order */
    size_t values_count;
    const char *config_path;  /* the .readyctl.yaml in force, or NULL */
    const char *pack_version; /* rc_pack_version */
    const char *date;         /* YYYY-MM-DD of the run */
} rc_run_options;

typedef struct rc_run rc_run;

rc_run *rc_run_create(const rc_pack *pack, const rc_run_options *options);
/* Reads, splits and parses every input; runs no rule. Afterwards the caller may still change
 * PACK's rules and the options' profile, requirements, verdict thresholds and recorded fields
 * before rc_run_judge. */
bool rc_run_load(rc_run *run);
/* The objects loaded (after rc_run_load): the release's, then lifecycle hooks; test hooks
 * skipped unless included. Borrowed from the run. */
const rc_object *rc_run_objects(const rc_run *run, size_t *count);
/* Inputs that could not be read or parsed so far (each also reported on ERRORS). */
size_t rc_run_input_errors(const rc_run *run);
/* The rendered chart's directory (given or found while loading), or NULL. */
const char *rc_run_chart_root(const rc_run *run);
/* Runs the rules, scores the checklist and reaches the verdict. */
bool rc_run_judge(rc_run *run);
/* rc_run_load then rc_run_judge, with each document's object rules run as it is parsed once
 * the options are settled (rc_settle_fn). */
bool rc_run_execute(rc_run *run);
/* Whether OPTIONS' settle callback was called and agreed (true also when there is none and
 * the rules have run); false before any rule ran or when it refused. */
bool rc_run_settled(const rc_run *run);
const rc_result *rc_run_result(const rc_run *run);
void rc_run_free(rc_run *run);

#endif

/* cli.h - the command line: one option table next to the help text, parsed into rc_cli, and
 * the commands that act on it. main.c is only parse-then-dispatch.
 *
 * Ownership: rc_cli borrows strings from argv; outputs are heap arrays freed by
 * rc_cli_release. Errors: rc_cli_parse returns false and prints the problem on stderr (the
 * caller exits 2). Commands return the process exit code (DESIGN.md §6). */
#ifndef RC_CLI_H
#define RC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rules/rule.h"

enum {
    RC_EXIT_READY = 0,
    RC_EXIT_NOT_READY = 1,
    RC_EXIT_USAGE = 2,
    RC_EXIT_INPUT = 3,
};

typedef enum rc_command {
    RC_COMMAND_LINT,
    RC_COMMAND_RULES,
    RC_COMMAND_EXPLAIN,
    RC_COMMAND_INIT,
    RC_COMMAND_HELP,
    RC_COMMAND_VERSION,
} rc_command;

typedef enum rc_color_mode {
    RC_COLOR_AUTO,
    RC_COLOR_ALWAYS,
    RC_COLOR_NEVER,
} rc_color_mode;

typedef struct rc_cli_output {
    const char *format;
    const char *file;     /* NULL: standard output */
} rc_cli_output;

typedef struct rc_cli {
    rc_command command;
    const char **paths;
    size_t path_count;
    rc_cli_output *outputs;
    size_t output_count;
    const char *rules_path;
    rc_severity fail_on;
    double min_score;
    bool objects_only;
    const char *profile;
    rc_color_mode color;
    const char *explain_id;
    const char *config_path;   /* -c FILE; NULL: look for .readyctl.yaml upward */
    bool no_config;
    const char *baseline_path;
    const char *category;      /* SARIF automationDetails.id */
    const char *chart_root;    /* directory of the chart helm rendered */
    size_t jobs;               /* 0: one per online CPU */
    const char *source_root;   /* --source-root */
    const char **docs;         /* --docs, repeatable */
    size_t docs_count;
    const char **exclude;      /* --exclude, repeatable; added to .readyctl.yaml's */
    size_t exclude_count;
    const char **values;       /* -f/--values, repeatable: recorded in sign-off reports */
    size_t values_count;
    bool include_hooks;        /* --include-hooks */
    /* Which settings the command line gave, so .readyctl.yaml fills only the others. */
    bool set_fail_on, set_min_score, set_profile;
} rc_cli;

bool rc_cli_parse(rc_cli *cli, int argc, char **argv, FILE *errors);
void rc_cli_release(rc_cli *cli);
/* The usage text, generated from the option and command tables. */
void rc_cli_print_help(FILE *out);

int rc_cli_run(const rc_cli *cli);

#endif

/* options.c - the option table, its parser and the help text generated from it. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"

typedef enum option_id {
    OPT_BASELINE,
    OPT_CATEGORY,
    OPT_CHART_ROOT,
    OPT_CONFIG,
    OPT_DOCS,
    OPT_EXCLUDE,
    OPT_NO_CONFIG,
    OPT_OUTPUT,
    OPT_RULES,
    OPT_FAIL_ON,
    OPT_MIN_SCORE,
    OPT_SCOPE,
    OPT_SOURCE_ROOT,
    OPT_PROFILE,
    OPT_COLOR,
    OPT_HELP,
    OPT_INCLUDE_HOOKS,
    OPT_JOBS,
    OPT_VALUES,
    OPT_VERSION,
} option_id;

typedef struct option_spec {
    option_id id;
    char short_name;     /* 0: none */
    const char *long_name;
    const char *arg;     /* NULL: a flag */
    const char *help;
} option_spec;

/* Sorted by long name; docs/cli.md and a test keep this table and the help in step. */
static const option_spec options[] = {
    {OPT_BASELINE, 0, "baseline", "FILE",
     "report findings already in FILE (an earlier SARIF output) as suppressed"},
    {OPT_CATEGORY, 0, "category", "ID", "SARIF automationDetails.id, to tell runs apart"},
    {OPT_CHART_ROOT, 0, "chart-root", "DIR",
     "directory of the chart helm rendered: findings name its template files and lines "
     "(default: ./<chart> or . when it holds the chart named by `# Source:`)"},
    {OPT_COLOR, 0, "color", "WHEN", "colour text output: auto (on a terminal), always, never"},
    {OPT_CONFIG, 'c', "config", "FILE",
     "project settings (default: the rendered chart's own .readyctl.yaml, given with "
     "--chart-root or found from `# Source:`; else the first .readyctl.yaml from the working "
     "directory upward)"},
    {OPT_DOCS, 0, "docs", "PATH",
     "operations docs (Markdown file or directory) for the backup checks; repeatable "
     "(default: the chart's docs/)"},
    {OPT_EXCLUDE, 0, "exclude", "PATTERN",
     "skip inputs and helm templates whose path matches PATTERN (shell pattern, * spans /); "
     "repeatable"},
    {OPT_FAIL_ON, 0, "fail-on", "LEVEL",
     "exit 1 on a finding at or above LEVEL: error (default), warning, note, none"},
    {OPT_HELP, 'h', "help", NULL, "show this help and exit"},
    {OPT_INCLUDE_HOOKS, 0, "include-hooks", NULL,
     "judge helm test hooks (skipped by default) and judge lifecycle hooks by every rule (by "
     "default only by the resources, secrets and security rules)"},
    {OPT_JOBS, 'j', "jobs", "N", "parse documents and run rules on N threads (default: one per CPU)"},
    {OPT_MIN_SCORE, 0, "min-score", "N", "exit 1 when the checklist score is under N (0-100)"},
    {OPT_NO_CONFIG, 0, "no-config", NULL, "ignore .readyctl.yaml"},
    {OPT_OUTPUT, 'o', "output", "FORMAT[=FILE]",
     "write FORMAT (text, json, sarif, junit, github, checklist, html) to FILE or standard "
     "output; repeatable"},
    {OPT_PROFILE, 0, "profile", "NAME",
     "severities and parameters for an environment: prod (default), dev, or a profile of "
     ".readyctl.yaml"},
    {OPT_RULES, 'r', "rules", "PATH", "use the rule pack at PATH (file or directory)"},
    {OPT_SCOPE, 0, "scope", "SCOPE",
     "all (default): object and release rules; objects: object rules only"},
    {OPT_SOURCE_ROOT, 0, "source-root", "DIR",
     "SARIF file locations relative to DIR, the repository root (default: as given)"},
    {OPT_VALUES, 'f', "values", "FILE",
     "a values file given to helm, recorded in the sign-off reports; repeatable, in helm's "
     "order"},
    {OPT_VERSION, 'V', "version", NULL, "print the version and exit"},
};

static const struct {
    const char *usage;
    const char *help;
} commands[] = {
    {"readyctl [OPTIONS] [PATH...]",
     "lint manifests and configuration (files, directories, - for standard input)"},
    {"readyctl rules [--profile NAME]",
     "list the rules with their checklist items and the profile's severities"},
    {"readyctl explain RULE-ID", "show a rule's documentation"},
    {"readyctl init [RENDER|CHART]",
     "write a commented .readyctl.yaml (or -c FILE), guessing the services from a render "
     "(file or standard input) or a chart directory; never overwrites"},
};

/* Prints TEXT from column 36, wrapped at word boundaries before column 100. */
static void print_wrapped(FILE *out, const char *text)
{
    enum { INDENT = 35, WIDTH = 100 };
    size_t column = INDENT;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (column > INDENT && column + 1 + word > WIDTH) {
            fprintf(out, "\n%*s", INDENT, "");
            column = INDENT;
        } else if (column > INDENT) {
            fputc(' ', out);
            column++;
        }
        fwrite(text, 1, word, out);
        column += word;
        text += word;
        while (*text == ' ')
            text++;
    }
    fputc('\n', out);
}

void rc_cli_print_help(FILE *out)
{
    fputs("readyctl - production-readiness linter for Kubernetes releases\n\nUsage:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    {
        fprintf(out, "  %-32s ", commands[i].usage);
        print_wrapped(out, commands[i].help);
    }
    fputs("\nOptions:\n", out);
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        char left[64];
        const option_spec *o = &options[i];
        char short_part[8] = "    ";
        if (o->short_name)
            snprintf(short_part, sizeof short_part, "-%c, ", o->short_name);
        snprintf(left, sizeof left, "%s--%s%s%s", short_part, o->long_name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        fprintf(out, "  %-32s ", left);
        print_wrapped(out, o->help);
    }
    fputs("\nExit codes:\n"
          "  0  READY: no finding at or above --fail-on (default error: no checklist item\n"
          "     fails) and score >= --min-score; or NOTHING JUDGED, with a note on what\n"
          "     was skipped and why\n"
          "  1  NOT READY\n"
          "  2  usage or configuration error: nothing was linted\n"
          "  3  INPUT ERROR: empty standard input, or some input could not be read or\n"
          "     parsed; the rest was linted\n",
          out);
}

static bool add_output(rc_cli *cli, const char *spec, FILE *errors)
{
    const char *eq = strchr(spec, '=');
    size_t name_len = eq ? (size_t)(eq - spec) : strlen(spec);
    char name[32];
    if (name_len == 0 || name_len >= sizeof name) {
        fprintf(errors, "readyctl: --output: unknown format \"%s\"\n", spec);
        return false;
    }
    memcpy(name, spec, name_len);
    name[name_len] = '\0';
    const rc_report_format *format = rc_report_find(name);
    if (!format) {
        fprintf(errors, "readyctl: --output: unknown format \"%s\"\n", name);
        return false;
    }
    if (eq && !eq[1]) {
        fprintf(errors, "readyctl: --output %s=: empty file name\n", name);
        return false;
    }
    rc_cli_output *grown = realloc(cli->outputs, (cli->output_count + 1) * sizeof *grown);
    if (!grown)
        return false;
    cli->outputs = grown;
    cli->outputs[cli->output_count].format = format->name;
    cli->outputs[cli->output_count].file = eq ? eq + 1 : NULL;
    cli->output_count++;
    return true;
}

static bool push_string(const char ***items, size_t *count, const char *value)
{
    const char **grown = realloc(*items, (*count + 1) * sizeof *grown);
    if (!grown)
        return false;
    *items = grown;
    grown[(*count)++] = value;
    return true;
}

static bool apply_option(rc_cli *cli, const option_spec *o, const char *value, FILE *errors)
{
    switch (o->id) {
    case OPT_OUTPUT:
        return add_output(cli, value, errors);
    case OPT_RULES:
        cli->rules_path = value;
        return true;
    case OPT_BASELINE:
        cli->baseline_path = value;
        return true;
    case OPT_CATEGORY:
        cli->category = value;
        return true;
    case OPT_CHART_ROOT:
        cli->chart_root = value;
        return true;
    case OPT_SOURCE_ROOT:
        cli->source_root = value;
        return true;
    case OPT_CONFIG:
        cli->config_path = value;
        return true;
    case OPT_DOCS:
        return push_string(&cli->docs, &cli->docs_count, value);
    case OPT_EXCLUDE:
        return push_string(&cli->exclude, &cli->exclude_count, value);
    case OPT_NO_CONFIG:
        cli->no_config = true;
        return true;
    case OPT_FAIL_ON:
        if (rc_severity_parse(value, true, &cli->fail_on))
            return cli->set_fail_on = true;
        fprintf(errors, "readyctl: --fail-on: expected error, warning, note or none, not \"%s\"\n",
                value);
        return false;
    case OPT_MIN_SCORE: {
        char *end;
        double score = strtod(value, &end);
        if (*value && !*end && score >= 0 && score <= 100) {
            cli->min_score = score;
            return cli->set_min_score = true;
        }
        fprintf(errors, "readyctl: --min-score: expected a number from 0 to 100, not \"%s\"\n",
                value);
        return false;
    }
    case OPT_SCOPE:
        if (strcmp(value, "objects") == 0 || strcmp(value, "all") == 0) {
            cli->objects_only = strcmp(value, "objects") == 0;
            return true;
        }
        fprintf(errors, "readyctl: --scope: expected objects or all, not \"%s\"\n", value);
        return false;
    case OPT_PROFILE:
        if (value[0]) {
            cli->profile = value;
            return cli->set_profile = true;
        }
        fprintf(errors, "readyctl: --profile: expected a profile name\n");
        return false;
    case OPT_VALUES:
        return push_string(&cli->values, &cli->values_count, value);
    case OPT_INCLUDE_HOOKS:
        cli->include_hooks = true;
        return true;
    case OPT_COLOR:
        if (strcmp(value, "auto") == 0)
            cli->color = RC_COLOR_AUTO;
        else if (strcmp(value, "always") == 0)
            cli->color = RC_COLOR_ALWAYS;
        else if (strcmp(value, "never") == 0)
            cli->color = RC_COLOR_NEVER;
        else {
            fprintf(errors, "readyctl: --color: expected auto, always or never, not \"%s\"\n",
                    value);
            return false;
        }
        return true;
    case OPT_HELP:
        cli->command = RC_COMMAND_HELP;
        return true;
    case OPT_JOBS: {
        char *end;
        long jobs = strtol(value, &end, 10);
        if (*value && !*end && jobs >= 1 && jobs <= 64) {
            cli->jobs = (size_t)jobs;
            return true;
        }
        fprintf(errors, "readyctl: --jobs: expected a number from 1 to 64, not \"%s\"\n", value);
        return false;
    }
    case OPT_VERSION:
        cli->command = RC_COMMAND_VERSION;
        return true;
    }
    return false;
}

static const option_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        if (strlen(options[i].long_name) == len && memcmp(options[i].long_name, name, len) == 0)
            return &options[i];
    }
    return NULL;
}

static const option_spec *find_short(char name)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        if (options[i].short_name == name)
            return &options[i];
    }
    return NULL;
}

static bool add_path(rc_cli *cli, const char *path)
{
    const char **grown = realloc(cli->paths, (cli->path_count + 1) * sizeof *grown);
    if (!grown)
        return false;
    cli->paths = grown;
    cli->paths[cli->path_count++] = path;
    return true;
}

/* Parses one option at argv[*i]; advances *i past a separate value. */
static bool parse_option(rc_cli *cli, int argc, char **argv, int *i, FILE *errors)
{
    const char *arg = argv[*i];
    const option_spec *o;
    const char *value = NULL;
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        o = find_long(name, eq ? (size_t)(eq - name) : strlen(name));
        if (!o) {
            fprintf(errors, "readyctl: unknown option %s (see readyctl --help)\n", arg);
            return false;
        }
        if (eq && !o->arg) {
            fprintf(errors, "readyctl: option --%s takes no value\n", o->long_name);
            return false;
        }
        value = eq ? eq + 1 : NULL;
    } else {
        o = find_short(arg[1]);
        if (!o || (!o->arg && arg[2])) {
            fprintf(errors, "readyctl: unknown option %s (see readyctl --help)\n", arg);
            return false;
        }
        value = o->arg && arg[2] ? arg + 2 : NULL;
    }
    if (o->arg && !value) {
        if (*i + 1 >= argc) {
            fprintf(errors, "readyctl: option --%s needs a value (%s)\n", o->long_name, o->arg);
            return false;
        }
        value = argv[++*i];
    }
    return apply_option(cli, o, value, errors);
}

bool rc_cli_parse(rc_cli *cli, int argc, char **argv, FILE *errors)
{
    memset(cli, 0, sizeof *cli);
    cli->command = RC_COMMAND_LINT;
    cli->fail_on = RC_SEVERITY_ERROR;
    cli->profile = "prod";
    bool only_paths = false, first_word = true;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_paths && strcmp(arg, "--") == 0) {
            only_paths = true;
        } else if (!only_paths && arg[0] == '-' && arg[1]) {
            if (!parse_option(cli, argc, argv, &i, errors))
                return false;
        } else if (first_word && cli->command == RC_COMMAND_LINT && strcmp(arg, "rules") == 0) {
            cli->command = RC_COMMAND_RULES;
        } else if (first_word && cli->command == RC_COMMAND_LINT &&
                   strcmp(arg, "explain") == 0) {
            cli->command = RC_COMMAND_EXPLAIN;
        } else if (first_word && cli->command == RC_COMMAND_LINT && strcmp(arg, "init") == 0) {
            cli->command = RC_COMMAND_INIT;
        } else if (cli->command == RC_COMMAND_EXPLAIN && !cli->explain_id) {
            cli->explain_id = arg;
        } else if (cli->command == RC_COMMAND_LINT || cli->command == RC_COMMAND_INIT) {
            if (!add_path(cli, arg))
                return false;
        } else {
            fprintf(errors, "readyctl: unexpected argument \"%s\"\n", arg);
            return false;
        }
        if (arg[0] != '-')
            first_word = false;
    }
    if (cli->command == RC_COMMAND_EXPLAIN && !cli->explain_id) {
        fprintf(errors, "readyctl: explain needs a rule id (see readyctl rules)\n");
        return false;
    }
    return true;
}

void rc_cli_release(rc_cli *cli)
{
    free(cli->paths);
    free(cli->outputs);
    free(cli->docs);
    free(cli->exclude);
    free(cli->values);
    memset(cli, 0, sizeof *cli);
}

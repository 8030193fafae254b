/* commands.c - what each command does once the options are parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config.h"
#include "engine/baseline.h"
#include "engine/run.h"
#include "report/report.h"
#include "rules/pack.h"
#include "rules/template.h"

static void print_diag(const rc_diag *diag, const char *what)
{
    if (diag->line)
        fprintf(stderr, "readyctl: %s:%u:%u: %s: %s\n", diag->file, (unsigned)diag->line,
                (unsigned)diag->column, what, diag->message);
    else
        fprintf(stderr, "readyctl: %s: %s: %s\n", diag->file ? diag->file : "?", what,
                diag->message);
}

static bool load_pack(const rc_cli *cli, rc_pack *pack)
{
    rc_diag diag = {0};
    rc_pack_init(pack);
    bool ok = cli->rules_path ? rc_pack_load_path(pack, cli->rules_path, &diag)
                              : rc_pack_load_builtin(pack, &diag);
    if (!ok)
        print_diag(&diag, "bad rule pack");
    return ok;
}

/* Finds and loads .readyctl.yaml (or -c FILE), applies it to PACK, and fills the settings
 * the command line left unset into *EFFECTIVE. */
static bool load_config(const rc_cli *cli, rc_config *config, rc_pack *pack, rc_cli *effective)
{
    char found[4096];
    const char *path = cli->config_path;
    if (!path && !cli->no_config) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd) && rc_config_find(cwd, found, sizeof found))
            path = found;
    }
    if (!path)
        return true;
    rc_diag diag = {0};
    if (!rc_config_load(config, path, &diag) || !rc_config_apply(config, pack, &diag)) {
        print_diag(&diag, "bad config");
        return false;
    }
    if (config->profile && !cli->set_profile)
        effective->profile = config->profile;
    if (config->has_fail_on && !cli->set_fail_on)
        effective->fail_on = config->fail_on;
    if (config->has_min_score && !cli->set_min_score)
        effective->min_score = config->min_score;
    return true;
}

static int list_rules(const rc_pack *pack)
{
    printf("%-8s %-34s %-8s %-16s %-8s %s\n", "ID", "NAME", "SEVERITY", "CHECKLIST", "SCOPE",
           "SUMMARY");
    for (size_t i = 0; i < pack->rule_count; i++) {
        const rc_rule *r = &pack->rules[i];
        printf("%-8s %-34s %-8s %-16s %-8s %s\n", r->id, r->name,
               r->disabled ? "off" : rc_severity_name(r->severity),
               r->checklist ? r->checklist : "-", rc_scope_name(r->tmpl->scope), r->summary);
    }
    return RC_EXIT_READY;
}

static int explain_rule(const rc_pack *pack, const char *id)
{
    const rc_rule *r = rc_pack_find_rule(pack, id);
    if (!r) {
        fprintf(stderr, "readyctl: no rule \"%s\" (see readyctl rules)\n", id);
        return RC_EXIT_USAGE;
    }
    printf("%s %s\n\n%s\n\n", r->id, r->name, r->summary);
    printf("severity:   %s\nchecklist:  %s\nscope:      %s\ntemplate:   %s\n",
           rc_severity_name(r->severity), r->checklist ? r->checklist : "-",
           rc_scope_name(r->tmpl->scope), r->tmpl->name);
    for (size_t i = 0; i < r->params.count; i++) {
        const rc_param_spec *spec = &r->params.specs[i];
        const rc_param_value *value = &r->params.values[i];
        printf("param:      %s =", spec->name);
        if (spec->type == RC_PARAM_INT)
            printf(" %lld", value->integer);
        else if (spec->type == RC_PARAM_BOOL)
            printf(" %s", value->boolean ? "true" : "false");
        else if (spec->type == RC_PARAM_STRING)
            printf(" %s", value->string ? value->string : "");
        else
            for (size_t k = 0; k < value->count; k++)
                printf("%s %s", k ? "," : "", value->strings[k]);
        printf("   (%s)\n", spec->doc);
    }
    printf("\n%s\n\nRemediation:\n%s\n", r->description, r->remediation);
    return RC_EXIT_READY;
}

/* Opens every output file before linting, so a bad path is a usage error (exit 2). */
static bool open_outputs(const rc_cli *cli, FILE **streams)
{
    for (size_t i = 0; i < cli->output_count; i++) {
        streams[i] = stdout;
        if (!cli->outputs[i].file || strcmp(cli->outputs[i].file, "-") == 0)
            continue;
        streams[i] = fopen(cli->outputs[i].file, "w");
        if (!streams[i]) {
            perror(cli->outputs[i].file);
            for (size_t j = 0; j < i; j++)
                if (streams[j] != stdout)
                    fclose(streams[j]);
            return false;
        }
    }
    return true;
}

static int exit_code(const rc_cli *cli, const rc_result *result)
{
    if (result->input_errors)
        return RC_EXIT_INPUT;
    rc_severity max = rc_result_max_severity(result);
    if (cli->fail_on != RC_SEVERITY_NONE && max >= cli->fail_on)
        return RC_EXIT_NOT_READY;
    if (result->score < cli->min_score)
        return RC_EXIT_NOT_READY;
    return RC_EXIT_READY;
}

static int lint(const rc_cli *cli, const rc_pack *pack, const rc_config *config,
                const rc_baseline *baseline)
{
    static const char *const stdin_only[] = {"-"};
    rc_cli_output default_output = {"text", NULL};
    rc_cli effective = *cli;
    if (effective.output_count == 0) {
        effective.outputs = &default_output;
        effective.output_count = 1;
    }
    rc_run_options options = {0};
    options.paths = cli->paths;
    options.path_count = cli->path_count;
    if (cli->path_count == 0) {
        if (isatty(STDIN_FILENO)) {
            fprintf(stderr, "readyctl: no input: give paths or pipe manifests in "
                            "(helm template ... | readyctl); see readyctl --help\n");
            return RC_EXIT_USAGE;
        }
        options.paths = stdin_only;
        options.path_count = 1;
    }
    options.stdin_stream = stdin;
    options.errors = stderr;
    options.objects_only = cli->objects_only;
    options.profile = cli->profile;
    options.baseline = baseline;
    /* Patterns from .readyctl.yaml and from --exclude both apply. */
    const char *exclude[256];
    size_t exclude_count = 0;
    for (size_t i = 0; i < config->exclude_count && exclude_count < 256; i++)
        exclude[exclude_count++] = config->exclude[i];
    for (size_t i = 0; i < cli->exclude_count && exclude_count < 256; i++)
        exclude[exclude_count++] = cli->exclude[i];
    if (config->exclude_count + cli->exclude_count > 256) {
        fprintf(stderr, "readyctl: more than 256 exclude patterns\n");
        return RC_EXIT_USAGE;
    }
    options.exclude = exclude;
    options.exclude_count = exclude_count;
    options.chart_root = cli->chart_root;
    options.find_chart = !cli->chart_root;
    options.docs = cli->docs;
    options.docs_count = cli->docs_count;
    options.jobs = cli->jobs;
    if (options.jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        options.jobs = cpus > 0 ? (size_t)cpus : 1;
    }
    rc_limits_default(&options.limits);

    FILE *streams[64];
    if (effective.output_count > sizeof streams / sizeof streams[0]) {
        fprintf(stderr, "readyctl: too many --output options\n");
        return RC_EXIT_USAGE;
    }
    if (!open_outputs(&effective, streams))
        return RC_EXIT_USAGE;

    char working_dir[4096], source_root[4096];
    bool have_dirs = false;
    if (cli->source_root) {
        if (!getcwd(working_dir, sizeof working_dir) ||
            !realpath(cli->source_root, source_root)) {
            fprintf(stderr, "readyctl: --source-root %s: cannot resolve the directory\n",
                    cli->source_root);
            for (size_t i = 0; i < effective.output_count; i++)
                if (streams[i] != stdout)
                    fclose(streams[i]);
            return RC_EXIT_USAGE;
        }
        have_dirs = true;
    }
    int code = RC_EXIT_USAGE;
    rc_run *run = rc_run_create(pack, &options);
    if (run && rc_run_execute(run)) {
        const rc_result *result = rc_run_result(run);
        code = exit_code(cli, result);
        for (size_t i = 0; i < effective.output_count; i++) {
            rc_report_options report = {0};
            report.exit_code = code;
            report.category = cli->category;
            report.source_root = have_dirs ? source_root : NULL;
            report.working_dir = have_dirs ? working_dir : NULL;
            report.color = cli->color == RC_COLOR_ALWAYS ||
                           (cli->color == RC_COLOR_AUTO && streams[i] == stdout &&
                            isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
            const rc_report_format *format = rc_report_find(effective.outputs[i].format);
            if (!format->write(streams[i], result, &report)) {
                fprintf(stderr, "readyctl: writing %s output failed\n", format->name);
                code = RC_EXIT_USAGE;
            }
        }
    } else {
        fprintf(stderr, "readyctl: out of memory\n");
    }
    rc_run_free(run);
    for (size_t i = 0; i < effective.output_count; i++) {
        if (streams[i] != stdout && fclose(streams[i]) != 0) {
            perror(effective.outputs[i].file);
            code = RC_EXIT_USAGE;
        }
    }
    if (fflush(stdout) != 0)
        code = RC_EXIT_USAGE;
    return code;
}

int rc_cli_run(const rc_cli *cli)
{
    if (cli->command == RC_COMMAND_HELP) {
        rc_cli_print_help(stdout);
        return RC_EXIT_READY;
    }
    if (cli->command == RC_COMMAND_VERSION) {
        printf("readyctl %s\n", READYCTL_VERSION);
        return RC_EXIT_READY;
    }
    rc_pack pack;
    rc_config config;
    rc_baseline baseline = {0};
    rc_cli effective = *cli;
    rc_config_init(&config);
    int code = RC_EXIT_USAGE;
    if (!load_pack(cli, &pack) || !load_config(cli, &config, &pack, &effective))
        goto done;
    if (cli->baseline_path) {
        rc_diag diag = {0};
        if (!rc_baseline_load(&baseline, cli->baseline_path, &diag)) {
            print_diag(&diag, "bad baseline");
            goto done;
        }
    }
    if (cli->command == RC_COMMAND_RULES)
        code = list_rules(&pack);
    else if (cli->command == RC_COMMAND_EXPLAIN)
        code = explain_rule(&pack, cli->explain_id);
    else
        code = lint(&effective, &pack, &config, cli->baseline_path ? &baseline : NULL);
done:
    rc_baseline_release(&baseline);
    rc_config_release(&config);
    rc_pack_release(&pack);
    return code;
}

/* commands.c - what each command does once the options are parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config.h"
#include "config/starter.h"
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

/* The project settings in force for one command, chosen once (DESIGN.md §2): -c FILE;
 * else the rendered chart's own .readyctl.yaml (in --chart-root, or in the chart directory
 * found from `# Source:` while reading input); else the first one found from the working
 * directory upward. One file is used, never a merge of several. */
typedef struct settings {
    rc_config config;
    bool loaded;        /* CONFIG holds a file */
    bool fixed;         /* -c or the chart's own: a chart found later does not replace it */
    bool failed;        /* loading a chart's file found while reading input failed */
    rc_diag diag;
    const rc_cli *cli;
    rc_run_options *options; /* to update exclude when the chart's file replaces another */
    const char *exclude[256];
    /* What settling the run (on_settle) needs and leaves. */
    rc_pack *pack;
    rc_cli *effective;       /* the command line with the file's settings filled in */
    rc_profile_lineage lineage;
    bool refused;            /* the settings could not be applied: said on standard error */
} settings;

static bool load_settings_file(settings *st, const char *path)
{
    rc_config_release(&st->config);
    rc_config_init(&st->config);
    st->loaded = true;
    return rc_config_load(&st->config, path, &st->diag);
}

/* Patterns from the file in force and from --exclude both apply. */
static bool collect_excludes(settings *st, size_t *count)
{
    const rc_cli *cli = st->cli;
    *count = 0;
    if (st->config.exclude_count + cli->exclude_count > 256) {
        fprintf(stderr, "readyctl: more than 256 exclude patterns\n");
        return false;
    }
    for (size_t i = 0; i < st->config.exclude_count; i++)
        st->exclude[(*count)++] = st->config.exclude[i];
    for (size_t i = 0; i < cli->exclude_count; i++)
        st->exclude[(*count)++] = cli->exclude[i];
    return true;
}

static bool find_settings(settings *st, const rc_cli *cli, bool chart_root_first)
{
    char found[4096];
    rc_config_init(&st->config);
    st->cli = cli;
    if (cli->config_path) {
        st->fixed = true;
        return load_settings_file(st, cli->config_path);
    }
    if (cli->no_config)
        return true;
    if (chart_root_first && cli->chart_root &&
        rc_config_in_dir(cli->chart_root, found, sizeof found)) {
        st->fixed = true;
        return load_settings_file(st, found);
    }
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) && rc_config_find(cwd, found, sizeof found)) {
        /* Named relative to the working directory when it is there, as users wrote it. */
        size_t len = strlen(cwd);
        bool here = strncmp(found, cwd, len) == 0 && found[len] == '/';
        return load_settings_file(st, here ? found + len + 1 : found);
    }
    return true;
}

/* rc_chart_found_fn: the chart's own file wins over one found from the working directory. */
static void on_chart_found(void *user, const char *chart_dir)
{
    settings *st = user;
    char found[4096];
    if (st->fixed || st->cli->no_config || !rc_config_in_dir(chart_dir, found, sizeof found))
        return;
    st->fixed = true;
    size_t count;
    if (!load_settings_file(st, found) || !collect_excludes(st, &count)) {
        st->failed = true;
        st->options->exclude_count = st->cli->exclude_count;
        st->options->exclude = st->cli->exclude;
        return;
    }
    st->options->exclude = st->exclude;
    st->options->exclude_count = count;
}

/* Applies the profile and the file's rules to PACK, and fills the settings the command line
 * left unset into *EFFECTIVE. */
static bool apply_settings(settings *st, rc_pack *pack, rc_cli *effective,
                           rc_profile_lineage *lineage)
{
    const rc_config *config = st->loaded ? &st->config : NULL;
    const rc_cli *cli = st->cli;
    if (config && config->profile && !cli->set_profile)
        effective->profile = config->profile;
    if (config && config->has_fail_on && !cli->set_fail_on)
        effective->fail_on = config->fail_on;
    if (config && config->has_min_score && !cli->set_min_score)
        effective->min_score = config->min_score;
    rc_diag diag = {0};
    if (!rc_config_apply(config, pack, effective->profile, lineage, &diag)) {
        if (diag.file)
            print_diag(&diag, "bad config");
        else
            fprintf(stderr, "readyctl: --profile: %s\n", diag.message);
        return false;
    }
    return true;
}

/* rc_settle_fn: the settings in force are final once the run settles (the chart, when looked
 * for, has been found or not); the rules are set up from them then. */
static bool on_settle(void *user)
{
    settings *st = user;
    if (st->failed) {
        print_diag(&st->diag, "bad config");
        st->refused = true;
        return false;
    }
    if (!apply_settings(st, st->pack, st->effective, &st->lineage)) {
        st->refused = true;
        return false;
    }
    rc_run_options *options = st->options;
    options->profile = st->effective->profile;
    options->profile_lineage = st->lineage.names;
    options->profile_lineage_count = st->lineage.count;
    options->fail_on = st->effective->fail_on;
    options->min_score = st->effective->min_score;
    options->requirements = st->loaded ? &st->config.requirements : NULL;
    options->config_path = st->loaded ? st->config.path : NULL;
    return true;
}

static int list_rules(const rc_pack *pack, const char *profile)
{
    /* The severity column is the profile's: `readyctl rules --profile dev` shows dev's. */
    char severity[64];
    snprintf(severity, sizeof severity, "SEVERITY(%s)", profile);
    printf("%-8s %-34s %-14s %-16s %-8s %s\n", "ID", "NAME", severity, "CHECKLIST", "SCOPE",
           "SUMMARY");
    for (size_t i = 0; i < pack->rule_count; i++) {
        const rc_rule *r = &pack->rules[i];
        printf("%-8s %-34s %-14s %-16s %-8s %s\n", r->id, r->name,
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

/* The run's date for the sign-off: SOURCE_DATE_EPOCH when set (reproducible reports), else
 * now; UTC. */
static void run_date(char *out, size_t size)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long seconds = epoch ? strtoll(epoch, &end, 10) : 0;
    time_t when = epoch && *epoch && end && !*end && seconds >= 0 ? (time_t)seconds : time(NULL);
    struct tm tm;
    if (!gmtime_r(&when, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
        snprintf(out, size, "unknown");
}

static int write_reports(const rc_cli *effective, FILE **streams, const rc_result *result,
                         const char *source_root, const char *working_dir)
{
    int code = result->exit_code;
    for (size_t i = 0; i < effective->output_count; i++) {
        rc_report_options report = {0};
        report.exit_code = result->exit_code;
        report.category = effective->category;
        report.source_root = source_root;
        report.working_dir = working_dir;
        report.color = effective->color == RC_COLOR_ALWAYS ||
                       (effective->color == RC_COLOR_AUTO && streams[i] == stdout &&
                        isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
        const rc_report_format *format = rc_report_find(effective->outputs[i].format);
        if (!format->write(streams[i], result, &report)) {
            fprintf(stderr, "readyctl: writing %s output failed\n", format->name);
            code = RC_EXIT_USAGE;
        }
    }
    return code;
}

/* A directory holding Chart.yaml is a chart's source, not manifests: its templates are not
 * YAML until helm renders them. Says so in one line instead of a syntax error per template. */
static bool refuse_chart_sources(const rc_cli *cli)
{
    for (size_t i = 0; i < cli->path_count; i++) {
        char chart_file[4096];
        struct stat st;
        if (snprintf(chart_file, sizeof chart_file, "%s/Chart.yaml", cli->paths[i]) <
                (int)sizeof chart_file &&
            stat(chart_file, &st) == 0 && S_ISREG(st.st_mode)) {
            fprintf(stderr,
                    "readyctl: %s is a Helm chart, not rendered manifests: render it first "
                    "(helm template rel %s | readyctl --chart-root %s)\n",
                    cli->paths[i], cli->paths[i], cli->paths[i]);
            return true;
        }
    }
    return false;
}

static int lint(const rc_cli *cli, rc_pack *pack, const rc_baseline *baseline)
{
    if (refuse_chart_sources(cli))
        return RC_EXIT_USAGE;
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
    settings st = {0};
    st.options = &options;
    size_t exclude_count = 0;
    if (!find_settings(&st, cli, true) || !collect_excludes(&st, &exclude_count)) {
        if (st.diag.message[0])
            print_diag(&st.diag, "bad config");
        rc_config_release(&st.config);
        return RC_EXIT_USAGE;
    }
    options.exclude = st.exclude;
    options.exclude_count = exclude_count;
    options.chart_found = on_chart_found;
    options.chart_found_user = &st;
    options.settle = on_settle;
    options.settle_user = &st;
    st.pack = pack;
    st.effective = &effective;
    options.stdin_stream = stdin;
    options.errors = stderr;
    options.objects_only = cli->objects_only;
    options.include_hooks = cli->include_hooks;
    options.baseline = baseline;
    options.chart_root = cli->chart_root;
    options.find_chart = !cli->chart_root;
    options.docs = cli->docs;
    options.docs_count = cli->docs_count;
    options.values_files = cli->values;
    options.values_count = cli->values_count;
    options.jobs = cli->jobs;
    if (options.jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        options.jobs = cpus > 0 ? (size_t)cpus : 1;
    }
    rc_limits_default(&options.limits);
    char date[32], pack_version[300];
    run_date(date, sizeof date);
    rc_pack_version(pack, pack_version, sizeof pack_version);
    options.date = date;
    options.pack_version = pack_version;

    FILE *streams[64];
    size_t opened = 0;
    if (effective.output_count > sizeof streams / sizeof streams[0]) {
        fprintf(stderr, "readyctl: too many --output options\n");
        rc_config_release(&st.config);
        return RC_EXIT_USAGE;
    }
    char working_dir[4096], source_root[4096];
    bool have_dirs = false;
    if (cli->source_root) {
        if (!getcwd(working_dir, sizeof working_dir) ||
            !realpath(cli->source_root, source_root)) {
            fprintf(stderr, "readyctl: --source-root %s: cannot resolve the directory\n",
                    cli->source_root);
            rc_config_release(&st.config);
            return RC_EXIT_USAGE;
        }
        have_dirs = true;
    }
    int code = RC_EXIT_USAGE;
    rc_run *run = rc_run_create(pack, &options);
    /* The settings are applied when the run settles (on_settle), which says what was wrong
     * with them. Outputs are opened only once they are known good: a usage or settings error
     * writes nothing. */
    bool judged = run && rc_run_execute(run);
    if (!judged && !st.refused)
        fprintf(stderr, "readyctl: out of memory\n");
    else if (judged && open_outputs(&effective, streams)) {
        opened = effective.output_count;
        code = write_reports(&effective, streams, rc_run_result(run),
                             have_dirs ? source_root : NULL, have_dirs ? working_dir : NULL);
    }
    rc_run_free(run);
    for (size_t i = 0; i < opened; i++) {
        if (streams[i] != stdout && fclose(streams[i]) != 0) {
            perror(effective.outputs[i].file);
            code = RC_EXIT_USAGE;
        }
    }
    if (fflush(stdout) != 0)
        code = RC_EXIT_USAGE;
    rc_config_release(&st.config);
    return code;
}

/* readyctl init: guesses the services from each input (a chart directory, or a render) and
 * writes the commented settings file, never over an existing one. */
static int init_settings(const rc_cli *cli)
{
    const char *target = cli->config_path ? cli->config_path : ".readyctl.yaml";
    struct stat st;
    if (stat(target, &st) == 0) {
        fprintf(stderr, "readyctl: %s exists; not overwriting it (remove it, or name another "
                        "file with -c FILE)\n",
                target);
        return RC_EXIT_USAGE;
    }
    static const char *const stdin_only[] = {"-"}, *const here[] = {"."};
    const char *const *paths = cli->paths;
    size_t path_count = cli->path_count;
    char found[4096];
    if (!path_count) {
        bool chart_here = stat("Chart.yaml", &st) == 0;
        if (isatty(STDIN_FILENO) && !chart_here) {
            fprintf(stderr, "readyctl: init needs a render (helm template ... | readyctl init) "
                            "or a chart directory (readyctl init ./chart)\n");
            return RC_EXIT_USAGE;
        }
        paths = chart_here && isatty(STDIN_FILENO) ? here : stdin_only;
        path_count = 1;
    }
    rc_starter starter;
    rc_starter_init(&starter);
    int code = RC_EXIT_READY;
    size_t renders = 0;
    for (size_t i = 0; i < path_count && code == RC_EXIT_READY; i++) {
        rc_diag diag = {0};
        if (snprintf(found, sizeof found, "%s/Chart.yaml", paths[i]) < (int)sizeof found &&
            stat(found, &st) == 0) {
            if (!rc_starter_add_chart(&starter, paths[i], &diag)) {
                print_diag(&diag, "cannot read the chart");
                code = RC_EXIT_INPUT;
            }
            continue;
        }
        renders++;
    }
    if (code == RC_EXIT_READY && renders) {
        /* The renders are read as a lint run reads them, without judging. */
        const char **render_paths = calloc(renders, sizeof *render_paths);
        rc_pack pack;
        rc_pack_init(&pack);
        rc_run_options options = {0};
        size_t n = 0;
        for (size_t i = 0; render_paths && i < path_count; i++) {
            if (snprintf(found, sizeof found, "%s/Chart.yaml", paths[i]) < (int)sizeof found &&
                stat(found, &st) != 0)
                render_paths[n++] = paths[i];
        }
        options.paths = render_paths;
        options.path_count = n;
        options.stdin_stream = stdin;
        options.errors = stderr;
        options.jobs = 1;
        rc_limits_default(&options.limits);
        rc_run *run = render_paths ? rc_run_create(&pack, &options) : NULL;
        size_t count = 0;
        if (!run || !rc_run_load(run)) {
            fprintf(stderr, "readyctl: out of memory\n");
            code = RC_EXIT_USAGE;
        } else if (rc_run_input_errors(run)) {
            code = RC_EXIT_INPUT; /* already said on standard error; nothing written */
        } else {
            const rc_object *objects = rc_run_objects(run, &count);
            if (!rc_starter_add_objects(&starter, objects, count)) {
                fprintf(stderr, "readyctl: out of memory\n");
                code = RC_EXIT_USAGE;
            }
        }
        rc_run_free(run);
        rc_pack_release(&pack);
        free(render_paths);
    }
    FILE *out = NULL;
    if (code == RC_EXIT_READY && !(out = fopen(target, "wx"))) {
        perror(target);
        code = RC_EXIT_USAGE;
    }
    if (out) {
        const char *from = renders ? (cli->path_count ? "a render" : "the render on standard input")
                                   : "the chart";
        bool ok = rc_starter_write(&starter, from, out);
        if (fclose(out) != 0 || !ok) {
            perror(target);
            code = RC_EXIT_USAGE;
        } else {
            fprintf(stderr, "readyctl: wrote %s: %zu service%s", target,
                    starter.services.count, starter.services.count == 1 ? "" : "s");
            for (size_t i = 0; i < starter.services.count; i++)
                fprintf(stderr, "%s%s", i ? ", " : " (", starter.services.items[i]);
            fprintf(stderr, "%s; uncomment and edit the other requirements\n",
                    starter.services.count ? ")" : "");
        }
    }
    rc_starter_release(&starter);
    return code;
}

int rc_cli_run(const rc_cli *cli)
{
    if (cli->command == RC_COMMAND_INIT)
        return init_settings(cli);
    if (cli->command == RC_COMMAND_HELP) {
        rc_cli_print_help(stdout);
        return RC_EXIT_READY;
    }
    if (cli->command == RC_COMMAND_VERSION) {
        printf("readyctl %s\n", READYCTL_VERSION);
        return RC_EXIT_READY;
    }
    rc_pack pack;
    rc_baseline baseline = {0};
    int code = RC_EXIT_USAGE;
    if (!load_pack(cli, &pack))
        goto done;
    if (cli->baseline_path) {
        rc_diag diag = {0};
        if (!rc_baseline_load(&baseline, cli->baseline_path, &diag)) {
            print_diag(&diag, "bad baseline");
            goto done;
        }
    }
    if (cli->command == RC_COMMAND_LINT) {
        code = lint(cli, &pack, cli->baseline_path ? &baseline : NULL);
    } else {
        /* rules and explain: the settings found from here (or -c), with their profile. */
        settings st = {0};
        rc_cli effective = *cli;
        rc_profile_lineage lineage;
        if (!find_settings(&st, cli, true)) {
            print_diag(&st.diag, "bad config");
        } else if (apply_settings(&st, &pack, &effective, &lineage)) {
            code = cli->command == RC_COMMAND_RULES ? list_rules(&pack, effective.profile)
                                                    : explain_rule(&pack, cli->explain_id);
        }
        rc_config_release(&st.config);
    }
done:
    rc_baseline_release(&baseline);
    rc_pack_release(&pack);
    return code;
}

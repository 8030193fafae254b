/* backup.c - templates for backups: a mechanism in the release and docs to restore from it.
 *
 * A backup mechanism is one of:
 *  - a CronJob any of whose containers or init containers runs a backup tool: `tools` (regex
 *    list) matched against the image, every command item and every args item (scripts
 *    included);
 *  - a scheduled-backup custom resource named in `schedule-kinds` as "<api group>/<Kind>"
 *    (Velero Schedule, CloudNativePG ScheduledBackup, K8up Schedule by default).
 * Operations docs are the Markdown files of --docs (files or directories), or else the
 * Markdown under the chart's docs/ folder.
 *
 * When it applies (DESIGN.md §4): `requirements.backup` in .readyctl.yaml says required,
 * when-stateful (the default) or none. When-stateful applies to a release that holds state:
 * a PersistentVolumeClaim, a StatefulSet's volumeClaimTemplates, a workload mounting a
 * claim, or a database resource of `stateful-kinds`. Release-wide findings are reported on
 * that evidence (the least stateful object by namespace, kind and name, so the output does
 * not depend on input order), or at the `backup:` line of .readyctl.yaml when it is declared
 * required. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/templates.h"
#include "input/diag.h"
#include "input/files.h"
#include "util/buf.h"

#define BACKUP_TOOLS_DEFAULT                                                                   \
    "['(?i)(^|[^a-z0-9_])(pg_dump|pg_dumpall|pg_basebackup|pgbackrest|barman|wal-g|wal-e|"    \
    "mysqldump|mariadb-dump|mariabackup|xtrabackup|mongodump|velero|restic|kopia|borg|"        \
    "etcdctl snapshot save)([^a-z0-9_]|$)']"
#define SCHEDULE_KINDS_DEFAULT                                                                 \
    "[velero.io/Schedule, postgresql.cnpg.io/ScheduledBackup, k8up.io/Schedule]"
#define STATEFUL_KINDS_DEFAULT                                                                 \
    "[postgresql.cnpg.io/Cluster, acid.zalan.do/postgresql, postgres-operator.crunchydata.com/" \
    "PostgresCluster, mysql.oracle.com/InnoDBCluster, pxc.percona.com/PerconaXtraDBCluster, " \
    "psmdb.percona.com/PerconaServerMongoDB, mongodbcommunity.mongodb.com/MongoDBCommunity, " \
    "k8s.mariadb.com/MariaDB, redis.redis.opstreelabs.in/Redis, kafka.strimzi.io/Kafka, "     \
    "elasticsearch.k8s.elastic.co/Elasticsearch, clickhouse.altinity.com/ClickHouseInstallation]"

static const char *api_group(const rc_object *obj, size_t *len)
{
    const char *slash = strchr(obj->api_version, '/');
    *len = slash ? (size_t)(slash - obj->api_version) : 0;
    return obj->api_version;
}

/* Whether OBJ's "<api group>/<Kind>" is one of the string-list parameter NAME. */
static bool is_listed_kind(const rc_params *params, const char *name, const rc_object *obj)
{
    const rc_param_value *kinds = rc_params_get(params, name);
    size_t glen;
    const char *group = api_group(obj, &glen);
    if (!glen)
        return false;
    /* The group first: it tells most entries apart at their first byte (these run for every
     * object of the release, in several rules). */
    for (size_t i = 0; i < kinds->count; i++) {
        const char *k = kinds->strings[i];
        if (k[0] == group[0] && strncmp(k, group, glen) == 0 && k[glen] == '/' &&
            !strchr(k + glen + 1, '/') &&
            strcmp(k + glen + 1, obj->kind) == 0)
            return true;
    }
    return false;
}

static bool matches_tool(const rc_params *params, const rc_node *node)
{
    if (!node)
        return false;
    if (node->kind == RC_NODE_SCALAR)
        return rc_node_is_string(node) && rc_params_match(params, "tools", rc_node_text(node));
    if (node->kind != RC_NODE_SEQ)
        return false;
    for (size_t i = 0; i < node->as.seq.count; i++) {
        const rc_node *item = node->as.seq.items[i];
        if (rc_node_is_string(item) && rc_params_match(params, "tools", rc_node_text(item)))
            return true;
    }
    return false;
}

/* Whether OBJ is a CronJob one of whose containers or init containers runs a backup tool. */
static bool is_backup_cronjob(const rc_params *params, const rc_object *obj)
{
    if (obj->workload != RC_WORKLOAD_CRONJOB)
        return false;
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        if (c.type == RC_CONTAINER_EPHEMERAL)
            continue;
        if (matches_tool(params, rc_node_get(c.node, "image")) ||
            matches_tool(params, rc_node_get(c.node, "command")) ||
            matches_tool(params, rc_node_get(c.node, "args")))
            return true;
    }
    return false;
}

static bool is_backup_object(const rc_params *params, const rc_object *obj)
{
    return is_backup_cronjob(params, obj) || is_listed_kind(params, "schedule-kinds", obj);
}

/* Whether OBJ holds state: a claim, claim templates, a mounted claim, a database resource. */
static bool holds_state(const rc_params *params, const rc_object *obj)
{
    return rc_object_uses_volume_claims(obj) || is_listed_kind(params, "stateful-kinds", obj);
}


/* The anchor among the release's backup objects, or NULL. */
static const rc_object *backup_anchor(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    size_t n = rc_check_object_count(ctx);
    const rc_object *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (is_backup_object(params, obj))
            best = rc_check_anchor_of(best, obj);
    }
    return best;
}

/* Where release-wide backup findings go, when the backup rules apply at all: at the
 * declared `backup: required`, or on the release's stateful evidence. */
typedef struct backup_scope {
    const rc_object *stateful;  /* NULL when declared required and nothing holds state */
    const rc_req_at *declared;  /* the `backup:` line when declared required, else NULL */
} backup_scope;

static bool backup_applies(rc_check_ctx *ctx, backup_scope *scope)
{
    const rc_requirements *req = rc_check_requirements(ctx);
    rc_backup_mode mode = req && req->has_backup ? req->backup : RC_BACKUP_WHEN_STATEFUL;
    memset(scope, 0, sizeof *scope);
    if (mode == RC_BACKUP_NONE)
        return false;
    const rc_params *params = rc_check_params(ctx);
    size_t n = rc_check_object_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (holds_state(params, obj))
            scope->stateful = rc_check_anchor_of(scope->stateful, obj);
    }
    if (mode == RC_BACKUP_REQUIRED)
        scope->declared = &req->backup_at;
    return scope->stateful || scope->declared;
}

/* What makes a release hold state. */
#define STATEFUL_KINDS_PARAM                                                                   \
    {"stateful-kinds", RC_PARAM_STRING_LIST, STATEFUL_KINDS_DEFAULT, NULL,                      \
     "database resources (<api group>/<Kind>) that make a release hold state, besides "         \
     "PersistentVolumeClaims, volumeClaimTemplates and mounted claims"}

/* Reports a release-wide backup finding: on AT (the backup object) when there is one, else
 * at the declared `backup: required`, else on the object that holds state. */
static void report_scope(rc_check_ctx *ctx, const backup_scope *scope, const rc_object *at,
                         const char *message)
{
    char where[300];
    if (at) {
        rc_check_report(ctx, at, NULL, "%s.", message);
    } else if (scope->declared) {
        rc_check_report_requirement(ctx, scope->declared, "%s (requirements.backup: required).",
                                    message);
    } else {
        rc_object_describe(scope->stateful, where, sizeof where);
        rc_check_report(ctx, scope->stateful, NULL, "%s (%s holds state).", message, where);
    }
}

/* ---- backup-mechanism ----------------------------------------------------------------- */

/* Fires once when the backup rules apply and no backup object exists. */
static void check_backup_mechanism(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    backup_scope scope;
    if (!backup_applies(ctx, &scope))
        return;
    size_t n = rc_check_object_count(ctx);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        const rc_object *obj = rc_check_object_at(ctx, i);
        if (is_backup_object(params, obj)) {
            rc_check_examined(ctx, obj);
            found = true;
        }
    }
    if (found)
        return;
    if (scope.stateful)
        rc_check_examined(ctx, scope.stateful);
    report_scope(ctx, &scope, NULL,
                 "The release has no backup mechanism: no CronJob runs a backup tool and no "
                 "scheduled backup resource (Velero Schedule, CloudNativePG ScheduledBackup) "
                 "exists");
}

/* What makes an object a backup: shared by backup-mechanism and backup-suspended. */
static const rc_param_spec backup_object_params[] = {
    {"tools", RC_PARAM_REGEX_LIST, BACKUP_TOOLS_DEFAULT, NULL,
     "backup tools, matched against a CronJob container's image, command and args items"},
    {"schedule-kinds", RC_PARAM_STRING_LIST, SCHEDULE_KINDS_DEFAULT, NULL,
     "scheduled-backup resources as <api group>/<Kind>"},
    STATEFUL_KINDS_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_backup_mechanism = {
    .name = "backup-mechanism",
    .scope = RC_SCOPE_RELEASE,
    .summary = "a release that holds state (or declares backup: required) has a backup CronJob "
               "(running a tool of `tools`) or a scheduled backup resource of `schedule-kinds`",
    .params = backup_object_params,
    .check_release = check_backup_mechanism,
};

/* ---- backup-suspended ----------------------------------------------------------------- */

/* Fires when a backup object is switched off: CronJob or ScheduledBackup spec.suspend true,
 * Velero or K8up Schedule spec.paused true. */
static bool check_backup_suspended(rc_check_ctx *ctx, const rc_object *obj)
{
    const rc_params *params = rc_check_params(ctx);
    if (!is_backup_object(params, obj))
        return false;
    static const char *const fields[] = {"suspend", "paused"};
    const rc_node *spec = rc_node_get(obj->node, "spec");
    char where[300];
    rc_object_describe(obj, where, sizeof where);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const rc_node *v = rc_node_get(spec, fields[i]);
        bool on = false;
        if (v && rc_node_bool(v, &on) && on) {
            rc_check_report(ctx, obj, v,
                            "Backup %s is switched off (spec.%s: true): no backups are taken.",
                            where, fields[i]);
        }
    }
    return true;
}

const rc_template rc_template_backup_suspended = {
    .name = "backup-suspended",
    .scope = RC_SCOPE_OBJECT,
    .summary = "a backup CronJob or scheduled backup is not suspended or paused",
    .params = backup_object_params, /* finds backup objects as backup-mechanism does */
    .check_object = check_backup_suspended,
};

/* ---- backup-docs ---------------------------------------------------------------------- */

enum { DOC_MAX_BYTES = 4 << 20 };

static const char *const markdown_extensions[] = {".md", ".markdown", NULL};

/* Gathers the Markdown files of --docs, or of <chart root>/docs. *WHERE receives what was
 * searched, for messages. */
static bool gather_docs(rc_check_ctx *ctx, rc_path_list *files, const char **where)
{
    size_t count = 0;
    const char *const *docs = rc_check_docs(ctx, &count);
    rc_diag diag;
    if (count) {
        *where = count == 1 ? docs[0] : "the --docs paths";
        for (size_t i = 0; i < count; i++) {
            if (!rc_walk_path(docs[i], markdown_extensions, files, &diag))
                continue; /* unreadable: as if absent */
        }
        return true;
    }
    const char *root = rc_check_chart_root(ctx);
    if (!root) {
        *where = NULL;
        return true;
    }
    const char *dir = rc_arena_printf(rc_check_arena(ctx), "%s/docs", root);
    if (!dir)
        return false;
    *where = dir;
    if (rc_is_directory(dir))
        (void)rc_walk_path(dir, markdown_extensions, files, &diag);
    return true;
}

/* Fires when no operations doc matches `patterns` (what `subject` names), or when no docs
 * can be found at all. */
static void check_backup_docs(rc_check_ctx *ctx)
{
    const rc_params *params = rc_check_params(ctx);
    const char *subject = rc_params_string(params, "subject");
    backup_scope scope;
    if (!backup_applies(ctx, &scope))
        return;
    const rc_object *at = backup_anchor(ctx);
    if (at || scope.stateful)
        rc_check_examined(ctx, at ? at : scope.stateful);
    rc_path_list files = {NULL, 0, 0};
    const char *where = NULL;
    if (!gather_docs(ctx, &files, &where)) {
        rc_path_list_release(&files);
        return;
    }
    char message[700];
    if (!files.count) {
        if (where)
            snprintf(message, sizeof message,
                     "No operations docs were found in %s, so %s is not documented; write it "
                     "in Markdown there",
                     where, subject);
        else
            snprintf(message, sizeof message,
                     "No operations docs were found (no --docs given and no chart found to read "
                     "docs/ from), so %s is not documented",
                     subject);
        report_scope(ctx, &scope, at, message);
        rc_path_list_release(&files);
        return;
    }
    bool found = false;
    rc_buf text = RC_BUF_INIT;
    for (size_t i = 0; !found && i < files.count; i++) {
        rc_diag diag;
        if (!rc_read_file(files.paths[i], DOC_MAX_BYTES, &text, &diag))
            continue;
        const rc_param_value *patterns = rc_params_get(params, "patterns");
        for (size_t k = 0; !found && k < patterns->count; k++)
            found = rc_regex_match(patterns->regexes[k], rc_buf_str(&text), text.len);
    }
    rc_buf_release(&text);
    if (!found) {
        snprintf(message, sizeof message,
                 "The operations docs (%s%s, %zu file%s) do not describe %s: nothing matches "
                 "the rule's patterns",
                 files.paths[0], files.count > 1 ? " and the other docs" : "", files.count,
                 files.count == 1 ? "" : "s", subject);
        report_scope(ctx, &scope, at, message);
    }
    rc_path_list_release(&files);
}

static const rc_param_spec backup_docs_params[] = {
    {"patterns", RC_PARAM_REGEX_LIST, NULL, NULL,
     "regexes matched against each Markdown file's whole text (use (?m) for ^ at line "
     "starts, (?i) for any case); one match in one file satisfies the rule"},
    {"subject", RC_PARAM_STRING, NULL, NULL,
     "what the docs must describe, for messages (\"a restore procedure\")"},
    {"tools", RC_PARAM_REGEX_LIST, BACKUP_TOOLS_DEFAULT, NULL,
     "backup tools, to find the backup CronJob findings are reported on"},
    {"schedule-kinds", RC_PARAM_STRING_LIST, SCHEDULE_KINDS_DEFAULT, NULL,
     "scheduled-backup resources, to find the object findings are reported on"},
    STATEFUL_KINDS_PARAM,
    {NULL, 0, NULL, NULL, NULL},
};

const rc_template rc_template_backup_docs = {
    .name = "backup-docs",
    .scope = RC_SCOPE_RELEASE,
    .summary = "for a release that holds state (or declares backup: required), the operations "
               "docs (--docs, else the chart's docs/) match `patterns`",
    .params = backup_docs_params,
    .check_release = check_backup_docs,
};

#include "config/starter.h"

#include <stdlib.h>
#include <string.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "util/arena.h"
#include "util/buf.h"

void rc_starter_init(rc_starter *starter)
{
    memset(starter, 0, sizeof *starter);
}

static void set_release(rc_name_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i]);
    free(set->items);
    memset(set, 0, sizeof *set);
}

void rc_starter_release(rc_starter *starter)
{
    set_release(&starter->services);
    set_release(&starter->autoscaling);
    memset(starter, 0, sizeof *starter);
}

/* Inserts NAME[0..LEN) in order unless present. */
static bool set_add(rc_name_set *set, const char *name, size_t len)
{
    size_t at = 0;
    while (at < set->count) {
        int c = strncmp(set->items[at], name, len);
        if (c == 0 && set->items[at][len] == '\0')
            return true;
        if (c > 0 || (c == 0 && set->items[at][len] != '\0'))
            break;
        at++;
    }
    char *copy = malloc(len + 1);
    char **grown = copy ? realloc(set->items, (set->count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return false;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    memmove(grown + at + 1, grown + at, (set->count - at) * sizeof *grown);
    grown[at] = copy;
    set->items = grown;
    set->count++;
    return true;
}

/* The service a workload is: its app.kubernetes.io/name label, else its component label,
 * else its name; without the "<release>-" prefix (app.kubernetes.io/instance) charts often
 * put on all three. */
static const char *service_of(const rc_object *obj, size_t *len)
{
    static const char *const keys[] = {"app.kubernetes.io/name", "app.kubernetes.io/component"};
    const char *name = NULL;
    for (size_t i = 0; i < 2 && !name; i++) {
        const char *label = rc_node_get_text(obj->labels, keys[i]);
        if (!label)
            label = rc_node_get_text(obj->pod_labels, keys[i]);
        if (label && label[0] && !strchr(label, '{'))
            name = label;
    }
    if (!name)
        name = obj->name;
    const char *release = rc_node_get_text(obj->labels, "app.kubernetes.io/instance");
    size_t rlen = release ? strlen(release) : 0;
    if (rlen && strncmp(name, release, rlen) == 0 && name[rlen] == '-' && name[rlen + 1])
        name += rlen + 1;
    *len = strlen(name);
    return name;
}

static bool targeted_by_hpa(const rc_object *objects, size_t count, const rc_object *obj)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(objects[i].kind, "HorizontalPodAutoscaler") != 0)
            continue;
        const rc_node *ref = rc_node_path(objects[i].node, "spec.scaleTargetRef");
        const char *kind = rc_node_get_text(ref, "kind"), *name = rc_node_get_text(ref, "name");
        if (kind && name && strcmp(kind, obj->kind) == 0 && strcmp(name, obj->name) == 0 &&
            rc_object_same_namespace(&objects[i], obj))
            return true;
    }
    return false;
}

bool rc_starter_add_objects(rc_starter *starter, const rc_object *objects, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const rc_object *obj = &objects[i];
        starter->stateful |= rc_object_uses_volume_claims(obj);
        bool service = obj->workload == RC_WORKLOAD_DEPLOYMENT ||
                       obj->workload == RC_WORKLOAD_STATEFULSET ||
                       obj->workload == RC_WORKLOAD_DAEMONSET;
        if (!service || obj->hook != RC_HOOK_NONE || !obj->name[0])
            continue;
        size_t len;
        const char *name = service_of(obj, &len);
        starter->workloads++;
        if (!set_add(&starter->services, name, len))
            return false;
        if (targeted_by_hpa(objects, count, obj) && !set_add(&starter->autoscaling, name, len))
            return false;
    }
    return true;
}

/* Whether the vendored subchart charts/NAME says `type: library`. */
static bool is_library(const char *chart_dir, const char *name)
{
    char path[4096];
    if (!name || snprintf(path, sizeof path, "%s/charts/%s/Chart.yaml", chart_dir, name) >=
                     (int)sizeof path)
        return false;
    rc_buf text = RC_BUF_INIT;
    rc_diag ignored;
    bool library = false;
    if (rc_read_file(path, (size_t)1 << 20, &text, &ignored)) {
        /* A top-level `type: library` line. */
        for (const char *line = rc_buf_str(&text); *line && !library;) {
            size_t len = strcspn(line, "\n");
            library = len >= 5 && strncmp(line, "type:", 5) == 0 &&
                      strstr(line, "library") && (size_t)(strstr(line, "library") - line) < len;
            line += len + (line[len] == '\n');
        }
    }
    rc_buf_release(&text);
    return library;
}

bool rc_starter_add_chart(rc_starter *starter, const char *chart_dir, rc_diag *diag)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/Chart.yaml", chart_dir) >= (int)sizeof path) {
        rc_diag_set(diag, chart_dir, 0, 0, "path too long");
        return false;
    }
    rc_buf text = RC_BUF_INIT;
    rc_arena arena;
    rc_arena_init(&arena);
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    rc_diag problem = {0};
    bool ok = rc_read_file(path, (size_t)1 << 20, &text, &problem) &&
              rc_yaml_load(&arena, "Chart.yaml", rc_buf_str(&text), text.len, 1, &limits, &root,
                           &problem);
    if (!ok) /* PROBLEM names buffers freed below: the caller gets the chart directory */
        rc_diag_set(diag, chart_dir, problem.line, problem.column, "Chart.yaml: %s",
                    problem.message);
    const rc_node *deps = rc_node_get(root, "dependencies");
    size_t added = 0;
    for (size_t i = 0; ok && deps && deps->kind == RC_NODE_SEQ && i < deps->as.seq.count; i++) {
        const rc_node *dep = deps->as.seq.items[i];
        const char *name = rc_node_get_text(dep, "alias");
        if (!name)
            name = rc_node_get_text(dep, "name");
        if (name && is_library(chart_dir, rc_node_get_text(dep, "name")))
            continue; /* helpers such as bitnami/common render no workload */
        if (name && name[0]) {
            ok = set_add(&starter->services, name, strlen(name));
            added++;
        }
    }
    const char *chart = rc_node_get_text(root, "name");
    if (ok && !added && chart && chart[0])
        ok = set_add(&starter->services, chart, strlen(chart));
    rc_buf_release(&text);
    rc_arena_release(&arena);
    return ok;
}

/* A plain YAML scalar when NAME is made of safe characters, else single-quoted. */
static void write_name(FILE *out, const char *name)
{
    bool plain = name[0] && strspn(name, "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(name);
    if (plain) {
        fputs(name, out);
        return;
    }
    fputc('\'', out);
    for (const char *p = name; *p; p++) {
        if (*p == '\'')
            fputc('\'', out);
        fputc(*p == '\n' ? ' ' : *p, out);
    }
    fputc('\'', out);
}

static void write_list(FILE *out, const rc_name_set *set)
{
    fputc('[', out);
    for (size_t i = 0; i < set->count; i++) {
        fputs(i ? ", " : "", out);
        write_name(out, set->items[i]);
    }
    fputc(']', out);
}

bool rc_starter_write(const rc_starter *starter, const char *from, FILE *out)
{
    fprintf(out,
            "# readyctl settings (written by `readyctl init` from %s).\n"
            "# What this platform declares about itself: rules that encode a platform's intent\n"
            "# take their targets from here, and an item whose requirement is not declared is\n"
            "# n/a. Uncomment and edit what applies; see readyctl's docs/configuration.md.\n"
            "profile: prod              # prod | dev | a profile defined under profiles:\n"
            "\n"
            "requirements:\n"
            "  # The platform's own workloads: a word matches a workload named so or ending in\n"
            "  # \"-word\", or its app.kubernetes.io/name or /component label; '/regex/' too.\n",
            from);
    if (starter->services.count) {
        fputs("  services: ", out);
        write_list(out, &starter->services);
        fputc('\n', out);
    } else {
        fputs("  # services: [api, worker]\n", out);
    }
    fputs("\n  # Services that follow traffic and need a HorizontalPodAutoscaler.\n", out);
    if (starter->autoscaling.count) {
        fputs("  autoscaling: ", out);
        write_list(out, &starter->autoscaling);
        fputs("   # these have an HPA today\n", out);
    } else {
        fputs("  # autoscaling: [api]\n", out);
    }
    fputs("\n"
          "  # Every declared service scraped at least this often.\n"
          "  # scraping: {interval: 30s}\n"
          "\n"
          "  # dashboards:\n"
          "  #   refresh: 30s\n"
          "  #   topics:                  # each: a name and a PCRE2 pattern over titles and queries\n"
          "  #     - {name: API latency, match: 'http_request_duration'}\n"
          "\n"
          "  # logging:\n"
          "  #   format: json             # the declared services log JSON\n"
          "  #   fields: [time, level, msg]\n"
          "  #   queries:\n"
          "  #     - {name: checkout failed, match: 'checkout.*fail'}\n"
          "\n"
          "  # retention:\n"
          "  #   metrics: {min: 15d, max: 30d}\n"
          "  #   logs: {dev: 7d, prod: 30d}\n"
          "\n",
          out);
    if (starter->stateful)
        fputs("  # The release keeps data on volume claims: backups and their docs are judged.\n"
              "  backup: required           # required | when-stateful | none\n",
              out);
    else
        fputs("  # backup: when-stateful      # required | when-stateful (default) | none\n", out);
    fputs("\n"
          "# More environments, or changes to prod and dev:\n"
          "# profiles:\n"
          "#   staging: {extends: prod, severity: {RC611: note}}\n"
          "\n"
          "# Paths (inputs or helm templates) not to lint; rule settings by id or name:\n"
          "# exclude: [\"*/templates/tests/*\"]\n"
          "# rules:\n"
          "#   RC103: {severity: warning}\n",
          out);
    return !ferror(out);
}

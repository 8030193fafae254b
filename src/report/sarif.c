/* sarif.c - SARIF 2.1.0 for code scanning. Must pass the SARIF multitool's
 * `validate --rule-kind "Sarif;Ghas"` with no errors and no warnings (tests run it). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/baseline.h"
#include "report/json_util.h"
#include "report/report.h"
#include "rules/template.h"
#include "util/buf.h"

/* Where users learn about the tool (SARIF driver.informationUri). */
#define READYCTL_HOME "https://github.com/readyctl/readyctl"

static const char *sarif_level(rc_severity severity)
{
    switch (severity) {
    case RC_SEVERITY_ERROR:
        return "error";
    case RC_SEVERITY_WARNING:
        return "warning";
    default:
        return "note";
    }
}

static bool append_encoded(rc_buf *out, const char *path)
{
    static const char keep[] = "-._~/!$&'()*+,;=:@";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr(keep, *p);
        if (plain ? !rc_buf_putc(out, (char)*p) : !rc_buf_printf(out, "%%%02X", *p))
            return false;
    }
    return true;
}

/* Appends PATH's segments to OUT as "/seg/seg", dropping "." and applying "..", so that
 * prefix tests against the source root compare like with like. */
static bool append_normalised(rc_buf *out, const char *path)
{
    while (*path) {
        while (*path == '/')
            path++;
        size_t n = strcspn(path, "/");
        if (n == 2 && path[0] == '.' && path[1] == '.') {
            while (out->len > 0 && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > 0)
                out->len--;
            if (out->data)
                out->data[out->len] = '\0';
        } else if (n > 0 && !(n == 1 && path[0] == '.')) {
            if (!rc_buf_putc(out, '/') || !rc_buf_append(out, path, n))
                return false;
        }
        path += n;
    }
    return true;
}

/* The artifact location of PATH: relative to the source root when under it (uriBaseId
 * %SRCROOT%, as code scanning expects), else a file:// URI. Without a source root, relative
 * paths stay relative to the working directory, which CI runs at the repository root. */
static bool path_location(const char *path, const rc_report_options *options, rc_buf *scratch,
                          rc_buf *uri, bool *relative)
{
    rc_buf_clear(uri);
    rc_buf_clear(scratch);
    *relative = false;
    if (options->source_root && options->working_dir) {
        if (path[0] != '/' && !append_normalised(scratch, options->working_dir))
            return false;
        if (!append_normalised(scratch, path))
            return false;
        const char *abs = rc_buf_str(scratch);
        size_t root_len = strlen(options->source_root);
        while (root_len > 1 && options->source_root[root_len - 1] == '/')
            root_len--;
        if (strncmp(abs, options->source_root, root_len) == 0 && abs[root_len] == '/') {
            *relative = true;
            return append_encoded(uri, abs + root_len + 1);
        }
        return rc_buf_puts(uri, "file://") && append_encoded(uri, abs);
    }
    if (path[0] == '/')
        return rc_buf_puts(uri, "file://") && append_encoded(uri, path);
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    *relative = true;
    return append_encoded(uri, path);
}

static json_t *artifact_location(const char *path, const rc_report_options *options,
                                 rc_buf *scratch, rc_buf *uri)
{
    bool relative;
    if (!path_location(path, options, scratch, uri, &relative))
        return NULL;
    json_t *location = json_pack("{s:s}", "uri", rc_buf_str(uri));
    if (location && relative)
        json_object_set_new(location, "uriBaseId", json_string("%SRCROOT%"));
    return location;
}

/* Markdown help: what the rule checks, why, and how to fix it. */
static json_t *rule_help(const rc_rule *rule)
{
    rc_buf text = RC_BUF_INIT, markdown = RC_BUF_INIT;
    rc_buf_printf(&text, "%s\n\n%s\n\nRemediation: %s", rule->summary, rule->description,
                  rule->remediation);
    rc_buf_printf(&markdown, "**%s**\n\n%s\n\n### Remediation\n\n%s", rule->summary,
                  rule->description, rule->remediation);
    if (rule->checklist)
        rc_buf_printf(&markdown, "\n\nChecklist item: `%s`", rule->checklist);
    json_t *help = json_pack("{s:s, s:s}", "text", rc_buf_str(&text), "markdown",
                             rc_buf_str(&markdown));
    rc_buf_release(&text);
    rc_buf_release(&markdown);
    return help;
}

static json_t *rule_json(const rc_rule *rule)
{
    json_t *tags = json_array();
    for (size_t i = 0; i < rule->tag_count; i++)
        json_array_append_new(tags, json_string(rule->tags[i]));
    if (rule->checklist) {
        char tag[160];
        snprintf(tag, sizeof tag, "checklist:%s", rule->checklist);
        json_array_append_new(tags, json_string(tag));
    }
    json_t *properties = json_object();
    json_object_set_new(properties, "tags", tags);
    rc_json_set_string(properties, "checklist", rule->checklist);
    rc_json_set_string(properties, "scope", rc_scope_name(rule->tmpl->scope));
    rc_json_set_string(properties, "template", rule->tmpl->name);
    return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:o, s:{s:s}, s:o}", "id", rule->id, "name",
                     rule->name, "shortDescription", "text", rule->summary, "fullDescription",
                     "text", rule->description, "help", rule_help(rule),
                     "defaultConfiguration", "level", sarif_level(rule->severity), "properties",
                     properties);
}

static size_t rule_index(const rc_result *result, const rc_rule *rule)
{
    return rc_pack_rule_index(result->pack, rule);
}

static json_t *result_json(const rc_result *result, const rc_finding *f,
                           const rc_report_options *options, rc_buf *scratch, rc_buf *uri)
{
    json_t *artifact = artifact_location(f->path, options, scratch, uri);
    if (!artifact)
        return NULL;
    json_t *location = json_pack(
        "{s:{s:o, s:{s:I, s:I, s:I}}}", "physicalLocation", "artifactLocation", artifact,
        "region", "startLine", (json_int_t)f->line, "startColumn", (json_int_t)f->column,
        "endLine", (json_int_t)f->line);
    json_t *out = json_pack("{s:s, s:I, s:s, s:{s:s}, s:[o], s:{s:s}}", "ruleId", f->rule->id,
                            "ruleIndex", (json_int_t)rule_index(result, f->rule), "level",
                            sarif_level(f->severity), "message", "text", f->message,
                            "locations", location, "partialFingerprints",
                            RC_FINGERPRINT_KEY, f->fingerprint);
    /* The values file line that sets what the finding is about: where users change it. */
    json_t *values = f->values_path ? artifact_location(f->values_path, options, scratch, uri)
                                    : NULL;
    if (out && values) {
        char text[400];
        snprintf(text, sizeof text, "%s is set here.", f->values_key);
        json_object_set_new(
            out, "relatedLocations",
            json_pack("[{s:I, s:{s:o, s:{s:I, s:I}}, s:{s:s}}]", "id", (json_int_t)1,
                      "physicalLocation", "artifactLocation", values, "region", "startLine",
                      (json_int_t)f->values_line, "startColumn", (json_int_t)f->values_column,
                      "message", "text", text));
    } else {
        json_decref(values);
    }
    if (out && f->suppression) {
        const char *kind =
            f->suppression_kind == RC_SUPPRESSED_IN_SOURCE ? "inSource" : "external";
        json_object_set_new(out, "suppressions",
                            json_pack("[{s:s, s:s}]", "kind", kind, "justification",
                                      f->suppression));
    }
    return out;
}

bool rc_report_sarif(FILE *out, const rc_result *result, const rc_report_options *options)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < result->pack->rule_count; i++)
        json_array_append_new(rules, rule_json(&result->pack->rules[i]));
    json_t *results = json_array();
    rc_buf uri = RC_BUF_INIT, scratch = RC_BUF_INIT;
    bool ok = rules && results;
    for (size_t i = 0; ok && i < result->finding_count; i++) {
        json_t *r = result_json(result, &result->findings[i], options, &scratch, &uri);
        ok = r && json_array_append_new(results, r) == 0;
    }
    if (!ok) {
        rc_buf_release(&uri);
        rc_buf_release(&scratch);
        json_decref(rules);
        json_decref(results);
        return false;
    }
    /* Inputs that could not be read or parsed are also tool notifications: the run was
     * incomplete, and code scanning shows that apart from the results. */
    json_t *notifications = json_array();
    for (size_t i = 0; notifications && i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (strcmp(f->rule->tmpl->name, "input-error") != 0)
            continue;
        json_t *artifact = artifact_location(f->path, options, &scratch, &uri);
        if (!artifact)
            continue;
        json_array_append_new(
            notifications,
            json_pack("{s:s, s:{s:s}, s:[{s:{s:o, s:{s:I, s:I}}}]}", "level", "error",
                      "message", "text", f->message, "locations", "physicalLocation",
                      "artifactLocation", artifact, "region", "startLine",
                      (json_int_t)f->line, "startColumn", (json_int_t)f->column));
    }
    rc_buf_release(&uri);
    rc_buf_release(&scratch);
    char category[256];
    snprintf(category, sizeof category, "%s", options->category ? options->category : "readyctl/");
    json_t *invocation = json_pack("{s:b, s:I}", "executionSuccessful", 1, "exitCode",
                                   (json_int_t)options->exit_code);
    if (invocation && json_array_size(notifications))
        json_object_set(invocation, "toolExecutionNotifications", notifications);
    json_decref(notifications);
    json_t *root = json_pack(
        "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:{s:s}, s:[o], s:o, s:s}]}",
        "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs",
        "tool", "driver", "name", "readyctl", "version", READYCTL_VERSION, "semanticVersion",
        READYCTL_VERSION, "informationUri", READYCTL_HOME, "rules", rules, "automationDetails",
        "id", category, "invocations", invocation, "results", results, "columnKind",
        "unicodeCodePoints");
    /* The one verdict, the checklist and what was signed, as the run's property bag. */
    json_t *properties = rc_json_verdict(result, options);
    json_t *checklist = json_array();
    for (size_t i = 0; checklist && i < result->verdict_count; i++) {
        const rc_verdict *v = &result->verdicts[i];
        json_t *item = json_pack("{s:s, s:s, s:I}", "id", v->item->id, "verdict",
                                 rc_verdict_name(v->state), "findings",
                                 (json_int_t)v->finding_count);
        if (item && v->na_reason)
            json_object_set_new(item, "na_reason", json_string(v->na_reason));
        json_array_append_new(checklist, item);
    }
    if (properties && checklist)
        json_object_set_new(properties, "checklist", checklist);
    else
        json_decref(checklist);
    if (root && properties)
        json_object_set_new(json_array_get(json_object_get(root, "runs"), 0), "properties",
                            properties);
    else
        json_decref(properties);
    if (root && options->source_root) {
        rc_buf base = RC_BUF_INIT;
        bool ok_base = rc_buf_puts(&base, "file://") && append_encoded(&base, options->source_root);
        if (ok_base && base.data[base.len - 1] != '/')
            ok_base = rc_buf_putc(&base, '/');
        json_t *run = json_array_get(json_object_get(root, "runs"), 0);
        if (ok_base)
            json_object_set_new(run, "originalUriBaseIds",
                                json_pack("{s:{s:s}}", "%SRCROOT%", "uri", rc_buf_str(&base)));
        rc_buf_release(&base);
    }
    return rc_json_dump(root, out);
}

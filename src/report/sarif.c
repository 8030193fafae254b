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

/* A relative URI reference for PATH: "./" dropped, characters outside RFC 3986's unreserved
 * and path sets percent-encoded; absolute paths become file:// URIs. */
static bool path_to_uri(const char *path, rc_buf *out)
{
    rc_buf_clear(out);
    if (path[0] == '/' && !rc_buf_puts(out, "file://"))
        return false;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    static const char keep[] = "-._~/!$&'()*+,;=:@";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || (*p && strchr(keep, *p));
        if (plain ? !rc_buf_putc(out, (char)*p) : !rc_buf_printf(out, "%%%02X", *p))
            return false;
    }
    return true;
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
    return (size_t)(rule - result->pack->rules);
}

static json_t *result_json(const rc_result *result, const rc_finding *f, rc_buf *uri)
{
    if (!path_to_uri(f->path, uri))
        return NULL;
    json_t *location = json_pack(
        "{s:{s:{s:s}, s:{s:I, s:I, s:I}}}", "physicalLocation", "artifactLocation", "uri",
        rc_buf_str(uri), "region", "startLine", (json_int_t)f->line, "startColumn",
        (json_int_t)f->column, "endLine", (json_int_t)f->line);
    json_t *out = json_pack("{s:s, s:I, s:s, s:{s:s}, s:[o], s:{s:s}}", "ruleId", f->rule->id,
                            "ruleIndex", (json_int_t)rule_index(result, f->rule), "level",
                            sarif_level(f->severity), "message", "text", f->message,
                            "locations", location, "partialFingerprints",
                            RC_FINGERPRINT_KEY, f->fingerprint);
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
    rc_buf uri = RC_BUF_INIT;
    bool ok = rules && results;
    for (size_t i = 0; ok && i < result->finding_count; i++) {
        json_t *r = result_json(result, &result->findings[i], &uri);
        ok = r && json_array_append_new(results, r) == 0;
    }
    if (!ok) {
        rc_buf_release(&uri);
        json_decref(rules);
        json_decref(results);
        return false;
    }
    /* Inputs that could not be read or parsed are also tool notifications: the run was
     * incomplete, and code scanning shows that apart from the results. */
    json_t *notifications = json_array();
    for (size_t i = 0; notifications && i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (strcmp(f->rule->tmpl->name, "input-error") != 0 || !path_to_uri(f->path, &uri))
            continue;
        json_array_append_new(
            notifications,
            json_pack("{s:s, s:{s:s}, s:[{s:{s:{s:s}, s:{s:I, s:I}}}]}", "level", "error",
                      "message", "text", f->message, "locations", "physicalLocation",
                      "artifactLocation", "uri", rc_buf_str(&uri), "region", "startLine",
                      (json_int_t)f->line, "startColumn", (json_int_t)f->column));
    }
    rc_buf_release(&uri);
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
    return rc_json_dump(root, out);
}

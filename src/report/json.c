/* json.c - the scripting format; its schema is documented in docs/json-output.md and
 * checked by the test suite (schema version bumps only on incompatible change). */
#include "report/json_util.h"
#include "report/report.h"

static json_t *string_array(const char *const *items, size_t count)
{
    json_t *array = json_array();
    for (size_t i = 0; array && i < count; i++)
        json_array_append_new(array, json_string(items[i]));
    return array;
}

static json_t *finding_json(const rc_finding *f)
{
    json_t *o = json_object();
    json_t *input = json_object();
    if (!o || !input) {
        json_decref(o);
        json_decref(input);
        return NULL;
    }
    rc_json_set_string(o, "rule", f->rule->id);
    rc_json_set_string(o, "name", f->rule->name);
    rc_json_set_string(o, "severity", rc_severity_name(f->severity));
    rc_json_set_string(o, "checklist", f->rule->checklist);
    rc_json_set_string(o, "message", f->message);
    rc_json_set_string(o, "path", f->path);
    rc_json_set_int(o, "line", f->line);
    rc_json_set_int(o, "column", f->column);
    json_object_set_new(o, "rendered_line",
                        f->rendered_line ? json_integer(f->rendered_line) : json_null());
    rc_json_set_string(input, "path", f->input);
    rc_json_set_int(input, "line", f->input_line);
    rc_json_set_int(input, "column", f->input_column);
    json_object_set_new(o, "input", input);
    rc_json_set_string(o, "object", f->object);
    json_object_set_new(o, "values_location",
                        f->values_path ? json_pack("{s:s, s:I, s:I, s:s}", "path", f->values_path,
                                                   "line", (json_int_t)f->values_line, "column",
                                                   (json_int_t)f->values_column, "key",
                                                   f->values_key)
                                       : json_null());
    rc_json_set_string(o, "suppressed", f->suppression);
    return o;
}

static json_t *verdict_json(const rc_verdict *v)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    rc_json_set_string(o, "id", v->item->id);
    rc_json_set_string(o, "title", v->item->title);
    json_object_set_new(o, "weight", json_integer((json_int_t)v->item->weight));
    rc_json_set_string(o, "verdict", rc_verdict_name(v->state));
    rc_json_set_string(o, "na_reason", v->na_reason);
    rc_json_set_int(o, "findings", (long long)v->finding_count);
    json_object_set_new(o, "passed", string_array(v->passed, v->passed_count));
    json_object_set_new(o, "failed", string_array(v->failed, v->failed_count));
    return o;
}

bool rc_report_json(FILE *out, const rc_result *result, const rc_report_options *options)
{
    json_t *root = json_object();
    json_t *summary = json_object();
    json_t *findings = json_array();
    json_t *checklist = json_array();
    if (!root || !summary || !findings || !checklist) {
        json_decref(root);
        json_decref(summary);
        json_decref(findings);
        json_decref(checklist);
        return false;
    }
    long long counts[4] = {0}, suppressed = 0;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->suppression)
            suppressed++;
        else
            counts[f->severity]++;
        json_array_append_new(findings, finding_json(f));
    }
    for (size_t i = 0; i < result->verdict_count; i++)
        json_array_append_new(checklist, verdict_json(&result->verdicts[i]));

    rc_json_set_string(root, "schema", "readyctl/v2");
    rc_json_set_string(root, "tool", "readyctl");
    rc_json_set_string(root, "version", READYCTL_VERSION);
    rc_json_set_string(summary, "profile", result->profile);
    rc_json_set_int(summary, "inputs", (long long)result->input_count);
    rc_json_set_int(summary, "documents", (long long)result->document_count);
    rc_json_set_int(summary, "objects", (long long)result->object_count);
    rc_json_set_int(summary, "input_errors", (long long)result->input_errors);
    rc_json_set_int(summary, "errors", counts[RC_SEVERITY_ERROR]);
    rc_json_set_int(summary, "warnings", counts[RC_SEVERITY_WARNING]);
    rc_json_set_int(summary, "notes", counts[RC_SEVERITY_NOTE]);
    rc_json_set_int(summary, "suppressed", suppressed);
    rc_json_set_int(summary, "skipped", (long long)result->skipped_count);
    rc_json_set_int(summary, "hooks", (long long)result->hook_count);
    json_t *verdict = rc_json_verdict(result, options);
    if (!verdict) {
        json_decref(root);
        json_decref(summary);
        json_decref(findings);
        json_decref(checklist);
        return false;
    }
    /* verdict, reason, exit_code and score in the summary; what was skipped and what was
     * signed beside it. */
    json_object_set(summary, "verdict", json_object_get(verdict, "verdict"));
    json_object_set(summary, "reason", json_object_get(verdict, "reason"));
    json_object_set(summary, "exit_code", json_object_get(verdict, "exit_code"));
    json_object_set(summary, "score", json_object_get(verdict, "score"));
    json_object_set(root, "skipped", json_object_get(verdict, "skipped"));
    json_object_set(root, "signed", json_object_get(verdict, "signed"));
    json_decref(verdict);
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "findings", findings);
    json_object_set_new(root, "checklist", checklist);
    return rc_json_dump(root, out);
}

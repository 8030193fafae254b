#include "report/signoff.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Groups the skipped entries by reason, in order of first appearance. */
static void summarise_skipped(const rc_result *result, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < result->skipped_count; i++) {
        const char *reason = result->skipped[i].reason;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(result->skipped[j].reason, reason) == 0;
        if (seen)
            continue;
        size_t count = 0;
        for (size_t j = i; j < result->skipped_count; j++)
            count += strcmp(result->skipped[j].reason, reason) == 0;
        int n = snprintf(out + used, size - used, "%s%zu × %s", used ? ", " : "", count, reason);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

void rc_signoff_summarise(const rc_result *result, const rc_report_options *options,
                          rc_signoff *out)
{
    (void)options;
    memset(out, 0, sizeof *out);
    out->state = result->state;
    out->verdict = rc_release_state_name(result->state);
    out->ready = result->state == RC_RELEASE_READY;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (f->suppression)
            out->suppressed++;
        else if (f->severity == RC_SEVERITY_ERROR)
            out->errors++;
        else if (f->severity == RC_SEVERITY_WARNING)
            out->warnings++;
        else
            out->notes++;
    }
    if (!result->scored) {
        snprintf(out->score_text, sizeof out->score_text, "n/a");
    } else {
        double rounded = round(result->score * 10.0) / 10.0;
        snprintf(out->score_text, sizeof out->score_text,
                 rounded == floor(rounded) ? "%.0f" : "%.1f", rounded);
    }
    summarise_skipped(result, out->skipped_text, sizeof out->skipped_text);
    int n = 0;
    if (out->skipped_text[0])
        n = snprintf(out->scope_text, sizeof out->scope_text, "skipped: %s", out->skipped_text);
    if (result->hook_count && n >= 0 && (size_t)n < sizeof out->scope_text)
        snprintf(out->scope_text + n, sizeof out->scope_text - (size_t)n,
                 "%s%zu helm hook%s judged by object rules only", n ? " · " : "",
                 result->hook_count, result->hook_count == 1 ? "" : "s");
}

const char *rc_signoff_mark(rc_verdict_state state)
{
    switch (state) {
    case RC_VERDICT_PASS:
        return "✅";
    case RC_VERDICT_WARN:
        return "⚠️";
    case RC_VERDICT_FAIL:
        return "❌";
    case RC_VERDICT_NA:
        break;
    }
    return "➖";
}

bool rc_signoff_counts(const rc_finding *finding, const rc_checklist_item *item)
{
    return !finding->suppression && finding->severity >= RC_SEVERITY_WARNING &&
           finding->rule->checklist && strcmp(finding->rule->checklist, item->id) == 0;
}

void rc_signoff_reason(const rc_result *result, const rc_signoff *s, rc_buf *out)
{
    const char *fail_on = rc_severity_name(result->fail_on);
    switch (result->state) {
    case RC_RELEASE_INPUT_ERROR:
        rc_buf_printf(out,
                      "%zu input error%s: part of the release could not be read or parsed (the "
                      "rest was linted).",
                      result->input_errors, result->input_errors == 1 ? "" : "s");
        return;
    case RC_RELEASE_NOTHING_JUDGED:
        rc_buf_printf(out,
                      "No checklist item applies to the %zu object%s read from %zu document%s, "
                      "so there is no score",
                      result->object_count, result->object_count == 1 ? "" : "s",
                      result->document_count, result->document_count == 1 ? "" : "s");
        if (s->skipped_text[0])
            rc_buf_printf(out, "; skipped: %s", s->skipped_text);
        rc_buf_puts(out, ".");
        return;
    case RC_RELEASE_NOT_READY: {
        size_t at_or_above = 0;
        for (size_t i = 0; i < result->finding_count; i++) {
            const rc_finding *f = &result->findings[i];
            at_or_above += !f->suppression && result->fail_on != RC_SEVERITY_NONE &&
                           f->severity >= result->fail_on;
        }
        if (at_or_above)
            rc_buf_printf(out, "%zu finding%s at or above %s (--fail-on)", at_or_above,
                          at_or_above == 1 ? "" : "s", fail_on);
        if (result->scored && result->score < result->min_score)
            rc_buf_printf(out, "%sscore %s is under --min-score %g", at_or_above ? "; " : "",
                          s->score_text, result->min_score);
        rc_buf_puts(out, ".");
        return;
    }
    case RC_RELEASE_READY:
        break;
    }
    if (result->fail_on == RC_SEVERITY_NONE)
        rc_buf_puts(out, "No finding gate (--fail-on none)");
    else
        rc_buf_printf(out, "No finding at or above %s", fail_on);
    rc_buf_printf(out, "; score %s of at least %g.", s->score_text, result->min_score);
}

static bool flow_scalar(const rc_node *node, rc_buf *out)
{
    const char *text = rc_node_text(node);
    bool plain = text[0] && !strpbrk(text, ":{}[],#&*!|>'\"%@`") && text[0] != ' ' &&
                 text[0] != '-' && text[strlen(text) - 1] != ' ';
    if (plain && node->as.scalar.style != RC_SCALAR_QUOTED)
        return rc_buf_puts(out, text);
    bool ok = rc_buf_putc(out, '\'');
    for (const char *p = text; ok && *p; p++)
        ok = *p == '\'' ? rc_buf_puts(out, "''") : rc_buf_putc(out, *p == '\n' ? ' ' : *p);
    return ok && rc_buf_putc(out, '\'');
}

/* An explicit stack: the loader bounds nesting, the config file is small. */
bool rc_signoff_flow(const rc_node *node, rc_buf *out)
{
    enum { DEPTH = 16 };
    struct {
        const rc_node *node;
        size_t next;
    } stack[DEPTH];
    size_t depth = 0;
    bool ok = true;
    if (!node)
        return true;
    if (node->kind == RC_NODE_SCALAR)
        return flow_scalar(node, out);
    stack[depth].node = node;
    stack[depth++].next = 0;
    ok = rc_buf_putc(out, node->kind == RC_NODE_MAP ? '{' : '[');
    while (ok && depth) {
        const rc_node *top = stack[depth - 1].node;
        size_t i = stack[depth - 1].next++;
        if (i >= rc_node_count(top)) {
            ok = rc_buf_putc(out, top->kind == RC_NODE_MAP ? '}' : ']');
            depth--;
            continue;
        }
        if (i)
            ok = rc_buf_puts(out, ", ");
        const rc_node *child;
        if (top->kind == RC_NODE_MAP) {
            ok = ok && flow_scalar(top->as.map.pairs[i].key, out) && rc_buf_puts(out, ": ");
            child = top->as.map.pairs[i].value;
        } else {
            child = top->as.seq.items[i];
        }
        if (!ok)
            break;
        if (child->kind == RC_NODE_SCALAR) {
            ok = flow_scalar(child, out);
        } else if (depth == DEPTH) {
            ok = rc_buf_puts(out, "...");
        } else {
            stack[depth].node = child;
            stack[depth++].next = 0;
            ok = rc_buf_putc(out, child->kind == RC_NODE_MAP ? '{' : '[');
        }
    }
    return ok;
}

size_t rc_signoff_record(const rc_result *result, rc_signoff_field *fields, rc_buf *storage)
{
    /* Offsets into STORAGE, turned into pointers once it stops growing. */
    size_t offsets[RC_SIGNOFF_FIELDS];
    const char *labels[RC_SIGNOFF_FIELDS];
    size_t n = 0;
    rc_buf_clear(storage);
#define FIELD(label_, ...)                                                                     \
    do {                                                                                       \
        labels[n] = label_;                                                                    \
        offsets[n++] = storage->len;                                                           \
        rc_buf_printf(storage, __VA_ARGS__);                                                   \
        rc_buf_putc(storage, '\0');                                                            \
    } while (0)
    if (result->chart_name)
        FIELD("chart", "%s%s%s", result->chart_name, result->chart_version ? " " : "",
              result->chart_version ? result->chart_version : "");
    if (result->values_count) {
        labels[n] = "values files";
        offsets[n++] = storage->len;
        for (size_t i = 0; i < result->values_count; i++)
            rc_buf_printf(storage, "%s%s", i ? ", " : "", result->values_files[i]);
        rc_buf_putc(storage, '\0');
    }
    FIELD("readyctl", "%s", READYCTL_VERSION);
    if (result->pack_version)
        FIELD("rule pack", "%s", result->pack_version);
    FIELD("profile", "%s", result->profile ? result->profile : "prod");
    FIELD("settings", "%s", result->config_path ? result->config_path : "none (defaults)");
    labels[n] = "declared requirements";
    offsets[n++] = storage->len;
    if (result->requirements)
        rc_signoff_flow(result->requirements->node, storage);
    else
        rc_buf_puts(storage, "none");
    rc_buf_putc(storage, '\0');
    if (result->date)
        FIELD("date", "%s", result->date);
#undef FIELD
    const char *base = rc_buf_str(storage);
    for (size_t i = 0; i < n; i++) {
        fields[i].label = labels[i];
        fields[i].value = base + offsets[i];
    }
    return n;
}

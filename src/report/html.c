/* html.c - the release sign-off as one self-contained HTML page: inline CSS and SVG, no
 * script, no network. A score gauge, one row per checklist item, and each item's evidence
 * in a <details> element (failed objects with their findings, passed objects). */
#include <math.h>
#include <stdio.h>

#include "report/markup.h"
#include "report/report.h"
#include "report/signoff.h"

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;"
    "background:#f5f6f8;color:#1d2330}"
    "main{max-width:1040px;margin:0 auto;padding:28px}"
    "header{display:flex;gap:28px;align-items:center;background:#fff;border-radius:10px;"
    "padding:20px 26px;box-shadow:0 1px 3px #0002}"
    "h1{margin:0 0 6px;font-size:26px}.meta{color:#586174}"
    ".verdict{display:inline-block;padding:3px 12px;border-radius:14px;font-weight:700;"
    "color:#fff}.ready{background:#1f8b4c}.not-ready{background:#c62f3b}"
    "table{width:100%;border-collapse:collapse;margin-top:22px;background:#fff;"
    "border-radius:10px;overflow:hidden;box-shadow:0 1px 3px #0002}"
    "th,td{padding:9px 12px;text-align:left;border-bottom:1px solid #e6e8ec}"
    "th{background:#eef0f4;font-size:13px;text-transform:uppercase;color:#586174}"
    ".badge{font-weight:700;font-size:12px;padding:2px 9px;border-radius:10px;color:#fff}"
    ".pass{background:#1f8b4c}.warn{background:#b26a00}.fail{background:#c62f3b}"
    ".na{background:#8a93a6}header svg{flex:none}"
    ".record{width:auto;margin-top:10px;background:none;box-shadow:none;border-radius:0;"
    "font-size:13px;color:#586174}.record th,.record td{padding:2px 12px 2px 0;border:none;"
    "background:none;text-transform:none;font-size:13px;vertical-align:top}"
    ".record th{font-weight:600;white-space:nowrap}.record code{word-break:break-word}"
    "details{background:#fff;border-radius:10px;margin-top:14px;padding:12px 18px;"
    "box-shadow:0 1px 3px #0002}summary{cursor:pointer;font-weight:600;font-size:16px}"
    "ul{padding-left:20px}li{margin:3px 0}code{font-size:13px;background:#eef0f4;"
    "padding:1px 5px;border-radius:4px}.sev-error{color:#c62f3b;font-weight:600}"
    ".sev-warning{color:#b26a00;font-weight:600}.objects{color:#586174}";

/* A ring filled to SCORE percent: green when ready, red otherwise. */
static void score_gauge(FILE *out, double score, bool ready, const char *text)
{
    const double radius = 52, circumference = 2 * 3.14159265358979 * radius;
    double filled = circumference * (score < 0 ? 0 : score > 100 ? 100 : score) / 100.0;
    fprintf(out,
            "<svg width=\"132\" height=\"132\" viewBox=\"0 0 132 132\" role=\"img\" "
            "aria-label=\"score %s of 100\">"
            "<circle cx=\"66\" cy=\"66\" r=\"52\" fill=\"none\" stroke=\"#e6e8ec\" "
            "stroke-width=\"14\"/>"
            "<circle cx=\"66\" cy=\"66\" r=\"52\" fill=\"none\" stroke=\"%s\" stroke-width=\"14\" "
            "stroke-dasharray=\"%.2f %.2f\" transform=\"rotate(-90 66 66)\"/>"
            "<text x=\"66\" y=\"72\" text-anchor=\"middle\" font-size=\"26\" font-weight=\"700\" "
            "fill=\"#1d2330\">%s</text>"
            "<text x=\"66\" y=\"92\" text-anchor=\"middle\" font-size=\"11\" fill=\"#586174\">"
            "of 100</text></svg>",
            text, ready ? "#1f8b4c" : "#c62f3b", filled, circumference - filled, text);
}

/* The verdict's CSS class: its name, "n/a" spelled as a class can be. */
static const char *badge_class(rc_verdict_state state)
{
    return state == RC_VERDICT_NA ? "na" : rc_verdict_name(state);
}

static void objects(FILE *out, const char *label, const char *const *items, size_t count)
{
    if (!count)
        return;
    fprintf(out, "<p class=\"objects\"><b>%s (%zu):</b> ", label, count);
    for (size_t i = 0; i < count; i++) {
        fputs(i ? ", " : "", out);
        fputs("<code>", out);
        rc_markup_escaped(out, items[i]);
        fputs("</code>", out);
    }
    fputs("</p>\n", out);
}

static void item_details(FILE *out, const rc_result *result, const rc_verdict *v)
{
    fprintf(out, "<details%s><summary><span class=\"badge %s\">%s</span> ",
            v->state == RC_VERDICT_FAIL ? " open" : "", badge_class(v->state),
            rc_verdict_name(v->state));
    rc_markup_escaped(out, v->item->title);
    fputs("</summary>\n<p>", out);
    rc_markup_escaped(out, v->item->description);
    fputs("</p>\n", out);
    if (v->state == RC_VERDICT_NA) {
        fputs("<p class=\"objects\">Not applicable: ", out);
        rc_markup_escaped(out, v->na_reason);
        fputs(".</p></details>\n", out);
        return;
    }
    objects(out, "Failed", v->failed, v->failed_count);
    bool open = false;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (!rc_signoff_counts(f, v->item))
            continue;
        if (!open)
            fputs("<ul>\n", out);
        open = true;
        fprintf(out, "<li><span class=\"sev-%s\">%s</span> <code>", rc_severity_name(f->severity),
                rc_severity_name(f->severity));
        rc_markup_escaped(out, f->path);
        fprintf(out, ":%u:%u</code> ", (unsigned)f->line, (unsigned)f->column);
        rc_markup_escaped(out, f->message);
        fprintf(out, " <code>%s</code></li>\n", f->rule->id);
    }
    if (open)
        fputs("</ul>\n", out);
    objects(out, "Passed", v->passed, v->passed_count);
    fputs("</details>\n", out);
}

bool rc_report_html(FILE *out, const rc_result *result, const rc_report_options *options)
{
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>Release readiness</title><style>",
          out);
    fputs(style, out);
    fputs("</style></head><body><main>\n<header>", out);
    score_gauge(out, result->scored ? result->score : 0, s.ready, s.score_text);
    fprintf(out, "<div><h1>Release readiness <span class=\"verdict %s\">%s</span></h1>",
            s.ready ? "ready" : "not-ready", s.verdict);
    rc_buf text = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &text);
    fputs("<p>", out);
    rc_markup_escaped(out, rc_buf_str(&text));
    fputs("</p>", out);
    fprintf(out, "<div class=\"meta\">Profile <b>");
    rc_markup_escaped(out, result->profile);
    fprintf(out, "</b> · %zu object%s in %zu document%s · %zu error%s, %zu warning%s, %zu note%s, "
                 "%zu suppressed",
            result->object_count, result->object_count == 1 ? "" : "s", result->document_count,
            result->document_count == 1 ? "" : "s", s.errors, s.errors == 1 ? "" : "s",
            s.warnings, s.warnings == 1 ? "" : "s", s.notes, s.notes == 1 ? "" : "s",
            s.suppressed);
    if (result->input_errors)
        fprintf(out, " · <b>%zu input error%s: part of the release was not linted</b>",
                result->input_errors, result->input_errors == 1 ? "" : "s");
    if (s.scope_text[0]) {
        fputs(" · ", out);
        rc_markup_escaped(out, s.scope_text);
    }
    fputs("</div><table class=\"record\">", out);
    rc_signoff_field fields[RC_SIGNOFF_FIELDS];
    size_t field_count = rc_signoff_record(result, fields, &text);
    for (size_t i = 0; i < field_count; i++) {
        fprintf(out, "<tr><th>%s</th><td><code>", fields[i].label);
        rc_markup_escaped(out, fields[i].value);
        fputs("</code></td></tr>", out);
    }
    rc_buf_release(&text);
    fputs("</table></div></header>\n<table><tr><th>item</th><th>weight</th><th>verdict</th>"
          "<th>findings</th><th>objects checked</th></tr>\n",
          out);
    for (size_t i = 0; i < result->verdict_count; i++) {
        const rc_verdict *v = &result->verdicts[i];
        fputs("<tr><td>", out);
        rc_markup_escaped(out, v->item->title);
        fprintf(out, "</td><td>%.0f</td><td><span class=\"badge %s\">%s</span></td><td>%zu</td>"
                     "<td>%zu</td></tr>\n",
                v->item->weight, badge_class(v->state), rc_verdict_name(v->state),
                v->finding_count, v->passed_count + v->failed_count);
    }
    fputs("</table>\n", out);
    for (size_t i = 0; i < result->verdict_count; i++)
        item_details(out, result, &result->verdicts[i]);
    fputs("</main></body></html>\n", out);
    return !ferror(out);
}

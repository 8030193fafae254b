#include "report/report.h"

#include <string.h>

static const rc_report_format formats[] = {
    {"checklist", "the release sign-off checklist in Markdown", rc_report_checklist},
    {"github", "GitHub Actions ::error/::warning annotations", rc_report_github},
    {"html", "the release sign-off as a self-contained HTML page", rc_report_html},
    {"json", "findings, checklist and score for scripts (schema in docs/json-output.md)",
     rc_report_json},
    {"junit", "JUnit XML: a testsuite per rule, a testcase per object", rc_report_junit},
    {"sarif", "SARIF 2.1.0 for code scanning", rc_report_sarif},
    {"text", "file:line:col: severity: message [rule-id] (the default)", rc_report_text},
};

const rc_report_format *rc_report_find(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    }
    return NULL;
}

const rc_report_format *rc_report_formats(size_t *count)
{
    *count = sizeof formats / sizeof formats[0];
    return formats;
}

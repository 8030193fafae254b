/* report.h - output formats. Each format writes a whole rc_result to a stream.
 *
 * Formats are registered in one table (report.c); the CLI looks them up by name. Writers
 * borrow everything they are given and return false only when the stream fails or memory
 * runs out. Secret values never reach a report: checks redact them in their messages. */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/result.h"

typedef struct rc_report_options {
    bool color;               /* ANSI colour (text only); the CLI sets it for a TTY */
    int exit_code;            /* the run's exit code, for SARIF invocations */
    const char *category;     /* SARIF automationDetails.id; NULL: "readyctl/" */
    const char *source_root;  /* absolute; SARIF URIs are relative to it (NULL: as given) */
    const char *working_dir;  /* absolute; what relative input paths are relative to */
} rc_report_options;

typedef bool (*rc_report_fn)(FILE *out, const rc_result *result,
                             const rc_report_options *options);

typedef struct rc_report_format {
    const char *name;
    const char *summary;
    rc_report_fn write;
} rc_report_format;

/* NULL when no format has NAME. */
const rc_report_format *rc_report_find(const char *name);
const rc_report_format *rc_report_formats(size_t *count);

bool rc_report_text(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_json(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_sarif(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_junit(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_checklist(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_html(FILE *out, const rc_result *result, const rc_report_options *options);
bool rc_report_github(FILE *out, const rc_result *result, const rc_report_options *options);

#endif

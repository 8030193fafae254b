/* rule.h - one rule of the pack: metadata plus a check template and its compiled parameters.
 * Rules are owned by their rc_pack (pack.h); everything here is borrowed from it. */
#ifndef RC_RULE_H
#define RC_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/params.h"

typedef enum rc_severity {
    RC_SEVERITY_NONE = 0, /* only as a --fail-on threshold: never fail */
    RC_SEVERITY_NOTE = 1,
    RC_SEVERITY_WARNING = 2,
    RC_SEVERITY_ERROR = 3,
} rc_severity;

const char *rc_severity_name(rc_severity severity);
/* Accepts error, warning, note (and none when ALLOW_NONE). */
bool rc_severity_parse(const char *text, bool allow_none, rc_severity *out);

typedef enum rc_scope {
    RC_SCOPE_OBJECT,  /* judges one object: runs on any subset of files */
    RC_SCOPE_RELEASE, /* needs the whole release */
} rc_scope;

const char *rc_scope_name(rc_scope scope);

typedef struct rc_template rc_template;

typedef struct rc_rule {
    const char *id;           /* stable: the SARIF ruleId */
    const char *name;         /* slug */
    const char *checklist;    /* checklist item id, or NULL */
    rc_severity severity;
    const char *summary;      /* one line */
    const char *description;  /* paragraphs */
    const char *remediation;
    const char *const *tags;
    size_t tag_count;
    const rc_template *tmpl;
    rc_params params;
    bool disabled;            /* turned off by the project's .readyctl.yaml */
    const char *file;         /* where the rule was defined, for diagnostics */
    uint32_t line;
} rc_rule;

#endif

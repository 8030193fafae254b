#include "rules/rule.h"

#include <string.h>

const char *rc_severity_name(rc_severity severity)
{
    switch (severity) {
    case RC_SEVERITY_ERROR:
        return "error";
    case RC_SEVERITY_WARNING:
        return "warning";
    case RC_SEVERITY_NOTE:
        return "note";
    case RC_SEVERITY_NONE:
        break;
    }
    return "none";
}

bool rc_severity_parse(const char *text, bool allow_none, rc_severity *out)
{
    static const rc_severity all[] = {RC_SEVERITY_ERROR, RC_SEVERITY_WARNING, RC_SEVERITY_NOTE,
                                      RC_SEVERITY_NONE};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (all[i] == RC_SEVERITY_NONE && !allow_none)
            continue;
        if (text && strcmp(text, rc_severity_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

const char *rc_scope_name(rc_scope scope)
{
    return scope == RC_SCOPE_RELEASE ? "release" : "object";
}

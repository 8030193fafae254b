#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rc_regex {
    pcre2_code *code;
    pcre2_match_data *match;
    char *pattern;
    bool jit_pending; /* JIT-compile on the first match: most patterns of a run never match */
};

rc_regex *rc_regex_compile(const char *pattern, bool caseless, char *err, size_t err_size)
{
    int code_error;
    PCRE2_SIZE offset;
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                                     &code_error, &offset, NULL);
    if (!code) {
        PCRE2_UCHAR message[200];
        pcre2_get_error_message(code_error, message, sizeof message);
        snprintf(err, err_size, "invalid regular expression at offset %zu: %s",
                 (size_t)offset + 1, (const char *)message);
        return NULL;
    }
    rc_regex *regex = calloc(1, sizeof *regex);
    pcre2_match_data *match = pcre2_match_data_create_from_pattern(code, NULL);
    char *copy = strdup(pattern);
    if (!regex || !match || !copy) {
        free(regex);
        free(copy);
        pcre2_match_data_free(match);
        pcre2_code_free(code);
        snprintf(err, err_size, "out of memory compiling a regular expression");
        return NULL;
    }
    regex->code = code;
    regex->match = match;
    regex->pattern = copy;
    /* JIT is an optimisation: a platform without it still matches, just slower. Valgrind
     * cannot follow JIT-generated code (it reports its reads as uninitialised), so
     * READYCTL_NO_JIT turns it off for memcheck runs. */
    regex->jit_pending = !getenv("READYCTL_NO_JIT");
    return regex;
}

bool rc_regex_match(const rc_regex *regex, const char *subject, size_t len)
{
    if (regex->jit_pending) {
        /* The one mutation a match makes, under the same one-thread-per-pattern rule as the
         * match data it already writes. */
        rc_regex *own = (rc_regex *)regex;
        own->jit_pending = false;
        (void)pcre2_jit_compile(own->code, PCRE2_JIT_COMPLETE);
    }
    int rc = pcre2_match(regex->code, (PCRE2_SPTR)subject, len, 0, 0, regex->match, NULL);
    return rc >= 0;
}

const char *rc_regex_pattern(const rc_regex *regex)
{
    return regex->pattern;
}

void rc_regex_free(rc_regex *regex)
{
    if (!regex)
        return;
    pcre2_match_data_free(regex->match);
    pcre2_code_free(regex->code);
    free(regex->pattern);
    free(regex);
}

#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rc_regex {
    char *pattern;
    uint32_t options;
    /* Set, with release order, once CODE is final (compiled and JIT-compiled, or known not to
     * compile): a match that reads it with acquire order may use CODE without the lock. */
    atomic_bool ready;
    pthread_mutex_t lock; /* serialises the one-time work of the first matches */
    pcre2_code *code;     /* NULL until compiled; stays NULL when the pattern does not */
};

static uint32_t options_for(bool caseless)
{
    return PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
}

static pcre2_code *compile_code(const char *pattern, uint32_t options, char *err,
                                size_t err_size)
{
    int code_error;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                                     &code_error, &offset, NULL);
    if (!code && err) {
        PCRE2_UCHAR message[200];
        pcre2_get_error_message(code_error, message, sizeof message);
        snprintf(err, err_size, "invalid regular expression at offset %zu: %s",
                 (size_t)offset + 1, (const char *)message);
    }
    return code;
}

static rc_regex *make(const char *pattern, bool caseless)
{
    rc_regex *regex = calloc(1, sizeof *regex);
    char *copy = strdup(pattern);
    if (!regex || !copy || pthread_mutex_init(&regex->lock, NULL) != 0) {
        free(regex);
        free(copy);
        return NULL;
    }
    regex->pattern = copy;
    regex->options = options_for(caseless);
    atomic_init(&regex->ready, false);
    return regex;
}

rc_regex *rc_regex_compile(const char *pattern, bool caseless, char *err, size_t err_size)
{
    pcre2_code *code = compile_code(pattern, options_for(caseless), err, err_size);
    if (!code)
        return NULL;
    rc_regex *regex = make(pattern, caseless);
    if (!regex) {
        pcre2_code_free(code);
        snprintf(err, err_size, "out of memory compiling a regular expression");
        return NULL;
    }
    regex->code = code;
    return regex;
}

rc_regex *rc_regex_defer(const char *pattern, bool caseless)
{
    return make(pattern, caseless);
}

/* The first match's one-time work: compile (when deferred) and JIT-compile. A concurrent
 * first match waits on the lock and then finds the work done. */
static void prepare(rc_regex *regex)
{
    pthread_mutex_lock(&regex->lock);
    if (!atomic_load_explicit(&regex->ready, memory_order_relaxed)) {
        if (!regex->code)
            regex->code = compile_code(regex->pattern, regex->options, NULL, 0);
        /* JIT is an optimisation: a platform without it still matches, just slower.
         * Valgrind cannot follow JIT-generated code (it reports its reads as
         * uninitialised), so READYCTL_NO_JIT turns it off for memcheck runs. Asked here,
         * not at creation: the pack makes 86 patterns and a run uses few. */
        if (regex->code && !getenv("READYCTL_NO_JIT"))
            (void)pcre2_jit_compile(regex->code, PCRE2_JIT_COMPLETE);
        atomic_store_explicit(&regex->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&regex->lock);
}

bool rc_regex_match(const rc_regex *regex, const char *subject, size_t len)
{
    /* The pattern is logically const: preparing it once changes no match's answer. It was
     * allocated writable by make(), so the cast is sound. */
    rc_regex *own = (rc_regex *)regex;
    if (!atomic_load_explicit(&own->ready, memory_order_acquire))
        prepare(own);
    if (!own->code)
        return false;
    /* Match data of this call's own: one pair is enough to learn whether it matched, and
     * nothing shared is written, so threads need no lock here. */
    pcre2_match_data *match = pcre2_match_data_create(1, NULL);
    if (!match)
        return false;
    int rc = pcre2_match(own->code, (PCRE2_SPTR)subject, len, 0, 0, match, NULL);
    pcre2_match_data_free(match);
    return rc >= 0;
}

const char *rc_regex_pattern(const rc_regex *regex)
{
    return regex->pattern;
}

bool rc_regex_is_compiled(const rc_regex *regex)
{
    rc_regex *own = (rc_regex *)regex;
    pthread_mutex_lock(&own->lock);
    bool compiled = own->code != NULL;
    pthread_mutex_unlock(&own->lock);
    return compiled;
}

void rc_regex_free(rc_regex *regex)
{
    if (!regex)
        return;
    pcre2_code_free(regex->code);
    pthread_mutex_destroy(&regex->lock);
    free(regex->pattern);
    free(regex);
}

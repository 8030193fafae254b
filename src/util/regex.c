#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JIT compiling a pattern costs about as much as 50 short interpreted matches (measured with
 * the default pack's patterns: some 75,000 instructions against 1,400 saved per match of a
 * label or a name), and most patterns of a run are matched a few times. So a pattern is
 * interpreted until its matches have done this much work, counted as 64 plus the subject's
 * length per match, and JIT-compiled then: a hot pattern, or one scanning whole files, soon
 * is; the rest never pay for it. */
enum { JIT_AFTER_WORK = 4096 };

struct rc_regex {
    char *pattern;
    uint32_t options;
    /* Set, with release order, once CODE is final (compiled, or known not to compile): a
     * match that reads it with acquire order may use CODE without the lock. */
    atomic_bool ready;
    pthread_mutex_t lock;  /* serialises the one-time work: compiling, JIT compiling */
    pcre2_code *code;      /* interpreted; NULL until compiled, or when it does not compile */
    /* A JIT-compiled copy of CODE, published once made (CODE itself is never JIT-compiled:
     * pcre2_jit_compile writes to the code it compiles, which matches in flight may read). */
    _Atomic(pcre2_code *) jit;
    atomic_size_t work;    /* interpreted matching work so far (see JIT_AFTER_WORK) */
    /* Set under LOCK once JIT compiling was tried (done, or JIT off or unavailable); read
     * without it so that a pattern past its threshold takes the lock no more. */
    atomic_bool jit_tried;
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
    atomic_init(&regex->jit, NULL);
    atomic_init(&regex->work, 0);
    atomic_init(&regex->jit_tried, false);
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

/* The first match's one-time work: compile a deferred pattern. A concurrent first match waits
 * on the lock and then finds the work done. */
static void prepare(rc_regex *regex)
{
    pthread_mutex_lock(&regex->lock);
    if (!atomic_load_explicit(&regex->ready, memory_order_relaxed)) {
        if (!regex->code)
            regex->code = compile_code(regex->pattern, regex->options, NULL, 0);
        atomic_store_explicit(&regex->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&regex->lock);
}

/* Once: JIT-compile a copy of the code and publish it. JIT is an optimisation: where PCRE2
 * has none, or memory runs out, the pattern stays interpreted. Valgrind cannot follow
 * JIT-generated code (it reports its reads as uninitialised), so READYCTL_NO_JIT turns it off
 * for memcheck runs. */
static void jit_compile(rc_regex *regex)
{
    pthread_mutex_lock(&regex->lock);
    if (!atomic_load_explicit(&regex->jit_tried, memory_order_relaxed)) {
        atomic_store_explicit(&regex->jit_tried, true, memory_order_relaxed);
        pcre2_code *copy = getenv("READYCTL_NO_JIT") ? NULL : pcre2_code_copy(regex->code);
        if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0)
            atomic_store_explicit(&regex->jit, copy, memory_order_release);
        else
            pcre2_code_free(copy);
    }
    pthread_mutex_unlock(&regex->lock);
}

bool rc_regex_match(const rc_regex *regex, const char *subject, size_t len)
{
    /* The pattern is logically const: compiling it changes no match's answer. It was
     * allocated writable by make(), so the cast is sound. */
    rc_regex *own = (rc_regex *)regex;
    if (!atomic_load_explicit(&own->ready, memory_order_acquire))
        prepare(own);
    if (!own->code)
        return false;
    pcre2_code *code = atomic_load_explicit(&own->jit, memory_order_acquire);
    if (!code) {
        code = own->code;
        size_t work = 64 + (len < JIT_AFTER_WORK ? len : JIT_AFTER_WORK);
        if (!atomic_load_explicit(&own->jit_tried, memory_order_relaxed) &&
            atomic_fetch_add_explicit(&own->work, work, memory_order_relaxed) + work >=
                JIT_AFTER_WORK) {
            jit_compile(own);
            pcre2_code *jit = atomic_load_explicit(&own->jit, memory_order_acquire);
            code = jit ? jit : own->code;
        }
    }
    /* Match data of this call's own: one pair is enough to learn whether it matched, and
     * nothing shared is written, so threads need no lock here. */
    pcre2_match_data *match = pcre2_match_data_create(1, NULL);
    if (!match)
        return false;
    int rc = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, match, NULL);
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

bool rc_regex_is_jit_compiled(const rc_regex *regex)
{
    return atomic_load_explicit(&((rc_regex *)regex)->jit, memory_order_acquire) != NULL;
}

void rc_regex_free(rc_regex *regex)
{
    if (!regex)
        return;
    pcre2_code_free(atomic_load_explicit(&regex->jit, memory_order_relaxed));
    pcre2_code_free(regex->code);
    pthread_mutex_destroy(&regex->lock);
    free(regex->pattern);
    free(regex);
}

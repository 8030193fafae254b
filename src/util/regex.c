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
    char *pattern;         /* NULL for a joined one until its first match joins PARTS */
    const char *const *parts; /* rc_regex_defer_any: the patterns to join (borrowed) */
    size_t part_count;
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

rc_regex *rc_regex_defer_any(const char *const *patterns, size_t count)
{
    rc_regex *regex = make("", false);
    if (!regex)
        return NULL;
    free(regex->pattern);
    regex->pattern = NULL;
    regex->parts = patterns;
    regex->part_count = count;
    return regex;
}

/* Whether PATTERN means the same inside a group of an alternation as alone: not when it
 * refers to groups by number or name (\1, \g, \k, (?1), (?R), (?+1), (?&name), (?P=...)),
 * which the other patterns' groups would shift or duplicate. */
static bool joinable(const char *pattern)
{
    for (const char *c = pattern; *c; c++) {
        if (c[0] == '\\' && c[1]) {
            if ((c[1] >= '0' && c[1] <= '9') || c[1] == 'g' || c[1] == 'k')
                return false;
            c++;
        } else if (c[0] == '(' && c[1] == '?' && c[2] && strchr("0123456789+-R&P", c[2])) {
            return false;
        }
    }
    return true;
}

/* PARTS joined as (?:p1)|(?:p2)|..., or NULL when one is not joinable or memory runs out. */
static char *join_parts(const char *const *parts, size_t count)
{
    size_t bytes = 1;
    for (size_t i = 0; i < count; i++) {
        if (!joinable(parts[i]))
            return NULL;
        bytes += strlen(parts[i]) + sizeof "|(?:)";
    }
    char *joined = malloc(bytes);
    size_t used = 0;
    for (size_t i = 0; joined && i < count; i++)
        used += (size_t)snprintf(joined + used, bytes - used, "%s(?:%s)", i ? "|" : "", parts[i]);
    return joined;
}

/* Memory for one JIT match's context and match data, in the matching call's stack frame:
 * handed out in order, never freed one by one (the frame goes). */
typedef struct stack_memory {
    _Alignas(16) unsigned char bytes[512];
    size_t used;
} stack_memory;

static void *stack_alloc(size_t size, void *data)
{
    stack_memory *memory = data;
    size_t rounded = (size + 15) & ~(size_t)15;
    if (rounded < size || rounded > sizeof memory->bytes - memory->used)
        return NULL;
    void *at = memory->bytes + memory->used;
    memory->used += rounded;
    return at;
}

static void stack_free(void *block, void *data)
{
    (void)block;
    (void)data;
}

/* The first match's one-time work: compile a deferred pattern. A concurrent first match waits
 * on the lock and then finds the work done. */
static void prepare(rc_regex *regex)
{
    pthread_mutex_lock(&regex->lock);
    if (!atomic_load_explicit(&regex->ready, memory_order_relaxed)) {
        if (regex->parts && !regex->pattern)
            regex->pattern = join_parts(regex->parts, regex->part_count);
        if (!regex->code && regex->pattern)
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
    return rc_regex_try_match(regex, subject, len) == 1;
}

int rc_regex_try_match(const rc_regex *regex, const char *subject, size_t len)
{
    /* The pattern is logically const: compiling it changes no match's answer. It was
     * allocated writable by make(), so the cast is sound. */
    rc_regex *own = (rc_regex *)regex;
    if (!atomic_load_explicit(&own->ready, memory_order_acquire))
        prepare(own);
    if (!own->code)
        return -1;
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
     * nothing shared is written, so threads need no lock here. JIT-compiled code never asks
     * the match data for memory (its frames are on its own stack), so there the match data is
     * made in this call's stack frame rather than by malloc, which cost as much as the match
     * of a short key name; the interpreter may ask for memory and gets the heap's. */
    if (code != own->code) {
        stack_memory memory = {.used = 0};
        pcre2_general_context *context =
            pcre2_general_context_create(stack_alloc, stack_free, &memory);
        pcre2_match_data *match = context ? pcre2_match_data_create(1, context) : NULL;
        if (match)
            return pcre2_jit_match(code, (PCRE2_SPTR)subject, len, 0, 0, match, NULL) >= 0;
    }
    pcre2_match_data *match = pcre2_match_data_create(1, NULL);
    if (!match)
        return 0;
    int rc = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, match, NULL);
    pcre2_match_data_free(match);
    return rc >= 0;
}

const char *rc_regex_pattern(const rc_regex *regex)
{
    /* A joined pattern's text is made at its first match, under its lock: not read here. */
    return regex->parts ? "" : regex->pattern;
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

/* regex.h - PCRE2 patterns, compiled once (with JIT where available) and matched many times,
 * from any number of threads at once.
 *
 * Two ways to make a pattern:
 *   rc_regex_compile  compiles now: for patterns from user input (a --rules pack, the
 *                     project's .readyctl.yaml, a release's own matchers), whose errors must
 *                     be reported where they were written;
 *   rc_regex_defer    compiles on the first match: for the built-in pack's patterns, which
 *                     tools/pack_compile already compiled when the binary was built, so a run
 *                     pays only for the patterns it actually uses.
 * Either way a pattern is interpreted at first and JIT-compiled only once its matches have
 * done enough work to repay the JIT (regex.c: JIT_AFTER_WORK): most patterns of a run are
 * matched a few times, a few are matched thousands of times.
 *
 * Threads: rc_regex_match may be called on the same pattern from several threads at once.
 * The one-time work (compiling, JIT compiling) is guarded by a mutex per pattern, taken only
 * while it is done: later matches read atomic flags. The JIT compiles a copy of the code,
 * published atomically, so code that a match may be reading is never written, and each
 * match uses match data of its own. Making and freeing a pattern are not concurrent with
 * its matches.
 *
 * Ownership: both constructors return a pattern the caller owns and releases with
 * rc_regex_free (which accepts NULL); PATTERN is copied.
 * The environment variable READYCTL_NO_JIT disables PCRE2's JIT (for valgrind runs).
 * Errors: rc_regex_compile returns NULL and writes PCRE2's message and the 1-based offset of
 * the problem into ERR; rc_regex_defer returns NULL only when memory runs out. A deferred
 * pattern that fails to compile at its first match (it was never validated, or memory ran
 * out) matches nothing. */
#ifndef RC_REGEX_H
#define RC_REGEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rc_regex rc_regex;

rc_regex *rc_regex_compile(const char *pattern, bool caseless, char *err, size_t err_size);
rc_regex *rc_regex_defer(const char *pattern, bool caseless);
/* A pattern matching where any of PATTERNS[0..COUNT) matches, deferred like rc_regex_defer:
 * at its first match the patterns are joined as (?:p1)|(?:p2)|... and compiled. PATTERNS and
 * its strings are borrowed and must outlive the result. Patterns that would mean something
 * else inside the alternation (numbered back-references or subroutine calls, whose numbers
 * the other patterns' groups shift) or that do not compile joined (a (*VERB) that must come
 * first, a \Q without \E) leave it unusable: rc_regex_try_match answers -1, and the caller
 * asks each pattern alone. */
rc_regex *rc_regex_defer_any(const char *const *patterns, size_t count);
/* True when the pattern matches anywhere in SUBJECT[0..LEN). Anchor in the pattern (^…$)
 * for whole-string matches. Thread-safe (see above). */
bool rc_regex_match(const rc_regex *regex, const char *subject, size_t len);
/* The same, telling a pattern that cannot be compiled (a deferred one never validated) from
 * one that does not match: 1 matches, 0 does not, -1 unusable. */
int rc_regex_try_match(const rc_regex *regex, const char *subject, size_t len);
const char *rc_regex_pattern(const rc_regex *regex); /* "" for rc_regex_defer_any's */
/* Whether the pattern has been compiled yet, and JIT-compiled (for tests). */
bool rc_regex_is_compiled(const rc_regex *regex);
bool rc_regex_is_jit_compiled(const rc_regex *regex);
void rc_regex_free(rc_regex *regex);

#endif

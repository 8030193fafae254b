/* regex.h - PCRE2 patterns compiled once (with JIT where available) and matched many times.
 *
 * Ownership: rc_regex_compile returns a pattern the caller owns and releases with
 * rc_regex_free. A compiled pattern keeps its own match data (and is JIT-compiled on its
 * first match, since most patterns of a run never match), so one pattern must not be matched
 * from two threads at once.
 * The environment variable READYCTL_NO_JIT disables PCRE2's JIT (for valgrind runs).
 * Errors: compile returns NULL and writes PCRE2's message and the 1-based offset of the
 * problem into ERR. */
#ifndef RC_REGEX_H
#define RC_REGEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rc_regex rc_regex;

rc_regex *rc_regex_compile(const char *pattern, bool caseless, char *err, size_t err_size);
/* True when the pattern matches anywhere in SUBJECT[0..LEN). Anchor in the pattern (^…$)
 * for whole-string matches. */
bool rc_regex_match(const rc_regex *regex, const char *subject, size_t len);
const char *rc_regex_pattern(const rc_regex *regex);
void rc_regex_free(rc_regex *regex);

#endif

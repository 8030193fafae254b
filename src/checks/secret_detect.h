/* secret_detect.h - the one secret detector every place a secret can hide is judged with:
 * ConfigMap entries and the config files inside them, container env literals, command and
 * args flags, Secret data and stringData, annotations (checks/secrets.c).
 *
 * Two tables decide. The value detectors below recognise a credential by its shape, whatever
 * its key is called; the key patterns (the secret rules' `key-patterns` parameter) recognise
 * a key whose name says it holds one. A value that is plainly not a secret is never reported
 * by name alone. Everything here is pure: no allocation, no state, nothing kept.
 * Findings must never print the value (DESIGN.md §5); the labels returned here name a format,
 * never a part of the value. */
#ifndef RC_SECRET_DETECT_H
#define RC_SECRET_DETECT_H

#include <stdbool.h>
#include <stddef.h>

/* The entropy detector: a value of at least RC_SECRET_ENTROPY_MIN_LEN characters, all from the
 * base64 / base64url alphabet, with upper-case letters, lower-case letters and digits, and a
 * Shannon entropy of at least RC_SECRET_ENTROPY_MIN_BITS_X10 / 10 bits per character. Hex-only
 * strings are digests and checksums far more often than keys, so they never count. */
enum { RC_SECRET_ENTROPY_MIN_LEN = 24, RC_SECRET_ENTROPY_MIN_BITS_X10 = 40 };

/* The well-known credential format VALUE[0..LEN) has ("a PEM private key", "a GitHub token",
 * "credentials in a URL", "a password in a connection string"...), or NULL. Looks anywhere in
 * the value, so a multi-line file holding a PEM block counts. */
const char *rc_secret_value_format(const char *value, size_t len);

/* The entropy detector (above) on the whole of VALUE[0..LEN): a random-looking key. Asked
 * only of values that are not plainly something else (a path is not a key). */
bool rc_secret_random_looking(const char *value, size_t len);

/* True when VALUE is plainly not a secret, whatever its key says: empty, templated (`{{`,
 * `${`, `$(`), a placeholder (`password-placeholder`, `<password>`, `__X__`, `***`), a
 * boolean or keyword (true, enabled, none...), a number, duration or size, a
 * path, a file name with a known extension, an HTTP header name (X-Api-Key, Authorization),
 * or a URI without a password. */
bool rc_secret_plainly_not(const char *value, size_t len);

/* One line of a config file embedded in a value (properties, .env, INI, YAML, TOML, JSON):
 * for an assignment, its key (a quoted or bare word) and value (quotes, a trailing comma and
 * a trailing ` # comment` removed); for any other line, KEY is NULL and VALUE is the line,
 * trimmed. LINE is the 0-based line it is on. */
typedef struct rc_secret_line {
    const char *key;
    size_t key_len;
    const char *value;
    size_t value_len;
    size_t line;
} rc_secret_line;

/* Reads the next non-blank line of TEXT[0..LEN) from *POS (start at 0) and moves *POS past
 * it; false at the end. *LINE counts lines from 0 and must start at 0 as well. Comments and
 * section headers are skipped. */
bool rc_secret_next_line(const char *text, size_t len, size_t *pos, size_t *line,
                         rc_secret_line *out);

/* A command-line flag with its value: `--db-password=x`, `-token=x`, or `--token` followed by
 * the next argument NEXT (may be NULL) when that does not start with '-'. *CONSUMED_NEXT tells
 * whether NEXT was taken as the value. False when ARG is not a flag with a value. */
bool rc_secret_flag(const char *arg, size_t arg_len, const char *next, size_t next_len,
                    const char **name, size_t *name_len, const char **value, size_t *value_len,
                    bool *consumed_next);

/* Decodes standard base64 TEXT[0..LEN) (whitespace ignored) into OUT of SIZE bytes; returns
 * the decoded length, or (size_t)-1 when TEXT is not base64 or OUT is too small. */
size_t rc_secret_base64_decode(const char *text, size_t len, char *out, size_t size);

#endif

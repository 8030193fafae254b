/* quantity.h - Kubernetes resource quantities ("500m", "1.5Gi", "129e6"), held exactly.
 *
 * An rc_quantity is a plain value struct: no heap, no pointers, safe to copy and compare with
 * the functions below (not with memcmp, which would see unused digit slots). The value is
 * sign * digits * 10^exponent with the digits normalised (no leading or trailing zeros), so
 * every spelling of one number has one representation and comparison is exact: binary
 * suffixes are folded in by exact multiplication, never through floating point.
 *
 * Input is hostile: parsing bounds the significant digits (RC_QUANTITY_MAX_INPUT_DIGITS) and
 * the magnitude (10^-RC_QUANTITY_MAX_EXPONENT .. 10^RC_QUANTITY_MAX_EXPONENT), and rejects
 * what lies outside with a reason instead of rounding. Every function only borrows its
 * arguments; the reason strings handed out through ERR are static. The other functions take
 * quantities filled by rc_quantity_parse or zero-initialised ({0} is the quantity 0). */
#ifndef RC_QUANTITY_H
#define RC_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Significant digits accepted in the text, leading and trailing zeros not counted. */
#define RC_QUANTITY_MAX_INPUT_DIGITS 100
/* Bound on the decimal exponent of a non-zero value's leading digit, and on the literal
 * exponent after e/E. Kubernetes itself never goes past exa (10^18). */
#define RC_QUANTITY_MAX_EXPONENT 300
/* Input digits times 1024^6 (< 10^19) fit in this many digits. */
#define RC_QUANTITY_DIGITS_CAPACITY 128

typedef struct rc_quantity {
    bool negative;        /* never set for zero, so -0 equals 0 */
    uint8_t ndigits;      /* 0 for zero */
    int32_t exponent;     /* value = digits * 10^exponent; 0 for zero */
    uint8_t digits[RC_QUANTITY_DIGITS_CAPACITY]; /* values 0-9, most significant first */
} rc_quantity;

/* Parses TEXT (NUL-terminated) as a Kubernetes quantity: an optional sign, digits with an
 * optional decimal point, then an optional suffix (Ki Mi Gi Ti Pi Ei; n u m k M G T P E; or
 * e/E with an optional sign and digits). Returns true and fills *OUT, or false when TEXT is
 * not a valid quantity or out of bounds; then *OUT is zero and ERR, if non-NULL, gets a
 * short static reason. A NULL TEXT is rejected like an empty one. */
bool rc_quantity_parse(const char *text, rc_quantity *out, const char **err);
/* The same for TEXT[0..LEN), which need not be NUL-terminated: an embedded NUL is an
 * invalid character, not the end (YAML scalars may hold NULs). */
bool rc_quantity_parse_n(const char *text, size_t len, rc_quantity *out, const char **err);
/* <0, 0, >0 as A is less than, equal to, greater than B. Exact. */
int rc_quantity_cmp(const rc_quantity *a, const rc_quantity *b);
bool rc_quantity_is_zero(const rc_quantity *q);
/* Approximate value as double (correctly rounded), for display and ratios only: never
 * compare quantities through it. Always finite given the bounds above. */
double rc_quantity_to_double(const rc_quantity *q);

#endif

#include "model/quantity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1024^6 < 10^19, so the largest binary suffix adds at most 19 digits to the input's. */
_Static_assert(RC_QUANTITY_MAX_INPUT_DIGITS + 19 <= RC_QUANTITY_DIGITS_CAPACITY,
               "digit capacity too small for Ei");
_Static_assert(RC_QUANTITY_DIGITS_CAPACITY <= UINT8_MAX, "ndigits is a uint8_t");

/* The mantissa's digits as written, split around the decimal point; read as one sequence
 * so that leading and trailing zeros can be stripped across the point. */
typedef struct mantissa {
    const char *int_part;
    size_t int_len;
    const char *frac_part;
    size_t frac_len;
} mantissa;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int mantissa_digit(const mantissa *m, size_t i)
{
    char c = i < m->int_len ? m->int_part[i] : m->frac_part[i - m->int_len];
    return c - '0';
}

static void set_zero(rc_quantity *q)
{
    memset(q, 0, sizeof *q);
}

/* Reads the suffix S[0..N): sets *POW10 and *POW1024 (both 0 for no suffix). */
static bool parse_suffix(const char *s, size_t n, int *pow10, int *pow1024, const char **why)
{
    static const char binary[] = "KMGTPE";     /* Ki = 1024^1 ... Ei = 1024^6 */
    static const struct {
        char name;
        int pow10;
    } decimal[] = {
        {'n', -9}, {'u', -6}, {'m', -3}, {'k', 3}, {'M', 6}, {'G', 9}, {'T', 12}, {'P', 15},
        {'E', 18},
    };

    *pow10 = 0;
    *pow1024 = 0;
    if (n == 0)
        return true;
    if (n == 1) {
        for (size_t i = 0; i < sizeof decimal / sizeof decimal[0]; i++) {
            if (decimal[i].name == s[0]) {
                *pow10 = decimal[i].pow10;
                return true;
            }
        }
        *why = "invalid suffix";
        return false;
    }
    /* strchr would match a NUL against the terminator, so keep NUL out of it. */
    if (n == 2 && s[1] == 'i' && s[0] != '\0') {
        const char *hit = strchr(binary, s[0]);
        if (hit) {
            *pow1024 = (int)(hit - binary) + 1;
            return true;
        }
    }
    /* A lone "E" was exa above; with anything after it, e/E starts a decimal exponent. */
    if (s[0] != 'e' && s[0] != 'E') {
        *why = "invalid suffix";
        return false;
    }
    size_t pos = 1;
    bool negative = false;
    if (s[pos] == '+' || s[pos] == '-') {
        negative = s[pos] == '-';
        pos++;
    }
    if (pos == n) {
        *why = "missing exponent digits";
        return false;
    }
    /* Saturate just past the bound so that any number of digits cannot overflow. */
    int value = 0;
    for (; pos < n; pos++) {
        if (!is_digit(s[pos])) {
            *why = "invalid suffix";
            return false;
        }
        if (value <= RC_QUANTITY_MAX_EXPONENT)
            value = value * 10 + (s[pos] - '0');
    }
    if (value > RC_QUANTITY_MAX_EXPONENT) {
        *why = "exponent out of range";
        return false;
    }
    *pow10 = negative ? -value : value;
    return true;
}

/* LSB[0..*COUNT) (least significant digit first) *= FACTOR, growing *COUNT. FACTOR must
 * keep 9 * FACTOR + carry inside unsigned, as small factors like 1024 do. */
static bool multiply_small(uint8_t *lsb, size_t *count, size_t capacity, unsigned factor)
{
    unsigned carry = 0;
    for (size_t i = 0; i < *count; i++) {
        unsigned v = lsb[i] * factor + carry;
        lsb[i] = (uint8_t)(v % 10);
        carry = v / 10;
    }
    while (carry != 0) {
        if (*count == capacity)
            return false;
        lsb[(*count)++] = (uint8_t)(carry % 10);
        carry /= 10;
    }
    return true;
}

static bool parse(const char *text, size_t len, rc_quantity *out, const char **why)
{
    if (text == NULL || len == 0) {
        *why = "empty quantity";
        return false;
    }

    size_t pos = 0;
    bool negative = false;
    if (text[0] == '+' || text[0] == '-') {
        negative = text[0] == '-';
        pos++;
    }
    mantissa m = {text + pos, 0, text + pos, 0};
    while (pos < len && is_digit(text[pos]))
        pos++;
    m.int_len = (size_t)(text + pos - m.int_part);
    if (pos < len && text[pos] == '.') {
        pos++;
        m.frac_part = text + pos;
        while (pos < len && is_digit(text[pos]))
            pos++;
        m.frac_len = (size_t)(text + pos - m.frac_part);
    }
    size_t total = m.int_len + m.frac_len; /* both count bytes of TEXT: no overflow */
    if (total == 0) {
        *why = "expected digits";
        return false;
    }

    int pow10, pow1024;
    if (!parse_suffix(text + pos, len - pos, &pow10, &pow1024, why))
        return false;

    size_t first = 0;
    while (first < total && mantissa_digit(&m, first) == 0)
        first++;
    if (first == total)
        return true; /* zero, in any spelling; *OUT is already zero */
    size_t last = total - 1;
    while (mantissa_digit(&m, last) == 0)
        last--;
    size_t significant = last - first + 1;
    if (significant > RC_QUANTITY_MAX_INPUT_DIGITS) {
        *why = "too many significant digits";
        return false;
    }

    /* Only a multi-gigabyte run of zeros gets here; refusing it keeps the sum below exact. */
    size_t trailing = total - 1 - last;
    if (trailing > INT32_MAX || m.frac_len > INT32_MAX) {
        *why = "number too long";
        return false;
    }
    int64_t exponent = (int64_t)trailing - (int64_t)m.frac_len + pow10;

    uint8_t lsb[RC_QUANTITY_DIGITS_CAPACITY];
    size_t count = significant;
    for (size_t i = 0; i < count; i++)
        lsb[i] = (uint8_t)mantissa_digit(&m, last - i);
    for (int i = 0; i < pow1024; i++) {
        if (!multiply_small(lsb, &count, sizeof lsb, 1024)) {
            *why = "too many significant digits"; /* unreachable: see the static assert */
            return false;
        }
    }
    /* 1024 = 2^10 makes trailing zeros (5Ki = 5120); strip them to stay normalised. */
    size_t low_zeros = 0;
    while (lsb[low_zeros] == 0)
        low_zeros++;
    exponent += (int64_t)low_zeros;
    size_t ndigits = count - low_zeros;

    int64_t lead = exponent + (int64_t)ndigits - 1;
    if (lead > RC_QUANTITY_MAX_EXPONENT || lead < -RC_QUANTITY_MAX_EXPONENT) {
        *why = "value out of range";
        return false;
    }

    out->negative = negative;
    out->ndigits = (uint8_t)ndigits;
    out->exponent = (int32_t)exponent;
    for (size_t i = 0; i < ndigits; i++)
        out->digits[i] = lsb[count - 1 - i];
    return true;
}

bool rc_quantity_parse_n(const char *text, size_t len, rc_quantity *out, const char **err)
{
    const char *why = "invalid quantity";
    set_zero(out);
    if (parse(text, len, out, &why))
        return true;
    set_zero(out);
    if (err)
        *err = why;
    return false;
}

bool rc_quantity_parse(const char *text, rc_quantity *out, const char **err)
{
    return rc_quantity_parse_n(text, text ? strlen(text) : 0, out, err);
}

static int quantity_sign(const rc_quantity *q)
{
    if (q->ndigits == 0)
        return 0;
    return q->negative ? -1 : 1;
}

/* Compares |A| and |B|, both non-zero. Normalised digits make the leading digit's position
 * decide first, then the digits, then length (a longer tail holds a non-zero digit). */
static int compare_magnitude(const rc_quantity *a, const rc_quantity *b)
{
    int64_t lead_a = (int64_t)a->exponent + a->ndigits;
    int64_t lead_b = (int64_t)b->exponent + b->ndigits;
    if (lead_a != lead_b)
        return lead_a < lead_b ? -1 : 1;
    size_t n = a->ndigits < b->ndigits ? a->ndigits : b->ndigits;
    for (size_t i = 0; i < n; i++) {
        if (a->digits[i] != b->digits[i])
            return a->digits[i] < b->digits[i] ? -1 : 1;
    }
    if (a->ndigits != b->ndigits)
        return a->ndigits < b->ndigits ? -1 : 1;
    return 0;
}

int rc_quantity_cmp(const rc_quantity *a, const rc_quantity *b)
{
    int sa = quantity_sign(a);
    int sb = quantity_sign(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    return sa * compare_magnitude(a, b);
}

bool rc_quantity_is_zero(const rc_quantity *q)
{
    return q->ndigits == 0;
}

double rc_quantity_to_double(const rc_quantity *q)
{
    if (q->ndigits == 0)
        return 0.0;
    /* strtod rounds correctly, which summing digits in a double would not. The text has no
     * decimal point, so the locale's radix character cannot matter. */
    char buf[1 + RC_QUANTITY_DIGITS_CAPACITY + 16];
    size_t k = 0;
    if (q->negative)
        buf[k++] = '-';
    size_t n = q->ndigits < RC_QUANTITY_DIGITS_CAPACITY ? q->ndigits : RC_QUANTITY_DIGITS_CAPACITY;
    for (size_t i = 0; i < n; i++)
        buf[k++] = (char)('0' + q->digits[i] % 10);
    snprintf(buf + k, sizeof buf - k, "e%ld", (long)q->exponent);
    return strtod(buf, NULL);
}

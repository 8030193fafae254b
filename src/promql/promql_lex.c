/* promql_lex.c - PromQL text to tokens (promql_lex.h). Inside braces identifiers are label
 * names and never keywords; inside brackets a colon separates a subquery's range from its
 * step instead of starting a metric name. */
#include "promql/promql_lex.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/duration.h"

typedef struct lexer {
    rc_arena *arena;
    const char *text;
    size_t len, pos;
    int brace_depth;   /* inside {...}: label matchers */
    int bracket_depth; /* inside [...]: a range or subquery */
    rc_token *tokens;
    size_t count, capacity;
    rc_token_list *out;
} lexer;

static const struct {
    const char *name;
    rc_keyword keyword;
} keywords[] = {
    {"and", RC_KW_AND},         {"or", RC_KW_OR},
    {"unless", RC_KW_UNLESS},   {"atan2", RC_KW_ATAN2},
    {"sum", RC_KW_SUM},         {"avg", RC_KW_AVG},
    {"count", RC_KW_COUNT},     {"min", RC_KW_MIN},
    {"max", RC_KW_MAX},         {"topk", RC_KW_TOPK},
    {"bottomk", RC_KW_BOTTOMK}, {"quantile", RC_KW_QUANTILE},
    {"count_values", RC_KW_COUNT_VALUES}, {"stddev", RC_KW_STDDEV},
    {"stdvar", RC_KW_STDVAR},   {"group", RC_KW_GROUP},
    {"limitk", RC_KW_LIMITK},   {"limit_ratio", RC_KW_LIMIT_RATIO},
    {"offset", RC_KW_OFFSET},   {"by", RC_KW_BY},
    {"without", RC_KW_WITHOUT}, {"on", RC_KW_ON},
    {"ignoring", RC_KW_IGNORING}, {"group_left", RC_KW_GROUP_LEFT},
    {"group_right", RC_KW_GROUP_RIGHT}, {"bool", RC_KW_BOOL},
    {"start", RC_KW_START},     {"end", RC_KW_END},
};

bool rc_promql_keyword_is_aggregate(rc_keyword keyword)
{
    return keyword >= RC_KW_SUM && keyword <= RC_KW_LIMIT_RATIO;
}

const char *rc_promql_keyword_name(rc_keyword keyword)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].keyword == keyword)
            return keywords[i].name;
    return "";
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static rc_token *push(lexer *lx, rc_tok_kind kind, size_t start)
{
    if (lx->count == lx->capacity) {
        size_t capacity = lx->capacity ? lx->capacity * 2 : 32;
        rc_token *grown = rc_arena_calloc(lx->arena, capacity, sizeof *grown);
        if (!grown)
            return NULL;
        if (lx->count)
            memcpy(grown, lx->tokens, lx->count * sizeof *grown);
        lx->tokens = grown;
        lx->capacity = capacity;
    }
    rc_token *tok = &lx->tokens[lx->count++];
    memset(tok, 0, sizeof *tok);
    tok->kind = kind;
    tok->offset = start;
    tok->length = lx->pos - start;
    return tok;
}

/* Ends the token list with an error at START; returns whether the arena had room. */
static bool fail(lexer *lx, size_t start, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(lexer *lx, size_t start, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lx->out->error, sizeof lx->out->error, fmt, ap);
    va_end(ap);
    size_t pos = lx->pos;
    lx->pos = start;
    rc_token *tok = push(lx, RC_TOK_ERROR, start);
    lx->pos = pos;
    return tok != NULL;
}

/* Appends code point CP as UTF-8. */
static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A quoted string: Go's escapes in "..." and '...' (each quote escapes only itself), none
 * in `...`, which alone may span lines. The decoded text is never longer than the quoted. */
static bool lex_string(lexer *lx)
{
    size_t start = lx->pos;
    char quote = lx->text[lx->pos++];
    /* Sized to this string, not the rest of the input: many strings must not cost
     * quadratic memory. An unterminated string is reported by the loop below. */
    size_t end = lx->pos;
    while (end < lx->len && lx->text[end] != quote)
        end += quote != '`' && lx->text[end] == '\\' ? 2 : 1;
    char *decoded = rc_arena_alloc(lx->arena, (end < lx->len ? end : lx->len) - start + 1);
    if (!decoded)
        return false;
    size_t n = 0;
    for (;;) {
        if (lx->pos >= lx->len || (quote != '`' && lx->text[lx->pos] == '\n'))
            return fail(lx, start, "unterminated quoted string");
        char c = lx->text[lx->pos++];
        if (c == quote)
            break;
        if (c != '\\' || quote == '`') {
            decoded[n++] = c;
            continue;
        }
        if (lx->pos >= lx->len)
            return fail(lx, start, "unterminated quoted string");
        size_t escape = lx->pos - 1;
        char e = lx->text[lx->pos++];
        static const char simple[] = "abfnrtv\\";
        static const char meaning[] = "\a\b\f\n\r\t\v\\";
        const char *hit = e ? strchr(simple, e) : NULL;
        if (hit) {
            decoded[n++] = meaning[hit - simple];
        } else if (e == quote) {
            decoded[n++] = quote;
        } else if (e >= '0' && e <= '7') {
            unsigned value = (unsigned)(e - '0');
            for (int i = 0; i < 2; i++) {
                if (lx->pos >= lx->len || lx->text[lx->pos] < '0' || lx->text[lx->pos] > '7')
                    return fail(lx, escape, "invalid octal escape in string");
                value = value * 8 + (unsigned)(lx->text[lx->pos++] - '0');
            }
            if (value > 255)
                return fail(lx, escape, "octal escape above \\377 in string");
            decoded[n++] = (char)value;
        } else if (e == 'x' || e == 'u' || e == 'U') {
            int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            uint32_t value = 0;
            for (int i = 0; i < digits; i++) {
                int h = lx->pos < lx->len ? hex_value(lx->text[lx->pos]) : -1;
                if (h < 0)
                    return fail(lx, escape, "invalid \\%c escape in string", e);
                value = value * 16 + (uint32_t)h;
                lx->pos++;
            }
            if (e == 'x') {
                decoded[n++] = (char)value;
            } else {
                if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
                    return fail(lx, escape, "escape \\%c names no Unicode character", e);
                /* \uXXXX takes 6 bytes and decodes to at most 3; \U 10 to at most 4. */
                n += put_utf8(decoded + n, value);
            }
        } else {
            return fail(lx, escape, "unknown escape sequence \\%c in string",
                        (unsigned char)e >= 0x20 && (unsigned char)e < 0x7F ? e : '?');
        }
    }
    decoded[n] = '\0';
    rc_token *tok = push(lx, RC_TOK_STRING, start);
    if (!tok)
        return false;
    tok->text = decoded;
    tok->text_length = n;
    return true;
}

/* Numbers (decimal, hexadecimal, a leading-zero octal as Go's ParseInt reads it, floats with
 * exponents) and durations ("5m", "1h30m"): a number directly followed by a letter is a
 * duration or a mistake. */
static bool lex_number(lexer *lx)
{
    size_t start = lx->pos;
    const char *t = lx->text;
    bool hex = false;
    if (t[lx->pos] == '0' && lx->pos + 1 < lx->len && (t[lx->pos + 1] == 'x' || t[lx->pos + 1] == 'X')) {
        hex = true;
        lx->pos += 2;
        while (lx->pos < lx->len && hex_value(t[lx->pos]) >= 0)
            lx->pos++;
    } else {
        while (lx->pos < lx->len && is_digit(t[lx->pos]))
            lx->pos++;
        if (lx->pos < lx->len && t[lx->pos] == '.') {
            lx->pos++;
            while (lx->pos < lx->len && is_digit(t[lx->pos]))
                lx->pos++;
        }
        if (lx->pos < lx->len && (t[lx->pos] == 'e' || t[lx->pos] == 'E')) {
            size_t save = lx->pos++;
            if (lx->pos < lx->len && (t[lx->pos] == '+' || t[lx->pos] == '-'))
                lx->pos++;
            if (lx->pos < lx->len && is_digit(t[lx->pos])) {
                while (lx->pos < lx->len && is_digit(t[lx->pos]))
                    lx->pos++;
            } else if (lx->pos == save + 1 && lx->pos < lx->len && is_alpha(t[lx->pos])) {
                lx->pos = save; /* "1em": let the duration branch judge "em" */
            }
        }
    }
    size_t number_end = lx->pos;
    if (lx->pos < lx->len && (is_alnum(t[lx->pos]) || t[lx->pos] == '.')) {
        /* A duration: digits and unit letters up to the first other character. */
        while (lx->pos < lx->len && (is_alnum(t[lx->pos]) || t[lx->pos] == '.'))
            lx->pos++;
        char buf[64];
        size_t n = lx->pos - start;
        long long ms;
        if (hex || n >= sizeof buf || !is_alpha(t[number_end]))
            return fail(lx, start, "bad number or duration syntax \"%.*s\"", (int)(n > 40 ? 40 : n),
                        t + start);
        memcpy(buf, t + start, n);
        buf[n] = '\0';
        if (!rc_duration_parse(buf, &ms))
            return fail(lx, start, "\"%s\" is not a duration (units y w d h m s ms, largest first)",
                        buf);
        rc_token *tok = push(lx, RC_TOK_DURATION, start);
        if (!tok)
            return false;
        tok->ms = ms;
        return true;
    }
    size_t n = lx->pos - start;
    char buf[400];
    if (n >= sizeof buf)
        return fail(lx, start, "number too long");
    memcpy(buf, t + start, n);
    buf[n] = '\0';
    double value;
    char *end;
    if (hex) {
        errno = 0;
        unsigned long long v = n > 2 ? strtoull(buf + 2, &end, 16) : 0;
        /* Prometheus reads integers as int64 first; a hex one out of range is an error. */
        if (n == 2 || errno || *end || v > (unsigned long long)INT64_MAX)
            return fail(lx, start, "bad number \"%s\"", buf);
        value = (double)v;
    } else {
        bool integer = strspn(buf, "0123456789") == n;
        bool octal = integer && buf[0] == '0' && n > 1 && strspn(buf, "01234567") == n;
        errno = 0;
        unsigned long long v = octal ? strtoull(buf, &end, 8) : 0;
        if (octal && !errno && v <= (unsigned long long)INT64_MAX) {
            value = (double)v;
        } else {
            value = strtod(buf, &end);
            if (end == buf || *end)
                return fail(lx, start, "bad number \"%s\"", buf);
            /* Past the largest double: Prometheus rejects it (underflow to 0 is accepted). */
            if (isinf(value))
                return fail(lx, start, "number \"%.40s\" out of range", buf);
        }
    }
    rc_token *tok = push(lx, RC_TOK_NUMBER, start);
    if (!tok)
        return false;
    tok->number = value;
    return true;
}

static bool lex_identifier(lexer *lx)
{
    size_t start = lx->pos;
    const char *t = lx->text;
    bool in_braces = lx->brace_depth > 0;
    bool colon = false;
    while (lx->pos < lx->len &&
           (is_alnum(t[lx->pos]) || (!in_braces && t[lx->pos] == ':'))) {
        colon |= t[lx->pos] == ':';
        lx->pos++;
    }
    size_t n = lx->pos - start;
    rc_keyword keyword = RC_KW_NONE;
    bool number = false;
    if (!in_braces && !colon) {
        for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
            if (strlen(keywords[i].name) == n && strncasecmp(keywords[i].name, t + start, n) == 0)
                keyword = keywords[i].keyword;
        number = n == 3 && (strncasecmp(t + start, "inf", 3) == 0 || strncasecmp(t + start, "nan", 3) == 0);
    }
    rc_token *tok = push(lx, number ? RC_TOK_NUMBER
                         : keyword ? RC_TOK_KEYWORD
                         : colon ? RC_TOK_METRIC_IDENT : RC_TOK_IDENT, start);
    if (!tok)
        return false;
    tok->keyword = keyword;
    if (number)
        tok->number = (t[start] == 'i' || t[start] == 'I') ? (double)INFINITY : (double)NAN;
    tok->text = rc_arena_strndup(lx->arena, t + start, n);
    tok->text_length = n;
    return tok->text != NULL;
}

/* Operators and punctuation: a table so that two-character ones are tried first. */
static const struct {
    const char *text;
    rc_tok_kind kind;
} punctuation[] = {
    {"==", RC_TOK_EQ}, {"!=", RC_TOK_NE}, {"=~", RC_TOK_RE}, {"!~", RC_TOK_NRE},
    {"<=", RC_TOK_LE}, {">=", RC_TOK_GE}, {"=", RC_TOK_ASSIGN}, {"<", RC_TOK_LT},
    {">", RC_TOK_GT},  {"+", RC_TOK_ADD}, {"-", RC_TOK_SUB}, {"*", RC_TOK_MUL},
    {"/", RC_TOK_DIV}, {"%", RC_TOK_MOD}, {"^", RC_TOK_POW}, {"(", RC_TOK_LPAREN},
    {")", RC_TOK_RPAREN}, {"{", RC_TOK_LBRACE}, {"}", RC_TOK_RBRACE}, {"[", RC_TOK_LBRACKET},
    {"]", RC_TOK_RBRACKET}, {",", RC_TOK_COMMA}, {"@", RC_TOK_AT},
};

bool rc_promql_lex(rc_arena *arena, const char *expr, size_t len, rc_token_list *out)
{
    lexer lx = {.arena = arena, .text = expr, .len = len, .out = out};
    memset(out, 0, sizeof *out);
    for (;;) {
        while (lx.pos < len) {
            char c = expr[lx.pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                lx.pos++;
            } else if (c == '#') {
                while (lx.pos < len && expr[lx.pos] != '\n')
                    lx.pos++;
            } else {
                break;
            }
        }
        if (lx.pos >= len) {
            if (!push(&lx, RC_TOK_EOF, lx.pos))
                return false;
            break;
        }
        char c = expr[lx.pos];
        bool ok;
        size_t before = lx.count;
        if (c == '"' || c == '\'' || c == '`') {
            ok = lex_string(&lx);
        } else if (is_digit(c) || (c == '.' && lx.pos + 1 < len && is_digit(expr[lx.pos + 1]))) {
            ok = lex_number(&lx);
        } else if (is_alpha(c) || (c == ':' && lx.bracket_depth == 0 && lx.brace_depth == 0)) {
            ok = lex_identifier(&lx);
        } else if (c == ':' && lx.bracket_depth > 0) {
            lx.pos++;
            ok = push(&lx, RC_TOK_COLON, lx.pos - 1) != NULL;
        } else {
            size_t p;
            size_t count = sizeof punctuation / sizeof punctuation[0];
            for (p = 0; p < count; p++) {
                size_t n = strlen(punctuation[p].text);
                if (n <= len - lx.pos && memcmp(expr + lx.pos, punctuation[p].text, n) == 0)
                    break;
            }
            if (p == count) {
                ok = (unsigned char)c >= 0x20 && (unsigned char)c < 0x7F
                         ? fail(&lx, lx.pos, "unexpected character '%c'", c)
                         : fail(&lx, lx.pos, "unexpected byte 0x%02X", (unsigned char)c);
            } else {
                size_t start = lx.pos;
                lx.pos += strlen(punctuation[p].text);
                ok = push(&lx, punctuation[p].kind, start) != NULL;
                switch (punctuation[p].kind) {
                case RC_TOK_LBRACE: lx.brace_depth++; break;
                case RC_TOK_RBRACE: lx.brace_depth -= lx.brace_depth > 0; break;
                case RC_TOK_LBRACKET: lx.bracket_depth++; break;
                case RC_TOK_RBRACKET: lx.bracket_depth -= lx.bracket_depth > 0; break;
                default: break;
                }
            }
        }
        if (!ok)
            return false;
        if (lx.count > before && lx.tokens[lx.count - 1].kind == RC_TOK_ERROR)
            break;
    }
    out->tokens = lx.tokens;
    out->count = lx.count;
    return true;
}

/* promql_lex.h - private to src/promql: PromQL text to tokens.
 *
 * Ownership: rc_promql_lex allocates the token array and decoded strings from the caller's
 * arena. Errors: a lexical error becomes one RC_TOK_ERROR token (message in the lexer) that
 * ends the array, so the parser reports it only when it reaches it, after any syntax error
 * earlier in the text. */
#ifndef RC_PROMQL_LEX_H
#define RC_PROMQL_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "promql/promql.h"

typedef enum rc_tok_kind {
    RC_TOK_EOF, RC_TOK_ERROR, RC_TOK_NUMBER, RC_TOK_DURATION, RC_TOK_STRING,
    RC_TOK_IDENT,        /* letters, digits and _ */
    RC_TOK_METRIC_IDENT, /* an identifier with a colon: only a metric name */
    RC_TOK_KEYWORD,
    RC_TOK_LPAREN, RC_TOK_RPAREN, RC_TOK_LBRACE, RC_TOK_RBRACE, RC_TOK_LBRACKET,
    RC_TOK_RBRACKET, RC_TOK_COMMA, RC_TOK_COLON, RC_TOK_AT,
    RC_TOK_ASSIGN, RC_TOK_EQ, RC_TOK_NE, RC_TOK_RE, RC_TOK_NRE,
    RC_TOK_LT, RC_TOK_GT, RC_TOK_LE, RC_TOK_GE,
    RC_TOK_ADD, RC_TOK_SUB, RC_TOK_MUL, RC_TOK_DIV, RC_TOK_MOD, RC_TOK_POW
} rc_tok_kind;

/* Keywords, matched without regard to case as Prometheus does. */
typedef enum rc_keyword {
    RC_KW_NONE,
    RC_KW_AND, RC_KW_OR, RC_KW_UNLESS, RC_KW_ATAN2,
    RC_KW_SUM, RC_KW_AVG, RC_KW_COUNT, RC_KW_MIN, RC_KW_MAX, RC_KW_TOPK, RC_KW_BOTTOMK,
    RC_KW_QUANTILE, RC_KW_COUNT_VALUES, RC_KW_STDDEV, RC_KW_STDVAR, RC_KW_GROUP,
    RC_KW_LIMITK, RC_KW_LIMIT_RATIO,
    RC_KW_OFFSET, RC_KW_BY, RC_KW_WITHOUT, RC_KW_ON, RC_KW_IGNORING, RC_KW_GROUP_LEFT,
    RC_KW_GROUP_RIGHT, RC_KW_BOOL, RC_KW_START, RC_KW_END
} rc_keyword;

typedef struct rc_token {
    rc_tok_kind kind;
    rc_keyword keyword;
    size_t offset, length;
    double number;       /* RC_TOK_NUMBER */
    long long ms;        /* RC_TOK_DURATION */
    const char *text;    /* RC_TOK_STRING: decoded; identifiers: the name as written */
    size_t text_length;
} rc_token;

typedef struct rc_token_list {
    rc_token *tokens; /* ends with RC_TOK_EOF or RC_TOK_ERROR */
    size_t count;
    char error[120];  /* the RC_TOK_ERROR token's message */
} rc_token_list;

/* Tokenizes EXPR[0..LEN); false only when the arena runs out. */
bool rc_promql_lex(rc_arena *arena, const char *expr, size_t len, rc_token_list *out);

/* True for the aggregation keywords, sum through limit_ratio. */
bool rc_promql_keyword_is_aggregate(rc_keyword keyword);
/* How a keyword is spelled in lower case ("group_left"). */
const char *rc_promql_keyword_name(rc_keyword keyword);

#endif

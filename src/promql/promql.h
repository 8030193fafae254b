/* promql.h - PromQL expressions as alert and recording rules write them: a lexer and parser
 * that keep the byte span of every node, and the type checks Prometheus makes when it loads
 * a rule (a range vector where an instant vector belongs, a function's arity and argument
 * types, `bool` on scalar comparisons, grouping on set operators, empty selectors).
 *
 * The language is Prometheus 2.x and 3.x: everything promtool 2.42 accepts, plus the later
 * additions rules meet (the limitk and limit_ratio aggregations, quoted metric and label
 * names, the 3.x functions). tests/promql-oracle.sh holds the parser to promtool's verdicts.
 *
 * Ownership: rc_promql_parse allocates every node, string and array from the caller's arena;
 * the tree lives until the arena is released. The expression text is borrowed during the
 * call only: nodes keep offsets into it, never pointers.
 * Errors: rc_promql_parse returns false with the byte offset of the offending token and a
 * message in ERR; running out of arena memory is reported the same way, at offset 0.
 * Bounds: subexpressions (in parentheses, arguments, after a unary sign, right of `^`) nest
 * at most RC_PROMQL_MAX_NESTING deep and trees are at most RC_PROMQL_MAX_DEPTH deep (a chain
 * `a or b or ...` counts one per operator), so that parsing and rc_promql_walk never recurse
 * without a bound; promtool has no such bounds, and no real rule comes near them. */
#ifndef RC_PROMQL_H
#define RC_PROMQL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum { RC_PROMQL_MAX_NESTING = 128, RC_PROMQL_MAX_DEPTH = 1000 };

typedef enum rc_promql_kind {
    RC_PROMQL_NUMBER,
    RC_PROMQL_STRING,
    RC_PROMQL_VECTOR,   /* instant vector selector */
    RC_PROMQL_MATRIX,   /* range vector selector: a VECTOR child and a range */
    RC_PROMQL_SUBQUERY,
    RC_PROMQL_CALL,
    RC_PROMQL_AGGREGATE,
    RC_PROMQL_BINARY,
    RC_PROMQL_UNARY,
    RC_PROMQL_PAREN
} rc_promql_kind;

/* What a node evaluates to, as Prometheus types it. */
typedef enum rc_promql_type {
    RC_PROMQL_TYPE_SCALAR,
    RC_PROMQL_TYPE_STRING,
    RC_PROMQL_TYPE_INSTANT_VECTOR,
    RC_PROMQL_TYPE_RANGE_VECTOR
} rc_promql_type;

typedef enum rc_promql_match_op {
    RC_PROMQL_MATCH_EQUAL,     /* =  */
    RC_PROMQL_MATCH_NOT_EQUAL, /* != */
    RC_PROMQL_MATCH_REGEX,     /* =~ */
    RC_PROMQL_MATCH_NOT_REGEX  /* !~ */
} rc_promql_match_op;

typedef struct rc_promql_matcher {
    const char *label;
    const char *value; /* unescaped, NUL-terminated */
    rc_promql_match_op op;
    size_t offset;     /* byte offset of the label name */
} rc_promql_matcher;

typedef enum rc_promql_aggregate_op {
    RC_PROMQL_SUM, RC_PROMQL_AVG, RC_PROMQL_COUNT, RC_PROMQL_MIN, RC_PROMQL_MAX,
    RC_PROMQL_TOPK, RC_PROMQL_BOTTOMK, RC_PROMQL_QUANTILE, RC_PROMQL_COUNT_VALUES,
    RC_PROMQL_STDDEV, RC_PROMQL_STDVAR, RC_PROMQL_GROUP, RC_PROMQL_LIMITK,
    RC_PROMQL_LIMIT_RATIO
} rc_promql_aggregate_op;

typedef enum rc_promql_binary_op {
    RC_PROMQL_ADD, RC_PROMQL_SUB, RC_PROMQL_MUL, RC_PROMQL_DIV, RC_PROMQL_MOD, RC_PROMQL_POW,
    RC_PROMQL_ATAN2, RC_PROMQL_EQ, RC_PROMQL_NE, RC_PROMQL_GT, RC_PROMQL_LT, RC_PROMQL_GE,
    RC_PROMQL_LE, RC_PROMQL_AND, RC_PROMQL_OR, RC_PROMQL_UNLESS
} rc_promql_binary_op;

/* How a binary operator matches the series of its two vectors. */
typedef enum rc_promql_matching {
    RC_PROMQL_MATCH_DEFAULT,   /* no on()/ignoring(): all labels */
    RC_PROMQL_MATCH_ON,
    RC_PROMQL_MATCH_IGNORING
} rc_promql_matching;

typedef enum rc_promql_group {
    RC_PROMQL_GROUP_NONE,
    RC_PROMQL_GROUP_LEFT,
    RC_PROMQL_GROUP_RIGHT
} rc_promql_group;

/* A list of label names: by/without, on/ignoring, group_left/group_right. */
typedef struct rc_promql_labels {
    const char *const *names;
    size_t count;
} rc_promql_labels;

/* The `@` modifier of a selector or subquery. */
typedef enum rc_promql_at {
    RC_PROMQL_AT_NONE,
    RC_PROMQL_AT_TIME,  /* @ <unix seconds>: at_ms holds it in milliseconds */
    RC_PROMQL_AT_START, /* @ start() */
    RC_PROMQL_AT_END    /* @ end() */
} rc_promql_at;

typedef struct rc_promql_node rc_promql_node;

struct rc_promql_node {
    rc_promql_kind kind;
    rc_promql_type type;
    size_t offset, length; /* byte span in the expression text, modifiers included */
    union {
        struct {
            double value; /* a leading unary minus on a literal is folded in, as Prometheus does */
        } number;
        struct {
            const char *value; /* unescaped, NUL-terminated; LENGTH counts an embedded \x00 */
            size_t length;
        } string;
        struct {
            /* The metric name the selector asks for by equality: the identifier before the
             * braces, a quoted name inside them, or `__name__="..."`; NULL otherwise. */
            const char *name;
            const rc_promql_matcher *matchers; /* the brace matchers, in order */
            size_t matcher_count;
            /* Modifiers; for a range selector they sit here, on its VECTOR child, and
             * apply after the range as in `x[5m] offset 1h`. */
            bool has_offset;
            long long offset_ms; /* negative for `offset -5m` */
            rc_promql_at at;
            long long at_ms;
        } vector;
        struct {
            const rc_promql_node *vector; /* kind RC_PROMQL_VECTOR */
            long long range_ms;
            size_t range_offset; /* byte offset of the range's `[` */
            size_t range_length; /* through the `]` */
        } matrix;
        struct {
            const rc_promql_node *expr;
            long long range_ms;
            long long step_ms; /* 0 for `[30m:]`: the evaluation interval */
            size_t range_offset;
            size_t range_length;
            bool has_offset;
            long long offset_ms;
            rc_promql_at at;
            long long at_ms;
        } subquery;
        struct {
            const char *name;
            const rc_promql_node *const *args;
            size_t arg_count;
        } call;
        struct {
            rc_promql_aggregate_op op;
            const char *name; /* "sum", "topk", ... as Prometheus spells it */
            bool without;     /* `without (...)`; false for `by (...)` or no clause */
            bool has_grouping;
            rc_promql_labels grouping;
            const rc_promql_node *param; /* topk's k, quantile's φ, count_values' label; or NULL */
            const rc_promql_node *expr;
        } aggregate;
        struct {
            rc_promql_binary_op op;
            const char *name; /* "+", "and", "atan2", ... */
            bool return_bool;
            rc_promql_matching matching;
            rc_promql_labels matching_labels;
            rc_promql_group group;
            rc_promql_labels include_labels; /* group_left(...)'s labels */
            const rc_promql_node *lhs, *rhs;
        } binary;
        struct {
            char op; /* '-' or '+' */
            const rc_promql_node *expr;
        } unary;
        struct {
            const rc_promql_node *expr;
        } paren;
    };
};

typedef struct rc_promql_error {
    size_t offset;
    char message[160];
} rc_promql_error;

/* Parses EXPR[0..LEN) into nodes allocated from ARENA; false with ERR filled (offset inside
 * EXPR, or LEN for an unexpected end) on a syntax or type error. */
bool rc_promql_parse(rc_arena *arena, const char *expr, size_t len, const rc_promql_node **root,
                     rc_promql_error *err);

/* Calls VISIT for every node, parents before children and children left to right (a
 * matrix's vector, an aggregate's param before its expr, lhs before rhs); stops as soon as
 * VISIT returns false. */
void rc_promql_walk(const rc_promql_node *root,
                    bool (*visit)(const rc_promql_node *node, void *user), void *user);

/* Line and column (1-based; the column counts characters, not bytes, like YAML's) of byte
 * OFFSET of a multi-line expression (rules often use `expr: |`). An offset past LEN is
 * taken as LEN. */
void rc_promql_position(const char *expr, size_t len, size_t offset, unsigned *line,
                        unsigned *column);

/* True when NAME is a function Prometheus knows (2.x or 3.x). */
bool rc_promql_function_known(const char *name);

#endif

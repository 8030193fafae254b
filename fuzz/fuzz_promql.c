/* fuzz_promql.c - libFuzzer target for the PromQL parser (promql/promql.h), which reads the
 * `expr:` of every alerting and recording rule it is given. See fuzz/README.md.
 *
 * Besides the sanitizers, the target asserts the contracts the rule checks rely on: a
 * rejected expression names an offset inside the input; in an accepted one every node's span
 * lies inside the input and inside its parent's span, a range's `[` text inside its node,
 * every matcher inside its selector, and the walk visits what it promised, parents first. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "promql/promql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_promql: contract broken: %s\n", what);
        abort();
    }
}

typedef struct walk_state {
    const char *text;
    size_t size;
    size_t visited;
} walk_state;

static int inside(const rc_promql_node *child, const rc_promql_node *parent)
{
    return child && child->offset >= parent->offset &&
           child->offset + child->length <= parent->offset + parent->length;
}

static bool check_node(const rc_promql_node *n, void *user)
{
    walk_state *state = user;
    state->visited++;
    require(n->offset <= state->size && n->length <= state->size - n->offset,
            "a node's span lies inside the input");
    require(n->length > 0, "a node spans some text");
    unsigned line, column;
    rc_promql_position(state->text, state->size, n->offset, &line, &column);
    require(line >= 1 && column >= 1, "positions are 1-based");
    switch (n->kind) {
    case RC_PROMQL_VECTOR:
        for (size_t i = 0; i < n->vector.matcher_count; i++)
            require(n->vector.matchers[i].offset >= n->offset &&
                        n->vector.matchers[i].offset < n->offset + n->length,
                    "a matcher lies inside its selector");
        break;
    case RC_PROMQL_MATRIX:
        require(inside(n->matrix.vector, n), "a range selector's vector lies inside it");
        require(n->matrix.vector->kind == RC_PROMQL_VECTOR, "a range selector holds a vector");
        require(n->matrix.range_offset >= n->offset &&
                    n->matrix.range_offset + n->matrix.range_length <= n->offset + n->length,
                "a range's text lies inside its selector");
        require(n->matrix.range_ms > 0, "a range is positive");
        break;
    case RC_PROMQL_SUBQUERY:
        require(inside(n->subquery.expr, n), "a subquery's expression lies inside it");
        require(n->subquery.range_offset >= n->offset &&
                    n->subquery.range_offset + n->subquery.range_length <= n->offset + n->length,
                "a subquery's range text lies inside it");
        break;
    case RC_PROMQL_CALL:
        for (size_t i = 0; i < n->call.arg_count; i++)
            require(inside(n->call.args[i], n), "an argument lies inside its call");
        break;
    case RC_PROMQL_AGGREGATE:
        require(inside(n->aggregate.expr, n), "an aggregation's expression lies inside it");
        require(!n->aggregate.param || inside(n->aggregate.param, n),
                "an aggregation's parameter lies inside it");
        break;
    case RC_PROMQL_BINARY:
        require(inside(n->binary.lhs, n) && inside(n->binary.rhs, n),
                "operands lie inside their operation");
        require(n->binary.lhs->offset + n->binary.lhs->length <= n->binary.rhs->offset,
                "the left operand ends before the right one starts");
        break;
    case RC_PROMQL_UNARY:
        require(inside(n->unary.expr, n), "a unary operand lies inside it");
        break;
    case RC_PROMQL_PAREN:
        require(inside(n->paren.expr, n) && n->paren.expr->offset > n->offset,
                "a parenthesised expression lies inside the parentheses");
        break;
    default:
        break;
    }
    return true;
}

static bool count_one(const rc_promql_node *n, void *user)
{
    (void)n;
    size_t *left = user;
    return --*left > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024)
        return 0; /* a rule's expression is small; keep executions fast */
    const char *text = (const char *)data;
    rc_arena arena;
    rc_arena_init(&arena);
    const rc_promql_node *root = NULL;
    rc_promql_error err;
    if (rc_promql_parse(&arena, text, size, &root, &err)) {
        require(root != NULL, "an accepted expression has a root");
        require(root->type == RC_PROMQL_TYPE_SCALAR || root->type == RC_PROMQL_TYPE_STRING ||
                    root->type == RC_PROMQL_TYPE_INSTANT_VECTOR ||
                    root->type == RC_PROMQL_TYPE_RANGE_VECTOR,
                "the root has a type");
        walk_state state = {text, size, 0};
        rc_promql_walk(root, check_node, &state);
        require(state.visited > 0, "the walk visits the root");
        /* Stopping early visits exactly as many nodes as asked. */
        size_t left = state.visited > 1 ? state.visited / 2 : 1;
        size_t want = left;
        rc_promql_walk(root, count_one, &left);
        require(left == 0 && want > 0, "the walk stops when asked");
    } else {
        require(root == NULL, "a rejected expression has no root");
        require(err.offset <= size, "an error's offset lies inside the input");
        require(err.message[0] != '\0', "an error has a message");
        unsigned line, column;
        rc_promql_position(text, size, err.offset, &line, &column);
    }
    rc_arena_release(&arena);
    return 0;
}

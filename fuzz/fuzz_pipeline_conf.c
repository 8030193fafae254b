/* fuzz_pipeline_conf.c - libFuzzer target for the Alloy and Fluent Bit classic readers
 * (input/pipeline_conf.h): the sniff, then the load in the syntax it names, and in the other
 * one too (a load is asked of any text a ConfigMap value holds). See docs/fuzzing.md.
 *
 * Besides the sanitizers, it asserts the contracts the rules rely on: a failed load leaves
 * no root; a loaded tree is a map whose every node sits at a line of the input (a base line
 * of 7 and column of 3, as for embedded text) and a column past the base, with no NULL key,
 * value or item. The walk uses an explicit stack: trees are bounded by the depth limit and
 * by the input's size, since these readers share no node. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "input/diag.h"
#include "input/limits.h"
#include "input/pipeline_conf.h"
#include "model/node.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { BASE_LINE = 7, BASE_COLUMN = 3 };

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_pipeline_conf: contract broken: %s\n", what);
        abort();
    }
}

static void check_tree(const rc_node *root, uint32_t last_line)
{
    size_t capacity = 1024, depth = 0;
    const rc_node **stack = malloc(capacity * sizeof *stack);
    if (!stack)
        return;
    stack[depth++] = root;
    while (depth) {
        const rc_node *n = stack[--depth];
        require(n != NULL, "no NULL node");
        require(n->line >= BASE_LINE && n->line <= last_line, "line inside the input");
        require(n->column > BASE_COLUMN, "column past the base");
        size_t count = rc_node_count(n);
        if (n->kind == RC_NODE_SCALAR)
            require(n->as.scalar.text != NULL, "scalar text set");
        for (size_t i = 0; i < count; i++) {
            if (depth + 2 > capacity) {
                const rc_node **bigger = realloc(stack, capacity * 2 * sizeof *stack);
                if (!bigger) {
                    free(stack);
                    return;
                }
                stack = bigger;
                capacity *= 2;
            }
            if (n->kind == RC_NODE_MAP) {
                stack[depth++] = n->as.map.pairs[i].key;
                stack[depth++] = n->as.map.pairs[i].value;
            } else {
                stack[depth++] = n->as.seq.items[i];
            }
        }
    }
    free(stack);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    rc_limits limits;
    rc_limits_default(&limits);
    uint32_t last_line = BASE_LINE;
    for (size_t i = 0; i < size && last_line < UINT32_MAX; i++)
        last_line += data[i] == '\n';
    rc_conf_syntax sniffed = rc_conf_sniff(text, size);
    require(sniffed == RC_CONF_NONE || sniffed == RC_CONF_ALLOY ||
                sniffed == RC_CONF_FLUENTBIT,
            "sniff names a syntax");
    static const rc_conf_syntax syntaxes[] = {RC_CONF_ALLOY, RC_CONF_FLUENTBIT};
    for (size_t s = 0; s < 2; s++) {
        rc_arena arena;
        rc_arena_init(&arena);
        rc_node *root = (rc_node *)&arena; /* must be overwritten */
        rc_diag diag;
        if (rc_conf_load(&arena, syntaxes[s], "fuzz", text, size, BASE_LINE, BASE_COLUMN,
                         &limits, &root, &diag)) {
            require(root != NULL && root->kind == RC_NODE_MAP, "a loaded tree is a map");
            check_tree(root, last_line);
        } else {
            require(root == NULL, "a failed load leaves no root");
            require(diag.message[0] != '\0', "a failed load says why");
        }
        rc_arena_release(&arena);
    }
    return 0;
}

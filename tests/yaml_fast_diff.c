/* yaml_fast_diff - the fast YAML loader against libyaml's path over real files.
 *
 *   yaml_fast_diff [-v] FILE...
 *
 * Splits each file into documents as the engine does (input/split.h), loads each document
 * with rc_yaml_fast_load and with rc_yaml_load_libyaml_at, and compares the trees node by
 * node (model/node_compare.h) whenever the fast path accepted. Then, as the checks load the
 * configs and dashboards held in block scalars (checks/common.c), each non-empty block scalar
 * of an accepted tree is loaded both ways at its own line and column, and compared too.
 * Prints each mismatch as FILE:LINE: what differs; -v also lists declined documents. Ends
 * with one summary line for tests/yaml-fast-diff.sh:
 *   yaml-fast-diff-counts: documents D accepted A mismatches M embedded E embedded-accepted
 *   EA embedded-mismatches EM valid V embedded-valid EV
 * where V and EV count what libyaml loads with a non-empty root, or the fast path accepts
 * (an empty document is valid too but has no root: counted only when accepted).
 * Exits 1 on any mismatch or unreadable file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/split.h"
#include "input/yaml_fast.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "model/node_compare.h"
#include "util/arena.h"
#include "util/buf.h"

typedef struct tally {
    size_t documents, accepted, mismatches, valid; /* valid: libyaml loads it */
    size_t embedded, embedded_accepted, embedded_mismatches, embedded_valid;
    bool verbose;
} tally;

typedef enum outcome { DECLINED, MATCHED, MISMATCHED } outcome;

/* Loads TEXT both ways into ARENA; on acceptance compares. *SLOW_ROOT gets libyaml's tree. */
static outcome compare_one(rc_arena *arena, const char *file, const char *text, size_t len,
                           uint32_t line, uint32_t column, rc_node **slow_root)
{
    rc_limits limits;
    rc_limits_default(&limits);
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    rc_node *slow = NULL, *fast = NULL;
    bool slow_ok = rc_yaml_load_libyaml_at(arena, file, text, len, line, column, &limits, &slow,
                                           &diag);
    *slow_root = slow_ok ? slow : NULL;
    if (!rc_yaml_fast_load(arena, text, len, line, column, &limits, &fast))
        return DECLINED;
    if (!slow_ok) {
        printf("%s:%u: fast path accepted a document libyaml rejects (%u:%u %s)\n", file,
               (unsigned)line, (unsigned)diag.line, (unsigned)diag.column, diag.message);
        return MISMATCHED;
    }
    char why[600];
    if (!rc_node_tree_equal(slow, fast, why, sizeof why)) {
        printf("%s:%u: %s (libyaml vs fast)\n", file, (unsigned)line, why);
        return MISMATCHED;
    }
    return MATCHED;
}

/* Every non-empty block scalar under ROOT, loaded as checks/common.c loads embedded text. */
static void compare_embedded(rc_arena *arena, const char *file, const rc_node *root, tally *t)
{
    if (!root)
        return;
    size_t count = 0, capacity = 64;
    const rc_node **stack = malloc(capacity * sizeof *stack);
    if (!stack)
        return;
    stack[count++] = root;
    while (count) {
        const rc_node *node = stack[--count];
        if (node->kind == RC_NODE_SCALAR) {
            if (node->as.scalar.style != RC_SCALAR_BLOCK || !node->as.scalar.len)
                continue;
            rc_node *ignored;
            t->embedded++;
            outcome o = compare_one(arena, file, node->as.scalar.text, node->as.scalar.len,
                                    node->line + 1, node->as.scalar.block_indent, &ignored);
            t->embedded_valid += ignored != NULL || o != DECLINED;
            if (o == DECLINED && ignored && t->verbose)
                printf("%s:%u: embedded text declined\n", file, (unsigned)node->line);
            t->embedded_accepted += o != DECLINED;
            t->embedded_mismatches += o == MISMATCHED;
            continue;
        }
        size_t n = rc_node_count(node);
        if (count + 2 * n > capacity) {
            while (count + 2 * n > capacity)
                capacity *= 2;
            const rc_node **grown = realloc(stack, capacity * sizeof *stack);
            if (!grown)
                break;
            stack = grown;
        }
        for (size_t i = n; i-- > 0;) {
            if (node->kind == RC_NODE_MAP)
                stack[count++] = node->as.map.pairs[i].value;
            else
                stack[count++] = node->as.seq.items[i];
        }
    }
    free(stack);
}

static bool diff_file(const char *path, tally *t)
{
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    if (!rc_read_file(path, (size_t)1 << 30, &text, &diag)) {
        printf("%s: cannot read: %s\n", path, diag.message);
        return false;
    }
    rc_doc_slice *slices = NULL;
    size_t count = 0;
    if (!rc_split_stream(text.data ? text.data : "", text.len, &slices, &count)) {
        rc_buf_release(&text);
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        rc_arena arena;
        rc_arena_init(&arena);
        rc_node *slow;
        t->documents++;
        outcome o = compare_one(&arena, path, text.data + slices[i].offset, slices[i].len,
                                slices[i].first_line, 0, &slow);
        t->accepted += o != DECLINED;
        t->mismatches += o == MISMATCHED;
        t->valid += slow != NULL || o != DECLINED;
        if (o == DECLINED && t->verbose)
            printf("%s:%u: declined%s\n", path, (unsigned)slices[i].first_line,
                   slow ? " (libyaml loads it)" : "");
        compare_embedded(&arena, path, slow, t);
        rc_arena_release(&arena);
    }
    free(slices);
    rc_buf_release(&text);
    return true;
}

int main(int argc, char **argv)
{
    tally t = {0};
    bool ok = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            t.verbose = true;
        else
            ok = diff_file(argv[i], &t) && ok;
    }
    printf("yaml-fast-diff-counts: documents %zu accepted %zu mismatches %zu embedded %zu "
           "embedded-accepted %zu embedded-mismatches %zu valid %zu embedded-valid %zu\n",
           t.documents, t.accepted, t.mismatches, t.embedded, t.embedded_accepted,
           t.embedded_mismatches, t.valid, t.embedded_valid);
    return ok && t.mismatches == 0 && t.embedded_mismatches == 0 ? 0 : 1;
}

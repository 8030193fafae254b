/* fuzz_yaml_fast.c - libFuzzer target: the fast YAML loader (input/yaml_fast.h) against
 * libyaml's path (rc_yaml_load_libyaml_at). See docs/fuzzing.md.
 *
 * The input is loaded as the engine loads it (split into documents by input/split.h, each at
 * its first line) and once whole, as settings and embedded texts are loaded; the whole load
 * uses a base column taken from the first byte, as embedded documents have one. For each:
 *  - when the fast path accepts, libyaml's path must succeed and give the same tree, node by
 *    node (model/node_compare.h);
 *  - when it declines, it must leave no root and not touch the arena;
 *  - rc_yaml_load_at, which tries the fast path first, must succeed exactly when libyaml's
 *    path does (a decline is always safe).
 * A broken contract prints the difference and aborts, which libFuzzer reports as a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/diag.h"
#include "input/limits.h"
#include "input/split.h"
#include "input/yaml_fast.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "model/node_compare.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what, const char *detail)
{
    if (!ok) {
        fprintf(stderr, "fuzz_yaml_fast: contract broken: %s%s%s\n", what, detail ? ": " : "",
                detail ? detail : "");
        abort();
    }
}

static void compare(const char *text, size_t len, uint32_t line, uint32_t column)
{
    rc_limits limits;
    rc_limits_default(&limits);
    /* Small limits too, so that declining at a limit is exercised by small inputs. */
    if (len % 5 == 0) {
        limits.max_depth = 4;
        limits.max_scalar_bytes = 16;
        limits.max_expanded_nodes = 24;
    }
    rc_arena slow_arena, fast_arena, wired_arena;
    rc_arena_init(&slow_arena);
    rc_arena_init(&fast_arena);
    rc_arena_init(&wired_arena);
    rc_diag diag;
    memset(&diag, 0, sizeof diag);
    rc_node *slow = NULL, *fast = (rc_node *)&fast_arena, *wired = NULL;
    bool slow_ok = rc_yaml_load_libyaml_at(&slow_arena, "fuzz.yaml", text, len, line, column,
                                           &limits, &slow, &diag);
    bool accepted = rc_yaml_fast_load(&fast_arena, text, len, line, column, &limits, &fast);
    if (accepted) {
        require(slow_ok, "the fast path accepted what libyaml rejects", diag.message);
        char why[600];
        require(rc_node_tree_equal(slow, fast, why, sizeof why),
                "the fast tree differs from libyaml's", why);
    } else {
        require(fast == NULL, "a declined load leaves no root", NULL);
        require(fast_arena.head == NULL, "a declined load leaves the arena alone", NULL);
    }
    bool wired_ok = rc_yaml_load_at(&wired_arena, "fuzz.yaml", text, len, line, column, &limits,
                                    &wired, &diag);
    require(wired_ok == slow_ok, "rc_yaml_load_at and libyaml's path disagree on success", NULL);
    rc_arena_release(&slow_arena);
    rc_arena_release(&fast_arena);
    rc_arena_release(&wired_arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    rc_doc_slice *slices = NULL;
    size_t count = 0;
    if (!rc_split_stream(text, size, &slices, &count))
        return 0;
    for (size_t i = 0; i < count; i++)
        compare(text + slices[i].offset, slices[i].len, slices[i].first_line, 0);
    free(slices);
    compare(text, size, 3, size ? data[0] % 7 : 0);
    return 0;
}

/* node_compare.h - node-by-node equality of two rc_node trees, for differential tests.
 *
 * Two trees are equal when every pair of corresponding nodes has the same kind, line,
 * column and expanded_size; scalars the same len, bytes, style and block_indent; maps the
 * same pairs in the same order; sequences the same items in the same order.
 * Both trees are borrowed. Walks with an explicit stack (heap memory freed before returning),
 * never recursion; shared (aliased) nodes are walked once per parent, so the cost is bounded
 * by the expanded size the loader already limited. */
#ifndef RC_NODE_COMPARE_H
#define RC_NODE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/node.h"

/* True when A and B are equal (both NULL counts). Otherwise false, with WHY (WHY_SIZE bytes,
 * always NUL-terminated) naming the first difference in walk order: its path from the root
 * (`.key`, `[index]`), its position in A and both values. Running out of memory also
 * returns false, saying so. */
bool rc_node_tree_equal(const rc_node *a, const rc_node *b, char *why, size_t why_size);

#endif

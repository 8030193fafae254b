#include "model/node_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/checked.h"

/* A pair of nodes still to compare, and how to name it: the parent's entry on the stack
 * (SIZE_MAX for the root) and the step from the parent. */
typedef struct pending {
    const rc_node *a, *b;
    size_t parent;
    size_t index;
    bool is_key;
    bool done; /* popped: kept on the stack only so its children can name their path */
} pending;

typedef struct walk {
    pending *items;
    size_t count, capacity;
} walk;

static bool walk_push(walk *w, const rc_node *a, const rc_node *b, size_t parent, size_t index,
                      bool is_key)
{
    if (w->count == w->capacity) {
        size_t capacity = w->capacity ? 0 : 64, bytes;
        if ((w->capacity && !rc_mul_size(w->capacity, 2, &capacity)) ||
            !rc_mul_size(capacity, sizeof *w->items, &bytes))
            return false;
        pending *grown = realloc(w->items, bytes);
        if (!grown)
            return false;
        w->items = grown;
        w->capacity = capacity;
    }
    w->items[w->count++] = (pending){a, b, parent, index, is_key, false};
    return true;
}

/* Writes the path of entry AT into WHY: `.key` steps for maps (the key's text in A), `[i]`
 * for sequences, `(key)` when the differing node is a key itself. */
static void describe_path(const walk *w, size_t at, char *why, size_t why_size)
{
    const char *steps[64];
    size_t n = 0;
    char tmp[64][48];
    for (size_t i = at; i != SIZE_MAX && n < 64; i = w->items[i].parent) {
        const pending *p = &w->items[i];
        if (p->parent == SIZE_MAX)
            break;
        const rc_node *parent = w->items[p->parent].a;
        if (parent->kind == RC_NODE_MAP) {
            const rc_node *key = parent->as.map.pairs[p->index].key;
            const char *text = key->kind == RC_NODE_SCALAR ? key->as.scalar.text : "?";
            snprintf(tmp[n], sizeof tmp[n], p->is_key ? ".(key %.30s)" : ".%.40s", text);
        } else {
            snprintf(tmp[n], sizeof tmp[n], "[%zu]", p->index);
        }
        steps[n] = tmp[n];
        n++;
    }
    size_t used = 0;
    why[0] = '\0';
    for (size_t i = n; i-- > 0 && used + 1 < why_size;) {
        int k = snprintf(why + used, why_size - used, "%s", steps[i]);
        if (k < 0)
            break;
        used += (size_t)k < why_size - used ? (size_t)k : why_size - used - 1;
    }
    if (n == 0)
        snprintf(why, why_size, "(root)");
}

static const char *kind_name(rc_node_kind kind)
{
    return kind == RC_NODE_MAP ? "map" : kind == RC_NODE_SEQ ? "seq" : "scalar";
}

/* The first difference between two nodes' own fields, or NULL. */
static const char *own_difference(const rc_node *a, const rc_node *b, char *detail, size_t size)
{
    if (!a || !b) {
        snprintf(detail, size, "%s vs %s", a ? "node" : "NULL", b ? "node" : "NULL");
        return "presence";
    }
    if (a->kind != b->kind) {
        snprintf(detail, size, "%s vs %s", kind_name(a->kind), kind_name(b->kind));
        return "kind";
    }
    if (a->line != b->line || a->column != b->column) {
        snprintf(detail, size, "%u:%u vs %u:%u", (unsigned)a->line, (unsigned)a->column,
                 (unsigned)b->line, (unsigned)b->column);
        return "position";
    }
    if (rc_node_expanded_size(a) != rc_node_expanded_size(b)) {
        snprintf(detail, size, "%u vs %u", (unsigned)rc_node_expanded_size(a),
                 (unsigned)rc_node_expanded_size(b));
        return "expanded_size";
    }
    if (a->kind == RC_NODE_SCALAR) {
        if (a->as.scalar.style != b->as.scalar.style) {
            snprintf(detail, size, "%d vs %d", (int)a->as.scalar.style, (int)b->as.scalar.style);
            return "style";
        }
        if (a->as.scalar.len != b->as.scalar.len ||
            memcmp(a->as.scalar.text, b->as.scalar.text, a->as.scalar.len) != 0 ||
            a->as.scalar.text[a->as.scalar.len] != '\0') {
            snprintf(detail, size, "\"%.60s\" (%zu bytes) vs \"%.60s\" (%zu bytes)",
                     a->as.scalar.text, (size_t)a->as.scalar.len, b->as.scalar.text, (size_t)b->as.scalar.len);
            return "text";
        }
        if (a->as.scalar.block_indent != b->as.scalar.block_indent) {
            snprintf(detail, size, "%u vs %u", (unsigned)a->as.scalar.block_indent,
                     (unsigned)b->as.scalar.block_indent);
            return "block_indent";
        }
        return NULL;
    }
    size_t na = rc_node_count(a), nb = rc_node_count(b);
    if (na != nb) {
        snprintf(detail, size, "%zu vs %zu entries", na, nb);
        return "count";
    }
    return NULL;
}

bool rc_node_tree_equal(const rc_node *a, const rc_node *b, char *why, size_t why_size)
{
    if (why_size)
        why[0] = '\0';
    if (!a && !b)
        return true;
    walk w = {0};
    bool equal = true;
    if (!walk_push(&w, a, b, SIZE_MAX, 0, false)) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    /* Depth-first; popped entries stay (marked done) below their children so paths can be
     * named, and are dropped once no pending entry sits above them. */
    while (w.count) {
        size_t at = w.count - 1;
        if (w.items[at].done) {
            w.count--;
            continue;
        }
        pending *p = &w.items[at];
        p->done = true;
        char detail[200];
        const char *what = own_difference(p->a, p->b, detail, sizeof detail);
        if (what) {
            char path[256];
            describe_path(&w, at, path, sizeof path);
            const rc_node *where = p->a ? p->a : p->b;
            snprintf(why, why_size, "%s at %u:%u: %s differs: %s", path, (unsigned)where->line,
                     (unsigned)where->column, what, detail);
            equal = false;
            break;
        }
        const rc_node *na = p->a, *nb = p->b;
        size_t n = rc_node_count(na);
        /* Pushed in reverse so the first child is compared first. */
        for (size_t i = n; i-- > 0;) {
            bool ok;
            if (na->kind == RC_NODE_MAP) {
                ok = walk_push(&w, na->as.map.pairs[i].value, nb->as.map.pairs[i].value, at, i,
                               false) &&
                     walk_push(&w, na->as.map.pairs[i].key, nb->as.map.pairs[i].key, at, i, true);
            } else {
                ok = walk_push(&w, na->as.seq.items[i], nb->as.seq.items[i], at, i, false);
            }
            if (!ok) {
                snprintf(why, why_size, "out of memory");
                free(w.items);
                return false;
            }
        }
    }
    free(w.items);
    return equal;
}

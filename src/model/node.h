/* node.h - the parsed YAML/JSON tree with source positions.
 *
 * Nodes live in the arena of the document that produced them and are immutable after loading;
 * every pointer returned here is borrowed from that arena. Aliases are resolved at load time by
 * sharing the anchored node, so a node may have several parents (the tree is a DAG); the
 * loader bounds how large the expanded tree may be, so full walks stay bounded.
 * Lines and columns are 1-based positions in the input file (not in the document). */
#ifndef RC_NODE_H
#define RC_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum rc_node_kind {
    RC_NODE_SCALAR,
    RC_NODE_MAP,
    RC_NODE_SEQ,
} rc_node_kind;

typedef enum rc_scalar_style {
    RC_SCALAR_PLAIN,   /* unquoted: may be null, bool, number */
    RC_SCALAR_QUOTED,  /* single or double quoted: always a string */
    RC_SCALAR_BLOCK,   /* literal | or folded > */
} rc_scalar_style;

typedef struct rc_node rc_node;

typedef struct rc_node_pair {
    rc_node *key;
    rc_node *value;
} rc_node_pair;

/* 24 bytes: a release's trees are most of readyctl's memory, so lengths and counts are 32-bit
 * (documents are at most RC_NODE_MAX_COUNT bytes, so no scalar or collection is longer), a
 * column 30-bit (RC_NODE_MAX_COLUMN beyond), a block scalar's indentation 16-bit
 * (RC_NODE_INDENT_UNKNOWN beyond), and only collections hold an expanded size (a scalar's is
 * 1): read it with rc_node_expanded_size. Set a column with rc_node_set_column. */
struct rc_node {
    uint32_t line;
    uint32_t column : 30;
    uint32_t kind : 2; /* rc_node_kind */
    union {
        struct {
            const char *text; /* NUL-terminated; may also contain NULs (len is exact) */
            uint32_t len;
            /* Block scalars: the 0-based file column where the content lines start (their
             * indentation), so text embedded in them can be positioned; else 0. */
            uint16_t block_indent;
            uint8_t style; /* rc_scalar_style */
        } scalar;
        struct {
            rc_node_pair *pairs;
            uint32_t count;
            uint32_t expanded_size; /* nodes in the subtree with aliases expanded, saturating */
        } map;
        struct {
            rc_node **items;
            uint32_t count;
            uint32_t expanded_size; /* as a map's */
        } seq;
    } as;
};

/* The largest column a node holds; columns further right are held as this one. */
#define RC_NODE_MAX_COLUMN (((uint32_t)1 << 30) - 1)

static inline void rc_node_set_column(rc_node *node, size_t column)
{
    node->column = column < RC_NODE_MAX_COLUMN ? (uint32_t)column : RC_NODE_MAX_COLUMN;
}

/* Nodes in NODE's subtree with aliases expanded (saturating at UINT32_MAX): 1 for a scalar. */
static inline uint32_t rc_node_expanded_size(const rc_node *node)
{
    return node->kind == RC_NODE_MAP   ? node->as.map.expanded_size
           : node->kind == RC_NODE_SEQ ? node->as.seq.expanded_size
                                       : 1;
}

/* Sets a collection's expanded size; a scalar's is always 1. */
static inline void rc_node_set_expanded_size(rc_node *node, uint32_t size)
{
    if (node->kind == RC_NODE_MAP)
        node->as.map.expanded_size = size;
    else if (node->kind == RC_NODE_SEQ)
        node->as.seq.expanded_size = size;
}

/* Loaders refuse longer scalars and larger collections (rc_limits stay below it). */
#define RC_NODE_MAX_COUNT UINT32_MAX
/* A block scalar indented further than 16 bits can say: its content is positioned at the
 * scalar itself, as for any other scalar. */
#define RC_NODE_INDENT_UNKNOWN 0

/* A block scalar's indentation as a node holds it. */
static inline uint16_t rc_node_indent(size_t column)
{
    return column <= UINT16_MAX ? (uint16_t)column : RC_NODE_INDENT_UNKNOWN;
}

/* Scalar text, or NULL when NODE is NULL or not a scalar. */
const char *rc_node_text(const rc_node *node);
/* True for a plain scalar spelled as YAML null (~, null, Null, NULL, empty). */
bool rc_node_is_null(const rc_node *node);
/* A scalar that carries a value: not null. Quoted "" counts as a (empty) string. */
bool rc_node_is_string(const rc_node *node);
/* The pair for the KEY_LEN bytes of KEY (to reach the key's own position); NULL when NODE
 * is not a map or the key is absent. The last of repeated keys wins. */
const rc_node_pair *rc_node_get_pair_n(const rc_node *node, const char *key, size_t key_len);
/* The same for a NUL-terminated KEY. Inline: rules name keys with literals, whose length the
 * compiler then knows (lookups are the commonest thing a lint does). */
static inline const rc_node_pair *rc_node_get_pair(const rc_node *node, const char *key)
{
    return rc_node_get_pair_n(node, key, strlen(key));
}
/* Value for KEY in a map node; NULL when NODE is not a map or the key is absent. */
static inline rc_node *rc_node_get(const rc_node *node, const char *key)
{
    const rc_node_pair *pair = rc_node_get_pair(node, key);
    return pair ? pair->value : NULL;
}
/* Walks a dotted path of map keys ("spec.template.spec"). NULL when any step is missing. */
rc_node *rc_node_path(const rc_node *node, const char *dotted);
/* Text of the scalar at KEY, NULL when absent or not a scalar. */
const char *rc_node_get_text(const rc_node *node, const char *key);
/* Parses an integer scalar (decimal, optional sign). False when not an integer. */
bool rc_node_int(const rc_node *node, long long *out);
/* YAML 1.1/JSON booleans as Kubernetes reads them: true/false (any case of those words). */
bool rc_node_bool(const rc_node *node, bool *out);
size_t rc_node_count(const rc_node *node); /* pairs of a map, items of a seq, 0 otherwise */
/* Whether TEXT still holds syntax a later stage substitutes — Helm/Go ({{ }}), shell and
 * envsubst (${X}), Kubernetes' dependent env variables ($(X)) — so rules leave the value alone
 * rather than judge it (and never call it a secret). */
bool rc_text_is_templated(const char *text);

#endif

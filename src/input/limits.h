/* limits.h - bounds on what input may make readyctl do (DESIGN.md §9).
 * A plain value struct; rc_limits_default fills the shipped defaults. */
#ifndef RC_LIMITS_H
#define RC_LIMITS_H

#include <stddef.h>

typedef struct rc_limits {
    size_t max_depth;          /* nesting of maps and sequences */
    size_t max_scalar_bytes;   /* one scalar's text */
    size_t max_document_bytes; /* one YAML document (between --- markers) */
    size_t max_input_bytes;    /* one input file or standard input */
    size_t max_expanded_nodes; /* a document's node count with aliases expanded */
    /* Nodes hold 32-bit lengths and counts: max_scalar_bytes and max_expanded_nodes stay
     * below RC_NODE_MAX_COUNT (model/node.h); loaders refuse a longer scalar regardless. */
} rc_limits;

void rc_limits_default(rc_limits *limits);

#endif

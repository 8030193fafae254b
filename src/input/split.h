/* split.h - cuts a YAML stream into documents at its `---` / `...` markers, without parsing.
 *
 * Splitting first is what lets one broken document fail alone while the rest of the stream is
 * still linted, and lets documents be parsed independently. A marker counts only at column 1
 * followed by a space, a tab or the end of the line, which is also where YAML itself forbids
 * such a line inside content, so the cut points are exactly the document boundaries.
 * Also finds helm's `# Source: chart/templates/x.yaml` comment at the head of each document. */
#ifndef RC_SPLIT_H
#define RC_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rc_doc_slice {
    size_t offset;          /* first byte of the document in the stream (a line start) */
    size_t len;
    uint32_t first_line;    /* 1-based stream line of OFFSET */
    size_t source_offset;   /* the `# Source:` path, as offset/len in the stream; len 0 if none */
    size_t source_len;
    uint32_t source_line;   /* 1-based stream line of the `# Source:` comment; 0 if none */
} rc_doc_slice;

/* Fills *SLICES with a heap array (caller frees) of *COUNT slices covering TEXT in order.
 * Returns false only when memory runs out. */
bool rc_split_stream(const char *text, size_t len, rc_doc_slice **slices, size_t *count);

#endif

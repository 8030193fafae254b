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

/* Where TEXT can be split in two, each half on its own, giving what rc_split_stream gives:
 * the first `---` line at or after NEAR (and before LEN) whose last marker line before it is
 * also a `---` line, so rc_split_stream cuts there whatever came earlier. LEN when there is
 * none. */
size_t rc_split_find_cut(const char *text, size_t len, size_t near);
/* rc_split_stream's slices of TEXT, the text before CUT (a place rc_split_find_cut gave)
 * split on a second thread while this one splits the rest: for a large input, whose split
 * runs while every other CPU waits. THREADED false splits both halves on this thread (as
 * the tests do, for every cut). */
bool rc_split_stream_at(const char *text, size_t len, size_t cut, bool threaded,
                        rc_doc_slice **slices, size_t *count);

#endif

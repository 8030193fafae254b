/* document.h - one YAML document of one input, with where it came from.
 * Documents are owned by the run. They, their `# Source:` paths and their nodes live in the
 * arena of the parsing thread that set them up and built them (the run's parse arenas): documents are parsed independently and in parallel,
 * and one arena per thread packs a document of a few hundred bytes without leaving most of
 * a block empty, as an arena per document did. */
#ifndef RC_DOCUMENT_H
#define RC_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/node.h"
#include "util/arena.h"

struct rc_document {
    const char *input;      /* the input as named by the user ("<stdin>" for a pipe) */
    const char *source;     /* helm's `# Source:` template path, or NULL */
    uint32_t source_line;   /* input line of the `# Source:` comment; 0 when none */
    uint32_t first_line;    /* input line where the document starts */
    size_t index;           /* 0-based position in its input */
    rc_node *root;          /* NULL for an empty or unparsable document */
    const char *text;       /* the document's text, kept only to map helm output (else NULL) */
    size_t text_len;
    bool failed;
    /* Its object's object rules ran on its parsing thread (rc_run_execute): the object is
     * at OBJECT_INDEX among the run's objects once loading ends. (Beside FAILED, these take
     * no more room: a run holds one document per object.) */
    bool judged;
    uint32_t object_index;
};

#endif

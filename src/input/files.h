/* files.h - reading inputs: whole files and streams into memory, directories walked.
 *
 * Ownership: contents land in a caller-owned rc_buf; path lists own their strings
 * (rc_path_list_release frees them).
 * Errors: functions return false and fill an rc_diag naming the path and the system error. */
#ifndef RC_FILES_H
#define RC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "input/diag.h"
#include "util/buf.h"

/* Reads all of PATH (at most MAX_BYTES) into OUT, replacing its contents. */
/* Reads a regular file or a named pipe (waiting at most RC_PIPE_WAIT_MS for a pipe's first
 * bytes; an empty pipe is an error); anything else (a device, a socket) is refused. */
enum { RC_PIPE_WAIT_MS = 10000 };
bool rc_read_file(const char *path, size_t max_bytes, rc_buf *out, rc_diag *diag);
/* Reads STREAM to its end; NAME is used in diagnostics. */
bool rc_read_stream(FILE *stream, const char *name, size_t max_bytes, rc_buf *out,
                    rc_diag *diag);

/* An input's whole text, NUL-terminated at LEN: a large regular file mapped read-only
 * (never copied, so no fresh page is faulted in for it), anything else read into BUF.
 * Owned by the caller: rc_input_text_release unmaps or frees it. Its pages may be given
 * back (madvise MADV_DONTNEED) once read: a mapping's are read again from the file. */
typedef struct rc_input_text {
    const char *data;
    size_t len;
    rc_buf buf;
    void *mapping;      /* the reserved range: the file's pages and one zero page */
    size_t mapping_len;
} rc_input_text;

#define RC_INPUT_TEXT_INIT { NULL, 0, RC_BUF_INIT, NULL, 0 }
/* Regular files of at least this many bytes are mapped. Below it, reading costs no more. */
enum { RC_MAP_MIN_BYTES = 1 << 20 };

/* rc_read_file, but maps a regular file of RC_MAP_MIN_BYTES or more (at most MAX_BYTES).
 * Replaces what OUT held. A file truncated by another process while the run reads it raises
 * SIGBUS (as it does for every reader that maps files). */
bool rc_input_text_read_file(const char *path, size_t max_bytes, rc_input_text *out,
                             rc_diag *diag);
/* rc_read_stream into OUT, replacing what it held. */
bool rc_input_text_read_stream(FILE *stream, const char *name, size_t max_bytes,
                               rc_input_text *out, rc_diag *diag);
void rc_input_text_release(rc_input_text *text);

typedef struct rc_path_list {
    char **paths;
    size_t count;
    size_t capacity;
} rc_path_list;

void rc_path_list_release(rc_path_list *list);
bool rc_path_list_add(rc_path_list *list, const char *path);

/* Whether PATH names a directory. */
bool rc_is_directory(const char *path);
/* Appends PATH to OUT when it is a file; when it is a directory, appends every file under it
 * whose name ends in one of EXTENSIONS (NULL-terminated, e.g. ".yaml"), in sorted order.
 * Hidden directories (.git, ...) and symlinked directories are not entered. Walks with an
 * explicit stack. False when PATH cannot be read. */
bool rc_walk_path(const char *path, const char *const *extensions, rc_path_list *out,
                  rc_diag *diag);

#endif

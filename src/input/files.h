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

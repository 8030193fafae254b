/* builtin.h - the default rule pack, compiled in from the rules/ directory by tools/embed.
 * The table ends with an entry whose path is NULL. Static data: nothing to free. */
#ifndef RC_BUILTIN_H
#define RC_BUILTIN_H

#include <stddef.h>

typedef struct rc_builtin_file {
    const char *path; /* "rules/<name>.yaml", used in diagnostics */
    const char *text;
    size_t len;
} rc_builtin_file;

extern const rc_builtin_file rc_builtin_pack[];

#endif

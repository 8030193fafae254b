/* builtin.h - the default rule pack, compiled in: the files of rules/, already parsed.
 *
 * tools/pack_compile loads each file of rules/ with the pack's own loader (rc_pack_parse,
 * hence rc_yaml_load) when the binary is built, checks that the pack loads (every pattern
 * compiles, every profile applies) and writes the node trees out as static const C data
 * (build/gen/builtin_pack.c). rc_pack_load_builtin interprets those trees exactly as it
 * interprets the trees of a --rules pack, with no YAML parsed at run time. The trees of the
 * templates' parameter defaults (rc_param_spec.default_yaml) are compiled the same way.
 *
 * Static data, immutable: nothing to free, safe to read from any thread. Node texts are
 * NUL-terminated and may hold NULs (their len is exact), as the loader makes them. */
#ifndef RC_BUILTIN_H
#define RC_BUILTIN_H

#include <stddef.h>

#include "model/node.h"

typedef struct rc_builtin_file {
    const char *path;            /* "rules/<name>.yaml", used in diagnostics */
    const rc_node *const *roots; /* one per document of the file; NULL for an empty one */
    size_t root_count;
} rc_builtin_file;

/* A parameter default's YAML text and its tree. */
typedef struct rc_builtin_default {
    const char *yaml;
    const rc_node *tree;
} rc_builtin_default;

/* The files in name order; the table ends with an entry whose path is NULL. */
extern const rc_builtin_file rc_builtin_pack[];
/* FNV-1a over every file's name and text, as rc_pack_add_text would have computed it. */
extern const unsigned long long rc_builtin_pack_digest;
/* Every distinct default of the registry's templates, sorted by strcmp of yaml. */
extern const rc_builtin_default rc_builtin_defaults[];
extern const size_t rc_builtin_default_count;

#endif

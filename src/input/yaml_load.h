/* yaml_load.h - one YAML (or JSON) document's text -> rc_node tree, bounded.
 *
 * rc_yaml_load parses TEXT[0..LEN), which must hold at most one document (the splitter in
 * split.h guarantees this), into nodes allocated from ARENA. BASE_LINE is the 1-based file line
 * of TEXT's first byte, so node positions are file positions. TEXT must start at a line start.
 *
 * Returns true on success with *ROOT set (NULL for an empty document: only comments, blank
 * lines or markers). Returns false with DIAG filled (FILE, 1-based line and column, message)
 * on a syntax error or when a limit in LIMITS is exceeded; *ROOT is then NULL. Never recurses
 * on input depth: containers are built with an explicit stack. */
#ifndef RC_YAML_LOAD_H
#define RC_YAML_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/diag.h"
#include "input/limits.h"
#include "model/node.h"
#include "util/arena.h"

bool rc_yaml_load(rc_arena *arena, const char *file, const char *text, size_t len,
                  uint32_t base_line, const rc_limits *limits, rc_node **root, rc_diag *diag);
/* The same for text embedded in another file (a config inside a ConfigMap's block scalar):
 * BASE_COLUMN is added to every column, so positions are those of the enclosing file when
 * every line of TEXT sat BASE_COLUMN columns in (rc_node.as.scalar.block_indent). */
bool rc_yaml_load_at(rc_arena *arena, const char *file, const char *text, size_t len,
                     uint32_t base_line, uint32_t base_column, const rc_limits *limits,
                     rc_node **root, rc_diag *diag);
/* rc_yaml_load_at tries the fast loader (yaml_fast.h) and, when it declines, this: libyaml's
 * parser alone. Public as the reference the fast loader is tested against. */
bool rc_yaml_load_libyaml_at(rc_arena *arena, const char *file, const char *text, size_t len,
                             uint32_t base_line, uint32_t base_column, const rc_limits *limits,
                             rc_node **root, rc_diag *diag);

/* The same as rc_yaml_load, except that the value of SKIP_KEY in the root map (when it is a
 * map or a sequence) is parsed, so its syntax errors are still reported, but not built: a
 * null scalar at its position stands in for it. For documents whose bulk no rule reads (a
 * CustomResourceDefinition's schema under `spec`): they cost a scan, not a tree. */
bool rc_yaml_load_shallow(rc_arena *arena, const char *file, const char *text, size_t len,
                          uint32_t base_line, const char *skip_key, const rc_limits *limits,
                          rc_node **root, rc_diag *diag);

#endif

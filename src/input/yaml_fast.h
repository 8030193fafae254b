/* yaml_fast.h - a single-pass loader for the YAML that tools emit, or a refusal.
 *
 * rc_yaml_fast_load reads the common subset of YAML that helm, kubectl and JSON writers
 * produce (block maps and sequences, one-line plain and quoted scalars, literal and folded
 * block scalars, flow collections and JSON spanning lines, comments, one `---`/`...`) and
 * builds exactly the tree rc_yaml_load_libyaml_at builds for the same text: node kinds, text,
 * styles, positions, block_indent, expanded_size, pair and item order. For anything else it
 * declines, and the caller parses with libyaml, so error messages and rare YAML stay
 * libyaml's. It never reports an error of its own: malformed input is declined, and so is
 * input that would exceed a limit in LIMITS (libyaml's path reports that).
 *
 * Arguments are those of rc_yaml_load_at (yaml_load.h). Returns true when it accepted the text,
 * with *ROOT set (NULL for an empty document or a null root) and every node in ARENA.
 * Returns false when it declined; ARENA is then untouched (the attempt builds in an arena of
 * its own, handed over only on success) and *ROOT is NULL. Never recurses on input depth. */
#ifndef RC_YAML_FAST_H
#define RC_YAML_FAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/limits.h"
#include "model/node.h"
#include "util/arena.h"

bool rc_yaml_fast_load(rc_arena *arena, const char *text, size_t len, uint32_t base_line,
                       uint32_t base_column, const rc_limits *limits, rc_node **root);

#endif

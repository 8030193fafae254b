/* pipeline_conf.h - log pipeline configurations that are not YAML: Grafana Alloy (its River
 * syntax of blocks and attributes) and Fluent Bit's classic format ([SECTION] headers and
 * `Key Value` lines), recognised by their content and read into the node tree YAML uses, so
 * rules walk them with the same functions and report at their lines and columns.
 *
 * The trees (every node in ARENA, positioned like YAML's: 1-based, in the enclosing file):
 *   Alloy: the body is a map in statement order, keys repeated as the config repeats them.
 *     `name = expr` is a pair (name, value); a block `a.b "label" { body }` is a pair (`a.b`,
 *     map of its body) whose map starts with the pair (`@label`, label) when it has one (no
 *     River identifier starts with `@`). A value is a map for an object literal `{k = v}`, a
 *     sequence for an array, a quoted scalar for a lone string literal (escapes decoded), and
 *     otherwise a plain scalar holding the expression's text as written (`env("X")`,
 *     `loki.write.default.receiver`).
 *   Fluent Bit: the file is a map in order: each `[SECTION]` a pair (the name as written
 *     between the brackets, at the `[`; a map of its `Key Value` lines, values plain scalars
 *     of the rest of the line), and each `@INCLUDE path` / `@SET k=v` a pair (`@INCLUDE`, its
 *     argument). Keys keep their case; Fluent Bit compares them case-insensitively.
 *
 * Ownership: every node is allocated in ARENA and lives as long as it; TEXT is only read.
 * Errors: the loaders return false and fill DIAG (FILE borrowed, positioned) on a syntax
 * error, nesting deeper than LIMITS->max_depth, or out of memory. */
#ifndef RC_PIPELINE_CONF_H
#define RC_PIPELINE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/diag.h"
#include "input/limits.h"
#include "model/node.h"
#include "util/arena.h"

typedef enum rc_conf_syntax {
    RC_CONF_NONE,      /* neither: YAML, JSON or something else */
    RC_CONF_ALLOY,
    RC_CONF_FLUENTBIT, /* the classic format; Fluent Bit's YAML format is YAML */
} rc_conf_syntax;

/* What TEXT is, from its first statement past blank lines and comments: a Fluent Bit
 * section header ([SERVICE], [INPUT], [FILTER], [OUTPUT], [PARSER], [MULTILINE_PARSER],
 * [PLUGINS], [UPSTREAM], [NODE], [STREAM_TASK], [CUSTOM], any case) or directive (@INCLUDE,
 * @SET); an Alloy block header (`ident(.ident)* "label"? {`) or attribute (`ident = `).
 * Neither line can start a meaningful YAML or JSON document. */
rc_conf_syntax rc_conf_sniff(const char *text, size_t len);

/* Parses TEXT (LEN bytes) of SYNTAX into *ROOT (a map; empty for a file of comments). Its
 * first line is BASE_LINE of FILE and BASE_COLUMN is added to every column (0 for a file;
 * a ConfigMap block scalar's indentation for embedded text). */
bool rc_conf_load(rc_arena *arena, rc_conf_syntax syntax, const char *file, const char *text,
                  size_t len, uint32_t base_line, uint32_t base_column,
                  const rc_limits *limits, rc_node **root, rc_diag *diag);

#endif

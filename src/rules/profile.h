/* profile.h - environment profiles: named sets of rule severities and parameters, as data
 * (DESIGN.md §4). The default pack defines `prod` and `dev` in rules/profiles.yaml; a
 * project's .readyctl.yaml may add profiles or change these under the same `profiles:` key:
 *
 *   profiles:
 *     staging:
 *       extends: prod                 # start from prod (optional)
 *       description: pre-production
 *       severity: {RC611: note, RC403: off}
 *       params: {RC702: {max-interval: 30s}}
 *
 * Applying a profile resolves its lineage through `extends:` and applies it from the root
 * ancestor down; at each level the pack's definition first, then the project's.
 * Ownership: profiles borrow their nodes from the YAML tree they were parsed from (kept in
 * the pack's or the config's arena); the set's array lives in the arena given to parse.
 * Errors: return false with a diagnostic naming file, line and column. */
#ifndef RC_PROFILE_H
#define RC_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/diag.h"
#include "model/node.h"
#include "util/arena.h"

struct rc_pack;

typedef struct rc_profile {
    const char *name;
    const char *extends;     /* NULL: none */
    const char *description; /* NULL: none */
    const rc_node *severity; /* rule id or name -> error|warning|note|off; NULL: none */
    const rc_node *params;   /* rule id or name -> parameter map; NULL: none */
    const char *file;
    uint32_t line;
    uint32_t column;
} rc_profile;

typedef struct rc_profile_set {
    rc_profile *items;
    size_t count;
} rc_profile_set;

enum { RC_PROFILE_MAX_DEPTH = 8 };

/* A profile and its ancestors, most specific first. */
typedef struct rc_profile_lineage {
    const char *names[RC_PROFILE_MAX_DEPTH];
    size_t count;
} rc_profile_lineage;

/* Adds the profiles of NODE (a `profiles:` map from FILE) to SET; a name already in SET is
 * an error. */
bool rc_profiles_parse(rc_profile_set *set, rc_arena *arena, const rc_node *node,
                       const char *file, rc_diag *diag);
const rc_profile *rc_profiles_find(const rc_profile_set *set, const char *name);

/* Applies profile NAME (defined by PACK or by PROJECT, which may be NULL) to PACK's rules
 * and fills LINEAGE. Unknown names, cycles, unknown rules and bad values are errors. */
bool rc_profile_apply(struct rc_pack *pack, const rc_profile_set *project, const char *name,
                      rc_profile_lineage *lineage, rc_diag *diag);

#endif

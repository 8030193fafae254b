/* config.h - the project's .readyctl.yaml: found from the working directory upward, or named
 * with -c FILE.
 *
 *   profile: prod                a profile of the pack (prod, dev) or of `profiles:`
 *   fail-on: error|warning|note|none      min-score: 80
 *   exclude: ["old-chart*"]      paths (input or helm template) not to lint; `*` spans `/`
 *   requirements: {...}          what the platform declares (config/requirements.h)
 *   profiles: {...}              more profiles, or changes to the pack's (rules/profile.h)
 *   rules:
 *     RC103: off                 disable (also: false); `on`/true re-enables
 *     RC104: {severity: warning} change the severity
 *     hpa-required: {params: {names: ["^api$"]}}   change parameters (by id or name)
 *
 * Which file: -c FILE; else the rendered chart's own .readyctl.yaml (in --chart-root, or in
 * the chart directory found from `# Source:`); else the first found from the working
 * directory upward. Command-line options win over the file, and the file's `rules:` win
 * over its profile. Ownership: the config owns its nodes, strings and compiled patterns
 * (one arena, one regex set); rc_config_release frees them. Errors: load and apply return
 * false with a diagnostic naming file, line and column (unknown keys, unknown rules, bad
 * values). */
#ifndef RC_CONFIG_H
#define RC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "input/diag.h"
#include "config/requirements.h"
#include "model/node.h"
#include "rules/pack.h"
#include "rules/profile.h"
#include "rules/rule.h"
#include "util/arena.h"

typedef struct rc_config {
    rc_arena arena;
    const char *path;
    const char *profile;      /* NULL when not set */
    rc_req_at profile_at;
    bool has_fail_on;
    rc_severity fail_on;
    bool has_min_score;
    double min_score;
    const char **exclude;
    size_t exclude_count;
    const rc_node *rules;     /* the `rules:` map, applied by rc_config_apply */
    rc_requirements requirements; /* requirements.node is NULL when none are declared */
    rc_profile_set profiles;
    rc_regex_set regexes;
} rc_config;

void rc_config_init(rc_config *config);
void rc_config_release(rc_config *config);
/* Looks for .readyctl.yaml in START_DIR and its parents; writes the path into OUT. */
bool rc_config_find(const char *start_dir, char *out, size_t size);
bool rc_config_load(rc_config *config, const char *path, rc_diag *diag);
/* The same from TEXT (copied), named NAME in diagnostics. */
bool rc_config_load_text(rc_config *config, const char *name, const char *text, size_t len,
                         rc_diag *diag);
/* Whether DIR holds a .readyctl.yaml; writes its path into OUT. */
bool rc_config_in_dir(const char *dir, char *out, size_t size);
/* Applies profile PROFILE (pack's or the config's; CONFIG may be NULL) to PACK, then the
 * config's `rules:`; fills LINEAGE. */
bool rc_config_apply(const rc_config *config, rc_pack *pack, const char *profile,
                     rc_profile_lineage *lineage, rc_diag *diag);
/* Whether PATH matches one of the exclude patterns. */
bool rc_config_excludes(const char *const *patterns, size_t count, const char *path);

#endif

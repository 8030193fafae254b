/* pack.h - the rule pack: rules and the release checklist, loaded from YAML and validated.
 *
 * A pack is a set of YAML files. A file may hold `rules:` (a list of rules) and/or
 * `checklist:` (a list of checklist items). The default pack is compiled in (builtin.h);
 * `--rules PATH` (a file or a directory of *.yaml) replaces it.
 *
 * Ownership: the pack owns everything it loads (one arena plus its compiled regexes);
 * rc_pack_release frees it all. Rules and items returned are borrowed from the pack.
 * Errors: loaders return false with a diagnostic naming file, line and column. A failed load
 * leaves the pack to be released, not used. */
#ifndef RC_PACK_H
#define RC_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "input/diag.h"
#include "rules/params.h"
#include "rules/profile.h"
#include "rules/rule.h"
#include "util/arena.h"

typedef struct rc_checklist_item {
    const char *id;
    const char *title;
    const char *description;
    double weight;
    /* Requirement keys (config/requirements.h) whose declaration makes the item applicable
     * even before anything in the release is judged; the item is otherwise applicable when
     * one of its rules examined an object or reported a finding. */
    const char *const *declared_by;
    size_t declared_by_count;
    const char *na_reason;     /* shown when the item is n/a */
    bool judges_hooks;         /* its object rules also judge Helm lifecycle hooks */
    const char *file;
    uint32_t line;
} rc_checklist_item;

typedef struct rc_pack {
    rc_arena arena;
    rc_regex_set regexes;
    rc_rule *rules;            /* sorted by id */
    size_t rule_count;
    rc_checklist_item *items;  /* in file order */
    size_t item_count;
    size_t rule_capacity;
    size_t item_capacity;
    rc_profile_set profiles;   /* `profiles:` of the pack's files (rules/profiles.yaml) */
    const char *source;        /* "built-in" or the --rules path */
    unsigned long long digest; /* FNV-1a over every file's name and text, in load order */
} rc_pack;

void rc_pack_init(rc_pack *pack);
void rc_pack_release(rc_pack *pack);

/* Loads the compiled-in default pack. */
bool rc_pack_load_builtin(rc_pack *pack, rc_diag *diag);
/* Loads PATH: a YAML file or a directory of them. */
bool rc_pack_load_path(rc_pack *pack, const char *path, rc_diag *diag);
/* Loads one file's text (NAME is used in diagnostics; TEXT is copied). */
bool rc_pack_add_text(rc_pack *pack, const char *name, const char *text, size_t len,
                      rc_diag *diag);
/* Cross-checks after all files are added: unique ids and names, known checklist items;
 * sorts rules by id. Called by the loaders above. */
bool rc_pack_finish(rc_pack *pack, rc_diag *diag);

/* By id or by name; NULL when absent. */
const rc_rule *rc_pack_find_rule(const rc_pack *pack, const char *id_or_name);
const rc_checklist_item *rc_pack_find_item(const rc_pack *pack, const char *id);
/* "built-in 0.1.0" or "<path> (digest 1a2b3c4d)": what sign-off reports record. */
void rc_pack_version(const rc_pack *pack, char *out, size_t size);

#endif

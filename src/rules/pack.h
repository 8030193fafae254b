/* pack.h - the rule pack: rules and the release checklist, loaded from YAML and validated.
 *
 * A pack is a set of YAML files. A file may hold `rules:` (a list of rules) and/or
 * `checklist:` (a list of checklist items). The default pack is compiled in (builtin.h);
 * `--rules PATH` (a file or a directory of *.yaml) replaces it.
 *
 * Loading is two steps, parse (text -> node trees) and interpret (trees -> rules, items,
 * profiles); the built-in pack's first step was taken when the binary was built.
 *
 * Ownership: the pack owns everything it loads (one arena plus its regexes); rc_pack_release
 * frees it all. Rules and items returned are borrowed from the pack. A loaded pack is
 * read-only and may be shared by threads (its regexes compile themselves safely).
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
    rc_rule *rules;            /* in load order; sorted by id once finished */
    size_t rule_count;
    rc_checklist_item *items;  /* in file order */
    size_t item_count;
    size_t rule_capacity;
    size_t item_capacity;
    rc_profile_set profiles;   /* `profiles:` of the pack's files (rules/profiles.yaml) */
    const char *source;        /* "built-in" or the --rules path */
    unsigned long long digest; /* FNV-1a over every file's name and text, in load order */
    bool sorted;               /* rc_pack_finish passed: rules sorted by id */
} rc_pack;

void rc_pack_init(rc_pack *pack);
void rc_pack_release(rc_pack *pack);

/* Loads the compiled-in default pack (builtin.h): its trees are interpreted as any file's
 * are, with no YAML parsed, and its patterns are compiled on their first match. */
bool rc_pack_load_builtin(rc_pack *pack, rc_diag *diag);
/* Loads PATH: a YAML file or a directory of them. */
bool rc_pack_load_path(rc_pack *pack, const char *path, rc_diag *diag);
/* Loads one file's text (NAME is used in diagnostics; TEXT is copied): rc_pack_parse, then
 * rc_pack_add_tree. Its patterns are compiled now, so a bad one fails the load. */
bool rc_pack_add_text(rc_pack *pack, const char *name, const char *text, size_t len,
                      rc_diag *diag);
/* Parses one file's TEXT into the trees of its documents, in ARENA: *ROOTS gets *COUNT
 * roots (NULL for an empty document). On a syntax error returns false with DIAG set and
 * *ROOTS and *COUNT holding the documents before it. The only way pack files become trees:
 * --rules files at run time, rules/ at build time (tools/pack_compile). */
bool rc_pack_parse(rc_arena *arena, const char *file, const char *text, size_t len,
                   rc_node ***roots, size_t *count, rc_diag *diag);
/* Interprets the parsed documents of one file (NULL roots are skipped). FILE and the trees
 * are borrowed and must outlive the pack (rules point into them). Patterns are compiled now,
 * unless pack->regexes.defer is set (as rc_pack_load_builtin sets it: see params.h). */
bool rc_pack_add_tree(rc_pack *pack, const char *file, const rc_node *const *roots,
                      size_t count, rc_diag *diag);
/* Cross-checks after all files are added: unique ids and names, known checklist items;
 * sorts rules by id (which rc_pack_find_rule then searches in log time). Called by the
 * loaders above. */
bool rc_pack_finish(rc_pack *pack, rc_diag *diag);

/* RULE's place in PACK->rules; PACK->rule_count when RULE is not one of PACK's. */
size_t rc_pack_rule_index(const rc_pack *pack, const rc_rule *rule);
/* By id or by name; NULL when absent. */
const rc_rule *rc_pack_find_rule(const rc_pack *pack, const char *id_or_name);
const rc_checklist_item *rc_pack_find_item(const rc_pack *pack, const char *id);
/* "built-in 0.1.0" or "<path> (digest 1a2b3c4d)": what sign-off reports record. */
void rc_pack_version(const rc_pack *pack, char *out, size_t size);

#endif

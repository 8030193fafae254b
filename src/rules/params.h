/* params.h - typed rule parameters, declared by each check template and set by rules.
 *
 * A template declares an rc_param_spec table (terminated by a NULL name). rc_params_compile
 * reads a rule's `params:` map against that table, applies defaults (written as YAML text in
 * the spec, parsed when the binary is built: rules/builtin.h), makes each regex once, and
 * rejects unknown names or wrong types with a position. A user's pattern is compiled at once,
 * so a bad one is reported where it was written; the built-in pack's patterns and the
 * defaults' were compiled by the build and are compiled again only on their first match
 * (util/regex.h), so a run compiles only the patterns it uses.
 * Ownership: values live in the pack's arena; regexes are registered with the pack
 * (rc_regex_set) and freed with it. Once loaded, params are read-only and may be read (and
 * matched) from several threads at once. */
#ifndef RC_PARAMS_H
#define RC_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "input/diag.h"
#include "model/node.h"
#include "util/arena.h"
#include "util/regex.h"

typedef enum rc_param_type {
    RC_PARAM_STRING,      /* one scalar; CHOICES ("a|b|c") restricts it when set */
    RC_PARAM_INT,
    RC_PARAM_BOOL,
    RC_PARAM_STRING_LIST, /* a sequence of scalars (a single scalar is a list of one) */
    RC_PARAM_REGEX,       /* PCRE2, case-sensitive */
    RC_PARAM_REGEX_LIST,
} rc_param_type;

typedef struct rc_param_spec {
    const char *name;
    rc_param_type type;
    const char *default_yaml; /* NULL: required */
    const char *choices;      /* for strings: "cpu|memory"; NULL for free text */
    const char *doc;
} rc_param_spec;

typedef struct rc_param_value {
    bool set;
    const char *string;
    long long integer;
    bool boolean;
    const char **strings;
    rc_regex **regexes;
    size_t count;          /* items in strings (and regexes for regex types) */
    /* A regex list's patterns as one alternation (rc_regex_defer_any), so that asking
     * whether any matches scans the text once rather than once per pattern; NULL for fewer
     * than two patterns. */
    rc_regex *any;
} rc_param_value;

typedef struct rc_params {
    const rc_param_spec *specs;
    rc_param_value *values; /* parallel to specs */
    size_t count;
} rc_params;

/* Owns compiled regexes for a pack. */
typedef struct rc_regex_set {
    rc_regex **items;
    size_t count;
    size_t capacity;
    /* Patterns added while this is set were validated when the binary was built (the
     * built-in pack: rc_pack_load_builtin sets it while it loads), so they are compiled on
     * their first match (rc_regex_defer) rather than now. Clear for anything a user wrote. */
    bool defer;
} rc_regex_set;

void rc_regex_set_release(rc_regex_set *set);
/* Takes ownership of REGEX; false (REGEX not taken) when memory runs out. */
bool rc_regex_set_add(rc_regex_set *set, rc_regex *regex);

/* Compiles NODE (a map, or NULL for "no params") against SPECS. FILE names the source. */
bool rc_params_compile(rc_params *params, const rc_param_spec *specs, const rc_node *node,
                       const char *file, rc_arena *arena, rc_regex_set *regexes,
                       rc_diag *diag);

/* Replaces the parameters NODE (a map) names, keeping the others: how .readyctl.yaml
 * changes a rule's parameters. Same errors as rc_params_compile. */
bool rc_params_override(rc_params *params, const rc_node *node, const char *file,
                        rc_arena *arena, rc_regex_set *regexes, rc_diag *diag);

/* Typed look-ups by name; a name the template did not declare is a programming error and
 * aborts. */
const rc_param_value *rc_params_get(const rc_params *params, const char *name);
const char *rc_params_string(const rc_params *params, const char *name);
long long rc_params_int(const rc_params *params, const char *name);
bool rc_params_bool(const rc_params *params, const char *name);
/* True when any regex of a regex or regex-list parameter matches TEXT. */
bool rc_params_match(const rc_params *params, const char *name, const char *text);
/* The same for a value, over TEXT[0..LEN) (NULs included). */
bool rc_param_value_matches(const rc_param_value *value, const char *text, size_t len);
/* True when TEXT equals one of a string-list parameter's items. */
bool rc_params_contains(const rc_params *params, const char *name, const char *text);
const char *rc_param_type_name(rc_param_type type);

#endif

/* am_route.h - Alertmanager's label matchers and routing tree, evaluated the way Alertmanager
 * routes an alert: a route matches when all its matchers do (`match`, `match_re`, `matchers`
 * together); from a matching route the alert descends into the first matching child, and
 * into later ones too while the matched child says `continue: true`; a route no child of
 * which matches delivers the alert to its receiver, inherited from the nearest ancestor that
 * names one.
 *
 * Two spellings are read: an Alertmanager configuration file (`match`, `match_re`,
 * `matchers: ['severity="critical"']`, `routes`) and the Prometheus Operator's
 * AlertmanagerConfig resource (`matchers: [{name, value, matchType}]`, camelCase keys).
 *
 * Ownership: everything built here lives in the ARENA the caller passes (a run's arena) and
 * borrows the rc_node tree it was built from; nothing is freed on its own. Errors: a matcher
 * that does not parse is recorded on its route (rc_am_route.invalid) and never matches, so
 * evaluation needs no error path; rc_am_matcher_parse returns false with a reason. Building is
 * bounded by RC_AM_ROUTE_MAX_DEPTH and RC_AM_MATCHERS_MAX; evaluation by the tree it built.
 * Alertmanager has no such limits: past them, the first RC_AM_MATCHERS_MAX matchers of a route
 * are kept (and judged) and deeper routes are left out, which only makes a route match more
 * alerts than it does, never fewer. */
#ifndef RC_AM_ROUTE_H
#define RC_AM_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/node.h"
#include "util/arena.h"

enum { RC_AM_ROUTE_MAX_DEPTH = 64, RC_AM_MATCHERS_MAX = 64 };

typedef enum rc_am_dialect {
    RC_AM_CONFIG_FILE,   /* alertmanager.yml */
    RC_AM_CONFIG_CR,     /* monitoring.coreos.com AlertmanagerConfig spec */
} rc_am_dialect;

typedef enum rc_am_match_type {
    RC_AM_EQUAL,      /* =  */
    RC_AM_NOT_EQUAL,  /* != */
    RC_AM_REGEX,      /* =~ (anchored at both ends) */
    RC_AM_NOT_REGEX,  /* !~ */
} rc_am_match_type;

typedef struct rc_am_matcher {
    const char *name;   /* borrowed from the nodes, or copied into the arena */
    const char *value;
    rc_am_match_type type;
    const rc_node *at;  /* the node it was written in */
} rc_am_matcher;

/* One label of the alert being routed. */
typedef struct rc_am_label {
    const char *name;
    const char *value;
} rc_am_label;

typedef struct rc_am_route rc_am_route;
struct rc_am_route {
    const rc_node *node;        /* the route's map */
    const rc_node *receiver_at; /* its own `receiver` value, or NULL when inherited */
    const char *receiver;       /* effective receiver name, NULL when none up to the root */
    rc_am_matcher *matchers;
    size_t matcher_count;
    bool invalid;               /* a matcher did not parse: the route matches nothing */
    bool continue_;
    rc_am_route *children;
    size_t child_count;
};

/* Parses one item of a configuration file's `matchers` list (or an inhibit rule's
 * `source_matchers` / `target_matchers`) into OUT (up to CAP matchers, *COUNT receives how
 * many): `name op value` with op one of = != =~ !~, the value bare or double-quoted with
 * backslash escapes; several matchers separated by commas, optionally in braces. Label names
 * are [a-zA-Z_:][a-zA-Z0-9_:]*. Regex values must compile. Strings are copied into ARENA.
 * Matchers past CAP are neither parsed nor counted.
 * False with a reason in WHY (no value text in it) when the item does not parse. */
bool rc_am_matcher_parse(rc_arena *arena, const char *text, const rc_node *at,
                         rc_am_matcher *out, size_t cap, size_t *count, char *why,
                         size_t why_size);

/* The matchers a route or inhibit-rule side writes in DIALECT. For a file, MATCH, MATCH_RE
 * and MATCHERS are the `match`, `match_re` and `matchers` nodes (`source_match`... for an
 * inhibit rule; any may be NULL); for a CR only MATCHERS is read (a list of
 * {name, value, matchType, regex}). Returns the matchers in ARENA and their count; *INVALID
 * is set when one does not parse, and WHY/AT receive the first problem. NULL with *COUNT 0
 * when there are none (or memory ran out: *INVALID then stays false). */
rc_am_matcher *rc_am_matchers_of(rc_arena *arena, rc_am_dialect dialect, const rc_node *match,
                                 const rc_node *match_re, const rc_node *matchers,
                                 size_t *count, bool *invalid, char *why, size_t why_size,
                                 const rc_node **at);

/* True when LABELS (COUNT of them) satisfy M. A label the alert does not carry is unknown:
 * no matcher on it is satisfied, `!=` and `!~` included, since the alert may carry any value
 * there (readyctl asks what an alert with only the given labels surely reaches). */
bool rc_am_matcher_matches(const rc_am_matcher *m, const rc_am_label *labels, size_t count);

/* Builds the routing tree under NODE (a route map) in ARENA; NULL when NODE is not a map or
 * memory runs out. Routes deeper than RC_AM_ROUTE_MAX_DEPTH are left out. */
rc_am_route *rc_am_route_build(rc_arena *arena, rc_am_dialect dialect, const rc_node *node);

/* The routes an alert with LABELS ends on (where it is delivered), in routing order: at most
 * CAP are written to OUT; returns how many there are in all. The root matches every alert. */
size_t rc_am_route_deliver(const rc_am_route *root, const rc_am_label *labels, size_t count,
                           const rc_am_route **out, size_t cap);

#endif

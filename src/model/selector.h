/* selector.h - Kubernetes label selectors, compiled once and matched against label maps.
 *
 * Three kinds of selector node share one compiled form (rc_selector_mode):
 *   RC_SELECTOR_LABEL    a metav1.LabelSelector ({matchLabels, matchExpressions}), as used by
 *                        Deployments, PDBs, NetworkPolicies, HPAs' targets, ServiceMonitors...
 *                        Every requirement is ANDed: each matchLabels pair and each expression.
 *                        `{}` (or both fields empty) selects everything; an absent or null
 *                        selector selects nothing (apimachinery's LabelSelectorAsSelector).
 *   RC_SELECTOR_SERVICE  a plain key: value map (Service spec.selector). Equality on every
 *                        pair; an absent, null or empty map selects NO pods, as for a Service
 *                        without a selector, whose endpoints are managed by hand.
 *   RC_SELECTOR_MAP      a plain map with labels.SelectorFromSet semantics: absent or empty
 *                        selects everything (pod nodeSelector; a ReplicationController's
 *                        selector once the caller has defaulted it from the template labels).
 *
 * Values are compared as text, byte for byte: a plain scalar `1` or `true` is the label value
 * "1" or "true" (note that the API server would refuse such unquoted values in a label map).
 *
 * Compilation validates the way the API server does and reports rather than guesses: unknown
 * operator (In, NotIn, Exists, DoesNotExist, case-sensitive), In/NotIn without values,
 * Exists/DoesNotExist with values, a missing key, a null or non-scalar value, matchLabels that
 * is not a map, matchExpressions that is not a list of maps, unknown fields (a label map put
 * straight under a LabelSelector would otherwise silently select everything), and label keys
 * and values that break the Kubernetes syntax (qualified names, 63-byte values).
 *
 * Ownership: the compiled selector, its description strings and error messages are allocated
 * from the ARENA passed in and live until that arena is released. Compilation copies every
 * string it keeps, so the selector does not borrow NODE or its document. Every other function
 * borrows its arguments; none of them allocates except rc_selector_describe.
 * Not recursive; compile is O(n log n) in the selector's size, match is O(requirements *
 * labels) and does not allocate. */
#ifndef RC_SELECTOR_H
#define RC_SELECTOR_H

#include <stdbool.h>

#include "model/node.h"
#include "util/arena.h"

typedef struct rc_selector rc_selector;

typedef enum rc_selector_mode {
    RC_SELECTOR_LABEL,
    RC_SELECTOR_SERVICE,
    RC_SELECTOR_MAP,
} rc_selector_mode;

/* Compiles NODE (NULL, a YAML null, or a map) in MODE. Returns the selector, or NULL when the
 * selector is invalid: then *ERR_MSG is a one-line reason (arena or static string) and
 * *ERR_NODE the offending node, whose 1-based line and column locate the problem (never NULL
 * for an invalid selector, which needs a non-NULL NODE). Out of memory also returns NULL, with
 * *ERR_NODE = NODE. On success both are set to NULL. ERR_MSG and ERR_NODE may be NULL. */
rc_selector *rc_selector_compile(rc_arena *arena, const rc_node *node, rc_selector_mode mode,
                                 const char **err_msg, const rc_node **err_node);

/* True when LABELS (a map of label key to value; NULL, null or any non-map means no labels)
 * satisfies every requirement of SEL. A null label value counts as "" (as the API server
 * decodes it); a label whose value is a map or list is present but equals no value. When a
 * labels map repeats a key, the last one wins, as in rc_node_get. */
bool rc_selector_matches(const rc_selector *sel, const rc_node *labels);

/* Selects every label set: an empty LabelSelector, or an empty/absent MAP selector. */
bool rc_selector_is_everything(const rc_selector *sel);
/* Selects no label set: an absent/null LabelSelector, or an absent/empty Service selector. */
bool rc_selector_is_nothing(const rc_selector *sel);
/* The node was NULL or a YAML null (for LABEL mode this tells "absent" from `{}`). */
bool rc_selector_is_absent(const rc_selector *sel);

/* Requirements, for indexes that look candidates up by one label (model/pod_index.h).
 * rc_selector_requirement_count is how many requirements SEL holds after normalisation (0
 * for selectors that select everything or nothing). rc_selector_equality tells whether
 * requirement INDEX (below that count) is an equality: a matchLabels (or Service/map) pair,
 * or an In expression with a single value. Then every label set SEL selects carries KEY with
 * exactly VALUE, and *KEY and *VALUE receive SEL's copies (NUL-terminated, borrowed from SEL)
 * with their lengths in *KEY_LEN and *VALUE_LEN. O(1), no allocation. */
size_t rc_selector_requirement_count(const rc_selector *sel);
bool rc_selector_equality(const rc_selector *sel, size_t index, const char **key,
                          size_t *key_len, const char **value, size_t *value_len);
/* The same for a requirement that allows a set of values: a matchLabels pair (one value) or
 * an In expression (its values, sorted and unique). Then every label set SEL selects carries
 * KEY with one of the *COUNT values, read with rc_selector_value. False for the other
 * operators. O(1), no allocation. */
bool rc_selector_value_set(const rc_selector *sel, size_t index, const char **key,
                           size_t *key_len, size_t *count);
void rc_selector_value(const rc_selector *sel, size_t index, size_t v, const char **value,
                       size_t *value_len);
/* True when requirement INDEX is an Exists expression: every label set SEL selects carries
 * KEY (with any value). *KEY (borrowed from SEL) and *KEY_LEN as above. */
bool rc_selector_exists_key(const rc_selector *sel, size_t index, const char **key,
                            size_t *key_len);

/* Human-readable form for messages, in Kubernetes' notation with requirements sorted by key
 * and values sorted: "app=backend,!canary,legacy notin (true),tier in (api,web),zone".
 * "<everything>" or "<nothing>" for the trivial selectors. Allocated from ARENA; a static
 * "<out of memory>" when allocation fails. */
const char *rc_selector_describe(rc_arena *arena, const rc_selector *sel);

#endif

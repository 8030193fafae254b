/* am_route.c - Alertmanager matchers and routing-tree evaluation (am_route.h). */
#include "model/am_route.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/regex.h"

static bool label_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || c == ':';
}

static bool label_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == ':';
}

static bool label_name_valid(const char *name)
{
    if (!name || !label_start(name[0]))
        return false;
    for (const char *p = name + 1; *p; p++) {
        if (!label_char(*p))
            return false;
    }
    return true;
}

/* Alertmanager anchors regex matchers at both ends; a pattern that does not compile refuses
 * the configuration (the check reports it) and matches nothing here. */
static rc_regex *compile_anchored(const char *value, char *err, size_t err_size)
{
    size_t len = strlen(value);
    char pattern[1024];
    if (len + 8 > sizeof pattern) {
        snprintf(err, err_size, "regex longer than %zu characters", sizeof pattern - 8);
        return NULL;
    }
    snprintf(pattern, sizeof pattern, "^(?:%s)$", value);
    return rc_regex_compile(pattern, false, err, err_size);
}

static bool regex_valid(const char *value, char *why, size_t why_size)
{
    char err[200];
    rc_regex *re = compile_anchored(value, err, sizeof err);
    if (!re) {
        /* PCRE2 counts its offset in the anchored pattern: only its reason is shown. */
        const char *reason = strstr(err, ": ");
        snprintf(why, why_size, "a regex that does not compile (%s)", reason ? reason + 2 : err);
        return false;
    }
    rc_regex_free(re);
    return true;
}

static void trim(const char **begin, const char **end)
{
    while (*begin < *end && isspace((unsigned char)**begin))
        (*begin)++;
    while (*end > *begin && isspace((unsigned char)(*end)[-1]))
        (*end)--;
}

/* One `name op value` in [BEGIN, END). */
static bool parse_one(rc_arena *arena, const char *begin, const char *end, const rc_node *at,
                      rc_am_matcher *out, char *why, size_t why_size)
{
    trim(&begin, &end);
    const char *p = begin;
    if (p >= end || !label_start(*p)) {
        snprintf(why, why_size, "a matcher that does not start with a label name");
        return false;
    }
    while (p < end && label_char(*p))
        p++;
    const char *name_end = p;
    while (p < end && isspace((unsigned char)*p))
        p++;
    rc_am_match_type type;
    if (end - p >= 2 && p[0] == '=' && p[1] == '~') {
        type = RC_AM_REGEX;
        p += 2;
    } else if (end - p >= 2 && p[0] == '!' && p[1] == '=') {
        type = RC_AM_NOT_EQUAL;
        p += 2;
    } else if (end - p >= 2 && p[0] == '!' && p[1] == '~') {
        type = RC_AM_NOT_REGEX;
        p += 2;
    } else if (p < end && p[0] == '=') {
        type = RC_AM_EQUAL;
        p += 1;
    } else {
        snprintf(why, why_size, "a matcher without an operator (=, !=, =~, !~) after its "
                                "label name");
        return false;
    }
    const char *value = p, *value_end = end;
    trim(&value, &value_end);
    char buf[1024];
    size_t n = 0;
    if (value < value_end && *value == '"') {
        if (value_end - value < 2 || value_end[-1] != '"') {
            snprintf(why, why_size, "a matcher value with an unterminated double quote");
            return false;
        }
        for (const char *q = value + 1; q < value_end - 1; q++) {
            char c = *q;
            if (c == '"') {
                snprintf(why, why_size, "a matcher value with an unescaped double quote");
                return false;
            }
            if (c == '\\' && q + 1 < value_end - 1) {
                c = *++q;
                c = c == 'n' ? '\n' : c;
            }
            if (n + 1 >= sizeof buf) {
                snprintf(why, why_size, "a matcher value longer than %zu characters",
                         sizeof buf - 1);
                return false;
            }
            buf[n++] = c;
        }
    } else {
        for (const char *q = value; q < value_end; q++) {
            if (*q == '"') {
                snprintf(why, why_size, "a matcher value with an unescaped double quote");
                return false;
            }
            if (n + 1 >= sizeof buf) {
                snprintf(why, why_size, "a matcher value longer than %zu characters",
                         sizeof buf - 1);
                return false;
            }
            buf[n++] = *q;
        }
    }
    buf[n] = '\0';
    if ((type == RC_AM_REGEX || type == RC_AM_NOT_REGEX) && !regex_valid(buf, why, why_size))
        return false;
    out->name = rc_arena_strndup(arena, begin, (size_t)(name_end - begin));
    out->value = rc_arena_strndup(arena, buf, n);
    out->type = type;
    out->at = at;
    if (!out->name || !out->value) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    return true;
}

bool rc_am_matcher_parse(rc_arena *arena, const char *text, const rc_node *at,
                         rc_am_matcher *out, size_t cap, size_t *count, char *why,
                         size_t why_size)
{
    *count = 0;
    if (!text) {
        snprintf(why, why_size, "a matcher that is not a string");
        return false;
    }
    const char *begin = text, *end = text + strlen(text);
    trim(&begin, &end);
    if (begin < end && *begin == '{') {
        if (end[-1] != '}') {
            snprintf(why, why_size, "a matcher list with an unclosed brace");
            return false;
        }
        begin++;
        end--;
    }
    /* Commas separate matchers except inside a quoted value. */
    const char *piece = begin;
    bool quoted = false;
    for (const char *p = begin; p <= end; p++) {
        if (p < end && *p == '\\' && quoted) {
            p++;
            continue;
        }
        if (p < end && *p == '"')
            quoted = !quoted;
        if (p < end && (*p != ',' || quoted))
            continue;
        if (*count == cap)
            return true; /* the first CAP are judged: Alertmanager itself has no limit */
        if (!parse_one(arena, piece, p, at, &out[*count], why, why_size))
            return false;
        (*count)++;
        piece = p + 1;
    }
    return true;
}

/* Adds the matchers of one `match` / `match_re` map (file dialect). */
static bool add_map_matchers(const rc_node *map, bool regex, rc_am_matcher *out,
                             size_t *count, char *why, size_t why_size, const rc_node **at)
{
    for (size_t i = 0; map && map->kind == RC_NODE_MAP && i < map->as.map.count; i++) {
        const rc_node_pair *pair = &map->as.map.pairs[i];
        const char *name = rc_node_text(pair->key);
        const char *value = rc_node_text(pair->value);
        *at = pair->key;
        if (!label_name_valid(name)) {
            snprintf(why, why_size, "a `%s` entry whose label is not a label name",
                     regex ? "match_re" : "match");
            return false;
        }
        if (regex && (!value || rc_node_is_null(pair->value))) {
            snprintf(why, why_size, "a `match_re` entry for label %.60s without a regex", name);
            return false;
        }
        if (!value) {
            snprintf(why, why_size, "a `match` entry for label %.60s whose value is not a string",
                     name);
            return false;
        }
        *at = pair->value;
        if (regex && !regex_valid(value, why, why_size))
            return false;
        if (*count == RC_AM_MATCHERS_MAX)
            return true; /* the first ones are judged (see am_route.h) */
        out[(*count)++] = (rc_am_matcher){name, rc_node_is_null(pair->value) ? "" : value,
                                          regex ? RC_AM_REGEX : RC_AM_EQUAL, pair->value};
    }
    return true;
}

/* One {name, value, matchType, regex} matcher of an AlertmanagerConfig. */
static bool add_cr_matcher(const rc_node *item, rc_am_matcher *out, char *why, size_t why_size,
                           const rc_node **at)
{
    const char *name = rc_node_get_text(item, "name");
    const char *value = rc_node_get_text(item, "value");
    const char *type = rc_node_get_text(item, "matchType");
    bool regex = false;
    rc_node_bool(rc_node_get(item, "regex"), &regex);
    if (!name || !*name) {
        snprintf(why, why_size, "a matcher without a name");
        return false;
    }
    if (!type)
        type = regex ? "=~" : "=";
    static const struct {
        const char *op;
        rc_am_match_type type;
    } ops[] = {{"=", RC_AM_EQUAL}, {"!=", RC_AM_NOT_EQUAL}, {"=~", RC_AM_REGEX},
               {"!~", RC_AM_NOT_REGEX}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(type, ops[i].op) != 0)
            continue;
        *out = (rc_am_matcher){name, value ? value : "", ops[i].type, item};
        *at = rc_node_get(item, "value") ? rc_node_get(item, "value") : item;
        if ((ops[i].type == RC_AM_REGEX || ops[i].type == RC_AM_NOT_REGEX) &&
            !regex_valid(out->value, why, why_size))
            return false;
        return true;
    }
    *at = rc_node_get(item, "matchType");
    snprintf(why, why_size, "a matchType that is none of =, !=, =~, !~");
    return false;
}

rc_am_matcher *rc_am_matchers_of(rc_arena *arena, rc_am_dialect dialect, const rc_node *match,
                                 const rc_node *match_re, const rc_node *matchers,
                                 size_t *count, bool *invalid, char *why, size_t why_size,
                                 const rc_node **at)
{
    *count = 0;
    *invalid = false;
    rc_am_matcher found[RC_AM_MATCHERS_MAX];
    size_t n = 0;
    bool ok = true;
    if (dialect == RC_AM_CONFIG_FILE) {
        ok = add_map_matchers(match, false, found, &n, why, why_size, at) &&
             add_map_matchers(match_re, true, found, &n, why, why_size, at);
    }
    for (size_t i = 0; ok && n < RC_AM_MATCHERS_MAX && matchers &&
                       matchers->kind == RC_NODE_SEQ && i < matchers->as.seq.count; i++) {
        const rc_node *item = matchers->as.seq.items[i];
        *at = item;
        if (dialect == RC_AM_CONFIG_CR) {
            if (n == RC_AM_MATCHERS_MAX)
                break;
            ok = add_cr_matcher(item, &found[n], why, why_size, at);
            n += ok;
            continue;
        }
        size_t added = 0;
        ok = rc_am_matcher_parse(arena, rc_node_text(item), item, found + n,
                                 RC_AM_MATCHERS_MAX - n, &added, why, why_size);
        n += added;
    }
    if (!ok) {
        *invalid = true;
        return NULL;
    }
    if (n == 0)
        return NULL;
    rc_am_matcher *copy = rc_arena_calloc(arena, n, sizeof *copy);
    if (!copy)
        return NULL;
    memcpy(copy, found, n * sizeof *copy);
    *count = n;
    return copy;
}

bool rc_am_matcher_matches(const rc_am_matcher *m, const rc_am_label *labels, size_t count)
{
    const char *value = NULL;
    for (size_t i = 0; i < count && !value; i++) {
        if (strcmp(labels[i].name, m->name) == 0)
            value = labels[i].value;
    }
    if (!value)
        return false;
    switch (m->type) {
    case RC_AM_EQUAL:
        return strcmp(value, m->value) == 0;
    case RC_AM_NOT_EQUAL:
        return strcmp(value, m->value) != 0;
    case RC_AM_REGEX:
    case RC_AM_NOT_REGEX: {
        char err[200];
        rc_regex *re = compile_anchored(m->value, err, sizeof err);
        if (!re)
            return false;
        bool hit = rc_regex_match(re, value, strlen(value));
        rc_regex_free(re);
        return m->type == RC_AM_REGEX ? hit : !hit;
    }
    }
    return false;
}

static bool build(rc_arena *arena, rc_am_dialect dialect, const rc_node *node,
                  const char *inherited, unsigned depth, rc_am_route *out)
{
    memset(out, 0, sizeof *out);
    out->node = node;
    const rc_node *receiver = rc_node_get(node, "receiver");
    const char *name = rc_node_is_null(receiver) ? NULL : rc_node_text(receiver);
    out->receiver_at = name && *name ? receiver : NULL;
    out->receiver = name && *name ? name : inherited;
    rc_node_bool(rc_node_get(node, "continue"), &out->continue_);
    char why[200];
    const rc_node *at = NULL;
    bool file = dialect == RC_AM_CONFIG_FILE;
    out->matchers = rc_am_matchers_of(arena, dialect, file ? rc_node_get(node, "match") : NULL,
                                      file ? rc_node_get(node, "match_re") : NULL,
                                      rc_node_get(node, "matchers"), &out->matcher_count,
                                      &out->invalid, why, sizeof why, &at);
    const rc_node *routes = rc_node_get(node, "routes");
    if (!routes || routes->kind != RC_NODE_SEQ || depth >= RC_AM_ROUTE_MAX_DEPTH)
        return true;
    out->children = rc_arena_calloc(arena, routes->as.seq.count ? routes->as.seq.count : 1,
                                    sizeof *out->children);
    if (!out->children)
        return false;
    for (size_t i = 0; i < routes->as.seq.count; i++) {
        const rc_node *child = routes->as.seq.items[i];
        if (child->kind != RC_NODE_MAP)
            continue;
        if (!build(arena, dialect, child, out->receiver, depth + 1,
                   &out->children[out->child_count]))
            return false;
        out->child_count++;
    }
    return true;
}

rc_am_route *rc_am_route_build(rc_arena *arena, rc_am_dialect dialect, const rc_node *node)
{
    if (!node || node->kind != RC_NODE_MAP)
        return NULL;
    rc_am_route *root = rc_arena_calloc(arena, 1, sizeof *root);
    if (!root || !build(arena, dialect, node, NULL, 0, root))
        return NULL;
    return root;
}

static bool route_matches(const rc_am_route *route, const rc_am_label *labels, size_t count)
{
    if (route->invalid)
        return false;
    for (size_t i = 0; i < route->matcher_count; i++) {
        if (!rc_am_matcher_matches(&route->matchers[i], labels, count))
            return false;
    }
    return true;
}

/* Recursion is bounded by the tree's depth, which rc_am_route_build capped. */
static void deliver(const rc_am_route *route, const rc_am_label *labels, size_t count,
                    const rc_am_route **out, size_t cap, size_t *found)
{
    bool descended = false;
    for (size_t i = 0; i < route->child_count; i++) {
        const rc_am_route *child = &route->children[i];
        if (!route_matches(child, labels, count))
            continue;
        descended = true;
        deliver(child, labels, count, out, cap, found);
        if (!child->continue_)
            break;
    }
    if (!descended) {
        if (*found < cap)
            out[*found] = route;
        (*found)++;
    }
}

size_t rc_am_route_deliver(const rc_am_route *root, const rc_am_label *labels, size_t count,
                           const rc_am_route **out, size_t cap)
{
    size_t found = 0;
    if (root)
        deliver(root, labels, count, out, cap, &found);
    return found;
}

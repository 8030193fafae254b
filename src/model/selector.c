#include "model/selector.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/checked.h"

/* Kubernetes' limits on label syntax (apimachinery validation). */
#define LABEL_NAME_MAX 63
#define LABEL_VALUE_MAX 63
#define DNS_SUBDOMAIN_MAX 253

/* How much of a hostile key or value a message quotes. */
#define SHOWN_MAX 48

typedef enum req_op {
    OP_EQUALS, /* from matchLabels or a plain map: one value */
    OP_IN,
    OP_NOT_IN,
    OP_EXISTS,
    OP_DOES_NOT_EXIST,
} req_op;

typedef struct sel_str {
    const char *text; /* arena copy, NUL-terminated; validated label syntax has no NULs */
    size_t len;
} sel_str;

typedef struct requirement {
    sel_str key;
    req_op op;
    sel_str *values; /* sorted and unique, so matching can binary-search */
    size_t nvalues;
    size_t order;    /* source position: keeps the sort stable and picks the last duplicate */
} requirement;

typedef enum sel_kind {
    SEL_REQUIREMENTS,
    SEL_EVERYTHING,
    SEL_NOTHING,
} sel_kind;

struct rc_selector {
    sel_kind kind;
    bool absent;
    requirement *reqs; /* sorted by key, then source order */
    size_t count;
};

typedef struct compiler {
    rc_arena *arena;
    const char *err_msg;
    const rc_node *err_node;
    requirement *reqs;
    size_t count;
    size_t capacity;
} compiler;

static const char out_of_memory[] = "out of memory while compiling a label selector";

static bool fail(compiler *c, const rc_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(compiler *c, const rc_node *at, const char *fmt, ...)
{
    char message[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    const char *copy = rc_arena_strdup(c->arena, message);
    c->err_msg = copy ? copy : "invalid label selector";
    c->err_node = at;
    return false;
}

/* Input quoted in a message is bounded and made printable ASCII, so a hostile key can neither
 * flood a message nor break the line (or the UTF-8) of a report that embeds it. */
static const char *shown(char out[SHOWN_MAX + 4], const char *text, size_t len)
{
    size_t n = len < SHOWN_MAX ? len : SHOWN_MAX;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)text[i];
        out[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    if (n < len) {
        memcpy(out + n, "...", 4);
    } else {
        out[n] = '\0';
    }
    return out;
}

static const char *node_kind_name(const rc_node *node)
{
    if (node->kind == RC_NODE_MAP)
        return "a map";
    if (node->kind == RC_NODE_SEQ)
        return "a list";
    return rc_node_is_null(node) ? "null" : "a scalar";
}

/* Compares the whole scalar, as rc_node_get does: a key with an embedded NUL is another key. */
static bool key_is(const rc_node *key, const char *name)
{
    size_t len = strlen(name);
    return key->kind == RC_NODE_SCALAR && key->as.scalar.len == len &&
           memcmp(key->as.scalar.text, name, len) == 0;
}

static bool is_alnum(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static bool is_lower_alnum(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* A key's name part and a non-empty label value share one shape:
 * ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] */
static bool is_label_token(const char *text, size_t len)
{
    if (len == 0 || !is_alnum((unsigned char)text[0]) || !is_alnum((unsigned char)text[len - 1]))
        return false;
    for (size_t i = 1; i + 1 < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (!is_alnum(ch) && ch != '-' && ch != '_' && ch != '.')
            return false;
    }
    return true;
}

/* RFC 1123 subdomain: dot-separated labels of [a-z0-9-], each starting and ending alphanumeric. */
static bool is_dns_subdomain(const char *text, size_t len)
{
    if (len == 0 || len > DNS_SUBDOMAIN_MAX)
        return false;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '.') {
            if (i == start || !is_lower_alnum((unsigned char)text[start]) ||
                !is_lower_alnum((unsigned char)text[i - 1]))
                return false;
            start = i + 1;
        } else if (!is_lower_alnum((unsigned char)text[i]) && text[i] != '-') {
            return false;
        }
    }
    return true;
}

/* Why TEXT is not a qualified name ([prefix/]name), or NULL when it is one. */
static const char *label_key_problem(const char *text, size_t len)
{
    const char *name = text;
    size_t name_len = len;
    const char *slash = memchr(text, '/', len);
    if (slash) {
        size_t prefix_len = (size_t)(slash - text);
        name = slash + 1;
        name_len = len - prefix_len - 1;
        if (memchr(name, '/', name_len))
            return "it may contain at most one '/'";
        if (prefix_len == 0)
            return "the prefix before '/' is empty";
        if (!is_dns_subdomain(text, prefix_len))
            return "the prefix before '/' must be a DNS subdomain (lowercase alphanumerics, "
                   "'-' and '.', at most 253 bytes)";
    }
    if (name_len == 0)
        return "the name part is empty";
    if (name_len > LABEL_NAME_MAX)
        return "the name part is longer than 63 bytes";
    if (!is_label_token(name, name_len))
        return "the name part must consist of alphanumerics, '-', '_' or '.', and start and end "
               "with an alphanumeric";
    return NULL;
}

static const char *label_value_problem(const char *text, size_t len)
{
    if (len > LABEL_VALUE_MAX)
        return "it is longer than 63 bytes";
    if (len > 0 && !is_label_token(text, len))
        return "it must be empty or consist of alphanumerics, '-', '_' or '.', and start and "
               "end with an alphanumeric";
    return NULL;
}

static bool copy_text(compiler *c, const rc_node *node, sel_str *out)
{
    out->len = node->as.scalar.len;
    out->text = rc_arena_strndup(c->arena, node->as.scalar.text, out->len);
    if (!out->text) {
        c->err_msg = out_of_memory;
        return false;
    }
    return true;
}

/* KEY_NODE is NULL when the key is missing; the error then points at MISSING_AT. */
static bool take_key(compiler *c, const rc_node *key_node, const rc_node *missing_at,
                     sel_str *out)
{
    if (!key_node)
        return fail(c, missing_at, "match expression has no key");
    if (!rc_node_is_string(key_node))
        return fail(c, key_node, "label key must be a string, not %s", node_kind_name(key_node));
    const char *problem = label_key_problem(key_node->as.scalar.text, key_node->as.scalar.len);
    if (problem) {
        char buf[SHOWN_MAX + 4];
        return fail(c, key_node, "invalid label key \"%s\": %s",
                    shown(buf, key_node->as.scalar.text, key_node->as.scalar.len), problem);
    }
    return copy_text(c, key_node, out);
}

static bool take_value(compiler *c, const rc_node *value, const sel_str *key, sel_str *out)
{
    char buf[SHOWN_MAX + 4];
    /* The API server would read null as "", but an empty value written this way is far more
     * often a template that rendered to nothing than an intent. */
    if (rc_node_is_null(value))
        return fail(c, value, "label value for \"%s\" is null (quote it, \"\", if empty is meant)",
                    shown(buf, key->text, key->len));
    if (value->kind != RC_NODE_SCALAR)
        return fail(c, value, "label value for \"%s\" must be a string, not %s",
                    shown(buf, key->text, key->len), node_kind_name(value));
    const char *problem = label_value_problem(value->as.scalar.text, value->as.scalar.len);
    if (problem) {
        char vbuf[SHOWN_MAX + 4];
        return fail(c, value, "invalid label value \"%s\" for \"%s\": %s",
                    shown(vbuf, value->as.scalar.text, value->as.scalar.len),
                    shown(buf, key->text, key->len), problem);
    }
    return copy_text(c, value, out);
}

static requirement *add_requirement(compiler *c)
{
    /* Capacity is the exact upper bound computed from the input before any add. */
    if (c->count == c->capacity)
        return NULL;
    requirement *req = &c->reqs[c->count];
    req->order = c->count;
    c->count++;
    return req;
}

static int cmp_str(const sel_str *a, const sel_str *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int r = memcmp(a->text, b->text, n);
    if (r != 0)
        return r;
    return a->len < b->len ? -1 : a->len > b->len;
}

static int cmp_str_qsort(const void *pa, const void *pb)
{
    return cmp_str(pa, pb);
}

static int cmp_requirement(const void *pa, const void *pb)
{
    const requirement *a = pa;
    const requirement *b = pb;
    int r = cmp_str(&a->key, &b->key);
    if (r != 0)
        return r;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Plain maps (matchLabels, Service selectors): each pair is an equality requirement. */
static bool add_map_pairs(compiler *c, const rc_node *map)
{
    for (size_t i = 0; i < map->as.map.count; i++) {
        const rc_node_pair *pair = &map->as.map.pairs[i];
        requirement *req = add_requirement(c);
        if (!req)
            return fail(c, pair->key, "internal error: selector capacity exceeded");
        req->op = OP_EQUALS;
        req->nvalues = 1;
        req->values = rc_arena_alloc(c->arena, sizeof *req->values);
        if (!req->values) {
            c->err_msg = out_of_memory;
            return false;
        }
        if (!take_key(c, pair->key, map, &req->key) ||
            !take_value(c, pair->value, &req->key, &req->values[0]))
            return false;
    }
    return true;
}

static bool parse_operator(compiler *c, const rc_node *expr, const rc_node *op_node, req_op *op)
{
    if (!op_node)
        return fail(c, expr, "match expression has no operator");
    const char *text = rc_node_is_string(op_node) ? op_node->as.scalar.text : NULL;
    size_t len = text ? op_node->as.scalar.len : 0;
    /* Exact and case-sensitive, as the API server compares them; len guards embedded NULs. */
    static const struct {
        const char *name;
        req_op op;
    } ops[] = {
        {"In", OP_IN},
        {"NotIn", OP_NOT_IN},
        {"Exists", OP_EXISTS},
        {"DoesNotExist", OP_DOES_NOT_EXIST},
    };
    for (size_t i = 0; text && i < sizeof ops / sizeof ops[0]; i++) {
        if (strlen(ops[i].name) == len && memcmp(ops[i].name, text, len) == 0) {
            *op = ops[i].op;
            return true;
        }
    }
    if (!text)
        return fail(c, op_node, "operator must be In, NotIn, Exists or DoesNotExist, not %s",
                    node_kind_name(op_node));
    char buf[SHOWN_MAX + 4];
    return fail(c, op_node, "unknown operator \"%s\" (expected In, NotIn, Exists or DoesNotExist)",
                shown(buf, text, len));
}

static bool add_expression(compiler *c, const rc_node *expr)
{
    if (expr->kind != RC_NODE_MAP)
        return fail(c, expr, "match expression must be a map with key, operator and values, "
                             "not %s", node_kind_name(expr));
    for (size_t i = 0; i < expr->as.map.count; i++) {
        const rc_node *k = expr->as.map.pairs[i].key;
        if (key_is(k, "key") || key_is(k, "operator") || key_is(k, "values"))
            continue;
        char buf[SHOWN_MAX + 4];
        return fail(c, k, "unknown field \"%s\" in a match expression (expected key, "
                          "operator, values)",
                    k->kind == RC_NODE_SCALAR ? shown(buf, k->as.scalar.text, k->as.scalar.len)
                                              : "?");
    }
    requirement *req = add_requirement(c);
    if (!req)
        return fail(c, expr, "internal error: selector capacity exceeded");
    if (!take_key(c, rc_node_get(expr, "key"), expr, &req->key))
        return false;
    if (!parse_operator(c, expr, rc_node_get(expr, "operator"), &req->op))
        return false;

    const rc_node *values = rc_node_get(expr, "values");
    size_t nvalues = 0;
    if (values && !rc_node_is_null(values)) {
        if (values->kind != RC_NODE_SEQ)
            return fail(c, values, "values must be a list, not %s", node_kind_name(values));
        nvalues = values->as.seq.count;
    }
    bool wants_values = req->op == OP_IN || req->op == OP_NOT_IN;
    if (wants_values && nvalues == 0)
        return fail(c, values && !rc_node_is_null(values) ? values : expr,
                    "operator %s needs at least one value", req->op == OP_IN ? "In" : "NotIn");
    if (!wants_values && nvalues > 0)
        return fail(c, values, "operator %s takes no values",
                    req->op == OP_EXISTS ? "Exists" : "DoesNotExist");
    if (nvalues == 0)
        return true;

    req->values = rc_arena_calloc(c->arena, nvalues, sizeof *req->values);
    if (!req->values) {
        c->err_msg = out_of_memory;
        return false;
    }
    for (size_t i = 0; i < nvalues; i++) {
        if (!take_value(c, values->as.seq.items[i], &req->key, &req->values[i]))
            return false;
    }
    qsort(req->values, nvalues, sizeof *req->values, cmp_str_qsort);
    size_t unique = 1;
    for (size_t i = 1; i < nvalues; i++) {
        if (cmp_str(&req->values[i], &req->values[unique - 1]) != 0)
            req->values[unique++] = req->values[i];
    }
    req->nvalues = unique;
    return true;
}

/* The LabelSelector's two fields; anything else is reported, because a label map written
 * straight under the selector would otherwise be dropped and the selector select everything. */
static bool check_label_selector_fields(compiler *c, const rc_node *node)
{
    for (size_t i = 0; i < node->as.map.count; i++) {
        const rc_node *k = node->as.map.pairs[i].key;
        if (key_is(k, "matchLabels") || key_is(k, "matchExpressions"))
            continue;
        char buf[SHOWN_MAX + 4];
        return fail(c, k, "unknown field \"%s\" in a label selector (labels to match go under "
                          "matchLabels)",
                    k->kind == RC_NODE_SCALAR ? shown(buf, k->as.scalar.text, k->as.scalar.len)
                                              : "?");
    }
    return true;
}

static bool compile_label_selector(compiler *c, const rc_node *node)
{
    if (node->kind != RC_NODE_MAP)
        return fail(c, node, "label selector must be a map with matchLabels and/or "
                             "matchExpressions, not %s", node_kind_name(node));
    if (!check_label_selector_fields(c, node))
        return false;

    const rc_node *labels = rc_node_get(node, "matchLabels");
    if (rc_node_is_null(labels))
        labels = NULL;
    if (labels && labels->kind != RC_NODE_MAP)
        return fail(c, labels, "matchLabels must be a map of label keys to values, not %s",
                    node_kind_name(labels));
    const rc_node *exprs = rc_node_get(node, "matchExpressions");
    if (rc_node_is_null(exprs))
        exprs = NULL;
    if (exprs && exprs->kind != RC_NODE_SEQ)
        return fail(c, exprs, "matchExpressions must be a list, not %s", node_kind_name(exprs));

    size_t capacity;
    if (!rc_add_size(rc_node_count(labels), rc_node_count(exprs), &capacity)) {
        c->err_msg = out_of_memory;
        return false;
    }
    if (capacity > 0) {
        c->reqs = rc_arena_calloc(c->arena, capacity, sizeof *c->reqs);
        if (!c->reqs) {
            c->err_msg = out_of_memory;
            return false;
        }
        c->capacity = capacity;
    }
    if (labels && !add_map_pairs(c, labels))
        return false;
    for (size_t i = 0; exprs && i < exprs->as.seq.count; i++) {
        if (!add_expression(c, exprs->as.seq.items[i]))
            return false;
    }
    return true;
}

static bool compile_plain_map(compiler *c, const rc_node *node)
{
    if (node->kind != RC_NODE_MAP)
        return fail(c, node, "selector must be a map of label keys to values, not %s",
                    node_kind_name(node));
    if (node->as.map.count > 0) {
        c->reqs = rc_arena_calloc(c->arena, node->as.map.count, sizeof *c->reqs);
        if (!c->reqs) {
            c->err_msg = out_of_memory;
            return false;
        }
        c->capacity = node->as.map.count;
    }
    return add_map_pairs(c, node);
}

/* Sorts by key and drops the earlier of two map pairs with one key: the node layer reads a
 * repeated map key as its last value, so the selector must not require both. */
static void normalise(rc_selector *sel)
{
    qsort(sel->reqs, sel->count, sizeof *sel->reqs, cmp_requirement);
    size_t kept = 0;
    for (size_t i = 0; i < sel->count; i++) {
        const requirement *req = &sel->reqs[i];
        if (req->op == OP_EQUALS && i + 1 < sel->count && sel->reqs[i + 1].op == OP_EQUALS &&
            cmp_str(&req->key, &sel->reqs[i + 1].key) == 0)
            continue;
        sel->reqs[kept++] = *req;
    }
    sel->count = kept;
}

rc_selector *rc_selector_compile(rc_arena *arena, const rc_node *node, rc_selector_mode mode,
                                 const char **err_msg, const rc_node **err_node)
{
    compiler c = {.arena = arena};
    rc_selector *sel = rc_arena_calloc(arena, 1, sizeof *sel);
    bool ok = sel != NULL;
    if (!ok)
        c.err_msg = out_of_memory;

    bool absent = !node || rc_node_is_null(node);
    if (ok && !absent)
        ok = mode == RC_SELECTOR_LABEL ? compile_label_selector(&c, node)
                                       : compile_plain_map(&c, node);
    if (!ok) {
        if (err_msg)
            *err_msg = c.err_msg ? c.err_msg : out_of_memory;
        if (err_node)
            *err_node = c.err_node ? c.err_node : node;
        return NULL;
    }
    if (err_msg)
        *err_msg = NULL;
    if (err_node)
        *err_node = NULL;

    sel->absent = absent;
    sel->reqs = c.reqs;
    sel->count = c.count;
    if (sel->count > 0) {
        sel->kind = SEL_REQUIREMENTS;
        normalise(sel);
    } else if (mode == RC_SELECTOR_SERVICE || (mode == RC_SELECTOR_LABEL && absent)) {
        sel->kind = SEL_NOTHING;
    } else {
        sel->kind = SEL_EVERYTHING;
    }
    return sel;
}

/* The value node of KEY in LABELS, or NULL; the last of repeated keys wins, as in node.c. */
static const rc_node *find_label(const rc_node *labels, const sel_str *key, bool *present)
{
    for (size_t i = labels->as.map.count; i-- > 0;) {
        const rc_node *k = labels->as.map.pairs[i].key;
        if (k->kind == RC_NODE_SCALAR && k->as.scalar.len == key->len &&
            memcmp(k->as.scalar.text, key->text, key->len) == 0) {
            *present = true;
            return labels->as.map.pairs[i].value;
        }
    }
    *present = false;
    return NULL;
}

static bool has_value(const requirement *req, const rc_node *value)
{
    if (!value || value->kind != RC_NODE_SCALAR)
        return false;
    sel_str text = {value->as.scalar.text, value->as.scalar.len};
    if (rc_node_is_null(value))
        text.len = 0;
    size_t lo = 0;
    size_t hi = req->nvalues;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cmp_str(&text, &req->values[mid]);
        if (r == 0)
            return true;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

static bool requirement_matches(const requirement *req, const rc_node *labels)
{
    bool present = false;
    const rc_node *value = labels ? find_label(labels, &req->key, &present) : NULL;
    switch (req->op) {
    case OP_EQUALS:
    case OP_IN:
        return present && has_value(req, value);
    case OP_NOT_IN:
        return !present || !has_value(req, value);
    case OP_EXISTS:
        return present;
    case OP_DOES_NOT_EXIST:
        return !present;
    }
    return false;
}

bool rc_selector_matches(const rc_selector *sel, const rc_node *labels)
{
    if (sel->kind != SEL_REQUIREMENTS)
        return sel->kind == SEL_EVERYTHING;
    if (labels && labels->kind != RC_NODE_MAP)
        labels = NULL;
    for (size_t i = 0; i < sel->count; i++) {
        if (!requirement_matches(&sel->reqs[i], labels))
            return false;
    }
    return true;
}

bool rc_selector_is_everything(const rc_selector *sel)
{
    return sel->kind == SEL_EVERYTHING;
}

bool rc_selector_is_nothing(const rc_selector *sel)
{
    return sel->kind == SEL_NOTHING;
}

bool rc_selector_is_absent(const rc_selector *sel)
{
    return sel->absent;
}

size_t rc_selector_requirement_count(const rc_selector *sel)
{
    return sel->kind == SEL_REQUIREMENTS ? sel->count : 0;
}

bool rc_selector_equality(const rc_selector *sel, size_t index, const char **key,
                          size_t *key_len, const char **value, size_t *value_len)
{
    if (sel->kind != SEL_REQUIREMENTS || index >= sel->count)
        return false;
    const requirement *req = &sel->reqs[index];
    if ((req->op != OP_EQUALS && req->op != OP_IN) || req->nvalues != 1)
        return false;
    *key = req->key.text;
    *key_len = req->key.len;
    *value = req->values[0].text;
    *value_len = req->values[0].len;
    return true;
}

bool rc_selector_value_set(const rc_selector *sel, size_t index, const char **key,
                           size_t *key_len, size_t *count)
{
    if (sel->kind != SEL_REQUIREMENTS || index >= sel->count)
        return false;
    const requirement *req = &sel->reqs[index];
    if ((req->op != OP_EQUALS && req->op != OP_IN) || req->nvalues == 0)
        return false;
    *key = req->key.text;
    *key_len = req->key.len;
    *count = req->nvalues;
    return true;
}

void rc_selector_value(const rc_selector *sel, size_t index, size_t v, const char **value,
                       size_t *value_len)
{
    const requirement *req = &sel->reqs[index];
    *value = req->values[v].text;
    *value_len = req->values[v].len;
}

bool rc_selector_exists_key(const rc_selector *sel, size_t index, const char **key,
                            size_t *key_len)
{
    if (sel->kind != SEL_REQUIREMENTS || index >= sel->count ||
        sel->reqs[index].op != OP_EXISTS)
        return false;
    *key = sel->reqs[index].key.text;
    *key_len = sel->reqs[index].key.len;
    return true;
}

static bool describe_values(rc_buf *buf, const requirement *req, const char *word)
{
    if (!rc_buf_printf(buf, " %s (", word))
        return false;
    for (size_t i = 0; i < req->nvalues; i++) {
        if ((i > 0 && !rc_buf_putc(buf, ',')) ||
            !rc_buf_append(buf, req->values[i].text, req->values[i].len))
            return false;
    }
    return rc_buf_putc(buf, ')');
}

static bool describe_requirement(rc_buf *buf, const requirement *req)
{
    switch (req->op) {
    case OP_EQUALS:
        return rc_buf_append(buf, req->key.text, req->key.len) && rc_buf_putc(buf, '=') &&
               rc_buf_append(buf, req->values[0].text, req->values[0].len);
    case OP_IN:
        return rc_buf_append(buf, req->key.text, req->key.len) &&
               describe_values(buf, req, "in");
    case OP_NOT_IN:
        return rc_buf_append(buf, req->key.text, req->key.len) &&
               describe_values(buf, req, "notin");
    case OP_EXISTS:
        return rc_buf_append(buf, req->key.text, req->key.len);
    case OP_DOES_NOT_EXIST:
        return rc_buf_putc(buf, '!') && rc_buf_append(buf, req->key.text, req->key.len);
    }
    return false;
}

const char *rc_selector_describe(rc_arena *arena, const rc_selector *sel)
{
    if (sel->kind == SEL_EVERYTHING)
        return "<everything>";
    if (sel->kind == SEL_NOTHING)
        return "<nothing>";
    rc_buf buf = RC_BUF_INIT;
    bool ok = true;
    for (size_t i = 0; ok && i < sel->count; i++)
        ok = (i == 0 || rc_buf_putc(&buf, ',')) && describe_requirement(&buf, &sel->reqs[i]);
    const char *text = ok ? rc_arena_strndup(arena, rc_buf_str(&buf), buf.len) : NULL;
    rc_buf_release(&buf);
    return text ? text : "<out of memory>";
}

/* promql.c - the PromQL parser (promql.h): precedence climbing over the token array from
 * promql_lex.c, building typed nodes and making Prometheus's load-time type checks as each
 * node is built, so that an error names the token that caused it. */
#include "promql/promql.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "promql/promql_functions.h"
#include "promql/promql_lex.h"
#include "util/regex.h"

/* A node as built: the public node first, so a node pointer converts back, and the height
 * of its subtree, which bounds rc_promql_walk's recursion. */
typedef struct built_node {
    rc_promql_node node;
    unsigned height;
} built_node;

typedef struct parser {
    rc_arena *arena;
    const char *text;
    size_t len;
    rc_token_list toks;
    size_t pos;
    int nesting;
    rc_promql_error *err;
    bool failed;
} parser;

/* Binding strength of binary operators, loosest first; unary minus binds like `*`, so its
 * operand takes only `^` (and postfix modifiers) with it. */
enum {
    PREC_OR = 1,
    PREC_AND,
    PREC_COMPARE,
    PREC_ADD,
    PREC_MUL,
    PREC_POW
};

static const char *const type_names[] = {"scalar", "string", "instant vector", "range vector"};

static void fail_at(parser *p, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(parser *p, size_t offset, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->err->offset = offset > p->len ? p->len : offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void out_of_memory(parser *p)
{
    fail_at(p, 0, "out of memory parsing the expression");
}

static const rc_token *tok(const parser *p)
{
    return &p->toks.tokens[p->pos];
}

static const rc_token *peek(const parser *p, size_t ahead)
{
    size_t i = p->pos + ahead;
    return &p->toks.tokens[i < p->toks.count ? i : p->toks.count - 1];
}

/* Moves past the current token; the last one (EOF or ERROR) is never passed. */
static const rc_token *advance(parser *p)
{
    const rc_token *t = tok(p);
    if (p->pos + 1 < p->toks.count)
        p->pos++;
    return t;
}

static bool at_keyword(const parser *p, rc_keyword keyword)
{
    return tok(p)->kind == RC_TOK_KEYWORD && tok(p)->keyword == keyword;
}

static size_t token_end(const rc_token *t)
{
    return t->offset + t->length;
}

static size_t node_end(const rc_promql_node *n)
{
    return n->offset + n->length;
}

/* "unexpected <token> in <context>, expected <what>": a lexical error at the token wins. */
static void unexpected(parser *p, const char *context, const char *expected)
{
    const rc_token *t = tok(p);
    if (t->kind == RC_TOK_ERROR) {
        fail_at(p, t->offset, "%s", p->toks.error);
        return;
    }
    char what[80];
    int n = (int)(t->length > 32 ? 32 : t->length);
    const char *s = p->text + t->offset;
    switch (t->kind) {
    case RC_TOK_EOF: snprintf(what, sizeof what, "end of input"); break;
    case RC_TOK_NUMBER: snprintf(what, sizeof what, "number \"%.*s\"", n, s); break;
    case RC_TOK_DURATION: snprintf(what, sizeof what, "duration \"%.*s\"", n, s); break;
    case RC_TOK_STRING: snprintf(what, sizeof what, "string %.*s", n, s); break;
    case RC_TOK_IDENT: snprintf(what, sizeof what, "identifier \"%.*s\"", n, s); break;
    case RC_TOK_METRIC_IDENT: snprintf(what, sizeof what, "metric name \"%.*s\"", n, s); break;
    case RC_TOK_KEYWORD: snprintf(what, sizeof what, "keyword \"%.*s\"", n, s); break;
    default: snprintf(what, sizeof what, "\"%.*s\"", n, s); break;
    }
    fail_at(p, t->offset, "unexpected %s%s%s%s%s", what, context ? " in " : "", context ? context : "",
            expected ? ", expected " : "", expected ? expected : "");
}

static rc_promql_node *new_node(parser *p, rc_promql_kind kind, rc_promql_type type, size_t start,
                                size_t end, const rc_promql_node *const *children, size_t count)
{
    unsigned height = 0;
    for (size_t i = 0; i < count; i++)
        if (children[i] && ((const built_node *)children[i])->height > height)
            height = ((const built_node *)children[i])->height;
    if (height + 1 > RC_PROMQL_MAX_DEPTH) {
        fail_at(p, start, "expression nested more than %d deep", RC_PROMQL_MAX_DEPTH);
        return NULL;
    }
    built_node *b = rc_arena_calloc(p->arena, 1, sizeof *b);
    if (!b) {
        out_of_memory(p);
        return NULL;
    }
    b->height = height + 1;
    b->node.kind = kind;
    b->node.type = type;
    b->node.offset = start;
    b->node.length = end - start;
    return &b->node;
}

/* A growable array of pointers in the arena (the old copy is left behind: lists are short). */
typedef struct ptr_list {
    const void **items;
    size_t count, capacity;
} ptr_list;

static bool ptr_list_push(parser *p, ptr_list *list, const void *item)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 4;
        const void **grown = rc_arena_calloc(p->arena, capacity, sizeof *grown);
        if (!grown) {
            out_of_memory(p);
            return false;
        }
        if (list->count)
            memcpy(grown, list->items, list->count * sizeof *grown);
        list->items = grown;
        list->capacity = capacity;
    }
    list->items[list->count++] = item;
    return true;
}

static rc_promql_node *parse_expr(parser *p, int min_prec);

/* `(label, ...)` after by/without/on/ignoring/group_x: a trailing comma is allowed, a name
 * with a colon is not (it could only be a metric name). */
static bool parse_label_list(parser *p, rc_promql_labels *labels, size_t *end)
{
    ptr_list names = {0};
    if (tok(p)->kind != RC_TOK_LPAREN) {
        unexpected(p, "grouping", "\"(\"");
        return false;
    }
    advance(p);
    while (tok(p)->kind != RC_TOK_RPAREN) {
        const rc_token *t = tok(p);
        if (t->kind != RC_TOK_IDENT && t->kind != RC_TOK_KEYWORD && t->kind != RC_TOK_STRING) {
            unexpected(p, "grouping", "label name");
            return false;
        }
        if (!ptr_list_push(p, &names, t->text))
            return false;
        advance(p);
        if (tok(p)->kind == RC_TOK_COMMA) {
            advance(p);
        } else if (tok(p)->kind != RC_TOK_RPAREN) {
            unexpected(p, "grouping", "\",\" or \")\"");
            return false;
        }
    }
    *end = token_end(advance(p));
    labels->names = (const char *const *)names.items;
    labels->count = names.count;
    return true;
}

/* `(expr, ...)` of a call or aggregation; no trailing comma, as Prometheus has it. */
static bool parse_args(parser *p, ptr_list *args, size_t *end)
{
    if (tok(p)->kind != RC_TOK_LPAREN) {
        unexpected(p, "aggregation", "\"(\"");
        return false;
    }
    advance(p);
    if (tok(p)->kind != RC_TOK_RPAREN) {
        for (;;) {
            rc_promql_node *arg = parse_expr(p, 0);
            if (!arg || !ptr_list_push(p, args, arg))
                return false;
            if (tok(p)->kind == RC_TOK_COMMA) {
                const rc_token *comma = advance(p);
                if (tok(p)->kind == RC_TOK_RPAREN) {
                    fail_at(p, comma->offset, "trailing comma in function arguments");
                    return false;
                }
            } else if (tok(p)->kind == RC_TOK_RPAREN) {
                break;
            } else {
                unexpected(p, "argument list", "\",\" or \")\"");
                return false;
            }
        }
    }
    *end = token_end(advance(p));
    return true;
}

static rc_promql_node *parse_call(parser *p)
{
    const rc_token *name = advance(p);
    const rc_promql_function *fn = rc_promql_function_find(name->text, name->text_length);
    if (!fn) {
        fail_at(p, name->offset, "unknown function \"%s\"", name->text);
        return NULL;
    }
    ptr_list args = {0};
    size_t end;
    p->nesting++;
    bool ok = parse_args(p, &args, &end);
    p->nesting--;
    if (!ok)
        return NULL;
    size_t min = fn->arg_count - fn->optional_count - (fn->repeat_last ? 1 : 0);
    bool too_few = args.count < min;
    bool too_many = !fn->repeat_last && args.count > fn->arg_count;
    if (too_few || too_many) {
        bool ranged = too_few ? fn->optional_count || fn->repeat_last : fn->optional_count;
        fail_at(p, name->offset, "function \"%s\" takes %s%zu argument(s), got %zu", fn->name,
                !ranged ? "" : too_few ? "at least " : "at most ",
                too_few ? min : (size_t)fn->arg_count, args.count);
        return NULL;
    }
    for (size_t i = 0; i < args.count; i++) {
        const rc_promql_node *arg = args.items[i];
        rc_promql_type want = fn->args[i < fn->arg_count ? i : fn->arg_count - 1];
        if (arg->type != want) {
            fail_at(p, arg->offset, "argument %zu of \"%s\" must be of type %s, got %s", i + 1,
                    fn->name, type_names[want], type_names[arg->type]);
            return NULL;
        }
    }
    rc_promql_node *n = new_node(p, RC_PROMQL_CALL, fn->result, name->offset, end,
                                 (const rc_promql_node *const *)args.items, args.count);
    if (!n)
        return NULL;
    n->call.name = fn->name;
    n->call.args = (const rc_promql_node *const *)args.items;
    n->call.arg_count = args.count;
    return n;
}

static rc_promql_node *parse_aggregate(parser *p)
{
    static const struct {
        rc_keyword keyword;
        rc_promql_aggregate_op op;
        int param; /* -1 none, else the param's type */
    } ops[] = {
        {RC_KW_SUM, RC_PROMQL_SUM, -1},
        {RC_KW_AVG, RC_PROMQL_AVG, -1},
        {RC_KW_COUNT, RC_PROMQL_COUNT, -1},
        {RC_KW_MIN, RC_PROMQL_MIN, -1},
        {RC_KW_MAX, RC_PROMQL_MAX, -1},
        {RC_KW_TOPK, RC_PROMQL_TOPK, RC_PROMQL_TYPE_SCALAR},
        {RC_KW_BOTTOMK, RC_PROMQL_BOTTOMK, RC_PROMQL_TYPE_SCALAR},
        {RC_KW_QUANTILE, RC_PROMQL_QUANTILE, RC_PROMQL_TYPE_SCALAR},
        {RC_KW_COUNT_VALUES, RC_PROMQL_COUNT_VALUES, RC_PROMQL_TYPE_STRING},
        {RC_KW_STDDEV, RC_PROMQL_STDDEV, -1},
        {RC_KW_STDVAR, RC_PROMQL_STDVAR, -1},
        {RC_KW_GROUP, RC_PROMQL_GROUP, -1},
        {RC_KW_LIMITK, RC_PROMQL_LIMITK, RC_PROMQL_TYPE_SCALAR},
        {RC_KW_LIMIT_RATIO, RC_PROMQL_LIMIT_RATIO, RC_PROMQL_TYPE_SCALAR},
    };
    const rc_token *op_tok = advance(p);
    size_t i = 0;
    while (ops[i].keyword != op_tok->keyword)
        i++;
    bool has_grouping = false, without = false;
    rc_promql_labels grouping = {0};
    size_t end = token_end(op_tok);
    if (at_keyword(p, RC_KW_BY) || at_keyword(p, RC_KW_WITHOUT)) {
        without = advance(p)->keyword == RC_KW_WITHOUT;
        has_grouping = true;
        if (!parse_label_list(p, &grouping, &end))
            return NULL;
    }
    ptr_list args = {0};
    p->nesting++;
    bool ok = parse_args(p, &args, &end);
    p->nesting--;
    if (!ok)
        return NULL;
    if (!has_grouping && (at_keyword(p, RC_KW_BY) || at_keyword(p, RC_KW_WITHOUT))) {
        without = advance(p)->keyword == RC_KW_WITHOUT;
        has_grouping = true;
        if (!parse_label_list(p, &grouping, &end))
            return NULL;
    }
    size_t want = ops[i].param >= 0 ? 2 : 1;
    if (args.count == 0) {
        fail_at(p, op_tok->offset, "aggregation \"%s\" has no arguments", op_tok->text);
        return NULL;
    }
    if (args.count != want) {
        fail_at(p, op_tok->offset, "aggregation \"%s\" takes %zu argument(s), got %zu",
                rc_promql_keyword_name(op_tok->keyword), want, args.count);
        return NULL;
    }
    const rc_promql_node *param = want == 2 ? args.items[0] : NULL;
    const rc_promql_node *expr = args.items[want - 1];
    if (param && param->type != (rc_promql_type)ops[i].param) {
        fail_at(p, param->offset, "parameter of \"%s\" must be of type %s, got %s",
                rc_promql_keyword_name(op_tok->keyword), type_names[ops[i].param],
                type_names[param->type]);
        return NULL;
    }
    if (expr->type != RC_PROMQL_TYPE_INSTANT_VECTOR) {
        fail_at(p, expr->offset, "aggregation \"%s\" needs an instant vector, got %s",
                rc_promql_keyword_name(op_tok->keyword), type_names[expr->type]);
        return NULL;
    }
    rc_promql_node *n = new_node(p, RC_PROMQL_AGGREGATE, RC_PROMQL_TYPE_INSTANT_VECTOR,
                                 op_tok->offset, end, (const rc_promql_node *const *)args.items,
                                 args.count);
    if (!n)
        return NULL;
    n->aggregate.op = ops[i].op;
    n->aggregate.name = rc_promql_keyword_name(op_tok->keyword);
    n->aggregate.without = without;
    n->aggregate.has_grouping = has_grouping;
    n->aggregate.grouping = grouping;
    n->aggregate.param = param;
    n->aggregate.expr = expr;
    return n;
}

/* Prometheus compiles label regexes with Go's RE2 syntax; PCRE2, which judges the rest,
 * accepts more. These are the differences rules could meet: escapes Go does not know
 * (\e \h \R \K \Z \G \C \N ...), backreferences, groups other than (?P<name>, (?<name> and
 * flags among i m s U, nested repetition (a++, a**), and repeat counts above 1000.
 * Returns what is wrong, or NULL. */
static const char *re2_unsupported(const char *re, char *why, size_t size)
{
    bool repeated = false, lazy = false; /* the last item was a repetition (made lazy) */
    for (size_t i = 0; re[i]; i++) {
        char c = re[i];
        if (c == '\\') {
            char e = re[i + 1];
            repeated = false;
            if (e == 'Q') { /* literal text up to \E */
                const char *stop = strstr(re + i + 2, "\\E");
                if (!stop)
                    return NULL;
                i = (size_t)(stop - re) + 1;
                continue;
            }
            if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
                if (!strchr("aftnrvxpPdDsSwWbBAz", e)) {
                    snprintf(why, size, "escape \\%c is not in Go's regular expression syntax", e);
                    return why;
                }
                if ((e == 'x' || e == 'p' || e == 'P') && re[i + 2] == '{') {
                    const char *close = strchr(re + i + 2, '}');
                    i = close ? (size_t)(close - re) : i + 1;
                    continue;
                }
            } else if (e == '8' || e == '9' ||
                       (e >= '1' && e <= '7' && !(re[i + 2] >= '0' && re[i + 2] <= '7'))) {
                return "backreferences are not supported";
            }
            if (e)
                i++;
            continue;
        }
        if (c == '[') {
            /* A class: skip to its end; a leading ] (after an optional ^) is literal, and
             * [:name:] and escapes inside do not end it. */
            size_t j = i + 1;
            if (re[j] == '^')
                j++;
            if (re[j] == ']')
                j++;
            while (re[j] && re[j] != ']') {
                if (re[j] == '\\' && re[j + 1]) {
                    j += 2;
                } else if (re[j] == '[' && re[j + 1] == ':') {
                    const char *close = strstr(re + j + 2, ":]");
                    j = close ? (size_t)(close - re) + 2 : j + 1;
                } else {
                    j++;
                }
            }
            if (!re[j])
                return NULL; /* unterminated: PCRE2 reports it */
            i = j;
            repeated = false;
            continue;
        }
        if (c == '(' && re[i + 1] == '?') {
            size_t j = i + 2;
            if ((re[j] == 'P' && re[j + 1] == '<') ||
                (re[j] == '<' && re[j + 1] != '=' && re[j + 1] != '!')) {
                repeated = false;
                continue;
            }
            while (re[j] && strchr("imsU-", re[j]))
                j++;
            /* (?flags) and (?flags:re) with flags from imsU-, and (?:re) with none; not (?) */
            if ((re[j] != ')' && re[j] != ':') || (j == i + 2 && re[j] == ')')) {
                snprintf(why, size, "group syntax (?%c is not in Go's regular expression syntax",
                         re[i + 2] ? re[i + 2] : ' ');
                return why;
            }
            repeated = false;
            continue;
        }
        if (c == '*' || c == '+' || c == '?') {
            if (repeated && !(c == '?' && !lazy))
                return "nested repetition (such as a++ or a**) is not supported";
            lazy = repeated;
            repeated = true;
            continue;
        }
        if (c == '{') {
            /* {n}, {n,} or {n,m}; anything else is a literal brace. */
            size_t j = i + 1;
            long n = 0, m = -1;
            bool digits = false;
            /* Counts saturate past 100000: only "above 1000" matters. */
            for (; re[j] >= '0' && re[j] <= '9'; j++) {
                n = n < 100000 ? n * 10 + (re[j] - '0') : n;
                digits = true;
            }
            if (digits && re[j] == ',') {
                j++;
                m = re[j] >= '0' && re[j] <= '9' ? 0 : -2;
                for (; re[j] >= '0' && re[j] <= '9'; j++)
                    m = m < 100000 ? m * 10 + (re[j] - '0') : m;
            }
            if (digits && re[j] == '}') {
                if (n > 1000 || m > 1000)
                    return "repeat counts above 1000 are not supported";
                if (repeated)
                    return "nested repetition (such as a{2}{3}) is not supported";
                repeated = true;
                lazy = false;
                i = j;
                continue;
            }
        }
        repeated = false;
    }
    return NULL;
}

/* Whether matcher M matches the empty string; false with an error for a bad regex. */
static bool matcher_matches_empty(parser *p, const rc_promql_matcher *m, size_t value_offset,
                                  bool *matches)
{
    if (m->op == RC_PROMQL_MATCH_EQUAL || m->op == RC_PROMQL_MATCH_NOT_EQUAL) {
        *matches = (m->value[0] == '\0') == (m->op == RC_PROMQL_MATCH_EQUAL);
        return true;
    }
    char reason[96];
    const char *why = re2_unsupported(m->value, reason, sizeof reason);
    if (why) {
        fail_at(p, value_offset, "bad regular expression: %s", why);
        return false;
    }
    /* Prometheus anchors label regexes at both ends. */
    char *anchored = rc_arena_printf(p->arena, "^(?:%s)$", m->value);
    if (!anchored) {
        out_of_memory(p);
        return false;
    }
    char message[200];
    rc_regex *re = rc_regex_compile(anchored, false, message, sizeof message);
    if (!re) {
        fail_at(p, value_offset, "bad regular expression: %s", message);
        return false;
    }
    bool empty = rc_regex_match(re, "", 0);
    rc_regex_free(re);
    *matches = empty == (m->op == RC_PROMQL_MATCH_REGEX);
    return true;
}

static bool match_op(rc_tok_kind kind, rc_promql_match_op *op)
{
    switch (kind) {
    case RC_TOK_ASSIGN: *op = RC_PROMQL_MATCH_EQUAL; return true;
    case RC_TOK_NE: *op = RC_PROMQL_MATCH_NOT_EQUAL; return true;
    case RC_TOK_RE: *op = RC_PROMQL_MATCH_REGEX; return true;
    case RC_TOK_NRE: *op = RC_PROMQL_MATCH_NOT_REGEX; return true;
    default: return false;
    }
}

/* A vector selector: `name`, `name{...}` or `{...}` (a quoted name may stand in the braces). */
static rc_promql_node *parse_selector(parser *p)
{
    size_t start = tok(p)->offset, end;
    const char *name = NULL;
    bool named_outside = false;
    if (tok(p)->kind != RC_TOK_LBRACE) {
        const rc_token *t = advance(p);
        name = t->text;
        named_outside = true;
        end = token_end(t);
    }
    rc_promql_matcher *matchers = NULL;
    size_t count = 0, capacity = 0;
    size_t *value_offsets = NULL;
    if (tok(p)->kind == RC_TOK_LBRACE) {
        advance(p);
        while (tok(p)->kind != RC_TOK_RBRACE) {
            const rc_token *label = tok(p);
            rc_promql_match_op op;
            if (label->kind == RC_TOK_STRING && !match_op(peek(p, 1)->kind, &op)) {
                /* Prometheus 3's quoted metric name: {"http.requests", job="x"}. */
                if (name) {
                    fail_at(p, label->offset, "metric name set twice: \"%s\" and \"%s\"", name,
                            label->text);
                    return NULL;
                }
                name = label->text;
                advance(p);
            } else {
                if (label->kind != RC_TOK_IDENT && label->kind != RC_TOK_STRING) {
                    unexpected(p, "label matching", "label name or \"}\"");
                    return NULL;
                }
                advance(p);
                if (!match_op(tok(p)->kind, &op)) {
                    unexpected(p, "label matching", "=, !=, =~ or !~");
                    return NULL;
                }
                advance(p);
                if (tok(p)->kind != RC_TOK_STRING) {
                    unexpected(p, "label matching", "string");
                    return NULL;
                }
                const rc_token *value = advance(p);
                if (count == capacity) {
                    capacity = capacity ? capacity * 2 : 4;
                    rc_promql_matcher *grown = rc_arena_calloc(p->arena, capacity, sizeof *grown);
                    size_t *offsets = rc_arena_calloc(p->arena, capacity, sizeof *offsets);
                    if (!grown || !offsets) {
                        out_of_memory(p);
                        return NULL;
                    }
                    if (count) {
                        memcpy(grown, matchers, count * sizeof *grown);
                        memcpy(offsets, value_offsets, count * sizeof *offsets);
                    }
                    matchers = grown;
                    value_offsets = offsets;
                }
                matchers[count] = (rc_promql_matcher){
                    .label = label->text, .value = value->text, .op = op, .offset = label->offset};
                value_offsets[count++] = value->offset;
            }
            if (tok(p)->kind == RC_TOK_COMMA)
                advance(p);
            else if (tok(p)->kind != RC_TOK_RBRACE) {
                if (tok(p)->kind == RC_TOK_EOF)
                    fail_at(p, tok(p)->offset, "unexpected end of input inside braces");
                else
                    unexpected(p, "label matching", "\",\" or \"}\"");
                return NULL;
            }
        }
        end = token_end(advance(p));
    }
    bool selective = name != NULL;
    for (size_t i = 0; i < count; i++) {
        bool empty;
        if (!matcher_matches_empty(p, &matchers[i], value_offsets[i], &empty))
            return NULL;
        selective |= !empty;
        if (strcmp(matchers[i].label, "__name__") == 0) {
            if (named_outside || (name && matchers[i].op == RC_PROMQL_MATCH_EQUAL)) {
                fail_at(p, start, "metric name set twice: \"%s\" and \"%s\"", name,
                        matchers[i].value);
                return NULL;
            }
            if (matchers[i].op == RC_PROMQL_MATCH_EQUAL)
                name = matchers[i].value;
        }
    }
    if (!selective) {
        fail_at(p, start, "a selector needs a metric name or a matcher that does not match the "
                          "empty string");
        return NULL;
    }
    rc_promql_node *n = new_node(p, RC_PROMQL_VECTOR, RC_PROMQL_TYPE_INSTANT_VECTOR, start, end,
                                 NULL, 0);
    if (!n)
        return NULL;
    n->vector.name = name;
    n->vector.matchers = matchers;
    n->vector.matcher_count = count;
    return n;
}

/* Keywords that Prometheus also reads as metric names where an expression starts. */
static bool keyword_is_metric_name(rc_keyword keyword)
{
    return rc_promql_keyword_is_aggregate(keyword) || keyword == RC_KW_AND ||
           keyword == RC_KW_OR || keyword == RC_KW_UNLESS || keyword == RC_KW_BY ||
           keyword == RC_KW_WITHOUT || keyword == RC_KW_OFFSET || keyword == RC_KW_START ||
           keyword == RC_KW_END;
}

static rc_promql_node *parse_primary(parser *p)
{
    const rc_token *t = tok(p);
    switch (t->kind) {
    case RC_TOK_NUMBER: {
        advance(p);
        rc_promql_node *n = new_node(p, RC_PROMQL_NUMBER, RC_PROMQL_TYPE_SCALAR, t->offset,
                                     token_end(t), NULL, 0);
        if (n)
            n->number.value = t->number;
        return n;
    }
    case RC_TOK_STRING: {
        advance(p);
        rc_promql_node *n = new_node(p, RC_PROMQL_STRING, RC_PROMQL_TYPE_STRING, t->offset,
                                     token_end(t), NULL, 0);
        if (n) {
            n->string.value = t->text;
            n->string.length = t->text_length;
        }
        return n;
    }
    case RC_TOK_LPAREN: {
        advance(p);
        rc_promql_node *inner = parse_expr(p, 0);
        if (!inner)
            return NULL;
        if (tok(p)->kind != RC_TOK_RPAREN) {
            if (tok(p)->kind == RC_TOK_EOF)
                fail_at(p, t->offset, "unclosed left parenthesis");
            else
                unexpected(p, "parentheses", "\")\"");
            return NULL;
        }
        size_t end = token_end(advance(p));
        const rc_promql_node *children[] = {inner};
        rc_promql_node *n = new_node(p, RC_PROMQL_PAREN, inner->type, t->offset, end, children, 1);
        if (n)
            n->paren.expr = inner;
        return n;
    }
    case RC_TOK_LBRACE:
    case RC_TOK_METRIC_IDENT:
        return parse_selector(p);
    case RC_TOK_IDENT:
        return peek(p, 1)->kind == RC_TOK_LPAREN ? parse_call(p) : parse_selector(p);
    case RC_TOK_KEYWORD:
        if (rc_promql_keyword_is_aggregate(t->keyword) &&
            (peek(p, 1)->kind == RC_TOK_LPAREN ||
             (peek(p, 1)->kind == RC_TOK_KEYWORD &&
              (peek(p, 1)->keyword == RC_KW_BY || peek(p, 1)->keyword == RC_KW_WITHOUT))))
            return parse_aggregate(p);
        if (keyword_is_metric_name(t->keyword))
            return parse_selector(p);
        unexpected(p, NULL, NULL);
        return NULL;
    case RC_TOK_RPAREN:
        fail_at(p, t->offset, "unexpected right parenthesis");
        return NULL;
    default:
        unexpected(p, NULL, NULL);
        return NULL;
    }
}

static void extend(rc_promql_node *n, size_t end)
{
    if (end > node_end(n))
        n->length = end - n->offset;
}

/* `offset [-]d` and `@ t` after a selector, range selector or subquery. */
static bool parse_modifier(parser *p, rc_promql_node *e)
{
    const rc_token *mod = advance(p);
    bool *has_offset;
    long long *offset_ms, *at_ms;
    rc_promql_at *at;
    if (e->kind == RC_PROMQL_VECTOR || e->kind == RC_PROMQL_MATRIX) {
        rc_promql_node *v = (rc_promql_node *)(e->kind == RC_PROMQL_MATRIX ? e->matrix.vector : e);
        has_offset = &v->vector.has_offset;
        offset_ms = &v->vector.offset_ms;
        at = &v->vector.at;
        at_ms = &v->vector.at_ms;
    } else if (e->kind == RC_PROMQL_SUBQUERY) {
        has_offset = &e->subquery.has_offset;
        offset_ms = &e->subquery.offset_ms;
        at = &e->subquery.at;
        at_ms = &e->subquery.at_ms;
    } else {
        fail_at(p, mod->offset, "\"%s\" applies only to a selector, a range selector or a subquery",
                mod->kind == RC_TOK_AT ? "@" : "offset");
        return false;
    }
    if (mod->kind == RC_TOK_KEYWORD) {
        if (*has_offset) {
            fail_at(p, mod->offset, "offset set twice");
            return false;
        }
        bool negative = tok(p)->kind == RC_TOK_SUB;
        if (negative)
            advance(p);
        if (tok(p)->kind != RC_TOK_DURATION) {
            unexpected(p, "offset", "duration");
            return false;
        }
        const rc_token *d = advance(p);
        if (d->ms == 0) {
            /* Prometheus 2 rejects it; it would change nothing anyway. */
            fail_at(p, d->offset, "duration must be above zero");
            return false;
        }
        *has_offset = true;
        *offset_ms = negative ? -d->ms : d->ms;
        extend(e, token_end(d));
        return true;
    }
    if (*at != RC_PROMQL_AT_NONE) {
        fail_at(p, mod->offset, "@ set twice");
        return false;
    }
    const rc_token *t = tok(p);
    if ((t->kind == RC_TOK_KEYWORD && (t->keyword == RC_KW_START || t->keyword == RC_KW_END)) &&
        peek(p, 1)->kind == RC_TOK_LPAREN && peek(p, 2)->kind == RC_TOK_RPAREN) {
        *at = t->keyword == RC_KW_START ? RC_PROMQL_AT_START : RC_PROMQL_AT_END;
        advance(p);
        advance(p);
        extend(e, token_end(advance(p)));
        return true;
    }
    double sign = 1;
    if (t->kind == RC_TOK_SUB || t->kind == RC_TOK_ADD) {
        sign = t->kind == RC_TOK_SUB ? -1 : 1;
        advance(p);
    }
    if (tok(p)->kind != RC_TOK_NUMBER) {
        unexpected(p, "@", "a timestamp, start() or end()");
        return false;
    }
    const rc_token *num = advance(p);
    double seconds = sign * num->number;
    /* Milliseconds must fit a signed 64-bit integer as Prometheus stores them. */
    if (!(fabs(seconds) < 9.2e15)) {
        if (!(fabs(seconds) < 9.2233720368547758e18)) {
            fail_at(p, num->offset, "timestamp out of range for @");
            return false;
        }
        *at_ms = seconds < 0 ? INT64_MIN : INT64_MAX;
    } else {
        *at_ms = llround(seconds * 1000);
    }
    *at = RC_PROMQL_AT_TIME;
    extend(e, token_end(num));
    return true;
}

/* `[d]` (a range) or `[d:]`/`[d:s]` (a subquery) after E. */
static rc_promql_node *parse_bracket(parser *p, rc_promql_node *e)
{
    const rc_token *open = advance(p);
    if (tok(p)->kind != RC_TOK_DURATION) {
        unexpected(p, "range", "duration");
        return NULL;
    }
    const rc_token *range = advance(p);
    bool subquery = tok(p)->kind == RC_TOK_COLON;
    const rc_token *step = NULL;
    if (subquery) {
        advance(p);
        if (tok(p)->kind == RC_TOK_DURATION)
            step = advance(p);
    }
    if (tok(p)->kind != RC_TOK_RBRACKET) {
        unexpected(p, subquery ? "subquery" : "range", subquery ? "\"]\"" : "\":\" or \"]\"");
        return NULL;
    }
    size_t end = token_end(advance(p));
    if (range->ms <= 0 || (step && step->ms <= 0)) {
        fail_at(p, range->ms <= 0 ? range->offset : step->offset, "duration must be above zero");
        return NULL;
    }
    const rc_promql_node *children[] = {e};
    if (!subquery) {
        if (e->kind != RC_PROMQL_VECTOR) {
            fail_at(p, open->offset, "a range applies only to a selector: use a subquery "
                                     "[range:step] for other expressions");
            return NULL;
        }
        if (e->vector.has_offset || e->vector.at != RC_PROMQL_AT_NONE) {
            fail_at(p, open->offset, "%s must follow the range, not precede it",
                    e->vector.has_offset ? "offset" : "@");
            return NULL;
        }
        rc_promql_node *n = new_node(p, RC_PROMQL_MATRIX, RC_PROMQL_TYPE_RANGE_VECTOR, e->offset,
                                     end, children, 1);
        if (!n)
            return NULL;
        n->matrix.vector = e;
        n->matrix.range_ms = range->ms;
        n->matrix.range_offset = open->offset;
        n->matrix.range_length = end - open->offset;
        return n;
    }
    if (e->type != RC_PROMQL_TYPE_INSTANT_VECTOR) {
        fail_at(p, e->offset, "a subquery needs an instant vector, got %s", type_names[e->type]);
        return NULL;
    }
    rc_promql_node *n = new_node(p, RC_PROMQL_SUBQUERY, RC_PROMQL_TYPE_RANGE_VECTOR, e->offset,
                                 end, children, 1);
    if (!n)
        return NULL;
    n->subquery.expr = e;
    n->subquery.range_ms = range->ms;
    n->subquery.step_ms = step ? step->ms : 0;
    n->subquery.range_offset = open->offset;
    n->subquery.range_length = end - open->offset;
    return n;
}

static rc_promql_node *parse_postfix(parser *p)
{
    rc_promql_node *e = parse_primary(p);
    while (e) {
        if (tok(p)->kind == RC_TOK_LBRACKET)
            e = parse_bracket(p, e);
        else if (at_keyword(p, RC_KW_OFFSET) || tok(p)->kind == RC_TOK_AT)
            e = parse_modifier(p, e) ? e : NULL;
        else
            break;
    }
    return e;
}

static rc_promql_node *parse_unary(parser *p)
{
    const rc_token *t = tok(p);
    if (t->kind != RC_TOK_SUB && t->kind != RC_TOK_ADD)
        return parse_postfix(p);
    advance(p);
    rc_promql_node *operand = parse_expr(p, PREC_POW);
    if (!operand)
        return NULL;
    if (operand->type != RC_PROMQL_TYPE_SCALAR && operand->type != RC_PROMQL_TYPE_INSTANT_VECTOR) {
        fail_at(p, t->offset, "unary %c needs a scalar or an instant vector, got %s",
                p->text[t->offset], type_names[operand->type]);
        return NULL;
    }
    if (operand->kind == RC_PROMQL_NUMBER) {
        /* Folded as Prometheus does: `-1` is the number -1, spanning the sign. */
        if (t->kind == RC_TOK_SUB)
            operand->number.value = -operand->number.value;
        operand->length = node_end(operand) - t->offset;
        operand->offset = t->offset;
        return operand;
    }
    const rc_promql_node *children[] = {operand};
    rc_promql_node *n = new_node(p, RC_PROMQL_UNARY, operand->type, t->offset, node_end(operand),
                                 children, 1);
    if (n) {
        n->unary.op = p->text[t->offset];
        n->unary.expr = operand;
    }
    return n;
}

typedef struct binary_op_info {
    rc_promql_binary_op op;
    const char *name;
    int prec;
} binary_op_info;

static bool binary_op_at(const rc_token *t, binary_op_info *info)
{
    static const struct {
        rc_tok_kind kind;
        rc_keyword keyword;
        binary_op_info info;
    } table[] = {
        {RC_TOK_ADD, RC_KW_NONE, {RC_PROMQL_ADD, "+", PREC_ADD}},
        {RC_TOK_SUB, RC_KW_NONE, {RC_PROMQL_SUB, "-", PREC_ADD}},
        {RC_TOK_MUL, RC_KW_NONE, {RC_PROMQL_MUL, "*", PREC_MUL}},
        {RC_TOK_DIV, RC_KW_NONE, {RC_PROMQL_DIV, "/", PREC_MUL}},
        {RC_TOK_MOD, RC_KW_NONE, {RC_PROMQL_MOD, "%", PREC_MUL}},
        {RC_TOK_KEYWORD, RC_KW_ATAN2, {RC_PROMQL_ATAN2, "atan2", PREC_MUL}},
        {RC_TOK_POW, RC_KW_NONE, {RC_PROMQL_POW, "^", PREC_POW}},
        {RC_TOK_EQ, RC_KW_NONE, {RC_PROMQL_EQ, "==", PREC_COMPARE}},
        {RC_TOK_NE, RC_KW_NONE, {RC_PROMQL_NE, "!=", PREC_COMPARE}},
        {RC_TOK_GT, RC_KW_NONE, {RC_PROMQL_GT, ">", PREC_COMPARE}},
        {RC_TOK_LT, RC_KW_NONE, {RC_PROMQL_LT, "<", PREC_COMPARE}},
        {RC_TOK_GE, RC_KW_NONE, {RC_PROMQL_GE, ">=", PREC_COMPARE}},
        {RC_TOK_LE, RC_KW_NONE, {RC_PROMQL_LE, "<=", PREC_COMPARE}},
        {RC_TOK_KEYWORD, RC_KW_AND, {RC_PROMQL_AND, "and", PREC_AND}},
        {RC_TOK_KEYWORD, RC_KW_UNLESS, {RC_PROMQL_UNLESS, "unless", PREC_AND}},
        {RC_TOK_KEYWORD, RC_KW_OR, {RC_PROMQL_OR, "or", PREC_OR}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].kind == t->kind && table[i].keyword == t->keyword) {
            *info = table[i].info;
            return true;
        }
    return false;
}

static bool is_vector_or_scalar(const rc_promql_node *n)
{
    return n->type == RC_PROMQL_TYPE_SCALAR || n->type == RC_PROMQL_TYPE_INSTANT_VECTOR;
}

static rc_promql_node *parse_expr(parser *p, int min_prec)
{
    if (++p->nesting > RC_PROMQL_MAX_NESTING) {
        fail_at(p, tok(p)->offset, "expression nested more than %d deep", RC_PROMQL_MAX_NESTING);
        p->nesting--;
        return NULL;
    }
    rc_promql_node *lhs = parse_unary(p);
    binary_op_info op;
    while (lhs && binary_op_at(tok(p), &op) && op.prec >= min_prec) {
        const rc_token *op_tok = advance(p);
        bool return_bool = false;
        rc_promql_matching matching = RC_PROMQL_MATCH_DEFAULT;
        rc_promql_labels matching_labels = {0}, include_labels = {0};
        rc_promql_group group = RC_PROMQL_GROUP_NONE;
        size_t ignored_end;
        if (at_keyword(p, RC_KW_BOOL)) {
            advance(p);
            return_bool = true;
        }
        if (at_keyword(p, RC_KW_ON) || at_keyword(p, RC_KW_IGNORING)) {
            matching = advance(p)->keyword == RC_KW_ON ? RC_PROMQL_MATCH_ON : RC_PROMQL_MATCH_IGNORING;
            if (!parse_label_list(p, &matching_labels, &ignored_end)) {
                lhs = NULL;
                break;
            }
            if (at_keyword(p, RC_KW_GROUP_LEFT) || at_keyword(p, RC_KW_GROUP_RIGHT)) {
                group = advance(p)->keyword == RC_KW_GROUP_LEFT ? RC_PROMQL_GROUP_LEFT
                                                                 : RC_PROMQL_GROUP_RIGHT;
                if (tok(p)->kind == RC_TOK_LPAREN &&
                    !parse_label_list(p, &include_labels, &ignored_end)) {
                    lhs = NULL;
                    break;
                }
            }
        }
        /* `^` is right-associative, the rest left-associative. */
        rc_promql_node *rhs = parse_expr(p, op.op == RC_PROMQL_POW ? op.prec : op.prec + 1);
        if (!rhs) {
            lhs = NULL;
            break;
        }
        bool comparison = op.prec == PREC_COMPARE;
        bool set_op = op.prec == PREC_AND || op.prec == PREC_OR;
        bool scalars = lhs->type == RC_PROMQL_TYPE_SCALAR && rhs->type == RC_PROMQL_TYPE_SCALAR;
        const rc_promql_node *bad = !is_vector_or_scalar(lhs) ? lhs : !is_vector_or_scalar(rhs) ? rhs : NULL;
        if (bad) {
            fail_at(p, bad->offset, "operands of \"%s\" must be scalars or instant vectors, got %s",
                    op.name, type_names[bad->type]);
            lhs = NULL;
            break;
        }
        if (return_bool && !comparison) {
            fail_at(p, op_tok->offset, "bool applies only to comparison operators");
            lhs = NULL;
            break;
        }
        if (comparison && !return_bool && scalars) {
            fail_at(p, op_tok->offset, "a comparison between two scalars needs bool");
            lhs = NULL;
            break;
        }
        if (set_op && group != RC_PROMQL_GROUP_NONE) {
            fail_at(p, op_tok->offset, "\"%s\" matches many-to-many: no group_left/group_right",
                    op.name);
            lhs = NULL;
            break;
        }
        if (set_op && (lhs->type != RC_PROMQL_TYPE_INSTANT_VECTOR ||
                       rhs->type != RC_PROMQL_TYPE_INSTANT_VECTOR)) {
            fail_at(p, op_tok->offset, "\"%s\" needs instant vectors on both sides", op.name);
            lhs = NULL;
            break;
        }
        if ((lhs->type != RC_PROMQL_TYPE_INSTANT_VECTOR || rhs->type != RC_PROMQL_TYPE_INSTANT_VECTOR) &&
            matching_labels.count > 0) {
            fail_at(p, op_tok->offset, "on/ignoring labels need instant vectors on both sides");
            lhs = NULL;
            break;
        }
        if (matching == RC_PROMQL_MATCH_ON)
            for (size_t i = 0; i < include_labels.count; i++)
                for (size_t j = 0; j < matching_labels.count; j++)
                    if (strcmp(include_labels.names[i], matching_labels.names[j]) == 0) {
                        fail_at(p, op_tok->offset, "label \"%s\" is in both on() and %s()",
                                include_labels.names[i],
                                group == RC_PROMQL_GROUP_LEFT ? "group_left" : "group_right");
                        p->nesting--;
                        return NULL;
                    }
        const rc_promql_node *children[] = {lhs, rhs};
        rc_promql_node *n = new_node(p, RC_PROMQL_BINARY,
                                     scalars ? RC_PROMQL_TYPE_SCALAR : RC_PROMQL_TYPE_INSTANT_VECTOR,
                                     lhs->offset, node_end(rhs), children, 2);
        if (!n) {
            lhs = NULL;
            break;
        }
        n->binary.op = op.op;
        n->binary.name = op.name;
        n->binary.return_bool = return_bool;
        n->binary.matching = matching;
        n->binary.matching_labels = matching_labels;
        n->binary.group = group;
        n->binary.include_labels = include_labels;
        n->binary.lhs = lhs;
        n->binary.rhs = rhs;
        lhs = n;
    }
    p->nesting--;
    return lhs;
}

bool rc_promql_parse(rc_arena *arena, const char *expr, size_t len, const rc_promql_node **root,
                     rc_promql_error *err)
{
    parser p = {.arena = arena, .text = expr, .len = len, .err = err};
    *root = NULL;
    memset(err, 0, sizeof *err);
    if (!rc_promql_lex(arena, expr, len, &p.toks)) {
        out_of_memory(&p);
        return false;
    }
    if (tok(&p)->kind == RC_TOK_EOF) {
        fail_at(&p, len, "no expression found");
        return false;
    }
    rc_promql_node *n = parse_expr(&p, 0);
    if (n && tok(&p)->kind != RC_TOK_EOF) {
        if (tok(&p)->kind == RC_TOK_RPAREN)
            fail_at(&p, tok(&p)->offset, "unexpected right parenthesis");
        else
            unexpected(&p, NULL, NULL);
    }
    if (p.failed)
        return false;
    *root = n;
    return true;
}

/* Recursion is bounded: the parser builds no tree deeper than RC_PROMQL_MAX_DEPTH. */
static bool walk(const rc_promql_node *n, bool (*visit)(const rc_promql_node *, void *), void *user)
{
    if (!n)
        return true;
    if (!visit(n, user))
        return false;
    switch (n->kind) {
    case RC_PROMQL_MATRIX: return walk(n->matrix.vector, visit, user);
    case RC_PROMQL_SUBQUERY: return walk(n->subquery.expr, visit, user);
    case RC_PROMQL_CALL:
        for (size_t i = 0; i < n->call.arg_count; i++)
            if (!walk(n->call.args[i], visit, user))
                return false;
        return true;
    case RC_PROMQL_AGGREGATE:
        return walk(n->aggregate.param, visit, user) && walk(n->aggregate.expr, visit, user);
    case RC_PROMQL_BINARY:
        return walk(n->binary.lhs, visit, user) && walk(n->binary.rhs, visit, user);
    case RC_PROMQL_UNARY: return walk(n->unary.expr, visit, user);
    case RC_PROMQL_PAREN: return walk(n->paren.expr, visit, user);
    default: return true;
    }
}

void rc_promql_walk(const rc_promql_node *root,
                    bool (*visit)(const rc_promql_node *node, void *user), void *user)
{
    (void)walk(root, visit, user);
}

void rc_promql_position(const char *expr, size_t len, size_t offset, unsigned *line,
                        unsigned *column)
{
    if (offset > len)
        offset = len;
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        if (expr[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)expr[i] & 0xC0) != 0x80) {
            c++; /* UTF-8 continuation bytes belong to the character before */
        }
    }
    *line = l;
    *column = c;
}

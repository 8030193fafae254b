/* pipeline_conf.c - Grafana Alloy and Fluent Bit classic configurations into nodes.
 *
 * Neither parser evaluates anything: rules need the structure (which blocks and sections
 * exist, which keys they set) and positions, not values. Alloy expressions other than object
 * literals, arrays and lone strings are kept as their text. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "input/pipeline_conf.h"

/* ---- shared: positions and node building ------------------------------------------------ */

typedef struct cursor {
    const char *file;
    const char *text;
    size_t len;
    size_t pos;
    size_t line_start;   /* offset where the current line starts */
    uint32_t line;       /* 1-based file line of pos */
    uint32_t base_column;
    rc_arena *arena;
    const rc_limits *limits;
    rc_diag *diag;
    bool failed;
} cursor;

static uint32_t column_at(const cursor *c, size_t offset, size_t line_start)
{
    size_t col = offset - line_start + 1 + c->base_column;
    return col > UINT32_MAX ? UINT32_MAX : (uint32_t)col;
}

static bool fail_at(cursor *c, uint32_t line, uint32_t column, const char *what)
{
    if (!c->failed)
        rc_diag_set(c->diag, c->file, line, column, "%s", what);
    c->failed = true;
    return false;
}

static bool out_of_memory(cursor *c)
{
    return fail_at(c, 0, 0, "out of memory");
}

static rc_node *new_node(cursor *c, rc_node_kind kind, uint32_t line, uint32_t column)
{
    rc_node *n = rc_arena_calloc(c->arena, 1, sizeof *n);
    if (!n) {
        out_of_memory(c);
        return NULL;
    }
    n->kind = kind;
    n->line = line;
    rc_node_set_column(n, column);
    rc_node_set_expanded_size(n, 1);
    return n;
}

static rc_node *new_scalar(cursor *c, const char *text, size_t len, rc_scalar_style style,
                           uint32_t line, uint32_t column)
{
    if (len > c->limits->max_scalar_bytes || len > RC_NODE_MAX_COUNT) {
        fail_at(c, line, column, "value longer than the scalar size limit");
        return NULL;
    }
    rc_node *n = new_node(c, RC_NODE_SCALAR, line, column);
    char *copy = n ? rc_arena_strndup(c->arena, text, len) : NULL;
    if (!copy) {
        out_of_memory(c);
        return NULL;
    }
    n->as.scalar.text = copy;
    n->as.scalar.len = len;
    n->as.scalar.style = style;
    return n;
}

/* A map or sequence growing in the arena: outgrown arrays are left behind, at most doubling
 * what the final array takes. */
typedef struct grow {
    size_t capacity;
} grow;

static bool map_add(cursor *c, rc_node *map, grow *g, rc_node *key, rc_node *value)
{
    if (map->as.map.count == g->capacity) {
        size_t capacity = g->capacity ? g->capacity * 2 : 8;
        rc_node_pair *pairs = rc_arena_calloc(c->arena, capacity, sizeof *pairs);
        if (!pairs)
            return out_of_memory(c);
        if (map->as.map.count)
            memcpy(pairs, map->as.map.pairs, map->as.map.count * sizeof *pairs);
        map->as.map.pairs = pairs;
        g->capacity = capacity;
    }
    map->as.map.pairs[map->as.map.count++] = (rc_node_pair){key, value};
    uint64_t size = (uint64_t)rc_node_expanded_size(map) + rc_node_expanded_size(key) +
                    rc_node_expanded_size(value);
    rc_node_set_expanded_size(map, size > UINT32_MAX ? UINT32_MAX : (uint32_t)size);
    return true;
}

static bool seq_add(cursor *c, rc_node *seq, grow *g, rc_node *item)
{
    if (seq->as.seq.count == g->capacity) {
        size_t capacity = g->capacity ? g->capacity * 2 : 8;
        rc_node **items = rc_arena_calloc(c->arena, capacity, sizeof *items);
        if (!items)
            return out_of_memory(c);
        if (seq->as.seq.count)
            memcpy(items, seq->as.seq.items, seq->as.seq.count * sizeof *items);
        seq->as.seq.items = items;
        g->capacity = capacity;
    }
    seq->as.seq.items[seq->as.seq.count++] = item;
    uint64_t size = (uint64_t)rc_node_expanded_size(seq) + rc_node_expanded_size(item);
    rc_node_set_expanded_size(seq, size > UINT32_MAX ? UINT32_MAX : (uint32_t)size);
    return true;
}

static bool is_ident_start(char ch)
{
    return isalpha((unsigned char)ch) || ch == '_';
}

static bool is_ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* ---- sniffing --------------------------------------------------------------------------- */

/* The first line of TEXT from POS on that is not blank, nor a comment by COMMENT's rules;
 * returns its start and sets *END to its end (no newline), or returns LEN. */
static size_t first_statement(const char *text, size_t len, bool alloy, size_t *end)
{
    size_t pos = 0;
    while (pos < len) {
        while (pos < len && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' ||
                             text[pos] == '\n'))
            pos++;
        if (pos >= len)
            break;
        if (!alloy && text[pos] == '#') {
            while (pos < len && text[pos] != '\n')
                pos++;
            continue;
        }
        if (alloy && pos + 1 < len && text[pos] == '/' && text[pos + 1] == '/') {
            while (pos < len && text[pos] != '\n')
                pos++;
            continue;
        }
        if (alloy && pos + 1 < len && text[pos] == '/' && text[pos + 1] == '*') {
            const char *close = NULL;
            for (size_t i = pos + 2; i + 1 < len; i++) {
                if (text[i] == '*' && text[i + 1] == '/') {
                    close = text + i;
                    break;
                }
            }
            if (!close)
                return len;
            pos = (size_t)(close - text) + 2;
            continue;
        }
        size_t e = pos;
        while (e < len && text[e] != '\n')
            e++;
        *end = e;
        return pos;
    }
    return len;
}

static bool fluentbit_statement(const char *line, size_t n)
{
    static const char *const sections[] = {
        "SERVICE", "INPUT",  "FILTER", "OUTPUT",      "PARSER", "MULTILINE_PARSER",
        "PLUGINS", "UPSTREAM", "NODE", "STREAM_TASK", "CUSTOM",
    };
    if (n > 9 && (strncasecmp(line, "@INCLUDE ", 9) == 0 || strncasecmp(line, "@INCLUDE\t", 9) == 0))
        return true;
    if (n > 5 && (strncasecmp(line, "@SET ", 5) == 0 || strncasecmp(line, "@SET\t", 5) == 0))
        return true;
    if (n < 3 || line[0] != '[')
        return false;
    const char *close = memchr(line, ']', n);
    if (!close)
        return false;
    size_t name_len = (size_t)(close - line) - 1;
    for (const char *rest = close + 1; rest < line + n; rest++) {
        if (*rest == '#')
            break;
        if (*rest != ' ' && *rest != '\t' && *rest != '\r')
            return false;
    }
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (strlen(sections[i]) == name_len && strncasecmp(line + 1, sections[i], name_len) == 0)
            return true;
    }
    return false;
}

static bool alloy_statement(const char *line, size_t n)
{
    size_t i = 0;
    if (!n || !is_ident_start(line[0]))
        return false;
    for (;;) {
        while (i < n && is_ident_char(line[i]))
            i++;
        if (i + 1 < n && line[i] == '.' && is_ident_start(line[i + 1])) {
            i++;
            continue;
        }
        break;
    }
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i < n && line[i] == '=')
        return i + 1 >= n || line[i + 1] != '=';
    if (i < n && line[i] == '"') {
        for (i++; i < n && line[i] != '"'; i++) {
            if (line[i] == '\\')
                i++;
        }
        if (i >= n)
            return false;
        i++;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
    }
    return i < n && line[i] == '{';
}

rc_conf_syntax rc_conf_sniff(const char *text, size_t len)
{
    size_t end = 0;
    size_t start = first_statement(text, len, false, &end);
    if (start < len && fluentbit_statement(text + start, end - start))
        return RC_CONF_FLUENTBIT;
    start = first_statement(text, len, true, &end);
    if (start < len && alloy_statement(text + start, end - start))
        return RC_CONF_ALLOY;
    return RC_CONF_NONE;
}

/* ---- Fluent Bit classic ----------------------------------------------------------------- */

static bool load_fluentbit(cursor *c, rc_node **root)
{
    rc_node *top = new_node(c, RC_NODE_MAP, c->line, column_at(c, 0, 0));
    grow top_grow = {0};
    rc_node *section = NULL;
    grow section_grow = {0};
    if (!top)
        return false;
    while (c->pos < c->len) {
        size_t start = c->pos, end = start;
        while (end < c->len && c->text[end] != '\n')
            end++;
        c->line_start = start;
        size_t p = start, e = end;
        while (p < e && (c->text[p] == ' ' || c->text[p] == '\t'))
            p++;
        while (e > p && (c->text[e - 1] == ' ' || c->text[e - 1] == '\t' ||
                         c->text[e - 1] == '\r'))
            e--;
        uint32_t column = column_at(c, p, start);
        if (p < e && c->text[p] != '#') {
            const char *s = c->text + p;
            size_t n = e - p;
            if (s[0] == '[') {
                const char *close = memchr(s, ']', n);
                if (!close)
                    return fail_at(c, c->line, column, "section header without its ']'");
                rc_node *key = new_scalar(c, s + 1, (size_t)(close - s) - 1, RC_SCALAR_PLAIN,
                                          c->line, column);
                section = key ? new_node(c, RC_NODE_MAP, c->line, column) : NULL;
                section_grow = (grow){0};
                if (!section || !map_add(c, top, &top_grow, key, section))
                    return false;
            } else {
                size_t k = 0;
                while (k < n && s[k] != ' ' && s[k] != '\t')
                    k++;
                size_t v = k;
                while (v < n && (s[v] == ' ' || s[v] == '\t'))
                    v++;
                rc_node *key = new_scalar(c, s, k, RC_SCALAR_PLAIN, c->line, column);
                rc_node *value = key ? new_scalar(c, s + v, n - v, RC_SCALAR_PLAIN, c->line,
                                                  v < n ? column_at(c, p + v, start) : column)
                                     : NULL;
                if (!value)
                    return false;
                if (s[0] == '@') {
                    if (!map_add(c, top, &top_grow, key, value))
                        return false;
                } else if (!section) {
                    return fail_at(c, c->line, column,
                                   "a 'Key Value' line before any [SECTION] header");
                } else if (!map_add(c, section, &section_grow, key, value)) {
                    return false;
                }
            }
        }
        c->pos = end < c->len ? end + 1 : end;
        c->line++;
    }
    *root = top;
    return true;
}

/* ---- Alloy ------------------------------------------------------------------------------ */

typedef enum tok_kind {
    T_EOF,
    T_NEWLINE,
    T_IDENT,
    T_STRING,
    T_RAW_STRING,
    T_NUMBER,
    T_PUNCT,
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t start, end;  /* its bytes in the text */
    uint32_t line, column;
    char punct;          /* T_PUNCT: the character; '==' and friends keep their first */
    bool compound;       /* T_PUNCT: a two-character operator (==, !=, <=, >=, &&, ||) */
} token;

static void advance_line(cursor *c, size_t newline_at)
{
    c->line++;
    c->line_start = newline_at + 1;
}

/* The next token; false (DIAG set) on an unterminated string or comment. */
static bool next_token(cursor *c, token *t)
{
    const char *s = c->text;
    for (;;) {
        while (c->pos < c->len && (s[c->pos] == ' ' || s[c->pos] == '\t' || s[c->pos] == '\r'))
            c->pos++;
        if (c->pos + 1 < c->len && s[c->pos] == '/' && s[c->pos + 1] == '/') {
            while (c->pos < c->len && s[c->pos] != '\n')
                c->pos++;
            continue;
        }
        if (c->pos + 1 < c->len && s[c->pos] == '/' && s[c->pos + 1] == '*') {
            uint32_t line = c->line, column = column_at(c, c->pos, c->line_start);
            bool spans = false;
            size_t i = c->pos + 2;
            for (; i + 1 < c->len && !(s[i] == '*' && s[i + 1] == '/'); i++) {
                if (s[i] == '\n') {
                    advance_line(c, i);
                    spans = true;
                }
            }
            if (i + 1 >= c->len)
                return fail_at(c, line, column, "block comment without its closing */");
            c->pos = i + 2;
            if (spans) {
                /* A comment across lines ends a statement as a newline does. */
                *t = (token){.kind = T_NEWLINE, .start = c->pos, .end = c->pos,
                             .line = c->line, .column = column};
                return true;
            }
            continue;
        }
        break;
    }
    *t = (token){.start = c->pos, .line = c->line,
                 .column = column_at(c, c->pos, c->line_start)};
    if (c->pos >= c->len) {
        t->kind = T_EOF;
        t->end = c->pos;
        return true;
    }
    char ch = s[c->pos];
    if (ch == '\n') {
        t->kind = T_NEWLINE;
        advance_line(c, c->pos);
        c->pos++;
    } else if (is_ident_start(ch)) {
        t->kind = T_IDENT;
        while (c->pos < c->len && is_ident_char(s[c->pos]))
            c->pos++;
    } else if (isdigit((unsigned char)ch)) {
        t->kind = T_NUMBER;
        while (c->pos < c->len && (isalnum((unsigned char)s[c->pos]) || s[c->pos] == '.' ||
                                   s[c->pos] == '_'))
            c->pos++;
    } else if (ch == '"') {
        t->kind = T_STRING;
        for (c->pos++; c->pos < c->len && s[c->pos] != '"' && s[c->pos] != '\n'; c->pos++) {
            if (s[c->pos] == '\\' && c->pos + 1 < c->len && s[c->pos + 1] != '\n')
                c->pos++;
        }
        if (c->pos >= c->len || s[c->pos] != '"')
            return fail_at(c, t->line, t->column, "string without its closing quote");
        c->pos++;
    } else if (ch == '`') {
        t->kind = T_RAW_STRING;
        for (c->pos++; c->pos < c->len && s[c->pos] != '`'; c->pos++) {
            if (s[c->pos] == '\n')
                advance_line(c, c->pos);
        }
        if (c->pos >= c->len)
            return fail_at(c, t->line, t->column, "raw string without its closing backquote");
        c->pos++;
    } else {
        t->kind = T_PUNCT;
        t->punct = ch;
        char after = c->pos + 1 < c->len ? s[c->pos + 1] : '\0';
        t->compound = (after == '=' && strchr("=!<>", ch)) || (ch == '&' && after == '&') ||
                      (ch == '|' && after == '|');
        c->pos += t->compound ? 2 : 1;
    }
    t->end = c->pos;
    return true;
}

static bool peek_token(cursor *c, token *t)
{
    cursor saved = *c;
    bool ok = next_token(c, t);
    *c = saved;
    return ok;
}

static bool is_punct(const token *t, char ch)
{
    return t->kind == T_PUNCT && t->punct == ch && !t->compound;
}

/* A newline after these ends the expression (Go's rule, which River follows). */
static bool ends_expression(const token *t)
{
    return t->kind == T_IDENT || t->kind == T_STRING || t->kind == T_RAW_STRING ||
           t->kind == T_NUMBER || is_punct(t, ')') || is_punct(t, ']') || is_punct(t, '}');
}

static rc_node *decode_string(cursor *c, const token *t)
{
    const char *s = c->text + t->start + 1;
    size_t n = t->end - t->start - 2;
    char *out = rc_arena_alloc(c->arena, n + 1);
    if (!out) {
        out_of_memory(c);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\\' && i + 1 < n && t->kind == T_STRING) {
            char e = s[++i];
            ch = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            if (!strchr("ntr\"\\", e))
                out[o++] = '\\';
        }
        out[o++] = ch;
    }
    return new_scalar(c, out, o, RC_SCALAR_QUOTED, t->line, t->column);
}

static rc_node *parse_expr(cursor *c, size_t depth);

static bool too_deep(cursor *c, size_t depth, const token *t)
{
    if (depth <= c->limits->max_depth)
        return false;
    fail_at(c, t->line, t->column, "nesting deeper than the depth limit");
    return true;
}

/* Skips newlines; returns the next other token in *T (consumed). */
static bool next_significant(cursor *c, token *t)
{
    do {
        if (!next_token(c, t))
            return false;
    } while (t->kind == T_NEWLINE);
    return true;
}

/* After `{` of an object literal: `key = expr` separated by commas or newlines, to `}`. */
static rc_node *parse_object(cursor *c, const token *open, size_t depth)
{
    rc_node *map = new_node(c, RC_NODE_MAP, open->line, open->column);
    grow g = {0};
    token t;
    while (map) {
        if (!next_significant(c, &t))
            return NULL;
        if (is_punct(&t, '}'))
            return map;
        if (t.kind != T_IDENT && t.kind != T_STRING && t.kind != T_RAW_STRING) {
            fail_at(c, t.line, t.column, "expected a key or '}' in an object");
            return NULL;
        }
        rc_node *key = t.kind != T_IDENT ? decode_string(c, &t)
                                          : new_scalar(c, c->text + t.start, t.end - t.start,
                                                       RC_SCALAR_PLAIN, t.line, t.column);
        token eq;
        if (!key || !next_token(c, &eq))
            return NULL;
        if (!is_punct(&eq, '=') && !is_punct(&eq, ':')) {
            fail_at(c, eq.line, eq.column, "expected '=' after an object key");
            return NULL;
        }
        rc_node *value = parse_expr(c, depth + 1);
        if (!value || !map_add(c, map, &g, key, value))
            return NULL;
        token sep;
        if (!peek_token(c, &sep))
            return NULL;
        if (is_punct(&sep, ',') || sep.kind == T_NEWLINE)
            next_token(c, &sep);
        else if (!is_punct(&sep, '}')) {
            fail_at(c, sep.line, sep.column, "expected ',' or '}' after an object field");
            return NULL;
        }
    }
    return NULL;
}

/* After `[`: expressions separated by commas (newlines tolerated), to `]`. */
static rc_node *parse_array(cursor *c, const token *open, size_t depth)
{
    rc_node *seq = new_node(c, RC_NODE_SEQ, open->line, open->column);
    grow g = {0};
    token t;
    while (seq) {
        if (!peek_token(c, &t))
            return NULL;
        if (t.kind == T_NEWLINE || is_punct(&t, ',')) {
            next_token(c, &t);
            continue;
        }
        if (is_punct(&t, ']')) {
            next_token(c, &t);
            return seq;
        }
        if (t.kind == T_EOF) {
            fail_at(c, open->line, open->column, "array without its closing ']'");
            return NULL;
        }
        rc_node *item = parse_expr(c, depth + 1);
        if (!item || !seq_add(c, seq, &g, item))
            return NULL;
    }
    return NULL;
}

/* Any other expression, kept as its text: tokens up to a `,` or an unopened closing bracket,
 * or a newline after a token that can end an expression, outside brackets. */
static rc_node *parse_text_expr(cursor *c, const token *first)
{
    size_t nesting = 0, tokens = 0, end = first->start;
    token t = *first, last = *first;
    for (;;) {
        if (t.kind == T_EOF)
            break;
        if (nesting == 0) {
            if (t.kind == T_NEWLINE && tokens && ends_expression(&last))
                break;
            if (is_punct(&t, ',') || is_punct(&t, ')') || is_punct(&t, ']') ||
                is_punct(&t, '}'))
                break;
        }
        if (is_punct(&t, '(') || is_punct(&t, '[') || is_punct(&t, '{'))
            nesting++;
        else if ((is_punct(&t, ')') || is_punct(&t, ']') || is_punct(&t, '}')) && nesting)
            nesting--;
        if (t.kind != T_NEWLINE) {
            tokens++;
            last = t;
            end = t.end;
        }
        next_token(c, &t); /* consume the token just judged */
        if (c->failed || !peek_token(c, &t))
            return NULL;
    }
    if (!tokens) {
        fail_at(c, first->line, first->column, "expected an expression");
        return NULL;
    }
    if (tokens == 1 && (first->kind == T_STRING || first->kind == T_RAW_STRING))
        return decode_string(c, first);
    return new_scalar(c, c->text + first->start, end - first->start, RC_SCALAR_PLAIN,
                      first->line, first->column);
}

static rc_node *parse_expr(cursor *c, size_t depth)
{
    token t;
    if (!peek_token(c, &t))
        return NULL;
    while (t.kind == T_NEWLINE) {
        next_token(c, &t);
        if (!peek_token(c, &t))
            return NULL;
    }
    if (too_deep(c, depth, &t))
        return NULL;
    if (is_punct(&t, '{') || is_punct(&t, '[')) {
        next_token(c, &t);
        return t.punct == '{' ? parse_object(c, &t, depth) : parse_array(c, &t, depth);
    }
    return parse_text_expr(c, &t);
}

/* A block's or the file's body: statements to `}` (CLOSING) or the end of the text. */
static rc_node *parse_body(cursor *c, const token *open, size_t depth)
{
    rc_node *map = open ? new_node(c, RC_NODE_MAP, open->line, open->column)
                        : new_node(c, RC_NODE_MAP, c->line, column_at(c, c->pos, c->line_start));
    grow g = {0};
    if (open && too_deep(c, depth, open))
        return NULL;
    while (map) {
        token t;
        if (!next_significant(c, &t))
            return NULL;
        if (t.kind == T_EOF) {
            if (open) {
                fail_at(c, open->line, open->column, "block without its closing '}'");
                return NULL;
            }
            return map;
        }
        if (is_punct(&t, '}')) {
            if (open)
                return map;
            fail_at(c, t.line, t.column, "'}' that closes no block");
            return NULL;
        }
        if (t.kind != T_IDENT) {
            fail_at(c, t.line, t.column, "expected a block or attribute name");
            return NULL;
        }
        /* The name: identifiers joined by dots (loki.source.kubernetes). */
        size_t name_end = t.end;
        token dot, part;
        for (;;) {
            if (!peek_token(c, &dot))
                return NULL;
            if (!is_punct(&dot, '.'))
                break;
            next_token(c, &dot);
            if (!next_token(c, &part))
                return NULL;
            if (part.kind != T_IDENT) {
                fail_at(c, part.line, part.column, "expected a name after '.'");
                return NULL;
            }
            name_end = part.end;
        }
        rc_node *key = new_scalar(c, c->text + t.start, name_end - t.start, RC_SCALAR_PLAIN,
                                  t.line, t.column);
        token after;
        if (!key || !next_token(c, &after))
            return NULL;
        rc_node *value = NULL;
        if (is_punct(&after, '=')) {
            value = parse_expr(c, depth + 1);
        } else {
            rc_node *label = NULL;
            if (after.kind == T_STRING) {
                label = decode_string(c, &after);
                if (!label || !next_token(c, &after))
                    return NULL;
            }
            if (!is_punct(&after, '{')) {
                fail_at(c, after.line, after.column,
                        "expected '=' or a block's '{' after a name");
                return NULL;
            }
            value = parse_body(c, &after, depth + 1);
            if (value && label) {
                /* The label goes first: shift the body's pairs up by one. */
                rc_node *labelled = new_node(c, RC_NODE_MAP, value->line, value->column);
                grow lg = {0};
                rc_node *label_key = labelled ? new_scalar(c, "@label", 6, RC_SCALAR_PLAIN,
                                                           label->line, label->column)
                                              : NULL;
                if (!label_key || !map_add(c, labelled, &lg, label_key, label))
                    return NULL;
                for (size_t i = 0; i < value->as.map.count; i++) {
                    if (!map_add(c, labelled, &lg, value->as.map.pairs[i].key,
                                 value->as.map.pairs[i].value))
                        return NULL;
                }
                value = labelled;
            }
        }
        if (!value || !map_add(c, map, &g, key, value))
            return NULL;
        token end;
        if (!peek_token(c, &end))
            return NULL;
        if (end.kind != T_NEWLINE && end.kind != T_EOF && !is_punct(&end, '}')) {
            fail_at(c, end.line, end.column, "expected a new line after a statement");
            return NULL;
        }
    }
    return NULL;
}

bool rc_conf_load(rc_arena *arena, rc_conf_syntax syntax, const char *file, const char *text,
                  size_t len, uint32_t base_line, uint32_t base_column,
                  const rc_limits *limits, rc_node **root, rc_diag *diag)
{
    cursor c = {.file = file, .text = text, .len = len, .line = base_line ? base_line : 1,
                .base_column = base_column, .arena = arena, .limits = limits, .diag = diag};
    *root = NULL;
    if (len > limits->max_input_bytes)
        return fail_at(&c, 0, 0, "input larger than the input size limit");
    if (syntax == RC_CONF_FLUENTBIT)
        return load_fluentbit(&c, root);
    if (syntax != RC_CONF_ALLOY)
        return fail_at(&c, 0, 0, "not an Alloy or Fluent Bit configuration");
    *root = parse_body(&c, NULL, 0);
    return *root != NULL && !c.failed;
}

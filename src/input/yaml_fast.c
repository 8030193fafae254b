/* yaml_fast.c - the fast path of yaml_load: see yaml_fast.h for the contract.
 *
 * Ownership: nodes are built in an arena of the loader's own and moved into the caller's only
 * when the whole document was accepted; the container stack and the scratch arrays start on
 * the C stack and move to heap memory, freed before returning, when a document outgrows them. Errors: none are reported; every function returns false to
 * decline, and the caller falls back to libyaml.
 *
 * Positions follow libyaml's marks, found by differential testing (tests/test_yaml_fast.c,
 * tests/yaml-fast-diff.sh, fuzz/fuzz_yaml_fast.c): a block map sits at its first key, a block
 * sequence at its first dash, a scalar at its first character (a quote, a `|` or `>`), a flow
 * collection at its bracket, and an empty value right after its `:` or `-`. Columns count
 * characters, not bytes. Where libyaml versions differ (a `:` inside a flow plain scalar), the
 * fast path follows the linked libyaml when it is 0.2.5 or newer and declines otherwise.
 *
 * The loader works line by line for block structure and by character inside flow
 * collections, with one explicit stack of open containers for both: input depth never
 * becomes C recursion. It declines rather than guesses: multi-line quoted scalars, rare
 * escapes, anchors, aliases, tags, directives, complex keys, merge keys, tabs outside
 * scalars, CR, a BOM and every character libyaml treats specially (docs/performance.md
 * lists them all). */
#include "input/yaml_fast.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/checked.h"

/* libyaml forgets a possible key 1024 characters after it started; a key that long is left
 * to libyaml (it reports it). Bytes are never fewer than characters, so this is safe. */
enum { FAST_MAX_KEY_BYTES = 1000 };

/* Open containers and waiting children that fit on the C stack before the heap is used: a
 * helm document rarely nests deeper than 16 or holds more than 256 children at once. */
enum { FAST_FIRST_DEPTH = 16, FAST_FIRST_CHILDREN = 256 };

typedef enum flow_state {
    FLOW_EXPECT_ENTRY, /* after `[` or `,` in a sequence: an item or `]` */
    FLOW_EXPECT_KEY,   /* after `{` or `,` in a map: a key or `}` */
    FLOW_EXPECT_VALUE, /* after a key's `:` */
    FLOW_EXPECT_SEP,   /* after an entry: `,` or the closing bracket */
} flow_state;

typedef enum chomping { CHOMP_CLIP, CHOMP_STRIP, CHOMP_KEEP } chomping;

/* A map or sequence being built; its children wait on the shared scratch array. */
typedef struct open_node {
    rc_node *node;
    size_t scratch_start;
    size_t indent;   /* block: the column of its keys or dashes */
    bool flow;
    bool indentless; /* a block sequence at its parent map's own column, as helm writes */
    bool awaiting;   /* block: the last key or dash still waits for its value */
    flow_state state;
    size_t await_line, await_column; /* where that value would sit if empty: after `:`/`-` */
} open_node;

typedef struct fast_loader {
    rc_arena *arena;   /* the caller's: a declined load is rewound, not left behind */
    const char *text;
    size_t len;
    size_t line;       /* 0-based line of LINE_START */
    size_t line_start; /* byte offset of the current line */
    uint32_t base_line;
    uint32_t base_column;
    const rc_limits *limits;
    bool ascii; /* no multi-byte characters: a column is a byte count */
    bool colon_inside_flow_plain; /* the linked libyaml reads `[a:b]` as one scalar */
    size_t column_line_start, column_pos, column_value; /* cache for counting characters */

    open_node *stack;
    size_t depth, stack_capacity;
    rc_node **scratch;
    size_t scratch_count, scratch_capacity;
    const open_node *first_stack; /* the initial arrays, on rc_yaml_fast_load's stack */
    rc_node *const *first_scratch;
    char *buffer; /* block and multi-line scalar text while it is assembled */
    size_t buffer_len, buffer_capacity;

    rc_node *root;
    bool have_root;
    size_t nodes;
} fast_loader;

/* Whether any byte of the 8 in WORD is outside printable ASCII, LF and TAB (SWAR: each byte
 * is tested on its own, no borrow crosses bytes because every lane is first given its top bit). */
static bool word_needs_a_closer_look(uint64_t word)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t non_ascii = word & high;
    uint64_t at_least_space = ((word | high) - 0x20 * ones) & high;
    uint64_t lf = word ^ ('\n' * ones), tab = word ^ ('\t' * ones), del = word ^ (0x7F * ones);
    uint64_t not_lf = (((lf | high) - ones) | lf) & high;
    uint64_t not_tab = (((tab | high) - ones) | tab) & high;
    uint64_t not_del = (((del | high) - ones) | del) & high;
    uint64_t control = ~at_least_space & not_lf & not_tab & high;
    return (non_ascii | control | (~not_del & high)) != 0;
}

/* Whether TEXT holds only what libyaml reads as plain characters: printable ASCII, LF, TAB
 * and valid UTF-8 outside the C1 controls (NEL is a line break to libyaml), the line and
 * paragraph separators (line breaks too) and the BOM and non-characters libyaml treats
 * specially. CR is declined: libyaml folds CRLF, and one convention is enough here. */
static bool text_is_plain(const unsigned char *text, size_t len, bool *ascii)
{
    *ascii = true;
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t word;
            memcpy(&word, text + i, sizeof word);
            if (!word_needs_a_closer_look(word)) {
                i += 8;
                continue;
            }
        }
        unsigned char b = text[i];
        if (b < 0x80) {
            if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F)
                return false;
            i++;
            continue;
        }
        *ascii = false;
        uint32_t cp;
        size_t width;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            width = 2;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            width = 3;
            cp = b & 0x0F;
            if (b == 0xE0)
                lo = 0xA0;
            if (b == 0xED)
                hi = 0x9F; /* no surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            width = 4;
            cp = b & 0x07;
            if (b == 0xF0)
                lo = 0x90;
            if (b == 0xF4)
                hi = 0x8F;
        } else {
            return false;
        }
        if (len - i < width)
            return false;
        for (size_t k = 1; k < width; k++) {
            unsigned char c = text[i + k];
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF))
                return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
            cp == 0xFFFF)
            return false;
        i += width;
    }
    return true;
}

/* Doubles *ITEMS when COUNT reached *CAPACITY. It starts as FIRST, storage on the caller's
 * stack that is copied rather than reallocated: most documents never need the heap. */
static bool grow_array(void **items, size_t *capacity, size_t count, size_t item_size,
                       const void *first)
{
    if (count < *capacity)
        return true;
    size_t fresh, bytes;
    if (!rc_mul_size(*capacity, 2, &fresh) || !rc_mul_size(fresh, item_size, &bytes))
        return false;
    void *grown = *items == first ? malloc(bytes) : realloc(*items, bytes);
    if (!grown)
        return false;
    if (*items == first)
        memcpy(grown, first, count * item_size);
    *items = grown;
    *capacity = fresh;
    return true;
}

static char at(const fast_loader *fl, size_t pos)
{
    return pos < fl->len ? fl->text[pos] : '\0';
}

static bool is_end_of_line(const fast_loader *fl, size_t pos)
{
    return pos >= fl->len || fl->text[pos] == '\n';
}

/* What may follow a `-` or `:` indicator: a space or the end of the line. */
static bool is_blank_or_end(const fast_loader *fl, size_t pos)
{
    return pos >= fl->len || fl->text[pos] == ' ' || fl->text[pos] == '\n';
}

static size_t skip_spaces(const fast_loader *fl, size_t pos)
{
    /* Pretty-printed JSON and deep YAML indent by many spaces: eight at a time first. */
    const uint64_t eight_spaces = 0x2020202020202020u;
    while (pos <= fl->len && fl->len - pos >= 8) {
        uint64_t word;
        memcpy(&word, fl->text + pos, sizeof word);
        if (word != eight_spaces)
            break;
        pos += 8;
    }
    while (pos < fl->len && fl->text[pos] == ' ')
        pos++;
    return pos;
}

static bool is_flow_indicator(char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* Moves to the line that starts at byte POS (just after a line break). */
static void enter_line(fast_loader *fl, size_t pos)
{
    fl->line++;
    fl->line_start = pos;
}

/* The offset just past the line break ending the line that holds POS, or LEN. */
static size_t next_line_start(const fast_loader *fl, size_t pos)
{
    const char *nl = pos < fl->len ? memchr(fl->text + pos, '\n', fl->len - pos) : NULL;
    return nl ? (size_t)(nl - fl->text) + 1 : fl->len;
}

/* The 0-based character column of POS, which lies on the current line. Positions are asked
 * for in increasing order within a line, so counting resumes where it stopped. */
static size_t column_of(fast_loader *fl, size_t pos)
{
    if (fl->ascii)
        return pos - fl->line_start;
    if (fl->column_line_start != fl->line_start || fl->column_pos > pos) {
        fl->column_line_start = fl->line_start;
        fl->column_pos = fl->line_start;
        fl->column_value = 0;
    }
    for (; fl->column_pos < pos; fl->column_pos++)
        fl->column_value += ((unsigned char)fl->text[fl->column_pos] & 0xC0) != 0x80;
    return fl->column_value;
}

static uint32_t file_line(const fast_loader *fl, size_t line)
{
    size_t out = line + fl->base_line;
    return out > UINT32_MAX || out < line ? UINT32_MAX : (uint32_t)out;
}

static uint32_t file_column(const fast_loader *fl, size_t column)
{
    size_t out = column + 1 + fl->base_column;
    return out > UINT32_MAX || out < column ? UINT32_MAX : (uint32_t)out;
}

static rc_node *new_node(fast_loader *fl, rc_node_kind kind, size_t line, size_t column)
{
    /* Without aliases every node counts once: the document's expanded size is its count. */
    if (++fl->nodes > fl->limits->max_expanded_nodes)
        return NULL;
    rc_node *node = rc_arena_alloc(fl->arena, sizeof *node);
    if (!node)
        return NULL;
    memset(node, 0, sizeof *node);
    node->kind = kind;
    node->line = file_line(fl, line);
    rc_node_set_column(node, file_column(fl, column));
    rc_node_set_expanded_size(node, 1);
    return node;
}

/* A scalar whose text the caller has already placed (NUL-terminated) in the arena. */
static rc_node *new_scalar(fast_loader *fl, const char *text, size_t len, rc_scalar_style style,
                           size_t line, size_t column)
{
    if (len > fl->limits->max_scalar_bytes || len > RC_NODE_MAX_COUNT)
        return NULL;
    rc_node *node = new_node(fl, RC_NODE_SCALAR, line, column);
    if (!node)
        return NULL;
    node->as.scalar.text = text;
    node->as.scalar.len = len;
    node->as.scalar.style = style;
    return node;
}

static rc_node *copy_scalar(fast_loader *fl, size_t start, size_t len, rc_scalar_style style,
                            size_t line, size_t column)
{
    if (len > fl->limits->max_scalar_bytes)
        return NULL;
    const char *text = rc_arena_strndup_shared(fl->arena, fl->text + start, len);
    return text ? new_scalar(fl, text, len, style, line, column) : NULL;
}

static open_node *top(fast_loader *fl)
{
    return fl->depth ? &fl->stack[fl->depth - 1] : NULL;
}

/* Hands a finished node to the innermost open container, or makes it the root. */
static bool attach(fast_loader *fl, rc_node *node)
{
    if (!node)
        return false;
    if (fl->depth == 0) {
        if (fl->have_root)
            return false;
        fl->root = node;
        fl->have_root = true;
        return true;
    }
    if (fl->scratch_count == fl->scratch_capacity &&
        !grow_array((void **)&fl->scratch, &fl->scratch_capacity, fl->scratch_count,
                    sizeof *fl->scratch, fl->first_scratch))
        return false;
    fl->scratch[fl->scratch_count++] = node;
    return true;
}

/* Attaches a value to a block parent that was waiting for it. */
static bool attach_value(fast_loader *fl, rc_node *node)
{
    if (!attach(fl, node))
        return false;
    open_node *parent = top(fl);
    if (parent)
        parent->awaiting = false;
    return true;
}

static bool attach_empty_value(fast_loader *fl, open_node *open)
{
    const char *empty = rc_arena_strndup_shared(fl->arena, "", 0);
    rc_node *node = empty ? new_scalar(fl, empty, 0, RC_SCALAR_PLAIN, open->await_line,
                                       open->await_column)
                          : NULL;
    return attach_value(fl, node);
}

/* Merge keys change the map libyaml's path builds; leave them to it. */
static bool is_merge_key(const rc_node *key)
{
    return key->as.scalar.style == RC_SCALAR_PLAIN && key->as.scalar.len == 2 &&
           memcmp(key->as.scalar.text, "<<", 2) == 0;
}

static bool open_container(fast_loader *fl, rc_node_kind kind, size_t line, size_t column,
                           size_t indent, bool flow)
{
    if (fl->depth >= fl->limits->max_depth)
        return false;
    if (fl->depth == 0 && fl->have_root)
        return false;
    if (!grow_array((void **)&fl->stack, &fl->stack_capacity, fl->depth, sizeof *fl->stack,
                    fl->first_stack))
        return false;
    rc_node *node = new_node(fl, kind, line, column);
    if (!node)
        return false;
    open_node *open = &fl->stack[fl->depth++];
    memset(open, 0, sizeof *open);
    open->node = node;
    open->scratch_start = fl->scratch_count;
    open->indent = indent;
    open->flow = flow;
    open->state = kind == RC_NODE_MAP ? FLOW_EXPECT_KEY : FLOW_EXPECT_ENTRY;
    return true;
}

/* Closes the innermost container: copies its children into the arena, sums its size, and
 * attaches it to its parent. */
static bool close_container(fast_loader *fl)
{
    open_node *open = top(fl);
    if (!open->flow && open->awaiting && !attach_empty_value(fl, open))
        return false;
    rc_node *node = open->node;
    size_t n = fl->scratch_count - open->scratch_start;
    /* Nothing may have been attached yet: then there is no scratch array to point into. */
    rc_node **children = n ? fl->scratch + open->scratch_start : NULL;
    uint32_t size = 1;
    for (size_t i = 0; i < n; i++)
        size = size > UINT32_MAX - rc_node_expanded_size(children[i])
                   ? UINT32_MAX
                   : size + rc_node_expanded_size(children[i]);
    rc_node_set_expanded_size(node, size);
    if (node->kind == RC_NODE_MAP) {
        if (n % 2 != 0)
            return false;
        rc_node_pair *pairs = rc_arena_alloc(fl->arena, (n ? n / 2 : 1) * sizeof *pairs);
        if (!pairs)
            return false;
        for (size_t i = 0; i < n / 2; i++) {
            pairs[i].key = children[2 * i];
            pairs[i].value = children[2 * i + 1];
        }
        node->as.map.pairs = pairs;
        node->as.map.count = n / 2;
    } else {
        rc_node **items = rc_arena_alloc(fl->arena, (n ? n : 1) * sizeof *items);
        if (!items)
            return false;
        if (n)
            memcpy(items, children, n * sizeof *items);
        node->as.seq.items = items;
        node->as.seq.count = n;
    }
    fl->scratch_count = open->scratch_start;
    fl->depth--;
    return attach_value(fl, node);
}

/* A double-quoted scalar on one line with the escapes JSON writers use; its opening quote is
 * at START. Sets *END past the closing quote. */
static rc_node *double_quoted(fast_loader *fl, size_t start, size_t *end)
{
    const char *text = fl->text;
    size_t i = start + 1;
    bool escapes = false;
    while (i < fl->len && text[i] != '"' && text[i] != '\n') {
        if (text[i] == '\\') {
            escapes = true;
            i++;
        }
        i++;
    }
    if (i >= fl->len || text[i] != '"')
        return NULL; /* multi-line or unterminated */
    size_t raw_len = i - start - 1;
    size_t line = fl->line, column = column_of(fl, start);
    *end = i + 1;
    if (!escapes)
        return copy_scalar(fl, start + 1, raw_len, RC_SCALAR_QUOTED, line, column);
    /* No escape makes text longer: \uXXXX (6 bytes) is at most 3 bytes of UTF-8. */
    char *out = rc_arena_alloc(fl->arena, raw_len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t k = start + 1; k < i; k++) {
        char c = text[k];
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        char e = text[++k];
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'u': {
            if (i - k < 5)
                return NULL;
            uint32_t cp = 0;
            for (int d = 1; d <= 4; d++) {
                char h = text[k + (size_t)d];
                uint32_t v;
                if (h >= '0' && h <= '9')
                    v = (uint32_t)(h - '0');
                else if (h >= 'a' && h <= 'f')
                    v = (uint32_t)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F')
                    v = (uint32_t)(h - 'A' + 10);
                else
                    return NULL;
                cp = cp << 4 | v;
            }
            k += 4;
            if (cp >= 0xD800 && cp <= 0xDFFF)
                return NULL; /* libyaml rejects surrogates */
            if (cp < 0x80) {
                out[n++] = (char)cp;
            } else if (cp < 0x800) {
                out[n++] = (char)(0xC0 | cp >> 6);
                out[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[n++] = (char)(0xE0 | cp >> 12);
                out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            return NULL; /* rarer escapes, and a backslash before a line break */
        }
    }
    out[n] = '\0';
    return new_scalar(fl, out, n, RC_SCALAR_QUOTED, line, column);
}

/* A single-quoted scalar on one line (`''` is a quote); opening quote at START. */
static rc_node *single_quoted(fast_loader *fl, size_t start, size_t *end)
{
    const char *text = fl->text;
    size_t i = start + 1;
    bool doubled = false;
    for (;;) {
        if (i >= fl->len || text[i] == '\n')
            return NULL;
        if (text[i] == '\'') {
            if (at(fl, i + 1) != '\'')
                break;
            doubled = true;
            i++;
        }
        i++;
    }
    size_t raw_len = i - start - 1;
    size_t line = fl->line, column = column_of(fl, start);
    *end = i + 1;
    if (!doubled)
        return copy_scalar(fl, start + 1, raw_len, RC_SCALAR_QUOTED, line, column);
    char *out = rc_arena_alloc(fl->arena, raw_len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t k = start + 1; k < i; k++) {
        out[n++] = text[k];
        if (text[k] == '\'')
            k++;
    }
    out[n] = '\0';
    return new_scalar(fl, out, n, RC_SCALAR_QUOTED, line, column);
}

/* Whether a plain scalar may start at POS: not with an indicator; `-` only before a character
 * that keeps it from being a sequence entry (or, in flow, a lone dash), `:` likewise and only
 * in block context. */
static bool plain_may_start(const fast_loader *fl, size_t pos, bool flow)
{
    char c = at(fl, pos);
    switch (c) {
    case '-': {
        char next = at(fl, pos + 1);
        return pos + 1 < fl->len && next != ' ' && next != '\n' && next != '\t' &&
               !(flow && is_flow_indicator(next));
    }
    case ':': {
        /* `- :8080` (helm args): a plain scalar in block context, an indicator in flow. */
        char next = at(fl, pos + 1);
        return !flow && pos + 1 < fl->len && next != ' ' && next != '\n' && next != '\t';
    }
    case '?': case ',': case '[': case ']': case '{': case '}': case '#': case '&':
    case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
    case ' ': case '\t': case '\n': case '\0':
        return false;
    default:
        return true;
    }
}

/* The bytes at which a plain scalar may end or needs a closer look; every other byte is
 * content, skipped in a tight loop. */
static const bool block_plain_stops[256] = {
    [' '] = true, ['\t'] = true, ['\n'] = true, [':'] = true, ['#'] = true,
};
static const bool flow_plain_stops[256] = {
    [' '] = true, ['\t'] = true, ['\n'] = true, [':'] = true, ['#'] = true,
    [','] = true, ['['] = true, [']'] = true, ['{'] = true, ['}'] = true,
};

typedef enum plain_stop { STOP_LINE_END, STOP_COLON, STOP_COMMENT, STOP_FLOW } plain_stop;

/* Scans a one-line plain scalar from START in block context. Sets *CONTENT_END (trailing
 * spaces excluded) and *STOP, the position of what ended it (a `: `, a ` #`, the line end).
 * False on a tab, which libyaml's rules make doubtful here. */
static bool scan_plain_block(const fast_loader *fl, size_t start, size_t *content_end,
                             size_t *stop_at, plain_stop *stop)
{
    const char *text = fl->text;
    size_t i = start, last = start;
    for (;;) {
        size_t run = i;
        while (i < fl->len && !block_plain_stops[(unsigned char)text[i]])
            i++;
        if (i > run)
            last = i;
        if (i >= fl->len || text[i] == '\n') {
            *stop = STOP_LINE_END;
            break;
        }
        char c = text[i];
        if (c == ' ') {
            i++;
            continue;
        }
        if (c == '\t')
            return false;
        if (c == ':') {
            char next = at(fl, i + 1);
            if (next == '\t')
                return false;
            if (i + 1 >= fl->len || next == ' ' || next == '\n') {
                *stop = STOP_COLON;
                break;
            }
        } else if (c == '#' && text[i - 1] == ' ') {
            *stop = STOP_COMMENT;
            break;
        }
        i++;
        last = i;
    }
    *content_end = last;
    *stop_at = i;
    return true;
}

/* Scans a plain scalar inside a flow collection. It must end on its line; a line break is
 * accepted only when what follows cannot continue it. A `:` inside one is kept as libyaml
 * 0.2.5 keeps it, or declined where libyaml rejects it or older versions split the scalar. */
/* The column a plain scalar in a flow collection must not put a tab before, on the lines
 * after it: libyaml's scanner goes on through the following lines' leading blanks looking
 * for more of the scalar, and rejects a tab there left of the enclosing block collection's
 * indentation plus one ("a tab character that violates indentation"). 0 in a flow
 * collection at the top, where no tab is left of it. */
static size_t flow_plain_indent(const fast_loader *fl)
{
    for (size_t d = fl->depth; d-- > 0;) {
        if (!fl->stack[d].flow)
            return fl->stack[d].indent + 1;
    }
    return 0;
}

static bool scan_plain_flow(const fast_loader *fl, size_t start, size_t *content_end,
                            size_t *stop_at, plain_stop *stop)
{
    const char *text = fl->text;
    size_t i = start, last = start;
    for (;;) {
        size_t run = i;
        while (i < fl->len && !flow_plain_stops[(unsigned char)text[i]])
            i++;
        if (i > run)
            last = i;
        if (i >= fl->len)
            return false;
        char c = text[i];
        if (c == '\n') {
            size_t j = i, column = 0, indent = flow_plain_indent(fl);
            while (j < fl->len && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t')) {
                if (text[j] == '\t' && column < indent)
                    return false;
                column = text[j] == '\n' ? 0 : column + 1;
                j++;
            }
            char next = at(fl, j);
            if (next != ',' && next != ']' && next != '}' && next != '#')
                return false;
            *stop = STOP_LINE_END;
            break;
        }
        if (c == ' ') {
            i++;
            continue;
        }
        if (c == '\t')
            return false;
        if (is_flow_indicator(c)) {
            *stop = STOP_FLOW;
            break;
        }
        if (c == ':') {
            /* libyaml 0.2.5 keeps `:` before a character that is neither blank nor a flow
             * indicator inside the scalar (`image: x/y:1.0` in a flow map) and rejects it
             * before a flow indicator or `?`. Older versions end the scalar there: decline. */
            char next = at(fl, i + 1);
            if (i + 1 < fl->len && (next == ' ' || next == '\n')) {
                *stop = STOP_COLON;
                break;
            }
            if (!fl->colon_inside_flow_plain || i + 1 >= fl->len || next == '\t' ||
                next == '?' || is_flow_indicator(next))
                return false;
        }
        if (c == '#' && text[i - 1] == ' ') {
            *stop = STOP_COMMENT;
            break;
        }
        i++;
        last = i;
    }
    *content_end = last;
    *stop_at = i;
    return true;
}

static bool is_marker(const fast_loader *fl, size_t pos, const char *marker);
static bool has_marker_prefix(const fast_loader *fl, size_t pos);

/* Moves to the line after the one holding POS (to the end of the text on the last line). */
static void advance_past_line(fast_loader *fl, size_t pos)
{
    if (pos < fl->len && fl->text[pos] == '\n') {
        enter_line(fl, pos + 1);
        return;
    }
    const char *nl = pos < fl->len ? memchr(fl->text + pos, '\n', fl->len - pos) : NULL;
    if (nl)
        enter_line(fl, (size_t)(nl - fl->text) + 1);
    else
        fl->line_start = fl->len;
}

/* The rest of a line after a node: spaces, then the line end or a ` #` comment. Moves to
 * the next line. */
static bool finish_line(fast_loader *fl, size_t pos)
{
    size_t i = skip_spaces(fl, pos);
    if (i < fl->len && fl->text[i] != '\n') {
        if (fl->text[i] != '#' || fl->text[i - 1] != ' ')
            return false; /* more content, or a `#` touching the node */
    }
    advance_past_line(fl, i);
    return true;
}

/* The 0-based column where the content lines of the block scalar whose indicator is at
 * INDICATOR start: the indentation of the first non-blank line after the indicator's line,
 * as yaml_load.c computes rc_node.as.scalar.block_indent. */
static uint32_t block_indent(const fast_loader *fl, size_t indicator)
{
    size_t pos = next_line_start(fl, indicator);
    while (pos < fl->len) {
        size_t indent = 0;
        while (pos + indent < fl->len && fl->text[pos + indent] == ' ')
            indent++;
        if (pos + indent < fl->len && fl->text[pos + indent] != '\n') {
            size_t column = indent + fl->base_column;
            return column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
        }
        pos = next_line_start(fl, pos);
    }
    return fl->base_column;
}

static bool buffer_put(fast_loader *fl, const char *bytes, size_t n)
{
    size_t need;
    if (!rc_add_size(fl->buffer_len, n, &need) || need > fl->limits->max_scalar_bytes)
        return false;
    if (need > fl->buffer_capacity) {
        size_t capacity = fl->buffer_capacity ? fl->buffer_capacity : 256;
        while (capacity < need) {
            if (!rc_mul_size(capacity, 2, &capacity))
                return false;
        }
        char *grown = realloc(fl->buffer, capacity);
        if (!grown)
            return false;
        fl->buffer = grown;
        fl->buffer_capacity = capacity;
    }
    memcpy(fl->buffer + fl->buffer_len, bytes, n);
    fl->buffer_len = need;
    return true;
}

static bool buffer_put_breaks(fast_loader *fl, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!buffer_put(fl, "\n", 1))
            return false;
    }
    return true;
}

/* A literal or folded block scalar whose indicator is at START, as the value of a block
 * container at column PARENT_INDENT. Reads its content lines and leaves the loader at the
 * start of the first line after them. The content rules mirror libyaml's scanner, including
 * how folding treats more-indented lines and blank lines. */
static bool block_scalar(fast_loader *fl, size_t start, size_t parent_indent)
{
    const char *text = fl->text;
    bool literal = text[start] == '|';
    chomping chomp = CHOMP_CLIP;
    size_t i = start + 1;
    if (at(fl, i) == '-') {
        chomp = CHOMP_STRIP;
        i++;
    } else if (at(fl, i) == '+') {
        chomp = CHOMP_KEEP;
        i++;
    }
    char c = at(fl, i);
    if (i < fl->len && c != ' ' && c != '\n')
        return false; /* an indentation indicator, a tab, or junk */
    i = skip_spaces(fl, i);
    if (i < fl->len && text[i] != '\n' && (text[i] != '#' || text[i - 1] != ' '))
        return false;
    size_t line = fl->line, column = column_of(fl, start);
    uint32_t indent_column = block_indent(fl, start);

    advance_past_line(fl, i);
    /* Leading blank lines: libyaml takes the widest of them into the indentation. */
    size_t breaks = 0, widest_blank = 0, spaces = 0;
    bool content = false;
    while (fl->line_start < fl->len) {
        size_t s = fl->line_start;
        spaces = 0;
        while (s + spaces < fl->len && text[s + spaces] == ' ')
            spaces++;
        if (s + spaces >= fl->len) {
            if (spaces > widest_blank)
                widest_blank = spaces;
            break;
        }
        if (text[s + spaces] != '\n') {
            content = true;
            break;
        }
        if (spaces > widest_blank)
            widest_blank = spaces;
        breaks++;
        enter_line(fl, s + spaces + 1);
    }
    fl->buffer_len = 0;
    if (!content || spaces <= parent_indent) {
        /* No content line: the scalar is empty (keep would want the blank lines). */
        if (chomp == CHOMP_KEEP)
            return false;
        if (content && text[fl->line_start + spaces] == '\t')
            return false;
    } else {
        if (widest_blank > spaces || text[fl->line_start + spaces] == '\t')
            return false;
        size_t indent = spaces;
        bool leading_break = false, leading_blank = false;
        size_t trailing_breaks = breaks;
        for (;;) {
            size_t s = fl->line_start + indent;
            if (s >= fl->len)
                break;
            bool trailing_blank = text[s] == ' ' || text[s] == '\t';
            if (!literal && leading_break && !leading_blank && !trailing_blank) {
                if (trailing_breaks == 0 && !buffer_put(fl, " ", 1))
                    return false;
                leading_break = false;
            } else if (leading_break) {
                if (!buffer_put(fl, "\n", 1))
                    return false;
                leading_break = false;
            }
            if (!buffer_put_breaks(fl, trailing_breaks))
                return false;
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            size_t e = next_line_start(fl, s);
            bool has_break = e > s && text[e - 1] == '\n';
            if (!buffer_put(fl, text + s, e - s - has_break))
                return false;
            if (!has_break) {
                fl->line_start = e;
                break;
            }
            leading_break = true;
            enter_line(fl, e);
            /* Blank lines and the next line's indentation. */
            size_t col;
            for (;;) {
                size_t b = fl->line_start;
                col = 0;
                while (col < indent && b + col < fl->len && text[b + col] == ' ')
                    col++;
                if (col < indent && b + col < fl->len && text[b + col] == '\t')
                    return false;
                if (b + col < fl->len && text[b + col] == '\n') {
                    trailing_breaks++;
                    enter_line(fl, b + col + 1);
                    continue;
                }
                break;
            }
            if (col != indent)
                break;
        }
        if (chomp != CHOMP_STRIP && leading_break && !buffer_put(fl, "\n", 1))
            return false;
        if (chomp == CHOMP_KEEP && !buffer_put_breaks(fl, trailing_breaks))
            return false;
    }
    char *out = rc_arena_strndup(fl->arena, fl->buffer ? fl->buffer : "", fl->buffer_len);
    rc_node *node = out ? new_scalar(fl, out, fl->buffer_len, RC_SCALAR_BLOCK, line, column)
                        : NULL;
    if (!node)
        return false;
    node->as.scalar.block_indent = rc_node_indent(indent_column);
    return attach_value(fl, node);
}

/* A plain scalar value in block context: START..CONTENT_END on its first line, which ended at
 * END for reason STOP. Like libyaml, a value that reaches its line end goes on over the next
 * lines indented at least MIN_COLUMN (its block's indentation plus one) that are not comments:
 * each line break becomes a space, or blank lines become line breaks. A continuation line
 * holding `: ` or ` #` is declined (libyaml rejects or ends the scalar there). Attaches the
 * scalar and moves past its last line. */
static bool plain_value(fast_loader *fl, size_t start, size_t content_end, size_t end,
                        plain_stop stop, size_t min_column, size_t column)
{
    const char *text = fl->text;
    size_t line = fl->line;
    bool multi_line = false;
    size_t p = end;
    while (stop == STOP_LINE_END && p < fl->len) {
        /* P is at the line break ending the scalar's latest line. */
        size_t q = p + 1, line_start, breaks = 0;
        for (;;) {
            line_start = q;
            q = skip_spaces(fl, q);
            if (q < fl->len && text[q] == '\n') {
                breaks++;
                q++;
                continue;
            }
            break;
        }
        if (q >= fl->len)
            break;
        if (text[q] == '\t')
            return false;
        if (q == line_start && has_marker_prefix(fl, q)) {
            if (is_marker(fl, q, "---") || is_marker(fl, q, "..."))
                break; /* the document ends the scalar */
            return false;
        }
        if (q - line_start < min_column || text[q] == '#')
            break;
        size_t e = q, last = q;
        for (; e < fl->len && text[e] != '\n'; e++) {
            char c = text[e];
            if (c == '\t' || (c == ':' && is_blank_or_end(fl, e + 1)) ||
                (c == '#' && text[e - 1] == ' '))
                return false;
            if (c != ' ')
                last = e + 1;
        }
        if (!multi_line) {
            fl->buffer_len = 0;
            if (!buffer_put(fl, text + start, content_end - start))
                return false;
            multi_line = true;
        }
        if (!(breaks ? buffer_put_breaks(fl, breaks) : buffer_put(fl, " ", 1)) ||
            !buffer_put(fl, text + q, last - q))
            return false;
        fl->line += breaks + 1;
        fl->line_start = line_start;
        p = e;
    }
    rc_node *node;
    if (multi_line) {
        char *out = rc_arena_strndup(fl->arena, fl->buffer, fl->buffer_len);
        node = out ? new_scalar(fl, out, fl->buffer_len, RC_SCALAR_PLAIN, line, column) : NULL;
    } else {
        node = copy_scalar(fl, start, content_end - start, RC_SCALAR_PLAIN, line, column);
    }
    if (!attach_value(fl, node))
        return false;
    return finish_line(fl, p);
}

/* Skips spaces, tabs, line breaks and comments inside a flow collection; false on a document
 * marker or the end of the text (a flow collection left open). */
static bool skip_flow_space(fast_loader *fl, size_t *pos)
{
    const char *text = fl->text;
    size_t p = *pos;
    for (;;) {
        if (p >= fl->len)
            return false;
        char c = text[p];
        if (c == ' ') {
            p = skip_spaces(fl, p);
        } else if (c == '\t') {
            p++; /* libyaml reads tabs as spaces between flow tokens (JSON indented by tabs) */
        } else if (c == '\n') {
            p++;
            enter_line(fl, p);
            if (has_marker_prefix(fl, p))
                return false;
        } else if (c == '#') {
            if (p > fl->line_start && text[p - 1] != ' ' && text[p - 1] != '\t')
                return false;
            const char *nl = memchr(text + p, '\n', fl->len - p);
            if (!nl)
                return false;
            p = (size_t)(nl - text);
        } else {
            *pos = p;
            return true;
        }
    }
}

/* A scalar inside a flow collection, at POS: quoted or plain. Sets *END past it. */
static rc_node *flow_scalar(fast_loader *fl, size_t pos, size_t *end, plain_stop *stop)
{
    char c = fl->text[pos];
    *stop = STOP_FLOW;
    if (c == '"')
        return double_quoted(fl, pos, end);
    if (c == '\'')
        return single_quoted(fl, pos, end);
    if (!plain_may_start(fl, pos, true))
        return NULL;
    size_t content_end;
    if (!scan_plain_flow(fl, pos, &content_end, end, stop))
        return NULL;
    return copy_scalar(fl, pos, content_end - pos, RC_SCALAR_PLAIN, fl->line, column_of(fl, pos));
}

/* A flow collection (JSON included) opening at *POS, possibly over many lines; attached to the
 * current block parent when it closes. Sets *POS past its closing bracket. */
static bool flow_collection(fast_loader *fl, size_t *pos)
{
    const char *text = fl->text;
    size_t p = *pos;
    size_t base_depth = fl->depth;
    for (;;) {
        char c = text[p];
        if (c == '[' || c == '{') {
            open_node *parent = fl->depth > base_depth ? top(fl) : NULL;
            if (parent)
                parent->state = FLOW_EXPECT_SEP; /* it resumes once the child is closed */
            if (!open_container(fl, c == '[' ? RC_NODE_SEQ : RC_NODE_MAP, fl->line,
                                column_of(fl, p), 0, true))
                return false;
            p++;
        } else {
            return false;
        }
        /* Entries until the collection just opened (or an enclosing one) needs a child. */
        for (;;) {
            if (!skip_flow_space(fl, &p))
                return false;
            open_node *open = top(fl);
            c = text[p];
            bool is_map = open->node->kind == RC_NODE_MAP;
            char close = is_map ? '}' : ']';
            if (c == close && open->state != FLOW_EXPECT_VALUE) {
                p++;
                if (!close_container(fl))
                    return false;
                if (fl->depth == base_depth) {
                    *pos = p;
                    return true;
                }
                continue;
            }
            if (open->state == FLOW_EXPECT_SEP) {
                if (c != ',')
                    return false;
                open->state = is_map ? FLOW_EXPECT_KEY : FLOW_EXPECT_ENTRY;
                p++;
                continue;
            }
            if (c == '[' || c == '{') {
                if (open->state == FLOW_EXPECT_KEY)
                    return false; /* a collection as a key */
                break;            /* the outer loop opens it */
            }
            size_t start = p, end;
            plain_stop stop;
            size_t key_line = fl->line;
            rc_node *node = flow_scalar(fl, p, &end, &stop);
            if (!node || !attach(fl, node))
                return false;
            p = end;
            if (open->state == FLOW_EXPECT_KEY) {
                if (is_merge_key(node))
                    return false;
                p = skip_spaces(fl, p);
                if (at(fl, p) != ':' || fl->line != key_line || p - start > FAST_MAX_KEY_BYTES)
                    return false; /* a key without `:` on its line */
                p++;
                open->state = FLOW_EXPECT_VALUE;
            } else {
                open->state = FLOW_EXPECT_SEP;
                if (stop == STOP_LINE_END || stop == STOP_COMMENT)
                    continue;
                /* `[a: b]` is a map inside the sequence: leave it to libyaml. */
                size_t q = skip_spaces(fl, p);
                if (at(fl, q) == ':')
                    return false;
            }
        }
    }
}

/* Whether a node starting at column COLUMN on an item line becomes a child of the innermost
 * block container (or the root). */
static bool accepts_child(fast_loader *fl, size_t column)
{
    open_node *open = top(fl);
    if (!open)
        return !fl->have_root;
    return open->awaiting && column > open->indent;
}

/* A value on the line of its key or dash, from POS: a scalar, a flow collection or a block
 * scalar, then the end of the line. */
static bool inline_value(fast_loader *fl, size_t pos)
{
    const char *text = fl->text;
    open_node *parent = top(fl);
    char c = text[pos];
    size_t end;
    if (c == '[' || c == '{') {
        if (!flow_collection(fl, &pos))
            return false;
        return finish_line(fl, pos);
    }
    if (c == '|' || c == '>')
        return parent && block_scalar(fl, pos, parent->indent);
    rc_node *node;
    if (c == '"') {
        node = double_quoted(fl, pos, &end);
    } else if (c == '\'') {
        node = single_quoted(fl, pos, &end);
    } else {
        if (!plain_may_start(fl, pos, false))
            return false;
        size_t content_end;
        plain_stop stop;
        if (!scan_plain_block(fl, pos, &content_end, &end, &stop) || stop == STOP_COLON ||
            !parent)
            return false;
        return plain_value(fl, pos, content_end, end, stop, parent->indent + 1,
                           column_of(fl, pos));
    }
    if (!attach_value(fl, node))
        return false;
    return finish_line(fl, end);
}

/* One item line whose content starts at POS, column COLUMN: a dash, a key, or a value. */
static bool item_line(fast_loader *fl, size_t pos, size_t column)
{
    const char *text = fl->text;
    while (fl->depth && top(fl)->indent > column) {
        if (!close_container(fl))
            return false;
    }
    for (;;) {
        open_node *open = top(fl);
        char c = text[pos];
        if (c == '-' && is_blank_or_end(fl, pos + 1)) {
            if (open && open->node->kind == RC_NODE_SEQ && open->indent == column) {
                if (open->awaiting && !attach_empty_value(fl, open))
                    return false;
            } else if (open && open->node->kind == RC_NODE_MAP && open->indent == column &&
                       open->awaiting) {
                if (!open_container(fl, RC_NODE_SEQ, fl->line, column, column, false))
                    return false;
                top(fl)->indentless = true;
            } else if (accepts_child(fl, column)) {
                if (!open_container(fl, RC_NODE_SEQ, fl->line, column, column, false))
                    return false;
            } else {
                return false;
            }
            open = top(fl);
            open->awaiting = true;
            open->await_line = fl->line;
            open->await_column = column + 1;
            pos = skip_spaces(fl, pos + 1);
            if (is_end_of_line(fl, pos) || text[pos] == '#')
                return finish_line(fl, pos);
            column = column_of(fl, pos);
            continue; /* `- key: v`, `- - x`, `- value` on the dash's line */
        }
        if (open && open->indentless && open->indent == column) {
            if (!close_container(fl))
                return false;
            open = top(fl);
        }
        if (c == '[' || c == '{') {
            if (!accepts_child(fl, column) || !flow_collection(fl, &pos))
                return false;
            return finish_line(fl, pos); /* declines a flow collection used as a key */
        }
        if (c == '|' || c == '>')
            return open && accepts_child(fl, column) && block_scalar(fl, pos, open->indent);
        size_t end, content_end = pos;
        plain_stop stop = STOP_LINE_END;
        rc_node *node = NULL;
        bool quoted = c == '"' || c == '\'';
        if (c == '"') {
            node = double_quoted(fl, pos, &end);
        } else if (c == '\'') {
            node = single_quoted(fl, pos, &end);
        } else if (!plain_may_start(fl, pos, false) ||
                   !scan_plain_block(fl, pos, &content_end, &end, &stop)) {
            return false;
        }
        if (quoted && !node)
            return false;
        size_t colon = skip_spaces(fl, end);
        bool is_key = at(fl, colon) == ':' && is_blank_or_end(fl, colon + 1);
        if (!is_key) {
            if (!accepts_child(fl, column))
                return false;
            if (quoted)
                return attach_value(fl, node) && finish_line(fl, end);
            return plain_value(fl, pos, content_end, end, stop, open ? open->indent + 1 : 0,
                               column);
        }
        if (!quoted)
            node = copy_scalar(fl, pos, content_end - pos, RC_SCALAR_PLAIN, fl->line, column);
        if (!node)
            return false;
        if (colon - pos > FAST_MAX_KEY_BYTES || is_merge_key(node))
            return false;
        if (open && open->node->kind == RC_NODE_MAP && open->indent == column) {
            if (open->awaiting && !attach_empty_value(fl, open))
                return false;
        } else if (accepts_child(fl, column)) {
            if (!open_container(fl, RC_NODE_MAP, fl->line, column, column, false))
                return false;
        } else {
            return false;
        }
        if (!attach(fl, node))
            return false;
        open = top(fl);
        open->awaiting = true;
        open->await_line = fl->line;
        open->await_column = column_of(fl, colon) + 1;
        pos = skip_spaces(fl, colon + 1);
        if (is_end_of_line(fl, pos) || text[pos] == '#')
            return finish_line(fl, pos);
        return inline_value(fl, pos);
    }
}

/* Whether the line at POS starts with `---` or `...`, followed by anything. */
static bool has_marker_prefix(const fast_loader *fl, size_t pos)
{
    return fl->len - pos >= 3 &&
           (memcmp(fl->text + pos, "---", 3) == 0 || memcmp(fl->text + pos, "...", 3) == 0);
}

/* A `---` or `...` line: the marker at the line start, then a space, a tab or the end. */
static bool is_marker(const fast_loader *fl, size_t pos, const char *marker)
{
    if (fl->len - pos < 3 || memcmp(fl->text + pos, marker, 3) != 0)
        return false;
    return fl->len - pos == 3 || fl->text[pos + 3] == ' ' || fl->text[pos + 3] == '\n' ||
           fl->text[pos + 3] == '\t';
}

typedef enum line_kind { LINE_BLANK, LINE_CONTENT, LINE_START_MARKER, LINE_END_MARKER } line_kind;

/* Classifies the line at the current line start; sets *CONTENT to its first non-space. */
static bool classify_line(fast_loader *fl, line_kind *kind, size_t *content)
{
    size_t s = fl->line_start, p = skip_spaces(fl, s);
    *content = p;
    if (p >= fl->len || fl->text[p] == '\n' || fl->text[p] == '#') {
        *kind = LINE_BLANK;
        return true;
    }
    if (fl->text[p] == '\t')
        return false;
    if (p == s && is_marker(fl, s, "---")) {
        *kind = LINE_START_MARKER;
        return true;
    }
    if (p == s && is_marker(fl, s, "...")) {
        *kind = LINE_END_MARKER;
        return true;
    }
    if (p == s && fl->text[s] == '%')
        return false; /* a directive */
    if (p == s && has_marker_prefix(fl, s))
        return false; /* `...#`: a marker to yaml_load.c's empty-document test, not to libyaml */
    *kind = LINE_CONTENT;
    return true;
}

static void next_line(fast_loader *fl)
{
    advance_past_line(fl, fl->line_start);
}

static bool load_document(fast_loader *fl)
{
    bool started = false, content_seen = false;
    while (fl->line_start < fl->len) {
        line_kind kind;
        size_t p;
        if (!classify_line(fl, &kind, &p))
            return false;
        switch (kind) {
        case LINE_BLANK:
            next_line(fl);
            break;
        case LINE_START_MARKER:
            /* One `---`, before any content, with at most a comment after it. */
            if (started || content_seen)
                return false;
            started = true;
            if (!finish_line(fl, fl->line_start + 3))
                return false;
            break;
        case LINE_END_MARKER:
            if (!finish_line(fl, fl->line_start + 3))
                return false;
            while (fl->line_start < fl->len) {
                if (!classify_line(fl, &kind, &p) || kind != LINE_BLANK)
                    return false;
                next_line(fl);
            }
            break;
        case LINE_CONTENT:
            content_seen = true;
            if (!item_line(fl, p, p - fl->line_start))
                return false;
            break;
        }
    }
    while (fl->depth) {
        if (!close_container(fl))
            return false;
    }
    return true;
}

bool rc_yaml_fast_load(rc_arena *arena, const char *text, size_t len, uint32_t base_line,
                       uint32_t base_column, const rc_limits *limits, rc_node **root)
{
    *root = NULL;
    fast_loader fl;
    memset(&fl, 0, sizeof fl);
    open_node first_stack[FAST_FIRST_DEPTH];
    rc_node *first_scratch[FAST_FIRST_CHILDREN];
    fl.stack = first_stack;
    fl.first_stack = first_stack;
    fl.stack_capacity = FAST_FIRST_DEPTH;
    fl.scratch = first_scratch;
    fl.first_scratch = first_scratch;
    fl.scratch_capacity = FAST_FIRST_CHILDREN;
    if (len > limits->max_document_bytes ||
        !text_is_plain((const unsigned char *)text, len, &fl.ascii))
        return false;
    fl.arena = arena;
    rc_arena_point start = rc_arena_mark(arena);
    int major, minor, patch;
    yaml_get_version(&major, &minor, &patch);
    fl.colon_inside_flow_plain = major > 0 || minor > 2 || (minor == 2 && patch >= 5);
    fl.text = text;
    fl.len = len;
    fl.base_line = base_line;
    fl.base_column = base_column;
    fl.limits = limits;
    bool ok = load_document(&fl);
    if (fl.stack != first_stack)
        free(fl.stack);
    if (fl.scratch != first_scratch)
        free(fl.scratch);
    free(fl.buffer);
    if (!ok) {
        rc_arena_rewind(arena, start);
        return false;
    }
    /* A null root (`~`, `null`, nothing) is an empty document, as on libyaml's path. */
    if (fl.root && !rc_node_is_null(fl.root))
        *root = fl.root;
    return true;
}

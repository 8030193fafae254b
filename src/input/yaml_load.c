#include "input/yaml_load.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "input/yaml_fast.h"
#include "util/checked.h"

/* An open map or sequence: its children wait on the shared scratch stack until it closes. */
typedef struct open_container {
    rc_node *node;
    size_t scratch_start;
    const char *anchor;
} open_container;

typedef struct anchor_entry {
    const char *name; /* NULL marks an empty slot */
    rc_node *node;
} anchor_entry;

typedef struct loader {
    rc_arena *arena;
    const char *file;
    const char *text;
    size_t len;
    uint32_t base_line;
    uint32_t base_column;
    const rc_limits *limits;
    rc_diag *diag;

    open_container *stack;
    size_t depth;
    size_t stack_capacity;

    rc_node **scratch;
    size_t scratch_count;
    size_t scratch_capacity;

    anchor_entry *anchors; /* open addressing, capacity a power of two */
    size_t anchor_count;
    size_t anchor_capacity;

    rc_node *root;
    int documents;

    /* Shallow loads (rc_yaml_load_shallow): the value of SKIP_KEY in the root map is parsed
     * but not built. SKIPPING counts the containers open inside it; SKIPPED_ANCHOR notes an
     * anchor defined in there, which a later alias could need. */
    const char *skip_key;
    size_t skipping;
    yaml_mark_t skip_mark;
    bool skipped_anchor;

    /* libyaml's mark.index counts characters; block_indent needs bytes. Block scalars come in
     * text order, so the conversion resumes from the last one. */
    size_t cursor_chars, cursor_bytes;
    bool cursor_ready;
} loader;

static uint32_t mark_line(const loader *ld, yaml_mark_t mark)
{
    size_t line = mark.line + ld->base_line;
    return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static uint32_t mark_column(const loader *ld, yaml_mark_t mark)
{
    size_t column = mark.column + 1 + ld->base_column;
    return column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
}

/* The file column (0-based) where the content lines of the block scalar whose indicator is
 * at INDICATOR start: the indentation of its first non-blank line. */
static uint32_t block_indent(const loader *ld, size_t indicator)
{
    const char *nl = indicator < ld->len ? memchr(ld->text + indicator, '\n', ld->len - indicator)
                                         : NULL;
    size_t pos = nl ? (size_t)(nl - ld->text) + 1 : ld->len;
    while (pos < ld->len) {
        size_t indent = 0;
        while (pos + indent < ld->len && ld->text[pos + indent] == ' ')
            indent++;
        if (pos + indent < ld->len && ld->text[pos + indent] != '\n' &&
            ld->text[pos + indent] != '\r') {
            size_t column = indent + ld->base_column;
            return column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
        }
        const char *next = memchr(ld->text + pos, '\n', ld->len - pos);
        pos = next ? (size_t)(next - ld->text) + 1 : ld->len;
    }
    return ld->base_column;
}

/* The byte offset of the character with libyaml's index INDEX. libyaml does not count a
 * leading UTF-8 byte order mark. */
static size_t byte_offset(loader *ld, size_t index)
{
    const unsigned char *text = (const unsigned char *)ld->text;
    if (!ld->cursor_ready || index < ld->cursor_chars) {
        bool bom = ld->len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF;
        ld->cursor_chars = 0;
        ld->cursor_bytes = bom ? 3 : 0;
        ld->cursor_ready = true;
    }
    while (ld->cursor_chars < index && ld->cursor_bytes < ld->len) {
        unsigned char lead = text[ld->cursor_bytes];
        size_t width = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        ld->cursor_bytes += width < ld->len - ld->cursor_bytes ? width : ld->len - ld->cursor_bytes;
        ld->cursor_chars++;
    }
    return ld->cursor_bytes;
}

static bool fail_at(loader *ld, yaml_mark_t mark, const char *message)
{
    rc_diag_set(ld->diag, ld->file, mark_line(ld, mark), mark_column(ld, mark), "%s", message);
    return false;
}

static bool out_of_memory(loader *ld, yaml_mark_t mark)
{
    return fail_at(ld, mark, "out of memory while loading the document");
}

static uint32_t saturating_add(uint32_t a, uint32_t b)
{
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

static bool grow(void **items, size_t *capacity, size_t count, size_t item_size)
{
    if (count < *capacity)
        return true;
    size_t fresh = *capacity ? 0 : 32;
    if (*capacity && !rc_mul_size(*capacity, 2, &fresh))
        return false;
    size_t bytes;
    if (!rc_mul_size(fresh, item_size, &bytes))
        return false;
    void *grown = realloc(*items, bytes);
    if (!grown)
        return false;
    *items = grown;
    *capacity = fresh;
    return true;
}

/* FNV-1a: anchors are few and short; the point is to avoid quadratic look-ups. */
static size_t hash_name(const char *name)
{
    size_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static bool anchor_put(loader *ld, const char *name, rc_node *node)
{
    if ((ld->anchor_count + 1) * 2 > ld->anchor_capacity) {
        size_t capacity = ld->anchor_capacity ? ld->anchor_capacity * 2 : 64;
        anchor_entry *fresh = calloc(capacity, sizeof *fresh);
        if (!fresh)
            return false;
        for (size_t i = 0; i < ld->anchor_capacity; i++) {
            if (!ld->anchors[i].name)
                continue;
            size_t slot = hash_name(ld->anchors[i].name) & (capacity - 1);
            while (fresh[slot].name)
                slot = (slot + 1) & (capacity - 1);
            fresh[slot] = ld->anchors[i];
        }
        free(ld->anchors);
        ld->anchors = fresh;
        ld->anchor_capacity = capacity;
    }
    size_t slot = hash_name(name) & (ld->anchor_capacity - 1);
    while (ld->anchors[slot].name) {
        if (strcmp(ld->anchors[slot].name, name) == 0) {
            ld->anchors[slot].node = node; /* YAML: a redefined anchor shadows the old one */
            return true;
        }
        slot = (slot + 1) & (ld->anchor_capacity - 1);
    }
    ld->anchors[slot].name = name;
    ld->anchors[slot].node = node;
    ld->anchor_count++;
    return true;
}

static rc_node *anchor_get(const loader *ld, const char *name)
{
    if (!ld->anchor_capacity)
        return NULL;
    size_t slot = hash_name(name) & (ld->anchor_capacity - 1);
    while (ld->anchors[slot].name) {
        if (strcmp(ld->anchors[slot].name, name) == 0)
            return ld->anchors[slot].node;
        slot = (slot + 1) & (ld->anchor_capacity - 1);
    }
    return NULL;
}

static bool check_expansion(loader *ld, const rc_node *node, yaml_mark_t mark)
{
    if (rc_node_expanded_size(node) <= ld->limits->max_expanded_nodes)
        return true;
    char message[160];
    snprintf(message, sizeof message,
             "alias expansion exceeds the limit of %zu nodes (a recursive-alias bomb?)",
             ld->limits->max_expanded_nodes);
    return fail_at(ld, mark, message);
}

/* Hands a finished node to its parent (or makes it the root). */
static bool attach(loader *ld, rc_node *node, yaml_mark_t mark)
{
    if (ld->depth == 0) {
        ld->root = node;
        return true;
    }
    if (!grow((void **)&ld->scratch, &ld->scratch_capacity, ld->scratch_count, sizeof(rc_node *)))
        return out_of_memory(ld, mark);
    ld->scratch[ld->scratch_count++] = node;
    open_container *parent = &ld->stack[ld->depth - 1];
    rc_node_set_expanded_size(parent->node, saturating_add(rc_node_expanded_size(parent->node),
                                                           rc_node_expanded_size(node)));
    return check_expansion(ld, parent->node, mark);
}

static const char *arena_anchor(loader *ld, const yaml_char_t *anchor)
{
    return anchor ? rc_arena_strdup(ld->arena, (const char *)anchor) : NULL;
}

static bool on_scalar(loader *ld, const yaml_event_t *event)
{
    size_t len = event->data.scalar.length;
    if (len > ld->limits->max_scalar_bytes || len > RC_NODE_MAX_COUNT) {
        char message[128];
        snprintf(message, sizeof message, "scalar of %zu bytes exceeds the limit of %zu bytes",
                 len, ld->limits->max_scalar_bytes);
        return fail_at(ld, event->start_mark, message);
    }
    rc_node *node = rc_arena_calloc(ld->arena, 1, sizeof *node);
    const char *text =
        node ? rc_arena_strndup_shared(ld->arena, (const char *)event->data.scalar.value, len)
             : NULL;
    if (!text)
        return out_of_memory(ld, event->start_mark);
    node->kind = RC_NODE_SCALAR;
    node->line = mark_line(ld, event->start_mark);
    rc_node_set_column(node, mark_column(ld, event->start_mark));
    rc_node_set_expanded_size(node, 1);
    node->as.scalar.text = text;
    node->as.scalar.len = len;
    switch (event->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        node->as.scalar.style = RC_SCALAR_QUOTED;
        break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE:
        node->as.scalar.style = RC_SCALAR_BLOCK;
        node->as.scalar.block_indent =
            rc_node_indent(block_indent(ld, byte_offset(ld, event->start_mark.index)));
        break;
    default:
        node->as.scalar.style = RC_SCALAR_PLAIN;
        break;
    }
    if (event->data.scalar.anchor) {
        const char *anchor = arena_anchor(ld, event->data.scalar.anchor);
        if (!anchor || !anchor_put(ld, anchor, node))
            return out_of_memory(ld, event->start_mark);
    }
    return attach(ld, node, event->start_mark);
}

static bool on_alias(loader *ld, const yaml_event_t *event)
{
    rc_node *target = anchor_get(ld, (const char *)event->data.alias.anchor);
    if (!target) {
        char message[160];
        snprintf(message, sizeof message, "alias *%.100s names no anchor defined before it",
                 (const char *)event->data.alias.anchor);
        return fail_at(ld, event->start_mark, message);
    }
    return attach(ld, target, event->start_mark);
}

/* Nesting is bounded in skipped values too: libyaml's own cost grows with it. */
static bool check_depth(loader *ld, size_t depth, yaml_mark_t mark)
{
    if (depth < ld->limits->max_depth)
        return true;
    char message[96];
    snprintf(message, sizeof message, "nesting deeper than the limit of %zu levels",
             ld->limits->max_depth);
    return fail_at(ld, mark, message);
}

static bool on_container_start(loader *ld, const yaml_event_t *event, rc_node_kind kind)
{
    if (!check_depth(ld, ld->depth, event->start_mark))
        return false;
    if (!grow((void **)&ld->stack, &ld->stack_capacity, ld->depth, sizeof *ld->stack))
        return out_of_memory(ld, event->start_mark);
    rc_node *node = rc_arena_calloc(ld->arena, 1, sizeof *node);
    if (!node)
        return out_of_memory(ld, event->start_mark);
    node->kind = kind;
    node->line = mark_line(ld, event->start_mark);
    rc_node_set_column(node, mark_column(ld, event->start_mark));
    rc_node_set_expanded_size(node, 1);
    const yaml_char_t *anchor = kind == RC_NODE_MAP ? event->data.mapping_start.anchor
                                                    : event->data.sequence_start.anchor;
    open_container *open = &ld->stack[ld->depth++];
    open->node = node;
    open->scratch_start = ld->scratch_count;
    open->anchor = arena_anchor(ld, anchor);
    if (anchor && !open->anchor)
        return out_of_memory(ld, event->start_mark);
    return true;
}

static bool is_merge_key(const rc_node *key)
{
    return key->kind == RC_NODE_SCALAR && key->as.scalar.style == RC_SCALAR_PLAIN &&
           strcmp(key->as.scalar.text, "<<") == 0;
}

/* Keys already in a map being built, so merging stays linear: a document can merge thousands
 * of sources into a map with thousands of keys. Open addressing over scalar key text. */
typedef struct key_set {
    const rc_node **slots;
    size_t mask;
} key_set;

static size_t hash_bytes(const char *text, size_t len)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211u;
    return h;
}

static bool key_set_init(key_set *set, size_t capacity)
{
    size_t size = 16;
    while (size < capacity * 2) {
        if (size > SIZE_MAX / 4)
            return false;
        size *= 2;
    }
    set->slots = calloc(size, sizeof *set->slots);
    set->mask = size - 1;
    return set->slots != NULL;
}

static bool same_key(const rc_node *a, const rc_node *b)
{
    return a->as.scalar.len == b->as.scalar.len &&
           memcmp(a->as.scalar.text, b->as.scalar.text, a->as.scalar.len) == 0;
}

/* Adds KEY unless an equal key is there; returns true when it was added. Non-scalar keys
 * are always added (they never equal a merged key in Kubernetes data). */
static bool key_set_add(key_set *set, const rc_node *key)
{
    if (key->kind != RC_NODE_SCALAR)
        return true;
    size_t slot = hash_bytes(key->as.scalar.text, key->as.scalar.len) & set->mask;
    while (set->slots[slot]) {
        if (same_key(set->slots[slot], key))
            return false;
        slot = (slot + 1) & set->mask;
    }
    set->slots[slot] = key;
    return true;
}

/* Counts the pairs a `<<` value can contribute: a map, or a sequence of maps. */
static bool merge_source_size(const rc_node *value, size_t *total)
{
    if (value->kind == RC_NODE_MAP)
        return rc_add_size(*total, value->as.map.count, total);
    if (value->kind != RC_NODE_SEQ)
        return false;
    for (size_t i = 0; i < value->as.seq.count; i++) {
        const rc_node *item = value->as.seq.items[i];
        if (item->kind != RC_NODE_MAP || !rc_add_size(*total, item->as.map.count, total))
            return false;
    }
    return true;
}

static void merge_from(rc_node_pair *pairs, size_t *count, const rc_node *source, key_set *keys)
{
    for (size_t i = 0; i < source->as.map.count; i++) {
        if (key_set_add(keys, source->as.map.pairs[i].key))
            pairs[(*count)++] = source->as.map.pairs[i];
    }
}

/* Builds a map's pairs, applying YAML merge keys (`<<: *base`) as Kubernetes tooling does:
 * explicit keys win over merged ones, and earlier merge sources win over later ones. */
static bool build_map(loader *ld, rc_node *node, rc_node **children, size_t n, yaml_mark_t mark)
{
    if (n % 2 != 0)
        return fail_at(ld, mark, "mapping with a key and no value");
    size_t pair_count = n / 2, capacity = pair_count;
    bool merges = false;
    for (size_t i = 0; i < pair_count; i++) {
        if (!is_merge_key(children[2 * i]))
            continue;
        if (!merge_source_size(children[2 * i + 1], &capacity)) {
            /* Point at the `<<` key: the mapping's end may be the next document's marker. */
            rc_diag_set(ld->diag, ld->file, children[2 * i]->line, children[2 * i]->column,
                        "merge key << needs a mapping or a sequence of mappings");
            return false;
        }
        merges = true;
    }
    rc_node_pair *pairs = rc_arena_calloc(ld->arena, capacity ? capacity : 1, sizeof *pairs);
    if (!pairs)
        return out_of_memory(ld, mark);
    key_set keys = {0};
    if (merges && !key_set_init(&keys, capacity))
        return out_of_memory(ld, mark);
    size_t count = 0;
    for (size_t i = 0; i < pair_count; i++) {
        if (merges && is_merge_key(children[2 * i]))
            continue;
        pairs[count].key = children[2 * i];
        pairs[count].value = children[2 * i + 1];
        count++;
        /* Explicit keys may repeat (the last wins on lookup); only merged ones are deduped. */
        if (merges)
            key_set_add(&keys, children[2 * i]);
    }
    for (size_t i = 0; merges && i < pair_count; i++) {
        if (!is_merge_key(children[2 * i]))
            continue;
        const rc_node *value = children[2 * i + 1];
        if (value->kind == RC_NODE_MAP) {
            merge_from(pairs, &count, value, &keys);
        } else {
            for (size_t j = 0; j < value->as.seq.count; j++)
                merge_from(pairs, &count, value->as.seq.items[j], &keys);
        }
    }
    free(keys.slots);
    node->as.map.pairs = pairs;
    node->as.map.count = count;
    return true;
}

static bool on_container_end(loader *ld, const yaml_event_t *event)
{
    open_container open = ld->stack[--ld->depth];
    size_t n = ld->scratch_count - open.scratch_start;
    rc_node **children = n ? ld->scratch + open.scratch_start : NULL;
    rc_node *node = open.node;
    if (node->kind == RC_NODE_MAP) {
        if (!build_map(ld, node, children, n, event->start_mark))
            return false;
    } else {
        rc_node **items = rc_arena_calloc(ld->arena, n ? n : 1, sizeof *items);
        if (!items)
            return out_of_memory(ld, event->start_mark);
        if (n)
            memcpy(items, children, n * sizeof *items);
        node->as.seq.items = items;
        node->as.seq.count = n;
    }
    ld->scratch_count = open.scratch_start;
    if (open.anchor && !anchor_put(ld, open.anchor, node))
        return out_of_memory(ld, event->start_mark);
    return attach(ld, node, event->start_mark);
}

/* Whether the container starting now is the value of the skipped key of the root map: one
 * key waits in the root's children and it is SKIP_KEY. */
static bool starts_skipped_value(const loader *ld)
{
    if (!ld->skip_key || ld->depth != 1 || ld->stack[0].node->kind != RC_NODE_MAP)
        return false;
    size_t children = ld->scratch_count - ld->stack[0].scratch_start;
    if (children % 2 == 0)
        return false;
    const rc_node *key = ld->scratch[ld->scratch_count - 1];
    return key->kind == RC_NODE_SCALAR && strcmp(key->as.scalar.text, ld->skip_key) == 0;
}

/* Inside a skipped value: events are parsed (so syntax errors still count) and dropped; at
 * its end a null scalar stands in for it, at the value's position. */
static bool on_skipped_event(loader *ld, const yaml_event_t *event)
{
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        ld->skipped_anchor |= event->data.scalar.anchor != NULL;
        return true;
    case YAML_MAPPING_START_EVENT:
        ld->skipped_anchor |= event->data.mapping_start.anchor != NULL;
        return check_depth(ld, ld->depth + ld->skipping++, event->start_mark);
    case YAML_SEQUENCE_START_EVENT:
        ld->skipped_anchor |= event->data.sequence_start.anchor != NULL;
        return check_depth(ld, ld->depth + ld->skipping++, event->start_mark);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        if (--ld->skipping > 0)
            return true;
        break;
    default:
        return true;
    }
    rc_node *placeholder = rc_arena_calloc(ld->arena, 1, sizeof *placeholder);
    if (!placeholder)
        return out_of_memory(ld, ld->skip_mark);
    placeholder->kind = RC_NODE_SCALAR;
    placeholder->line = mark_line(ld, ld->skip_mark);
    rc_node_set_column(placeholder, mark_column(ld, ld->skip_mark));
    placeholder->as.scalar.text = "";
    placeholder->as.scalar.style = RC_SCALAR_PLAIN;
    return attach(ld, placeholder, ld->skip_mark);
}

static bool on_event(loader *ld, const yaml_event_t *event)
{
    if (ld->skipping)
        return on_skipped_event(ld, event);
    if ((event->type == YAML_MAPPING_START_EVENT || event->type == YAML_SEQUENCE_START_EVENT) &&
        starts_skipped_value(ld)) {
        ld->skipping = 1;
        ld->skip_mark = event->start_mark;
        ld->skipped_anchor |= event->type == YAML_MAPPING_START_EVENT
                                  ? event->data.mapping_start.anchor != NULL
                                  : event->data.sequence_start.anchor != NULL;
        return true;
    }
    switch (event->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++ld->documents > 1)
            return fail_at(ld, event->start_mark, "more than one document in one document slice");
        return true;
    case YAML_SCALAR_EVENT:
        return on_scalar(ld, event);
    case YAML_ALIAS_EVENT:
        return on_alias(ld, event);
    case YAML_MAPPING_START_EVENT:
        return on_container_start(ld, event, RC_NODE_MAP);
    case YAML_SEQUENCE_START_EVENT:
        return on_container_start(ld, event, RC_NODE_SEQ);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        return on_container_end(ld, event);
    default:
        return true;
    }
}

/* The line and column (0-based, in bytes) of byte OFFSET of the document. */
static yaml_mark_t offset_mark(const yaml_parser_t *parser, size_t offset)
{
    const unsigned char *text = parser->input.string.start;
    yaml_mark_t mark = {offset, 0, 0};
    size_t line_start = 0;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            mark.line++;
            line_start = i + 1;
        }
    }
    mark.column = offset - line_start;
    return mark;
}

/* libyaml ends a stream without a final newline on a line of its own; point at the last
 * character instead, a position an editor can show. */
static yaml_mark_t last_character_mark(const yaml_parser_t *parser, size_t len)
{
    const unsigned char *text = parser->input.string.start;
    size_t end = len;
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        end--;
    yaml_mark_t mark = {0, 0, 0};
    size_t line_start = 0;
    for (size_t i = 0; i + 1 < end; i++) {
        if (text[i] == '\n') {
            mark.line++;
            line_start = i + 1;
        }
    }
    mark.index = end ? end - 1 : 0;
    mark.column = end ? end - 1 - line_start : 0;
    return mark;
}

static void report_parser_error(loader *ld, const yaml_parser_t *parser, size_t len)
{
    const char *problem = parser->problem ? parser->problem : "invalid YAML";
    yaml_mark_t mark = parser->problem_mark;
    /* "Unexpected end of stream" points past the document, at the next one's marker: the
     * construct left open (a quote, a bracket) is where the user has to look. */
    if (parser->context && mark.index >= len)
        mark = parser->context_mark;
    if (mark.index >= len && len > 0)
        mark = last_character_mark(parser, len);
    if (parser->error == YAML_READER_ERROR) {
        /* Reader errors (invalid UTF-8, say) carry a byte offset, not a mark. */
        mark = offset_mark(parser, parser->problem_offset < len ? parser->problem_offset : len);
    }
    char message[300];
    if (parser->context)
        snprintf(message, sizeof message, "YAML syntax error: %s %s", problem, parser->context);
    else
        snprintf(message, sizeof message, "YAML syntax error: %s", problem);
    fail_at(ld, mark, message);
}

/* Whether TEXT holds nothing but blank lines, comments and document-end markers (`...`):
 * what a repeated `...`, or a stream that starts with one, leaves as a piece of its own.
 * YAML allows those markers; libyaml rejects a piece made only of them. */
static bool only_document_ends(const char *text, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, i = pos;
        while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
            i++;
        bool blank = i == end || text[i] == '#';
        bool marker = i == pos && end - pos >= 3 && memcmp(text + pos, "...", 3) == 0 &&
                      (end - pos == 3 || text[pos + 3] == ' ' || text[pos + 3] == '\t' ||
                       text[pos + 3] == '\r' || text[pos + 3] == '#');
        if (!blank && !marker)
            return false;
        pos = nl ? end + 1 : len;
    }
    return true;
}

bool rc_yaml_load(rc_arena *arena, const char *file, const char *text, size_t len,
                  uint32_t base_line, const rc_limits *limits, rc_node **root, rc_diag *diag)
{
    return rc_yaml_load_at(arena, file, text, len, base_line, 0, limits, root, diag);
}

static bool load(rc_arena *arena, const char *file, const char *text, size_t len,
                 uint32_t base_line, uint32_t base_column, const char *skip_key,
                 const rc_limits *limits, rc_node **root, rc_diag *diag, bool *skipped_anchor);

bool rc_yaml_load_libyaml_at(rc_arena *arena, const char *file, const char *text, size_t len,
                             uint32_t base_line, uint32_t base_column, const rc_limits *limits,
                             rc_node **root, rc_diag *diag)
{
    bool skipped_anchor;
    return load(arena, file, text, len, base_line, base_column, NULL, limits, root, diag,
                &skipped_anchor);
}

bool rc_yaml_load_shallow(rc_arena *arena, const char *file, const char *text, size_t len,
                          uint32_t base_line, const char *skip_key, const rc_limits *limits,
                          rc_node **root, rc_diag *diag)
{
    bool skipped_anchor = false;
    bool ok = load(arena, file, text, len, base_line, 0, skip_key, limits, root, diag,
                   &skipped_anchor);
    /* An alias outside may name an anchor defined in the skipped value: only a whole load
     * can tell (and then report what is really wrong). */
    if (!ok && skipped_anchor)
        ok = load(arena, file, text, len, base_line, 0, NULL, limits, root, diag,
                  &skipped_anchor);
    return ok;
}

static bool load(rc_arena *arena, const char *file, const char *text, size_t len,
                 uint32_t base_line, uint32_t base_column, const char *skip_key,
                 const rc_limits *limits, rc_node **root, rc_diag *diag, bool *skipped_anchor)
{
    *root = NULL;
    if (only_document_ends(text, len))
        return true; /* an empty document */
    loader ld = {
        .arena = arena, .file = file, .text = text, .len = len, .base_line = base_line,
        .base_column = base_column, .limits = limits, .diag = diag, .skip_key = skip_key,
    };
    if (len > limits->max_document_bytes) {
        rc_diag_set(diag, file, base_line, 1,
                    "document of %zu bytes exceeds the limit of %zu bytes", len,
                    limits->max_document_bytes);
        return false;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        rc_diag_set(diag, file, base_line, 1, "out of memory initialising the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = true;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            report_parser_error(&ld, &parser, len);
            ok = false;
            break;
        }
        yaml_event_type_t type = event.type;
        ok = on_event(&ld, &event);
        yaml_event_delete(&event);
        if (!ok || type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    free(ld.stack);
    free(ld.scratch);
    free(ld.anchors);
    *skipped_anchor = ld.skipped_anchor;
    /* `---` with nothing after it parses as a null scalar: that is an empty document. */
    if (ok && !rc_node_is_null(ld.root))
        *root = ld.root;
    return ok;
}

bool rc_yaml_load_at(rc_arena *arena, const char *file, const char *text, size_t len,
                     uint32_t base_line, uint32_t base_column, const rc_limits *limits,
                     rc_node **root, rc_diag *diag)
{
#ifndef READYCTL_NO_YAML_FAST_PATH
    /* Built with -DREADYCTL_NO_YAML_FAST_PATH, every document takes libyaml's path: for
     * measuring the fast path, or ruling it out when a tree looks wrong. */
    if (rc_yaml_fast_load(arena, text, len, base_line, base_column, limits, root))
        return true;
#endif
    return rc_yaml_load_libyaml_at(arena, file, text, len, base_line, base_column, limits, root,
                                   diag);
}

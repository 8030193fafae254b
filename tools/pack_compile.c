/* pack_compile - builds the default rule pack into C at build time (rules/builtin.h).
 *
 * Usage: pack_compile OUT.c rules/FILE.yaml...
 *
 * Each file is parsed with the pack's own parser (rc_pack_parse, hence rc_yaml_load), and
 * the whole pack is loaded as a --rules pack would be (rc_pack_add_text: every pattern
 * compiled, every field checked), then finished and each of its profiles applied; every
 * default of the templates' parameters is parsed and applied too. Any problem is printed as
 * FILE:LINE:COLUMN and fails the build. Then the node trees are written out as one static
 * const object, so that the binary interprets the very trees this run interpreted without
 * parsing YAML, and compiles a pattern only when a run first matches it.
 *
 * The tool links the library's objects without the generated pack, so it supplies an empty
 * built-in pack of its own below: it is what makes the real one.
 * Ownership: everything lives in one arena and a few vectors, freed before exit (the tool
 * runs under the sanitizers in their builds, leak checking included).
 * Errors: exit status 1 with a message on stderr; OUT.c is then left untouched (written to a
 * temporary file and renamed into place only when complete). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "rules/builtin.h"
#include "rules/pack.h"
#include "rules/profile.h"
#include "rules/template.h"
#include "util/buf.h"

/* The empty built-in pack this tool runs with (see above). */
const rc_builtin_file rc_builtin_pack[] = {{NULL, NULL, 0}};
const unsigned long long rc_builtin_pack_digest = 0;
const rc_builtin_default rc_builtin_defaults[] = {{NULL, NULL}};
const size_t rc_builtin_default_count = 0;

typedef struct pack_file {
    const char *path; /* "rules/<base name>", as diagnostics and rule->file name it */
    rc_node **roots;
    size_t root_count;
} pack_file;

/* Open-addressing map from node address to its index in the emitted node array: a node
 * reached twice (a YAML alias) is emitted once and shared, as the loader shares it. */
typedef struct node_index {
    const rc_node **keys;
    size_t *values;
    size_t capacity; /* a power of two */
    size_t count;
} node_index;

typedef struct emitter {
    node_index index;
    const rc_node **nodes; /* in index order */
    size_t *first;         /* per node: its first pair (a map) or item (a sequence) */
    size_t node_count, node_capacity, first_capacity;
    size_t (*pairs)[2];    /* key and value node indexes */
    size_t pair_count, pair_capacity;
    size_t *items;
    size_t item_count, item_capacity;
} emitter;

static void die(const char *what)
{
    fprintf(stderr, "pack_compile: %s\n", what);
    exit(1);
}

static void die_diag(const rc_diag *diag, const char *what)
{
    fprintf(stderr, "pack_compile: %s:%u:%u: %s: %s\n", diag->file ? diag->file : "?",
            (unsigned)diag->line, (unsigned)diag->column, what, diag->message);
    exit(1);
}

/* Makes room for one more element. */
static void *grow(void *items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return items;
    size_t fresh = *capacity ? *capacity * 2 : 256;
    void *grown = realloc(items, fresh * size);
    if (!grown)
        die("out of memory");
    *capacity = fresh;
    return grown;
}

static size_t hash_pointer(const rc_node *node)
{
    unsigned long long h = (unsigned long long)(size_t)node;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return (size_t)(h ^ (h >> 32));
}

/* The slot of NODE: its value is the node's index plus one, 0 while it has none. */
static size_t *index_slot(node_index *index, const rc_node *node)
{
    size_t mask = index->capacity - 1;
    for (size_t i = hash_pointer(node) & mask;; i = (i + 1) & mask) {
        if (!index->keys[i] || index->keys[i] == node) {
            index->keys[i] = node;
            return &index->values[i];
        }
    }
}

static void index_grow(node_index *index)
{
    node_index fresh = {0};
    fresh.capacity = index->capacity ? index->capacity * 2 : 1024;
    fresh.keys = calloc(fresh.capacity, sizeof *fresh.keys);
    fresh.values = calloc(fresh.capacity, sizeof *fresh.values);
    if (!fresh.keys || !fresh.values)
        die("out of memory");
    for (size_t i = 0; i < index->capacity; i++) {
        if (index->keys[i])
            *index_slot(&fresh, index->keys[i]) = index->values[i];
    }
    fresh.count = index->count;
    free(index->keys);
    free(index->values);
    *index = fresh;
}

/* Gives NODE and everything under it an index, depth first, and reserves each container's
 * run of pairs or items. Recursion is bounded by the loader's nesting limit
 * (rc_limits.max_depth), which these trees passed. */
static size_t visit(emitter *e, const rc_node *node)
{
    if (2 * (e->index.count + 1) > e->index.capacity)
        index_grow(&e->index);
    size_t *slot = index_slot(&e->index, node);
    if (*slot)
        return *slot - 1;
    size_t id = e->node_count;
    *slot = id + 1;
    e->index.count++;
    e->nodes = grow(e->nodes, &e->node_capacity, e->node_count, sizeof *e->nodes);
    e->first = grow(e->first, &e->first_capacity, e->node_count, sizeof *e->first);
    e->nodes[id] = node;
    e->first[id] = 0;
    e->node_count++;
    if (node->kind == RC_NODE_MAP) {
        size_t start = e->pair_count, n = node->as.map.count;
        for (size_t i = 0; i < n; i++) {
            e->pairs = grow(e->pairs, &e->pair_capacity, e->pair_count, sizeof *e->pairs);
            e->pair_count++;
        }
        e->first[id] = start;
        for (size_t i = 0; i < n; i++) {
            size_t key = visit(e, node->as.map.pairs[i].key);
            size_t value = visit(e, node->as.map.pairs[i].value);
            e->pairs[start + i][0] = key;
            e->pairs[start + i][1] = value;
        }
    } else if (node->kind == RC_NODE_SEQ) {
        size_t start = e->item_count, n = node->as.seq.count;
        for (size_t i = 0; i < n; i++) {
            e->items = grow(e->items, &e->item_capacity, e->item_count, sizeof *e->items);
            e->item_count++;
        }
        e->first[id] = start;
        for (size_t i = 0; i < n; i++) {
            size_t item = visit(e, node->as.seq.items[i]);
            e->items[start + i] = item;
        }
    }
    return id;
}

static void emitter_release(emitter *e)
{
    free(e->index.keys);
    free(e->index.values);
    free(e->nodes);
    free(e->first);
    free(e->pairs);
    free(e->items);
}

/* TEXT[0..LEN) as C string literals: printable ASCII as itself, everything else (NULs, bytes
 * of UTF-8, controls) as three-digit octal escapes, which cannot swallow a following digit;
 * '?' escaped so that -std=c11's trigraphs cannot rewrite "??x". A new literal follows each
 * newline, so the generated file reads like the YAML text. */
static void emit_string(FILE *out, const char *text, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\\' || c == '"' || c == '?')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs(i + 1 < len ? "\\n\"\n                \"" : "\\n", out);
        else if (c >= 0x20 && c < 0x7f)
            fputc(c, out);
        else
            fprintf(out, "\\%03o", c);
    }
    fputc('"', out);
}

static const char *kind_name(rc_node_kind kind)
{
    switch (kind) {
    case RC_NODE_SCALAR:
        return "RC_NODE_SCALAR";
    case RC_NODE_MAP:
        return "RC_NODE_MAP";
    case RC_NODE_SEQ:
        return "RC_NODE_SEQ";
    }
    die("unknown node kind");
    return NULL;
}

static const char *style_name(rc_scalar_style style)
{
    switch (style) {
    case RC_SCALAR_PLAIN:
        return "RC_SCALAR_PLAIN";
    case RC_SCALAR_QUOTED:
        return "RC_SCALAR_QUOTED";
    case RC_SCALAR_BLOCK:
        return "RC_SCALAR_BLOCK";
    }
    die("unknown scalar style");
    return NULL;
}

static void emit_node(FILE *out, const emitter *e, size_t id)
{
    const rc_node *n = e->nodes[id];
    fprintf(out, "        /* %zu */ {.kind = %s, .line = %lu, .column = %lu,\n", id,
            kind_name(n->kind), (unsigned long)n->line, (unsigned long)n->column);
    switch (n->kind) {
    case RC_NODE_SCALAR:
        fprintf(out, "            .as.scalar = {.len = %zu, .style = %s, .block_indent = %lu,\n"
                     "            .text = ",
                (size_t)n->as.scalar.len, style_name(n->as.scalar.style),
                (unsigned long)n->as.scalar.block_indent);
        emit_string(out, n->as.scalar.text, n->as.scalar.len);
        fputs("}},\n", out);
        break;
    case RC_NODE_MAP:
        fprintf(out, "            .as.map = {(rc_node_pair *)&tree.pairs[%zu], %zu, %lu}},\n",
                e->first[id], (size_t)n->as.map.count, (unsigned long)rc_node_expanded_size(n));
        break;
    case RC_NODE_SEQ:
        fprintf(out, "            .as.seq = {(rc_node **)&tree.items[%zu], %zu, %lu}},\n",
                e->first[id], (size_t)n->as.seq.count, (unsigned long)rc_node_expanded_size(n));
        break;
    }
}

static size_t at_least_one(size_t n)
{
    return n ? n : 1;
}

static void emit(FILE *out, emitter *e, const pack_file *files, size_t file_count,
                 unsigned long long digest, const rc_builtin_default *defaults,
                 size_t default_count)
{
    size_t root_count = 0;
    for (size_t f = 0; f < file_count; f++)
        root_count += files[f].root_count;
    fputs("/* Generated by tools/pack_compile from rules/ files: do not edit (rules/builtin.h). */\n"
          "#include \"rules/builtin.h\"\n\n"
          "/* The node trees as the loader made them, in one object so that they can point at\n"
          " * each other without forward declarations. Never written: the casts only drop a\n"
          " * const that rc_node's fields do not spell. */\n",
          out);
    fprintf(out,
            "static const struct {\n"
            "    rc_node nodes[%zu];\n"
            "    rc_node_pair pairs[%zu];\n"
            "    rc_node *items[%zu];\n"
            "    const rc_node *roots[%zu];\n"
            "} tree = {\n"
            "    .nodes = {\n",
            at_least_one(e->node_count), at_least_one(e->pair_count),
            at_least_one(e->item_count), at_least_one(root_count));
    for (size_t i = 0; i < e->node_count; i++)
        emit_node(out, e, i);
    fputs("    },\n    .pairs = {\n", out);
    for (size_t i = 0; i < e->pair_count; i++)
        fprintf(out, "        {(rc_node *)&tree.nodes[%zu], (rc_node *)&tree.nodes[%zu]},\n",
                e->pairs[i][0], e->pairs[i][1]);
    fputs("    },\n    .items = {\n", out);
    for (size_t i = 0; i < e->item_count; i++)
        fprintf(out, "        (rc_node *)&tree.nodes[%zu],\n", e->items[i]);
    fputs("    },\n    .roots = {\n", out);
    for (size_t f = 0; f < file_count; f++) {
        for (size_t i = 0; i < files[f].root_count; i++) {
            if (files[f].roots[i])
                fprintf(out, "        &tree.nodes[%zu],\n", visit(e, files[f].roots[i]));
            else
                fputs("        NULL,\n", out);
        }
    }
    fputs("    },\n};\n\nconst rc_builtin_file rc_builtin_pack[] = {\n", out);
    size_t root = 0;
    for (size_t f = 0; f < file_count; f++) {
        fprintf(out, "    {\"%s\", &tree.roots[%zu], %zu},\n", files[f].path, root,
                files[f].root_count);
        root += files[f].root_count;
    }
    fprintf(out, "    {NULL, NULL, 0},\n};\n\n"
                 "const unsigned long long rc_builtin_pack_digest = 0x%016llxull;\n\n"
                 "const rc_builtin_default rc_builtin_defaults[] = {\n",
            digest);
    for (size_t i = 0; i < default_count; i++) {
        fputs("    {", out);
        emit_string(out, defaults[i].yaml, strlen(defaults[i].yaml));
        fprintf(out, ", &tree.nodes[%zu]},\n", visit(e, defaults[i].tree));
    }
    fprintf(out, "    {NULL, NULL},\n};\n\n"
                 "const size_t rc_builtin_default_count = %zu;\n",
            default_count);
}

static int compare_defaults(const void *a, const void *b)
{
    return strcmp(((const rc_builtin_default *)a)->yaml, ((const rc_builtin_default *)b)->yaml);
}

/* Every profile of the pack applied to a fresh load of it: a profile naming a rule the pack
 * lacks, or setting a bad parameter, fails the build rather than the first run using it. */
static void check_profiles(const rc_pack *loaded, const pack_file *files, size_t file_count)
{
    for (size_t p = 0; p < loaded->profiles.count; p++) {
        rc_pack fresh;
        rc_diag diag = {0};
        rc_profile_lineage lineage;
        rc_pack_init(&fresh);
        bool ok = true;
        for (size_t f = 0; ok && f < file_count; f++)
            ok = rc_pack_add_tree(&fresh, files[f].path,
                                  (const rc_node *const *)files[f].roots, files[f].root_count,
                                  &diag);
        ok = ok && rc_pack_finish(&fresh, &diag) &&
             rc_profile_apply(&fresh, NULL, loaded->profiles.items[p].name, &lineage, &diag);
        if (!ok)
            die_diag(&diag, "profile does not apply");
        rc_pack_release(&fresh);
    }
}

/* Parses and applies the default of every parameter of every template (a --rules pack may
 * use any of them), and collects the distinct texts with their trees into *OUT. */
static size_t collect_defaults(rc_pack *loaded, rc_arena *arena, rc_builtin_default **out)
{
    size_t template_count, count = 0, capacity = 0;
    const rc_template *const *templates = rc_template_all(&template_count);
    rc_builtin_default *defaults = NULL;
    rc_limits limits;
    rc_limits_default(&limits);
    for (size_t t = 0; t < template_count; t++) {
        for (const rc_param_spec *spec = templates[t]->params; spec && spec->name; spec++) {
            if (!spec->default_yaml)
                continue;
            rc_diag diag = {0};
            const rc_param_spec one[2] = {*spec, {0}};
            rc_params params;
            if (!rc_params_compile(&params, one, NULL, templates[t]->name, &loaded->arena,
                                   &loaded->regexes, &diag))
                die_diag(&diag, "bad parameter default");
            bool seen = false;
            for (size_t i = 0; i < count && !seen; i++)
                seen = strcmp(defaults[i].yaml, spec->default_yaml) == 0;
            if (seen)
                continue;
            rc_node *tree = NULL;
            if (!rc_yaml_load(arena, "<built-in default>", spec->default_yaml,
                              strlen(spec->default_yaml), 1, &limits, &tree, &diag))
                die_diag(&diag, "bad parameter default");
            defaults = grow(defaults, &capacity, count, sizeof *defaults);
            defaults[count].yaml = spec->default_yaml;
            defaults[count].tree = tree;
            count++;
        }
    }
    if (count > 1)
        qsort(defaults, count, sizeof *defaults, compare_defaults);
    *out = defaults;
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pack_compile OUT.c RULES.yaml...\n");
        return 2;
    }
    rc_arena arena;
    rc_arena_init(&arena);
    rc_limits limits;
    rc_limits_default(&limits);
    rc_pack loaded;
    rc_pack_init(&loaded);
    size_t file_count = (size_t)argc - 2;
    pack_file *files = calloc(file_count, sizeof *files);
    if (!files)
        die("out of memory");
    rc_buf text = RC_BUF_INIT;
    for (size_t f = 0; f < file_count; f++) {
        const char *path = argv[f + 2];
        const char *base = strrchr(path, '/');
        rc_diag diag = {0};
        files[f].path = rc_arena_printf(&arena, "rules/%s", base ? base + 1 : path);
        if (!files[f].path)
            die("out of memory");
        if (!rc_read_file(path, limits.max_document_bytes, &text, &diag))
            die_diag(&diag, "cannot read");
        /* Loaded as a --rules file (patterns compiled now) to prove the pack good, and
         * parsed by the same parser for the trees to write out. */
        if (!rc_pack_add_text(&loaded, files[f].path, rc_buf_str(&text), text.len, &diag))
            die_diag(&diag, "bad rule pack");
        if (!rc_pack_parse(&arena, files[f].path, rc_buf_str(&text), text.len, &files[f].roots,
                           &files[f].root_count, &diag))
            die_diag(&diag, "bad rule pack");
    }
    rc_buf_release(&text);
    rc_diag diag = {0};
    if (!rc_pack_finish(&loaded, &diag))
        die_diag(&diag, "bad rule pack");
    check_profiles(&loaded, files, file_count);
    rc_builtin_default *defaults;
    size_t default_count = collect_defaults(&loaded, &arena, &defaults);

    emitter e = {0};
    for (size_t f = 0; f < file_count; f++) {
        for (size_t i = 0; i < files[f].root_count; i++) {
            if (files[f].roots[i])
                visit(&e, files[f].roots[i]);
        }
    }
    for (size_t i = 0; i < default_count; i++)
        visit(&e, defaults[i].tree);

    char *temporary = rc_arena_printf(&arena, "%s.tmp", argv[1]);
    FILE *out = temporary ? fopen(temporary, "w") : NULL;
    if (!out) {
        perror(temporary ? temporary : argv[1]);
        return 1;
    }
    emit(out, &e, files, file_count, loaded.digest, defaults, default_count);
    if (ferror(out) | (fclose(out) != 0) || rename(temporary, argv[1]) != 0) {
        perror(argv[1]);
        remove(temporary);
        return 1;
    }
    emitter_release(&e);
    free(defaults);
    free(files);
    rc_pack_release(&loaded);
    rc_arena_release(&arena);
    return 0;
}

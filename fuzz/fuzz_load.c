/* fuzz_load.c - libFuzzer target for the input path every readyctl run takes: split a stream
 * into documents (input/split.h), load each with the default limits (input/yaml_load.h), and
 * build the Kubernetes object views (model/object.h) the checks read, including the items of
 * a `kind: List` and every container of a workload. See docs/fuzzing.md.
 *
 * Besides the sanitizers, the target asserts the contracts the rest of the engine relies on:
 * slices cover the input in order (and split in two halves at a safe cut, the same slices),
 * a failed load leaves no root and names a position, and every node's position lies inside
 * its document. A broken contract aborts, which libFuzzer
 * reports as a crash with the input that caused it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/document.h"
#include "input/diag.h"
#include "input/limits.h"
#include "input/split.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "model/object.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_load: contract broken: %s\n", what);
        abort();
    }
}

/* Touches what the checks read from a workload's containers. */
static size_t visit_containers(const rc_object *obj)
{
    size_t seen = 0;
    rc_container_iter it;
    rc_container c;
    rc_container_iter_init(&it, obj);
    while (rc_container_next(&it, &c)) {
        require(c.node && c.node->kind == RC_NODE_MAP, "container is a map");
        require(c.name != NULL, "container name is never NULL");
        seen += strlen(c.name) + strlen(rc_container_type_name(c.type));
        const rc_node *resources = rc_node_get(c.node, "resources");
        seen += rc_node_count(rc_node_get(resources, "requests"));
        seen += rc_node_count(rc_node_get(resources, "limits"));
        const char *image = rc_node_get_text(c.node, "image");
        seen += image ? strlen(image) : 0;
    }
    return seen;
}

static size_t visit_object(const rc_document *doc, const rc_node *node)
{
    rc_object obj;
    if (!rc_object_init(&obj, doc, node))
        return 0;
    require(obj.kind && obj.api_version && obj.name && obj.namespace_, "object strings set");
    char described[256];
    rc_object_describe(&obj, described, sizeof described);
    size_t seen = strlen(described) + rc_node_count(obj.labels) + rc_node_count(obj.annotations);
    long long replicas;
    bool set;
    if (rc_object_replicas(&obj, &replicas, &set) && !set)
        require(replicas == 1, "unset replicas mean 1");
    seen += rc_object_is_long_running(&obj) ? 1 : 0;
    seen += rc_object_same_namespace(&obj, &obj) ? 1 : 0;
    return seen + visit_containers(&obj);
}

/* The engine's own split of a root into objects: a *List with items, or the root itself. */
static size_t visit_root(const rc_document *doc, const rc_node *root)
{
    const char *kind = rc_node_get_text(root, "kind");
    const rc_node *items = rc_node_get(root, "items");
    size_t kind_len = kind ? strlen(kind) : 0;
    if (kind_len >= 4 && strcmp(kind + kind_len - 4, "List") == 0 && items &&
        items->kind == RC_NODE_SEQ) {
        size_t seen = 0;
        for (size_t i = 0; i < items->as.seq.count; i++)
            seen += visit_object(doc, items->as.seq.items[i]);
        return seen;
    }
    return visit_object(doc, root);
}

static void check_positions(const rc_node *root, uint32_t first, uint32_t last)
{
    /* Shallow on purpose: a full walk of a DAG is bounded by the loader's expansion limit
     * but can still be millions of nodes; the first two levels catch offset mistakes. */
    if (!root)
        return;
    require(root->line >= first && root->line <= last && root->column >= 1, "root position");
    require(rc_node_expanded_size(root) >= 1, "expanded size counts the node");
    size_t n = rc_node_count(root);
    for (size_t i = 0; i < n && i < 64; i++) {
        const rc_node *child = root->kind == RC_NODE_MAP ? root->as.map.pairs[i].value
                                                         : root->as.seq.items[i];
        require(child != NULL, "no NULL children");
        require(child->line >= first && child->line <= last && child->column >= 1,
                "child position");
        if (root->kind == RC_NODE_MAP)
            require(root->as.map.pairs[i].key != NULL, "no NULL keys");
    }
}

/* A large input is split in two halves (rc_split_stream_at) at a cut rc_split_find_cut
 * gives: at a few cuts of every input, the halves must give exactly the whole split. */
static void check_halves(const char *text, size_t size, const rc_doc_slice *whole, size_t count)
{
    size_t nears[] = {size / 2, size / 3, size ? (unsigned char)text[0] % size : 0};
    for (size_t n = 0; n < sizeof nears / sizeof nears[0]; n++) {
        size_t cut = rc_split_find_cut(text, size, nears[n]);
        require(cut <= size, "cut inside the input");
        if (cut == size)
            continue;
        require(cut >= nears[n] && cut > 0 && text[cut - 1] == '\n' &&
                    memcmp(text + cut, "---", 3) == 0,
                "cut at a --- line past NEAR");
        rc_doc_slice *halves = NULL;
        size_t halves_count = 0;
        if (!rc_split_stream_at(text, size, cut, false, &halves, &halves_count))
            continue; /* out of memory */
        require(halves_count == count, "halves give as many slices as the whole");
        for (size_t i = 0; i < count; i++)
            require(halves[i].offset == whole[i].offset && halves[i].len == whole[i].len &&
                        halves[i].first_line == whole[i].first_line &&
                        halves[i].source_offset == whole[i].source_offset &&
                        halves[i].source_len == whole[i].source_len &&
                        halves[i].source_line == whole[i].source_line,
                    "halves give the whole split's slices");
        free(halves);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    rc_limits limits;
    rc_limits_default(&limits);
    rc_doc_slice *slices = NULL;
    size_t count = 0;
    if (!rc_split_stream(text, size, &slices, &count))
        return 0; /* out of memory: nothing to check */

    /* The last line a position may name: libyaml also breaks lines at CR, NEL, LS and PS
     * (count every byte that may be part of one, for an upper bound), and it ends a stream
     * that lacks a final line break on a line of its own, where an empty node (`? key` with
     * no value) or an error about an unclosed construct can sit. Exact positions are the unit
     * tests' business; this bound catches garbage and base-line arithmetic gone wrong. */
    uint32_t last_line = 1;
    for (size_t i = 0; i < size && last_line < UINT32_MAX; i++)
        last_line += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 || data[i] == 0xA8 ||
                     data[i] == 0xA9;
    if (size > 0 && data[size - 1] != '\n' && data[size - 1] != '\r' && last_line < UINT32_MAX)
        last_line++;

    size_t expect = 0;
    for (size_t i = 0; i < count; i++) {
        const rc_doc_slice *s = &slices[i];
        require(s->offset == expect && s->len > 0, "slices cover the input in order");
        require(s->first_line >= 1 && s->first_line <= last_line, "slice first_line");
        require(s->source_len == 0 || (s->source_offset >= s->offset &&
                                        s->source_offset + s->source_len <= s->offset + s->len),
                "source inside its slice");
        expect = s->offset + s->len;

        rc_document doc;
        memset(&doc, 0, sizeof doc);
        rc_arena arena;
        rc_arena_init(&arena);
        doc.input = "fuzz.yaml";
        doc.first_line = s->first_line;
        doc.index = i;
        rc_diag diag;
        memset(&diag, 0, sizeof diag);
        rc_node *root = (rc_node *)&doc; /* must be overwritten either way */
        bool ok = rc_yaml_load(&arena, doc.input, text + s->offset, s->len, s->first_line,
                               &limits, &root, &diag);
        if (ok) {
            doc.root = root;
            check_positions(root, s->first_line, last_line);
            if (root)
                (void)visit_root(&doc, root);
        } else {
            require(root == NULL, "failed load leaves no root");
            require(diag.file != NULL && diag.line >= s->first_line && diag.line <= last_line,
                    "error position inside the input");
            require(memchr(diag.message, '\0', sizeof diag.message) != NULL && diag.message[0],
                    "error message");
        }
        rc_arena_release(&arena);
    }
    require(expect == size, "slices end at the end of the input");
    check_halves(text, size, slices, count);
    free(slices);
    return 0;
}

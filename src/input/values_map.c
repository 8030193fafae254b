#include "input/values_map.h"

#include <stdlib.h>
#include <string.h>

#include "input/diag.h"
#include "input/files.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "util/arena.h"
#include "util/buf.h"

typedef struct values_file {
    const char *path;
    const rc_node *root; /* NULL when unreadable or not a map */
} values_file;

struct rc_values_map {
    rc_arena arena;
    values_file *files;
    size_t count;
};

rc_values_map *rc_values_map_create(void)
{
    rc_values_map *map = calloc(1, sizeof *map);
    if (map)
        rc_arena_init(&map->arena);
    return map;
}

void rc_values_map_free(rc_values_map *map)
{
    if (!map)
        return;
    free(map->files);
    rc_arena_release(&map->arena);
    free(map);
}

static const rc_node *load(rc_values_map *map, const char *path)
{
    for (size_t i = 0; i < map->count; i++) {
        if (strcmp(map->files[i].path, path) == 0)
            return map->files[i].root;
    }
    values_file *grown = realloc(map->files, (map->count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    map->files = grown;
    values_file *file = &map->files[map->count];
    file->path = rc_arena_strdup(&map->arena, path);
    file->root = NULL;
    if (!file->path)
        return NULL;
    map->count++;
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    rc_limits limits;
    rc_limits_default(&limits);
    rc_node *root = NULL;
    if (rc_read_file(path, (size_t)16 << 20, &text, &diag)) {
        char *copy = rc_arena_strndup(&map->arena, rc_buf_str(&text), text.len);
        if (copy && rc_yaml_load(&map->arena, file->path, copy, text.len, 1, &limits, &root,
                                 &diag) &&
            root && root->kind == RC_NODE_MAP)
            file->root = root;
    }
    rc_buf_release(&text);
    return file->root;
}

bool rc_values_map_find(rc_values_map *map, const char *file, const char *key, uint32_t *line,
                        uint32_t *column)
{
    const rc_node *node = load(map, file);
    const rc_node *at = NULL;
    while (node && *key) {
        size_t len = strcspn(key, ".");
        const rc_node_pair *found = NULL;
        for (size_t i = 0; node->kind == RC_NODE_MAP && i < node->as.map.count && !found; i++) {
            const char *name = rc_node_text(node->as.map.pairs[i].key);
            if (name && strlen(name) == len && memcmp(name, key, len) == 0)
                found = &node->as.map.pairs[i];
        }
        if (!found)
            return false;
        at = found->key;
        node = found->value;
        key += len + (key[len] == '.');
    }
    if (!at)
        return false;
    *line = at->line;
    *column = at->column;
    return true;
}

bool rc_values_key_next(const char *line, size_t len, size_t *from, char *out, size_t size)
{
    static const char marker[] = ".Values.";
    const size_t mlen = sizeof marker - 1;
    for (size_t i = *from; i + mlen < len; i++) {
        if (memcmp(line + i, marker, mlen) != 0)
            continue;
        size_t start = i + mlen, end = start;
        while (end < len && (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789_-.",
                                    line[end]) != NULL) &&
               line[end] != '\0')
            end++;
        *from = end;
        while (end > start && line[end - 1] == '.')
            end--;
        if (end == start)
            continue;
        if (end - start >= size)
            return false;
        memcpy(out, line + start, end - start);
        out[end - start] = '\0';
        return true;
    }
    *from = len;
    return false;
}

bool rc_values_key_in(const char *line, size_t len, char *out, size_t size)
{
    size_t from = 0;
    return rc_values_key_next(line, len, &from, out, size);
}

#include "input/split.h"

#include <stdlib.h>
#include <string.h>

#include "util/checked.h"

typedef struct slice_list {
    rc_doc_slice *items;
    size_t count;
    size_t capacity;
} slice_list;

static bool slice_list_push(slice_list *list, size_t offset, size_t end, uint32_t first_line)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity : 16;
        if (list->capacity && !rc_mul_size(list->capacity, 2, &capacity))
            return false;
        size_t bytes;
        if (!rc_mul_size(capacity, sizeof *list->items, &bytes))
            return false;
        rc_doc_slice *grown = realloc(list->items, bytes);
        if (!grown)
            return false;
        list->items = grown;
        list->capacity = capacity;
    }
    rc_doc_slice *slice = &list->items[list->count++];
    memset(slice, 0, sizeof *slice);
    slice->offset = offset;
    slice->len = end - offset;
    slice->first_line = first_line;
    return true;
}

/* A line made of exactly MARKER (three chars) then a blank or the line end. */
static bool line_is_marker(const char *line, size_t line_len, const char *marker)
{
    if (line_len < 3 || memcmp(line, marker, 3) != 0)
        return false;
    return line_len == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
           line[3] == '\n';
}

static size_t line_length(const char *text, size_t len, size_t pos)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    return nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
}

/* Finds helm's `# Source: path` among the comment lines that open the slice. */
static void find_source_comment(const char *text, rc_doc_slice *slice)
{
    static const char prefix[] = "# Source: ";
    size_t pos = slice->offset, end = slice->offset + slice->len;
    uint32_t line = slice->first_line;
    while (pos < end) {
        size_t n = line_length(text, end, pos);
        const char *s = text + pos;
        size_t content = n;
        while (content && (s[content - 1] == '\n' || s[content - 1] == '\r'))
            content--;
        if (content >= sizeof prefix - 1 && memcmp(s, prefix, sizeof prefix - 1) == 0) {
            size_t path_len = content - (sizeof prefix - 1);
            while (path_len && (s[sizeof prefix - 1 + path_len - 1] == ' '))
                path_len--;
            if (path_len) {
                slice->source_offset = pos + sizeof prefix - 1;
                slice->source_len = path_len;
                slice->source_line = line;
            }
            return;
        }
        bool skippable = content == 0 || s[0] == '#' || line_is_marker(s, content, "---");
        if (!skippable)
            return;
        pos += n;
        line++;
    }
}

/* Directives (%YAML, %TAG) belong to the document after them: a `---` that follows nothing
 * but directives, comments and blank lines opens that document rather than cutting. */
typedef struct prelude {
    bool only_prelude;
    bool saw_directive;
} prelude;

static void prelude_reset(prelude *p)
{
    p->only_prelude = true;
    p->saw_directive = false;
}

static void prelude_see(prelude *p, const char *line, size_t len)
{
    size_t content = len;
    while (content && (line[content - 1] == '\n' || line[content - 1] == '\r'))
        content--;
    if (content && line[0] == '%')
        p->saw_directive = true;
    else if (content && line[0] != '#')
        p->only_prelude = false;
}

bool rc_split_stream(const char *text, size_t len, rc_doc_slice **slices, size_t *count)
{
    slice_list list = {0};
    size_t start = 0, pos = 0;
    uint32_t start_line = 1, line = 1;
    prelude pre;
    prelude_reset(&pre);
    while (pos < len) {
        size_t n = line_length(text, len, pos);
        if (line_is_marker(text + pos, n, "---")) {
            if (!(pre.only_prelude && pre.saw_directive)) {
                if (pos > start && !slice_list_push(&list, start, pos, start_line))
                    goto oom;
                start = pos;
                start_line = line;
            }
            /* The marker's line may carry content (`--- {a: 1}`): the prelude is over. */
            pre.only_prelude = false;
        } else if (line_is_marker(text + pos, n, "...")) {
            if (!slice_list_push(&list, start, pos + n, start_line))
                goto oom;
            start = pos + n;
            start_line = line + 1;
            prelude_reset(&pre);
        } else {
            prelude_see(&pre, text + pos, n);
        }
        pos += n;
        if (line < UINT32_MAX)
            line++;
    }
    if (pos > start && !slice_list_push(&list, start, pos, start_line))
        goto oom;
    for (size_t i = 0; i < list.count; i++)
        find_source_comment(text, &list.items[i]);
    *slices = list.items;
    *count = list.count;
    return true;
oom:
    free(list.items);
    *slices = NULL;
    *count = 0;
    return false;
}

#include "input/split.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

static uint32_t lines_after(uint32_t line, size_t more)
{
    return more >= (size_t)(UINT32_MAX - line) ? UINT32_MAX : line + (uint32_t)more;
}

#if defined(__SSE2__)
/* The two 64-bit sums _mm_sad_epu8 leaves in a vector, added. */
static size_t lane_sum(__m128i sums)
{
    return (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
}

/* The bits set in a 16-bit movemask (no popcnt instruction in baseline x86-64). */
static size_t bits_set(unsigned mask)
{
    mask = mask - ((mask >> 1) & 0x5555u);
    mask = (mask & 0x3333u) + ((mask >> 2) & 0x3333u);
    mask = (mask + (mask >> 4)) & 0x0f0fu;
    return (size_t)((mask + (mask >> 8)) & 0x1fu);
}
#endif

/* The start of the first line from POS on (POS itself being a line start) whose first byte
 * could open a marker (`-` or `.`), or LEN; *LINE counts the lines passed. Inside a
 * document every other line is passed over unread, and a release is mostly such lines: a
 * look at each line, with a memchr call per line, was the longest step before the parse
 * that runs on one thread. */
static size_t next_marker_candidate(const char *text, size_t len, size_t pos, uint32_t *line)
{
    if (text[pos] == '-' || text[pos] == '.')
        return pos;
    size_t i = pos, passed = 0;
#if defined(__SSE2__)
    /* Sixteen bytes at a time: a newline at byte k whose next byte is `-` or `.`. Newlines
     * are counted per byte lane (a lane's 0xFF is -1), summed before a lane can overflow. */
    const __m128i newline = _mm_set1_epi8('\n'), dash = _mm_set1_epi8('-'),
                  dot = _mm_set1_epi8('.'), zero = _mm_setzero_si128();
    __m128i counts = zero;
    unsigned rounds = 0;
    while (len - i >= 17) {
        __m128i here = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
        __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(text + i + 1));
        __m128i ends = _mm_cmpeq_epi8(here, newline);
        __m128i opens = _mm_or_si128(_mm_cmpeq_epi8(next, dash), _mm_cmpeq_epi8(next, dot));
        unsigned hits = (unsigned)_mm_movemask_epi8(_mm_and_si128(ends, opens));
        if (hits) {
            unsigned at = (unsigned)__builtin_ctz(hits);
            unsigned before = (unsigned)_mm_movemask_epi8(ends) & ((2u << at) - 1);
            passed += lane_sum(_mm_sad_epu8(counts, zero)) + bits_set(before);
            *line = lines_after(*line, passed);
            return i + at + 1;
        }
        counts = _mm_sub_epi8(counts, ends);
        if (++rounds == 255) {
            passed += lane_sum(_mm_sad_epu8(counts, zero));
            counts = zero;
            rounds = 0;
        }
        i += 16;
    }
    passed += lane_sum(_mm_sad_epu8(counts, zero));
#endif
    for (; i < len; i++) {
        if (text[i] != '\n')
            continue;
        passed++;
        if (i + 1 < len && (text[i + 1] == '-' || text[i + 1] == '.')) {
            *line = lines_after(*line, passed);
            return i + 1;
        }
    }
    *line = lines_after(*line, passed);
    return len;
}

bool rc_split_stream(const char *text, size_t len, rc_doc_slice **slices, size_t *count)
{
    slice_list list = {0};
    size_t start = 0, pos = 0;
    uint32_t start_line = 1, line = 1;
    prelude pre;
    prelude_reset(&pre);
    while (pos < len) {
        /* Past the prelude, only a marker line changes anything until the document ends. */
        if (!pre.only_prelude) {
            pos = next_marker_candidate(text, len, pos, &line);
            if (pos >= len)
                break;
        }
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

/* The start of the line holding POS (TEXT[POS - 1] is a newline, or POS is 0). */
static size_t line_start(const char *text, size_t pos)
{
    while (pos > 0 && text[pos - 1] != '\n')
        pos--;
    return pos;
}

size_t rc_split_find_cut(const char *text, size_t len, size_t near)
{
    if (near >= len)
        return len;
    /* The first marker line from NEAR's next line start on. */
    size_t pos = near ? line_start(text, near) : 0;
    if (pos < near)
        pos += line_length(text, len, pos);
    uint32_t ignored = 0;
    for (;;) {
        if (pos >= len)
            return len;
        pos = next_marker_candidate(text, len, pos, &ignored);
        if (pos >= len)
            return len;
        size_t n = line_length(text, len, pos);
        if (line_is_marker(text + pos, n, "---"))
            break;
        pos += n;
    }
    /* The marker line before it, walking back line by line: it must be a `---` (after one,
     * every `---` cuts until a `...`); none at all, or a `...`, and the prelude rules would
     * have to be followed from the start. */
    for (size_t back = pos; back > 0;) {
        back = line_start(text, back - 1);
        size_t n = line_length(text, len, back);
        if (line_is_marker(text + back, n, "---"))
            return pos;
        if (line_is_marker(text + back, n, "..."))
            return len;
    }
    return len;
}

typedef struct split_half {
    const char *text;
    size_t len;
    rc_doc_slice *slices;
    size_t count;
    bool ok;
} split_half;

static void *split_half_run(void *arg)
{
    split_half *half = arg;
    half->ok = rc_split_stream(half->text, half->len, &half->slices, &half->count);
    return NULL;
}

bool rc_split_stream_at(const char *text, size_t len, size_t cut, bool threaded,
                        rc_doc_slice **slices, size_t *count)
{
    if (cut == 0 || cut >= len)
        return rc_split_stream(text, len, slices, count);
    split_half first = {text, cut, NULL, 0, false}, rest = {text + cut, len - cut, NULL, 0, false};
    pthread_t thread;
    bool started = threaded && pthread_create(&thread, NULL, split_half_run, &first) == 0;
    split_half_run(&rest);
    if (started)
        pthread_join(thread, NULL);
    else
        split_half_run(&first);
    if (first.ok && rest.ok && !first.count) {
        /* Not a cut rc_split_find_cut gives: nothing before it to join to. */
        free(first.slices);
        free(rest.slices);
        return rc_split_stream(text, len, slices, count);
    }
    size_t total;
    rc_doc_slice *joined = NULL;
    if (first.ok && rest.ok && rc_add_size(first.count, rest.count, &total) &&
        rc_mul_size(total, sizeof *joined, &total))
        joined = realloc(first.slices, total);
    if (!joined) {
        free(first.slices);
        free(rest.slices);
        *slices = NULL;
        *count = 0;
        return false;
    }
    /* The rest's lines and offsets count from the cut: moved to the whole text's. */
    const rc_doc_slice *last = &joined[first.count - 1];
    uint32_t cut_line = last->first_line;
    for (size_t i = last->offset; i < cut; i++)
        cut_line = lines_after(cut_line, text[i] == '\n');
    for (size_t i = 0; i < rest.count; i++) {
        rc_doc_slice *slice = &joined[first.count + i];
        *slice = rest.slices[i];
        slice->offset += cut;
        slice->first_line = lines_after(cut_line, slice->first_line - 1);
        if (slice->source_len) {
            slice->source_offset += cut;
            slice->source_line = lines_after(cut_line, slice->source_line - 1);
        }
    }
    free(rest.slices);
    *slices = joined;
    *count = first.count + rest.count;
    return true;
}

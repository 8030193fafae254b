#include "input/helm_map.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/files.h"
#include "input/limits.h"
#include "input/values_map.h"
#include "input/yaml_load.h"
#include "util/arena.h"
#include "util/buf.h"

typedef struct template_file {
    const char *path;
    const char *text;   /* NULL when unreadable */
    size_t len;
} template_file;

/* The helper files (`_helpers.tpl`, `_pod.tpl`: helm renders no manifest from a file
 * whose name starts with `_`) of one templates directory, listed on first use. */
typedef struct helper_dir {
    const char *dir;
    rc_path_list paths;
} helper_dir;

struct rc_helm_map {
    rc_arena arena;
    const char *chart_root;
    template_file *files;
    size_t file_count;
    size_t file_capacity;
    helper_dir *helper_dirs;
    size_t helper_dir_count;
};

rc_helm_map *rc_helm_map_create(const char *chart_root)
{
    rc_helm_map *map = calloc(1, sizeof *map);
    if (!map)
        return NULL;
    rc_arena_init(&map->arena);
    map->chart_root = rc_arena_strdup(&map->arena, chart_root);
    if (!map->chart_root) {
        rc_helm_map_free(map);
        return NULL;
    }
    return map;
}

void rc_helm_map_free(rc_helm_map *map)
{
    if (!map)
        return;
    free(map->files);
    for (size_t i = 0; i < map->helper_dir_count; i++)
        rc_path_list_release(&map->helper_dirs[i].paths);
    free(map->helper_dirs);
    rc_arena_release(&map->arena);
    free(map);
}

const char *rc_helm_map_chart_root(const rc_helm_map *map)
{
    return map->chart_root;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of subchart ALIAS (LEN bytes) under CHART_DIR: the dependency whose alias or
 * name is ALIAS names the directory charts/<name>. */
static const char *subchart_dir(rc_helm_map *map, const char *chart_dir, const char *alias,
                                size_t len)
{
    const char *direct = rc_arena_printf(&map->arena, "%s/charts/%.*s", chart_dir, (int)len,
                                         alias);
    char *chart_yaml = rc_arena_printf(&map->arena, "%s/Chart.yaml", chart_dir);
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    rc_limits limits;
    rc_limits_default(&limits);
    const char *found = NULL;
    if (chart_yaml && rc_read_file(chart_yaml, (size_t)1 << 20, &text, &diag)) {
        char *copy = rc_arena_strndup(&map->arena, rc_buf_str(&text), text.len);
        rc_node *root = NULL;
        if (copy && rc_yaml_load(&map->arena, chart_yaml, copy, text.len, 1, &limits, &root,
                                 &diag)) {
            const rc_node *deps = rc_node_get(root, "dependencies");
            for (size_t i = 0; !found && i < rc_node_count(deps) && deps->kind == RC_NODE_SEQ;
                 i++) {
                const char *name = rc_node_get_text(deps->as.seq.items[i], "name");
                const char *dep_alias = rc_node_get_text(deps->as.seq.items[i], "alias");
                const char *key = dep_alias ? dep_alias : name;
                if (name && key && strlen(key) == len && memcmp(key, alias, len) == 0)
                    found = rc_arena_printf(&map->arena, "%s/charts/%s", chart_dir, name);
            }
        }
    }
    rc_buf_release(&text);
    return found && is_dir(found) ? found : direct;
}

/* Whether DIR/Chart.yaml names the chart NAME (LEN bytes). */
static bool chart_named(const char *dir, const char *name, size_t len)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/Chart.yaml", dir) >= (int)sizeof path)
        return false;
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    bool named = false;
    if (rc_read_file(path, (size_t)1 << 20, &text, &diag)) {
        rc_arena arena;
        rc_arena_init(&arena);
        rc_limits limits;
        rc_limits_default(&limits);
        rc_node *root = NULL;
        if (rc_yaml_load(&arena, path, rc_buf_str(&text), text.len, 1, &limits, &root, &diag)) {
            const char *chart = rc_node_get_text(root, "name");
            named = chart && strlen(chart) == len && memcmp(chart, name, len) == 0;
        }
        rc_arena_release(&arena);
    }
    rc_buf_release(&text);
    return named;
}

bool rc_helm_find_chart(const char *source, char *out, size_t size)
{
    const char *slash = strchr(source, '/');
    if (!slash || slash == source)
        return false;
    size_t len = (size_t)(slash - source);
    if (chart_named(".", source, len))
        return snprintf(out, size, ".") < (int)size;
    if (snprintf(out, size, "%.*s", (int)len, source) >= (int)size)
        return false;
    return is_dir(out) && chart_named(out, source, len);
}

const char *rc_helm_map_path(rc_helm_map *map, const char *source)
{
    /* Skip the chart name: the chart root is that chart. */
    const char *p = strchr(source, '/');
    if (!p)
        return NULL;
    p++;
    const char *dir = map->chart_root;
    while (strncmp(p, "charts/", 7) == 0) {
        const char *alias = p + 7;
        const char *slash = strchr(alias, '/');
        if (!slash)
            break;
        dir = subchart_dir(map, dir, alias, (size_t)(slash - alias));
        if (!dir)
            return NULL;
        p = slash + 1;
    }
    const char *path = strcmp(dir, ".") == 0 ? rc_arena_strdup(&map->arena, p)
                                             : rc_arena_printf(&map->arena, "%s/%s", dir, p);
    return path && is_file(path) ? path : NULL;
}

static const template_file *load_template(rc_helm_map *map, const char *path)
{
    for (size_t i = 0; i < map->file_count; i++) {
        if (strcmp(map->files[i].path, path) == 0)
            return &map->files[i];
    }
    if (map->file_count == map->file_capacity) {
        size_t capacity = map->file_capacity ? map->file_capacity * 2 : 16;
        template_file *grown = realloc(map->files, capacity * sizeof *grown);
        if (!grown)
            return NULL;
        map->files = grown;
        map->file_capacity = capacity;
    }
    template_file *file = &map->files[map->file_count++];
    file->path = rc_arena_strdup(&map->arena, path);
    file->text = NULL;
    file->len = 0;
    rc_buf text = RC_BUF_INIT;
    rc_diag diag;
    if (rc_read_file(path, (size_t)16 << 20, &text, &diag)) {
        file->text = rc_arena_strndup(&map->arena, rc_buf_str(&text), text.len);
        file->len = text.len;
    }
    rc_buf_release(&text);
    return file;
}

typedef struct line_view {
    const char *start; /* first non-blank */
    size_t len;        /* without trailing blanks and line end */
    size_t indent;
} line_view;

/* Reads the line at *POS of TEXT and moves *POS past it; false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, line_view *out)
{
    if (*pos >= len)
        return false;
    size_t begin = *pos;
    const char *nl = memchr(text + begin, '\n', len - begin);
    size_t end = nl ? (size_t)(nl - text) : len;
    *pos = nl ? end + 1 : len;
    size_t start = begin;
    while (start < end && (text[start] == ' ' || text[start] == '\t'))
        start++;
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
        end--;
    out->start = text + start;
    out->len = end - start;
    out->indent = start - begin;
    return true;
}

/* Line INDEX (0-based) of TEXT into *OUT, with *POS moved past it; false when TEXT has fewer
 * lines. */
static bool nth_line(const char *text, size_t len, size_t index, size_t *pos, line_view *out)
{
    *pos = 0;
    for (size_t i = 0; i <= index; i++) {
        if (!next_line(text, len, pos, out))
            return false;
    }
    return true;
}

/* *COLUMN, a column of a rendered line indented RENDERED_INDENT, moved to the template line
 * indented TEMPLATE_INDENT that rendered it (never before column 1). */
static void shift_column(uint32_t *column, size_t template_indent, size_t rendered_indent)
{
    long shifted = (long)*column + (long)template_indent - (long)rendered_indent;
    *column = shifted >= 1 ? (uint32_t)shifted : 1;
}

static bool same_text(const line_view *a, const line_view *b)
{
    return a->len == b->len && memcmp(a->start, b->start, a->len) == 0;
}

/* A template line T that could have rendered R although their texts differ: T computes part
 * of its text ({{ ... }}) and R starts with T's literal text before the first action (which
 * must say something: a key, a flag, not just "- "; blanks before the action aside) and ends
 * with its literal text after the last one. `name: {{ include "app.fullname" . }}` renders
 * `name: rel-app`, `- --log-format={{ .Values.logFormat }}` renders `- --log-format=text`. */
static bool same_literal_around_actions(const line_view *t, const line_view *r)
{
    const char *open = NULL, *close = NULL;
    for (size_t i = 0; i + 1 < t->len; i++) {
        if (!open && t->start[i] == '{' && t->start[i + 1] == '{')
            open = t->start + i;
        if (t->start[i] == '}' && t->start[i + 1] == '}')
            close = t->start + i + 2;
    }
    if (!open || !close || close < open)
        return false;
    size_t prefix = (size_t)(open - t->start);
    /* `resources: {{- toYaml . | nindent 12 }}` renders `resources:` and its block below. */
    while (prefix > 0 && t->start[prefix - 1] == ' ')
        prefix--;
    size_t suffix = (size_t)(t->start + t->len - close);
    bool says_something = false;
    for (size_t i = 0; i < prefix; i++)
        says_something |= isalnum((unsigned char)t->start[i]) != 0;
    if (!says_something || r->len < prefix + suffix)
        return false;
    return memcmp(r->start, t->start, prefix) == 0 &&
           memcmp(r->start + r->len - suffix, close, suffix) == 0;
}

typedef bool (*line_match)(const line_view *template_line, const line_view *rendered_line);

/* As same_literal_around_actions, at the rendered line's own indentation. */
static bool computes_it_in_place(const line_view *t, const line_view *r)
{
    return t->indent == r->indent && same_literal_around_actions(t, r);
}

/* Occurrences of WANT among the lines of TEXT; the 0-based line and indent of occurrence
 * number NTH (0-based) go to *AT and *INDENT when it exists. LIMIT stops after that many
 * lines (SIZE_MAX: all). */
static size_t find_matching(const char *text, size_t len, const line_view *want,
                            line_match match, size_t limit, size_t nth, size_t *at,
                            size_t *indent)
{
    size_t pos = 0, count = 0;
    line_view line;
    for (size_t i = 0; i < limit && next_line(text, len, &pos, &line); i++) {
        if (!match(&line, want))
            continue;
        if (count == nth) {
            *at = i;
            *indent = line.indent;
        }
        count++;
    }
    return count;
}

static size_t find_occurrences(const char *text, size_t len, const line_view *want,
                               size_t limit, size_t nth, size_t *at, size_t *indent)
{
    return find_matching(text, len, want, same_text, limit, nth, at, indent);
}

typedef struct line_table {
    line_view *lines;
    size_t count;
} line_table;

static bool index_lines(const char *text, size_t len, line_table *out)
{
    size_t capacity = 64, pos = 0;
    out->count = 0;
    out->lines = malloc(capacity * sizeof *out->lines);
    line_view line;
    while (out->lines && next_line(text, len, &pos, &line)) {
        if (out->count == capacity) {
            capacity *= 2;
            line_view *grown = realloc(out->lines, capacity * sizeof *grown);
            if (!grown) {
                free(out->lines);
                out->lines = NULL;
                break;
            }
            out->lines = grown;
        }
        out->lines[out->count++] = line;
    }
    return out->lines != NULL;
}

enum { CONTEXT_LINES = 8 };

static bool in_table(const line_table *table, const line_view *line, size_t lo, size_t hi)
{
    for (size_t k = lo; k < hi && k < table->count; k++) {
        if (same_text(line, &table->lines[k]))
            return true;
    }
    return false;
}

/* How well template line T's surroundings match rendered line R's. Lines the template
 * generated (toYaml output, substituted values) appear nowhere in the template, so they are
 * skipped; of the rest, up to CONTEXT_LINES on each side of R count when they also stand on
 * the same side of T, within SEARCH_LINES, and in the same order: each is looked for beyond
 * the template line the previous one on its side was found at (a template renders its
 * lines in order), so a common line (`args:`) far from R cannot count for a candidate it
 * merely stands near. */
static size_t context_score(const line_table *rendered, size_t r, const line_table *tmpl,
                            size_t t)
{
    enum { SEARCH_LINES = 60 };
    size_t score = 0;
    for (int side = -1; side <= 1; side += 2) {
        size_t anchors = 0;
        size_t limit = side < 0 ? (t > SEARCH_LINES ? t - SEARCH_LINES : 0)
                                : t + 1 + SEARCH_LINES;
        size_t cursor = t; /* template line of the last anchor found on this side */
        for (size_t step = 1; step <= SEARCH_LINES && anchors < CONTEXT_LINES; step++) {
            if (side < 0 && step > r)
                break;
            size_t j = side < 0 ? r - step : r + step;
            if (j >= rendered->count)
                break;
            const line_view *line = &rendered->lines[j];
            if (line->len == 0 || !in_table(tmpl, line, 0, tmpl->count))
                continue;
            anchors++;
            /* The nearest occurrence beyond CURSOR, within LIMIT. */
            if (side < 0) {
                for (size_t k = cursor; k-- > limit;) {
                    if (same_text(line, &tmpl->lines[k])) {
                        score++;
                        cursor = k;
                        break;
                    }
                }
            } else {
                for (size_t k = cursor + 1; k < limit && k < tmpl->count; k++) {
                    if (same_text(line, &tmpl->lines[k])) {
                        score++;
                        cursor = k;
                        break;
                    }
                }
            }
        }
    }
    return score;
}

/* The template line of the nearest rendered line on SIDE (-1 above R, +1 below) whose text
 * the template holds exactly once: a fixed point both files pass in the same order. False
 * when there is none within reach. */
static bool unique_anchor(const line_table *rendered, size_t r, const line_table *tmpl, int side,
                          size_t *at)
{
    enum { ANCHOR_SEARCH = 200 };
    for (size_t step = 1; step <= ANCHOR_SEARCH; step++) {
        if (side < 0 && step > r)
            return false;
        size_t j = side < 0 ? r - step : r + step;
        if (j >= rendered->count)
            return false;
        const line_view *line = &rendered->lines[j];
        if (line->len == 0)
            continue;
        size_t count = 0, where = 0;
        for (size_t t = 0; t < tmpl->count && count < 2; t++) {
            if (same_text(line, &tmpl->lines[t])) {
                where = t;
                count++;
            }
        }
        if (count == 1) {
            *at = where;
            return true;
        }
    }
    return false;
}

/* Among the template lines equal to WANT, the one whose surroundings best match the rendered
 * line's. When the surroundings tie (two `livenessProbe:` lines in an if/else, a
 * `resources:` per container), the candidates between the nearest lines both files hold
 * once decide: the only one there, or the first after the anchor above (a template renders
 * in order). False when nothing tells them apart. */
static bool best_by_context(const template_file *file, const char *rendered, size_t rendered_len,
                            size_t r, const line_view *want, line_match match, size_t *at,
                            size_t *indent)
{
    line_table rlines, tlines;
    if (!index_lines(rendered, rendered_len, &rlines))
        return false;
    if (!index_lines(file->text, file->len, &tlines)) {
        free(rlines.lines);
        return false;
    }
    size_t best = 0, best_line = 0;
    bool tie = false;
    for (size_t t = 0; t < tlines.count; t++) {
        if (!match(&tlines.lines[t], want))
            continue;
        size_t score = context_score(&rlines, r, &tlines, t);
        if (score > best) {
            best = score;
            best_line = t;
            tie = false;
        } else if (score == best) {
            tie = true;
        }
    }
    bool found = best > 0 && !tie;
    if (!found) {
        size_t above = 0, below = tlines.count;
        bool has_above = unique_anchor(&rlines, r, &tlines, -1, &above);
        unique_anchor(&rlines, r, &tlines, +1, &below); /* none: up to the end */
        size_t between = 0;
        for (size_t t = has_above ? above + 1 : 0; t < below; t++) {
            if (!match(&tlines.lines[t], want))
                continue;
            if (between++ == 0)
                best_line = t;
        }
        found = between == 1 || (between > 1 && has_above);
    }
    if (found) {
        *at = best_line;
        *indent = tlines.lines[best_line].indent;
    }
    free(rlines.lines);
    free(tlines.lines);
    return found;
}

uint32_t rc_helm_map_line(rc_helm_map *map, const char *template_path, const char *rendered,
                          size_t rendered_len, size_t line_number, uint32_t *column)
{
    const template_file *file = load_template(map, template_path);
    if (!file || !file->text)
        return 0;
    /* The rendered line itself, and which occurrence of its text it is. */
    size_t pos;
    line_view want;
    if (!nth_line(rendered, rendered_len, line_number, &pos, &want) || want.len == 0)
        return 0;
    size_t ignored_at, ignored_indent, at = 0, indent = 0;
    size_t nth = find_occurrences(rendered, rendered_len, &want, line_number, SIZE_MAX,
                                  &ignored_at, &ignored_indent);
    size_t rendered_total = find_occurrences(rendered, rendered_len, &want, SIZE_MAX, SIZE_MAX,
                                             &ignored_at, &ignored_indent);
    size_t in_template = find_occurrences(file->text, file->len, &want, SIZE_MAX, 0, &at, &indent);
    if (in_template == 0) {
        /* A value the template computes: the one template line with the same key and a
         * {{ }} value, or the one whose surroundings match best. */
        size_t keyed = find_matching(file->text, file->len, &want, same_literal_around_actions, SIZE_MAX,
                                     0, &at, &indent);
        if (keyed == 0 ||
            (keyed > 1 && !best_by_context(file, rendered, rendered_len, line_number, &want,
                                           same_literal_around_actions, &at, &indent)))
            return 0;
    } else if (in_template > 1) {
        /* When the rendered document repeats the line as often as the template does (no loop
         * or condition changed the count) they pair up in order; otherwise the surrounding
         * lines decide. */
        if (in_template == rendered_total)
            find_occurrences(file->text, file->len, &want, SIZE_MAX, nth, &at, &indent);
        else if (!best_by_context(file, rendered, rendered_len, line_number, &want, same_text,
                                  &at, &indent))
            return 0;
    } else if (indent != want.indent) {
        /* A literal line moved to another indentation only inside a define that is included
         * re-indented; when the one line at the rendered indentation that computes this text
         * (`securityContext: {{ include "x.securityContext" . | nindent 12 }}`) exists, it
         * rendered the line, not the same words at another depth (a pod's `securityContext:`
         * where the container's was rendered). */
        size_t computed_at, computed_indent;
        if (find_matching(file->text, file->len, &want, computes_it_in_place, SIZE_MAX, 0,
                          &computed_at, &computed_indent) == 1) {
            at = computed_at;
            indent = computed_indent;
        }
    }
    shift_column(column, indent, want.indent);
    return at + 1 > UINT32_MAX ? 0 : (uint32_t)(at + 1);
}

/* The helper files beside TEMPLATE_PATH, in name order; NULL when memory runs out. */
static const helper_dir *helpers_beside(rc_helm_map *map, const char *template_path)
{
    const char *slash = strrchr(template_path, '/');
    size_t dir_len = slash ? (size_t)(slash - template_path) : 1;
    const char *dir_text = slash ? template_path : ".";
    for (size_t i = 0; i < map->helper_dir_count; i++) {
        const helper_dir *h = &map->helper_dirs[i];
        if (strlen(h->dir) == dir_len && memcmp(h->dir, dir_text, dir_len) == 0)
            return h;
    }
    helper_dir *grown = realloc(map->helper_dirs, (map->helper_dir_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    map->helper_dirs = grown;
    helper_dir *h = &map->helper_dirs[map->helper_dir_count];
    *h = (helper_dir){rc_arena_strndup(&map->arena, dir_text, dir_len), {0}};
    if (!h->dir)
        return NULL;
    map->helper_dir_count++;
    /* rc_walk_path lists in name order, so two runs on two file systems search them alike;
     * only the directory's own files count (a directory that cannot be read has none). */
    static const char *const helper_extensions[] = {".tpl", ".yaml", NULL};
    rc_path_list all = {0};
    rc_diag diag;
    if (rc_walk_path(h->dir, helper_extensions, &all, &diag)) {
        for (size_t i = 0; i < all.count; i++) {
            const char *name = all.paths[i] + dir_len + 1;
            if (name[0] == '_' && !strchr(name, '/') &&
                !rc_path_list_add(&h->paths, all.paths[i]))
                break;
        }
    }
    rc_path_list_release(&all);
    return h;
}

uint32_t rc_helm_map_helper_line(rc_helm_map *map, const char *template_path,
                                 const char *rendered, size_t rendered_len, size_t line_number,
                                 uint32_t *column, const char **helper_path)
{
    const helper_dir *helpers = helpers_beside(map, template_path);
    if (!helpers || helpers->paths.count == 0)
        return 0;
    size_t pos;
    line_view want;
    if (!nth_line(rendered, rendered_len, line_number, &pos, &want) || want.len == 0)
        return 0;
    /* The rendered text exactly, else computed around its literal text: held by one line of
     * all the helpers, or the line cannot be told. */
    static const line_match matches[] = {same_text, same_literal_around_actions};
    const char *found_path = NULL;
    size_t found_at = 0, found_indent = 0;
    for (size_t m = 0; m < sizeof matches / sizeof matches[0] && !found_path; m++) {
        size_t total = 0;
        for (size_t f = 0; f < helpers->paths.count && total < 2; f++) {
            const template_file *file = load_template(map, helpers->paths.paths[f]);
            if (!file || !file->text)
                continue;
            size_t at = 0, indent = 0;
            size_t n = find_matching(file->text, file->len, &want, matches[m], SIZE_MAX, 0,
                                     &at, &indent);
            if (n == 1 && total == 0) {
                found_path = file->path;
                found_at = at;
                found_indent = indent;
            }
            total += n;
        }
        if (total > 1)
            return 0;
    }
    /* Read again from the cache: loading the later helpers may have moved its entry. */
    const template_file *found_file = found_path ? load_template(map, found_path) : NULL;
    if (!found_file)
        return 0;
    /* One line of the rendered neighbourhood at least must stand near it, in order: a
     * helper this template never included can hold the same words by chance. */
    line_table rlines, tlines;
    if (!index_lines(rendered, rendered_len, &rlines))
        return 0;
    if (!index_lines(found_file->text, found_file->len, &tlines)) {
        free(rlines.lines);
        return 0;
    }
    size_t score = context_score(&rlines, line_number, &tlines, found_at);
    free(rlines.lines);
    free(tlines.lines);
    if (score == 0 || found_at + 1 > UINT32_MAX)
        return 0;
    shift_column(column, found_indent, want.indent);
    *helper_path = found_file->path;
    return (uint32_t)(found_at + 1);
}

/* Cuts the dotted path COMMON to the leading segments it shares with KEY; false when they
 * share none. */
static bool keep_common_path(char *common, const char *key)
{
    size_t end = 0;
    for (size_t i = 0;; i++) {
        bool common_ends = common[i] == '\0' || common[i] == '.';
        bool key_ends = key[i] == '\0' || key[i] == '.';
        if (common_ends && key_ends)
            end = i;
        if (common[i] != key[i] || common[i] == '\0')
            break;
    }
    common[end] = '\0';
    return end > 0;
}

/* Narrows OUT (a values path when *FOUND) to what it shares with every `.Values.` path LINE
 * reads, or sets it to the first when none was found yet; false when they share nothing or
 * a path does not fit OUT, so no single value can be named. */
static bool common_values_path(line_view line, char *out, size_t size, bool *found)
{
    char key[256];
    size_t from = 0;
    while (rc_values_key_next(line.start, line.len, &from, key, sizeof key)) {
        if (!*found) {
            if (strlen(key) >= size)
                return false;
            strcpy(out, key);
            *found = true;
        } else if (!keep_common_path(out, key)) {
            return false;
        }
    }
    return from >= line.len;
}

bool rc_helm_map_values_key(rc_helm_map *map, const char *template_path, uint32_t line,
                            char *out, size_t size)
{
    enum { BLOCK_LINES = 24 };
    const template_file *file = load_template(map, template_path);
    if (!file || !file->text || line == 0)
        return false;
    size_t pos;
    line_view view, first;
    if (!nth_line(file->text, file->len, line - 1, &pos, &view))
        return false;
    bool found = false;
    if (!common_values_path(view, out, size, &found))
        return false;
    if (found)
        return true;
    first = view;
    /* Only a key that opens a block (`resources:`) takes its values from the block below;
     * a line with a value of its own (`- name: {{ include "x.name" . }}`) read no values,
     * and what its container reads further down is not what it rendered. */
    if (first.len == 0 || first.start[first.len - 1] != ':')
        return false;
    /* A block that reads several values (`spec:` over replicas, strategy and the pod
     * template) does not say which one a finding is about: only what they all share is
     * named (`resources` for `.Values.resources.limits` and `.Values.resources.requests`),
     * and nothing when they share nothing. */
    for (size_t i = 0; i < BLOCK_LINES && next_line(file->text, file->len, &pos, &view); i++) {
        if (view.len == 0)
            continue;
        /* {{- ... }} lines may sit at any indentation; other lines end the block when they
         * are not deeper than its key. */
        bool directive = view.len >= 2 && view.start[0] == '{' && view.start[1] == '{';
        if (!directive && view.indent <= first.indent)
            break;
        if (!common_values_path(view, out, size, &found))
            return false;
    }
    return found;
}

bool rc_helm_values_prefix(const char *source, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    const char *templates = strstr(source, "/templates/");
    for (const char *p = strstr(source, "/charts/"); p && (!templates || p < templates);
         p = strstr(p + 1, "/charts/")) {
        const char *alias = p + 8;
        size_t len = strcspn(alias, "/");
        if (used + len + 2 > size)
            return false;
        memcpy(out + used, alias, len);
        used += len;
        out[used++] = '.';
        out[used] = '\0';
    }
    return true;
}

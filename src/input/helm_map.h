/* helm_map.h - from helm's rendered output back to the chart's own files.
 *
 * `helm template` marks each document with `# Source: <chart>/templates/x.yaml`, where
 * <chart> is the chart *name* and subcharts appear as `<chart>/charts/<alias>/...`. Given
 * the directory of the rendered chart, rc_helm_map_path turns that into the path of the
 * template file on disk, resolving subchart aliases through each Chart.yaml's dependencies.
 * rc_helm_map_line then finds the line of the template that produced a rendered line.
 *
 * Ownership: the map owns every string it returns (valid until rc_helm_map_free) and caches
 * the template files it reads. Errors: functions return NULL / 0 when a path or line cannot
 * be mapped; callers then keep the rendered position. */
#ifndef RC_HELM_MAP_H
#define RC_HELM_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rc_helm_map rc_helm_map;

/* Finds the directory of the chart that rendered SOURCE (`<chart>/templates/...`) from the
 * working directory: "." or "./<chart>", whichever holds a Chart.yaml whose name is <chart>.
 * Writes it into OUT and returns true, or returns false when neither does. */
bool rc_helm_find_chart(const char *source, char *out, size_t size);

/* CHART_ROOT is the chart directory (the one holding Chart.yaml) that helm rendered. */
rc_helm_map *rc_helm_map_create(const char *chart_root);
void rc_helm_map_free(rc_helm_map *map);
/* The chart directory the map was created for. */
const char *rc_helm_map_chart_root(const rc_helm_map *map);

/* The template's path on disk (CHART_ROOT joined with the resolved subchart directories), or
 * NULL when SOURCE does not name an existing file under the chart. */
const char *rc_helm_map_path(rc_helm_map *map, const char *source);

/* The 1-based template line that rendered line RENDERED (text of the rendered document,
 * LINE_NUMBER 0-based within it) came from, or 0 when it cannot be told. The rendered line's
 * text must appear in the template (blanks aside): exactly once, or as often as in the
 * rendered document, in which case the occurrences pair up in order. *COLUMN (1-based, in
 * the rendered line) is moved by the difference in indentation. */
uint32_t rc_helm_map_line(rc_helm_map *map, const char *template_path, const char *rendered,
                          size_t rendered_len, size_t line_number, uint32_t *column);

/* When the rendered line came from a helper beside TEMPLATE_PATH (a `_*.tpl` or `_*.yaml`
 * file of the same directory, whose defines templates include: `_podtemplate.tpl`), its
 * 1-based line there, with *HELPER_PATH set to that file (owned by the map); else 0. Only a
 * line whose text (exact, else computed around its literal text) one helper line alone holds,
 * with at least one rendered neighbour standing near it in the same order, is told. *COLUMN
 * as for rc_helm_map_line. */
uint32_t rc_helm_map_helper_line(rc_helm_map *map, const char *template_path,
                                 const char *rendered, size_t rendered_len, size_t line_number,
                                 uint32_t *column, const char **helper_path);

/* The `.Values.` key the template line LINE (1-based) of TEMPLATE_PATH reads, or else, when
 * the line is a key that opens a block, the one read by the block below it (the lines
 * indented deeper: `resources:` over `{{- toYaml .Values.resources | nindent 12 }}`),
 * written into OUT. Where several are read, only the leading path they all share is named
 * (`image` for `.Values.image.repository` and `.Values.image.tag`); false when they share
 * none, or none is read. */
bool rc_helm_map_values_key(rc_helm_map *map, const char *template_path, uint32_t line,
                            char *out, size_t size);

/* The values prefix of a rendered template's subchart: "notification." for
 * `platform/charts/notification/templates/x.yaml`, "" for the top chart's templates. */
bool rc_helm_values_prefix(const char *source, char *out, size_t size);

#endif

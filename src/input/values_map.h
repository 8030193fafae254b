/* values_map.h - where a chart value is set: the line of a dotted key (`notification.resources`)
 * in a Helm values file, so a finding can also name the line users change.
 *
 * Ownership: the map owns the files it reads (parsed once, cached by path) and every string
 * it returns, until rc_values_map_free. Errors: a file that cannot be read or parsed, and a
 * key it does not set, are simply not found (lookups return false). */
#ifndef RC_VALUES_MAP_H
#define RC_VALUES_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rc_values_map rc_values_map;

rc_values_map *rc_values_map_create(void);
void rc_values_map_free(rc_values_map *map);

/* Whether FILE sets the dotted KEY; its key's 1-based line and column go to *LINE, *COLUMN. */
bool rc_values_map_find(rc_values_map *map, const char *file, const char *key, uint32_t *line,
                        uint32_t *column);

/* The `.Values.` path a template line reads (`{{ toYaml .Values.resources | nindent 12 }}`
 * gives "resources"), written into OUT; false when the line reads none. */
bool rc_values_key_in(const char *line, size_t len, char *out, size_t size);

/* The next `.Values.` path of LINE at or after byte *FROM, as rc_values_key_in; *FROM moves
 * past it. False with *FROM == LEN when the line reads no further one; false with *FROM < LEN
 * when the next one is too long for OUT. */
bool rc_values_key_next(const char *line, size_t len, size_t *from, char *out, size_t size);

#endif

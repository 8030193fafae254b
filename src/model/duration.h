/* duration.h - Prometheus-style durations ("15s", "1m30s", "720h", "30d"), as Prometheus,
 * the Prometheus Operator, Loki and Grafana's refresh setting write them.
 * Units y w d h m s ms, largest first, each at most once; "0" alone is zero; at most what Go
 * holds in 64-bit nanoseconds (about 292 years), as Prometheus allows. A value struct
 * API: nothing allocated, nothing kept. */
#ifndef RC_DURATION_H
#define RC_DURATION_H

#include <stdbool.h>

/* Milliseconds in TEXT; false when TEXT (NULL included) is not a duration or is too large. */
bool rc_duration_parse(const char *text, long long *ms);

#endif

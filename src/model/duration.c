#include "model/duration.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

bool rc_duration_parse(const char *text, long long *ms)
{
    static const struct {
        const char *unit;
        long long ms;
    } units[] = {{"y", 365LL * 86400000}, {"w", 7LL * 86400000}, {"d", 86400000LL},
                 {"h", 3600000LL},        {"m", 60000LL},         {"s", 1000LL},
                 {"ms", 1LL}};
    enum { MINUTES = 4 };
    if (!text || !text[0])
        return false;
    if (strcmp(text, "0") == 0) {
        *ms = 0;
        return true;
    }
    long long total = 0;
    size_t next_unit = 0;
    const char *p = text;
    while (*p) {
        if (!isdigit((unsigned char)*p))
            return false;
        long long n = 0;
        while (isdigit((unsigned char)*p)) {
            /* Bounded so that n * 10 stays inside long long; the unit is checked below. */
            if (n > (LLONG_MAX - 9) / 10)
                return false;
            n = n * 10 + (*p++ - '0');
        }
        size_t u;
        for (u = next_unit; u < sizeof units / sizeof units[0]; u++) {
            size_t len = strlen(units[u].unit);
            /* "m" must not take the "m" of "ms". */
            if (strncmp(p, units[u].unit, len) == 0 && !(u == MINUTES && p[1] == 's'))
                break;
        }
        if (u == sizeof units / sizeof units[0])
            return false;
        p += strlen(units[u].unit);
        /* Go's durations are 64-bit nanoseconds: past about 292 years Prometheus says "out
         * of range", and so do we (which also keeps the sum from overflowing). */
        const long long max_ms = LLONG_MAX / 1000000;
        if (n > max_ms / units[u].ms || total > max_ms - n * units[u].ms)
            return false;
        total += n * units[u].ms;
        next_unit = u + 1;
    }
    *ms = total;
    return true;
}

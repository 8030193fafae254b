/* diag.h - a positioned diagnostic: what went wrong and where (1-based line and column).
 * Plain value struct; FILE is borrowed and must outlive the diagnostic. */
#ifndef RC_DIAG_H
#define RC_DIAG_H

#include <stdint.h>

typedef struct rc_diag {
    const char *file;
    uint32_t line;   /* 0 when the problem has no position (e.g. an unreadable file) */
    uint32_t column;
    char message[320];
} rc_diag;

void rc_diag_set(rc_diag *diag, const char *file, uint32_t line, uint32_t column,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif

/* baseline.h - findings already known, read from an earlier run's SARIF (--baseline).
 *
 * A finding whose fingerprint (partialFingerprints."readyctlFingerprint/v1") appears in the
 * baseline is reported as suppressed rather than counted. Ownership: the baseline owns its
 * strings; rc_baseline_release frees them. Errors: rc_baseline_load returns false with a
 * diagnostic (file, and line and column for JSON syntax errors). */
#ifndef RC_BASELINE_H
#define RC_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "input/diag.h"

typedef struct rc_baseline {
    const char *path;
    char **fingerprints; /* sorted */
    size_t count;
} rc_baseline;

bool rc_baseline_load(rc_baseline *baseline, const char *path, rc_diag *diag);
bool rc_baseline_contains(const rc_baseline *baseline, const char *fingerprint);
void rc_baseline_release(rc_baseline *baseline);

/* The partialFingerprints key readyctl writes and reads. */
#define RC_FINGERPRINT_KEY "readyctlFingerprint/v1"

#endif

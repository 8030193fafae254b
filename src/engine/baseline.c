#include "engine/baseline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool add_fingerprint(rc_baseline *baseline, size_t *capacity, const char *fingerprint)
{
    if (baseline->count == *capacity) {
        size_t fresh = *capacity ? *capacity * 2 : 64;
        char **grown = realloc(baseline->fingerprints, fresh * sizeof *grown);
        if (!grown)
            return false;
        baseline->fingerprints = grown;
        *capacity = fresh;
    }
    char *copy = strdup(fingerprint);
    if (!copy)
        return false;
    baseline->fingerprints[baseline->count++] = copy;
    return true;
}

bool rc_baseline_load(rc_baseline *baseline, const char *path, rc_diag *diag)
{
    memset(baseline, 0, sizeof *baseline);
    baseline->path = path;
    json_error_t error;
    json_t *root = json_load_file(path, 0, &error);
    if (!root) {
        rc_diag_set(diag, path, error.line > 0 ? (uint32_t)error.line : 0,
                    error.column > 0 ? (uint32_t)error.column : 0, "not a SARIF baseline: %s",
                    error.text);
        return false;
    }
    json_t *runs = json_object_get(root, "runs");
    if (!json_is_array(runs)) {
        rc_diag_set(diag, path, 0, 0, "not a SARIF baseline: no runs array");
        json_decref(root);
        return false;
    }
    size_t capacity = 0, i, j;
    json_t *run, *result;
    bool ok = true;
    json_array_foreach(runs, i, run) {
        json_array_foreach(json_object_get(run, "results"), j, result) {
            json_t *fingerprints = json_object_get(result, "partialFingerprints");
            const char *fp = json_string_value(json_object_get(fingerprints, RC_FINGERPRINT_KEY));
            if (fp && ok)
                ok = add_fingerprint(baseline, &capacity, fp);
        }
    }
    json_decref(root);
    if (!ok) {
        rc_diag_set(diag, path, 0, 0, "out of memory reading the baseline");
        rc_baseline_release(baseline);
        return false;
    }
    if (baseline->count > 1)
        qsort(baseline->fingerprints, baseline->count, sizeof *baseline->fingerprints,
              compare_strings);
    return true;
}

bool rc_baseline_contains(const rc_baseline *baseline, const char *fingerprint)
{
    return baseline->count &&
           bsearch(&fingerprint, baseline->fingerprints, baseline->count,
                   sizeof *baseline->fingerprints, compare_strings) != NULL;
}

void rc_baseline_release(rc_baseline *baseline)
{
    for (size_t i = 0; i < baseline->count; i++)
        free(baseline->fingerprints[i]);
    free(baseline->fingerprints);
    baseline->fingerprints = NULL;
    baseline->count = 0;
}

/* checked.h - overflow-checked size arithmetic, used for every size computed from input.
 * Each returns true and stores the result, or returns false on overflow (OUT untouched). */
#ifndef RC_CHECKED_H
#define RC_CHECKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool rc_add_size(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

static inline bool rc_mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return false;
    *out = a * b;
    return true;
}

#endif

#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/checked.h"

void rc_buf_init(rc_buf *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->capacity = 0;
}

void rc_buf_release(rc_buf *buf)
{
    free(buf->data);
    rc_buf_init(buf);
}

void rc_buf_clear(rc_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

bool rc_buf_reserve(rc_buf *buf, size_t extra)
{
    size_t needed;
    if (!rc_add_size(buf->len, extra, &needed) || !rc_add_size(needed, 1, &needed))
        return false;
    if (needed <= buf->capacity)
        return true;
    size_t capacity = buf->capacity ? buf->capacity : 256;
    while (capacity < needed) {
        if (!rc_mul_size(capacity, 2, &capacity))
            return false;
    }
    char *grown = realloc(buf->data, capacity);
    if (!grown)
        return false;
    buf->data = grown;
    buf->capacity = capacity;
    return true;
}

bool rc_buf_append(rc_buf *buf, const char *bytes, size_t len)
{
    if (!rc_buf_reserve(buf, len))
        return false;
    if (len)
        memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool rc_buf_puts(rc_buf *buf, const char *text)
{
    return rc_buf_append(buf, text, strlen(text));
}

bool rc_buf_putc(rc_buf *buf, char c)
{
    return rc_buf_append(buf, &c, 1);
}

bool rc_buf_printf(rc_buf *buf, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    int needed = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    bool ok = needed >= 0 && rc_buf_reserve(buf, (size_t)needed);
    if (ok) {
        vsnprintf(buf->data + buf->len, (size_t)needed + 1, fmt, again);
        buf->len += (size_t)needed;
    }
    va_end(again);
    return ok;
}

char *rc_buf_detach(rc_buf *buf)
{
    char *out = buf->data;
    if (!out)
        out = calloc(1, 1);
    rc_buf_init(buf);
    return out;
}

const char *rc_buf_str(const rc_buf *buf)
{
    return buf->data ? buf->data : "";
}

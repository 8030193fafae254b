/* buf.h - growable byte buffer (always NUL-terminated) for building text and reading files.
 *
 * Ownership: an rc_buf owns its heap memory; rc_buf_release frees it. rc_buf_detach hands the
 * memory to the caller (free() it).
 * Errors: appends return false when memory runs out or the size would overflow; the buffer
 * then keeps its previous contents. */
#ifndef RC_BUF_H
#define RC_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rc_buf {
    char *data;     /* NULL until the first append; data[len] == '\0' after one */
    size_t len;
    size_t capacity;
} rc_buf;

#define RC_BUF_INIT { NULL, 0, 0 }

void rc_buf_init(rc_buf *buf);
void rc_buf_release(rc_buf *buf);
/* Empties the buffer, keeping its memory. */
void rc_buf_clear(rc_buf *buf);
bool rc_buf_reserve(rc_buf *buf, size_t extra);
bool rc_buf_append(rc_buf *buf, const char *bytes, size_t len);
bool rc_buf_puts(rc_buf *buf, const char *text);
bool rc_buf_putc(rc_buf *buf, char c);
bool rc_buf_printf(rc_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents ("" when empty), leaving the buffer empty. Caller frees. */
char *rc_buf_detach(rc_buf *buf);
/* Contents as a C string; "" when nothing was appended. Borrowed. */
const char *rc_buf_str(const rc_buf *buf);

#endif

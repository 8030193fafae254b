#include "input/diag.h"

#include <stdarg.h>
#include <stdio.h>

void rc_diag_set(rc_diag *diag, const char *file, uint32_t line, uint32_t column,
                 const char *fmt, ...)
{
    diag->file = file;
    diag->line = line;
    diag->column = column;
    va_list args;
    va_start(args, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, args);
    va_end(args);
}

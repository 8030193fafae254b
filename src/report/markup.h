/* markup.h - text escaping shared by the XML (junit) and HTML formats. */
#ifndef RC_MARKUP_H
#define RC_MARKUP_H

#include <stdio.h>

/* Writes TEXT with &, <, > and " escaped; control characters XML 1.0 forbids become '?'. */
void rc_markup_escaped(FILE *out, const char *text);

#endif

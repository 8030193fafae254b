/* promql_check.c - reads PromQL expressions, one a line (with -z: NUL-terminated, so that
 * they may span lines), on standard input and prints one verdict a line: "ok" or
 * "error OFFSET: MESSAGE" (OFFSET a byte offset in the expression). The driver of
 * tests/promql-oracle.sh, which holds these verdicts to promtool's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "promql/promql.h"

int main(int argc, char **argv)
{
    int separator = argc > 1 && strcmp(argv[1], "-z") == 0 ? '\0' : '\n';
    char *line = NULL;
    size_t capacity = 0;
    ssize_t n;
    while ((n = getdelim(&line, &capacity, separator, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == separator)
            line[--n] = '\0';
        rc_arena arena;
        rc_arena_init(&arena);
        const rc_promql_node *root;
        rc_promql_error err;
        if (rc_promql_parse(&arena, line, (size_t)n, &root, &err))
            printf("ok\n");
        else
            printf("error %zu: %s\n", err.offset, err.message);
        rc_arena_release(&arena);
    }
    free(line);
    return 0;
}

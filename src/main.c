/* main.c - parse the command line, run the command, exit with its code. */
#include <stdio.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    rc_cli cli;
    if (!rc_cli_parse(&cli, argc, argv, stderr)) {
        rc_cli_release(&cli);
        return RC_EXIT_USAGE;
    }
    int code = rc_cli_run(&cli);
    rc_cli_release(&cli);
    return code;
}

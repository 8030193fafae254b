/* input.c - the template behind the input-error rule. It checks nothing itself: the engine
 * raises its findings when a file cannot be read or a document cannot be parsed, so that
 * broken input shows up in every output format like any other finding. */
#include "checks/check.h"
#include "checks/templates.h"

const rc_template rc_template_input_error = {
    .name = "input-error",
    .scope = RC_SCOPE_OBJECT,
    .summary = "raised by the engine for input it cannot read or parse",
    .params = rc_no_params,
};

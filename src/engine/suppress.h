/* suppress.h - in-source suppressions: annotations on the object a finding is about.
 *
 *   readyctl.io/ignore-<rule-id or name>: "<reason>"   one rule, with its reason
 *   readyctl.io/ignore: RC101,cpu-limit-missing          listed rules (reason optional, from
 *   readyctl.io/ignore-reason: "<reason>"                 readyctl.io/ignore-reason)
 *   readyctl.io/ignore: all                              every rule; honoured only together
 *                                                        with readyctl.io/ignore-reason
 * Returns the reason (arena string) when RULE is suppressed on OBJ, else NULL. */
#ifndef RC_SUPPRESS_H
#define RC_SUPPRESS_H

#include "model/object.h"
#include "rules/rule.h"
#include "util/arena.h"

const char *rc_suppression_for(const rc_object *obj, const rc_rule *rule, rc_arena *arena);

#endif

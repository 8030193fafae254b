/* starter.h - a first .readyctl.yaml for a project (`readyctl init`): the platform's services
 * guessed from a render or a chart directory, the rest of DESIGN.md §4's requirements written
 * as commented examples to fill in.
 *
 * A service is guessed from each long-running workload (Deployment, StatefulSet, DaemonSet):
 * its app.kubernetes.io/name label, else its app.kubernetes.io/component label, else its
 * name, without the "<release>-" prefix (app.kubernetes.io/instance). From a chart directory: the
 * aliases (or names) of Chart.yaml's dependencies, else the chart's name. Workloads an HPA
 * targets are guessed to be the ones that must autoscale; a release that keeps volume claims
 * gets `backup: required` suggested.
 *
 * Ownership: a starter owns its strings (heap); rc_starter_release frees them. Errors: add
 * functions return false when memory runs out or (charts) Chart.yaml cannot be read, with a
 * diagnostic. */
#ifndef RC_STARTER_H
#define RC_STARTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "input/diag.h"
#include "model/object.h"

typedef struct rc_name_set {
    char **items; /* sorted, unique */
    size_t count;
} rc_name_set;

typedef struct rc_starter {
    rc_name_set services;
    rc_name_set autoscaling;
    bool stateful;
    size_t workloads;
} rc_starter;

void rc_starter_init(rc_starter *starter);
void rc_starter_release(rc_starter *starter);
/* Guesses from OBJECTS (a render's), borrowed for the call. */
bool rc_starter_add_objects(rc_starter *starter, const rc_object *objects, size_t count);
/* Guesses from the chart in CHART_DIR (its Chart.yaml). */
bool rc_starter_add_chart(rc_starter *starter, const char *chart_dir, rc_diag *diag);
/* Writes the commented settings file; FROM says what the guesses came from. */
bool rc_starter_write(const rc_starter *starter, const char *from, FILE *out);

#endif

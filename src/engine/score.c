/* score.c - the checklist verdicts and the score (DESIGN.md §4).
 * An item passes when none of its rules has an unsuppressed finding at or above warning,
 * fails otherwise, and is n/a when none of the kinds it applies to is in the release. */
#include <stdlib.h>
#include <string.h>

#include "engine/run_private.h"

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and removes duplicates in place; returns the new count. */
static size_t sort_unique(const char **items, size_t count)
{
    if (count < 2)
        return count;
    qsort(items, count, sizeof *items, compare_strings);
    size_t out = 1;
    for (size_t i = 1; i < count; i++) {
        if (strcmp(items[i], items[out - 1]) != 0)
            items[out++] = items[i];
    }
    return out;
}

static bool item_applies(const rc_run *run, const rc_checklist_item *item)
{
    if (item->applies_to_count == 0)
        return true;
    const rc_object *objects = run->objects.items;
    for (size_t i = 0; i < run->objects.count; i++) {
        for (size_t k = 0; k < item->applies_to_count; k++) {
            if (strcmp(objects[i].kind, item->applies_to[k]) == 0)
                return true;
        }
    }
    return false;
}

static bool rule_decides(const rc_rule *rule, const rc_checklist_item *item)
{
    return rule->checklist && strcmp(rule->checklist, item->id) == 0;
}

static bool judge_item(rc_run *run, const rc_checklist_item *item, rc_verdict *verdict)
{
    memset(verdict, 0, sizeof *verdict);
    verdict->item = item;
    const rc_finding *findings = run->findings.items;
    const rc_examined *examined = run->examined.items;
    verdict->failed = calloc(run->findings.count + 1, sizeof *verdict->failed);
    verdict->passed = calloc(run->examined.count + 1, sizeof *verdict->passed);
    if (!verdict->failed || !verdict->passed)
        return false;
    for (size_t i = 0; i < run->findings.count; i++) {
        const rc_finding *f = &findings[i];
        if (f->suppression || f->severity < RC_SEVERITY_WARNING || !rule_decides(f->rule, item))
            continue;
        verdict->finding_count++;
        verdict->failed[verdict->failed_count++] = f->object ? f->object : f->path;
    }
    verdict->failed_count = sort_unique(verdict->failed, verdict->failed_count);
    for (size_t i = 0; i < run->examined.count; i++) {
        if (!rule_decides(examined[i].rule, item))
            continue;
        const char *object = examined[i].object;
        if (!bsearch(&object, verdict->failed, verdict->failed_count, sizeof object,
                     compare_strings))
            verdict->passed[verdict->passed_count++] = object;
    }
    verdict->passed_count = sort_unique(verdict->passed, verdict->passed_count);
    if (verdict->finding_count)
        verdict->state = RC_VERDICT_FAIL;
    else if (!item_applies(run, item))
        verdict->state = RC_VERDICT_NA;
    else
        verdict->state = RC_VERDICT_PASS;
    return true;
}

bool rc_run_score(rc_run *run)
{
    double passed = 0, applicable = 0;
    for (size_t i = 0; i < run->pack->item_count; i++) {
        rc_verdict verdict;
        bool ok = judge_item(run, &run->pack->items[i], &verdict);
        if (!ok || !rc_vec_push(&run->verdicts, &verdict, sizeof verdict)) {
            free(verdict.passed);
            free(verdict.failed);
            return false;
        }
        if (verdict.state == RC_VERDICT_NA)
            continue;
        applicable += verdict.item->weight;
        if (verdict.state == RC_VERDICT_PASS)
            passed += verdict.item->weight;
    }
    run->result.score = applicable > 0 ? 100.0 * passed / applicable : 100.0;
    return true;
}

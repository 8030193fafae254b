/* score.c - the checklist verdicts, the score and the one verdict on the release
 * (DESIGN.md §5).
 * An item fails when one of its rules has an unsuppressed error, warns when it has only
 * warnings, passes when it has neither, and is n/a when none of its rules examined anything
 * or found anything and none of the requirements that declare it is declared.
 * Score = 100 x sum(weight x (1 pass, 1/2 warn, 0 fail)) / sum(weight of applicable items). */
#include <stdio.h>
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

/* Which checklist item each rule of the pack decides (by index; item_count for none), found
 * once: the verdicts go through every finding and examined object once per item, and
 * comparing item ids there was most of the scoring of a large release. */
typedef struct item_map {
    const rc_pack *pack;
    size_t *item_of_rule;
    /* The run's examined pairs are ordered by rule (the pack's order): rule r's are
     * [examined_from[r], examined_from[r + 1]), so an item reads only its rules' pairs. */
    size_t *examined_from;
} item_map;

static void item_map_release(item_map *map)
{
    free(map->item_of_rule);
    free(map->examined_from);
}

static bool item_map_init(item_map *map, const rc_pack *pack, const rc_vec *examined)
{
    map->pack = pack;
    map->item_of_rule = calloc(pack->rule_count + 1, sizeof *map->item_of_rule);
    map->examined_from = calloc(pack->rule_count + 2, sizeof *map->examined_from);
    if (!map->item_of_rule || !map->examined_from)
        return false;
    const rc_examined *pairs = examined->items;
    for (size_t i = 0; i < examined->count; i++) {
        size_t r = rc_pack_rule_index(pack, pairs[i].rule);
        if (r >= pack->rule_count)
            return false; /* merge_examined only records the pack's own rules */
        map->examined_from[r + 1]++;
    }
    for (size_t r = 1; r <= pack->rule_count; r++)
        map->examined_from[r] += map->examined_from[r - 1];
    for (size_t r = 0; r < pack->rule_count; r++) {
        const char *id = pack->rules[r].checklist;
        map->item_of_rule[r] = pack->item_count;
        for (size_t i = 0; id && i < pack->item_count; i++) {
            if (strcmp(id, pack->items[i].id) == 0) {
                map->item_of_rule[r] = i;
                break;
            }
        }
    }
    return true;
}

static bool rule_decides(const item_map *map, const rc_rule *rule, size_t item)
{
    const rc_pack *pack = map->pack;
    size_t r = rc_pack_rule_index(pack, rule);
    if (r < pack->rule_count)
        return map->item_of_rule[r] == item;
    return rule->checklist && strcmp(rule->checklist, pack->items[item].id) == 0;
}

/* The n/a reason: the item's own, and which requirements would make it apply (in ARENA). */
static const char *na_reason(rc_arena *arena, const rc_checklist_item *item)
{
    const char *reason = item->na_reason ? item->na_reason : "nothing in scope";
    if (!item->declared_by_count)
        return reason;
    char keys[256];
    size_t used = 0;
    keys[0] = '\0';
    for (size_t i = 0; i < item->declared_by_count && used < sizeof keys; i++) {
        int n = snprintf(keys + used, sizeof keys - used, "%srequirements.%s",
                         i ? (i + 1 == item->declared_by_count ? " or " : ", ") : "",
                         item->declared_by[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return rc_arena_printf(arena, "not declared: %s; %s", keys, reason);
}

static bool item_declared(const rc_run *run, const rc_checklist_item *item)
{
    for (size_t i = 0; i < item->declared_by_count; i++) {
        if (rc_requirements_declared(run->options->requirements, item->declared_by[i]))
            return true;
    }
    return false;
}

/* Appends to VERDICT->passed the objects the item's rules examined, in order and without
 * repeats, but for those that failed: a merge of the rules' runs of examined pairs, each
 * already sorted by description, with one pointer per distinct description
 * (merge_examined), so no sort is needed. With K rules per item it compares K - 1 heads per
 * object, where sorting the union took log n string comparisons per object; and it walks
 * the sorted failed objects beside them, where searching them took log n more. False when
 * memory runs out. */
static bool merge_passed(const rc_run *run, const item_map *map, size_t index,
                         rc_verdict *verdict)
{
    const rc_examined *examined = run->examined.items;
    size_t *pos = malloc(2 * (run->pack->rule_count + 1) * sizeof *pos);
    if (!pos)
        return false;
    size_t *end = pos + run->pack->rule_count + 1;
    size_t runs = 0, failed_at = 0;
    for (size_t r = 0; r < run->pack->rule_count; r++) {
        if (map->item_of_rule[r] == index && map->examined_from[r] < map->examined_from[r + 1]) {
            pos[runs] = map->examined_from[r];
            end[runs++] = map->examined_from[r + 1];
        }
    }
    for (;;) {
        size_t best = runs;
        for (size_t k = 0; k < runs; k++) {
            if (pos[k] < end[k] &&
                (best == runs || (examined[pos[k]].object != examined[pos[best]].object &&
                                  strcmp(examined[pos[k]].object, examined[pos[best]].object) < 0)))
                best = k;
        }
        if (best == runs) {
            free(pos);
            return true;
        }
        const char *object = examined[pos[best]++].object;
        size_t n = verdict->passed_count;
        if (n && (verdict->passed[n - 1] == object || strcmp(verdict->passed[n - 1], object) == 0))
            continue;
        /* The objects come in the order FAILED is sorted in: one cursor walks it. */
        int order = -1;
        while (failed_at < verdict->failed_count &&
               (order = strcmp(verdict->failed[failed_at], object)) < 0)
            failed_at++;
        if (failed_at == verdict->failed_count || order != 0)
            verdict->passed[verdict->passed_count++] = object;
    }
}

/* The verdict of item INDEX: thread-safe (reads the run, writes VERDICT and ARENA). */
static bool judge_item(const rc_run *run, const item_map *map, rc_arena *arena, size_t index,
                       rc_verdict *verdict)
{
    const rc_checklist_item *item = &run->pack->items[index];
    memset(verdict, 0, sizeof *verdict);
    verdict->item = item;
    const rc_finding *findings = run->findings.items;
    /* Sized to this item's own findings and examined objects: sized to the whole run's, the
     * lists of every item together came to many times the run's memory. */
    size_t decided_findings = 0, decided_examined = 0;
    for (size_t i = 0; i < run->findings.count; i++)
        decided_findings += rule_decides(map, findings[i].rule, index);
    for (size_t r = 0; r < run->pack->rule_count; r++) {
        if (map->item_of_rule[r] == index)
            decided_examined += map->examined_from[r + 1] - map->examined_from[r];
    }
    verdict->failed = malloc((decided_findings + 1) * sizeof *verdict->failed);
    verdict->passed = malloc((decided_examined + 1) * sizeof *verdict->passed);
    if (!verdict->failed || !verdict->passed)
        return false;
    bool errors = false, in_scope = decided_examined > 0;
    for (size_t i = 0; i < run->findings.count; i++) {
        const rc_finding *f = &findings[i];
        if (!rule_decides(map, f->rule, index))
            continue;
        in_scope = true;
        if (f->suppression || f->severity < RC_SEVERITY_WARNING)
            continue;
        errors |= f->severity == RC_SEVERITY_ERROR;
        verdict->finding_count++;
        verdict->failed[verdict->failed_count++] =
            f->object ? f->object : rc_arena_printf(arena, "%s:%u", f->path, f->line);
        if (!verdict->failed[verdict->failed_count - 1])
            return false;
    }
    verdict->failed_count = sort_unique(verdict->failed, verdict->failed_count);
    if (!merge_passed(run, map, index, verdict))
        return false;
    if (errors)
        verdict->state = RC_VERDICT_FAIL;
    else if (verdict->finding_count)
        verdict->state = RC_VERDICT_WARN;
    else if (in_scope || item_declared(run, item))
        verdict->state = RC_VERDICT_PASS;
    else {
        verdict->state = RC_VERDICT_NA;
        verdict->na_reason = na_reason(arena, item);
        if (!verdict->na_reason)
            return false;
    }
    return true;
}

/* The one verdict: every output shows it, and the exit code follows it. */
static void decide(rc_run *run)
{
    rc_result *result = &run->result;
    rc_severity fail_on = run->options->fail_on;
    if (run->input_errors) {
        result->state = RC_RELEASE_INPUT_ERROR;
        result->exit_code = 3;
    } else if (!result->judged) {
        result->state = RC_RELEASE_NOTHING_JUDGED;
        result->exit_code = 0;
    } else if ((fail_on != RC_SEVERITY_NONE && rc_result_max_severity(result) >= fail_on) ||
               (result->scored && result->score < run->options->min_score)) {
        result->state = RC_RELEASE_NOT_READY;
        result->exit_code = 1;
    } else {
        result->state = RC_RELEASE_READY;
        result->exit_code = 0;
    }
}

/* The checklist's items, judged on the run's lanes: each item reads the run and writes only
 * its own verdict. */
typedef struct item_judging {
    const item_map *map;
    rc_verdict *verdicts;
    bool *judged;
} item_judging;

static void judge_item_unit(rc_run *run, rc_lane *lane, size_t index, void *user)
{
    item_judging *judging = user;
    judging->judged[index] =
        judge_item(run, judging->map, &lane->arena, index, &judging->verdicts[index]);
}

/* Below this many examined pairs the items are judged on one thread: a chart's checklist
 * takes well under a millisecond, less than starting a thread. */
enum { PARALLEL_MIN_EXAMINED = 4096 };

bool rc_run_score(rc_run *run)
{
    double earned = 0, applicable = 0;
    size_t items = run->pack->item_count;
    item_map map;
    rc_verdict *verdicts = calloc(items + 1, sizeof *verdicts);
    bool *judged = calloc(items + 1, sizeof *judged);
    bool ok = verdicts && judged && item_map_init(&map, run->pack, &run->examined);
    if (ok) {
        item_judging judging = {&map, verdicts, judged};
        rc_run_pool(run, judge_item_unit, &judging, items,
                    run->examined.count >= PARALLEL_MIN_EXAMINED ? 2 : SIZE_MAX);
    }
    for (size_t i = 0; i < items; i++) {
        ok = ok && judged[i] && rc_vec_push(&run->verdicts, &verdicts[i], sizeof verdicts[i]);
        if (!ok) {
            free(verdicts[i].passed);
            free(verdicts[i].failed);
            continue;
        }
        if (verdicts[i].state == RC_VERDICT_NA)
            continue;
        applicable += verdicts[i].item->weight;
        if (verdicts[i].state == RC_VERDICT_PASS)
            earned += verdicts[i].item->weight;
        else if (verdicts[i].state == RC_VERDICT_WARN)
            earned += verdicts[i].item->weight / 2;
    }
    if (verdicts && judged)
        item_map_release(&map);
    free(verdicts);
    free(judged);
    if (!ok)
        return false;
    run->result.scored = applicable > 0;
    run->result.judged = applicable > 0 || run->findings.count > 0;
    run->result.score = applicable > 0 ? 100.0 * earned / applicable : 0.0;
    decide(run);
    return true;
}

#include "engine/run.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "engine/run_private.h"
#include "engine/suppress.h"
#include "util/checked.h"

/* Grows VEC's room to CAPACITY items of ITEM_SIZE bytes (never shrinks it). */
static bool vec_grow(rc_vec *vec, size_t capacity, size_t item_size)
{
    size_t bytes;
    if (capacity <= vec->capacity)
        return true;
    if (!rc_mul_size(capacity, item_size, &bytes))
        return false;
    void *grown = realloc(vec->items, bytes);
    if (!grown)
        return false;
    vec->items = grown;
    vec->capacity = capacity;
    return true;
}

bool rc_vec_reserve(rc_vec *vec, size_t extra, size_t item_size)
{
    size_t needed;
    return rc_add_size(vec->count, extra, &needed) && vec_grow(vec, needed, item_size);
}

bool rc_vec_push(rc_vec *vec, const void *item, size_t item_size)
{
    if (vec->count == vec->capacity &&
        !vec_grow(vec, vec->capacity ? vec->capacity * 2 : 16, item_size))
        return false;
    memcpy((char *)vec->items + vec->count * item_size, item, item_size);
    vec->count++;
    return true;
}

void rc_vec_release(rc_vec *vec)
{
    free(vec->items);
    vec->items = NULL;
    vec->count = vec->capacity = 0;
}

struct rc_check_ctx {
    rc_run *run;
    const rc_rule *rule;
    rc_lane *lane;
    /* The object an object rule judges while its document is parsed (rc_run_judge_parsed):
     * a copy that moves once loading ends, so what the rule records names its document. The
     * release is not loaded yet then, so nothing run-wide may be asked for. */
    const rc_object *parsed;
};

const rc_rule *rc_check_rule(const rc_check_ctx *ctx)
{
    return ctx->rule;
}

const rc_params *rc_check_params(const rc_check_ctx *ctx)
{
    return &ctx->rule->params;
}

const char *rc_check_profile(const rc_check_ctx *ctx)
{
    return ctx->run->options->profile ? ctx->run->options->profile : "prod";
}

const char *const *rc_check_profile_lineage(const rc_check_ctx *ctx, size_t *count)
{
    static const char *const prod[] = {"prod"};
    const rc_run_options *options = ctx->run->options;
    if (!options->profile_lineage_count) {
        *count = 1;
        return options->profile ? &options->profile : prod;
    }
    *count = options->profile_lineage_count;
    return options->profile_lineage;
}

const rc_requirements *rc_check_requirements(const rc_check_ctx *ctx)
{
    const rc_requirements *req = ctx->run->options->requirements;
    return req && req->node ? req : NULL;
}

const char *const *rc_check_docs(const rc_check_ctx *ctx, size_t *count)
{
    *count = ctx->run->options->docs_count;
    return ctx->run->options->docs;
}

const char *rc_check_input_of(const rc_object *obj)
{
    return obj->doc ? obj->doc->input : NULL;
}

const char *rc_check_chart_root(const rc_check_ctx *ctx)
{
    return ctx->run->helm ? rc_helm_map_chart_root(ctx->run->helm) : NULL;
}

rc_arena *rc_check_arena(rc_check_ctx *ctx)
{
    return &ctx->lane->arena;
}

static bool run_next_unit(rc_run *run, rc_lane *lane);

void *rc_check_shared(rc_check_ctx *ctx, const void *key, rc_check_build_fn build)
{
    assert(!ctx->parsed);
    rc_run *run = ctx->run;
    pthread_mutex_lock(&run->shared_lock);
    size_t i = 0;
    while (i < run->memo_count && run->memo[i].key != key)
        i++;
    if (i == sizeof run->memo / sizeof run->memo[0]) {
        pthread_mutex_unlock(&run->shared_lock);
        return NULL;
    }
    if (i == run->memo_count) {
        run->memo[i].key = key;
        run->memo[i].value = NULL;
        run->memo[i].building = false;
        run->memo_count++;
    }
    while (run->memo[i].building) {
        /* The rules of one family all ask for the same derivation, in the pack's order: a
         * thread that waited for it would idle as long as the build takes. */
        pthread_mutex_unlock(&run->shared_lock);
        bool worked = !ctx->lane->building && run_next_unit(run, ctx->lane);
        pthread_mutex_lock(&run->shared_lock);
        if (!worked && run->memo[i].building)
            pthread_cond_wait(&run->shared_built, &run->shared_lock);
    }
    void *value = run->memo[i].value;
    /* A failed build is tried again by the next caller, as memory may have come back. */
    if (!value) {
        run->memo[i].building = true;
        pthread_mutex_unlock(&run->shared_lock);
        ctx->lane->building++;
        value = build(ctx);
        ctx->lane->building--;
        pthread_mutex_lock(&run->shared_lock);
        run->memo[i].value = value;
        run->memo[i].building = false;
        pthread_cond_broadcast(&run->shared_built);
    }
    pthread_mutex_unlock(&run->shared_lock);
    return value;
}

static size_t derived_hash(const void *tag, const void *node)
{
    uint64_t h = (uint64_t)(uintptr_t)tag * 0x9e3779b97f4a7c15u;
    h ^= (uint64_t)(uintptr_t)node + 0x632be59bd9b4e019u + (h << 6) + (h >> 2);
    return (size_t)(h ^ (h >> 29));
}

/* The slot of (TAG, NODE) in RUN's table, or the empty slot where it would go. The table
 * always has a free slot (it is grown at half full). */
static rc_derived_entry *derived_slot(const rc_run *run, const void *tag, const void *node)
{
    size_t mask = run->derived_capacity - 1;
    for (size_t i = derived_hash(tag, node) & mask;; i = (i + 1) & mask) {
        rc_derived_entry *e = &run->derived[i];
        if (!e->tag || (e->tag == tag && e->node == node))
            return e;
    }
}

void *rc_check_derived(rc_check_ctx *ctx, const void *tag, const rc_node *node)
{
    rc_run *run = ctx->run;
    pthread_mutex_lock(&run->derived_lock);
    void *value = run->derived_capacity ? derived_slot(run, tag, node)->value : NULL;
    pthread_mutex_unlock(&run->derived_lock);
    return value;
}

static bool derived_grow(rc_run *run)
{
    size_t capacity = run->derived_capacity ? run->derived_capacity * 2 : 64;
    rc_derived_entry *old = run->derived;
    size_t old_capacity = run->derived_capacity;
    rc_derived_entry *fresh = calloc(capacity, sizeof *fresh);
    if (!fresh)
        return false;
    run->derived = fresh;
    run->derived_capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].tag)
            *derived_slot(run, old[i].tag, old[i].node) = old[i];
    }
    free(old);
    return true;
}

void *rc_check_derived_put(rc_check_ctx *ctx, const void *tag, const rc_node *node,
                           void *value)
{
    rc_run *run = ctx->run;
    pthread_mutex_lock(&run->derived_lock);
    if ((run->derived_count + 1) * 2 > run->derived_capacity && !derived_grow(run)) {
        pthread_mutex_unlock(&run->derived_lock);
        return value; /* unrecorded: only slower */
    }
    rc_derived_entry *e = derived_slot(run, tag, node);
    if (!e->tag) {
        e->tag = tag;
        e->node = node;
        e->value = value;
        run->derived_count++;
    }
    value = e->value;
    pthread_mutex_unlock(&run->derived_lock);
    return value;
}

static void *build_pod_index(rc_check_ctx *ctx)
{
    rc_run *run = ctx->run;
    return rc_pod_index_build(rc_check_arena(ctx), run->objects.items, run->release_count);
}

const rc_pod_index *rc_check_pod_index(rc_check_ctx *ctx)
{
    /* Objects are complete once rules run: the index is built once and shared. */
    static const char key = 0;
    const rc_pod_index *index = rc_check_shared(ctx, &key, build_pod_index);
    if (!index)
        ctx->lane->out_of_memory = true;
    return index;
}

size_t rc_check_object_count(const rc_check_ctx *ctx)
{
    assert(!ctx->parsed);
    return ctx->run->release_count;
}

const rc_object *rc_check_object_at(const rc_check_ctx *ctx, size_t index)
{
    assert(!ctx->parsed);
    return &((const rc_object *)ctx->run->objects.items)[index];
}

static const char *describe_object(rc_arena *arena, const rc_object *obj)
{
    char text[512];
    rc_object_describe(obj, text, sizeof text);
    return rc_arena_strdup(arena, text);
}

void rc_check_examined(rc_check_ctx *ctx, const rc_object *obj)
{
    bool pushed;
    if (obj == ctx->parsed) {
        rc_lane_examined_parsed examined = {ctx->rule, obj->doc};
        pushed = rc_vec_push(&ctx->lane->examined_parsed, &examined, sizeof examined);
    } else {
        rc_lane_examined examined = {ctx->rule, obj};
        pushed = rc_vec_push(&ctx->lane->examined, &examined, sizeof examined);
    }
    if (!pushed)
        ctx->lane->out_of_memory = true;
}

void rc_document_locate(const rc_document *doc, uint32_t line, const char **path,
                        uint32_t *out_line)
{
    if (doc->source && line > doc->source_line) {
        *path = doc->source;
        *out_line = line - doc->source_line;
    } else {
        *path = doc->input;
        *out_line = line;
    }
}

/* The directory of the chart a template belongs to: the part of its path before the last
 * "/templates/" (in the run arena), or NULL. */
static const char *chart_dir_of(rc_run *run, const char *template_path)
{
    const char *cut = NULL;
    for (const char *p = strstr(template_path, "/templates/"); p; p = strstr(p + 1, "/templates/"))
        cut = p;
    return cut ? rc_arena_strndup(&run->arena, template_path, (size_t)(cut - template_path)) : NULL;
}

/* Where the value behind FINDING (now on its template line) is set: the template line's (or
 * its block's) `.Values.` key, looked up in the template's chart's values.yaml, then the top
 * chart's values.yaml under the subchart's alias, then every --values file in order; the last
 * that sets it wins, as in helm. */
static void locate_value(rc_run *run, rc_finding *finding, const char *source,
                         const char *template_path)
{
    char key[256], prefix[256], full[512];
    if (!rc_helm_map_values_key(run->helm, template_path, finding->line, key, sizeof key) ||
        !rc_helm_values_prefix(source, prefix, sizeof prefix))
        return;
    if (strncmp(key, "global.", 7) == 0)
        prefix[0] = '\0'; /* globals are the same key at every level */
    if (snprintf(full, sizeof full, "%s%s", prefix, key) >= (int)sizeof full)
        return;
    if (!run->values && !(run->values = rc_values_map_create())) {
        run->out_of_memory = true;
        return;
    }
    const char *own_dir = chart_dir_of(run, template_path);
    const char *own = own_dir ? rc_arena_printf(&run->arena, "%s/values.yaml", own_dir) : NULL;
    const char *top = rc_arena_printf(&run->arena, "%s/values.yaml",
                                      rc_helm_map_chart_root(run->helm));
    const char *files[2 + 64];
    const char *keys[2 + 64];
    size_t n = 0;
    if (own) {
        files[n] = own;
        keys[n++] = key;
    }
    if (top && (!own || strcmp(top, own) != 0)) {
        files[n] = top;
        keys[n++] = full;
    }
    for (size_t i = 0; i < run->options->values_count && n < sizeof files / sizeof files[0]; i++) {
        files[n] = run->options->values_files[i];
        keys[n++] = full;
    }
    for (size_t i = n; i-- > 0;) {
        uint32_t line, column;
        if (rc_values_map_find(run->values, files[i], keys[i], &line, &column)) {
            finding->values_path = files[i];
            finding->values_key = rc_arena_strdup(&run->arena, full);
            finding->values_line = line;
            finding->values_column = column;
            return;
        }
    }
}

enum { ENCLOSING_MAX = 64 };

/* The positions that enclose TARGET inside ROOT, innermost first: for each level, the key
 * it stands under (map) or the item it is in (sequence), and last ROOT itself. Found by an
 * explicit depth-first search, bounded to ENCLOSING_MAX levels; returns how many. */
static size_t enclosing_positions(const rc_node *root, const rc_node *target, uint32_t *lines,
                                  uint32_t *columns)
{
    struct {
        const rc_node *node;
        size_t next;
    } stack[ENCLOSING_MAX];
    size_t depth = 1, found = 0;
    stack[0].node = root;
    stack[0].next = 0;
    while (depth && stack[depth - 1].node != target) {
        const rc_node *node = stack[depth - 1].node;
        size_t i = stack[depth - 1].next++;
        if (node->kind == RC_NODE_SCALAR || i >= rc_node_count(node) || depth == ENCLOSING_MAX) {
            depth--;
            continue;
        }
        if (node->kind == RC_NODE_MAP && node->as.map.pairs[i].key == target)
            target = node->as.map.pairs[i].value; /* a finding on a key: its pair */
        stack[depth].node = node->kind == RC_NODE_MAP ? node->as.map.pairs[i].value
                                                      : node->as.seq.items[i];
        stack[depth].next = 0;
        depth++;
    }
    if (!depth)
        return 0;
    /* STACK[0..DEPTH) is the path; each parent's NEXT - 1 is the child's index. */
    for (size_t level = depth - 1; level-- > 0;) {
        const rc_node *parent = stack[level].node;
        size_t i = stack[level].next - 1;
        const rc_node *at = parent->kind == RC_NODE_MAP ? parent->as.map.pairs[i].key
                                                         : parent->as.seq.items[i];
        lines[found] = at->line;
        columns[found++] = at->column;
    }
    lines[found] = root->line;
    columns[found++] = root->column;
    return found;
}

/* Positions a finding: in the template named by `# Source:` when helm rendered the document
 * (the line counted from the template's first rendered line), else in the input itself.
 * With the chart on disk, the template's own line: of NODE when it can be told, else of the
 * nearest position enclosing it inside ROOT that can (the `resources:` key above a toYaml
 * block, the container's `- name:` item), else of the object's first line. ROOT and NODE
 * may be NULL (input errors, requirement findings). */
static void place_finding(rc_run *run, rc_finding *finding, const rc_document *doc,
                          const char *input, const rc_node *root, const rc_node *node,
                          uint32_t line, uint32_t column)
{
    finding->input = input;
    finding->input_line = line;
    finding->input_column = column;
    finding->path = input;
    finding->line = line;
    finding->column = column;
    if (!doc || !doc->source || line <= doc->source_line)
        return;
    rc_document_locate(doc, line, &finding->path, &finding->line);
    finding->rendered_line = finding->line;
    /* With --chart-root: the template file on disk, and its own line where it can be told. */
    const char *template_path = run->helm ? rc_helm_map_path(run->helm, doc->source) : NULL;
    if (!template_path || !doc->text)
        return;
    uint32_t lines[ENCLOSING_MAX + 1], columns[ENCLOSING_MAX + 1];
    size_t count = 1;
    lines[0] = line;
    columns[0] = column;
    if (root && node && node != root)
        count += enclosing_positions(root, node, lines + 1, columns + 1);
    for (size_t i = 0; i < count; i++) {
        if (lines[i] <= doc->source_line || (i && lines[i] == lines[i - 1]))
            continue;
        uint32_t mapped_column = columns[i];
        const char *mapped_path = template_path;
        uint32_t template_line = rc_helm_map_line(run->helm, template_path, doc->text,
                                                  doc->text_len, lines[i] - doc->first_line,
                                                  &mapped_column);
        if (!template_line) {
            /* A pod template an include drew from `_podtemplate.tpl`: its own line there
             * says more than the enclosing `spec:` of the template that included it. */
            mapped_column = columns[i];
            template_line = rc_helm_map_helper_line(run->helm, template_path, doc->text,
                                                    doc->text_len, lines[i] - doc->first_line,
                                                    &mapped_column, &mapped_path);
        }
        if (template_line) {
            finding->path = mapped_path;
            finding->line = template_line;
            finding->column = mapped_column;
            locate_value(run, finding, doc->source, mapped_path);
            return;
        }
    }
    /* Not even the object's first line: the finding keeps helm's path and the rendered
     * line, so a disk path always comes with a line of that file. */
}

static void add_finding(rc_run *run, const rc_finding *finding)
{
    if (!finding->message || !rc_vec_push(&run->findings, finding, sizeof *finding))
        run->out_of_memory = true;
}

/* A finding of CTX's rule with its message formatted: messages are sentences (SARIF asks
 * for it), so a template's lower-case first word is capitalised. */
static rc_finding new_finding(rc_check_ctx *ctx, const char *fmt, va_list args)
    __attribute__((format(printf, 2, 0)));

static rc_finding new_finding(rc_check_ctx *ctx, const char *fmt, va_list args)
{
    char message[1024];
    vsnprintf(message, sizeof message, fmt, args);
    if (message[0] >= 'a' && message[0] <= 'z')
        message[0] = (char)(message[0] - 'a' + 'A');
    rc_finding finding = {0};
    finding.rule = ctx->rule;
    finding.severity = ctx->rule->severity;
    finding.message = rc_arena_strdup(&ctx->lane->arena, message);
    return finding;
}

static void add_pending(rc_check_ctx *ctx, const rc_pending_finding *pending)
{
    if (!pending->finding.message || !rc_vec_push(&ctx->lane->pending, pending, sizeof *pending))
        ctx->lane->out_of_memory = true;
}

void rc_check_report(rc_check_ctx *ctx, const rc_object *obj, const rc_node *at,
                     const char *fmt, ...)
{
    rc_arena *arena = &ctx->lane->arena;
    if (!at)
        at = obj->node;
    va_list args;
    va_start(args, fmt);
    rc_pending_finding pending = {.finding = new_finding(ctx, fmt, args)};
    va_end(args);
    pending.finding.object = describe_object(arena, obj);
    pending.finding.suppression = rc_suppression_for(obj, ctx->rule, arena);
    if (pending.finding.suppression)
        pending.finding.suppression_kind = RC_SUPPRESSED_IN_SOURCE;
    pending.doc = obj->doc;
    pending.input = obj->doc->input;
    pending.root = obj->node;
    pending.node = at;
    pending.line = at->line;
    pending.column = at->column;
    add_pending(ctx, &pending);
}

void rc_check_report_requirement(rc_check_ctx *ctx, const rc_req_at *at, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    rc_pending_finding pending = {.finding = new_finding(ctx, fmt, args)};
    va_end(args);
    pending.input = at->file;
    pending.line = at->line;
    pending.column = at->column;
    add_pending(ctx, &pending);
}

void rc_run_skip(rc_run *run, const char *what, const char *path, uint32_t line,
                 const char *reason)
{
    rc_skipped skipped = {rc_arena_strdup(&run->arena, what), path, line, reason};
    if (!skipped.what || !rc_vec_push(&run->skipped, &skipped, sizeof skipped))
        run->out_of_memory = true;
}

void rc_run_input_error(rc_run *run, const rc_document *doc, const char *input, uint32_t line,
                        uint32_t column, const char *message)
{
    run->input_errors++;
    if (run->options->errors) {
        if (line)
            fprintf(run->options->errors, "readyctl: %s:%u:%u: %s\n", input, (unsigned)line,
                    (unsigned)column, message);
        else
            fprintf(run->options->errors, "readyctl: %s: %s\n", input, message);
    }
    const rc_rule *rule = NULL;
    for (size_t i = 0; i < run->pack->rule_count && !rule; i++) {
        if (strcmp(run->pack->rules[i].tmpl->name, "input-error") == 0 &&
            !run->pack->rules[i].disabled)
            rule = &run->pack->rules[i];
    }
    if (!rule)
        return; /* a custom pack without the input-error rule: stderr and exit code only */
    rc_finding finding = {0};
    finding.rule = rule;
    finding.severity = rule->severity;
    if (doc)
        finding.message = rc_arena_printf(&run->arena, "Document %zu of %s was not linted: %s.",
                                          doc->index + 1, input, message);
    else
        finding.message = rc_arena_printf(&run->arena, "%s was not linted: %s.", input, message);
    place_finding(run, &finding, doc, input, NULL, NULL, line ? line : 1, column ? column : 1);
    add_finding(run, &finding);
}

rc_run *rc_run_create(const rc_pack *pack, const rc_run_options *options)
{
    rc_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->pack = pack;
    run->options = options;
    rc_arena_init(&run->arena);
    for (size_t i = 0; i < RC_MAX_THREADS; i++)
        rc_arena_init(&run->parse_arenas[i].arena);
    pthread_mutex_init(&run->shared_lock, NULL);
    pthread_cond_init(&run->shared_built, NULL);
    pthread_mutex_init(&run->derived_lock, NULL);
    if (options->chart_root) {
        run->helm = rc_helm_map_create(options->chart_root);
        if (!run->helm) {
            rc_run_free(run);
            return NULL;
        }
    }
    return run;
}

/* Lifecycle hooks (pre-install, post-upgrade...) run beside the release, not as part of it:
 * they are judged only by the object rules of items that say so (images, resources,
 * secrets, security), never by coverage rules (PDBs, policies, probes, replicas). */
static bool judges_object(const rc_run *run, const rc_checklist_item *item, const rc_object *obj)
{
    return obj->hook != RC_HOOK_LIFECYCLE || run->options->include_hooks ||
           (item && item->judges_hooks);
}

typedef struct rc_rule_pool {
    rc_run *run;
    rc_unit_fn work;
    void *user;
    size_t count;
    atomic_size_t next;
    atomic_size_t lanes_taken;
} rule_pool;

/* Runs the current pool's next unit on LANE's thread, if one is left. Safe while that
 * thread is inside another unit (waiting in rc_check_shared): units share nothing but the
 * lane, whose lists only grow, and the output is sorted when the lanes merge. */
static bool run_next_unit(rc_run *run, rc_lane *lane)
{
    rule_pool *pool = run->rule_pool;
    if (!pool)
        return false;
    size_t i = atomic_fetch_add(&pool->next, 1);
    if (i >= pool->count)
        return false;
    pool->work(run, lane, i, pool->user);
    return true;
}

static void *rule_worker(void *arg)
{
    rule_pool *pool = arg;
    rc_lane *lane = &pool->run->lanes[atomic_fetch_add(&pool->lanes_taken, 1)];
    /* Units are handed out one at a time: their costs vary too much for fixed chunks. */
    for (;;) {
        size_t i = atomic_fetch_add(&pool->next, 1);
        if (i >= pool->count)
            return NULL;
        pool->work(pool->run, lane, i, pool->user);
    }
}

void rc_run_pool(rc_run *run, rc_unit_fn work, void *user, size_t count, size_t min_parallel)
{
    rule_pool pool = {run, work, user, count, 0, 0};
    pthread_t threads[RC_MAX_THREADS];
    size_t started = 0;
    run->rule_pool = &pool;
    if (count >= min_parallel) {
        for (; started + 1 < run->lane_count && started + 1 < count; started++) {
            if (pthread_create(&threads[started], NULL, rule_worker, &pool) != 0)
                break; /* fewer threads is only slower */
        }
    }
    rule_worker(&pool);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    run->rule_pool = NULL;
}

/* Every object rule on OBJ: one object's rules stay on one lane, so what they derive from
 * it (a dashboard parsed once) is found by the next rule without waiting. PARSED is OBJ when
 * it is judged before it is filed in the run, else NULL. */
static void judge_object(rc_run *run, rc_lane *lane, const rc_object *obj,
                         const rc_object *parsed)
{
    for (size_t r = 0; r < run->object_rule_count; r++) {
        rc_check_ctx ctx = {run, run->object_rules[r].rule, lane, parsed};
        if (judges_object(run, run->object_rules[r].item, obj) &&
            ctx.rule->tmpl->check_object(&ctx, obj))
            rc_check_examined(&ctx, obj);
    }
}

void rc_run_judge_parsed(rc_run *run, size_t lane, const rc_object *obj)
{
    judge_object(run, &run->lanes[lane], obj, obj);
}

/* The object rules of object INDEX, unless they ran while its document was parsed. */
static void object_work(rc_run *run, rc_lane *lane, size_t index, void *unused)
{
    (void)unused;
    const rc_object *obj = &((const rc_object *)run->objects.items)[index];
    if (!obj->doc || !obj->doc->judged)
        judge_object(run, lane, obj, NULL);
}

static void release_work(rc_run *run, rc_lane *lane, size_t index, void *unused)
{
    (void)unused;
    rc_check_ctx ctx = {run, run->release_rules[index], lane, NULL};
    ctx.rule->tmpl->check_release(&ctx);
}

/* The enabled rules of each kind, each object rule with its checklist item, looked up once
 * rather than once per object. */
static bool collect_rules(rc_run *run)
{
    const rc_pack *pack = run->pack;
    run->object_rules = calloc(pack->rule_count + 1, sizeof *run->object_rules);
    run->release_rules = calloc(pack->rule_count + 1, sizeof *run->release_rules);
    if (!run->object_rules || !run->release_rules)
        return false;
    for (size_t r = 0; r < pack->rule_count; r++) {
        const rc_rule *rule = &pack->rules[r];
        if (rule->disabled)
            continue;
        if (rule->tmpl->check_object) {
            run->object_rules[run->object_rule_count].rule = rule;
            run->object_rules[run->object_rule_count++].item =
                rule->checklist ? rc_pack_find_item(pack, rule->checklist) : NULL;
        }
        if (rule->tmpl->check_release && !run->options->objects_only)
            run->release_rules[run->release_rule_count++] = rule;
    }
    return true;
}

static bool create_lanes(rc_run *run)
{
    size_t jobs = run->options->jobs;
    run->lane_count = jobs < 1 ? 1 : jobs > RC_MAX_THREADS ? RC_MAX_THREADS : jobs;
    run->lanes = calloc(run->lane_count, sizeof *run->lanes);
    if (!run->lanes)
        return false;
    for (size_t i = 0; i < run->lane_count; i++)
        rc_arena_init(&run->lanes[i].arena);
    return true;
}

/* An object's description and its rank among all descriptions (equal texts, equal ranks). */
typedef struct described {
    const char *text;
    size_t rank;
} described;

static int compare_described(const void *pa, const void *pb)
{
    const described *const *a = pa, *const *b = pb;
    return strcmp((*a)->text, (*b)->text);
}

/* How many (rule, object) pairs LANE recorded. */
static size_t lane_pair_count(const rc_lane *lane)
{
    return lane->examined_parsed.count + lane->examined.count;
}

/* The Ith pair of LANE (those recorded while documents were parsed first), with the object
 * where it is in the run. */
static const rc_object *lane_pair(const rc_run *run, const rc_lane *lane, size_t i,
                                  const rc_rule **rule)
{
    size_t parsed = lane->examined_parsed.count;
    if (i < parsed) {
        const rc_lane_examined_parsed *e =
            &((const rc_lane_examined_parsed *)lane->examined_parsed.items)[i];
        *rule = e->rule;
        return &((const rc_object *)run->objects.items)[e->doc->object_index];
    }
    const rc_lane_examined *e = &((const rc_lane_examined *)lane->examined.items)[i - parsed];
    *rule = e->rule;
    return e->object;
}

/* Where the description of a lane's examined OBJ is kept while lanes merge: objects of the
 * run by their place in it, any other (made by a rule) in the next entry of OUTSIDE, so two
 * walks over the lanes in the same order meet the same entries. */
static described *examined_entry(const rc_run *run, const rc_object *obj, described *by_object,
                                 described *outside, size_t *outside_used)
{
    const rc_object *objects = run->objects.items;
    uintptr_t first = (uintptr_t)objects, here = (uintptr_t)obj;
    if (here >= first && here < first + run->objects.count * sizeof *objects)
        return &by_object[(here - first) / sizeof *objects];
    return &outside[(*outside_used)++];
}

/* Appends to run->examined, for each rule in pack order, the descriptions whose ranks are
 * RANKS[FIRST[r]..FIRST[r + 1]) (any order, repeats allowed), in rank order without
 * repeats: a bitmap over the ranks per rule, read in order. Linear in the pairs plus rules
 * times descriptions / 64 (every rule examines most objects of a large release). */
static bool emit_examined(rc_run *run, const size_t *first, const uint32_t *ranks,
                          described *const *by_rank, size_t rank_count)
{
    size_t rules = run->pack->rule_count, words = rank_count / 64 + 1;
    uint64_t *seen = calloc(words, sizeof *seen);
    /* The pairs are at most as many as the ranks listed: reserved once, never regrown. */
    size_t most = first[rules];
    rc_examined *out = malloc((most ? most : 1) * sizeof *out);
    if (!seen || !out) {
        free(seen);
        free(out);
        return false;
    }
    size_t count = 0;
    for (size_t r = 0; r < rules; r++) {
        if (first[r] == first[r + 1])
            continue;
        memset(seen, 0, words * sizeof *seen);
        for (size_t i = first[r]; i < first[r + 1]; i++)
            seen[ranks[i] / 64] |= (uint64_t)1 << (ranks[i] % 64);
        for (size_t w = 0; w < words; w++) {
            for (uint64_t bits = seen[w]; bits; bits &= bits - 1) {
                size_t rank = w * 64 + (size_t)__builtin_ctzll(bits);
                out[count++] = (rc_examined){&run->pack->rules[r], by_rank[rank]->text};
            }
        }
    }
    free(seen);
    rc_vec_release(&run->examined);
    run->examined.items = out;
    run->examined.count = count;
    run->examined.capacity = most ? most : 1;
    return true;
}

/* The run's objects described and sorted in parts, one part per lane: each part's
 * descriptions go to its lane's arena, side by side, which the sort then reads. */
typedef struct describe_job {
    described *by_object;
    described **order; /* by_object's entries; each part sorted in place */
    size_t parts;
    bool *failed;      /* per part: memory ran out */
} describe_job;

static size_t part_start(size_t count, size_t part, size_t parts)
{
    return count / parts * part + (count % parts < part ? count % parts : part);
}

static void describe_part(rc_run *run, rc_lane *lane, size_t part, void *user)
{
    describe_job *job = user;
    size_t count = run->objects.count;
    size_t from = part_start(count, part, job->parts), to = part_start(count, part + 1, job->parts);
    const rc_object *objects = run->objects.items;
    for (size_t i = from; i < to; i++) {
        job->by_object[i].text = describe_object(&lane->arena, &objects[i]);
        if (!job->by_object[i].text) {
            job->failed[part] = true;
            return;
        }
        job->order[i] = &job->by_object[i];
    }
    qsort(job->order + from, to - from, sizeof *job->order, compare_described);
}

/* Merges the sorted runs RUNS[k]..RUNS[k + 1] of FROM into INTO (RUN_COUNT runs, a few). */
static void merge_sorted_runs(described *const *from, const size_t *runs, size_t run_count,
                              described **into)
{
    size_t at[RC_MAX_THREADS + 1], out = 0;
    for (size_t k = 0; k < run_count; k++)
        at[k] = runs[k];
    for (;;) {
        size_t best = run_count;
        for (size_t k = 0; k < run_count; k++) {
            if (at[k] < runs[k + 1] &&
                (best == run_count || strcmp(from[at[k]]->text, from[at[best]]->text) < 0))
                best = k;
        }
        if (best == run_count)
            return;
        into[out++] = from[at[best]++];
    }
}

/* Enough objects that describing them on a second thread pays for its start. */
enum { PARALLEL_MIN_DESCRIBED = 4096 };

/* The lanes' examined pairs, walked lane by lane on the lanes' threads: each lane's pairs
 * own a stretch of OUTSIDE (as long as its pairs) and a row of COUNTS (one per rule). */
typedef struct pair_walk {
    described *by_object;
    described *outside;       /* entries of objects not in the run, lane by lane */
    size_t *outside_from;     /* per lane: where its stretch of OUTSIDE starts */
    size_t *outside_used;     /* per lane: how many of its stretch it used */
    size_t *counts;           /* per lane, per rule: its pairs (first walk); then where its
                               * next rank goes in RANKS (second walk) */
    uint32_t *ranks;
    bool *failed;             /* per lane: memory ran out */
} pair_walk;

/* First walk of lane L's pairs: counts them per rule, and describes the objects rules made
 * (in the arena of the lane whose thread runs it). */
static void count_lane_pairs(rc_run *run, rc_lane *self, size_t l, void *user)
{
    pair_walk *walk = user;
    const rc_lane *lane = &run->lanes[l];
    size_t rules = run->pack->rule_count, used = 0;
    size_t *counts = walk->counts + l * rules;
    described *outside = walk->outside + walk->outside_from[l];
    for (size_t i = 0; i < lane_pair_count(lane); i++) {
        const rc_rule *rule;
        const rc_object *obj = lane_pair(run, lane, i, &rule);
        described *d = examined_entry(run, obj, walk->by_object, outside, &used);
        if (!d->text) {
            d->text = describe_object(&self->arena, obj);
            if (!d->text) {
                walk->failed[l] = true;
                return;
            }
        }
        /* Always below rule_count: lanes record only the run's pack's rules. */
        counts[rc_pack_rule_index(run->pack, rule)]++;
    }
    walk->outside_used[l] = used;
}

/* Second walk: files each of lane L's pairs' rank where COUNTS says, and gives its lists
 * back. */
static void file_lane_ranks(rc_run *run, rc_lane *self, size_t l, void *user)
{
    (void)self;
    pair_walk *walk = user;
    rc_lane *lane = &run->lanes[l];
    size_t *next = walk->counts + l * run->pack->rule_count, used = 0;
    described *outside = walk->outside + walk->outside_from[l];
    for (size_t i = 0; i < lane_pair_count(lane); i++) {
        const rc_rule *rule;
        const described *d =
            examined_entry(run, lane_pair(run, lane, i, &rule), walk->by_object, outside, &used);
        walk->ranks[next[rc_pack_rule_index(run->pack, rule)]++] = (uint32_t)d->rank;
    }
    rc_vec_release(&lane->examined_parsed);
    rc_vec_release(&lane->examined);
}

/* Gathers every lane's examined objects into run->examined, sorted by rule id, then object
 * description, without repeats. Every object of the run is described and the descriptions
 * sorted in parts on the lanes (nearly every object of a release is examined by some rule),
 * then merged and ranked once (equal texts share a rank). Two walks over each lane's pairs,
 * the lanes on their threads: the first counts pairs per rule and describes the objects
 * rules made (not in the run), the second files each pair's rank under its rule (4 bytes a
 * pair) and gives the lane's list back, so the lists and their merged form are never all
 * held at once. */
static bool merge_examined(rc_run *run)
{
    size_t n_objects = run->objects.count, total = 0, rules = run->pack->rule_count;
    size_t lanes = run->lane_count;
    for (size_t l = 0; l < lanes; l++)
        total += lane_pair_count(&run->lanes[l]);
    size_t parts = lanes < n_objects ? lanes : 1;
    size_t min_parallel = n_objects >= PARALLEL_MIN_DESCRIBED ? 2 : SIZE_MAX;
    described *by_object = calloc(n_objects + 1, sizeof *by_object);
    described *outside = calloc(total + 1, sizeof *outside); /* objects not in the run */
    described **order = calloc(n_objects + total + 1, sizeof *order);
    described **sorted = NULL;
    bool *failed = calloc(parts + lanes, sizeof *failed);
    size_t *outside_from = calloc(2 * lanes, sizeof *outside_from);
    size_t *counts = calloc(lanes * rules + 1, sizeof *counts);
    size_t *first = calloc(rules + 1, sizeof *first);
    uint32_t *ranks = malloc((total ? total : 1) * sizeof *ranks);
    bool ok = by_object && outside && order && failed && outside_from && counts && first &&
              ranks && total <= UINT32_MAX;
    pair_walk walk = {by_object, outside, outside_from, outside_from + (ok ? lanes : 0),
                      counts, ranks, failed + parts};
    if (ok) {
        describe_job job = {by_object, order, parts, failed};
        rc_run_pool(run, describe_part, &job, parts, min_parallel);
        for (size_t l = 1; l < lanes; l++)
            outside_from[l] = outside_from[l - 1] + lane_pair_count(&run->lanes[l - 1]);
        rc_run_pool(run, count_lane_pairs, &walk, lanes, min_parallel);
        for (size_t f = 0; f < parts + lanes; f++)
            ok = ok && !failed[f];
    }
    size_t described_count = n_objects;
    if (ok) {
        /* The objects rules made, after the run's, then sorted among themselves. */
        for (size_t l = 0; l < lanes; l++) {
            for (size_t k = 0; k < walk.outside_used[l]; k++)
                order[described_count++] = &outside[outside_from[l] + k];
        }
        qsort(order + n_objects, described_count - n_objects, sizeof *order,
              compare_described);
        size_t runs[RC_MAX_THREADS + 2];
        for (size_t p = 0; p <= parts; p++)
            runs[p] = part_start(n_objects, p, parts);
        runs[parts + 1] = described_count;
        sorted = malloc((described_count + 1) * sizeof *sorted);
        ok = sorted != NULL;
        if (ok)
            merge_sorted_runs(order, runs, parts + 1, sorted);
    }
    if (ok) {
        /* A rank is the place of the first of its equal texts in SORTED. */
        for (size_t i = 0; i < described_count; i++)
            sorted[i]->rank = i && strcmp(sorted[i]->text, sorted[i - 1]->text) == 0
                                  ? sorted[i - 1]->rank
                                  : i;
        /* Rule r's ranks go to RANKS[first[r]..first[r + 1]), each lane's after the lanes'
         * before it: COUNTS becomes where each lane files its next rank of each rule. */
        size_t at = 0;
        for (size_t r = 0; r < rules; r++) {
            first[r] = at;
            for (size_t l = 0; l < lanes; l++) {
                size_t n = counts[l * rules + r];
                counts[l * rules + r] = at;
                at += n;
            }
        }
        first[rules] = at;
        rc_run_pool(run, file_lane_ranks, &walk, lanes, min_parallel);
        ok = emit_examined(run, first, ranks, sorted, described_count);
    }
    for (size_t l = 0; l < lanes; l++) {
        rc_vec_release(&run->lanes[l].examined_parsed);
        rc_vec_release(&run->lanes[l].examined);
    }
    free(by_object);
    free(outside);
    free(order);
    free(sorted);
    free(failed);
    free(outside_from);
    free(counts);
    free(first);
    free(ranks);
    return ok;
}

/* Places every lane's findings (helm and values maps are read on this thread only) and
 * gathers them, and the examined objects, into the run. */
static bool merge_lanes(rc_run *run)
{
    for (size_t l = 0; l < run->lane_count; l++) {
        rc_lane *lane = &run->lanes[l];
        if (lane->out_of_memory)
            run->out_of_memory = true;
        rc_pending_finding *pending = lane->pending.items;
        for (size_t i = 0; i < lane->pending.count; i++) {
            rc_pending_finding *p = &pending[i];
            place_finding(run, &p->finding, p->doc, p->input, p->root, p->node, p->line,
                          p->column);
            add_finding(run, &p->finding);
        }
        rc_vec_release(&lane->pending);
    }
    if (!merge_examined(run))
        run->out_of_memory = true;
    for (size_t l = 0; l < run->lane_count; l++) {
        rc_vec_release(&run->lanes[l].examined_parsed);
        rc_vec_release(&run->lanes[l].examined);
    }
    return !run->out_of_memory;
}

/* Enough objects for a second thread to pay for its start: one chart's release rules take
 * well under a millisecond on one thread. */
enum { PARALLEL_MIN_OBJECTS = 256 };

bool rc_run_settle(rc_run *run)
{
    if (!run->settled) {
        run->settled = true;
        const rc_run_options *options = run->options;
        run->settle_refused = options->settle && !options->settle(options->settle_user);
        if (!run->settle_refused && (!collect_rules(run) || !create_lanes(run)))
            run->out_of_memory = true;
    }
    return !run->settle_refused && !run->out_of_memory;
}

bool rc_run_settled(const rc_run *run)
{
    return run->settled && !run->settle_refused;
}

static bool run_rules(rc_run *run)
{
    if (!rc_run_settle(run))
        return false;
    bool parallel = run->objects.count >= PARALLEL_MIN_OBJECTS;
    /* Not when every object was judged as it was parsed: handing out tens of thousands of
     * objects only to skip each costs the threads a shared counter per object. */
    if (run->object_rule_count && run->unjudged_count)
        rc_run_pool(run, object_work, NULL, run->objects.count, parallel ? 2 : SIZE_MAX);
    /* Release rules read objects, never the object rules' findings: they need not wait for
     * the lanes to merge. */
    rc_run_pool(run, release_work, NULL, run->release_rule_count, parallel ? 2 : SIZE_MAX);
    return merge_lanes(run);
}

/* Moves lifecycle hooks behind the release's own objects (keeping input order within each
 * part), so release rules see only the first release_count objects. */
static bool partition_hooks(rc_run *run)
{
    rc_object *objects = run->objects.items;
    size_t n = run->objects.count, kept = 0, hooks = 0;
    run->release_count = n;
    if (run->options->include_hooks)
        return true;
    for (size_t i = 0; i < n; i++)
        hooks += objects[i].hook == RC_HOOK_LIFECYCLE;
    if (!hooks)
        return true;
    rc_object *moved = malloc(hooks * sizeof *moved);
    if (!moved)
        return false;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (objects[i].hook == RC_HOOK_LIFECYCLE)
            moved[m++] = objects[i];
        else
            objects[kept++] = objects[i];
    }
    memcpy(objects + kept, moved, hooks * sizeof *moved);
    free(moved);
    run->release_count = kept;
    run->result.hook_count = hooks;
    return true;
}

static int compare_findings(const void *pa, const void *pb)
{
    const rc_finding *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    if ((c = strcmp(a->rule->id, b->rule->id)) != 0)
        return c;
    if ((c = strcmp(a->message, b->message)) != 0)
        return c;
    /* Same place, rule and message (two inputs rendering one template): input order. */
    if ((c = strcmp(a->input, b->input)) != 0)
        return c;
    if (a->input_line != b->input_line)
        return a->input_line < b->input_line ? -1 : 1;
    /* Rules run on several threads: ties are broken by content, never by arrival order. */
    if ((c = strcmp(a->object ? a->object : "", b->object ? b->object : "")) != 0)
        return c;
    return strcmp(a->suppression ? a->suppression : "", b->suppression ? b->suppression : "");
}

static uint64_t fnv1a(uint64_t hash, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return (hash ^ 0xff) * 1099511628211u; /* separator: "ab"+"c" differs from "a"+"bc" */
}

typedef struct hashed_finding {
    uint64_t hash;
    size_t index;
} hashed_finding;

static int compare_hashed(const void *pa, const void *pb)
{
    const hashed_finding *a = pa, *b = pb;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* "%016llx:%u" of HASH and OCCURRENCE, in ARENA; NULL when out of memory. Written out by
 * hand: through vsnprintf, twice per finding (to size, then to write), it was most of the
 * time spent on fingerprints (14,500 findings on the 32 MB synthetic release). */
static const char *format_fingerprint(rc_arena *arena, uint64_t hash, unsigned occurrence)
{
    static const char hex[] = "0123456789abcdef";
    char text[16 + 1 + 10 + 1];
    for (size_t i = 16; i-- > 0; hash >>= 4)
        text[i] = hex[hash & 15];
    text[16] = ':';
    char digits[10];
    size_t count = 0, len = 17;
    do {
        digits[count++] = (char)('0' + occurrence % 10);
        occurrence /= 10;
    } while (occurrence);
    while (count)
        text[len++] = digits[--count];
    return rc_arena_strndup(arena, text, len);
}

/* A finding's identity across runs: what it is about (rule, file, object, message), not its
 * line, so edits elsewhere in the file leave it alone; identical findings are numbered in
 * output order. Baselines and SARIF partialFingerprints use it. */
static bool assign_fingerprints(rc_run *run)
{
    rc_finding *findings = run->findings.items;
    size_t n = run->findings.count;
    if (n == 0)
        return true;
    hashed_finding *order = calloc(n, sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint64_t hash = 1469598103934665603u;
        hash = fnv1a(hash, findings[i].rule->id);
        hash = fnv1a(hash, findings[i].path);
        hash = fnv1a(hash, findings[i].object ? findings[i].object : "");
        order[i].hash = fnv1a(hash, findings[i].message);
        order[i].index = i;
    }
    qsort(order, n, sizeof *order, compare_hashed);
    unsigned occurrence = 0;
    for (size_t i = 0; i < n; i++) {
        occurrence = i && order[i].hash == order[i - 1].hash ? occurrence + 1 : 1;
        findings[order[i].index].fingerprint =
            format_fingerprint(&run->arena, order[i].hash, occurrence);
        if (!findings[order[i].index].fingerprint)
            run->out_of_memory = true;
    }
    free(order);
    return !run->out_of_memory;
}

static void apply_baseline(rc_run *run)
{
    const rc_baseline *baseline = run->options->baseline;
    rc_finding *findings = run->findings.items;
    for (size_t i = 0; baseline && i < run->findings.count; i++) {
        if (findings[i].suppression || !rc_baseline_contains(baseline, findings[i].fingerprint))
            continue;
        findings[i].suppression =
            rc_arena_printf(&run->arena, "already reported in baseline %s", baseline->path);
        findings[i].suppression_kind = RC_SUPPRESSED_EXTERNAL;
        if (!findings[i].suppression)
            run->out_of_memory = true;
    }
}

bool rc_run_load(rc_run *run)
{
    run->loaded = true;
    if (!rc_run_load_inputs(run) || !partition_hooks(run))
        return false;
    /* Objects judged while parsed are named by their documents until now. */
    rc_object *objects = run->objects.items;
    run->unjudged_count = 0;
    for (size_t i = 0; i < run->objects.count; i++) {
        if (objects[i].doc && objects[i].doc->judged)
            ((rc_document *)objects[i].doc)->object_index = (uint32_t)i;
        else
            run->unjudged_count++;
    }
    return true;
}

const rc_object *rc_run_objects(const rc_run *run, size_t *count)
{
    *count = run->objects.count;
    return run->objects.items;
}

size_t rc_run_input_errors(const rc_run *run)
{
    return run->input_errors;
}

const char *rc_run_chart_root(const rc_run *run)
{
    return run->helm ? rc_helm_map_chart_root(run->helm) : NULL;
}

/* Where the version starts in a helm.sh/chart label "<name>-<version>": after the last
 * hyphen that precedes a digit (or "v" and a digit); NULL when there is none. */
static const char *chart_version_of(const char *label)
{
    const char *split = NULL;
    for (const char *p = strchr(label, '-'); p; p = strchr(p + 1, '-')) {
        if ((p[1] >= '0' && p[1] <= '9') || (p[1] == 'v' && p[2] >= '0' && p[2] <= '9'))
            split = p;
    }
    return split ? split + 1 : NULL;
}

/* Chart name and version for the sign-off: the chart of the first `# Source:` path (else of
 * the first helm.sh/chart label), its version from that chart's helm.sh/chart label. */
static void identify_chart(rc_run *run)
{
    rc_document *const *docs = run->documents.items;
    const char *name = NULL;
    for (size_t i = 0; i < run->documents.count && !name; i++) {
        if (docs[i]->source)
            name = rc_arena_strndup(&run->arena, docs[i]->source, strcspn(docs[i]->source, "/"));
    }
    const rc_object *objects = run->objects.items;
    for (size_t i = 0; i < run->objects.count; i++) {
        const char *label = rc_node_get_text(objects[i].labels, "helm.sh/chart");
        const char *version = label ? chart_version_of(label) : NULL;
        if (!version)
            continue;
        size_t name_len = (size_t)(version - 1 - label);
        if (name && (strlen(name) != name_len || strncmp(label, name, name_len) != 0))
            continue;
        if (!name)
            name = rc_arena_strndup(&run->arena, label, name_len);
        run->result.chart_version = version;
        break;
    }
    run->result.chart_name = name;
}

bool rc_run_judge(rc_run *run)
{
    if (!run->loaded && !rc_run_load(run))
        return false;
    if (run->out_of_memory)
        return false;
    if (!run_rules(run) || run->out_of_memory)
        return false;
    if (run->findings.count > 1)
        qsort(run->findings.items, run->findings.count, sizeof(rc_finding), compare_findings);
    if (!assign_fingerprints(run))
        return false;
    apply_baseline(run);
    identify_chart(run);
    rc_result *result = &run->result;
    result->pack = run->pack;
    result->findings = run->findings.items;
    result->finding_count = run->findings.count;
    result->examined = run->examined.items;
    result->examined_count = run->examined.count;
    result->input_errors = run->input_errors;
    result->input_count = run->input_count;
    result->document_count = run->documents.count;
    result->object_count = run->objects.count;
    result->skipped = run->skipped.items;
    result->skipped_count = run->skipped.count;
    result->profile = run->options->profile;
    result->fail_on = run->options->fail_on;
    result->min_score = run->options->min_score;
    result->values_files = run->options->values_files;
    result->values_count = run->options->values_count;
    result->config_path = run->options->config_path;
    result->pack_version = run->options->pack_version;
    result->date = run->options->date;
    result->requirements =
        run->options->requirements && run->options->requirements->node ? run->options->requirements
                                                                        : NULL;
    if (!rc_run_score(run))
        return false;
    result->verdicts = run->verdicts.items;
    result->verdict_count = run->verdicts.count;
    return true;
}

bool rc_run_execute(rc_run *run)
{
    run->judge_while_loading = true;
    return rc_run_load(run) && rc_run_judge(run);
}

const rc_result *rc_run_result(const rc_run *run)
{
    return &run->result;
}

void rc_run_free(rc_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < RC_MAX_THREADS; i++)
        rc_arena_release(&run->parse_arenas[i].arena);
    rc_vec_release(&run->documents);
    rc_vec_release(&run->objects);
    rc_vec_release(&run->findings);
    rc_vec_release(&run->examined);
    rc_vec_release(&run->skipped);
    rc_verdict *verdicts = run->verdicts.items;
    for (size_t i = 0; i < run->verdicts.count; i++) {
        free(verdicts[i].passed);
        free(verdicts[i].failed);
    }
    rc_vec_release(&run->verdicts);
    rc_helm_map_free(run->helm);
    rc_values_map_free(run->values);
    for (size_t i = 0; i < run->lane_count; i++) {
        rc_vec_release(&run->lanes[i].pending);
        rc_vec_release(&run->lanes[i].examined_parsed);
        rc_vec_release(&run->lanes[i].examined);
        rc_arena_release(&run->lanes[i].arena);
    }
    free(run->lanes);
    free(run->object_rules);
    free(run->release_rules);
    free(run->derived);
    pthread_mutex_destroy(&run->shared_lock);
    pthread_cond_destroy(&run->shared_built);
    pthread_mutex_destroy(&run->derived_lock);
    rc_arena_release(&run->arena);
    free(run);
}

const char *rc_verdict_name(rc_verdict_state state)
{
    switch (state) {
    case RC_VERDICT_PASS:
        return "pass";
    case RC_VERDICT_WARN:
        return "warn";
    case RC_VERDICT_FAIL:
        return "fail";
    case RC_VERDICT_NA:
        break;
    }
    return "n/a";
}

const char *rc_release_state_name(rc_release_state state)
{
    switch (state) {
    case RC_RELEASE_READY:
        return "READY";
    case RC_RELEASE_NOT_READY:
        return "NOT READY";
    case RC_RELEASE_INPUT_ERROR:
        return "INPUT ERROR";
    case RC_RELEASE_NOTHING_JUDGED:
        break;
    }
    return "NOTHING JUDGED";
}

rc_severity rc_result_max_severity(const rc_result *result)
{
    rc_severity max = RC_SEVERITY_NONE;
    for (size_t i = 0; i < result->finding_count; i++) {
        const rc_finding *f = &result->findings[i];
        if (!f->suppression && f->severity > max)
            max = f->severity;
    }
    return max;
}

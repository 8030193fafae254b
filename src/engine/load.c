/* load.c - inputs to documents to objects. Each document is parsed on its own, so one broken
 * document is reported and every other one is still linted. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "engine/run_private.h"
#include "input/files.h"
#include "input/pipeline_conf.h"
#include "input/split.h"
#include "input/yaml_load.h"

/* What a directory walk reads (DESIGN.md §2). Alloy and Fluent Bit files are inputs when
 * named on the command line: every named file is read and recognised by its content. */
static const char *const input_extensions[] = {".yaml", ".yml", ".json", NULL};

/* Where a skipped entry about NODE of DOC (NULL: the document) points. */
static void locate(const rc_document *doc, const rc_node *node, const char **path,
                   uint32_t *line)
{
    rc_document_locate(doc, node ? node->line : doc->first_line, path, line);
}

/* Keeps OBJ for judging, or records it as skipped: `helm test` hooks never run with the
 * release (unless --include-hooks). */
static bool add_object(rc_run *run, const rc_document *doc, const rc_object *obj)
{
    if (obj->hook == RC_HOOK_TEST && !run->options->include_hooks) {
        char what[512];
        const char *path;
        uint32_t line;
        rc_object_describe(obj, what, sizeof what);
        locate(doc, obj->node, &path, &line);
        rc_run_skip(run, what, path, line, "helm test hook (helm.sh/hook: test)");
        return !run->out_of_memory;
    }
    return rc_vec_push(&run->objects, obj, sizeof *obj);
}

static void skip_document(rc_run *run, const rc_document *doc, const char *reason)
{
    const char *path;
    uint32_t line;
    locate(doc, doc->root, &path, &line);
    const char *what = rc_arena_printf(&run->arena, "document %zu of %s", doc->index + 1,
                                       doc->input);
    if (!what) {
        run->out_of_memory = true;
        return;
    }
    rc_run_skip(run, what, path, line, reason);
}

/* Why a document that is no Kubernetes object is skipped: what its content says it is
 * (recognised by its top-level keys, not its file name), or that it is none of those. */
static const char *unjudged_kind(const rc_node *root)
{
    static const struct {
        const char *keys[3]; /* all must be present */
        const char *reason;
    } shapes[] = {
        {{"panels"}, "Grafana dashboard without a title, uid or schemaVersion (not judged)"},
        {{"limits_config"}, "partial Loki configuration (limits_config alone; not judged)"},
        {{"overrides"}, "runtime overrides with no per-tenant Loki limits (none set, or "
                        "another system's, such as Mimir's; not judged)"},
        {{"compactor"}, "partial Loki configuration (compactor only; not judged)"},
        {{"datasources"}, "Grafana provisioning file whose datasources are not a list "
                          "(not judged)"},
        {{"providers"}, "Grafana provisioning file whose providers are not a list (not judged)"},
    };
    if (root->kind == RC_NODE_MAP) {
        for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
            bool all = true;
            for (size_t k = 0; k < 3 && shapes[i].keys[k]; k++)
                all &= rc_node_get(root, shapes[i].keys[k]) != NULL;
            if (all)
                return shapes[i].reason;
        }
    }
    return "not a Kubernetes object (no kind)";
}

/* True when ROOT has the top-level keys of a Prometheus configuration (server or agent
 * mode) and none of those of the configs that share some of them: Promtail (`positions`,
 * `clients`) and Alertmanager (`route`, `receivers`). */
static bool prometheus_config_shaped(const rc_node *root)
{
    static const char *const own[] = {"scrape_configs", "rule_files", "remote_write",
                                      "remote_read", "alerting", "scrape_config_files"};
    static const char *const others[] = {"positions", "clients", "route", "receivers"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (rc_node_get(root, others[i]))
            return false;
    }
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        if (rc_node_get(root, own[i]))
            return true;
    }
    const rc_node *global = rc_node_get(root, "global");
    return rc_node_get(global, "scrape_interval") || rc_node_get(global, "scrape_timeout") ||
           rc_node_get(global, "evaluation_interval") || rc_node_get(global, "external_labels");
}

/* True when ROOT is a Loki runtime configuration (runtime_config.file): top-level
 * `overrides` whose tenants set a limit only Loki has (Mimir's runtime file also has
 * `overrides`, with its own limit names). */
static bool loki_overrides_shaped(const rc_node *root)
{
    static const char *const loki_limits[] = {
        "retention_period", "retention_stream", "ingestion_rate_mb", "ingestion_burst_size_mb",
        "max_streams_per_user", "max_global_streams_per_user", "max_entries_limit_per_query",
        "per_stream_rate_limit", "max_query_lookback", "reject_old_samples_max_age",
    };
    const rc_node *overrides = rc_node_get(root, "overrides");
    for (size_t t = 0; overrides && overrides->kind == RC_NODE_MAP && t < overrides->as.map.count;
         t++) {
        const rc_node *tenant = overrides->as.map.pairs[t].value;
        for (size_t k = 0; k < sizeof loki_limits / sizeof loki_limits[0]; k++) {
            if (rc_node_get(tenant, loki_limits[k]))
                return true;
        }
    }
    return false;
}

/* The kind a document that is no Kubernetes object is judged as (recognised by its top-level
 * keys), or NULL when it is not one readyctl judges: a Prometheus rule file (`groups`), a
 * Prometheus configuration, a Grafana dashboard (`panels` or `rows` with a title, uid or
 * schemaVersion), a Loki configuration (`schema_config`, or `limits_config` beside server,
 * common, ingester, storage_config or compactor), a Promtail configuration (`scrape_configs`
 * with `positions` or `clients`), a Fluent Bit configuration in its YAML format (`pipeline`
 * with `inputs` or `outputs`), a Grafana provisioning file (a `datasources` or `providers`
 * list), Loki runtime overrides (`overrides` with a tenant setting a
 * Loki limit), an Alertmanager configuration (`route` and `receivers`).
 * Alloy and Fluent Bit's classic format are no YAML: load_pipeline_conf reads them. */
static const char *judged_config_kind(const rc_node *root)
{
    if (root->kind != RC_NODE_MAP || rc_node_get(root, "kind"))
        return NULL;
    if (rc_node_get(root, "groups"))
        return RC_KIND_PROMETHEUS_RULE_FILE;
    if (prometheus_config_shaped(root))
        return RC_KIND_PROMETHEUS_CONFIG_FILE;
    if (rc_node_get(root, "scrape_configs") &&
        (rc_node_get(root, "positions") || rc_node_get(root, "clients")))
        return RC_KIND_PROMTAIL_CONFIG_FILE;
    if ((rc_node_get(root, "panels") || rc_node_get(root, "rows")) &&
        (rc_node_get(root, "title") || rc_node_get(root, "uid") ||
         rc_node_get(root, "schemaVersion")))
        return RC_KIND_GRAFANA_DASHBOARD_FILE;
    if (rc_node_get(root, "schema_config") ||
        (rc_node_get(root, "limits_config") &&
         (rc_node_get(root, "server") || rc_node_get(root, "common") ||
          rc_node_get(root, "ingester") || rc_node_get(root, "storage_config") ||
          rc_node_get(root, "compactor"))))
        return RC_KIND_LOKI_CONFIG_FILE;
    if (rc_node_path(root, "pipeline.inputs") || rc_node_path(root, "pipeline.outputs"))
        return RC_KIND_FLUENTBIT_CONFIG_FILE;
    const rc_node *datasources = rc_node_get(root, "datasources");
    const rc_node *providers = rc_node_get(root, "providers");
    if ((datasources && datasources->kind == RC_NODE_SEQ) ||
        (providers && providers->kind == RC_NODE_SEQ))
        return RC_KIND_GRAFANA_PROVISIONING_FILE;
    if (loki_overrides_shaped(root))
        return RC_KIND_LOKI_RUNTIME_CONFIG_FILE;
    if (rc_node_get(root, "route") && rc_node_get(root, "receivers"))
        return RC_KIND_ALERTMANAGER_CONFIG_FILE;
    return NULL;
}

/* What a parsed document makes. */
typedef enum made_kind {
    MADE_NOTHING, /* empty, or no object (a map without a kind is MADE_SKIPPED) */
    MADE_OBJECT,  /* one object, made */
    MADE_SKIPPED, /* a document that is no object readyctl judges: skipped, with a reason */
    MADE_LIST,    /* a `kind: List`: its items are made in input order when it is finished */
} made_kind;

/* Decides what DOC makes and, for one object, makes it into *OBJ: on the document's parsing
 * thread, right after its parse, while its nodes are in cache (rc_object_init reads the
 * facts every rule asks of an object) and beside the other threads. Thread-safe: reads only
 * DOC's nodes. */
static made_kind make_object(const rc_document *doc, rc_object *obj, const char **skip_reason)
{
    const rc_node *root = doc->root;
    if (!root)
        return MADE_NOTHING; /* empty: nothing to account for */
    const char *config_kind = judged_config_kind(root);
    if (config_kind) {
        /* A config file readyctl judges as an object of its own kind. */
        const char *slash = strrchr(doc->input, '/');
        rc_object_init_config(obj, doc, root, config_kind, slash ? slash + 1 : doc->input);
        return MADE_OBJECT;
    }
    const char *kind = rc_node_get_text(root, "kind");
    if (root->kind != RC_NODE_MAP || !kind) {
        *skip_reason = unjudged_kind(root);
        return MADE_SKIPPED;
    }
    const rc_node *items = rc_node_get(root, "items");
    size_t kind_len = strlen(kind);
    /* `kind: List` and typed lists (DeploymentList...) carry their objects in items. */
    if (kind_len >= 4 && strcmp(kind + kind_len - 4, "List") == 0 && items &&
        items->kind == RC_NODE_SEQ)
        return MADE_LIST;
    return rc_object_init(obj, doc, root) ? MADE_OBJECT : MADE_NOTHING;
}

/* The objects of a `kind: List` document, in order. */
static bool add_list_items(rc_run *run, const rc_document *doc)
{
    const rc_node *items = rc_node_get(doc->root, "items");
    for (size_t i = 0; i < items->as.seq.count; i++) {
        rc_object obj;
        if (rc_object_init(&obj, doc, items->as.seq.items[i]) && !add_object(run, doc, &obj))
            return false;
    }
    return true;
}

/* The top-level key of a document whose value no rule reads, found without parsing: the
 * `spec` of a CustomResourceDefinition (its OpenAPI schema, most of the bytes of an
 * operator's chart; rules judge its metadata, as they do every object's). NULL for any
 * other document, JSON ones included. */
static const char *unread_bulk(const char *text, size_t len)
{
    static const char kind[] = "kind:";
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end - pos > sizeof kind - 1 && memcmp(text + pos, kind, sizeof kind - 1) == 0) {
            size_t v = pos + sizeof kind - 1;
            while (v < end && text[v] == ' ')
                v++;
            size_t e = end;
            while (e > v && (text[e - 1] == ' ' || text[e - 1] == '\r'))
                e--;
            static const char crd[] = "CustomResourceDefinition";
            return e - v == sizeof crd - 1 && memcmp(text + v, crd, e - v) == 0 ? "spec" : NULL;
        }
        pos = end + 1;
    }
    return NULL;
}

/* One document waiting to be parsed: set up in order, parsed on any thread, then turned into
 * objects and findings in order again, so the output never depends on the thread count. */
typedef struct pending_doc {
    rc_document *doc;
    const char *text;      /* the slice, borrowed from the input buffer */
    size_t len;
    bool skip;             /* excluded by the config */
    const char *shallow;   /* a top-level key whose value no rule reads, or NULL */
    bool ok;
    /* Why the document did not load, in its parsing thread's arena; NULL when it loaded.
     * A pointer, not the diagnostic: one per document is as large as a large input. */
    const rc_diag *diag;
    made_kind made;          /* once loaded: what it makes (make_object) */
    rc_object object;        /* MADE_OBJECT */
    const char *skip_reason; /* MADE_SKIPPED */
} pending_doc;

/* No --chart-root: the chart is often right here (helm template ./chart | readyctl), found
 * from the first `# Source:` comment of the input. Looked for before any document is set
 * up, on this thread: the chart's own settings may exclude templates. */
static bool find_chart_of(rc_run *run, const char *text, const rc_doc_slice *slices,
                          size_t count)
{
    if (run->helm || run->chart_searched || !run->options->find_chart)
        return true;
    size_t i = 0;
    while (i < count && !slices[i].source_len)
        i++;
    if (i == count)
        return true;
    run->chart_searched = true;
    const char *source = rc_arena_strndup(&run->arena, text + slices[i].source_offset,
                                          slices[i].source_len);
    char dir[4096];
    if (!source)
        return false;
    if (!rc_helm_find_chart(source, dir, sizeof dir))
        return true;
    run->helm = rc_helm_map_create(dir);
    if (!run->helm)
        return false;
    if (run->options->chart_found)
        run->options->chart_found(run->options->chart_found_user, dir);
    return true;
}

/* Sets up the document of SLICE in ARENA (the calling thread's: documents are set up on the
 * threads that parse them). Thread-safe: reads the run's settings, writes only OUT and
 * ARENA. False when memory runs out. */
static bool prepare_document(const rc_run *run, rc_arena *arena, const char *input,
                             const char *text, const rc_doc_slice *slice, size_t index,
                             pending_doc *out)
{
    memset(out, 0, sizeof *out);
    rc_document *doc = rc_arena_alloc(arena, sizeof *doc);
    if (!doc)
        return false;
    memset(doc, 0, sizeof *doc);
    doc->input = input;
    doc->index = index;
    doc->first_line = slice->first_line;
    out->doc = doc;
    out->text = text + slice->offset;
    out->len = slice->len;
    out->shallow = unread_bulk(out->text, out->len);
    if (slice->source_len) {
        doc->source = rc_arena_strndup(arena, text + slice->source_offset, slice->source_len);
        if (!doc->source)
            return false;
        doc->source_line = slice->source_line;
    }
    /* An excluded template is skipped whole: counted as a document, never linted. */
    if (doc->source)
        out->skip = rc_config_excludes(run->options->exclude, run->options->exclude_count,
                                       doc->source);
    if (run->helm && doc->source && !out->skip) {
        /* Mapping a finding to its template line needs the rendered text: kept only then. */
        doc->text = rc_arena_strndup(arena, out->text, out->len);
        doc->text_len = out->len;
        if (!doc->text)
            return false;
    }
    return true;
}

/* Thread-safe: touches only the calling thread's ARENA and the pending entry. */
static void parse_document(const rc_run *run, rc_arena *arena, pending_doc *p)
{
    if (p->skip)
        return;
    rc_diag diag;
    if (p->shallow)
        p->ok = rc_yaml_load_shallow(arena, p->doc->input, p->text, p->len, p->doc->first_line,
                                     p->shallow, &run->options->limits, &p->doc->root, &diag);
    else
        p->ok = rc_yaml_load(arena, p->doc->input, p->text, p->len, p->doc->first_line,
                             &run->options->limits, &p->doc->root, &diag);
    if (p->ok) {
        p->made = make_object(p->doc, &p->object, &p->skip_reason);
        return;
    }
    rc_diag *kept = rc_arena_alloc(arena, sizeof *kept);
    if (kept)
        *kept = diag;
    p->diag = kept;
}

/* Releasing the input behind the parse: a document's tree holds copies of its text, so once
 * every document before some point is parsed, the input's pages before it are not read again
 * and go back to the system (madvise). The input and the trees it becomes are then not
 * both held whole: the input was a fifth of a large lint's peak memory. Only for inputs this
 * large: a chart of a few hundred KB gains nothing worth the system calls. */
enum { RELEASE_MIN_BYTES = 1024 * 1024, RELEASE_EVERY_BYTES = 256 * 1024 };

typedef struct parse_pool {
    rc_run *run;
    const char *input;
    const char *text;
    const rc_doc_slice *slices;
    pending_doc *docs;
    rc_document **doc_slots; /* where the run lists each document, in input order */
    size_t count;
    atomic_bool out_of_memory; /* a document could not be set up */
    atomic_size_t arenas_taken;
    bool release_input;
    bool judge;  /* run each object's object rules right after its parse */
    size_t threads; /* how many threads parse */
    size_t page_size;
    /* The first document not yet taken: written by every thread, so apart from the fields
     * above, which every thread reads. */
    unsigned char gap[RC_THREAD_GAP];
    atomic_size_t next;
    /* The document each thread is parsing, or a lower bound of it (SIZE_MAX: none): every
     * document below the least of them is parsed. Each written on every document, so kept
     * apart (RC_THREAD_GAP). */
    struct {
        atomic_size_t at;
        unsigned char gap[RC_THREAD_GAP];
    } parsing[RC_MAX_THREADS];
    pthread_mutex_t release_lock;
    const char *released_to; /* the input before this address is given back */
} parse_pool;

/* Gives back the input's whole pages before the first document any thread still parses. */
static void release_parsed_input(parse_pool *pool)
{
    size_t least = SIZE_MAX;
    for (size_t t = 0; t < RC_MAX_THREADS; t++) {
        size_t at = atomic_load(&pool->parsing[t].at);
        if (at < least)
            least = at;
    }
    if (least >= pool->count)
        return; /* the end is released with the whole input */
    uintptr_t mask = (uintptr_t)pool->page_size - 1;
    pthread_mutex_lock(&pool->release_lock);
    uintptr_t from = ((uintptr_t)pool->released_to + mask) & ~mask;
    uintptr_t to = (uintptr_t)(pool->text + pool->slices[least].offset) & ~mask;
    if (to > from) {
        madvise((void *)from, to - from, MADV_DONTNEED);
        pool->released_to = (const char *)to;
    }
    pthread_mutex_unlock(&pool->release_lock);
}

/* How many documents a thread takes at once: a few, while many are left, so that threads
 * do not meet on the pool's counter for every small document, nor write next to each other's
 * documents (a large release is tens of thousands of documents of a few hundred bytes); one
 * at a time towards the end, where sizes vary too much for fixed chunks. */
enum { PARSE_BATCH_MAX = 16 };

static size_t take_documents(parse_pool *pool, size_t *first)
{
    size_t at = atomic_load(&pool->next);
    for (;;) {
        if (at >= pool->count)
            return 0;
        size_t batch = (pool->count - at) / (pool->threads * 8);
        if (batch < 1)
            batch = 1;
        if (batch > PARSE_BATCH_MAX)
            batch = PARSE_BATCH_MAX;
        if (atomic_compare_exchange_weak(&pool->next, &at, at + batch)) {
            *first = at;
            return batch;
        }
    }
}

static void *parse_worker(void *arg)
{
    parse_pool *pool = arg;
    size_t thread = atomic_fetch_add(&pool->arenas_taken, 1);
    rc_arena *arena = &pool->run->parse_arenas[thread].arena;
    size_t parsed = 0; /* bytes parsed since this thread last released input */
    for (;;) {
        /* Published before taking documents, so it never exceeds the first one taken. */
        atomic_store(&pool->parsing[thread].at, atomic_load(&pool->next));
        size_t first;
        size_t taken = take_documents(pool, &first);
        if (!taken) {
            atomic_store(&pool->parsing[thread].at, SIZE_MAX);
            return NULL;
        }
        for (size_t i = first; i < first + taken; i++) {
            atomic_store(&pool->parsing[thread].at, i);
            pending_doc *p = &pool->docs[i];
            if (!prepare_document(pool->run, arena, pool->input, pool->text, &pool->slices[i],
                                  i, p)) {
                atomic_store(&pool->out_of_memory, true);
                continue;
            }
            pool->doc_slots[i] = p->doc;
            parse_document(pool->run, arena, p);
            /* A `helm test` hook is skipped when filed, and a List's items are made then. */
            if (pool->judge && p->ok && p->made == MADE_OBJECT &&
                (p->object.hook != RC_HOOK_TEST || pool->run->options->include_hooks)) {
                rc_run_judge_parsed(pool->run, thread, &p->object);
                p->doc->judged = true;
            }
            parsed += p->len;
            if (pool->release_input && parsed >= RELEASE_EVERY_BYTES) {
                release_parsed_input(pool);
                parsed = 0;
            }
        }
    }
}

/* Below this much work a second thread costs more than it saves: one chart's render
 * (tens of documents, a hundred KB) parses in about a millisecond on one. */
enum { PARALLEL_MIN_DOCUMENTS = 32, PARALLEL_MIN_BYTES = 256 * 1024 };

/* Whether the rules can run as documents are parsed: under rc_run_execute, once the settings
 * can no longer change, which a chart found from a later input's `# Source:` could still do
 * until the chart has been looked for. */
static bool judge_while_parsing(rc_run *run)
{
    return run->judge_while_loading && (!run->options->find_chart || run->chart_searched) &&
           rc_run_settle(run);
}

/* Sets up and parses the COUNT documents of TEXT (cut at SLICES) into DOCS, each listed in
 * DOC_SLOTS; false when memory ran out. */
static bool parse_all(rc_run *run, const char *input, const char *text,
                      const rc_doc_slice *slices, pending_doc *docs, rc_document **doc_slots,
                      size_t count)
{
    size_t jobs = run->options->jobs;
    if (jobs > RC_MAX_THREADS)
        jobs = RC_MAX_THREADS;
    if (jobs > count)
        jobs = count;
    parse_pool pool = {.run = run,
                       .input = input,
                       .text = text,
                       .slices = slices,
                       .docs = docs,
                       .doc_slots = doc_slots,
                       .count = count,
                       .judge = judge_while_parsing(run)};
    atomic_init(&pool.out_of_memory, false);
    atomic_init(&pool.next, 0);
    atomic_init(&pool.arenas_taken, 0);
    for (size_t t = 0; t < RC_MAX_THREADS; t++)
        atomic_init(&pool.parsing[t].at, SIZE_MAX);
    pthread_t threads[RC_MAX_THREADS];
    size_t started = 0;
    size_t bytes = 0;
    for (size_t i = 0; i < count; i++)
        bytes += slices[i].len;
    long page = sysconf(_SC_PAGESIZE);
    pool.release_input = bytes >= RELEASE_MIN_BYTES && page > 0 &&
                         pthread_mutex_init(&pool.release_lock, NULL) == 0;
    pool.page_size = pool.release_input ? (size_t)page : 0;
    pool.released_to = count ? text + slices[0].offset : NULL;
    bool parallel = jobs > 1 && count >= PARALLEL_MIN_DOCUMENTS && bytes >= PARALLEL_MIN_BYTES;
    pool.threads = parallel ? jobs : 1;
    if (parallel) {
        for (; started + 1 < jobs; started++) {
            if (pthread_create(&threads[started], NULL, parse_worker, &pool) != 0)
                break; /* fewer threads is only slower */
        }
    }
    parse_worker(&pool);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (pool.release_input)
        pthread_mutex_destroy(&pool.release_lock);
    return !atomic_load(&pool.out_of_memory);
}

static bool finish_document(rc_run *run, pending_doc *p)
{
    if (p->skip) {
        skip_document(run, p->doc, "excluded by an exclude pattern");
        return !run->out_of_memory;
    }
    if (!p->ok) {
        p->doc->failed = true;
        if (!p->diag) {
            run->out_of_memory = true;
            return false;
        }
        rc_run_input_error(run, p->doc, p->doc->input, p->diag->line, p->diag->column,
                           p->diag->message);
        return !run->out_of_memory;
    }
    switch (p->made) {
    case MADE_OBJECT:
        return add_object(run, p->doc, &p->object);
    case MADE_SKIPPED:
        skip_document(run, p->doc, p->skip_reason);
        return !run->out_of_memory;
    case MADE_LIST:
        return add_list_items(run, p->doc);
    case MADE_NOTHING:
        break;
    }
    return true;
}

/* From this size on, splitting half of an input on a second thread pays for starting it. */
enum { SPLIT_HALVES_MIN_BYTES = 1024 * 1024 };

static bool load_text(rc_run *run, const char *input, const char *text, size_t len)
{
    rc_doc_slice *slices;
    size_t count;
    /* A large input's first half is split on a second thread: nothing else runs yet. */
    bool halves = run->options->jobs > 1 && len >= SPLIT_HALVES_MIN_BYTES;
    size_t cut = halves ? rc_split_find_cut(text, len, len / 2) : len;
    if (!rc_split_stream_at(text, len, cut, halves, &slices, &count))
        return false;
    pending_doc *docs = calloc(count ? count : 1, sizeof *docs);
    bool ok = docs && find_chart_of(run, text, slices, count) &&
              rc_vec_reserve(&run->documents, count, sizeof(rc_document *));
    rc_document **doc_slots =
        ok && count ? (rc_document **)run->documents.items + run->documents.count : NULL;
    if (ok)
        ok = parse_all(run, input, text, slices, docs, doc_slots, count);
    if (ok)
        run->documents.count += count;
    for (size_t i = 0; ok && i < count; i++)
        ok = finish_document(run, &docs[i]);
    free(docs);
    free(slices);
    return ok;
}

/* Whether a document from index FIRST on has content (or failed to parse). */
static bool has_content(const rc_run *run, size_t first)
{
    rc_document *const *docs = run->documents.items;
    for (size_t i = first; i < run->documents.count; i++) {
        if (docs[i]->root || docs[i]->failed)
            return true;
    }
    return false;
}

/* An Alloy or Fluent Bit (classic) configuration: one document, parsed whole, judged as an
 * object of readyctl's kind for it. A syntax error is an input error at its position. */
static bool load_pipeline_conf(rc_run *run, const char *input, rc_conf_syntax syntax,
                               const char *text, size_t len)
{
    rc_document *doc = rc_arena_alloc(&run->arena, sizeof *doc);
    if (!doc || !rc_vec_push(&run->documents, &doc, sizeof doc))
        return false;
    memset(doc, 0, sizeof *doc);
    doc->input = input;
    doc->first_line = 1;
    rc_diag diag;
    if (!rc_conf_load(&run->arena, syntax, input, text, len, 1, 0, &run->options->limits,
                      &doc->root, &diag)) {
        doc->failed = true;
        doc->root = NULL;
        rc_run_input_error(run, doc, input, diag.line, diag.column, diag.message);
        return !run->out_of_memory;
    }
    const char *slash = strrchr(input, '/');
    rc_object obj;
    rc_object_init_config(&obj, doc, doc->root,
                          syntax == RC_CONF_ALLOY ? RC_KIND_ALLOY_CONFIG_FILE
                                                  : RC_KIND_FLUENTBIT_CONFIG_FILE,
                          slash ? slash + 1 : input);
    return add_object(run, doc, &obj);
}

/* Reads PATH ("-": standard input), named or found by a directory walk, and loads it as
 * what its content is: an Alloy or Fluent Bit configuration, else YAML or JSON. */
static bool load_one(rc_run *run, const char *path, rc_input_text *text)
{
    bool from_stdin = strcmp(path, "-") == 0;
    if (!from_stdin &&
        rc_config_excludes(run->options->exclude, run->options->exclude_count, path))
        return true;
    const char *input = rc_arena_strdup(&run->arena, from_stdin ? "<stdin>" : path);
    if (!input)
        return false;
    rc_diag diag;
    bool read_ok = from_stdin
                       ? rc_input_text_read_stream(run->options->stdin_stream, input,
                                                   run->options->limits.max_input_bytes, text,
                                                   &diag)
                       : rc_input_text_read_file(path, run->options->limits.max_input_bytes,
                                                 text, &diag);
    rc_conf_syntax syntax = read_ok ? rc_conf_sniff(text->data, text->len) : RC_CONF_NONE;
    run->input_count++;
    if (!read_ok) {
        rc_run_input_error(run, NULL, input, 0, 0, diag.message);
        return !run->out_of_memory;
    }
    if (syntax != RC_CONF_NONE)
        return load_pipeline_conf(run, input, syntax, text->data, text->len) &&
               !run->out_of_memory;
    size_t documents_before = run->documents.count;
    if (!load_text(run, input, text->data, text->len))
        return false;
    if (from_stdin && !has_content(run, documents_before)) {
        /* `helm template broken-chart | readyctl` must never pass a chart that did not
         * render. */
        rc_run_input_error(run, NULL, input, 0, 0,
                           "standard input holds no YAML document (did the render fail?)");
    }
    return !run->out_of_memory;
}

bool rc_run_load_inputs(rc_run *run)
{
    rc_input_text text = RC_INPUT_TEXT_INIT;
    bool ok = true;
    for (size_t i = 0; ok && i < run->options->path_count; i++) {
        const char *path = run->options->paths[i];
        if (strcmp(path, "-") == 0 || !rc_is_directory(path)) {
            ok = load_one(run, path, &text);
            continue;
        }
        rc_path_list files = {0};
        rc_diag diag;
        if (!rc_walk_path(path, input_extensions, &files, &diag)) {
            const char *where = rc_arena_strdup(&run->arena, path);
            ok = where != NULL;
            if (ok)
                rc_run_input_error(run, NULL, where, 0, 0, diag.message);
        }
        for (size_t f = 0; ok && f < files.count; f++)
            ok = load_one(run, files.paths[f], &text);
        rc_path_list_release(&files);
    }
    rc_input_text_release(&text);
    return ok && !run->out_of_memory;
}

/* run_private.h - the body of rc_run, shared by the engine's files (run.c drives, load.c
 * reads inputs, score.c judges the checklist). Not for checks or reports. */
#ifndef RC_RUN_PRIVATE_H
#define RC_RUN_PRIVATE_H

#include <pthread.h>

#include "engine/document.h"
#include "engine/run.h"
#include "input/helm_map.h"
#include "input/values_map.h"
#include "model/object.h"
#include "model/pod_index.h"
#include "util/arena.h"

/* A growable array of fixed-size items (heap). */
typedef struct rc_vec {
    void *items;
    size_t count;
    size_t capacity;
} rc_vec;

bool rc_vec_push(rc_vec *vec, const void *item, size_t item_size);
/* Makes room for EXTRA more items beyond COUNT, so as many pushes or direct writes need no
 * regrowth. False when memory runs out (VEC unchanged). */
bool rc_vec_reserve(rc_vec *vec, size_t extra, size_t item_size);
void rc_vec_release(rc_vec *vec);

/* The most threads a run parses or runs rules on (--jobs is capped to it). */
enum { RC_MAX_THREADS = 64 };

/* Bytes kept between the state of two threads held side by side (their arenas, lanes), so
 * that what one thread writes on every allocation never shares a cache line, nor the pair of
 * lines a core fetches together, with another thread's: sharing them made a 32 MB lint on two
 * threads spend a fifth more CPU than on one. */
enum { RC_THREAD_GAP = 128 };

/* One parsing thread's arena, apart from the next thread's. */
typedef struct rc_parse_arena {
    rc_arena arena;
    unsigned char gap[RC_THREAD_GAP];
} rc_parse_arena;

/* A finding reported by a rule, waiting to be positioned: placement maps template lines
 * with the helm map and values files, which are not thread-safe, so it happens after the
 * rules, on one thread. */
typedef struct rc_pending_finding {
    rc_finding finding;
    const rc_document *doc;
    const char *input;
    const rc_node *root;
    const rc_node *node;
    uint32_t line;
    uint32_t column;
} rc_pending_finding;

/* A rule that examined an object: described once per object when the lanes are merged,
 * not once per rule. */
typedef struct rc_lane_examined {
    const rc_rule *rule;
    const rc_object *object;
} rc_lane_examined;

/* The same for an object judged while its document was parsed, not yet where it will stay:
 * named by its document. Kept apart so that every entry stays two pointers (a large release
 * records a million). */
typedef struct rc_lane_examined_parsed {
    const rc_rule *rule;
    const rc_document *doc;
} rc_lane_examined_parsed;

/* What one thread of rule execution owns: rules running on a lane write only to it, so
 * lanes need no lock. Merged into the run, on one thread, once every rule has run. */
typedef struct rc_lane {
    rc_arena arena;      /* messages, evidence, what the lane's rules derive */
    rc_vec pending;      /* rc_pending_finding */
    rc_vec examined;     /* rc_lane_examined */
    rc_vec examined_parsed; /* rc_lane_examined_parsed */
    bool out_of_memory;
    unsigned building; /* shared derivations its thread is building now (rc_check_shared) */
    unsigned char gap[RC_THREAD_GAP]; /* apart from the next lane (RC_THREAD_GAP) */
} rc_lane;

/* What rules derive from one node (a config parsed out of a ConfigMap value), shared by
 * every rule and thread: open addressing on (tag, node). */
typedef struct rc_derived_entry {
    const void *tag;
    const void *node;
    void *value;
} rc_derived_entry;

struct rc_run {
    const rc_pack *pack;
    const rc_run_options *options;
    rc_arena arena;        /* run-wide strings: paths, messages, evidence */
    rc_helm_map *helm;     /* maps `# Source:` to the chart's files (--chart-root or found) */
    rc_values_map *values; /* values files read for values locations (made on first use) */
    bool chart_searched;   /* looked for the rendered chart from the working directory */
    rc_vec documents;      /* rc_document *, each in an arena of the run */
    rc_parse_arena parse_arenas[RC_MAX_THREADS]; /* document nodes, one per parsing thread */
    rc_vec objects;        /* rc_object: the release's first, then lifecycle hooks */
    size_t release_count;  /* objects release rules see: all but lifecycle hooks */
    size_t unjudged_count; /* objects whose object rules did not run while parsed */
    rc_vec skipped;        /* rc_skipped */
    rc_vec findings;       /* rc_finding */
    rc_vec examined;       /* rc_examined */
    rc_vec verdicts;       /* rc_verdict */
    rc_lane *lanes;        /* one per rule thread; their arenas live until the run ends */
    size_t lane_count;
    struct {
        const rc_rule *rule;
        const rc_checklist_item *item;
    } *object_rules;       /* the enabled object rules, with their checklist items */
    size_t object_rule_count;
    const rc_rule **release_rules; /* the enabled release rules (none with objects_only) */
    size_t release_rule_count;
    /* Shared derivations, built once by whichever rule asks first (rc_check_shared). The
     * lock guards the slots only: a builder runs without it, so two threads build two
     * different derivations at once, and one builder may ask for another (PDB set, pod
     * index); whoever asks for one being built takes other work or waits on SHARED_BUILT. */
    pthread_mutex_t shared_lock;
    pthread_cond_t shared_built;
    /* The pool of rules running now: a thread that would wait for a derivation another is
     * building runs the pool's next rule instead, unless it is building one itself. */
    struct rc_rule_pool *rule_pool;
    struct {
        const void *key;
        void *value;
        bool building;
    } memo[32];            /* rc_check_shared slots */
    size_t memo_count;
    pthread_mutex_t derived_lock; /* guards DERIVED only; never held while parsing */
    rc_derived_entry *derived;
    size_t derived_count;
    size_t derived_capacity;
    size_t input_count;
    size_t input_errors;
    bool out_of_memory;
    bool loaded;
    bool judge_while_loading; /* rc_run_execute: object rules run as documents are parsed */
    bool settled;             /* the settle callback was called (or there is none) */
    bool settle_refused;
    rc_result result;
};

/* load.c: reads every input into documents and objects. */
bool rc_run_load_inputs(rc_run *run);
/* Records an input-error finding (and echoes it on the errors stream). */
void rc_run_input_error(rc_run *run, const rc_document *doc, const char *input, uint32_t line,
                        uint32_t column, const char *message);
/* Where input line LINE of DOC is for users: the template named by `# Source:` and the line
 * inside its rendered document (line 1 follows the comment), else DOC's input and LINE. */
void rc_document_locate(const rc_document *doc, uint32_t line, const char **path,
                        uint32_t *out_line);
/* Records an input document or object that is not judged (run-arena strings). */
void rc_run_skip(rc_run *run, const char *what, const char *path, uint32_t line,
                 const char *reason);
/* Settles the options once (rc_settle_fn) and sets up the rules and their lanes: false when
 * refused or out of memory. Called on one thread. */
bool rc_run_settle(rc_run *run);
/* Every object rule on OBJ, a document's object not yet filed in the run, on lane LANE:
 * thread-safe for distinct lanes once the run is settled. */
void rc_run_judge_parsed(rc_run *run, size_t lane, const rc_object *obj);
/* One unit of work (an object for object rules, a rule for release rules, a checklist
 * item) run on a lane; USER is what rc_run_pool was given. */
typedef void (*rc_unit_fn)(rc_run *run, rc_lane *lane, size_t index, void *user);
/* Runs WORK on units 0..COUNT-1 on up to the run's lane count of threads, the caller's
 * included, one thread only when COUNT is below MIN_PARALLEL. Which thread runs which unit
 * varies from run to run, so units write only to their lane and their own results. Called
 * on one thread, once the run is settled. */
void rc_run_pool(rc_run *run, rc_unit_fn work, void *user, size_t count, size_t min_parallel);
/* score.c: fills run->verdicts, the score and the release verdict from findings and
 * examined objects (run->result's findings must be set). */
bool rc_run_score(rc_run *run);

#endif

#include "report/json_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/signoff.h"

bool rc_json_set_string(json_t *object, const char *key, const char *value)
{
    return json_object_set_new(object, key, value ? json_string(value) : json_null()) == 0;
}

bool rc_json_set_int(json_t *object, const char *key, long long value)
{
    return json_object_set_new(object, key, json_integer(value)) == 0;
}

json_t *rc_json_score(double score)
{
    double rounded = round(score * 10.0) / 10.0;
    if (rounded == floor(rounded))
        return json_integer((json_int_t)rounded);
    return json_real(rounded);
}

/* jansson hands its text to the writer in pieces between escapes, a few bytes each: through
 * fwrite (json_dumpf), the stream's lock and bookkeeping per piece were most of the cost of
 * writing a SARIF log. Pieces are gathered here and written in blocks. */
typedef struct dump_buffer {
    FILE *out;
    size_t used;
    bool failed;
    char bytes[64 * 1024];
} dump_buffer;

static void dump_flush(dump_buffer *buffer)
{
    if (buffer->used && fwrite(buffer->bytes, 1, buffer->used, buffer->out) != buffer->used)
        buffer->failed = true;
    buffer->used = 0;
}

static int dump_piece(const char *piece, size_t size, void *data)
{
    dump_buffer *buffer = data;
    if (size > sizeof buffer->bytes - buffer->used) {
        dump_flush(buffer);
        if (size > sizeof buffer->bytes) {
            buffer->failed |= fwrite(piece, 1, size, buffer->out) != size;
            return buffer->failed ? -1 : 0;
        }
    }
    memcpy(buffer->bytes + buffer->used, piece, size);
    buffer->used += size;
    return 0;
}

bool rc_json_dump(json_t *root, FILE *out)
{
    if (!root)
        return false;
    dump_buffer *buffer = malloc(sizeof *buffer);
    int rc = -1;
    if (buffer) {
        buffer->out = out;
        buffer->used = 0;
        buffer->failed = false;
        rc = json_dump_callback(root, dump_piece, buffer, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        dump_flush(buffer);
        if (buffer->failed)
            rc = -1;
        free(buffer);
    }
    json_decref(root);
    return rc == 0 && fputc('\n', out) != EOF && !ferror(out);
}

static json_t *from_node(const rc_node *node, int depth)
{
    if (!node || depth > 16)
        return json_null();
    if (node->kind == RC_NODE_SCALAR)
        return json_string(rc_node_text(node));
    if (node->kind == RC_NODE_SEQ) {
        json_t *array = json_array();
        for (size_t i = 0; array && i < node->as.seq.count; i++)
            json_array_append_new(array, from_node(node->as.seq.items[i], depth + 1));
        return array;
    }
    json_t *object = json_object();
    for (size_t i = 0; object && i < node->as.map.count; i++) {
        const char *key = rc_node_text(node->as.map.pairs[i].key);
        if (key)
            json_object_set_new(object, key, from_node(node->as.map.pairs[i].value, depth + 1));
    }
    return object;
}

json_t *rc_json_from_node(const rc_node *node)
{
    return from_node(node, 0);
}

static json_t *skipped_json(const rc_result *result)
{
    json_t *array = json_array();
    for (size_t i = 0; array && i < result->skipped_count; i++) {
        const rc_skipped *k = &result->skipped[i];
        json_array_append_new(array, json_pack("{s:s, s:s, s:I, s:s}", "what", k->what, "path",
                                               k->path, "line", (json_int_t)k->line, "reason",
                                               k->reason));
    }
    return array;
}

static json_t *signed_json(const rc_result *result)
{
    json_t *o = json_object();
    json_t *values = json_array();
    if (!o || !values) {
        json_decref(o);
        json_decref(values);
        return NULL;
    }
    for (size_t i = 0; i < result->values_count; i++)
        json_array_append_new(values, json_string(result->values_files[i]));
    rc_json_set_string(o, "chart", result->chart_name);
    rc_json_set_string(o, "chart_version", result->chart_version);
    json_object_set_new(o, "values_files", values);
    rc_json_set_string(o, "readyctl", READYCTL_VERSION);
    rc_json_set_string(o, "rule_pack", result->pack_version);
    rc_json_set_string(o, "profile", result->profile);
    rc_json_set_string(o, "config", result->config_path);
    json_object_set_new(o, "requirements",
                        result->requirements ? rc_json_from_node(result->requirements->node)
                                             : json_null());
    rc_json_set_string(o, "date", result->date);
    return o;
}

json_t *rc_json_verdict(const rc_result *result, const rc_report_options *options)
{
    rc_signoff s;
    rc_signoff_summarise(result, options, &s);
    rc_buf reason = RC_BUF_INIT;
    rc_signoff_reason(result, &s, &reason);
    json_t *o = json_object();
    if (o) {
        rc_json_set_string(o, "verdict", s.verdict);
        rc_json_set_string(o, "reason", rc_buf_str(&reason));
        rc_json_set_int(o, "exit_code", result->exit_code);
        json_object_set_new(o, "score", result->scored ? rc_json_score(result->score)
                                                       : json_null());
        json_object_set_new(o, "skipped", skipped_json(result));
        json_object_set_new(o, "signed", signed_json(result));
    }
    rc_buf_release(&reason);
    return o;
}

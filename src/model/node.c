#include "model/node.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *rc_node_text(const rc_node *node)
{
    return node && node->kind == RC_NODE_SCALAR ? node->as.scalar.text : NULL;
}

bool rc_node_is_null(const rc_node *node)
{
    if (!node || node->kind != RC_NODE_SCALAR || node->as.scalar.style != RC_SCALAR_PLAIN)
        return false;
    /* By length first: every field of every rule is asked this at pack load. A plain
     * scalar holds no NUL, so len is its strlen. */
    const char *t = node->as.scalar.text;
    switch (node->as.scalar.len) {
    case 0:
        return true;
    case 1:
        return t[0] == '~';
    case 4:
        return strcmp(t, "null") == 0 || strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0;
    default:
        return t[0] == '\0';
    }
}

bool rc_node_is_string(const rc_node *node)
{
    return node && node->kind == RC_NODE_SCALAR && !rc_node_is_null(node);
}

/* Trees are most of a run's memory (docs/performance.md): keep a node at 24 bytes. */
_Static_assert(sizeof(rc_node) <= 24, "rc_node grew past 24 bytes");

const rc_node_pair *rc_node_get_pair_n(const rc_node *node, const char *key, size_t key_len)
{
    if (!node || node->kind != RC_NODE_MAP)
        return NULL;
    /* Last one wins, as in the Go YAML decoders Kubernetes tooling uses. */
    for (size_t i = node->as.map.count; i-- > 0;) {
        const rc_node *k = node->as.map.pairs[i].key;
        if (k->kind == RC_NODE_SCALAR && k->as.scalar.len == key_len &&
            memcmp(k->as.scalar.text, key, key_len) == 0)
            return &node->as.map.pairs[i];
    }
    return NULL;
}

/* Path steps longer than this are not looked up (no key of a rule's path is). */
enum { PATH_STEP_MAX = 127 };

rc_node *rc_node_path(const rc_node *node, const char *dotted)
{
    const char *p = dotted;
    const rc_node *cur = node;
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (len > PATH_STEP_MAX)
            return NULL;
        const rc_node_pair *pair = rc_node_get_pair_n(cur, p, len);
        cur = pair ? pair->value : NULL;
        p += len + (dot ? 1 : 0);
    }
    return (rc_node *)cur;
}

const char *rc_node_get_text(const rc_node *node, const char *key)
{
    const rc_node *value = rc_node_get(node, key);
    return rc_node_is_string(value) ? value->as.scalar.text : NULL;
}

bool rc_node_int(const rc_node *node, long long *out)
{
    if (!rc_node_is_string(node))
        return false;
    const char *t = node->as.scalar.text;
    /* strtoll skips leading blanks and stops at a NUL the scalar may hold: neither is a
     * number as Kubernetes reads it. */
    if (!*t || *t == ' ' || *t == '\t' || strlen(t) != node->as.scalar.len)
        return false;
    errno = 0;
    char *end;
    long long value = strtoll(t, &end, 10);
    if (errno || *end)
        return false;
    *out = value;
    return true;
}

bool rc_node_bool(const rc_node *node, bool *out)
{
    if (!rc_node_is_string(node))
        return false;
    const char *t = node->as.scalar.text;
    if (strcasecmp(t, "true") == 0) {
        *out = true;
        return true;
    }
    if (strcasecmp(t, "false") == 0) {
        *out = false;
        return true;
    }
    return false;
}

size_t rc_node_count(const rc_node *node)
{
    if (!node)
        return 0;
    if (node->kind == RC_NODE_MAP)
        return node->as.map.count;
    if (node->kind == RC_NODE_SEQ)
        return node->as.seq.count;
    return 0;
}

bool rc_text_is_templated(const char *text)
{
    return text && (strstr(text, "{{") || strstr(text, "${") || strstr(text, "$("));
}

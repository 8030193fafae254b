/* test_promql.c - the PromQL parser (promql/promql.h): operator precedence and
 * associativity, every node kind with its byte span, ranges, subqueries and modifiers,
 * grouping clauses in both positions, errors at the offending token, positions in multi-line
 * expressions, walk order, and the nesting bounds. tests/promql-oracle.sh compares the
 * accept/reject verdicts with promtool; this suite checks what promtool cannot show. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "promql/promql.h"
#include "testutil.h"

static rc_arena arena;
static const char *text; /* the expression last parsed */

static void setup(void)
{
    rc_arena_init(&arena);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

static const rc_promql_node *parse(const char *expr)
{
    const rc_promql_node *root = NULL;
    rc_promql_error err;
    text = expr;
    ck_assert_msg(rc_promql_parse(&arena, expr, strlen(expr), &root, &err),
                  "rejected at %zu: %s: %s", err.offset, err.message, expr);
    ck_assert_ptr_nonnull(root);
    return root;
}

/* The text a node spans. */
static char *span(const rc_promql_node *n)
{
    return rc_arena_strndup(&arena, text + n->offset, n->length);
}

/* Appends printf output to OUT, a buffer of SIZE bytes holding a string. */
static void put(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *out, size_t size, const char *fmt, ...)
{
    size_t used = strlen(out);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + used, size - used, fmt, ap);
    va_end(ap);
}

/* A Lisp rendering of the tree's shape, appended to OUT: (op lhs rhs), selectors by name. */
static void render(const rc_promql_node *n, char *out, size_t size)
{
    switch (n->kind) {
    case RC_PROMQL_NUMBER: put(out, size, "%g", n->number.value); break;
    case RC_PROMQL_STRING: put(out, size, "\"%s\"", n->string.value); break;
    case RC_PROMQL_VECTOR: put(out, size, "%s", n->vector.name ? n->vector.name : "{}"); break;
    case RC_PROMQL_MATRIX:
        render(n->matrix.vector, out, size);
        put(out, size, "[%lld]", n->matrix.range_ms);
        break;
    case RC_PROMQL_SUBQUERY:
        put(out, size, "(subquery ");
        render(n->subquery.expr, out, size);
        put(out, size, ")");
        break;
    case RC_PROMQL_CALL:
        put(out, size, "(%s ", n->call.name);
        render(n->call.args[0], out, size);
        put(out, size, ")");
        break;
    case RC_PROMQL_AGGREGATE:
        put(out, size, "(%s ", n->aggregate.name);
        render(n->aggregate.expr, out, size);
        put(out, size, ")");
        break;
    case RC_PROMQL_BINARY:
        put(out, size, "(%s ", n->binary.name);
        render(n->binary.lhs, out, size);
        put(out, size, " ");
        render(n->binary.rhs, out, size);
        put(out, size, ")");
        break;
    case RC_PROMQL_UNARY:
        put(out, size, "(%c ", n->unary.op);
        render(n->unary.expr, out, size);
        put(out, size, ")");
        break;
    case RC_PROMQL_PAREN:
        put(out, size, "[");
        render(n->paren.expr, out, size);
        put(out, size, "]");
        break;
    }
}

static void expect_shape(const char *expr, const char *shape)
{
    char out[1024] = "";
    render(parse(expr), out, sizeof out);
    ck_assert_msg(strcmp(out, shape) == 0, "%s parsed as %s, expected %s", expr, out, shape);
}

static void expect_error(const char *expr, size_t offset, const char *fragment)
{
    const rc_promql_node *root = (const rc_promql_node *)1;
    rc_promql_error err;
    ck_assert_msg(!rc_promql_parse(&arena, expr, strlen(expr), &root, &err), "accepted: %s", expr);
    ck_assert_ptr_null(root);
    ck_assert_msg(err.offset == offset, "%s: error at %zu, expected %zu (%s)", expr, err.offset,
                  offset, err.message);
    ck_assert_msg(strstr(err.message, fragment), "%s: message \"%s\" lacks \"%s\"", expr,
                  err.message, fragment);
}

START_TEST(precedence_and_associativity)
{
    expect_shape("a + b * c", "(+ a (* b c))");
    expect_shape("a * b + c", "(+ (* a b) c)");
    expect_shape("a - b - c", "(- (- a b) c)");
    expect_shape("a / b % c", "(% (/ a b) c)");
    expect_shape("a ^ b ^ c", "(^ a (^ b c))");
    expect_shape("a * b ^ c", "(* a (^ b c))");
    expect_shape("a atan2 b * c", "(* (atan2 a b) c)");
    expect_shape("a + b > c - d", "(> (+ a b) (- c d))");
    expect_shape("a > b and c < d", "(and (> a b) (< c d))");
    expect_shape("a or b and c", "(or a (and b c))");
    expect_shape("a and b or c unless d", "(or (and a b) (unless c d))");
    expect_shape("a unless b and c", "(and (unless a b) c)");
    expect_shape("a == b != c", "(!= (== a b) c)");
    /* Unary minus binds like *: looser than ^, tighter than +. */
    expect_shape("-a ^ b", "(- (^ a b))");
    expect_shape("-a * b", "(* (- a) b)");
    expect_shape("-a + b", "(+ (- a) b)");
    expect_shape("a ^ -b", "(^ a (- b))");
    expect_shape("(a + b) * c", "(* [(+ a b)] c)");
    expect_shape("--a", "(- (- a))");
    /* Postfix modifiers bind tightest. */
    expect_shape("a + rate(b[5m:])", "(+ a (rate (subquery b)))");
    expect_shape("a + b offset 5m", "(+ a b)");
    expect_shape("-1", "-1");
    expect_shape("2 ^ 3 ^ 2 > bool 100", "(> (^ 2 (^ 3 2)) 100)");
    /* Keywords are case-blind, functions are not; keywords start metric names where an
     * expression starts. */
    expect_shape("SUM(x) BY (a) AND x", "(and (sum x) x)");
    expect_shape("sum + and", "(+ sum and)");
}
END_TEST

typedef struct collected {
    const rc_promql_node *nodes[64];
    size_t count;
    size_t stop_after; /* 0: never stop */
} collected;

static bool collect(const rc_promql_node *node, void *user)
{
    collected *c = user;
    ck_assert_uint_lt(c->count, 64);
    c->nodes[c->count++] = node;
    return c->stop_after == 0 || c->count < c->stop_after;
}

START_TEST(every_kind_with_its_span)
{
    const char *expr = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h))"
                       " / on (job) group_left (team) -max_over_time(x[30m:1m])"
                       " > bool (label_replace(y, \"a\", \"$1\", \"b\", \"(.*)\") * 2)";
    const rc_promql_node *root = parse(expr);
    collected c = {0};
    rc_promql_walk(root, collect, &c);
    static const struct {
        rc_promql_kind kind;
        const char *span;
    } want[] = {
        {RC_PROMQL_BINARY, NULL /* the whole text */},
        {RC_PROMQL_BINARY, "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h)) / "
                           "on (job) group_left (team) -max_over_time(x[30m:1m])"},
        {RC_PROMQL_AGGREGATE, "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h))"},
        {RC_PROMQL_CALL, "rate(http_requests_total{code=~\"5..\"}[5m] offset 1h)"},
        {RC_PROMQL_MATRIX, "http_requests_total{code=~\"5..\"}[5m] offset 1h"},
        {RC_PROMQL_VECTOR, "http_requests_total{code=~\"5..\"}"},
        {RC_PROMQL_UNARY, "-max_over_time(x[30m:1m])"},
        {RC_PROMQL_CALL, "max_over_time(x[30m:1m])"},
        {RC_PROMQL_SUBQUERY, "x[30m:1m]"},
        {RC_PROMQL_VECTOR, "x"},
        {RC_PROMQL_PAREN, "(label_replace(y, \"a\", \"$1\", \"b\", \"(.*)\") * 2)"},
        {RC_PROMQL_BINARY, "label_replace(y, \"a\", \"$1\", \"b\", \"(.*)\") * 2"},
        {RC_PROMQL_CALL, "label_replace(y, \"a\", \"$1\", \"b\", \"(.*)\")"},
        {RC_PROMQL_VECTOR, "y"},
        {RC_PROMQL_STRING, "\"a\""},
        {RC_PROMQL_STRING, "\"$1\""},
        {RC_PROMQL_STRING, "\"b\""},
        {RC_PROMQL_STRING, "\"(.*)\""},
        {RC_PROMQL_NUMBER, "2"},
    };
    ck_assert_uint_eq(c.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < c.count; i++) {
        ck_assert_msg(c.nodes[i]->kind == want[i].kind, "node %zu is kind %d", i, c.nodes[i]->kind);
        ck_assert_str_eq(span(c.nodes[i]), want[i].span ? want[i].span : expr);
    }
    ck_assert_int_eq(root->type, RC_PROMQL_TYPE_INSTANT_VECTOR);
    ck_assert(root->binary.return_bool);
    ck_assert_int_eq(root->binary.op, RC_PROMQL_GT);

    const rc_promql_node *div = c.nodes[1];
    ck_assert_int_eq(div->binary.op, RC_PROMQL_DIV);
    ck_assert_int_eq(div->binary.matching, RC_PROMQL_MATCH_ON);
    ck_assert_uint_eq(div->binary.matching_labels.count, 1);
    ck_assert_str_eq(div->binary.matching_labels.names[0], "job");
    ck_assert_int_eq(div->binary.group, RC_PROMQL_GROUP_LEFT);
    ck_assert_uint_eq(div->binary.include_labels.count, 1);
    ck_assert_str_eq(div->binary.include_labels.names[0], "team");

    const rc_promql_node *vec = c.nodes[5];
    ck_assert_str_eq(vec->vector.name, "http_requests_total");
    ck_assert_uint_eq(vec->vector.matcher_count, 1);
    ck_assert_str_eq(vec->vector.matchers[0].label, "code");
    ck_assert_str_eq(vec->vector.matchers[0].value, "5..");
    ck_assert_int_eq(vec->vector.matchers[0].op, RC_PROMQL_MATCH_REGEX);
    ck_assert_uint_eq(vec->vector.matchers[0].offset, strstr(expr, "code") - expr);
    /* The offset of a range selector sits on its vector, after the range. */
    ck_assert(vec->vector.has_offset);
    ck_assert_int_eq(vec->vector.offset_ms, 3600000);

    ck_assert_int_eq(c.nodes[2]->type, RC_PROMQL_TYPE_INSTANT_VECTOR);
    ck_assert_int_eq(c.nodes[4]->type, RC_PROMQL_TYPE_RANGE_VECTOR);
    ck_assert_int_eq(c.nodes[14]->type, RC_PROMQL_TYPE_STRING);
    ck_assert_int_eq(c.nodes[18]->type, RC_PROMQL_TYPE_SCALAR);
}
END_TEST

START_TEST(matrix_range_and_its_offset)
{
    const char *expr = "rate(x{a=\"b\"}[1h30m])";
    const rc_promql_node *call = parse(expr);
    const rc_promql_node *m = call->call.args[0];
    ck_assert_int_eq(m->kind, RC_PROMQL_MATRIX);
    ck_assert_int_eq(m->matrix.range_ms, 5400000);
    ck_assert_uint_eq(m->matrix.range_offset, strchr(expr, '[') - expr);
    ck_assert_uint_eq(m->matrix.range_length, strlen("[1h30m]"));
    ck_assert_int_eq(m->matrix.vector->kind, RC_PROMQL_VECTOR);
    ck_assert(!m->matrix.vector->vector.has_offset);

    static const struct {
        const char *expr;
        long long ms;
    } ranges[] = {{"x[90s]", 90000}, {"x[1d]", 86400000}, {"x[2w]", 1209600000LL},
                  {"x[1y]", 31536000000LL}, {"x[500ms]", 500}, {"x[ 5m ]", 300000},
                  {"x[1h1m1s1ms]", 3661001}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        const rc_promql_node *n = parse(ranges[i].expr);
        ck_assert_int_eq(n->kind, RC_PROMQL_MATRIX);
        ck_assert_int_eq(n->matrix.range_ms, ranges[i].ms);
        ck_assert_uint_eq(n->matrix.range_offset, 1);
    }
    /* A negative offset and @ after the range. */
    const rc_promql_node *n = parse("x[5m] offset -1h @ 1700000000.5");
    ck_assert_int_eq(n->matrix.vector->vector.offset_ms, -3600000);
    ck_assert_int_eq(n->matrix.vector->vector.at, RC_PROMQL_AT_TIME);
    ck_assert_int_eq(n->matrix.vector->vector.at_ms, 1700000000500LL);
    ck_assert_uint_eq(n->length, strlen(text));
    n = parse("x @ end()");
    ck_assert_int_eq(n->vector.at, RC_PROMQL_AT_END);
}
END_TEST

START_TEST(subqueries)
{
    const char *expr = "max_over_time(rate(x[1m])[30m:1m])";
    const rc_promql_node *call = parse(expr);
    const rc_promql_node *s = call->call.args[0];
    ck_assert_int_eq(s->kind, RC_PROMQL_SUBQUERY);
    ck_assert_int_eq(s->type, RC_PROMQL_TYPE_RANGE_VECTOR);
    ck_assert_int_eq(s->subquery.range_ms, 1800000);
    ck_assert_int_eq(s->subquery.step_ms, 60000);
    ck_assert_uint_eq(s->subquery.range_offset, strstr(expr, "[30m") - expr);
    ck_assert_uint_eq(s->subquery.range_length, strlen("[30m:1m]"));
    ck_assert_int_eq(s->subquery.expr->kind, RC_PROMQL_CALL);
    ck_assert_str_eq(span(s), "rate(x[1m])[30m:1m]");

    s = parse("(a + b)[1h:] offset 5m @ start()");
    ck_assert_int_eq(s->kind, RC_PROMQL_SUBQUERY);
    ck_assert_int_eq(s->subquery.step_ms, 0);
    ck_assert_int_eq(s->subquery.range_ms, 3600000);
    ck_assert(s->subquery.has_offset);
    ck_assert_int_eq(s->subquery.offset_ms, 300000);
    ck_assert_int_eq(s->subquery.at, RC_PROMQL_AT_START);
    ck_assert_uint_eq(s->length, strlen(text));
    ck_assert_int_eq(s->subquery.expr->kind, RC_PROMQL_PAREN);
}
END_TEST

START_TEST(grouping_before_or_after_the_arguments)
{
    const char *forms[] = {"sum by (a, b) (x)", "sum(x) by (a, b)", "sum by (a, b,) (x)",
                           "sum(x) BY (a,b)"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const rc_promql_node *n = parse(forms[i]);
        ck_assert_int_eq(n->kind, RC_PROMQL_AGGREGATE);
        ck_assert_int_eq(n->aggregate.op, RC_PROMQL_SUM);
        ck_assert(n->aggregate.has_grouping);
        ck_assert(!n->aggregate.without);
        ck_assert_uint_eq(n->aggregate.grouping.count, 2);
        ck_assert_str_eq(n->aggregate.grouping.names[0], "a");
        ck_assert_str_eq(n->aggregate.grouping.names[1], "b");
        ck_assert_uint_eq(n->length, strlen(forms[i]));
        ck_assert_ptr_null(n->aggregate.param);
    }
    const rc_promql_node *n = parse("count without () (x)");
    ck_assert(n->aggregate.without && n->aggregate.has_grouping);
    ck_assert_uint_eq(n->aggregate.grouping.count, 0);
    n = parse("avg(x)");
    ck_assert(!n->aggregate.has_grouping);
    n = parse("topk(5, x) without (instance)");
    ck_assert_int_eq(n->aggregate.op, RC_PROMQL_TOPK);
    ck_assert(n->aggregate.without);
    ck_assert_double_eq(n->aggregate.param->number.value, 5);
    ck_assert_str_eq(span(n->aggregate.expr), "x");
    n = parse("count_values(\"version\", build_info)");
    ck_assert_str_eq(n->aggregate.param->string.value, "version");
    /* Keywords are label names inside the list. */
    n = parse("sum by (on, offset, le) (x)");
    ck_assert_str_eq(n->aggregate.grouping.names[1], "offset");
}
END_TEST

START_TEST(literals_and_selectors)
{
    ck_assert_double_eq(parse("0x1F")->number.value, 31);
    ck_assert_double_eq(parse("017")->number.value, 15); /* Go's ParseInt reads octal */
    ck_assert_double_eq(parse("09")->number.value, 9);
    ck_assert_double_eq(parse("1.5e3")->number.value, 1500);
    ck_assert_double_eq(parse(".5")->number.value, 0.5);
    ck_assert(isinf(parse("-Inf")->number.value) && parse("-inf")->number.value < 0);
    ck_assert(isnan(parse("NaN")->number.value));
    const rc_promql_node *n = parse("- 2");
    ck_assert_int_eq(n->kind, RC_PROMQL_NUMBER); /* folded, spanning the sign */
    ck_assert_double_eq(n->number.value, -2);
    ck_assert_uint_eq(n->length, 3);

    n = parse("\"a\\\"b\\n\\x41\\u00e9\\101\"");
    ck_assert_str_eq(n->string.value, "a\"b\nA\xc3\xa9" "A");
    ck_assert_str_eq(parse("'it\\'s'")->string.value, "it's");
    ck_assert_str_eq(parse("`raw\\d`")->string.value, "raw\\d");
    n = parse("\"nul\\x00inside\"");
    ck_assert_uint_eq(n->string.length, 10);

    n = parse("{__name__=\"up\", job!=\"\"}");
    ck_assert_str_eq(n->vector.name, "up");
    ck_assert_uint_eq(n->vector.matcher_count, 2);
    ck_assert_int_eq(n->vector.matchers[1].op, RC_PROMQL_MATCH_NOT_EQUAL);
    n = parse("{\"http.requests\", \"service.name\"=~\"api|web\"}");
    ck_assert_str_eq(n->vector.name, "http.requests");
    ck_assert_str_eq(n->vector.matchers[0].label, "service.name");
    n = parse("job:http_requests:rate5m{a=\"1\",}");
    ck_assert_str_eq(n->vector.name, "job:http_requests:rate5m");
    n = parse("{job=~\".+\"}");
    ck_assert_ptr_null(n->vector.name);
    n = parse("offset"); /* a keyword as a metric name */
    ck_assert_int_eq(n->kind, RC_PROMQL_VECTOR);
    ck_assert_str_eq(n->vector.name, "offset");
}
END_TEST

START_TEST(errors_name_the_offending_token)
{
    expect_error("rate(x)", 5, "range vector");
    expect_error("sum(x[5m])", 4, "instant vector");
    expect_error("rate(x[5m]", 10, "end of input");
    expect_error("up{job=\"a\"", 10, "inside braces");
    expect_error("up{job=a}", 7, "expected string");
    expect_error("foo(x)", 0, "unknown function \"foo\"");
    expect_error("RATE(x[5m])", 0, "unknown function");
    expect_error("label_join(x, \"a\")", 0, "at least 3");
    expect_error("round(x, 1, 2)", 0, "at most 2");
    expect_error("x[5m:1m:1m]", 7, "unexpected \":\"");
    expect_error("x[1.5h]", 2, "not a duration");
    expect_error("x[0s]", 2, "above zero");
    expect_error("(x)[5m]", 3, "only to a selector");
    expect_error("x offset 5m [5m]", 12, "offset must follow the range");
    expect_error("sum(x) offset 5m", 7, "applies only");
    expect_error("x offset 1h offset 2h", 12, "offset set twice");
    expect_error("1 > 2", 2, "needs bool");
    expect_error("x + bool y", 2, "bool applies only");
    expect_error("x and 1", 2, "instant vectors on both sides");
    expect_error("x and on(a) group_left y", 2, "many-to-many");
    expect_error("x + on(a) group_left(a) y", 2, "label \"a\"");
    expect_error("x + \"a\"", 4, "scalars or instant vectors");
    expect_error("{}", 0, "empty string");
    expect_error("{a=~\".*\"}", 0, "empty string");
    expect_error("x{__name__=\"y\"}", 0, "set twice");
    expect_error("x{a=~\"(\"}", 5, "bad regular expression");
    expect_error("x{a=~\"a(?=b)\"}", 5, "group syntax (?=");
    expect_error("x{a=~\"a++\"}", 5, "nested repetition");
    expect_error("x{a=~\"(a)\\\\1\"}", 5, "backreferences");
    expect_error("x{a=~\"a{1001}\"}", 5, "above 1000");
    /* Long counts saturate instead of looping (a hang fuzz_promql found). */
    expect_error("x{a=~\"a{123456789012,99999999999999}\"}", 5, "above 1000");
    expect_error("x{a=~\"\\\\e\"}", 5, "escape \\e");
    expect_error("x offset 0s", 9, "above zero");
    expect_error("\"a\\q\"", 2, "unknown escape");
    expect_error("\"open", 0, "unterminated");
    expect_error("sum(x,)", 5, "trailing comma");
    expect_error("x )", 2, "right parenthesis");
    expect_error("(x", 0, "unclosed left parenthesis");
    expect_error("x +", 3, "end of input");
    expect_error("", 0, "no expression");
    expect_error("  # just a comment\n", 19, "no expression");
    expect_error("1x", 0, "not a duration");
    expect_error("x @ 1e300", 4, "out of range");
    expect_error("x ~ y", 2, "unexpected character '~'");
    expect_error("topk(x)", 0, "takes 2 argument(s), got 1");
    expect_error("quantile(\"a\", x)", 9, "type scalar");
    expect_error("-x[5m]", 0, "unary -");
    /* An error on a later line points into that line. */
    const char *multi = "sum(\n  rate(x[5m])\n) by (job:x)";
    expect_error(multi, (size_t)(strstr(multi, "job:x") - multi), "label name");
}
END_TEST

START_TEST(positions_in_multi_line_text)
{
    const char *expr = "sum by (job) (\n"
                       "  rate(x[5m])   # per second\n"
                       ")\n"
                       "> 1\n";
    size_t len = strlen(expr);
    unsigned line, column;
    rc_promql_position(expr, len, 0, &line, &column);
    ck_assert(line == 1 && column == 1);
    rc_promql_position(expr, len, (size_t)(strstr(expr, "rate") - expr), &line, &column);
    ck_assert_msg(line == 2 && column == 3, "%u:%u", line, column);
    rc_promql_position(expr, len, (size_t)(strstr(expr, "> 1") - expr), &line, &column);
    ck_assert(line == 4 && column == 1);
    rc_promql_position(expr, len, len + 100, &line, &column);
    ck_assert(line == 5 && column == 1);
    /* Columns count characters: é is two bytes, one column. */
    const char *utf8 = "x{a=\"\xc3\xa9\"} + y";
    rc_promql_position(utf8, strlen(utf8), (size_t)(strstr(utf8, "+") - utf8), &line, &column);
    ck_assert_msg(line == 1 && column == 10, "%u:%u", line, column);

    /* A tree parsed from multi-line text keeps byte spans into it. */
    const rc_promql_node *root = parse(expr);
    ck_assert_int_eq(root->kind, RC_PROMQL_BINARY);
    ck_assert_uint_eq(root->offset, 0);
    ck_assert_uint_eq(root->length, len - 1);
    const rc_promql_node *m = root->binary.lhs->aggregate.expr->call.args[0];
    rc_promql_position(expr, len, m->matrix.range_offset, &line, &column);
    ck_assert_msg(line == 2 && column == 9, "%u:%u", line, column);
}
END_TEST

START_TEST(walk_order_and_early_stop)
{
    const rc_promql_node *root = parse("topk(3, a) + on () rate(b[1m:]) or -c");
    collected c = {0};
    rc_promql_walk(root, collect, &c);
    const char *order[] = {"topk(3, a) + on () rate(b[1m:]) or -c",
                           "topk(3, a) + on () rate(b[1m:])", "topk(3, a)", "3", "a",
                           "rate(b[1m:])", "b[1m:]", "b", "-c", "c"};
    ck_assert_uint_eq(c.count, sizeof order / sizeof order[0]);
    for (size_t i = 0; i < c.count; i++) {
        ck_assert_str_eq(span(c.nodes[i]), order[i]);
        /* Every child lies inside its parent's span. */
        if (i > 0)
            ck_assert_uint_le(c.nodes[0]->offset, c.nodes[i]->offset);
    }
    collected stop = {.stop_after = 3};
    rc_promql_walk(root, collect, &stop);
    ck_assert_uint_eq(stop.count, 3);
    ck_assert_str_eq(span(stop.nodes[2]), "topk(3, a)");
}
END_TEST

START_TEST(nesting_is_bounded)
{
    char deep[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        deep[n++] = '(';
    deep[n++] = 'x';
    for (int i = 0; i < 1000; i++)
        deep[n++] = ')';
    deep[n] = '\0';
    expect_error(deep, RC_PROMQL_MAX_NESTING, "nested more than");

    /* A long `or` chain is a loop in the parser but a deep tree: bounded too. */
    char *chain = malloc(20000);
    ck_assert_ptr_nonnull(chain);
    n = 0;
    for (int i = 0; i < 1500; i++)
        n += (size_t)sprintf(chain + n, i ? " or a%d" : "a%d", i);
    const rc_promql_node *root;
    rc_promql_error err;
    ck_assert(!rc_promql_parse(&arena, chain, n, &root, &err));
    ck_assert_msg(strstr(err.message, "nested more than"), "%s", err.message);
    /* Real rules' chains (tens of alternatives) are far inside the bound. */
    n = 0;
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(chain + n, i ? " or a%d" : "a%d", i);
    ck_assert(rc_promql_parse(&arena, chain, n, &root, &err));
    free(chain);
}
END_TEST

START_TEST(function_table)
{
    ck_assert(rc_promql_function_known("histogram_quantile"));
    ck_assert(rc_promql_function_known("holt_winters"));
    ck_assert(rc_promql_function_known("double_exponential_smoothing"));
    ck_assert(!rc_promql_function_known("Rate"));
    ck_assert(!rc_promql_function_known(NULL));
    const rc_promql_node *n = parse("time()");
    ck_assert_int_eq(n->kind, RC_PROMQL_CALL);
    ck_assert_int_eq(n->type, RC_PROMQL_TYPE_SCALAR);
    ck_assert_uint_eq(n->call.arg_count, 0);
    n = parse("label_join(up, \"t\", \"/\", \"a\", \"b\", \"c\")");
    ck_assert_uint_eq(n->call.arg_count, 6);
    n = parse("day_of_week()");
    ck_assert_uint_eq(n->call.arg_count, 0);
}
END_TEST

static Suite *promql_suite(void)
{
    Suite *s = suite_create("promql");
    TCase *tc = tcase_create("parser");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, precedence_and_associativity);
    tcase_add_test(tc, every_kind_with_its_span);
    tcase_add_test(tc, matrix_range_and_its_offset);
    tcase_add_test(tc, subqueries);
    tcase_add_test(tc, grouping_before_or_after_the_arguments);
    tcase_add_test(tc, literals_and_selectors);
    tcase_add_test(tc, errors_name_the_offending_token);
    tcase_add_test(tc, positions_in_multi_line_text);
    tcase_add_test(tc, walk_order_and_early_stop);
    tcase_add_test(tc, nesting_is_bounded);
    tcase_add_test(tc, function_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rc_test_run(promql_suite());
}

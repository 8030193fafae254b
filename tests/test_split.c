/* test_split.c - cutting a YAML stream into documents (input/split.h): `---` and `...` markers
 * at column 1 only, text before the first marker, CRLF, missing final newline, empty input,
 * helm's `# Source:` comment per document, each slice's first line, and full ordered cover. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/split.h"
#include "testutil.h"

typedef struct split_result {
    const char *text;
    size_t len;
    rc_doc_slice *slices;
    size_t count;
} split_result;

/* Every slice starts where the previous ended, the first at 0 and the last ends at LEN (no
 * byte is lost or read twice); each starts at a line start and first_line is 1 + the
 * newlines before it. These follow from the header alone, so they hold for every input. */
static void check_cover(const split_result *r)
{
    size_t expect = 0;
    for (size_t i = 0; i < r->count; i++) {
        const rc_doc_slice *s = &r->slices[i];
        ck_assert_msg(s->offset == expect, "slice %zu starts at %zu, expected %zu", i,
                      s->offset, expect);
        ck_assert_msg(s->len > 0, "slice %zu is empty", i);
        ck_assert(s->offset == 0 || r->text[s->offset - 1] == '\n');
        uint32_t line = 1;
        for (size_t k = 0; k < s->offset; k++)
            line += r->text[k] == '\n';
        ck_assert_msg(s->first_line == line, "slice %zu first_line %u, expected %u", i,
                      (unsigned)s->first_line, (unsigned)line);
        if (s->source_len) {
            ck_assert_uint_ge(s->source_offset, s->offset);
            ck_assert_uint_le(s->source_offset + s->source_len, s->offset + s->len);
            ck_assert_uint_ge(s->source_line, s->first_line);
        } else {
            ck_assert_uint_eq(s->source_line, 0);
        }
        expect = s->offset + s->len;
    }
    ck_assert_uint_eq(expect, r->len);
}

static split_result split_n(const char *text, size_t len)
{
    split_result r = {text, len, NULL, 12345};
    ck_assert(rc_split_stream(text, len, &r.slices, &r.count));
    check_cover(&r);
    return r;
}

static split_result split(const char *text)
{
    return split_n(text, strlen(text));
}

static void done(split_result *r)
{
    free(r->slices);
    r->slices = NULL;
}

/* Inside a document the splitter passes over lines that cannot open a marker (sixteen bytes
 * at a time where SSE2 is there): markers, near-markers (`-x`, `..x`, `- item`) and the
 * line count must come out the same whatever the alignment of the lines around them. */
START_TEST(markers_at_every_alignment)
{
    for (size_t pad = 0; pad < 48; pad++) {
        char text[512];
        int n = snprintf(text, sizeof text,
                         "a: 1\n%.*s\n- item\n.5: x\n-x\n..x\n\n---\nb: 2\n%.*s: 3\n-- not\n"
                         "...\nc: 3\n---",
                         (int)pad, "0123456789012345678901234567890123456789012345678901234567",
                         (int)(pad % 17 + 1), "kkkkkkkkkkkkkkkkkkkkkkkkkk");
        ck_assert(n > 0 && (size_t)n < sizeof text);
        split_result r = split(text);
        /* a..., then ---...(through ...), then c: 3, then the bare --- at the end */
        ck_assert_msg(r.count == 4, "pad %zu: %zu slices", pad, r.count);
        ck_assert(strncmp(text + r.slices[1].offset, "---\nb: 2", 8) == 0);
        ck_assert_uint_eq(r.slices[1].first_line, 8);
        ck_assert(strncmp(text + r.slices[2].offset, "c: 3", 4) == 0);
        ck_assert_uint_eq(r.slices[2].first_line, 13);
        ck_assert_uint_eq(r.slices[3].first_line, 14);
        done(&r);
    }
}
END_TEST

/* Slice I holds exactly TEXT and starts on LINE. */
static void assert_slice(const split_result *r, size_t i, const char *text, uint32_t line)
{
    ck_assert_msg(i < r->count, "no slice %zu (%zu slices)", i, r->count);
    const rc_doc_slice *s = &r->slices[i];
    ck_assert_msg(s->len == strlen(text) && memcmp(r->text + s->offset, text, s->len) == 0,
                  "slice %zu is \"%.*s\", expected \"%s\"", i, (int)s->len, r->text + s->offset,
                  text);
    ck_assert_uint_eq(s->first_line, line);
}

static void assert_source(const split_result *r, size_t i, const char *path, uint32_t line)
{
    ck_assert_uint_lt(i, r->count);
    const rc_doc_slice *s = &r->slices[i];
    if (!path) {
        ck_assert_msg(s->source_len == 0, "slice %zu has source \"%.*s\"", i,
                      (int)s->source_len, r->text + s->source_offset);
        ck_assert_uint_eq(s->source_line, 0);
        return;
    }
    ck_assert_msg(s->source_len == strlen(path) &&
                      memcmp(r->text + s->source_offset, path, s->source_len) == 0,
                  "slice %zu source \"%.*s\", expected \"%s\"", i, (int)s->source_len,
                  r->text + s->source_offset, path);
    ck_assert_uint_eq(s->source_line, line);
}

START_TEST(no_markers_is_one_document)
{
    split_result r = split("a: 1\nb: 2\n");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "a: 1\nb: 2\n", 1);
    assert_source(&r, 0, NULL, 0);
    done(&r);
}
END_TEST

START_TEST(dash_markers_cut_documents)
{
    split_result r = split("a: 1\n---\nb: 2\n---\nc: 3\n");
    ck_assert_uint_eq(r.count, 3);
    assert_slice(&r, 0, "a: 1\n", 1);
    assert_slice(&r, 1, "---\nb: 2\n", 2);
    assert_slice(&r, 2, "---\nc: 3\n", 4);
    done(&r);
}
END_TEST

START_TEST(leading_marker_makes_no_empty_slice)
{
    split_result r = split("---\na: 1\n");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "---\na: 1\n", 1);
    done(&r);
    /* Consecutive markers: each is its own (empty) document. */
    r = split("---\n---\na: 1\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "---\n", 1);
    assert_slice(&r, 1, "---\na: 1\n", 2);
    done(&r);
}
END_TEST

START_TEST(markers_only_at_column_one)
{
    /* Indented, or followed by anything but a blank: content, not a marker. */
    static const char text[] = "key: |\n"
                               "  ---\n"
                               "  ...\n"
                               "---x: 1\n"
                               "----\n"
                               "...y: 2\n"
                               " --- \n";
    split_result r = split(text);
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, text, 1);
    done(&r);
}
END_TEST

START_TEST(marker_followed_by_content)
{
    split_result r = split("a: 1\n--- !tag\nb: 2\n--- |\n  lit\n---\tc\n");
    ck_assert_uint_eq(r.count, 4);
    assert_slice(&r, 0, "a: 1\n", 1);
    assert_slice(&r, 1, "--- !tag\nb: 2\n", 2);
    assert_slice(&r, 2, "--- |\n  lit\n", 4);
    assert_slice(&r, 3, "---\tc\n", 6);
    done(&r);
}
END_TEST

START_TEST(end_markers)
{
    split_result r = split("a: 1\n...\nb: 2\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "a: 1\n...\n", 1);
    assert_slice(&r, 1, "b: 2\n", 3);
    done(&r);

    r = split("a: 1\n...\n---\nb: 2\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "a: 1\n...\n", 1);
    assert_slice(&r, 1, "---\nb: 2\n", 3);
    done(&r);

    /* A final end marker leaves no empty slice behind it. */
    r = split("---\na: 1\n...\n");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "---\na: 1\n...\n", 1);
    done(&r);

    r = split("a: 1\n... # done\nb: 2\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "a: 1\n... # done\n", 1);
    assert_slice(&r, 1, "b: 2\n", 3);
    done(&r);
}
END_TEST

START_TEST(text_before_the_first_marker)
{
    split_result r = split("# header comment\n\n---\na: 1\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "# header comment\n\n", 1);
    assert_slice(&r, 1, "---\na: 1\n", 3);
    done(&r);
}
END_TEST

START_TEST(crlf_line_endings)
{
    split_result r = split("a: 1\r\n---\r\nb: 2\r\n...\r\nc: 3\r\n");
    ck_assert_uint_eq(r.count, 3);
    assert_slice(&r, 0, "a: 1\r\n", 1);
    assert_slice(&r, 1, "---\r\nb: 2\r\n...\r\n", 2);
    assert_slice(&r, 2, "c: 3\r\n", 5);
    done(&r);

    r = split("---\r\n# Source: chart/templates/crlf.yaml\r\nkind: A\r\n");
    ck_assert_uint_eq(r.count, 1);
    assert_source(&r, 0, "chart/templates/crlf.yaml", 2);
    done(&r);
}
END_TEST

START_TEST(no_trailing_newline)
{
    split_result r = split("a: 1\n---\nb: 2");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 1, "---\nb: 2", 2);
    done(&r);

    r = split("a: 1\n---");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "a: 1\n", 1);
    assert_slice(&r, 1, "---", 2);
    done(&r);

    r = split("a: 1\n...");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "a: 1\n...", 1);
    done(&r);

    r = split("x");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "x", 1);
    done(&r);
}
END_TEST

START_TEST(empty_input)
{
    split_result r = split("");
    ck_assert_uint_eq(r.count, 0);
    done(&r);
}
END_TEST

START_TEST(stops_at_len_not_at_nul)
{
    /* LEN bounds the stream: the marker after it must not be seen, and a NUL inside is data. */
    static const char text[] = "a: 1\n\0b\n---\nc: 2\n";
    split_result r = split_n(text, 8);
    ck_assert_uint_eq(r.count, 1);
    ck_assert_uint_eq(r.slices[0].len, 8);
    done(&r);
    r = split_n(text, sizeof text - 1);
    ck_assert_uint_eq(r.count, 2);
    ck_assert_uint_eq(r.slices[1].offset, 8);
    ck_assert_uint_eq(r.slices[1].first_line, 3);
    done(&r);
}
END_TEST

START_TEST(helm_source_per_document)
{
    split_result r = split("---\n"                                 /* 1 */
                           "# Source: chart/templates/a.yaml\n"    /* 2 */
                           "apiVersion: v1\n"                      /* 3 */
                           "---\n"                                 /* 4 */
                           "# Source: chart/templates/b.yaml\n"    /* 5 */
                           "kind: B\n"                             /* 6 */
                           "---\n"                                 /* 7 */
                           "kind: C\n");                           /* 8 */
    ck_assert_uint_eq(r.count, 3);
    assert_source(&r, 0, "chart/templates/a.yaml", 2);
    assert_source(&r, 1, "chart/templates/b.yaml", 5);
    assert_source(&r, 2, NULL, 0);
    ck_assert_uint_eq(r.slices[1].first_line, 4);
    done(&r);
}
END_TEST

START_TEST(helm_source_after_other_leading_comments)
{
    split_result r = split("---\n"                            /* 1 */
                           "# rendered by helm\n"             /* 2 */
                           "\n"                               /* 3 */
                           "# Source: c/templates/x.yaml  \n" /* 4: trailing blanks dropped */
                           "kind: X\n");
    assert_source(&r, 0, "c/templates/x.yaml", 4);
    done(&r);
    /* The first document needs no marker. */
    r = split("# Source: c/templates/first.yaml\nkind: X\n");
    assert_source(&r, 0, "c/templates/first.yaml", 1);
    done(&r);
}
END_TEST

START_TEST(helm_source_only_in_the_leading_comment_block)
{
    split_result r = split("---\n"
                           "kind: X\n"
                           "# Source: c/templates/late.yaml\n"
                           "---\n"
                           "data: |\n"
                           "  # Source: c/templates/inside.yaml\n");
    ck_assert_uint_eq(r.count, 2);
    assert_source(&r, 0, NULL, 0);
    assert_source(&r, 1, NULL, 0);
    done(&r);
    /* Not helm's spelling, or no path: not a source. */
    r = split("#Source: c/a.yaml\n---\n# source: c/b.yaml\n---\n# Source: \nk: v\n");
    ck_assert_uint_eq(r.count, 3);
    assert_source(&r, 0, NULL, 0);
    assert_source(&r, 1, NULL, 0);
    assert_source(&r, 2, NULL, 0);
    done(&r);
}
END_TEST

START_TEST(source_of_the_next_document_is_not_borrowed)
{
    /* An empty document's slice ends before the next marker: the next Source is not its. */
    split_result r = split("---\n# Source: c/templates/empty.yaml\n---\n"
                           "# Source: c/templates/full.yaml\nkind: Y\n");
    ck_assert_uint_eq(r.count, 2);
    assert_source(&r, 0, "c/templates/empty.yaml", 2);
    assert_source(&r, 1, "c/templates/full.yaml", 4);
    done(&r);
}
END_TEST

START_TEST(many_documents_in_order)
{
    enum { N = 5000 };
    char *text = malloc((size_t)N * 16 + 1);
    ck_assert_ptr_nonnull(text);
    size_t k = 0;
    for (int i = 0; i < N; i++)
        k += (size_t)snprintf(text + k, (size_t)N * 16 + 1 - k, "---\nn: %d\n", i);
    split_result r = split_n(text, k);
    ck_assert_uint_eq(r.count, N);
    for (size_t i = 0; i < N; i++) {
        ck_assert_uint_eq(r.slices[i].first_line, 2 * i + 1);
        char expect[32];
        snprintf(expect, sizeof expect, "---\nn: %zu\n", i);
        assert_slice(&r, i, expect, (uint32_t)(2 * i + 1));
    }
    done(&r);
    free(text);
}
END_TEST

/* ---- regression tests for bugs found while writing these suites (all fixed) ----
 * - A `%YAML` / `%TAG` directive is cut off from the document it belongs to: the text before
 *   the `---` becomes a slice of its own, which libyaml rejects ("did not find expected
 *   <document start>"), so a valid stream fails to load. */

START_TEST(directives_stay_with_their_document)
{
    split_result r = split("%YAML 1.2\n---\na: 1\n");
    ck_assert_uint_eq(r.count, 1);
    assert_slice(&r, 0, "%YAML 1.2\n---\na: 1\n", 1);
    done(&r);

    r = split("a: 1\n...\n%TAG !e! tag:example.com,2000:\n---\nb: !e!x 2\n");
    ck_assert_uint_eq(r.count, 2);
    assert_slice(&r, 0, "a: 1\n...\n", 1);
    assert_slice(&r, 1, "%TAG !e! tag:example.com,2000:\n---\nb: !e!x 2\n", 3);
    done(&r);
}
END_TEST

/* Split in two halves at every cut rc_split_find_cut gives, on one thread and on two, a
 * stream gives exactly the slices of one split: offsets, lengths, lines and `# Source:`
 * comments; a cut it refuses (after a `...`, before the first `---`) is LEN. */
static void check_halves_equal_whole(const char *text)
{
    size_t len = strlen(text);
    split_result whole = split(text);
    size_t cuts = 0;
    for (size_t near = 0; near <= len; near++) {
        size_t cut = rc_split_find_cut(text, len, near);
        ck_assert_uint_le(cut, len);
        if (cut == len)
            continue;
        cuts++;
        ck_assert_uint_ge(cut, near);
        ck_assert(cut > 0 && text[cut - 1] == '\n' && strncmp(text + cut, "---", 3) == 0);
        for (int threaded = 0; threaded < 2; threaded++) {
            rc_doc_slice *slices;
            size_t count;
            ck_assert(rc_split_stream_at(text, len, cut, threaded, &slices, &count));
            ck_assert_msg(count == whole.count, "cut at %zu: %zu slices, expected %zu", cut,
                          count, whole.count);
            for (size_t i = 0; i < count; i++) {
                const rc_doc_slice *a = &slices[i], *b = &whole.slices[i];
                ck_assert_msg(a->offset == b->offset && a->len == b->len &&
                                  a->first_line == b->first_line &&
                                  a->source_offset == b->source_offset &&
                                  a->source_len == b->source_len &&
                                  a->source_line == b->source_line,
                              "cut at %zu: slice %zu differs", cut, i);
            }
            free(slices);
        }
    }
    done(&whole);
    ck_assert_msg(cuts > 0, "no cut tried");
}

START_TEST(halves_split_as_the_whole)
{
    check_halves_equal_whole("---\n# Source: a/t1.yaml\nkind: A\n---\n# Source: a/t2.yaml\n"
                             "kind: B\nx: |\n  text\n---\n---\nkind: C\n---\n# Source: a/t3.yaml\n"
                             "kind: D\n");
    /* Before the first `---` and after a `...` the prelude rules decide: no cut there. */
    check_halves_equal_whole("# comment\n%YAML 1.2\n---\nkind: A\n...\n%YAML 1.2\n---\n"
                             "kind: B\n---\nkind: C\n...\n# only a comment\n---\nkind: D\n");
    check_halves_equal_whole("kind: A\n--- {b: 1}\n---\r\nkind: C\r\n---\n");
    check_halves_equal_whole("---\nkind: A\n----\n --- x\n---\tkind: B\n...\n---\n");
}
END_TEST

START_TEST(cut_reads_nothing_past_the_text)
{
    /* Not NUL-terminated: a cut sought in the last line must not read past it (ASan sees
     * a read of the byte after the buffer in make check-sanitize). */
    static const char *const texts[] = {"<<:", "a\nb", "---\n---", "x\n"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        size_t len = strlen(texts[t]);
        char *exact = malloc(len);
        ck_assert_ptr_nonnull(exact);
        memcpy(exact, texts[t], len);
        for (size_t near = 0; near <= len; near++)
            ck_assert_uint_le(rc_split_find_cut(exact, len, near), len);
        free(exact);
    }
}
END_TEST

START_TEST(cut_needs_a_dash_marker_before_it)
{
    const char *text = "kind: A\n---\nkind: B\n";
    /* The first `---` has no marker before it: the prelude could still decide. */
    ck_assert_uint_eq(rc_split_find_cut(text, strlen(text), 0), strlen(text));
    const char *after_end = "---\na: 1\n...\n---\nb: 2\n---\nc: 3\n";
    size_t len = strlen(after_end);
    size_t second = (size_t)(strstr(after_end, "---\nb") - after_end);
    size_t third = (size_t)(strstr(after_end, "---\nc") - after_end);
    /* After a `...`: refused, not looked past. */
    ck_assert_uint_eq(rc_split_find_cut(after_end, len, second), len);
    ck_assert_uint_eq(rc_split_find_cut(after_end, len, second + 1), third);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("split");
    TCase *markers = tcase_create("markers");
    tcase_add_test(markers, no_markers_is_one_document);
    tcase_add_test(markers, dash_markers_cut_documents);
    tcase_add_test(markers, leading_marker_makes_no_empty_slice);
    tcase_add_test(markers, markers_only_at_column_one);
    tcase_add_test(markers, marker_followed_by_content);
    tcase_add_test(markers, end_markers);
    tcase_add_test(markers, text_before_the_first_marker);
    tcase_add_test(markers, crlf_line_endings);
    tcase_add_test(markers, no_trailing_newline);
    tcase_add_test(markers, halves_split_as_the_whole);
    tcase_add_test(markers, cut_needs_a_dash_marker_before_it);
    tcase_add_test(markers, cut_reads_nothing_past_the_text);
    tcase_add_test(markers, empty_input);
    tcase_add_test(markers, stops_at_len_not_at_nul);
    tcase_add_test(markers, many_documents_in_order);
    tcase_add_test(markers, markers_at_every_alignment);
    suite_add_tcase(suite, markers);

    TCase *source = tcase_create("source");
    tcase_add_test(source, helm_source_per_document);
    tcase_add_test(source, helm_source_after_other_leading_comments);
    tcase_add_test(source, helm_source_only_in_the_leading_comment_block);
    tcase_add_test(source, source_of_the_next_document_is_not_borrowed);
    suite_add_tcase(suite, source);

    /* Regression tests for bugs these suites found. */
    {
    TCase *regressions = tcase_create("regressions");
    tcase_add_test(regressions, directives_stay_with_their_document);
    suite_add_tcase(suite, regressions);
    }
    return rc_test_run(suite);
}

/* test_files.c - reading whole inputs (input/files.h): a large regular file is mapped and
 * still ends in a NUL, whether or not it fills its last page; a small one is read; the size
 * limit is refused by name before anything is mapped; a stream is read; errors name the
 * path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/files.h"
#include "testutil.h"

/* A temporary file of LEN bytes: lines of 63 letters; returns its path (free it, unlink
 * it). */
static char *write_pattern(size_t len)
{
    char *path = strdup("/tmp/rc_test_files_XXXXXX");
    ck_assert_ptr_nonnull(path);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *out = fdopen(fd, "wb");
    char *bytes = malloc(len + 1);
    ck_assert(out && bytes);
    for (size_t i = 0; i < len; i++)
        bytes[i] = i % 64 == 63 ? '\n' : (char)('a' + (int)(i % 26));
    ck_assert_uint_eq(fwrite(bytes, 1, len, out), len);
    ck_assert_int_eq(fclose(out), 0);
    free(bytes);
    return path;
}

static void check_pattern(const rc_input_text *text, size_t len)
{
    ck_assert_ptr_nonnull(text->data);
    ck_assert_uint_eq(text->len, len);
    for (size_t i = 0; i < len; i++) {
        char want = i % 64 == 63 ? '\n' : (char)('a' + (int)(i % 26));
        if (text->data[i] != want)
            ck_abort_msg("byte %zu is %d, expected %d", i, text->data[i], want);
    }
    ck_assert_int_eq(text->data[len], '\0');
}

static void read_and_check(size_t len, bool mapped)
{
    char *path = write_pattern(len);
    rc_input_text text = RC_INPUT_TEXT_INIT;
    rc_diag diag;
    ck_assert_msg(rc_input_text_read_file(path, (size_t)64 << 20, &text, &diag), "%s",
                  diag.message);
    check_pattern(&text, len);
    ck_assert_msg((text.mapping != NULL) == mapped, "%zu bytes: mapped %d, expected %d", len,
                  text.mapping != NULL, mapped);
    rc_input_text_release(&text);
    ck_assert_ptr_null(text.data);
    ck_assert_ptr_null(text.mapping);
    unlink(path);
    free(path);
}

START_TEST(large_file_is_mapped_and_ends_in_nul)
{
    /* Not a whole number of pages: the mapped page's tail past the end reads as zeros. */
    read_and_check(RC_MAP_MIN_BYTES + 1234, true);
}
END_TEST

START_TEST(file_filling_its_last_page_still_ends_in_nul)
{
    /* A whole number of pages: the NUL is the reserved zero page's first byte. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    read_and_check((RC_MAP_MIN_BYTES / page + 3) * page, true);
}
END_TEST

START_TEST(small_file_is_read)
{
    read_and_check(RC_MAP_MIN_BYTES - 1, false);
    read_and_check(10, false);
}
END_TEST

START_TEST(empty_file_is_empty_text)
{
    read_and_check(0, false);
}
END_TEST

START_TEST(large_file_over_the_limit_is_refused)
{
    char *path = write_pattern(RC_MAP_MIN_BYTES + 10);
    rc_input_text text = RC_INPUT_TEXT_INIT;
    rc_diag diag;
    ck_assert(!rc_input_text_read_file(path, RC_MAP_MIN_BYTES, &text, &diag));
    ck_assert_str_eq(diag.file, path);
    ck_assert_ptr_nonnull(strstr(diag.message, "larger than the limit"));
    ck_assert_ptr_null(text.mapping);
    ck_assert_ptr_null(text.data);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(text_read_again_replaces_what_it_held)
{
    char *large = write_pattern(RC_MAP_MIN_BYTES + 7), *small = write_pattern(100);
    rc_input_text text = RC_INPUT_TEXT_INIT;
    rc_diag diag;
    ck_assert(rc_input_text_read_file(large, (size_t)64 << 20, &text, &diag));
    ck_assert(rc_input_text_read_file(small, (size_t)64 << 20, &text, &diag));
    check_pattern(&text, 100);
    ck_assert_ptr_null(text.mapping);
    ck_assert(rc_input_text_read_file(large, (size_t)64 << 20, &text, &diag));
    check_pattern(&text, RC_MAP_MIN_BYTES + 7);
    rc_input_text_release(&text);
    unlink(large);
    unlink(small);
    free(large);
    free(small);
}
END_TEST

START_TEST(missing_file_names_its_path)
{
    rc_input_text text = RC_INPUT_TEXT_INIT;
    rc_diag diag;
    ck_assert(!rc_input_text_read_file("/nonexistent/readyctl.yaml", 1024, &text, &diag));
    ck_assert_str_eq(diag.file, "/nonexistent/readyctl.yaml");
    ck_assert_ptr_nonnull(strstr(diag.message, "cannot open"));
    ck_assert_ptr_null(text.data);
}
END_TEST

START_TEST(stream_is_read_whole)
{
    char *path = write_pattern(RC_MAP_MIN_BYTES + 99);
    FILE *in = fopen(path, "rb");
    ck_assert_ptr_nonnull(in);
    rc_input_text text = RC_INPUT_TEXT_INIT;
    rc_diag diag;
    ck_assert(rc_input_text_read_stream(in, "<stdin>", (size_t)64 << 20, &text, &diag));
    fclose(in);
    check_pattern(&text, RC_MAP_MIN_BYTES + 99);
    ck_assert_ptr_null(text.mapping);
    rc_input_text_release(&text);
    unlink(path);
    free(path);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("files");
    TCase *tc = tcase_create("input_text");
    tcase_add_test(tc, large_file_is_mapped_and_ends_in_nul);
    tcase_add_test(tc, file_filling_its_last_page_still_ends_in_nul);
    tcase_add_test(tc, small_file_is_read);
    tcase_add_test(tc, empty_file_is_empty_text);
    tcase_add_test(tc, large_file_over_the_limit_is_refused);
    tcase_add_test(tc, text_read_again_replaces_what_it_held);
    tcase_add_test(tc, missing_file_names_its_path);
    tcase_add_test(tc, stream_is_read_whole);
    suite_add_tcase(suite, tc);
    return rc_test_run(suite);
}

#include "input/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/checked.h"

/* Bytes a regular file behind STREAM holds from its current offset, or 0 when unknown (a
 * pipe, a terminal, a memory stream). */
static size_t bytes_left(FILE *stream)
{
    int fd = fileno(stream);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        return 0;
    off_t at = lseek(fd, 0, SEEK_CUR);
    return at >= 0 && at < st.st_size ? (size_t)(st.st_size - at) : 0;
}

bool rc_read_stream(FILE *stream, const char *name, size_t max_bytes, rc_buf *out,
                    rc_diag *diag)
{
    rc_buf_clear(out);
    /* Read straight into the buffer, sized once for a regular file: no staging copy, and no
     * regrowth that copies (and faults in) the input again. One byte more than the file
     * holds lets the read that meets the end see it without growing. */
    size_t expected = bytes_left(stream);
    if (expected > max_bytes)
        expected = max_bytes;
    if (!rc_buf_reserve(out, expected ? expected + 1 : 65536)) {
        rc_diag_set(diag, name, 0, 0, "out of memory reading input");
        return false;
    }
    for (;;) {
        if (out->capacity - out->len <= 1 && !rc_buf_reserve(out, out->capacity)) {
            rc_diag_set(diag, name, 0, 0, "out of memory reading input");
            return false;
        }
        size_t room = out->capacity - out->len - 1; /* keep the NUL's byte */
        size_t n = fread(out->data + out->len, 1, room, stream);
        if (n == 0)
            break;
        if (n > max_bytes - out->len) {
            rc_diag_set(diag, name, 0, 0, "input larger than the limit of %zu bytes", max_bytes);
            out->data[out->len] = '\0';
            return false;
        }
        out->len += n;
    }
    out->data[out->len] = '\0';
    if (ferror(stream)) {
        rc_diag_set(diag, name, 0, 0, "cannot read: %s", strerror(errno));
        return false;
    }
    return true;
}

/* Opens PATH for reading (a regular file or a named pipe whose writer came) into *FD with
 * its *ST; false with DIAG filled otherwise. */
static bool open_input(const char *path, int *fd_out, struct stat *st, rc_diag *diag)
{
    /* Non-blocking open: opening a named pipe for reading would block until a writer comes,
     * and one that never comes must not hang the run. Reads block again once it is open. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        rc_diag_set(diag, path, 0, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    if (fstat(fd, st) != 0 || !(S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode))) {
        rc_diag_set(diag, path, 0, 0, "not a regular file or a pipe");
        close(fd);
        return false;
    }
    if (S_ISFIFO(st->st_mode)) {
        /* Wait for a writer (and its first bytes) a bounded time: a pipe that is never
         * written to is an input error, not a hang. */
        struct pollfd wait = {fd, POLLIN, 0};
        int ready = poll(&wait, 1, RC_PIPE_WAIT_MS);
        if (ready <= 0) {
            rc_diag_set(diag, path, 0, 0, "nothing came through this pipe within %d s (no writer?)",
                        RC_PIPE_WAIT_MS / 1000);
            close(fd);
            return false;
        }
    }
    *fd_out = fd;
    return true;
}

/* Reads the opened FD (of mode ST) into OUT and closes it. */
static bool read_opened(const char *path, int fd, const struct stat *st, size_t max_bytes,
                        rc_buf *out, rc_diag *diag)
{
    int flags = fcntl(fd, F_GETFL);
    FILE *file = flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb")
                                                                         : NULL;
    if (!file) {
        rc_diag_set(diag, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return false;
    }
    bool ok = rc_read_stream(file, path, max_bytes, out, diag);
    fclose(file);
    if (ok && S_ISFIFO(st->st_mode) && out->len == 0) {
        /* A pipe with no writer reads as empty at once: say so rather than judge nothing. */
        rc_diag_set(diag, path, 0, 0, "nothing came through this pipe (no writer, or the render "
                                      "failed)");
        return false;
    }
    return ok;
}

bool rc_read_file(const char *path, size_t max_bytes, rc_buf *out, rc_diag *diag)
{
    int fd;
    struct stat st;
    return open_input(path, &fd, &st, diag) && read_opened(path, fd, &st, max_bytes, out, diag);
}

void rc_input_text_release(rc_input_text *text)
{
    if (text->mapping)
        munmap(text->mapping, text->mapping_len);
    text->mapping = NULL;
    text->mapping_len = 0;
    rc_buf_release(&text->buf);
    text->data = NULL;
    text->len = 0;
}

/* Maps SIZE bytes of FD with a zero page behind them, so the text ends in a NUL even when it
 * fills its last page: a reserved anonymous range, the file mapped over its start. False
 * (nothing mapped) when the system refuses. */
static bool map_file(int fd, size_t size, rc_input_text *out)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t reserved = (size / page + 1) * page;
    void *range = mmap(NULL, reserved, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (range == MAP_FAILED)
        return false;
    if (mmap(range, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
        munmap(range, reserved);
        return false;
    }
    out->mapping = range;
    out->mapping_len = reserved;
    out->data = range;
    out->len = size;
    return true;
}

bool rc_input_text_read_file(const char *path, size_t max_bytes, rc_input_text *out,
                             rc_diag *diag)
{
    rc_input_text_release(out);
    int fd;
    struct stat st;
    if (!open_input(path, &fd, &st, diag))
        return false;
    if (S_ISREG(st.st_mode) && st.st_size >= RC_MAP_MIN_BYTES) {
        if ((uintmax_t)st.st_size > max_bytes) {
            rc_diag_set(diag, path, 0, 0, "input larger than the limit of %zu bytes", max_bytes);
            close(fd);
            return false;
        }
        bool mapped = map_file(fd, (size_t)st.st_size, out);
        if (mapped) {
            close(fd);
            return true;
        }
    }
    if (!read_opened(path, fd, &st, max_bytes, &out->buf, diag))
        return false;
    out->data = rc_buf_str(&out->buf);
    out->len = out->buf.len;
    return true;
}

bool rc_input_text_read_stream(FILE *stream, const char *name, size_t max_bytes,
                               rc_input_text *out, rc_diag *diag)
{
    rc_input_text_release(out);
    if (!rc_read_stream(stream, name, max_bytes, &out->buf, diag))
        return false;
    out->data = rc_buf_str(&out->buf);
    out->len = out->buf.len;
    return true;
}

void rc_path_list_release(rc_path_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    list->paths = NULL;
    list->count = list->capacity = 0;
}

bool rc_path_list_add(rc_path_list *list, const char *path)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 16;
        size_t bytes;
        if (!rc_mul_size(capacity, sizeof *list->paths, &bytes))
            return false;
        char **grown = realloc(list->paths, bytes);
        if (!grown)
            return false;
        list->paths = grown;
        list->capacity = capacity;
    }
    char *copy = strdup(path);
    if (!copy)
        return false;
    list->paths[list->count++] = copy;
    return true;
}

bool rc_is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_extension(const char *name, const char *const *extensions)
{
    size_t len = strlen(name);
    for (const char *const *ext = extensions; *ext; ext++) {
        size_t n = strlen(*ext);
        if (len > n && strcmp(name + len - n, *ext) == 0)
            return true;
    }
    return false;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t dlen = strlen(dir), nlen = strlen(name), total;
    if (!rc_add_size(dlen, nlen, &total) || !rc_add_size(total, 2, &total))
        return NULL;
    char *out = malloc(total);
    if (!out)
        return NULL;
    bool slash = dlen && dir[dlen - 1] == '/';
    memcpy(out, dir, dlen);
    if (!slash)
        out[dlen++] = '/';
    memcpy(out + dlen, name, nlen + 1);
    return out;
}

/* Lists one directory's entries: files matching EXTENSIONS into FILES, subdirectories into
 * DIRS. Both sorted afterwards by the caller. */
static bool list_directory(const char *dir, const char *const *extensions, rc_path_list *files,
                           rc_path_list *dirs, rc_diag *diag)
{
    DIR *handle = opendir(dir);
    if (!handle) {
        rc_diag_set(diag, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *entry;
    while (ok && (entry = readdir(handle)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        char *full = join_path(dir, entry->d_name);
        struct stat st;
        if (!full) {
            ok = false;
        } else if (lstat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                ok = rc_path_list_add(dirs, full);
            else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
                     has_extension(entry->d_name, extensions))
                ok = rc_path_list_add(files, full);
        }
        free(full);
    }
    closedir(handle);
    if (!ok)
        rc_diag_set(diag, dir, 0, 0, "out of memory listing directory");
    return ok;
}

bool rc_walk_path(const char *path, const char *const *extensions, rc_path_list *out,
                  rc_diag *diag)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        rc_diag_set(diag, path, 0, 0, "cannot read: %s", strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (!rc_path_list_add(out, path)) {
            rc_diag_set(diag, path, 0, 0, "out of memory");
            return false;
        }
        return true;
    }
    /* Depth-first in sorted order with an explicit stack: a directory's files come before
     * its subdirectories, and subdirectories in name order. */
    rc_path_list pending = {0};
    bool ok = rc_path_list_add(&pending, path);
    while (ok && pending.count) {
        char *dir = pending.paths[--pending.count];
        rc_path_list files = {0}, dirs = {0};
        ok = list_directory(dir, extensions, &files, &dirs, diag);
        if (files.count > 1)
            qsort(files.paths, files.count, sizeof *files.paths, compare_paths);
        if (dirs.count > 1)
            qsort(dirs.paths, dirs.count, sizeof *dirs.paths, compare_paths);
        for (size_t i = 0; ok && i < files.count; i++)
            ok = rc_path_list_add(out, files.paths[i]);
        for (size_t i = dirs.count; ok && i-- > 0;)
            ok = rc_path_list_add(&pending, dirs.paths[i]);
        rc_path_list_release(&files);
        rc_path_list_release(&dirs);
        free(dir);
    }
    rc_path_list_release(&pending);
    return ok;
}

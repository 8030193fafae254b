/* secret_detect.c - value detectors, "plainly not a secret", and the small parsers that find
 * keys and values inside config files and command lines (secret_detect.h). */
#include "checks/secret_detect.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

static bool is_alnum(char c)
{
    return isalnum((unsigned char)c) != 0;
}

static bool is_base64url(char c)
{
    return is_alnum(c) || c == '-' || c == '_';
}

static bool is_upper_alnum(char c)
{
    return isdigit((unsigned char)c) || isupper((unsigned char)c);
}

/* First occurrence of NEEDLE in TEXT[0..LEN) at or after FROM, or NULL. */
static const char *find(const char *text, size_t len, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; n && i + n <= len; i++) {
        if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0)
            return text + i;
    }
    return NULL;
}

/* A token: PREFIX not preceded by a letter or digit, then at least MIN characters of CLASS. */
static bool prefixed_token(const char *text, size_t len, const char *prefix,
                           bool (*class)(char), size_t min)
{
    size_t n = strlen(prefix);
    for (const char *at = find(text, len, 0, prefix); at;
         at = find(text, len, (size_t)(at - text) + 1, prefix)) {
        if (at > text && is_alnum(at[-1]))
            continue;
        size_t run = 0;
        for (const char *p = at + n; p < text + len && class(*p); p++)
            run++;
        if (run >= min)
            return true;
    }
    return false;
}

static bool pem_private_key(const char *text, size_t len)
{
    for (const char *at = find(text, len, 0, "-----BEGIN "); at;
         at = find(text, len, (size_t)(at - text) + 1, "-----BEGIN ")) {
        const char *end = find(text, len, (size_t)(at - text) + 11, "-----");
        if (!end || end - at > 80)
            continue;
        if (find(at, (size_t)(end - at), 0, "PRIVATE KEY"))
            return true;
    }
    return false;
}

/* AKIA/ASIA and 16 upper-case letters or digits, standing alone. */
static bool aws_access_key(const char *text, size_t len)
{
    for (size_t i = 0; i + 20 <= len; i++) {
        if (text[i] != 'A' || (memcmp(text + i, "AKIA", 4) != 0 && memcmp(text + i, "ASIA", 4) != 0))
            continue;
        if (i > 0 && is_alnum(text[i - 1]))
            continue;
        size_t run = 0;
        while (i + 4 + run < len && is_upper_alnum(text[i + 4 + run]))
            run++;
        if (run == 16)
            return true;
    }
    return false;
}

static bool jwt(const char *text, size_t len)
{
    for (const char *at = find(text, len, 0, "eyJ"); at;
         at = find(text, len, (size_t)(at - text) + 1, "eyJ")) {
        const char *p = at, *end = text + len;
        size_t parts = 0;
        while (parts < 3) {
            size_t run = 0;
            while (p < end && is_base64url(*p)) {
                p++;
                run++;
            }
            if (run < 10)
                break;
            parts++;
            if (parts < 3 && (p >= end || *p != '.'))
                break;
            p++;
        }
        if (parts == 3)
            return true;
    }
    return false;
}

static bool templated_at(const char *p, const char *end)
{
    return p + 1 < end && ((p[0] == '{' && p[1] == '{') || (p[0] == '$' && (p[1] == '{' || p[1] == '(')));
}

/* A stand-in for a value someone substitutes later: `password-placeholder`, `<password>`,
 * `__PASSWORD__`, `%PASSWORD%`, `***`, `xxxx`. */
static bool placeholder(const char *v, size_t len)
{
    if (len == 0)
        return true;
    for (size_t i = 0; i + 11 <= len; i++) {
        if (strncasecmp(v + i, "placeholder", 11) == 0)
            return true;
    }
    if (len >= 3 && ((v[0] == '<' && v[len - 1] == '>') || (v[0] == '%' && v[len - 1] == '%') ||
                     (len >= 5 && memcmp(v, "__", 2) == 0 && memcmp(v + len - 2, "__", 2) == 0)))
        return true;
    size_t same = 1;
    while (same < len && v[same] == v[0])
        same++;
    return same == len && len >= 3 && (v[0] == '*' || v[0] == 'x' || v[0] == 'X');
}

/* scheme://user:password@host, with a password that is not a placeholder. */
static bool url_credentials(const char *text, size_t len)
{
    for (const char *at = find(text, len, 0, "://"); at;
         at = find(text, len, (size_t)(at - text) + 1, "://")) {
        if (at == text || !isalpha((unsigned char)at[-1]))
            continue;
        const char *p = at + 3, *end = text + len, *colon = NULL;
        for (; p < end && *p != '/' && *p != '@' && !isspace((unsigned char)*p); p++) {
            if (*p == ':' && !colon)
                colon = p;
        }
        if (p < end && *p == '@' && colon && colon + 1 < p && !templated_at(colon + 1, p) &&
            !placeholder(colon + 1, (size_t)(p - colon - 1)))
            return true;
    }
    return false;
}

/* `password=…` / `pwd=…` / `AccountKey=…` at the start of the value or after `;`, `&`, `?` or
 * a blank (database connection strings, DSNs, JAAS lines), with a value (quoted or up to the
 * next separator) that is neither templated nor a placeholder. */
static bool connection_string_password(const char *text, size_t len)
{
    static const char *const names[] = {"password=", "pwd=", "accountkey="};
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && text[i - 1] != ';' && text[i - 1] != '&' && text[i - 1] != '?' &&
            !isspace((unsigned char)text[i - 1]))
            continue;
        for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
            size_t k = strlen(names[n]);
            if (i + k >= len || strncasecmp(text + i, names[n], k) != 0)
                continue;
            const char *v = text + i + k, *end = text + len, *stop;
            if (*v == '"' || *v == '\'') {
                char quote = *v++;
                for (stop = v; stop < end && *stop != quote; stop++)
                    ;
            } else {
                for (stop = v; stop < end && *stop != ';' && *stop != '&' &&
                               !isspace((unsigned char)*stop);
                     stop++)
                    ;
            }
            size_t value_len = (size_t)(stop - v);
            bool templated = false;
            for (const char *p = v; p < stop; p++)
                templated |= templated_at(p, stop) || *p == '{';
            if (!templated && !placeholder(v, value_len))
                return true;
        }
    }
    return false;
}

/* Which detectors could match VALUE: each needs a marker byte sequence, found here in one
 * pass, so a value (most are short and plain) is read once instead of once per detector. */
enum {
    MAY_PEM = 1u << 0,        /* "-----" */
    MAY_AWS = 1u << 1,        /* "AKIA", "ASIA" */
    MAY_GITHUB = 1u << 2,     /* "gh", "github_pat_" */
    MAY_GITLAB = 1u << 3,     /* "glpat-" */
    MAY_SLACK = 1u << 4,      /* "xox" */
    MAY_STRIPE = 1u << 5,     /* "_live_" */
    MAY_GOOGLE = 1u << 6,     /* "AIza" */
    MAY_NPM = 1u << 7,        /* "npm_" */
    MAY_SENDGRID = 1u << 8,   /* "SG." */
    MAY_JWT = 1u << 9,        /* "eyJ" */
    MAY_URL = 1u << 10,       /* "://" */
    MAY_CONNECTION = 1u << 11 /* "=" */
};

static unsigned possible_formats(const char *v, size_t len)
{
    unsigned may = 0;
    for (size_t i = 0; i < len; i++) {
        size_t left = len - i;
        switch (v[i]) {
        case '-':
            if (left >= 5 && memcmp(v + i, "-----", 5) == 0)
                may |= MAY_PEM;
            break;
        case 'A':
            if (left >= 4 && (memcmp(v + i, "AKIA", 4) == 0 || memcmp(v + i, "ASIA", 4) == 0))
                may |= MAY_AWS;
            if (left >= 4 && memcmp(v + i, "AIza", 4) == 0)
                may |= MAY_GOOGLE;
            break;
        case 'g':
            if (left >= 2 && v[i + 1] == 'h')
                may |= MAY_GITHUB;
            if (left >= 6 && memcmp(v + i, "glpat-", 6) == 0)
                may |= MAY_GITLAB;
            break;
        case 'x':
            if (left >= 3 && memcmp(v + i, "xox", 3) == 0)
                may |= MAY_SLACK;
            break;
        case '_':
            if (left >= 6 && memcmp(v + i, "_live_", 6) == 0)
                may |= MAY_STRIPE;
            break;
        case 'n':
            if (left >= 4 && memcmp(v + i, "npm_", 4) == 0)
                may |= MAY_NPM;
            break;
        case 'S':
            if (left >= 3 && memcmp(v + i, "SG.", 3) == 0)
                may |= MAY_SENDGRID;
            break;
        case 'e':
            if (left >= 3 && memcmp(v + i, "eyJ", 3) == 0)
                may |= MAY_JWT;
            break;
        case ':':
            if (left >= 3 && memcmp(v + i, "://", 3) == 0)
                may |= MAY_URL;
            break;
        case '=':
            may |= MAY_CONNECTION;
            break;
        default:
            break;
        }
    }
    return may;
}

const char *rc_secret_value_format(const char *value, size_t len)
{
    unsigned may = possible_formats(value, len);
    if (!may)
        return NULL;
    if ((may & MAY_PEM) && pem_private_key(value, len))
        return "a PEM private key";
    if ((may & MAY_AWS) && aws_access_key(value, len))
        return "an AWS access key id";
    if ((may & MAY_GITHUB) &&
        (prefixed_token(value, len, "ghp_", is_alnum, 36) ||
         prefixed_token(value, len, "gho_", is_alnum, 36) ||
         prefixed_token(value, len, "ghs_", is_alnum, 36) ||
         prefixed_token(value, len, "ghu_", is_alnum, 36) ||
         prefixed_token(value, len, "ghr_", is_alnum, 36) ||
         prefixed_token(value, len, "github_pat_", is_base64url, 22)))
        return "a GitHub token";
    if ((may & MAY_GITLAB) && prefixed_token(value, len, "glpat-", is_base64url, 20))
        return "a GitLab token";
    if ((may & MAY_SLACK) &&
        (prefixed_token(value, len, "xoxb-", is_base64url, 10) ||
         prefixed_token(value, len, "xoxp-", is_base64url, 10) ||
         prefixed_token(value, len, "xoxa-", is_base64url, 10) ||
         prefixed_token(value, len, "xoxr-", is_base64url, 10) ||
         prefixed_token(value, len, "xoxs-", is_base64url, 10)))
        return "a Slack token";
    if ((may & MAY_STRIPE) && (prefixed_token(value, len, "sk_live_", is_alnum, 16) ||
                               prefixed_token(value, len, "rk_live_", is_alnum, 16)))
        return "a Stripe live key";
    if ((may & MAY_GOOGLE) && prefixed_token(value, len, "AIza", is_base64url, 35))
        return "a Google API key";
    if ((may & MAY_NPM) && prefixed_token(value, len, "npm_", is_alnum, 36))
        return "an npm token";
    if ((may & MAY_SENDGRID) && prefixed_token(value, len, "SG.", is_base64url, 22))
        return "a SendGrid key";
    if ((may & MAY_JWT) && jwt(value, len))
        return "a JSON Web Token";
    if ((may & MAY_URL) && url_credentials(value, len))
        return "credentials in a URL";
    if ((may & MAY_CONNECTION) && connection_string_password(value, len))
        return "a password in a connection string";
    return NULL;
}

bool rc_secret_random_looking(const char *value, size_t len)
{
    if (len < RC_SECRET_ENTROPY_MIN_LEN || len > 256)
        return false;
    bool upper = false, lower = false, digit = false, hex_only = true;
    unsigned counts[256] = {0};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        if (!isalnum(c) && c != '+' && c != '/' && c != '=' && c != '-' && c != '_')
            return false;
        upper |= isupper(c) != 0;
        lower |= islower(c) != 0;
        digit |= isdigit(c) != 0;
        hex_only &= isxdigit(c) != 0 || c == '-';
        counts[c]++;
    }
    if (!upper || !lower || !digit || hex_only)
        return false;
    double bits = 0;
    for (size_t c = 0; c < 256; c++) {
        if (counts[c]) {
            double p = (double)counts[c] / (double)len;
            bits -= p * log2(p);
        }
    }
    return bits * 10 >= RC_SECRET_ENTROPY_MIN_BITS_X10;
}

static bool equals_any(const char *value, size_t len, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(words[i]) == len && strncasecmp(value, words[i], len) == 0)
            return true;
    }
    return false;
}

/* 12, 1.5, 30s, 250ms, 512Mi, 10GB */
static bool number_or_quantity(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len && isdigit((unsigned char)v[i]))
        i++;
    if (i == 0)
        return false;
    if (i < len && v[i] == '.') {
        size_t j = ++i;
        while (i < len && isdigit((unsigned char)v[i]))
            i++;
        if (i == j)
            return false;
    }
    static const char *const units[] = {"", "ms", "s", "m", "h", "d", "w", "y", "Ki", "Mi", "Gi",
                                        "Ti", "Pi", "Ei", "k", "K", "M", "G", "T", "P", "E", "KB",
                                        "MB", "GB", "TB", "kB", "%"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (strlen(units[u]) == len - i && memcmp(v + i, units[u], len - i) == 0)
            return true;
    }
    return false;
}

/* A file name with an extension that names a file format: tls.key, creds.json. */
static bool file_name(const char *v, size_t len)
{
    static const char *const extensions[] = {"pem", "crt", "cer", "key", "p12", "pfx", "jks",
                                             "keystore", "json", "yaml", "yml", "txt", "conf",
                                             "cfg", "ini", "properties", "toml", "env", "xml"};
    const char *dot = NULL;
    for (size_t i = 0; i < len; i++) {
        if (!is_alnum(v[i]) && v[i] != '.' && v[i] != '_' && v[i] != '-')
            return false;
        if (v[i] == '.')
            dot = v + i;
    }
    if (!dot || dot == v)
        return false;
    return equals_any(dot + 1, (size_t)(v + len - dot - 1), extensions,
                      sizeof extensions / sizeof extensions[0]);
}

/* X-Api-Key, Content-Type, Authorization: hyphenated capitalised words, or an auth header or
 * scheme name. */
static bool http_header_name(const char *v, size_t len)
{
    static const char *const names[] = {"Authorization", "Proxy-Authorization", "Cookie",
                                        "Set-Cookie", "Bearer", "Basic", "Token"};
    if (equals_any(v, len, names, sizeof names / sizeof names[0]))
        return true;
    bool word_start = true;
    size_t hyphens = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] == '-') {
            if (word_start)
                return false;
            hyphens++;
            word_start = true;
        } else if (word_start) {
            if (!isupper((unsigned char)v[i]))
                return false;
            word_start = false;
        } else if (!is_alnum(v[i])) {
            return false;
        }
    }
    return hyphens > 0 && !word_start;
}

/* scheme://host/path with no user:password part (url_credentials catches those first). */
static bool uri(const char *v, size_t len)
{
    size_t i = 0;
    if (len == 0 || !isalpha((unsigned char)v[0]))
        return false;
    while (i < len && (is_alnum(v[i]) || v[i] == '+' || v[i] == '.' || v[i] == '-'))
        i++;
    return i + 3 <= len && memcmp(v + i, "://", 3) == 0 && !url_credentials(v, len);
}

bool rc_secret_plainly_not(const char *value, size_t len)
{
    while (len && isspace((unsigned char)*value)) {
        value++;
        len--;
    }
    while (len && isspace((unsigned char)value[len - 1]))
        len--;
    if (len == 0)
        return true;
    for (size_t i = 0; i + 1 < len; i++) {
        if (templated_at(value + i, value + len))
            return true;
    }
    static const char *const keywords[] = {"true", "false", "yes", "no", "on", "off", "none",
                                           "null", "nil", "enabled", "disabled", "required",
                                           "optional", "auto", "default"};
    return equals_any(value, len, keywords, sizeof keywords / sizeof keywords[0]) ||
           placeholder(value, len) ||
           number_or_quantity(value, len) || value[0] == '/' ||
           (len > 1 && (memcmp(value, "./", 2) == 0 || memcmp(value, "~/", 2) == 0)) ||
           file_name(value, len) || http_header_name(value, len) || uri(value, len);
}

static size_t trim_end(const char *text, size_t begin, size_t end)
{
    while (end > begin && (isspace((unsigned char)text[end - 1]) || text[end - 1] == ','))
        end--;
    return end;
}

static bool comment_or_header(const char *text, size_t begin, size_t end)
{
    return text[begin] == '#' || text[begin] == ';' || text[begin] == '[' ||
           (text[begin] == '/' && begin + 1 < end && text[begin + 1] == '/');
}

/* Parses one line [BEGIN, END) of an embedded file; false when it holds no assignment. */
static bool parse_assignment(const char *text, size_t begin, size_t end, rc_secret_line *out)
{
    while (begin < end && isspace((unsigned char)text[begin]))
        begin++;
    if (begin + 1 < end && text[begin] == '-' && text[begin + 1] == ' ')
        begin += 2; /* a YAML list item: `- password: x` */
    while (begin < end && isspace((unsigned char)text[begin]))
        begin++;
    if (begin >= end || comment_or_header(text, begin, end))
        return false;
    if (end - begin > 7 && memcmp(text + begin, "export ", 7) == 0)
        begin += 7;
    size_t key_begin = begin, key_end, p;
    if (text[begin] == '"' || text[begin] == '\'') {
        char quote = text[begin];
        p = begin + 1;
        while (p < end && text[p] != quote)
            p++;
        if (p >= end)
            return false;
        key_begin = begin + 1;
        key_end = p++;
        while (p < end && text[p] == ' ')
            p++;
        if (p >= end || (text[p] != ':' && text[p] != '='))
            return false;
    } else {
        p = begin;
        while (p < end && text[p] != '=' && text[p] != ':') {
            if (!is_alnum(text[p]) && text[p] != '.' && text[p] != '_' && text[p] != '-' &&
                text[p] != ' ')
                return false;
            p++;
        }
        if (p >= end)
            return false;
        key_end = p;
        while (key_end > key_begin && text[key_end - 1] == ' ')
            key_end--;
        for (size_t k = key_begin; k < key_end; k++) {
            if (text[k] == ' ')
                return false;
        }
        /* `key: value` in YAML needs the blank; `key:value` is a scalar, not a key. */
        if (text[p] == ':' && p + 1 < end && text[p + 1] != ' ')
            return false;
    }
    if (key_end == key_begin)
        return false;
    size_t value_begin = p + 1;
    while (value_begin < end && isspace((unsigned char)text[value_begin]))
        value_begin++;
    size_t value_end = trim_end(text, value_begin, end);
    if (value_begin < value_end && (text[value_begin] == '"' || text[value_begin] == '\'')) {
        char quote = text[value_begin];
        size_t close = value_begin + 1;
        while (close < value_end && text[close] != quote)
            close++;
        value_end = close;
        value_begin++;
    } else {
        for (size_t k = value_begin; k + 1 < value_end; k++) {
            if (text[k] == ' ' && text[k + 1] == '#') {
                value_end = trim_end(text, value_begin, k);
                break;
            }
        }
    }
    if (value_end <= value_begin)
        return false;
    out->key = text + key_begin;
    out->key_len = key_end - key_begin;
    out->value = text + value_begin;
    out->value_len = value_end - value_begin;
    return true;
}

bool rc_secret_next_line(const char *text, size_t len, size_t *pos, size_t *line,
                         rc_secret_line *out)
{
    while (*pos < len) {
        size_t begin = *pos;
        const char *nl = memchr(text + begin, '\n', len - begin);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t this_line = *line;
        *pos = nl ? end + 1 : len;
        *line += nl != NULL;
        while (begin < end && isspace((unsigned char)text[begin]))
            begin++;
        end = trim_end(text, begin, end);
        if (begin >= end || comment_or_header(text, begin, end))
            continue;
        out->line = this_line;
        if (!parse_assignment(text, begin, end, out)) {
            out->key = NULL;
            out->key_len = 0;
            out->value = text + begin;
            out->value_len = end - begin;
        }
        return true;
    }
    return false;
}

bool rc_secret_flag(const char *arg, size_t arg_len, const char *next, size_t next_len,
                    const char **name, size_t *name_len, const char **value, size_t *value_len,
                    bool *consumed_next)
{
    *consumed_next = false;
    size_t i = 0;
    while (i < arg_len && i < 2 && arg[i] == '-')
        i++;
    if (i == 0)
        return false;
    size_t begin = i;
    while (i < arg_len && (is_alnum(arg[i]) || arg[i] == '-' || arg[i] == '_' || arg[i] == '.'))
        i++;
    if (i - begin < 2)
        return false;
    *name = arg + begin;
    *name_len = i - begin;
    if (i < arg_len && arg[i] == '=') {
        *value = arg + i + 1;
        *value_len = arg_len - i - 1;
        return *value_len > 0;
    }
    if (i != arg_len || !next || next_len == 0 || next[0] == '-')
        return false;
    *value = next;
    *value_len = next_len;
    *consumed_next = true;
    return true;
}

static int base64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

size_t rc_secret_base64_decode(const char *text, size_t len, char *out, size_t size)
{
    size_t written = 0, digits = 0;
    unsigned bits = 0;
    int bit_count = 0;
    bool padding = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (isspace((unsigned char)c))
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int d = base64_digit(c);
        if (d < 0 || padding)
            return (size_t)-1;
        digits++;
        bits = (bits << 6) | (unsigned)d;
        bit_count += 6;
        if (bit_count >= 8) {
            bit_count -= 8;
            if (written == size)
                return (size_t)-1;
            out[written++] = (char)((bits >> bit_count) & 0xff);
        }
    }
    return digits % 4 == 1 ? (size_t)-1 : written;
}

/* test_secret_detect.c - the one secret detector (checks/secret_detect.h): each value
 * detector both ways, the entropy threshold at its edges, what is plainly not a secret, and
 * the parsers for lines of embedded files, command-line flags and base64. */
#include <string.h>

#include "checks/secret_detect.h"
#include "testutil.h"

static const char *format(const char *value)
{
    return rc_secret_value_format(value, strlen(value));
}

static bool plainly_not(const char *value)
{
    return rc_secret_plainly_not(value, strlen(value));
}

static bool random_looking(const char *value)
{
    return rc_secret_random_looking(value, strlen(value));
}

START_TEST(each_format_is_recognised)
{
    ck_assert_str_eq(format("x\n-----BEGIN RSA PRIVATE KEY-----\nabc"), "a PEM private key");
    ck_assert_str_eq(format("id=AKIAABCDEFGHIJKLMNOP"), "an AWS access key id");
    ck_assert_str_eq(format("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "a GitHub token");
    ck_assert_str_eq(format("glpat-abcdefghij0123456789"), "a GitLab token");
    ck_assert_str_eq(format("xoxb-123456789012-abc"), "a Slack token");
    ck_assert_str_eq(format("sk_live_abcdefgh12345678"), "a Stripe live key");
    ck_assert_str_eq(format("AIzaSyA-abcdefghijklmnopqrstuvwxyz01234"), "a Google API key");
    ck_assert_str_eq(format("npm_abcdefghijklmnopqrstuvwxyz0123456789"), "an npm token");
    ck_assert_str_eq(format("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl"),
                     "a JSON Web Token");
    ck_assert_str_eq(format("postgres://app:pw@db:5432/app"), "credentials in a URL");
    ck_assert_str_eq(format("Server=db;Password=pw;"), "a password in a connection string");
    /* Every marker a detector starts from, also in the middle of a longer value: one pass
     * picks the detectors that run (possible_formats), so each marker is held here. */
    static const struct {
        const char *value, *format;
    } marked[] = {
        {"SG.abcdefghijklmnopqrstuv.wxyz0123456789abcdefghij", "a SendGrid key"},
        {"id ASIAABCDEFGHIJKLMNOP", "an AWS access key id"},
        {"token: gho_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"},
        {"token: ghs_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"},
        {"token: ghu_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"},
        {"token: ghr_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"},
        {"x github_pat_abcdefghijklmnopqrstuv_0123", "a GitHub token"},
        {"hook xoxp-123456789012-abc", "a Slack token"},
        {"hook xoxa-123456789012-abc", "a Slack token"},
        {"hook xoxr-123456789012-abc", "a Slack token"},
        {"hook xoxs-123456789012-abc", "a Slack token"},
        {"key rk_live_abcdefgh12345678", "a Stripe live key"},
        {"a glpat-abcdefghij0123456789", "a GitLab token"},
        {"b AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "a Google API key"},
        {"c npm_abcdefghijklmnopqrstuvwxyz0123456789", "an npm token"},
        {"jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl", "a JSON Web Token"},
        {"url: redis://:secretpw@cache:6379", "credentials in a URL"},
    };
    for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++) {
        const char *found = format(marked[i].value);
        ck_assert_msg(found && strcmp(found, marked[i].format) == 0, "%s: %s, not %s",
                      marked[i].value, found ? found : "nothing", marked[i].format);
    }
}
END_TEST

START_TEST(near_misses_are_not_formats)
{
    ck_assert_ptr_null(format("-----BEGIN CERTIFICATE-----\nabc"));
    ck_assert_ptr_null(format("-----BEGIN PUBLIC KEY-----"));
    ck_assert_ptr_null(format("XAKIAABCDEFGHIJKLMNOP"));        /* glued to a letter */
    ck_assert_ptr_null(format("AKIAABCDEFGHIJKLMNO"));          /* 15 characters */
    ck_assert_ptr_null(format("ghp_short"));
    ck_assert_ptr_null(format("sk_test_abcdefgh12345678"));     /* a test key */
    ck_assert_ptr_null(format("postgres://app@db:5432/app"));   /* no password */
    ck_assert_ptr_null(format("postgres://app:${DB_PASSWORD}@db/app"));
    ck_assert_ptr_null(format("https://db:5432/app"));          /* a port, not a password */
    ck_assert_ptr_null(format("Password=${DB_PASSWORD};"));
    ck_assert_ptr_null(format("eyJhbGciOiJIUzI1NiJ9"));         /* one part only */
    ck_assert_ptr_null(format("my_password=x"));                /* a key, not a DSN field */
    /* Placeholders an init container replaces (bitnami's Kafka JAAS lines). */
    ck_assert_ptr_null(format("Module required username=\"u\" password=\"pw-placeholder\";"));
    ck_assert_ptr_null(format("postgres://app:<password>@db/app"));
    ck_assert_ptr_null(format("postgres://app:***@db/app"));
    ck_assert_str_eq(format("Module required username=\"u\" password=\"s3cr3t\";"),
                     "a password in a connection string");
}
END_TEST

START_TEST(entropy_threshold_at_its_edges)
{
    ck_assert(random_looking("q7Lm2Xv9Rt4Kp8Wz3Nb6Hc1J"));     /* 24 characters */
    ck_assert(!random_looking("q7Lm2Xv9Rt4Kp8Wz3Nb6Hc1"));     /* 23 */
    ck_assert(!random_looking("aaaaaaaaaaaaBBBBBBBBBBBB111")); /* low entropy */
    ck_assert(!random_looking("7d5c2a1f9e8b3c4d5e6f708192a3b4c5")); /* hex: a digest */
    ck_assert(!random_looking("q7lm2xv9rt4kp8wz3nb6hc1jd5fs")); /* no upper case */
    ck_assert(!random_looking("com.example.shop.CheckoutService1"));
    ck_assert(!random_looking("q7Lm2Xv9 Rt4Kp8Wz3Nb6Hc1Jd5")); /* a blank */
}
END_TEST

START_TEST(plainly_not_secrets)
{
    static const char *const values[] = {"", "  ", "{{ .Values.x }}", "${X}", "$(X)", "true",
                                         "Disabled", "12", "1.5", "30s", "512Mi", "10GB",
                                         "/run/secrets/x", "./x", "~/x", "tls.key", "creds.json",
                                         "X-Api-Key", "Authorization", "Content-Type", "Bearer",
                                         "https://auth.example.com/token", "vault://kv/x",
                                         "password-placeholder", "<your-password>", "__TOKEN__",
                                         "%PASSWORD%", "xxxx", "****"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        ck_assert_msg(plainly_not(values[i]), "%s", values[i]);
    static const char *const secrets[] = {"hunter2", "changeme", "s3cr3t-Value", "x-api-key1",
                                          "postgres://a:b@db/x", "tls.key.hunter2!",
                                          "Correct horse"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        ck_assert_msg(!plainly_not(secrets[i]), "%s", secrets[i]);
}
END_TEST

START_TEST(lines_of_embedded_files)
{
    const char *text = "# comment\n"
                       "[section]\n"
                       "a.b.password=pw1\n"
                       "  key: 'pw2' # note\n"
                       "\"apiKey\": \"pw3\",\n"
                       "export TOKEN=pw4\n"
                       "secret_key = pw5 # trailing\n"
                       "nested:\n"
                       "url:http://x\n"
                       "- item: pw6\n";
    struct {
        const char *key, *value;
        size_t line;
    } want[] = {{"a.b.password", "pw1", 2}, {"key", "pw2", 3},   {"apiKey", "pw3", 4},
                {"TOKEN", "pw4", 5},        {"secret_key", "pw5", 6}, {NULL, "nested:", 7},
                {NULL, "url:http://x", 8},  {"item", "pw6", 9}};
    size_t pos = 0, line = 0, n = 0;
    rc_secret_line got;
    while (rc_secret_next_line(text, strlen(text), &pos, &line, &got)) {
        ck_assert_uint_lt(n, sizeof want / sizeof want[0]);
        if (want[n].key) {
            ck_assert_ptr_nonnull(got.key);
            ck_assert_int_eq((int)got.key_len, (int)strlen(want[n].key));
            ck_assert(memcmp(got.key, want[n].key, got.key_len) == 0);
        } else {
            ck_assert_ptr_null(got.key);
        }
        ck_assert_int_eq((int)got.value_len, (int)strlen(want[n].value));
        ck_assert(memcmp(got.value, want[n].value, got.value_len) == 0);
        ck_assert_uint_eq(got.line, want[n].line);
        n++;
    }
    ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(flags_with_values)
{
    const char *name, *value;
    size_t name_len, value_len;
    bool took;
    ck_assert(rc_secret_flag("--db-password=x", 15, NULL, 0, &name, &name_len, &value, &value_len,
                             &took));
    ck_assert(name_len == 11 && memcmp(name, "db-password", 11) == 0 && value_len == 1 && !took);
    ck_assert(rc_secret_flag("--token", 7, "abc", 3, &name, &name_len, &value, &value_len, &took));
    ck_assert(took && value_len == 3);
    ck_assert(!rc_secret_flag("--verbose", 9, "--token", 7, &name, &name_len, &value, &value_len,
                              &took));
    ck_assert(!rc_secret_flag("-c", 2, "script", 6, &name, &name_len, &value, &value_len, &took));
    ck_assert(!rc_secret_flag("plain", 5, NULL, 0, &name, &name_len, &value, &value_len, &took));
    ck_assert(!rc_secret_flag("--password=", 11, NULL, 0, &name, &name_len, &value, &value_len,
                              &took));
}
END_TEST

START_TEST(base64)
{
    char out[32];
    ck_assert_uint_eq(rc_secret_base64_decode("aGVsbG8=", 8, out, sizeof out), 5);
    ck_assert(memcmp(out, "hello", 5) == 0);
    ck_assert_uint_eq(rc_secret_base64_decode("aGVs\nbG8=", 9, out, sizeof out), 5);
    ck_assert_uint_eq(rc_secret_base64_decode("%%%", 3, out, sizeof out), (size_t)-1);
    ck_assert_uint_eq(rc_secret_base64_decode("aGVsbG8=", 8, out, 2), (size_t)-1);
    ck_assert_uint_eq(rc_secret_base64_decode("a", 1, out, sizeof out), (size_t)-1);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("secret_detect");
    TCase *detect = tcase_create("detect");
    tcase_add_test(detect, each_format_is_recognised);
    tcase_add_test(detect, near_misses_are_not_formats);
    tcase_add_test(detect, entropy_threshold_at_its_edges);
    tcase_add_test(detect, plainly_not_secrets);
    tcase_add_test(detect, lines_of_embedded_files);
    tcase_add_test(detect, flags_with_values);
    tcase_add_test(detect, base64);
    suite_add_tcase(suite, detect);
    return rc_test_run(suite);
}

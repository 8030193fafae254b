/* fuzz_config.c - libFuzzer target for .readyctl.yaml (config/config.h): the settings file,
 * its declared `requirements:` (config/requirements.h) and `profiles:` (rules/profile.h),
 * which users write by hand and readyctl reads before anything else. See docs/fuzzing.md.
 *
 * Besides the sanitizers, the target asserts that a rejected file names a position inside
 * the input, and that an accepted one answers every requirement question without touching
 * memory it does not own. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/requirements.h"
#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/object.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_config: contract broken: %s\n", what);
        abort();
    }
}

/* An upper bound on the lines of DATA as YAML counts them: LF, CR, NEL (…\x85) and the
 * Unicode line and paragraph separators (\xE2\x80\xA8/9) all break lines. */
static size_t count_lines(const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 || data[i] == 0xE2;
    return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0; /* a settings file is small; keep executions fast */
    rc_config config;
    rc_config_init(&config);
    rc_diag diag = {0};
    bool ok = rc_config_load_text(&config, "fuzz.yaml", (const char *)data, size, &diag);
    if (!ok) {
        require(diag.file != NULL, "an error names its file");
        require(diag.line <= count_lines(data, size) + 1, "an error's line lies in the input");
    } else {
        static const char *const keys[] = {"services", "autoscaling", "scraping", "dashboards",
                                           "dashboards.topics", "logging", "retention",
                                           "retention.logs", "backup", "nonsense"};
        const rc_requirements *req = &config.requirements;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            (void)rc_requirements_declared(req, keys[i]);
        /* Every declared service word against a small workload. */
        static const char manifest[] =
            "kind: Deployment\nmetadata:\n  name: rel-backend\n"
            "  labels: {app.kubernetes.io/name: backend}\n";
        rc_limits limits;
        rc_limits_default(&limits);
        rc_node *root = NULL;
        rc_object obj;
        require(rc_yaml_load(&config.arena, "manifest", manifest, sizeof manifest - 1, 1,
                             &limits, &root, &diag) &&
                    rc_object_init(&obj, NULL, root),
                "the fixed manifest loads");
        for (size_t i = 0; i < req->services.count; i++) {
            require(req->services.items[i].text != NULL, "a service entry has its text");
            (void)rc_service_ref_matches(&req->services.items[i], &obj);
        }
        (void)rc_service_list_match(&req->autoscaling, &obj);
        for (size_t i = 0; i < req->topic_count; i++)
            require(req->topics[i].regex != NULL, "a topic is compiled");
        const char *lineage[] = {"staging", "prod"};
        (void)rc_requirements_log_retention(req, lineage, 2);
        for (size_t i = 0; i < config.profiles.count; i++)
            require(config.profiles.items[i].name != NULL, "a profile has a name");
    }
    rc_config_release(&config);
    return 0;
}

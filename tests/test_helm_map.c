/* test_helm_map.c - from a rendered line back to the template line that produced it
 * (input/helm_map.h): exact lines, lines whose {{ }} actions computed part of the text,
 * repeated lines told apart by their surroundings or by the lines both files hold once, and
 * the lines that cannot be told (0, so the caller falls back to an enclosing line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/helm_map.h"
#include "testutil.h"

static char chart[64];
static char template_path[128];
static rc_helm_map *map;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void write_template(const char *text)
{
    write_file(template_path, text);
}

static void setup(void)
{
    strcpy(chart, "/tmp/readyctl-helm-map-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(chart));
    snprintf(template_path, sizeof template_path, "%s/deployment.yaml", chart);
    map = rc_helm_map_create(chart);
    ck_assert_ptr_nonnull(map);
}

static void teardown(void)
{
    rc_helm_map_free(map);
    unlink(template_path);
    rmdir(chart);
}

/* The template line (1-based) of rendered line LINE (1-based) of RENDERED, or 0. */
static uint32_t map_line(const char *rendered, size_t line)
{
    uint32_t column = 1;
    return rc_helm_map_line(map, template_path, rendered, strlen(rendered), line - 1, &column);
}

/* The helper line (1-based) rendered line LINE (1-based) of RENDERED came from, or 0; its
 * file goes to *HELPER and the rendered column *COLUMN is moved to the helper's. */
static uint32_t map_helper_line(const char *rendered, size_t line, uint32_t *column,
                                const char **helper)
{
    return rc_helm_map_helper_line(map, template_path, rendered, strlen(rendered), line - 1,
                                   column, helper);
}

START_TEST(computed_text_maps_to_its_template_line)
{
    write_template("spec:\n"
                   "  containers:\n"
                   "    - name: {{ .Chart.Name }}\n"
                   "      args:\n"
                   "        - --port=8080\n"
                   "        - --log-format={{ .Values.logFormat }}\n"
                   "        - {{ .Values.extraArg }}\n");
    const char *rendered = "spec:\n"
                           "  containers:\n"
                           "    - name: app\n"
                           "      args:\n"
                           "        - --port=8080\n"
                           "        - --log-format=text\n"
                           "        - --verbose\n";
    ck_assert_uint_eq(map_line(rendered, 3), 3);
    ck_assert_uint_eq(map_line(rendered, 5), 5);
    ck_assert_uint_eq(map_line(rendered, 6), 6);
    /* `- {{ x }}` says nothing of its own: any item could come from it. */
    ck_assert_uint_eq(map_line(rendered, 7), 0);
}
END_TEST

START_TEST(a_key_whose_block_a_template_renders_below_it)
{
    write_template("      containers:\n"
                   "        - name: app\n"
                   "          resources: {{- toYaml .Values.resources | nindent 12 }}\n");
    const char *rendered = "      containers:\n"
                           "        - name: app\n"
                           "          resources:\n"
                           "            limits:\n"
                           "              cpu: 1\n";
    ck_assert_uint_eq(map_line(rendered, 3), 3);
    /* toYaml's output is nowhere in the template. */
    ck_assert_uint_eq(map_line(rendered, 4), 0);
}
END_TEST

START_TEST(branches_of_a_condition_are_told_apart_by_lines_held_once)
{
    write_template("          ports:\n"
                   "            - containerPort: 8080\n"
                   "          {{- if .Values.livenessProbe.enabled }}\n"
                   "          livenessProbe: {{- include \"x.render\" .Values.livenessProbe | nindent 12 }}\n"
                   "          {{- else if .Values.customLivenessProbe }}\n"
                   "          livenessProbe: {{- include \"x.render\" .Values.custom | nindent 12 }}\n"
                   "          {{- end }}\n"
                   "          readinessProbe:\n"
                   "            httpGet: {path: /ready}\n");
    const char *rendered = "          ports:\n"
                           "            - containerPort: 8080\n"
                           "          livenessProbe:\n"
                           "            httpGet: {path: /healthz}\n"
                           "          readinessProbe:\n"
                           "            httpGet: {path: /ready}\n";
    ck_assert_uint_eq(map_line(rendered, 3), 4);
}
END_TEST

START_TEST(a_line_per_container_is_placed_by_its_surroundings)
{
    write_template("        - name: app\n"
                   "          image: app:1\n"
                   "          {{- with .Values.resources }}\n"
                   "          resources:\n"
                   "            {{- toYaml . | nindent 12 }}\n"
                   "          {{- end }}\n"
                   "        {{- if .Values.sidecar.enabled }}\n"
                   "        - name: sidecar\n"
                   "          image: sidecar:1\n"
                   "          {{- with .Values.sidecar.resources }}\n"
                   "          resources:\n"
                   "            {{- toYaml . | nindent 12 }}\n"
                   "          {{- end }}\n"
                   "        {{- end }}\n");
    const char *app_only = "        - name: app\n"
                           "          image: app:1\n"
                           "          resources:\n"
                           "            limits: {cpu: 1}\n";
    ck_assert_uint_eq(map_line(app_only, 3), 4);
    const char *sidecar_only = "        - name: app\n"
                               "          image: app:1\n"
                               "        - name: sidecar\n"
                               "          image: sidecar:1\n"
                               "          resources:\n"
                               "            limits: {cpu: 1}\n";
    ck_assert_uint_eq(map_line(sidecar_only, 5), 11);
}
END_TEST

START_TEST(surroundings_count_only_in_the_order_they_render)
{
    /* external-dns: its container's probes, then (far below, in a block the release does not
     * render) a provider sidecar's own `args:`, `ports:` and probes. A line far above the
     * rendered `livenessProbe:` (`args:`) also stands just above the sidecar's copy; counted
     * out of order, it made the sidecar's line the better match. */
    char text[8192] = "";
    strcat(text, "      containers:\n"
                 "        - name: app\n"
                 "          args:\n"
                 "            - --log-format={{ .Values.logFormat }}\n");
    for (int i = 0; i < 70; i++)
        strcat(text, "            {{- if .Values.flag }}\n");
    strcat(text, "          ports:\n"
                 "            - name: http\n"
                 "              containerPort: 7979\n"
                 "          livenessProbe:\n"
                 "            {{- toYaml .Values.livenessProbe | nindent 12 }}\n"
                 "          readinessProbe:\n"
                 "            {{- toYaml .Values.readinessProbe | nindent 12 }}\n"
                 "        {{- with .Values.provider.webhook }}\n"
                 "        - name: webhook\n"
                 "          args:\n"
                 "            {{- toYaml .args | nindent 12 }}\n"
                 "          ports:\n"
                 "            - name: http-webhook\n"
                 "              containerPort: 8080\n"
                 "          livenessProbe:\n"
                 "            {{- toYaml .livenessProbe | nindent 12 }}\n"
                 "          readinessProbe:\n"
                 "            {{- toYaml .readinessProbe | nindent 12 }}\n"
                 "        {{- end }}\n");
    write_template(text);
    const char *rendered = "      containers:\n"
                           "        - name: app\n"
                           "          args:\n"
                           "            - --log-format=text\n"
                           "          ports:\n"
                           "            - name: http\n"
                           "              containerPort: 7979\n"
                           "          livenessProbe:\n"
                           "            httpGet: {path: /healthz, port: http}\n"
                           "          readinessProbe:\n"
                           "            httpGet: {path: /healthz, port: http}\n";
    ck_assert_uint_eq(map_line(rendered, 8), 78);
    ck_assert_uint_eq(map_line(rendered, 10), 80);
}
END_TEST

START_TEST(values_key_of_a_line_and_of_the_block_it_opens)
{
    write_template("      containers:\n"
                   "        - name: {{ include \"app.name\" . }}\n"
                   "          imagePullPolicy: {{ .Values.image.pullPolicy }}\n"
                   "          resources:\n"
                   "            {{- toYaml .Values.resources | nindent 12 }}\n");
    char key[128];
    ck_assert(rc_helm_map_values_key(map, template_path, 3, key, sizeof key));
    ck_assert_str_eq(key, "image.pullPolicy");
    /* `resources:` opens a block: the block's values are what it rendered. */
    ck_assert(rc_helm_map_values_key(map, template_path, 4, key, sizeof key));
    ck_assert_str_eq(key, "resources");
    /* The container's name line has a value of its own and read no values. */
    ck_assert(!rc_helm_map_values_key(map, template_path, 2, key, sizeof key));
}
END_TEST

START_TEST(a_block_of_unrelated_values_names_none_and_related_ones_their_shared_path)
{
    write_template("spec:\n"
                   "  {{- if not .Values.autoscaling.enabled }}\n"
                   "  replicas: {{ .Values.deployment.replicas }}\n"
                   "  {{- end }}\n"
                   "  template:\n"
                   "    spec:\n"
                   "      containers:\n"
                   "        - image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n"
                   "          resources:\n"
                   "            requests: {{- toYaml .Values.resources.requests | nindent 14 }}\n"
                   "            limits: {{- toYaml .Values.resources.limits | nindent 14 }}\n");
    char key[128];
    /* `spec:` reads autoscaling and deployment values: which one a finding is about
     * cannot be told. */
    ck_assert(!rc_helm_map_values_key(map, template_path, 1, key, sizeof key));
    ck_assert(rc_helm_map_values_key(map, template_path, 8, key, sizeof key));
    ck_assert_str_eq(key, "image");
    ck_assert(rc_helm_map_values_key(map, template_path, 9, key, sizeof key));
    ck_assert_str_eq(key, "resources");
    ck_assert(rc_helm_map_values_key(map, template_path, 10, key, sizeof key));
    ck_assert_str_eq(key, "resources.requests");
}
END_TEST

START_TEST(a_literal_key_at_another_depth_did_not_render_the_line)
{
    write_template("    spec:\n"
                   "      securityContext:\n"
                   "        runAsNonRoot: true\n"
                   "      containers:\n"
                   "        - name: app\n"
                   "          securityContext: {{ include \"app.securityContext\" . | nindent 12 }}\n");
    const char *rendered = "    spec:\n"
                           "      securityContext:\n"
                           "        runAsNonRoot: true\n"
                           "      containers:\n"
                           "        - name: app\n"
                           "          securityContext: \n"
                           "            readOnlyRootFilesystem: false\n";
    ck_assert_uint_eq(map_line(rendered, 2), 2);
    /* The container's `securityContext:` came from the include, not the pod's line. */
    ck_assert_uint_eq(map_line(rendered, 6), 6);
}
END_TEST

/* Writes TEXT to the file NAME beside the template; its path goes to PATH. */
static void write_beside(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", chart, name);
    write_file(path, text);
}

START_TEST(a_line_an_include_drew_from_a_helper_is_found_there)
{
    char pod[160], other[160];
    write_template("kind: Deployment\n"
                   "spec:\n"
                   "  template:\n"
                   "    {{- include \"app.pod\" . | nindent 4 }}\n");
    write_beside("_pod.tpl",
                 "{{- define \"app.pod\" -}}\n"
                 "spec:\n"
                 "  containers:\n"
                 "  - name: {{ .Chart.Name }}\n"
                 "    image: {{ .Values.image }}\n"
                 "    readinessProbe:\n"
                 "      httpGet: {path: /ready, port: http}\n"
                 "    livenessProbe:\n"
                 "      {{- toYaml .Values.livenessProbe | nindent 6 }}\n"
                 "{{- end }}\n",
                 pod, sizeof pod);
    write_beside("_other.tpl",
                 "{{- define \"app.other\" -}}\n"
                 "    livenessProbe:\n"
                 "{{- end }}\n",
                 other, sizeof other);
    const char *rendered = "kind: Deployment\n"
                           "spec:\n"
                           "  template:\n"
                           "    spec:\n"
                           "      containers:\n"
                           "      - name: app\n"
                           "        image: example/app:1.0\n"
                           "        readinessProbe:\n"
                           "          httpGet: {path: /ready, port: http}\n"
                           "        livenessProbe:\n"
                           "          httpGet: {path: /ready, port: http}\n";
    const char *helper = NULL;
    uint32_t column = 9;
    /* Not in the template: `image:` is computed there by one helper line only. */
    ck_assert_uint_eq(map_line(rendered, 7), 0);
    ck_assert_uint_eq(map_helper_line(rendered, 7, &column, &helper), 5);
    ck_assert_str_eq(helper, pod);
    ck_assert_uint_eq(column, 5); /* the include indented the helper by four */
    column = 9;
    ck_assert_uint_eq(map_helper_line(rendered, 8, &column, &helper), 6);
    /* Two helpers hold `livenessProbe:`: which one rendered it cannot be told. */
    ck_assert_uint_eq(map_helper_line(rendered, 10, &column, &helper), 0);
    unlink(pod);
    unlink(other);
}
END_TEST

START_TEST(a_helper_line_with_no_rendered_neighbour_near_it_is_not_taken)
{
    char pod[160];
    write_template("kind: Deployment\n"
                   "spec: {{- include \"app.spec\" . | nindent 2 }}\n");
    write_beside("_unrelated.tpl",
                 "{{- define \"app.unrelated\" -}}\n"
                 "replicas: 3\n"
                 "{{- end }}\n",
                 pod, sizeof pod);
    const char *rendered = "kind: Deployment\n"
                           "spec:\n"
                           "  replicas: 3\n";
    const char *helper = NULL;
    uint32_t column = 3;
    ck_assert_uint_eq(map_helper_line(rendered, 3, &column, &helper), 0);
    unlink(pod);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("helm_map");
    TCase *lines = tcase_create("lines");
    tcase_add_checked_fixture(lines, setup, teardown);
    tcase_add_test(lines, computed_text_maps_to_its_template_line);
    tcase_add_test(lines, a_key_whose_block_a_template_renders_below_it);
    tcase_add_test(lines, branches_of_a_condition_are_told_apart_by_lines_held_once);
    tcase_add_test(lines, a_line_per_container_is_placed_by_its_surroundings);
    tcase_add_test(lines, surroundings_count_only_in_the_order_they_render);
    tcase_add_test(lines, values_key_of_a_line_and_of_the_block_it_opens);
    tcase_add_test(lines, a_block_of_unrelated_values_names_none_and_related_ones_their_shared_path);
    tcase_add_test(lines, a_literal_key_at_another_depth_did_not_render_the_line);
    tcase_add_test(lines, a_line_an_include_drew_from_a_helper_is_found_there);
    tcase_add_test(lines, a_helper_line_with_no_rendered_neighbour_near_it_is_not_taken);
    suite_add_tcase(suite, lines);
    return rc_test_run(suite);
}

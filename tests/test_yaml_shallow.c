/* test_yaml_shallow.c - rc_yaml_load_shallow (input/yaml_load.h): the skipped value of a
 * CustomResourceDefinition-like document is parsed but not built, a null scalar stands at its
 * position, everything else is the tree rc_yaml_load builds, syntax errors inside the skipped
 * value are still reported where they are, and an alias to an anchor defined in there falls
 * back to a whole load.
 *
 * Every expected line and column below is read off the fixture text next to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/limits.h"
#include "input/yaml_load.h"
#include "model/node.h"
#include "testutil.h"

static rc_arena arena;
static rc_limits limits;

static void setup(void)
{
    rc_arena_init(&arena);
    rc_limits_default(&limits);
}

static void teardown(void)
{
    rc_arena_release(&arena);
}

static bool shallow(const char *yaml, rc_node **root, rc_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    *root = (rc_node *)&arena; /* any non-NULL: the loader must set it */
    return rc_yaml_load_shallow(&arena, "crd.yaml", yaml, strlen(yaml), 1, "spec", &limits, root,
                                diag);
}

static const char crd[] = "apiVersion: apiextensions.k8s.io/v1\n"
                          "kind: CustomResourceDefinition\n"
                          "metadata:\n"
                          "  name: backups.velero.io\n"
                          "  annotations: {controller-gen.kubebuilder.io/version: v0.16.5}\n"
                          "spec:\n"
                          "  group: velero.io\n"
                          "  versions:\n"
                          "    - name: v1\n"
                          "      schema: {openAPIV3Schema: {type: object}}\n"
                          "status: {}\n";

START_TEST(skipped_value_is_a_null_at_its_position)
{
    rc_node *root;
    rc_diag diag;
    ck_assert_msg(shallow(crd, &root, &diag), "%s", diag.message);
    ck_assert_ptr_nonnull(root);
    const rc_node *spec = rc_node_get(root, "spec");
    ck_assert_ptr_nonnull(spec);
    ck_assert_int_eq(spec->kind, RC_NODE_SCALAR);
    ck_assert(rc_node_is_null(spec));
    ck_assert_uint_eq(spec->line, 7); /* the block map under `spec:` starts at `group` */
    ck_assert_uint_eq(spec->column, 3);
}
END_TEST

START_TEST(everything_else_is_built_as_usual)
{
    rc_node *root;
    rc_diag diag;
    ck_assert(shallow(crd, &root, &diag));
    ck_assert_str_eq(rc_node_get_text(root, "kind"), "CustomResourceDefinition");
    ck_assert_str_eq(rc_node_text(rc_node_path(root, "metadata.name")), "backups.velero.io");
    const rc_node *version =
        rc_node_get(rc_node_path(root, "metadata.annotations"), "controller-gen.kubebuilder.io/version");
    ck_assert_str_eq(rc_node_text(version), "v0.16.5");
    ck_assert_uint_eq(version->line, 5);
    const rc_node *status = rc_node_get(root, "status");
    ck_assert_int_eq(status->kind, RC_NODE_MAP); /* only the named key is skipped */
    ck_assert_uint_eq(status->line, 11);
    /* The same text loaded whole has the spec. */
    rc_node *whole;
    ck_assert(rc_yaml_load(&arena, "crd.yaml", crd, strlen(crd), 1, &limits, &whole, &diag));
    ck_assert_int_eq(rc_node_get(whole, "spec")->kind, RC_NODE_MAP);
}
END_TEST

START_TEST(a_nested_spec_is_not_skipped)
{
    /* Only the root map's key: a workload's pod template spec is read by rules. */
    static const char doc[] = "kind: CustomResourceDefinition\n"
                              "metadata:\n"
                              "  spec: {kept: true}\n";
    rc_node *root;
    rc_diag diag;
    ck_assert(shallow(doc, &root, &diag));
    ck_assert_int_eq(rc_node_path(root, "metadata.spec")->kind, RC_NODE_MAP);
}
END_TEST

START_TEST(syntax_error_inside_the_skipped_value_is_reported_there)
{
    static const char doc[] = "kind: CustomResourceDefinition\n"
                              "spec:\n"
                              "  group: velero.io\n"
                              "  names: [a, b\n"
                              "  scope: Namespaced\n";
    rc_node *root;
    rc_diag diag;
    ck_assert(!shallow(doc, &root, &diag));
    ck_assert_ptr_null(root);
    ck_assert_str_eq(diag.file, "crd.yaml");
    ck_assert_uint_ge(diag.line, 4);
    ck_assert_uint_le(diag.line, 5);
    ck_assert_ptr_nonnull(strstr(diag.message, "YAML syntax error"));
}
END_TEST

START_TEST(alias_to_an_anchor_in_the_skipped_value_loads_whole)
{
    static const char doc[] = "kind: CustomResourceDefinition\n"
                              "spec:\n"
                              "  names: &names {plural: backups}\n"
                              "status:\n"
                              "  acceptedNames: *names\n";
    rc_node *root;
    rc_diag diag;
    ck_assert_msg(shallow(doc, &root, &diag), "%s", diag.message);
    ck_assert_int_eq(rc_node_get(root, "spec")->kind, RC_NODE_MAP);
    ck_assert_str_eq(rc_node_text(rc_node_path(root, "status.acceptedNames.plural")), "backups");
}
END_TEST

START_TEST(nesting_limit_holds_inside_the_skipped_value)
{
    /* Skipped values are not built, but libyaml's own cost grows with nesting: the limit
     * that bounds a whole load bounds a shallow one, at the same place. */
    size_t depth = limits.max_depth + 10;
    char *doc = malloc(64 + 2 * depth);
    ck_assert_ptr_nonnull(doc);
    int n = snprintf(doc, 64, "kind: CustomResourceDefinition\nspec: ");
    memset(doc + n, '[', depth);
    memset(doc + n + depth, ']', depth);
    strcpy(doc + n + 2 * depth, "\n");
    rc_node *root;
    rc_diag diag;
    ck_assert(!shallow(doc, &root, &diag));
    ck_assert_ptr_nonnull(strstr(diag.message, "nesting deeper than the limit"));
    ck_assert_uint_eq(diag.line, 2);
    rc_node *whole;
    rc_diag whole_diag;
    ck_assert(!rc_yaml_load(&arena, "crd.yaml", doc, strlen(doc), 1, &limits, &whole,
                            &whole_diag));
    ck_assert_uint_eq(diag.column, whole_diag.column);
    free(doc);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("yaml_shallow");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_set_timeout(core, 20);
    tcase_add_test(core, skipped_value_is_a_null_at_its_position);
    tcase_add_test(core, everything_else_is_built_as_usual);
    tcase_add_test(core, a_nested_spec_is_not_skipped);
    tcase_add_test(core, syntax_error_inside_the_skipped_value_is_reported_there);
    tcase_add_test(core, alias_to_an_anchor_in_the_skipped_value_loads_whole);
    tcase_add_test(core, nesting_limit_holds_inside_the_skipped_value);
    suite_add_tcase(suite, core);
    return rc_test_run(suite);
}

/* SPDX-License-Identifier: MIT */
/* BKPSRAM_CFG_STRINGS=0: the texts are gone ("" , never NULL); codes and sizes are unchanged. */
#include "fixture.h"

#include "bkpsram/bkpsram_layout.h"

static void test_texts_are_empty_never_null(void **state)
{
    bkpsram_part_t part;
    int err;
    (void)state;
    for (err = 5; err >= -12; err--) {
        assert_non_null(bkpsram_strerror(err));
        assert_string_equal(bkpsram_strerror(err), "");
    }
    model_fresh("f407", NULL);
    assert_int_equal(bkpsram_identify(&part), BKPSRAM_OK);
    assert_string_equal(part.name, "");
    assert_int_equal(part.size, 4096u);
    model_fresh("f411", NULL);
    assert_int_equal(bkpsram_identify(&part), BKPSRAM_OK);
    assert_int_equal(part.size, 0u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_OVERLAP), "");
    assert_string_equal(bkpsram_layout_problem_name((bkpsram_layout_problem_t)77), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_texts_are_empty_never_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Parts without backup SRAM (F401, F410, F411, F412, F413) and unknown parts: refused at init,
 * without a single access to 0x40024000 and without a register write. */
#include "calls.h"

static const char *const no_bkpsram[] = {"f401", "f401e", "f410", "f411", "f412", "f413", "unknown"};

static void test_parts_without_backup_sram_are_refused_without_touching_it(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof no_bkpsram / sizeof no_bkpsram[0]; i++) {
        bkpsram_part_t p;
        model_fresh(no_bkpsram[i], NULL);
        assert_true(bkpsram_identify(&p) == BKPSRAM_OK || strcmp(no_bkpsram[i], "unknown") == 0);
        assert_int_equal(p.size, 0u);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
        assert_int_equal(bkpsram_size(), 0u);
        assert_int_equal(M.sram_reads + M.sram_writes, 0u);
        assert_int_equal(M.reg_writes, 0u);
        assert_int_equal(bkm_violation_total(&M), 0u);
        assert_int_equal(M.faulted, 0u);
        run_calls_unchanged(calls_not_init, sizeof calls_not_init / sizeof calls_not_init[0]);
    }
}

static void test_failed_init_on_a_good_part_does_not_leave_it_initialised(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    model_fresh("f411", NULL); /* same firmware, other board */
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    run_calls_unchanged(calls_not_init, sizeof calls_not_init / sizeof calls_not_init[0]);
}

static void test_rev_a_f407_and_f2_are_supported(void **state)
{
    uint32_t v = 0u;
    (void)state;
    model_fresh("f407-reva", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(0, 0xAB), BKPSRAM_OK);
    model_fresh("f205", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(0, 0xCD), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(0, &v), BKPSRAM_OK);
    assert_int_equal(v, 0xCDu);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_parts_without_backup_sram_are_refused_without_touching_it),
        TEST(test_failed_init_on_a_good_part_does_not_leave_it_initialised),
        TEST(test_rev_a_f407_and_f2_are_supported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

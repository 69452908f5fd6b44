/* SPDX-License-Identifier: MIT */
/* Built with BKPSRAM_CFG_FORCE_DEV_ID=0x421: the part is taken as an F446, DBGMCU is not read. */
#include "fixture.h"

static void test_forced_part_skips_dbgmcu(void **state)
{
    bkpsram_part_t p;
    uint32_t i;
    (void)state;
    model_fresh("unknown", NULL); /* DBGMCU would say 0x999 */
    assert_int_equal(bkpsram_identify(&p), BKPSRAM_OK);
    assert_int_equal(p.dev_id, 0x421u);
    assert_string_equal(p.name, "STM32F446");
    for (i = 0; i < M.trace_len; i++) {
        assert_int_not_equal(M.trace[i].addr, 0xE0042000u);
    }
    model_fresh("f446", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_size(), 4096u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_forced_part_skips_dbgmcu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

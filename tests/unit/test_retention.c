/* SPDX-License-Identifier: MIT */
/* What survives which event, seen through the library as an application would see it. */
#include "fixture.h"

#define BLOCK 512u

static uint8_t saved[BLOCK];

static void write_block(void)
{
    uint32_t i;
    for (i = 0; i < BLOCK; i++) {
        saved[i] = (uint8_t)(i * 7u + 3u);
    }
    assert_int_equal(bkpsram_write(1000u, saved, BLOCK), BKPSRAM_OK);
}

/* After an event the firmware boots again and calls init; 1 when the block is intact. */
static int block_kept_after(bkm_event_t ev, const bkpsram_config_t *cfg)
{
    uint8_t now[BLOCK];
    bkm_event(&M, ev);
    assert_int_equal(bkpsram_init(cfg), BKPSRAM_OK);
    assert_int_equal(bkpsram_read(1000u, now, BLOCK), BKPSRAM_OK);
    assert_int_equal(bkm_violation_total(&M), 0u);
    return memcmp(now, saved, BLOCK) == 0;
}

static void test_kept_over_every_system_reset(void **state)
{
    static const bkm_event_t resets[] = {BKM_EV_RESET_PIN, BKM_EV_RESET_SOFTWARE, BKM_EV_RESET_IWDG,
                                         BKM_EV_RESET_WWDG};
    size_t i;
    (void)state;
    write_block();
    for (i = 0; i < sizeof resets / sizeof resets[0]; i++) {
        assert_true(block_kept_after(resets[i], NULL));
    }
}

static void test_kept_over_system_reset_even_without_retention(void **state)
{
    bkpsram_config_t off = {0u, 1u, 0u, 0u};
    (void)state;
    assert_int_equal(bkpsram_init(&off), BKPSRAM_OK);
    write_block();
    assert_true(block_kept_after(BKM_EV_RESET_PIN, &off));
}

static void test_kept_over_power_off_with_vbat_when_retention_is_on(void **state)
{
    (void)state;
    write_block();
    assert_true(block_kept_after(BKM_EV_POWER_ON, NULL));
    assert_true(block_kept_after(BKM_EV_POWER_ON, NULL));
}

static void test_lost_over_power_off_with_vbat_when_retention_is_off(void **state)
{
    bkpsram_config_t off = {0u, 1u, 0u, 0u};
    (void)state;
    assert_int_equal(bkpsram_init(&off), BKPSRAM_OK);
    write_block();
    assert_false(block_kept_after(BKM_EV_POWER_ON, &off));
}

static void test_random_without_vbat(void **state)
{
    uint32_t i, zeros = 0u;
    (void)state;
    write_block();
    assert_false(block_kept_after(BKM_EV_POWER_ON_NO_VBAT, NULL));
    for (i = 0; i < 4096u; i++) {
        zeros += M.sram[i] == 0u;
    }
    assert_true(zeros < 64u); /* random, not zero: validity can never be judged by one byte */
}

static void test_kept_over_tamper(void **state)
{
    (void)state;
    write_block();
    assert_true(block_kept_after(BKM_EV_TAMPER, NULL));
}

static void test_erased_by_rdp_regression(void **state)
{
    uint8_t now[BLOCK], zero[BLOCK];
    (void)state;
    write_block();
    assert_false(block_kept_after(BKM_EV_RDP_REGRESSION, NULL));
    memset(zero, 0, sizeof zero);
    assert_int_equal(bkpsram_read(1000u, now, BLOCK), BKPSRAM_OK);
    assert_memory_equal(now, zero, BLOCK);
}

static void test_standby_keeps_only_with_retention(void **state)
{
    bkpsram_config_t off = {0u, 1u, 0u, 0u};
    (void)state;
    write_block();
    assert_true(block_kept_after(BKM_EV_STANDBY_WAKEUP, NULL));
    assert_int_equal(bkpsram_init(&off), BKPSRAM_OK);
    assert_false(block_kept_after(BKM_EV_STANDBY_WAKEUP, &off));
}

static void test_bdrst_keeps_contents_but_clears_retention_until_init(void **state)
{
    (void)state;
    write_block();
    bkm_event(&M, BKM_EV_BDRST);
    assert_int_equal(M.pwr_csr & BIT_BRE, 0u);
    assert_true(block_kept_after(BKM_EV_RESET_PIN, NULL));
    assert_int_equal(M.pwr_csr & BIT_BRE, BIT_BRE); /* init switched it on again */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_kept_over_every_system_reset),
        TEST(test_kept_over_system_reset_even_without_retention),
        TEST_INIT(test_kept_over_power_off_with_vbat_when_retention_is_on),
        TEST(test_lost_over_power_off_with_vbat_when_retention_is_off),
        TEST_INIT(test_random_without_vbat),
        TEST_INIT(test_kept_over_tamper),
        TEST_INIT(test_erased_by_rdp_regression),
        TEST_INIT(test_standby_keeps_only_with_retention),
        TEST_INIT(test_bdrst_keeps_contents_but_clears_retention_until_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

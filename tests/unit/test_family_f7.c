/* SPDX-License-Identifier: MIT */
/* The library built for STM32F7 (BKPSRAM_CFG_FAMILY = BKPSRAM_FAMILY_F7) on the model's F7 parts:
 * identification of the three lines, the enable sequence (EIWUP with BRE, families.md B / HF7),
 * the 4 KB store, records across power cycles, a backup-domain reset (UNVERIFIED on F7: the model
 * erases by default, and the record then reads as absent, never as an older value), reset flags,
 * and the parts of the other families refused without a single access to their memory. */
#include "fixture.h"

#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_reboot.h"

#define BIT_EIWUP (1u << 8)

static void test_every_f7_line_is_identified_with_4_kb(void **state)
{
    static const char *const keys[] = {"f767", "f746", "f722"};
    static const char *const names[] = {"STM32F76x/77x", "STM32F74x/75x", "STM32F72x/73x"};
    static const uint16_t ids[] = {0x451u, 0x449u, 0x452u};
    (void)state;
    assert_family_lines(keys, names, ids, NULL, 3u);
}

static void test_init_sets_bre_with_eiwup_and_leaves_dbp_as_found(void **state)
{
    (void)state;
    model_fresh("f767", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_true((M.pwr_csr & (BIT_BRE | BIT_BRR | BIT_EIWUP)) == (BIT_BRE | BIT_BRR | BIT_EIWUP));
    assert_true((M.rcc_ahb1enr & BIT_BKPSRAMEN) != 0u);
    assert_true((M.pwr_cr & BIT_DBP) == 0u);
    assert_int_equal(bkpsram_set_retention(0), BKPSRAM_OK);
    assert_true((M.pwr_csr & (BIT_BRE | BIT_EIWUP)) == BIT_EIWUP); /* EIWUP also when BRE is cleared */
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_the_other_families_are_refused_untouched(void **state)
{
    static const char *const keys[] = {"f407", "f429", "f446", "f401", "g474", "unknown"};
    static const bkpsram_config_t with_fallback = {1u, 1u, 0u, 1u};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        bkpsram_part_t part;
        model_fresh(keys[i], NULL);
        assert_int_equal(bkpsram_identify(&part), BKPSRAM_EUNSUPPORTED);
        assert_int_equal(part.size, 0u);
        assert_int_equal(bkpsram_init(&with_fallback), BKPSRAM_EUNSUPPORTED);
        assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_ENOTINIT);
        assert_int_equal(M.sram_writes + M.sram_reads, 0u);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

static const bkpsram_record_t REC = {1024u, 7u, 1u, 100u};

static void fill(uint8_t *b, uint8_t v)
{
    size_t i;
    for (i = 0; i < 100u; i++) {
        b[i] = (uint8_t)(v + i);
    }
}

static void test_records_survive_power_cycles_and_a_bdrst_never_gives_an_old_value(void **state)
{
    uint8_t in[100], out[100];
    uint8_t g;
    (void)state;
    model_fresh("f767", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    for (g = 1u; g <= 5u; g++) {
        fill(in, g);
        assert_int_equal(bkpsram_record_save(&REC, in), BKPSRAM_OK);
        bkm_event(&M, BKM_EV_POWER_ON);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_record_load(&REC, out), BKPSRAM_OK);
        assert_memory_equal(in, out, sizeof in);
    }
    bkm_event(&M, BKM_EV_BDRST); /* UNVERIFIED on F7: the model's default erases the backup SRAM */
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    memset(out, 0x5A, sizeof out);
    assert_int_equal(bkpsram_record_load(&REC, out), BKPSRAM_ENOENT);
    assert_int_equal(out[0], 0x5Au); /* untouched */
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_bdrst_keeps_the_sram_when_the_model_is_told_so(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    uint8_t in[100], out[100];
    (void)state;
    cfg.bdrst_bkpsram = 1u;
    model_fresh("f767", &cfg);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    fill(in, 9u);
    assert_int_equal(bkpsram_record_save(&REC, in), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_BDRST);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&REC, out), BKPSRAM_OK);
    assert_memory_equal(in, out, sizeof in);
}

static void test_reset_flags_and_the_reboot_area(void **state)
{
    bkpsram_reboot_report_t info;
    (void)state;
    model_fresh("f767", NULL);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_PIN | BKPSRAM_RESET_BROWNOUT);
    bkm_event(&M, BKM_EV_RESET_IWDG);
    assert_true((bkpsram_reset_flags(0) & BKPSRAM_RESET_IWDG) != 0u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_boot(&info), BKPSRAM_OK);
    assert_int_equal(info.reason, BKPSRAM_REBOOT_IWDG);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_f7_line_is_identified_with_4_kb),
        cmocka_unit_test(test_init_sets_bre_with_eiwup_and_leaves_dbp_as_found),
        cmocka_unit_test(test_the_other_families_are_refused_untouched),
        cmocka_unit_test(test_records_survive_power_cycles_and_a_bdrst_never_gives_an_old_value),
        cmocka_unit_test(test_bdrst_keeps_the_sram_when_the_model_is_told_so),
        cmocka_unit_test(test_reset_flags_and_the_reboot_area),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* The library built for STM32H7 (BKPSRAM_CFG_FAMILY = BKPSRAM_FAMILY_H7) on the model's H7 parts:
 * the three lines, the enable sequence at the H7 addresses (no PWR clock bit, BREN/BRRDY in
 * PWR_CR2), the ECC rule (every store a whole word: a byte or halfword write would wait in the ECC
 * buffer and be lost at a reset), the write-back D-cache in front of the backup SRAM (every write
 * call cleans its lines before it reads them back, so nothing is lost at a power-off and a dropped
 * write is still reported), records and the log across power cycles, the reset flags in RCC_RSR. */
#include "fixture.h"

#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_reboot.h"
#include "bkpsram/bkpsram_record.h"

#define H7_BASE  0x38800000u
/* Built twice: for BKPSRAM_FAMILY_H7 on the H743 model, and for BKPSRAM_FAMILY_H7RS on the H7S3. */
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS
#define PART "h7s3"
#else
#define PART "h743"
#endif
#define SCB_CCR  0xE000ED14u
#define CCR_DC   (1u << 16)

static void h7_fresh(const char *key)
{
    model_fresh(key, NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
}

static void power_on(void)
{
    bkm_event(&M, BKM_EV_POWER_ON);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
}

static void test_every_h7_line_is_identified_with_4_kb(void **state)
{
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS
    static const char *const keys[] = {"h7s3"};
    static const char *const names[] = {"STM32H7R/S"};
    static const uint16_t ids[] = {0x485u};
#else
    static const char *const keys[] = {"h743", "h723", "h7a3"};
    static const char *const names[] = {"STM32H74x/75x", "STM32H72x/73x", "STM32H7A3/B0/B3"};
    static const uint16_t ids[] = {0x450u, 0x483u, 0x480u};
#endif
    (void)state;
    assert_family_lines(keys, names, ids, NULL, sizeof ids / sizeof ids[0]);
    assert_int_equal(bkpsram_write_u32(4092u, 0x600DF00Du), BKPSRAM_OK); /* the last word, at 0x38800FFC */
    assert_int_equal(M.sram[4092] | (M.sram[4095] << 24), 0x0Du | (0x60u << 24));
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_init_uses_the_h7_registers(void **state)
{
    (void)state;
    h7_fresh(PART);
    assert_int_equal(M.rcc_apb1enr, 0u);                  /* no PWR clock bit touched */
    assert_true((M.rcc_ahb1enr & BIT_BKPSRAMEN) != 0u);   /* BKPRAMEN, kept in the F4 field */
    assert_true((M.pwr_csr & (BIT_BRE | BIT_BRR)) == (BIT_BRE | BIT_BRR)); /* BREN, BRRDY seen */
    assert_true((M.pwr_cr & BIT_DBP) == 0u);              /* write protection as found */
    assert_int_equal(bkm_violation_total(&M), 0u);
    bkm_event(&M, BKM_EV_POWER_ON);                        /* VBAT, BREN: kept */
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_true((M.rcc_ahb1enr & BIT_BKPSRAMEN) == 0u);
}

/* ECC: a byte or halfword store would wait in the ECC buffer; the library stores whole words only,
 * so every typed value at every offset survives a reset that follows it at once. */
static void test_every_store_is_a_whole_word_and_survives_a_reset(void **state)
{
    (void)state;
    h7_fresh(PART);
    assert_whole_word_stores_survive_a_reset();
}

/* The model's ECC buffer is not a no-op on this family. */
static void test_control_a_raw_byte_store_is_lost_at_a_reset(void **state)
{
    (void)state;
    h7_fresh(PART);
    assert_a_raw_byte_store_is_lost_at_a_reset(H7_BASE);
}

/* The D-cache on: every write call of the library reaches the backup SRAM before it returns. */
static void test_with_the_d_cache_on_every_write_reaches_the_backup_sram(void **state)
{
    static const bkpsram_record_t rec = {1024u, 3u, 1u, 100u};
    static const bkpsram_log_config_t lc = {2048u, BKPSRAM_LOG_SPAN(12, 4), 5u, 12u};
    static uint32_t buf[25];
    bkpsram_log_t log;
    uint8_t out[100], e[12];
    uint32_t v = 0u, i;
    (void)state;
    for (i = 0; i < 25u; i++) {
        buf[i] = 0x11111111u * i;
    }
    h7_fresh(PART);
    assert_int_equal(bkm_write(&M, SCB_CCR, 4u, CCR_DC), 0); /* as the application's SCB_EnableDCache() */
    assert_int_equal(bkpsram_write_u32(0x40u, 0xCAFEF00Du), BKPSRAM_OK);
    assert_int_equal(bkpsram_write(0x80u, buf, 64u), BKPSRAM_OK);
    assert_int_equal(bkpsram_memset(0x101u, 0x77u, 37u), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&rec, buf), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &lc), BKPSRAM_OK);
    memset(e, 0x42, sizeof e);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
    power_on(); /* the cache is gone; only what reached the backup SRAM is left */
    assert_int_equal(bkpsram_read_u32(0x40u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0xCAFEF00Du);
    assert_memory_equal(&M.sram[0x80], buf, 64u);
    assert_int_equal(M.sram[0x101], 0x77u);
    assert_int_equal(M.sram[0x125], 0x77u);
    assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
    assert_memory_equal(out, buf, sizeof out);
    assert_int_equal(bkpsram_log_open(&log, &lc), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_count(&log), 1u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* The model's cache is not a no-op: a raw store with the cache on, not cleaned, is lost. */
static void test_control_a_raw_store_left_in_the_cache_is_lost(void **state)
{
    (void)state;
    h7_fresh(PART);
    assert_int_equal(bkm_write(&M, SCB_CCR, 4u, CCR_DC), 0);
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkm_write(&M, H7_BASE + 0x20u, 4u, 0x12345678u), 0);
    power_on();
    assert_int_not_equal(M.sram[0x20], 0x78u);
}

/* With the cache on, a write the hardware drops is still reported: the read-back reads the
 * backup SRAM after the clean, not the cache. */
static void test_with_the_d_cache_on_a_dropped_write_is_reported(void **state)
{
    static uint32_t buf[16];
    uint32_t n;
    (void)state;
    for (n = 0; n < 16u; n++) {
        buf[n] = 0xA5000000u + n;
    }
    for (n = 1u; n <= 16u; n++) {
        h7_fresh(PART);
        assert_int_equal(bkm_write(&M, SCB_CCR, 4u, CCR_DC), 0);
        bkm_drop_write(&M, n);
        if (bkpsram_write(0x200u, buf, sizeof buf) != BKPSRAM_EWRITE) {
            fail_msg("write %u of 16 dropped behind the cache: not reported", n);
        }
        bkm_drop_write(&M, 0u);
    }
    h7_fresh(PART);
    assert_int_equal(bkm_write(&M, SCB_CCR, 4u, CCR_DC), 0);
    bkm_drop_write(&M, 1u);
    assert_int_equal(bkpsram_write_u32(0x300u, 1u), BKPSRAM_EWRITE);
    bkm_drop_write(&M, 0u);
}

static void test_reset_flags_in_rcc_rsr_and_the_reboot_report(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    model_fresh(PART, NULL);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_PIN | BKPSRAM_RESET_BROWNOUT);
    assert_int_equal(bkpsram_reset_flags(0), 0u); /* RMVF at bit 16 cleared them */
    bkm_event(&M, BKM_EV_RESET_IWDG);
    assert_true((bkpsram_reset_flags(0) & BKPSRAM_RESET_IWDG) != 0u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_IWDG);
    bkm_event(&M, BKM_EV_RESET_SOFTWARE);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_SOFTWARE);
    assert_int_equal(r.boots, 2u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_h7_line_is_identified_with_4_kb),
        cmocka_unit_test(test_init_uses_the_h7_registers),
        cmocka_unit_test(test_every_store_is_a_whole_word_and_survives_a_reset),
        cmocka_unit_test(test_control_a_raw_byte_store_is_lost_at_a_reset),
        cmocka_unit_test(test_with_the_d_cache_on_every_write_reaches_the_backup_sram),
        cmocka_unit_test(test_control_a_raw_store_left_in_the_cache_is_lost),
        cmocka_unit_test(test_with_the_d_cache_on_a_dropped_write_is_reported),
        cmocka_unit_test(test_reset_flags_in_rcc_rsr_and_the_reboot_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

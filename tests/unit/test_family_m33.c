/* SPDX-License-Identifier: MIT */
/* The library built for STM32H5 (BKPSRAM_CFG_FAMILY = BKPSRAM_FAMILY_H5) or STM32U5 (_U5) on the
 * model's parts of that family (families.md A-F): the lines and their sizes (4 KB on H56x/57x,
 * 2 KB on H503, H523/533 and every U5), the enable sequence at the family's addresses (DBP alone in
 * PWR_DBPCR / PWR_DBPR bit 0; BREN in PWR_BDCR / PWR_BDCR1; BRRDY in PWR_BDSR on the H5, no ready
 * flag on the U5; no PWR clock on the H5, RCC_AHB3ENR.PWREN on the U5), the ECC rule (whole words
 * only), the bounds of the 2 KB lines, the reboot area inside 2 KB, the reset flags in RCC_RSR /
 * RCC_CSR (G4/L4 bits), tamper and backup-domain reset (erased: the stricter default), the U5
 * regulator on the SMPS. */
#include "fixture.h"

#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_reboot.h"
#include "bkpsram/bkpsram_record.h"

#define M33_BASE 0x40036400u
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
#define PART      "h563" /* 4 KB */
#define SMALL     "h503" /* 2 KB */
#define PWR_DBP   0x44020824u
#define PWR_BREN  0x44020820u
#define RCC_ENR   0x44020C88u
#else
#define PART      "u575"
#define SMALL     "u575"
#define PWR_DBP   0x46020828u
#define PWR_BREN  0x46020820u
#define RCC_ENR   0x46020C88u
#endif

static void fresh(const char *key)
{
    model_fresh(key, NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
}

static void test_every_line_is_identified_with_its_size(void **state)
{
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
    static const char *const keys[] = {"h563", "h503", "h533"};
    static const char *const names[] = {"STM32H562/563/573", "STM32H503", "STM32H523/533"};
    static const uint16_t ids[] = {0x484u, 0x474u, 0x478u};
    static const uint32_t kb[] = {4u, 2u, 2u};
#else
    static const char *const keys[] = {"u575", "u535", "u5a5", "u5g9"};
    static const char *const names[] = {"STM32U575/585", "STM32U535/545", "STM32U59x/5Ax", "STM32U5Fx/5Gx"};
    static const uint16_t ids[] = {0x482u, 0x455u, 0x481u, 0x476u};
    static const uint32_t kb[] = {2u, 2u, 2u, 2u};
#endif
    size_t i;
    (void)state;
    assert_family_lines(keys, names, ids, kb, sizeof ids / sizeof ids[0]);
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        fresh(keys[i]);
        /* the last word is writable, the byte after it out of range, nothing touched */
        assert_int_equal(bkpsram_write_u32(kb[i] * 1024u - 4u, 0x600DF00Du), BKPSRAM_OK);
        assert_int_equal(M.sram[kb[i] * 1024u - 4u], 0x0Du);
        assert_int_equal(bkpsram_write_u8(kb[i] * 1024u, 1u), BKPSRAM_ERANGE);
        assert_int_equal(bkpsram_write_u32(kb[i] * 1024u - 2u, 1u), BKPSRAM_ERANGE);
        assert_int_equal(bkpsram_memset(0u, 0u, kb[i] * 1024u + 1u), BKPSRAM_ERANGE);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

/* A DEV_ID this build does not know (an F4's, at this family's IDCODE address) is refused, and
 * nothing is touched. */
static void test_an_unknown_dev_id_is_unsupported(void **state)
{
    static bkm_part_t other;
    bkpsram_part_t part;
    (void)state;
    other = *bkm_part_find(PART);
    other.idcode = 0x10006413u; /* STM32F407's DEV_ID */
    bkm_init(&M, &other, NULL);
    bkm_bind(&M);
    assert_int_equal(bkpsram_identify(&part), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(part.size, 0u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(M.sram_writes + M.reg_writes, 0u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_init_uses_the_family_registers(void **state)
{
    uint32_t v = 0u;
    (void)state;
    fresh(PART);
    assert_true((M.rcc_ahb1enr & BIT_BKPSRAMEN) != 0u); /* bit 28 of the family's RCC_AHB1ENR */
    assert_int_equal(bkm_read(&M, RCC_ENR, 4u, &v), 0);
    assert_true((v & (1u << 28)) != 0u);
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
    assert_int_equal(M.rcc_apb1enr, 0u); /* no PWR clock bit */
    assert_int_equal(bkm_read(&M, 0x44020828u, 4u, &v), 0); /* PWR_BDSR.BRRDY seen */
    assert_int_equal(v, 1u << 16);
#else
    assert_true((M.rcc_apb1enr & BIT_PWREN) != 0u); /* RCC_AHB3ENR.PWREN (bit 2) */
    assert_true((v & (1u << 17)) != 0u);             /* RAMCFGEN with BKPSRAMEN */
#endif
    assert_int_equal(bkm_read(&M, PWR_BREN, 4u, &v), 0);
    assert_int_equal(v, 1u); /* BREN */
    assert_int_equal(bkm_read(&M, PWR_DBP, 4u, &v), 0);
    assert_int_equal(v, 0u); /* write protection as found */
    assert_int_equal(bkm_violation_total(&M), 0u);
    assert_int_equal(bkpsram_write_u32(8u, 0xFEEDu), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_POWER_ON); /* VBAT and BREN: kept */
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(8u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0xFEEDu);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_true((M.rcc_ahb1enr & BIT_BKPSRAMEN) == 0u);
}

/* Without retention the content does not survive a power-off with VBAT. */
static void test_retention_off_loses_the_content_at_power_off(void **state)
{
    const bkpsram_config_t cfg = {0u, 1u, 0u, 0u};
    uint32_t v = 0u;
    (void)state;
    model_fresh(PART, NULL);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(8u, 0xFEEDu), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_POWER_ON);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(8u, &v), BKPSRAM_OK);
    assert_int_not_equal(v, 0xFEEDu);
}

/* ECC: every typed value at every offset is stored as whole words and survives a reset. */
static void test_every_store_is_a_whole_word_and_survives_a_reset(void **state)
{
    (void)state;
    fresh(SMALL);
    assert_whole_word_stores_survive_a_reset();
}

/* The model's ECC buffer is not a no-op on this family. */
static void test_control_a_raw_byte_store_is_lost_at_a_reset(void **state)
{
    (void)state;
    fresh(PART);
    assert_a_raw_byte_store_is_lost_at_a_reset(M33_BASE);
}

/* Records, the log and the reboot report fit a 2 KB line and survive power cycles. */
static void test_records_log_and_reboot_area_on_a_2_kb_line(void **state)
{
    static const bkpsram_record_t rec = {64u, 3u, 1u, 100u};
    static const bkpsram_log_config_t lc = {512u, BKPSRAM_LOG_SPAN(12, 8), 7u, 12u};
    bkpsram_reboot_report_t r;
    bkpsram_log_t log;
    uint8_t in[100], out[100], e[12];
    uint32_t i;
    (void)state;
    assert_true(BKPSRAM_CFG_REBOOT_OFFSET + BKPSRAM_REBOOT_SPAN <= 2048u);
    for (i = 0; i < sizeof in; i++) {
        in[i] = (uint8_t)(i * 7u);
    }
    fresh(SMALL);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&rec, in), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &lc), BKPSRAM_OK);
    for (i = 0; i < 10u; i++) {
        memset(e, (int)i, sizeof e);
        assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
    }
    for (i = 0; i < 3u; i++) {
        bkm_event(&M, i == 1u ? BKM_EV_RESET_SOFTWARE : BKM_EV_POWER_ON);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
        memset(out, 0, sizeof out);
        assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
        assert_memory_equal(out, in, sizeof in);
        assert_int_equal(bkpsram_log_open(&log, &lc), BKPSRAM_OK);
        assert_int_equal(bkpsram_log_count(&log), 8u); /* 10 appends into 8 slots */
    }
    assert_int_equal(r.boots, 4u);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_POWER_ON);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* A power cut at every backup SRAM write of a record save: the load gives the old or the new
 * payload, never anything else. */
static void test_a_power_cut_at_every_write_of_a_save(void **state)
{
    static const bkpsram_record_t rec = {256u, 2u, 1u, 40u};
    uint8_t a[40], b[40], out[40];
    uint32_t n, writes;
    (void)state;
    memset(a, 0xAA, sizeof a);
    memset(b, 0xBB, sizeof b);
    fresh(SMALL);
    assert_int_equal(bkpsram_record_save(&rec, a), BKPSRAM_OK);
    writes = M.sram_writes;
    assert_int_equal(bkpsram_record_save(&rec, b), BKPSRAM_OK);
    writes = M.sram_writes - writes;
    assert_true(writes > 10u);
    for (n = 1u; n <= writes; n++) {
        int rc;
        fresh(SMALL);
        assert_int_equal(bkpsram_record_save(&rec, a), BKPSRAM_OK);
        bkm_cut_after_writes(&M, n);
        (void)bkpsram_record_save(&rec, b);
        bkm_event(&M, BKM_EV_POWER_ON);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        rc = bkpsram_record_load(&rec, out);
        assert_int_equal(rc, BKPSRAM_OK);
        if (memcmp(out, a, sizeof a) != 0 && memcmp(out, b, sizeof b) != 0) {
            fail_msg("cut after write %u: neither the old nor the new payload", n);
        }
    }
}

static void test_reset_flags_and_reboot_reasons(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    model_fresh(PART, NULL);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_PIN | BKPSRAM_RESET_BROWNOUT);
    assert_int_equal(bkpsram_reset_flags(0), 0u); /* RMVF at bit 23 cleared them */
    bkm_event(&M, BKM_EV_RESET_IWDG);
    assert_int_equal(bkpsram_reset_flags(0), BKPSRAM_RESET_IWDG | BKPSRAM_RESET_PIN);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_IWDG);
    bkm_event(&M, BKM_EV_RESET_WWDG);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_WWDG);
    assert_int_equal(r.boots, 2u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* Tamper and backup-domain reset erase the backup SRAM by default on this family (UNVERIFIED:
 * the stricter case); with tamper_bkpsram = 1 a tamper keeps it. */
static void test_tamper_and_bdrst_erase_by_default(void **state)
{
    bkm_config_t keep = BKM_CONFIG_DEFAULT;
    uint32_t v = 0u;
    (void)state;
    fresh(PART);
    assert_int_equal(bkpsram_write_u32(0u, 0x12345678u), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_TAMPER);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(0u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0u);
    assert_int_equal(bkpsram_write_u32(0u, 0x12345678u), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_BDRST);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(0u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0u);
    keep.tamper_bkpsram = 1u;
    model_fresh(PART, &keep);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(0u, 0x12345678u), BKPSRAM_OK);
    bkm_event(&M, BKM_EV_TAMPER);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(0u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0x12345678u);
}

/* The regulator's start: BRRDY polled on the H5 (never ready: ETIMEOUT); on the U5, with the core
 * on the SMPS, BREN does not stay set: ETIMEOUT, not a silent loss at the next power-off. */
static void test_a_regulator_that_does_not_start_is_reported(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    const bkpsram_config_t no_retention = {0u, 1u, 0u, 0u};
    (void)state;
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
    cfg.brr_delay_polls = BKM_NEVER;
#else
    cfg.regulator_smps = 1u;
#endif
    model_fresh(PART, &cfg);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_ETIMEOUT);
    assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_init(&no_retention), BKPSRAM_OK); /* without retention it works */
    assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_OK);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* Interrupts at every bus access of sub-word writes (the masked read-modify-write of their word):
 * a handler that writes the other bytes of the same word through the library loses nothing, and
 * neither does the interrupted write. */
static int isr_rc;
static void isr_neighbours(void *ctx)
{
    (void)ctx;
    isr_rc = bkpsram_write_u16(0x102u, 0xCDEFu);
}

static void test_an_interrupt_at_every_access_of_a_sub_word_write(void **state)
{
    uint32_t n, points = 0u;
    (void)state;
    for (n = 1u;; n++) {
        uint16_t h = 0u;
        uint8_t b = 0u;
        int rc;
        fresh(PART);
        assert_int_equal(bkpsram_write_u32(0x100u, 0u), BKPSRAM_OK);
        isr_rc = 1;
        bkm_irq_after_accesses(&M, n, isr_neighbours, NULL);
        rc = bkpsram_write_u8(0x101u, 0xA5u);
        if (!M.irq_fired) {
            break; /* n is past the last access of the call */
        }
        points++;
        assert_int_equal(rc, BKPSRAM_OK);
        assert_int_equal(isr_rc, BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u8(0x101u, &b), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u16(0x102u, &h), BKPSRAM_OK);
        assert_int_equal(b, 0xA5u);
        assert_int_equal(h, 0xCDEFu);
        assert_int_equal(M.sram_writes_by_size[1] + M.sram_writes_by_size[2], 0u);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
    assert_true(points >= 4u);
}

#if BKPSRAM_CFG_SECURE
/* The secure build addresses RCC, PWR and the backup SRAM at their secure aliases (+0x10000000);
 * only the IDCODE and the core's registers stay where they are. */
static void test_the_secure_build_uses_the_secure_aliases(void **state)
{
    uint32_t i;
    (void)state;
    fresh(PART);
    assert_true(M.trace_len > 5u);
    for (i = 0; i < M.trace_len; i++) {
        uint32_t a = M.trace[i].addr;
        if (a < 0x50000000u && a != 0x44024000u && a < 0xE0000000u) {
            fail_msg("register access %u at 0x%08X: not a secure alias", i, a);
        }
    }
    assert_int_equal(bkpsram_write_u32(0x10u, 0x5EC0DE00u), BKPSRAM_OK);
    assert_int_equal(M.sram[0x10], 0x00u);
    assert_int_equal(M.sram[0x13], 0x5Eu);
    assert_int_equal(BKPSRAM_REBOOT_CHECKPOINT_ADDR, 0x50036400u + BKPSRAM_REBOOT_CHECKPOINT_OFFSET);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_line_is_identified_with_its_size),
        cmocka_unit_test(test_an_unknown_dev_id_is_unsupported),
        cmocka_unit_test(test_init_uses_the_family_registers),
        cmocka_unit_test(test_retention_off_loses_the_content_at_power_off),
        cmocka_unit_test(test_every_store_is_a_whole_word_and_survives_a_reset),
        cmocka_unit_test(test_control_a_raw_byte_store_is_lost_at_a_reset),
        cmocka_unit_test(test_records_log_and_reboot_area_on_a_2_kb_line),
        cmocka_unit_test(test_a_power_cut_at_every_write_of_a_save),
        cmocka_unit_test(test_reset_flags_and_reboot_reasons),
        cmocka_unit_test(test_tamper_and_bdrst_erase_by_default),
        cmocka_unit_test(test_a_regulator_that_does_not_start_is_reported),
        cmocka_unit_test(test_an_interrupt_at_every_access_of_a_sub_word_write),
#if BKPSRAM_CFG_SECURE
        cmocka_unit_test(test_the_secure_build_uses_the_secure_aliases),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Tests of the behavioural model itself: each one names the RM0090 (Rev 21) rule it encodes.
 * The library tests trust the model, so the model must be right first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bus.h"

#define SRAM    0x40024000u
#define AHB1ENR 0x40023830u
#define APB1ENR 0x40023840u
#define BDCR    0x40023870u
#define CSR     0x40023874u
#define PWR_CR  0x40007000u
#define PWR_CSR 0x40007004u
#define CRC_DR  0x40023000u
#define CRC_CR  0x40023008u
#define IDCODE  0xE0042000u


static const bkm_part_t *part(const char *key)
{
    const bkm_part_t *p = bkm_part_find(key);
    assert_non_null(p);
    return p;
}


/* PWREN, DBP, BKPSRAMEN: the RM0090 5.1.2 access procedure, done directly on the model. */
static void open_access(void)
{
    wr(APB1ENR, rd(APB1ENR) | (1u << 28));
    wr(PWR_CR, rd(PWR_CR) | (1u << 8));
    wr(AHB1ENR, rd(AHB1ENR) | (1u << 18));
}

static void enable_regulator(void)
{
    int i;
    wr(PWR_CSR, rd(PWR_CSR) | (1u << 9));
    for (i = 0; i < 10 && !(rd(PWR_CSR) & (1u << 3)); i++) {
    }
    assert_true(rd(PWR_CSR) & (1u << 3));
}

static int setup(void **state)
{
    (void)state;
    bkm_init(&m, part("f407"), NULL);
    return 0;
}

/* RM0090 7.3.10/7.3.13/7.3.15/7.3.21/5.4.1: reset values after power-on. */
static void test_power_on_reset_values(void **state)
{
    (void)state;
    assert_int_equal(m.rcc_ahb1enr, 0x00100000u);
    assert_int_equal(m.rcc_apb1enr, 0u);
    assert_int_equal(m.rcc_ahb1lpenr, 0x7E6791FFu);
    assert_int_equal(m.rcc_csr, 0x0E000000u);
    assert_int_equal(m.pwr_cr, 0x00004000u);
    assert_int_equal(m.pwr_csr, 0u);
}

/* RM0090 38.6.1: DBGMCU_IDCODE gives DEV_ID/REV_ID, 32-bit access only. */
static void test_idcode_is_word_only(void **state)
{
    uint32_t v;
    (void)state;
    assert_int_equal(rd(IDCODE) & 0xFFFu, 0x413u);
    assert_int_equal(bkm_read(&m, IDCODE, 2u, &v), 1);
    assert_int_equal(m.violations[BKM_V_WIDTH], 1u);
}

/* RM0090 5.4.1: PWR registers need RCC_APB1ENR.PWREN; reads return 0 with the clock off. */
static void test_pwr_needs_pwren(void **state)
{
    uint32_t v;
    (void)state;
    assert_int_equal(bkm_read(&m, PWR_CR, 4u, &v), 1);
    assert_int_equal(v, 0u);
    assert_int_equal(m.violations[BKM_V_CLOCK_OFF], 1u);
}

/* RM0090 5.4.1: with DBP=0 the backup SRAM is write-protected: the write is dropped (UNVERIFIED
 * whether it bus-faults, so that is a configuration). */
static void test_write_with_dbp_clear_is_dropped(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    (void)state;
    open_access();
    wr(SRAM, 0x11223344u);
    wr(PWR_CR, rd(PWR_CR) & ~(1u << 8));
    assert_int_equal(bkm_write(&m, SRAM, 4u, 0xCAFEF00Du), 1);
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 1u);
    assert_int_equal(m.faulted, 0u);
    assert_int_equal(rd(SRAM), 0x11223344u);

    cfg.wp_write_faults = 1u;
    bkm_init(&m, part("f407"), &cfg);
    open_access();
    wr(PWR_CR, rd(PWR_CR) & ~(1u << 8));
    assert_int_equal(bkm_write(&m, SRAM, 4u, 0u), 2);
    assert_int_equal(m.faulted, 1u);
}

/* Facts 3 (COMMUNITY): with BKPSRAMEN=0 reads give 0 and writes are lost. */
static void test_clock_off_reads_zero(void **state)
{
    uint32_t v;
    (void)state;
    open_access();
    wr(SRAM + 8u, 0x55AA55AAu);
    wr(AHB1ENR, rd(AHB1ENR) & ~(1u << 18));
    assert_int_equal(bkm_read(&m, SRAM + 8u, 4u, &v), 1);
    assert_int_equal(v, 0u);
    assert_int_equal(m.violations[BKM_V_CLOCK_OFF], 1u);
    wr(AHB1ENR, rd(AHB1ENR) | (1u << 18));
    assert_int_equal(rd(SRAM + 8u), 0x55AA55AAu);
}

/* ARMv7-M A3.2.1: Device memory must be accessed naturally aligned: a fault here. */
static void test_unaligned_access_faults(void **state)
{
    uint32_t v;
    (void)state;
    open_access();
    assert_int_equal(bkm_write(&m, SRAM + 6u, 4u, 1u), 2);
    assert_int_equal(bkm_read(&m, SRAM + 1u, 2u, &v), 2);
    assert_int_equal(m.violations[BKM_V_UNALIGNED], 2u);
    assert_int_equal(m.faulted, 1u);
    assert_int_equal(bkm_write(&m, SRAM + 6u, 2u, 1u), 0);
}

/* Facts 1.1: a read past the 4 KB (0x40025000) faults. */
static void test_past_4k_is_bus_fault(void **state)
{
    uint32_t v;
    (void)state;
    open_access();
    assert_int_equal(bkm_read(&m, SRAM + 4096u, 4u, &v), 2);
    assert_int_equal(bkm_write(&m, SRAM + 4094u, 4u, 0u), 2);
    assert_int_equal(bkm_read(&m, SRAM + 4092u, 4u, &v), 0);
    assert_int_equal(m.violations[BKM_V_BUS_FAULT], 2u);
}

/* Facts 2: F401/F411 (no backup SRAM) HardFault on 0x40024000, whatever the clocks. */
static void test_part_without_bkpsram_bus_faults(void **state)
{
    uint32_t v;
    (void)state;
    bkm_init(&m, part("f411"), NULL);
    open_access();
    assert_int_equal(m.rcc_ahb1enr & (1u << 18), 0u); /* bit does not exist there */
    assert_int_equal(bkm_read(&m, SRAM, 4u, &v), 2);
    assert_int_equal(m.violations[BKM_V_BUS_FAULT], 1u);
    assert_int_equal(m.sram_reads, 0u);
}

/* RM0090 5.4.2: "The DBP bit ... must be set before BRE can be written". */
static void test_bre_needs_dbp(void **state)
{
    (void)state;
    wr(APB1ENR, 1u << 28);
    wr(PWR_CSR, 1u << 9);
    assert_int_equal(m.pwr_csr & (1u << 9), 0u);
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 1u);
    wr(PWR_CR, 1u << 8);
    wr(PWR_CSR, 1u << 9);
    assert_int_equal(m.pwr_csr & (1u << 9), 1u << 9);
}

/* RM0090 5.4.2: BRR is set by hardware once the regulator is ready (delay configurable). */
static void test_brr_follows_bre_after_delay(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    int i;
    (void)state;
    cfg.brr_delay_polls = 5u;
    bkm_init(&m, part("f407"), &cfg);
    open_access();
    wr(PWR_CSR, 1u << 9);
    for (i = 0; i < 5; i++) {
        assert_int_equal(rd(PWR_CSR) & (1u << 3), 0u);
    }
    assert_int_equal(rd(PWR_CSR) & (1u << 3), 1u << 3);
    wr(PWR_CSR, 0u);
    assert_int_equal(rd(PWR_CSR) & (1u << 3), 0u);

    cfg.brr_delay_polls = BKM_NEVER;
    bkm_init(&m, part("f407"), &cfg);
    open_access();
    wr(PWR_CSR, 1u << 9);
    for (i = 0; i < 1000; i++) {
        assert_int_equal(rd(PWR_CSR) & (1u << 3), 0u);
    }
}

/* RM0090 5.4.2, 7.1.1, 5.1.2: a system reset keeps BRE, BRR and the BKPSRAM, and clears DBP,
 * PWREN and BKPSRAMEN. */
static void test_system_reset_keeps_backup_domain(void **state)
{
    (void)state;
    open_access();
    enable_regulator();
    wr(SRAM + 100u, 0xA5A5A5A5u);
    bkm_event(&m, BKM_EV_RESET_PIN);
    assert_int_equal(m.pwr_csr & ((1u << 9) | (1u << 3)), (1u << 9) | (1u << 3));
    assert_int_equal(m.pwr_cr, 0x4000u);
    assert_int_equal(m.rcc_apb1enr, 0u);
    assert_int_equal(m.rcc_ahb1enr, 0x00100000u);
    open_access();
    assert_int_equal(rd(SRAM + 100u), 0xA5A5A5A5u);
}

/* RM0090 7.3.21: reset flags survive system reset and add up; RMVF clears them; a power-on sets
 * BORRSTF|PINRSTF|PORRSTF (reset value 0x0E000000). */
static void test_reset_flags(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    (void)state;
    wr(CSR, 1u << 24);
    assert_int_equal(m.rcc_csr & 0xFF000000u, 0u);
    bkm_event(&m, BKM_EV_RESET_PIN);
    assert_int_equal(m.rcc_csr, 1u << 26);
    bkm_event(&m, BKM_EV_RESET_SOFTWARE);
    assert_int_equal(m.rcc_csr, (1u << 26) | (1u << 28));
    bkm_event(&m, BKM_EV_POWER_ON);
    assert_int_equal(m.rcc_csr, 0x0E000000u);
    wr(CSR, 1u << 24);
    bkm_event(&m, BKM_EV_RESET_IWDG);
    assert_int_equal(m.rcc_csr, (1u << 26) | (1u << 29));

    cfg.internal_reset_sets_pinrstf = 0u; /* the other reading of RM0090 7.1.2 */
    bkm_init(&m, part("f407"), &cfg);
    wr(CSR, 1u << 24);
    bkm_event(&m, BKM_EV_RESET_WWDG);
    assert_int_equal(m.rcc_csr, 1u << 30);
}

/* RM0090 5.1.2: in VBAT mode the backup SRAM keeps its content only with the backup regulator
 * on; without VBAT (and VDD) it comes up random. */
static void test_power_cycle_retention(void **state)
{
    (void)state;
    open_access();
    enable_regulator();
    wr(SRAM, 0x12345678u);
    bkm_event(&m, BKM_EV_POWER_ON);
    open_access();
    assert_int_equal(rd(SRAM), 0x12345678u);
    assert_int_equal(m.pwr_csr & (1u << 9), 1u << 9); /* BRE is in the backup domain */

    wr(PWR_CSR, 0u); /* regulator off */
    bkm_event(&m, BKM_EV_POWER_ON);
    open_access();
    assert_int_not_equal(rd(SRAM), 0x12345678u);

    enable_regulator();
    wr(SRAM, 0x12345678u);
    bkm_event(&m, BKM_EV_POWER_ON_NO_VBAT);
    open_access();
    assert_int_not_equal(rd(SRAM), 0x12345678u);
    assert_int_equal(m.pwr_csr, 0u); /* backup domain reset */
}

/* Facts 3: power-up content without VBAT is random, not zero; fixed by the seed. */
static void test_random_content_depends_on_seed(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    uint8_t first[BKM_SRAM_SIZE];
    size_t zeros = 0u, i;
    (void)state;
    cfg.seed = 42u;
    bkm_init(&m, part("f407"), &cfg);
    memcpy(first, m.sram, sizeof first);
    for (i = 0; i < sizeof first; i++) {
        zeros += first[i] == 0u;
    }
    assert_true(zeros < 64u);
    bkm_init(&m, part("f407"), &cfg);
    assert_memory_equal(first, m.sram, sizeof first);
    cfg.seed = 43u;
    bkm_init(&m, part("f407"), &cfg);
    assert_memory_not_equal(first, m.sram, sizeof first);
}

/* RM0090 5.3.6/5.4.2: Standby keeps BKPSRAM only with BRE; SBF is set after wake-up and
 * cleared by CSBF; WUF cleared by CWUF. */
static void test_standby_wakeup(void **state)
{
    (void)state;
    open_access();
    enable_regulator();
    wr(SRAM + 4u, 0x0BADCAFEu);
    bkm_event(&m, BKM_EV_STANDBY_WAKEUP);
    assert_int_equal(m.pwr_csr & 3u, 3u);
    open_access();
    assert_int_equal(rd(SRAM + 4u), 0x0BADCAFEu);
    wr(PWR_CR, rd(PWR_CR) | (1u << 3) | (1u << 2));
    assert_int_equal(m.pwr_csr & 3u, 0u);
    wr(PWR_CSR, rd(PWR_CSR) & ~(1u << 9));
    bkm_event(&m, BKM_EV_STANDBY_WAKEUP);
    open_access();
    assert_int_not_equal(rd(SRAM + 4u), 0x0BADCAFEu);
}

/* RM0090 5.1.2: tamper does not erase the backup SRAM; RDP 1 -> 0 erases it. */
static void test_tamper_keeps_rdp_regression_erases(void **state)
{
    (void)state;
    open_access();
    wr(SRAM + 12u, 0x600DF00Du);
    bkm_event(&m, BKM_EV_TAMPER);
    assert_int_equal(rd(SRAM + 12u), 0x600DF00Du);
    bkm_event(&m, BKM_EV_RDP_REGRESSION);
    open_access();
    assert_int_equal(rd(SRAM + 12u), 0u);
    assert_int_equal(rd(SRAM + 4092u), 0u);
}

/* RM0090 7.1.3: BDRST resets BDCR and BRE but "the BKPSRAM is not affected"; it needs DBP. */
static void test_bdrst_keeps_bkpsram(void **state)
{
    (void)state;
    open_access();
    enable_regulator();
    wr(SRAM, 0x13579BDFu);
    wr(BDCR, 1u);
    assert_int_equal(m.rcc_bdcr, 1u);
    wr(BDCR, 1u << 16);
    assert_int_equal(m.pwr_csr & ((1u << 9) | (1u << 3)), 0u);
    assert_int_equal(m.rcc_bdcr, 1u << 16);
    assert_int_equal(rd(SRAM), 0x13579BDFu);
    wr(PWR_CR, 0u);
    wr(BDCR, 0u); /* protected again */
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 1u);
}

/* Power-cut injection: the N-th BKPSRAM write lands whole, nothing after it. */
static void test_power_cut_after_nth_write(void **state)
{
    uint32_t i;
    (void)state;
    open_access();
    bkm_cut_after_writes(&m, 3u);
    for (i = 0; i < 6u; i++) {
        wr(SRAM + 4u * i, 0xF0F0F000u + i);
    }
    assert_int_equal(m.cut, 1u);
    assert_int_equal(m.sram_writes, 3u);
    assert_int_equal(rd(SRAM + 8u), 0xF0F0F002u);
    assert_int_not_equal(rd(SRAM + 12u), 0xF0F0F003u);
    assert_int_equal(bkm_violation_total(&m), 0u);
}

/* RM0090 4.3: CRC-32 unit, poly 0x04C11DB7, init 0xFFFFFFFF, word MSB first; needs CRCEN. */
static void test_crc_unit(void **state)
{
    (void)state;
    wr(CRC_DR, 0x12345678u);
    assert_int_equal(m.violations[BKM_V_CLOCK_OFF], 1u);
    wr(AHB1ENR, rd(AHB1ENR) | (1u << 12));
    wr(CRC_DR, 0x12345678u);
    assert_int_equal(rd(CRC_DR), 0xDF8A8A2Bu);
    wr(CRC_CR, 1u);
    assert_int_equal(rd(CRC_DR), 0xFFFFFFFFu);
    wr(CRC_DR, 0u);
    assert_int_equal(rd(CRC_DR), 0xC704DD7Bu);
    wr(CRC_CR, 1u);
    wr(CRC_DR, 0x12345678u);
    wr(CRC_DR, 0x9ABCDEF0u);
    assert_int_equal(rd(CRC_DR), 0x7D24A31Bu);
}

/* Counters see every BKPSRAM access by width. */
static void test_counters(void **state)
{
    uint32_t v;
    (void)state;
    open_access();
    bkm_clear_stats(&m);
    (void)bkm_write(&m, SRAM, 1u, 1u);
    (void)bkm_write(&m, SRAM + 2u, 2u, 1u);
    (void)bkm_write(&m, SRAM + 4u, 4u, 1u);
    (void)bkm_read(&m, SRAM + 4u, 4u, &v);
    assert_int_equal(m.sram_writes, 3u);
    assert_int_equal(m.sram_writes_by_size[1], 1u);
    assert_int_equal(m.sram_writes_by_size[2], 1u);
    assert_int_equal(m.sram_writes_by_size[4], 1u);
    assert_int_equal(m.sram_reads, 1u);
}

static void test_event_names_round_trip(void **state)
{
    int ev;
    (void)state;
    for (ev = 0; ev < BKM_EV_COUNT; ev++) {
        assert_int_equal(bkm_event_parse(bkm_event_name((bkm_event_t)ev)), ev);
    }
    assert_int_equal(bkm_event_parse("nonsense"), -1);
    assert_null(bkm_part_find("f999"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_power_on_reset_values, setup),
        cmocka_unit_test_setup(test_idcode_is_word_only, setup),
        cmocka_unit_test_setup(test_pwr_needs_pwren, setup),
        cmocka_unit_test_setup(test_write_with_dbp_clear_is_dropped, setup),
        cmocka_unit_test_setup(test_clock_off_reads_zero, setup),
        cmocka_unit_test_setup(test_unaligned_access_faults, setup),
        cmocka_unit_test_setup(test_past_4k_is_bus_fault, setup),
        cmocka_unit_test_setup(test_part_without_bkpsram_bus_faults, setup),
        cmocka_unit_test_setup(test_bre_needs_dbp, setup),
        cmocka_unit_test_setup(test_brr_follows_bre_after_delay, setup),
        cmocka_unit_test_setup(test_system_reset_keeps_backup_domain, setup),
        cmocka_unit_test_setup(test_reset_flags, setup),
        cmocka_unit_test_setup(test_power_cycle_retention, setup),
        cmocka_unit_test_setup(test_random_content_depends_on_seed, setup),
        cmocka_unit_test_setup(test_standby_wakeup, setup),
        cmocka_unit_test_setup(test_tamper_keeps_rdp_regression_erases, setup),
        cmocka_unit_test_setup(test_bdrst_keeps_bkpsram, setup),
        cmocka_unit_test_setup(test_power_cut_after_nth_write, setup),
        cmocka_unit_test_setup(test_crc_unit, setup),
        cmocka_unit_test_setup(test_counters, setup),
        cmocka_unit_test_setup(test_event_names_round_trip, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Tests of the model's H5, U5, H7R/S and H7 families, on the bus as a CPU sees it (no library). Each
 * test names the section of ../shared/docs/families.md (A-G, the source table there) that it
 * encodes; where that says UNVERIFIED, the test pins the model's stricter default and its switch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bus.h"

#define M33_SRAM 0x40036400u
/* H5 (families.md B, CH5): RCC_AHB1ENR, PWR_BDCR (BREN), PWR_DBPCR (DBP), PWR_BDSR (BRRDY), IDCODE */
#define H5_ENR   0x44020C88u
#define H5_BDCR  0x44020820u
#define H5_DBPCR 0x44020824u
#define H5_BDSR  0x44020828u
#define H5_RSR   0x44020CF4u
#define H5_RCC_BDCR 0x44020CF0u
/* U5 (families.md B, CU5): RCC_AHB1ENR, RCC_AHB3ENR (PWREN), PWR_BDCR1 (BREN), PWR_DBPR (DBP) */
#define U5_ENR   0x46020C88u
#define U5_AHB3  0x46020C94u
#define U5_BDCR1 0x46020820u
#define U5_DBPR  0x46020828u


static void fresh(const char *key, const bkm_config_t *cfg)
{
    const bkm_part_t *p = bkm_part_find(key);
    assert_non_null(p);
    bkm_init(&m, p, cfg);
}


/* H5: clock, DBP, BREN, wait for BRRDY; families.md B (H5 row) and G.2 (BRRDY in PWR_BDSR). */
static void h5_open(void)
{
    int i;
    wr(H5_ENR, rd(H5_ENR) | (1u << 28));
    wr(H5_DBPCR, 1u);
    wr(H5_BDCR, 1u);
    for (i = 0; i < 10 && !(rd(H5_BDSR) & (1u << 16)); i++) {
    }
    assert_int_equal(rd(H5_BDSR), 1u << 16);
}

/* U5: PWREN, DBP, clock, BREN (no ready flag); families.md B (U5 row). */
static void u5_open(void)
{
    wr(U5_AHB3, 1u << 2);
    wr(U5_DBPR, 1u);
    wr(U5_ENR, rd(U5_ENR) | (1u << 28));
    wr(U5_BDCR1, 1u);
}

/* families.md A (sizes), C (IDCODE addresses and DEV_IDs). */
static void test_sizes_and_idcodes(void **state)
{
    static const struct {
        const char *key;
        uint32_t idcode_addr, dev_id, kb;
    } lines[] = {
        {"h563", 0x44024000u, 0x484u, 4u}, {"h503", 0x44024000u, 0x474u, 2u}, {"h533", 0x44024000u, 0x478u, 2u},
        {"u575", 0xE0044000u, 0x482u, 2u}, {"u535", 0xE0044000u, 0x455u, 2u}, {"u5a5", 0xE0044000u, 0x481u, 2u},
        {"u5g9", 0xE0044000u, 0x476u, 2u},
    };
    size_t i;
    uint32_t v = 0u;
    (void)state;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        fresh(lines[i].key, NULL);
        assert_int_equal(rd(lines[i].idcode_addr) & 0xFFFu, lines[i].dev_id);
        assert_int_equal(bkm_read(&m, 0xE0042000u, 4u, &v), 2); /* not the F4's IDCODE */
        if (lines[i].idcode_addr == 0x44024000u) {
            h5_open();
        } else {
            u5_open();
        }
        wr(M33_SRAM + lines[i].kb * 1024u - 4u, 0x11223344u);
        assert_int_equal(rd(M33_SRAM + lines[i].kb * 1024u - 4u), 0x11223344u);
        assert_int_equal(bkm_read(&m, M33_SRAM + lines[i].kb * 1024u, 4u, &v), 2); /* past the end: bus fault */
    }
}

/* families.md B (H5 row): DBP is bit 0 of PWR_DBPCR; BREN needs it (G.12, UNVERIFIED for H5: the
 * F4 rule kept); BRRDY is read-only in PWR_BDSR; no PWR clock bit. */
static void test_h5_registers(void **state)
{
    (void)state;
    fresh("h563", NULL);
    wr(H5_BDCR, 1u); /* BREN without DBP: dropped */
    assert_int_equal(rd(H5_BDCR), 0u);
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 1u);
    h5_open();
    assert_int_equal(rd(H5_DBPCR), 1u);
    assert_int_equal(rd(H5_BDCR), 1u);
    wr(H5_BDSR, 0u); /* a status register: the write does nothing */
    assert_int_equal(rd(H5_BDSR), 1u << 16);
    assert_int_equal(rd(H5_BDCR), 1u);
    assert_int_equal(m.violations[BKM_V_CLOCK_OFF], 0u); /* PWR answered without a PWREN */
    wr(H5_DBPCR, 0u);
    wr(M33_SRAM, 1u);
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 2u);
}

/* families.md B (U5 row): PWR needs RCC_AHB3ENR.PWREN; there is no ready flag (the model: ready as
 * soon as BREN is set, UNVERIFIED); with the SMPS the HAL refuses BREN (the model ignores it). */
static void test_u5_registers_and_regulator(void **state)
{
    bkm_config_t smps = BKM_CONFIG_DEFAULT;
    (void)state;
    fresh("u575", NULL);
    wr(U5_DBPR, 1u); /* PWR clock off */
    assert_int_equal(m.violations[BKM_V_CLOCK_OFF], 1u);
    u5_open();
    assert_int_equal(rd(U5_BDCR1), 1u);
    wr(M33_SRAM, 0xCAFEu);
    bkm_event(&m, BKM_EV_POWER_ON); /* VBAT held, BREN set: kept */
    u5_open();
    assert_int_equal(rd(M33_SRAM), 0xCAFEu);

    smps.regulator_smps = 1u;
    fresh("u575", &smps);
    u5_open();
    assert_int_equal(rd(U5_BDCR1), 0u);
    wr(M33_SRAM, 0xCAFEu);
    bkm_event(&m, BKM_EV_POWER_ON);
    u5_open();
    assert_int_not_equal(rd(M33_SRAM), 0xCAFEu);
}

/* families.md D (ECC by option byte on H5/U5, FAQ-ECC): a byte write waits in the ECC buffer and a
 * reset loses it; a word write does not wait. */
static void test_ecc_buffer(void **state)
{
    (void)state;
    fresh("h563", NULL);
    h5_open();
    wr(M33_SRAM, 0u);
    (void)bkm_write(&m, M33_SRAM + 1u, 1u, 0xAAu);
    wr(M33_SRAM + 8u, 0x12345678u);            /* another word: the byte has landed */
    (void)bkm_write(&m, M33_SRAM + 16u, 1u, 0xBBu); /* this one still waits */
    bkm_event(&m, BKM_EV_RESET_PIN);
    h5_open();
    assert_int_equal(rd(M33_SRAM), 0xAA00u);
    assert_int_equal(rd(M33_SRAM + 8u), 0x12345678u);
    assert_int_equal(rd(M33_SRAM + 16u) & 0xFFu, m.sram[16]);
    assert_int_not_equal(m.sram[16], 0xBBu);
}

/* families.md E: tamper erases on H5, U5, H7R/S (configurable device secret, reset value
 * UNVERIFIED: erased), never on F4/F7; a backup-domain reset erases on U5 ("affects the backup
 * SRAM") and, UNVERIFIED, on H5 (erased). tamper_bkpsram = 1 keeps. */
static void test_tamper_and_bdrst(void **state)
{
    bkm_config_t keep = BKM_CONFIG_DEFAULT;
    (void)state;
    fresh("u575", NULL);
    u5_open();
    wr(M33_SRAM, 0x600Du);
    bkm_event(&m, BKM_EV_TAMPER);
    u5_open();
    assert_int_equal(rd(M33_SRAM), 0u);
    wr(M33_SRAM, 0x600Du);
    bkm_event(&m, BKM_EV_BDRST);
    u5_open();
    assert_int_equal(rd(M33_SRAM), 0u);

    keep.tamper_bkpsram = 1u;
    fresh("h563", &keep);
    h5_open();
    wr(M33_SRAM, 0x600Du);
    bkm_event(&m, BKM_EV_TAMPER);
    h5_open();
    assert_int_equal(rd(M33_SRAM), 0x600Du);

    fresh("h7s3", NULL); /* H7R/S: TAMP_RPCFGR, UNVERIFIED: erased */
    m.rcc_ahb1enr |= 1u << 18;
    m.pwr_cr |= 1u << 8;
    wr(0x38800000u, 0x600Du);
    bkm_event(&m, BKM_EV_TAMPER);
    assert_int_equal(m.sram[0], 0u);

    fresh("f767", NULL); /* F7: never (HAL text) */
    m.rcc_ahb1enr |= 1u << 18;
    m.rcc_apb1enr |= 1u << 28;
    m.pwr_cr |= 1u << 8;
    wr(0x40024000u, 0x600Du);
    bkm_event(&m, BKM_EV_TAMPER);
    assert_int_equal(m.sram[0], 0x0Du);
}

/* families.md E/F (security): H5/U5 answer at the secure alias (+0x10000000) as at the
 * non-secure one; the trace keeps the address used. */
static void test_secure_alias(void **state)
{
    (void)state;
    fresh("h563", NULL);
    wr(H5_ENR + 0x10000000u, 1u << 28);
    wr(H5_DBPCR + 0x10000000u, 1u);
    assert_int_equal(rd(H5_DBPCR), 1u);
    wr(M33_SRAM + 0x10000000u + 4u, 0xABCDu);
    assert_int_equal(rd(M33_SRAM + 4u), 0xABCDu);
    assert_int_equal(m.trace[0].addr, H5_ENR + 0x10000000u);
    assert_int_equal(bkm_owns(&m, H5_BDSR + 0x10000000u), 1);
    fresh("f407", NULL); /* no alias on the F4: 0x50000000 is not the backup domain */
    assert_int_equal(bkm_owns(&m, 0x50024000u), 0);
}

/* families.md B (reset flags: RCC_RSR / RCC_CSR at RCC + 0xF4 with the G4/L4 bits): power-on sets
 * PINRSTF and BORRSTF (27); RMVF is bit 23. */
static void test_reset_flags_g4_layout(void **state)
{
    (void)state;
    fresh("h563", NULL);
    assert_int_equal(rd(H5_RSR), (1u << 26) | (1u << 27));
    wr(H5_RSR, 1u << 23);
    assert_int_equal(rd(H5_RSR), 0u);
    bkm_event(&m, BKM_EV_RESET_IWDG);
    assert_int_equal(rd(H5_RSR), (1u << 29) | (1u << 26));
    wr(H5_RCC_BDCR, 1u); /* RCC_BDCR needs DBP */
    assert_int_equal(m.violations[BKM_V_WRITE_PROTECTED], 1u);
}

/* families.md D (H7: ECC always on; the backup SRAM is Normal write-back memory behind the
 * Cortex-M7 D-cache): with CCR.DC set a store stays in the cache, a power-off loses it, a clean by
 * address (DCCIMVAC) writes the line to the backup SRAM; a sub-word store waits in the ECC buffer. */
static void test_h7_cache_and_ecc(void **state)
{
    (void)state;
    fresh("h743", NULL);
    m.rcc_ahb1enr |= 1u << 18;
    m.pwr_cr |= 1u << 8;
    m.pwr_csr |= (1u << 9) | (1u << 3); /* BREN, BRRDY: the content is kept over a power-off */
    wr(0xE000ED14u, 1u << 16);          /* CCR.DC */
    wr(0x38800000u, 0x11111111u);
    wr(0x38800040u, 0x22222222u);
    assert_int_equal(rd(0x38800000u), 0x11111111u); /* the CPU reads its cache */
    assert_int_not_equal(m.sram[0], 0x11u);         /* the backup SRAM has not got it */
    wr(0xE000EF70u, 0x38800000u);                   /* clean the first line only */
    assert_int_equal(m.sram[0], 0x11u);
    bkm_event(&m, BKM_EV_POWER_ON);
    assert_int_equal(m.sram[0], 0x11u);
    assert_int_not_equal(m.sram[0x40], 0x22u);      /* the uncleaned line is lost */
    m.rcc_ahb1enr |= 1u << 18;
    m.pwr_cr |= 1u << 8;
    (void)bkm_write(&m, 0x38800080u, 2u, 0xBEEFu);  /* cache off: a halfword waits in the ECC buffer */
    bkm_event(&m, BKM_EV_RESET_PIN);
    assert_int_not_equal(m.sram[0x80] | (m.sram[0x81] << 8), 0xBEEFu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_idcodes),
        cmocka_unit_test(test_h5_registers),
        cmocka_unit_test(test_u5_registers_and_regulator),
        cmocka_unit_test(test_ecc_buffer),
        cmocka_unit_test(test_tamper_and_bdrst),
        cmocka_unit_test(test_secure_alias),
        cmocka_unit_test(test_reset_flags_g4_layout),
        cmocka_unit_test(test_h7_cache_and_ecc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

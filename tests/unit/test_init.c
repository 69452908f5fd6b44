/* SPDX-License-Identifier: MIT */
/* bkpsram_init/deinit, write protection, retention, reset flags, identify, strerror. */
#include "fixture.h"

/* Index of the first trace entry at or after from with this address and direction whose value
 * has all bits of mask set (mask 0: any value), or -1. */
static int find(int from, uint32_t addr, int write, uint32_t mask)
{
    uint32_t i;
    for (i = (uint32_t)from; i < M.trace_len; i++) {
        const bkm_trace_t *t = &M.trace[i];
        if (t->addr == addr && t->write == write && (t->value & mask) == mask) {
            return (int)i;
        }
    }
    return -1;
}

static void test_init_enables_pwren_then_dbp_with_dummy_read_then_bkpsramen(void **state)
{
    int pwren, dbp, dummy, sram_clk;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    pwren = find(0, REG_APB1ENR, 1, BIT_PWREN);
    dbp = find(0, REG_PWR_CR, 1, BIT_DBP);
    dummy = find(dbp, REG_PWR_CR, 0, 0u);
    sram_clk = find(0, REG_AHB1ENR, 1, BIT_BKPSRAMEN);
    assert_true(pwren >= 0 && dbp > pwren);
    assert_int_equal(dummy, dbp + 1); /* RM0090 5.4.1: dummy read right after writing DBP */
    assert_true(sram_clk > dummy);
    assert_int_equal(bkm_violation_total(&M), 0u);
    assert_int_equal(bkpsram_size(), 4096u);
}

static void test_init_leaves_other_clock_bits_untouched(void **state)
{
    (void)state;
    /* GPIOA, GPIOD, DMA1 on AHB1; USART2, TIM2 on APB1: set by the application before. */
    M.rcc_ahb1enr = 0x00100000u | 0x1u | 0x8u | (1u << 21);
    M.rcc_apb1enr = (1u << 17) | 1u;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(M.rcc_ahb1enr, 0x00100000u | 0x1u | 0x8u | (1u << 21) | BIT_BKPSRAMEN);
    assert_int_equal(M.rcc_apb1enr, (1u << 17) | 1u | BIT_PWREN);
    assert_int_equal(M.rcc_ahb1lpenr, 0x7E6791FFu);
}

static void test_init_writes_bre_only_while_dbp_is_set(void **state)
{
    int bre;
    uint32_t i, dbp_at_bre = 0u;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    bre = find(0, REG_PWR_CSR, 1, BIT_BRE);
    assert_true(bre > 0);
    for (i = 0; i < (uint32_t)bre; i++) { /* last PWR_CR value written before BRE */
        if (M.trace[i].addr == REG_PWR_CR && M.trace[i].write) {
            dbp_at_bre = M.trace[i].value & BIT_DBP;
        }
    }
    assert_int_equal(dbp_at_bre, BIT_DBP);
    assert_int_equal(M.violations[BKM_V_WRITE_PROTECTED], 0u);
    assert_int_equal(M.pwr_csr & (BIT_BRE | BIT_BRR), BIT_BRE | BIT_BRR);
}

static void test_init_masks_interrupts_around_every_register_write(void **state)
{
    uint32_t i, writes = 0u;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    for (i = 0; i < M.trace_len; i++) {
        if (M.trace[i].write) {
            assert_int_equal(M.trace[i].irq_masked, 1u);
            writes++;
        }
    }
    assert_int_equal(writes, 5u); /* APB1ENR, PWR_CR (DBP on), AHB1ENR, PWR_CSR, PWR_CR (DBP off) */
    assert_int_equal(M.irq_masked, 0u);
}

/* Every RCC/PWR write is followed at once by a read of the same register: the read orders the
 * write before the next access (RCC clock-enable delay, RM0090 7.3; DBP, RM0090 5.4.1). */
static void test_every_register_write_is_read_back_at_once(void **state)
{
    uint32_t i, writes = 0u;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_set_retention(0), BKPSRAM_OK);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_true(M.trace_len < BKM_TRACE_LEN);
    for (i = 0; i < M.trace_len; i++) {
        if (M.trace[i].write) {
            writes++;
            if (i + 1u >= M.trace_len || M.trace[i + 1u].write || M.trace[i + 1u].addr != M.trace[i].addr) {
                fail_msg("write of 0x%08x to 0x%08x (trace %u) not read back at once", M.trace[i].value,
                         M.trace[i].addr, i);
            }
        }
    }
    assert_true(writes >= 7u);
}

static void test_init_times_out_when_brr_never_sets(void **state)
{
    bkm_config_t mc = BKM_CONFIG_DEFAULT;
    bkpsram_config_t cfg = {1u, 1u, 100u, 0u};
    uint32_t i, csr_reads = 0u;
    uint8_t b;
    (void)state;
    mc.brr_delay_polls = BKM_NEVER;
    model_fresh("f407", &mc);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_ETIMEOUT);
    for (i = 0; i < M.trace_len; i++) {
        csr_reads += M.trace[i].addr == REG_PWR_CSR && !M.trace[i].write;
    }
    assert_int_equal(csr_reads, 2u + 100u); /* read-modify-write of BRE, then exactly 100 polls */
    assert_int_equal(bkpsram_size(), 0u);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    assert_int_equal(bkpsram_read_u8(0, &b), BKPSRAM_ENOTINIT);
}

static void test_init_default_timeout_is_the_build_option(void **state)
{
    bkm_config_t mc = BKM_CONFIG_DEFAULT;
    (void)state;
    mc.brr_delay_polls = BKM_NEVER;
    model_fresh("f407", &mc);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_ETIMEOUT);
    assert_in_range(M.reg_reads, BKPSRAM_CFG_TIMEOUT_POLLS, BKPSRAM_CFG_TIMEOUT_POLLS + 16u);
}

static void test_init_waits_for_a_slow_regulator(void **state)
{
    bkm_config_t mc = BKM_CONFIG_DEFAULT;
    bkpsram_config_t cfg = {1u, 1u, 100u, 0u};
    (void)state;
    /* BRR reads 1 on the (delay+1)-th PWR_CSR read after BRE; the read-back after the write is
     * the first, so a delay of 100 is seen on the 100th and last poll. */
    mc.brr_delay_polls = 100u;
    model_fresh("f407", &mc);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    mc.brr_delay_polls = 101u;
    model_fresh("f407", &mc);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_ETIMEOUT);
}

static void test_dbp_after_init_matches_write_protect(void **state)
{
    bkpsram_config_t cfg = {1u, 1u, 0u, 0u};
    (void)state;
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    cfg.write_protect = 0u;
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
    assert_int_equal(bkpsram_write_u32(0, 7u), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
}

static void test_init_keeps_a_dbp_the_application_set(void **state)
{
    (void)state;
    M.rcc_apb1enr = BIT_PWREN;
    M.pwr_cr |= BIT_DBP; /* e.g. the RTC driver opened the backup domain */
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
    assert_int_equal(bkpsram_write_u32(8, 1u), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
}

static void test_write_closes_the_backup_domain_again(void **state)
{
    uint32_t v = 0u;
    (void)state;
    assert_int_equal(bkpsram_write_u32(16, 0xC0FFEE00u), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    assert_int_equal(bkpsram_read_u32(16, &v), BKPSRAM_OK);
    assert_int_equal(v, 0xC0FFEE00u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_retention_off_switches_the_regulator_off(void **state)
{
    bkpsram_config_t cfg = {0u, 1u, 0u, 0u};
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(M.pwr_csr & BIT_BRE, BIT_BRE);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
    assert_int_equal(M.pwr_csr & (BIT_BRE | BIT_BRR), 0u);
}

static void test_set_retention_on_and_off(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_set_retention(0), BKPSRAM_OK);
    assert_int_equal(M.pwr_csr & BIT_BRE, 0u);
    assert_int_equal(bkpsram_set_retention(1), BKPSRAM_OK);
    assert_int_equal(M.pwr_csr & (BIT_BRE | BIT_BRR), BIT_BRE | BIT_BRR);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_set_retention_times_out(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_set_retention(0), BKPSRAM_OK);
    M.cfg.brr_delay_polls = BKM_NEVER;
    assert_int_equal(bkpsram_set_retention(1), BKPSRAM_ETIMEOUT);
    assert_int_equal(M.pwr_csr & BIT_BRE, BIT_BRE);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
}

static void test_deinit_gates_the_clock_and_keeps_contents(void **state)
{
    uint32_t v = 0u;
    (void)state;
    assert_int_equal(bkpsram_write_u32(40, 0x5EED5EEDu), BKPSRAM_OK);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_int_equal(M.rcc_ahb1enr & BIT_BKPSRAMEN, 0u);
    assert_int_equal(M.rcc_apb1enr & BIT_PWREN, BIT_PWREN);
    assert_int_equal(M.pwr_csr & BIT_BRE, BIT_BRE);
    assert_int_equal(bkpsram_size(), 0u);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32(40, &v), BKPSRAM_OK);
    assert_int_equal(v, 0x5EED5EEDu);
}

static void test_deinit_closes_an_open_unlock(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
}

static void test_unlock_nests_and_the_last_lock_restores_dbp(void **state)
{
    int i;
    (void)state;
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
    assert_int_equal(bkpsram_write_u8(3, 9u), BKPSRAM_OK);
    assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, BIT_DBP);
    assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    assert_int_equal(bkpsram_lock(), BKPSRAM_EINVAL);
    for (i = 0; i < 255; i++) {
        assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    }
    assert_int_equal(bkpsram_unlock(), BKPSRAM_EINVAL);
    for (i = 0; i < 255; i++) {
        assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    }
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
}

static void test_reinit_inside_an_unlock_restores_dbp(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
    assert_int_equal(bkpsram_lock(), BKPSRAM_EINVAL); /* the re-init closed the windows */
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_unlocked_writes_toggle_dbp_once(void **state)
{
    uint32_t i, cr_writes = 0u;
    (void)state;
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    for (i = 0; i < 16u; i++) {
        assert_int_equal(bkpsram_write_u32(4u * i, i), BKPSRAM_OK);
    }
    assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    for (i = 0; i < M.trace_len; i++) {
        cr_writes += M.trace[i].addr == REG_PWR_CR && M.trace[i].write;
    }
    assert_int_equal(cr_writes, 2u);
}

static void test_reset_flags_decode_and_clear(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_reset_flags(0), BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_BROWNOUT | BKPSRAM_RESET_PIN);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_BROWNOUT | BKPSRAM_RESET_PIN);
    assert_int_equal(bkpsram_reset_flags(0), 0u);
    bkm_event(&M, BKM_EV_RESET_SOFTWARE);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_SOFTWARE | BKPSRAM_RESET_PIN);
    bkm_event(&M, BKM_EV_RESET_IWDG);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_IWDG | BKPSRAM_RESET_PIN);
    bkm_event(&M, BKM_EV_RESET_WWDG);
    assert_int_equal(bkpsram_reset_flags(0), BKPSRAM_RESET_WWDG | BKPSRAM_RESET_PIN);
    M.rcc_csr |= 1u << 31;
    assert_int_equal(bkpsram_reset_flags(1) & BKPSRAM_RESET_LOW_POWER, BKPSRAM_RESET_LOW_POWER);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_identify_every_part(void **state)
{
    static const struct {
        const char *key;
        int rc;
        uint16_t dev_id;
        uint32_t size;
        const char *name;
    } cases[] = {
        {"f407", BKPSRAM_OK, 0x413u, 4096u, "STM32F405/407/415/417"},
        {"f407-reva", BKPSRAM_OK, 0x411u, 4096u, "STM32F405/407/415/417 (rev A)"},
        {"f205", BKPSRAM_OK, 0x411u, 4096u, "STM32F205/207/215/217"},
        {"f429", BKPSRAM_OK, 0x419u, 4096u, "STM32F427/429/437/439"},
        {"f446", BKPSRAM_OK, 0x421u, 4096u, "STM32F446"},
        {"f469", BKPSRAM_OK, 0x434u, 4096u, "STM32F469/479"},
        {"f401", BKPSRAM_OK, 0x423u, 0u, "STM32F401xB/C"},
        {"f401e", BKPSRAM_OK, 0x433u, 0u, "STM32F401xD/E"},
        {"f410", BKPSRAM_OK, 0x458u, 0u, "STM32F410"},
        {"f411", BKPSRAM_OK, 0x431u, 0u, "STM32F411"},
        {"f412", BKPSRAM_OK, 0x441u, 0u, "STM32F412"},
        {"f413", BKPSRAM_OK, 0x463u, 0u, "STM32F413/423"},
        {"unknown", BKPSRAM_EUNSUPPORTED, 0x999u, 0u, "unknown"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bkpsram_part_t p;
        model_fresh(cases[i].key, NULL);
        assert_int_equal(bkpsram_identify(&p), cases[i].rc);
        assert_int_equal(p.dev_id, cases[i].dev_id);
        assert_int_equal(p.size, cases[i].size);
        assert_string_equal(p.name, cases[i].name);
        assert_int_equal(p.rev_id, M.part->idcode >> 16);
        assert_int_equal(M.sram_reads + M.sram_writes + M.reg_writes, 0u);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

static void test_strerror_names_every_code(void **state)
{
    static const char *const prefix[] = {"BKPSRAM_OK", "BKPSRAM_EINVAL", "BKPSRAM_ERANGE", "BKPSRAM_ENOTINIT",
                                         "BKPSRAM_EUNSUPPORTED", "BKPSRAM_ETIMEOUT", "BKPSRAM_ENOENT",
                                         "BKPSRAM_ECORRUPT", "BKPSRAM_EVERSION", "BKPSRAM_ENOSPC",
                                         "BKPSRAM_EWRITE", "BKPSRAM_EBUSY"};
    int code;
    (void)state;
    for (code = 0; code >= BKPSRAM_EBUSY; code--) {
        const char *s = bkpsram_strerror(code);
        size_t n = strlen(prefix[-code]);
        assert_memory_equal(s, prefix[-code], n);
        assert_int_equal(s[n], ':');
    }
    assert_int_equal(BKPSRAM_EBUSY, -11);
    assert_string_equal(bkpsram_strerror(-12), "BKPSRAM_E?: unknown error code");
    assert_string_equal(bkpsram_strerror(1), "BKPSRAM_E?: unknown error code");
    assert_string_equal(bkpsram_strerror(-2147483647 - 1), "BKPSRAM_E?: unknown error code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_init_enables_pwren_then_dbp_with_dummy_read_then_bkpsramen),
        TEST(test_init_leaves_other_clock_bits_untouched),
        TEST(test_init_writes_bre_only_while_dbp_is_set),
        TEST(test_init_masks_interrupts_around_every_register_write),
        TEST(test_every_register_write_is_read_back_at_once),
        TEST(test_init_times_out_when_brr_never_sets),
        TEST(test_init_default_timeout_is_the_build_option),
        TEST(test_init_waits_for_a_slow_regulator),
        TEST(test_dbp_after_init_matches_write_protect),
        TEST(test_init_keeps_a_dbp_the_application_set),
        TEST_INIT(test_write_closes_the_backup_domain_again),
        TEST(test_retention_off_switches_the_regulator_off),
        TEST_INIT(test_set_retention_on_and_off),
        TEST_INIT(test_set_retention_times_out),
        TEST_INIT(test_deinit_gates_the_clock_and_keeps_contents),
        TEST_INIT(test_deinit_closes_an_open_unlock),
        TEST_INIT(test_unlock_nests_and_the_last_lock_restores_dbp),
        TEST_INIT(test_reinit_inside_an_unlock_restores_dbp),
        TEST_INIT(test_unlocked_writes_toggle_dbp_once),
        TEST(test_reset_flags_decode_and_clear),
        TEST(test_identify_every_part),
        TEST(test_strerror_names_every_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

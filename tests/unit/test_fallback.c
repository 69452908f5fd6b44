/* SPDX-License-Identifier: MIT */
/* The fallback store (bkpsram_config_t.fallback) on the RTC backup registers of an F401/F411:
 * init and refusals, 32-bit accesses only at every offset and size, fill, records (with a power
 * cut at every write), the log, the section layout check, and the registers' retention rules. */
#include "fixture.h"

#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_reboot.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_section.h"

#define REGS 0x40002850u
static const bkpsram_config_t FB = {1u, 1u, 0u, 1u};

static void fallback_fresh(const char *key)
{
    model_fresh(key, NULL);
    assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
}

static uint32_t reg(uint32_t i)
{
    return M.bkpreg[i];
}

static void test_without_fallback_the_part_is_refused(void **state)
{
    (void)state;
    model_fresh("f401", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_kind(), BKPSRAM_KIND_NONE);
    assert_int_equal(bkpsram_size(), 0u);
    assert_int_equal(M.reg_writes, 0u);
}

static void test_fallback_gives_the_backup_registers_of_each_family(void **state)
{
    static const char *const keys[] = {"f401", "f411", "g474", "l476"};
    static const uint32_t sizes[] = {80u, 80u, 128u, 128u};
    size_t i;
    (void)state;
    for (i = 0; i < 4u; i++) {
        bkpsram_part_t part;
        fallback_fresh(keys[i]);
        assert_int_equal(bkpsram_identify(&part), BKPSRAM_OK);
        assert_int_equal(part.size, 0u);
        assert_int_equal(part.bkpreg_size, sizes[i]);
        assert_int_equal(bkpsram_kind(), BKPSRAM_KIND_BKPREG);
        assert_int_equal(bkpsram_size(), sizes[i]);
        assert_int_equal(bkpsram_write_u32(sizes[i] - 4u, 0x600DF00Du), BKPSRAM_OK);
        assert_int_equal(M.bkpreg[sizes[i] / 4u - 1u], 0x600DF00Du);
        /* the 408-byte reboot area does not fit: refused, nothing written */
        M.sram_writes = 0u;
        assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_ERANGE);
        assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP, 1u), BKPSRAM_ERANGE);
        assert_int_equal(M.sram_writes, 0u);
        assert_int_equal(bkm_violation_total(&M), 0u);
        assert_int_equal(bkpsram_set_retention(1), BKPSRAM_OK);
        assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
        assert_int_equal(bkpsram_kind(), BKPSRAM_KIND_NONE);
    }
    model_fresh("f407", NULL); /* a part with backup SRAM keeps it */
    assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
    assert_int_equal(bkpsram_kind(), BKPSRAM_KIND_SRAM);
    assert_int_equal(bkpsram_size(), 4096u);
}

/* Every typed write at every offset, read back by every typed read and by the registers
 * themselves: little-endian bytes, 32-bit accesses only, DBP restored, no violation. */
static void test_every_access_is_32_bit_at_every_offset(void **state)
{
    static const size_t widths[] = {1u, 2u, 4u, 8u};
    uint8_t shadow[80];
    uint32_t off, k, x = 12345u;
    (void)state;
    fallback_fresh("f401");
    memset(shadow, 0, sizeof shadow);
    assert_int_equal(bkpsram_memset(0u, 0u, 80u), BKPSRAM_OK);
    for (k = 0; k < 4u; k++) {
        size_t n = widths[k];
        for (off = 0; off + n <= 80u; off++) {
            uint8_t v[8], got[8];
            uint32_t b;
            for (b = 0; b < n; b++) {
                x = x * 1103515245u + 12345u;
                v[b] = (uint8_t)(x >> 16);
            }
            assert_int_equal(bkpsram_write(off, v, n), BKPSRAM_OK);
            memcpy(&shadow[off], v, n);
            assert_int_equal(bkpsram_read(off, got, n), BKPSRAM_OK);
            assert_memory_equal(got, v, n);
        }
    }
    for (off = 0; off < 20u; off++) {
        uint32_t w = (uint32_t)shadow[4 * off] | ((uint32_t)shadow[4 * off + 1] << 8) |
                     ((uint32_t)shadow[4 * off + 2] << 16) | ((uint32_t)shadow[4 * off + 3] << 24);
        assert_int_equal(reg(off), w);
    }
    assert_int_equal(M.sram_writes_by_size[1], 0u);
    assert_int_equal(M.sram_writes_by_size[2], 0u);
    assert_int_equal(bkm_violation_total(&M), 0u);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
}

static void test_typed_accessors_and_ranges(void **state)
{
    uint16_t h = 0u;
    uint32_t w = 0u;
    uint64_t d = 0u;
    float f = 0.0f;
    (void)state;
    fallback_fresh("f411");
    assert_int_equal(bkpsram_write_float(6u, 3.25f), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_float(6u, &f), BKPSRAM_OK);
    assert_true(f == 3.25f);
    assert_int_equal(bkpsram_write_u16(79u, 1u), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_write_u16(78u, 0xBEEFu), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u16(78u, &h), BKPSRAM_OK);
    assert_int_equal(h, 0xBEEFu);
    assert_int_equal(reg(19) >> 16, 0xBEEFu);
    assert_int_equal(bkpsram_write_u32(76u, 0x11223344u), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(77u, 1u), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_write_u32(80u, 1u), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_read_u32(76u, &w), BKPSRAM_OK);
    assert_int_equal(w, 0x11223344u);
    assert_int_equal(bkpsram_write_u64(73u, 0x0102030405060708ull), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_write_u64(72u, 0x0102030405060708ull), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u64(72u, &d), BKPSRAM_OK);
    assert_true(d == 0x0102030405060708ull);
    assert_int_equal(bkpsram_memset(70u, 0u, 11u), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_fill_u16(0xA55Au), BKPSRAM_OK);
    assert_int_equal(reg(0), 0xA55AA55Au);
    assert_int_equal(reg(19), 0xA55AA55Au);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* The largest record that fits (20 bytes: two slots of 40), cut after every write of a save:
 * after the power comes back (VBAT held) the record loads as the old or the new value. */
static void record_campaign(const char *key, uint16_t size)
{
    const bkpsram_record_t rec = {0u, 7u, 1u, size};
    uint8_t v1[44], v2[44], got[44];
    uint32_t n, newer = 0u;
    int done = 0;
    memset(v1, 0x11, sizeof v1);
    memset(v2, 0x22, sizeof v2);
    for (n = 1u; !done; n++) {
        fallback_fresh(key);
        assert_int_equal(bkpsram_record_save(&rec, v1), BKPSRAM_OK);
        bkm_cut_after_writes(&M, n);
        (void)bkpsram_record_save(&rec, v2);
        done = !M.cut; /* the save finished in fewer than n writes */
        bkm_cut_after_writes(&M, 0u);
        bkm_event(&M, BKM_EV_POWER_ON);
        assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
        assert_int_equal(bkpsram_record_load(&rec, got), BKPSRAM_OK);
        if (memcmp(got, v2, size) == 0) {
            newer++;
        } else {
            assert_memory_equal(got, v1, size);
        }
    }
    assert_true(newer >= 1u);
    print_message("fallback record (%s, %u bytes): %u cut points, %u gave the new value, the rest the old, 0 failures\n",
                  key, size, n - 1u, newer);
}

static void test_record_survives_a_power_cut_at_every_write(void **state)
{
    (void)state;
    assert_int_equal(BKPSRAM_RECORD_SPAN(20u), 80u);
    assert_int_equal(BKPSRAM_RECORD_SPAN(44u), 128u);
    record_campaign("f401", 20u);
    record_campaign("g474", 44u);
    record_campaign("l476", 44u);
}

static void test_log_of_four_entries_wraps(void **state)
{
    const bkpsram_log_config_t cfg = {0u, 80u, 3u, 8u};
    bkpsram_log_t log;
    uint32_t i, e[2];
    (void)state;
    fallback_fresh("f401");
    assert_int_equal(bkpsram_log_open(&log, &cfg), BKPSRAM_OK);
    assert_int_equal(log.slots, 4u);
    for (i = 1u; i <= 6u; i++) {
        e[0] = i;
        e[1] = ~i;
        assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
    }
    bkm_event(&M, BKM_EV_RESET_SOFTWARE);
    assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &cfg), BKPSRAM_OK);
    assert_int_equal(log.count, 4u);
    assert_int_equal(bkpsram_log_read(&log, 0u, e), BKPSRAM_OK); /* the oldest kept */
    assert_int_equal(e[0], 3u);
    assert_int_equal(bkpsram_log_read(&log, 3u, e), BKPSRAM_OK);
    assert_int_equal(e[0], 6u);
}

static void test_section_variables_are_refused_the_layout_works(void **state)
{
    static const uint8_t image[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const bkpsram_section_layout_t l = {40u, 8u, 8u, 0u, image};
    uint8_t got[8];
    (void)state;
    fallback_fresh("f401");
    assert_int_equal(bkpsram_section_init_linked(1u, (const uint8_t *)(uintptr_t)0x40024000u), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read(40u + BKPSRAM_SECTION_HEADER, got, 8u), BKPSRAM_OK);
    assert_memory_equal(got, image, 8u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* Kept over resets, Standby and power-offs with VBAT (no regulator needed); cleared by a power-on
 * without VBAT, a backup-domain reset, a tamper event and an RDP regression (model default). */
static void test_retention_rules(void **state)
{
    static const struct {
        bkm_event_t ev;
        int kept;
    } t[] = {{BKM_EV_RESET_PIN, 1},          {BKM_EV_RESET_SOFTWARE, 1}, {BKM_EV_RESET_IWDG, 1},
             {BKM_EV_STANDBY_WAKEUP, 1},     {BKM_EV_POWER_ON, 1},       {BKM_EV_POWER_ON_NO_VBAT, 0},
             {BKM_EV_BDRST, 0},              {BKM_EV_TAMPER, 0},         {BKM_EV_RDP_REGRESSION, 0}};
    const bkpsram_config_t no_retention = {0u, 1u, 0u, 1u};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint32_t v = 0u;
        model_fresh("f411", NULL);
        assert_int_equal(bkpsram_init(&no_retention), BKPSRAM_OK);
        assert_int_equal(bkpsram_write_u32(8u, 0xCAFEF00Du), BKPSRAM_OK);
        bkm_event(&M, t[i].ev);
        assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u32(8u, &v), BKPSRAM_OK);
        assert_int_equal(v, t[i].kept ? 0xCAFEF00Du : 0u);
    }
}

/* G4/L4: RCC_CSR at 0x40021094 with BORRSTF (27) for POR and BOR, RMVF at bit 23. */
static void test_reset_flags_of_the_g4_and_l4_families(void **state)
{
    static const char *const keys[] = {"g474", "l476"};
    size_t i;
    (void)state;
    for (i = 0; i < 2u; i++) {
        model_fresh(keys[i], NULL);
        assert_int_equal(bkpsram_reset_flags(1),
                         BKPSRAM_RESET_POWER_ON | BKPSRAM_RESET_BROWNOUT | BKPSRAM_RESET_PIN);
        assert_int_equal(bkpsram_reset_flags(0), 0u);
        bkm_event(&M, BKM_EV_RESET_IWDG);
        assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_IWDG | BKPSRAM_RESET_PIN);
        bkm_event(&M, BKM_EV_RESET_SOFTWARE);
        assert_int_equal(bkpsram_reset_flags(0), BKPSRAM_RESET_SOFTWARE | BKPSRAM_RESET_PIN);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

static int isr_rc;
static void isr_byte(void *ctx)
{
    (void)ctx;
    isr_rc = bkpsram_write_u8(4u, 0xCDu); /* the same register as the main line's byte */
}

/* A byte is a read-modify-write of its register: an interrupt handler writing another byte of the
 * same register at any access point of the main line's write is never undone, and both land. The
 * main write is 19 bytes from offset 5: longer than the masked short path, so its first bytes are
 * read-modify-writes inside an open write window. */
static void test_sub_word_writes_are_interrupt_safe_at_every_access(void **state)
{
    static const char *const keys[] = {"f401", "g474"};
    uint32_t n, points = 0u, k;
    (void)state;
    for (k = 0u; k < 2u; k++) {
        for (n = 1u;; n++) {
            uint8_t b4 = 0u, want[19], got[19];
            int rc;
            memset(want, 0xAB, sizeof want);
            fallback_fresh(keys[k]);
            assert_int_equal(bkpsram_write_u32(4u, 0u), BKPSRAM_OK);
            isr_rc = 1;
            bkm_irq_after_accesses(&M, n, isr_byte, NULL);
            rc = bkpsram_write(5u, want, sizeof want);
            if (!M.irq_fired) {
                break; /* n is past the last access of the call */
            }
            points++;
            assert_int_equal(rc, BKPSRAM_OK);
            assert_int_equal(isr_rc, BKPSRAM_OK);
            assert_int_equal(bkpsram_read_u8(4u, &b4), BKPSRAM_OK);
            assert_int_equal(bkpsram_read(5u, got, sizeof got), BKPSRAM_OK);
            assert_int_equal(b4, 0xCDu);
            assert_memory_equal(got, want, sizeof got);
            assert_int_equal(bkm_violation_total(&M), 0u);
        }
    }
    assert_true(points > 4u);
    print_message("fallback store: interrupt at each of %u access points of a 19-byte write, 0 lost updates\n", points);
}

/* UNVERIFIED: if the registers needed the RTC clock, a write would be dropped: EWRITE, never OK. */
static void test_registers_that_need_the_rtc_clock_give_ewrite(void **state)
{
    bkm_config_t cfg = BKM_CONFIG_DEFAULT;
    (void)state;
    cfg.bkpreg_needs_rtcen = 1u;
    model_fresh("f401", &cfg);
    assert_int_equal(bkpsram_init(&FB), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_EWRITE);
    assert_int_equal(bkpsram_write_u8(5u, 1u), BKPSRAM_EWRITE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_fallback_the_part_is_refused),
        cmocka_unit_test(test_fallback_gives_the_backup_registers_of_each_family),
        cmocka_unit_test(test_reset_flags_of_the_g4_and_l4_families),
        cmocka_unit_test(test_every_access_is_32_bit_at_every_offset),
        cmocka_unit_test(test_typed_accessors_and_ranges),
        cmocka_unit_test(test_record_survives_a_power_cut_at_every_write),
        cmocka_unit_test(test_log_of_four_entries_wraps),
        cmocka_unit_test(test_section_variables_are_refused_the_layout_works),
        cmocka_unit_test(test_retention_rules),
        cmocka_unit_test(test_registers_that_need_the_rtc_clock_give_ewrite),
        cmocka_unit_test(test_sub_word_writes_are_interrupt_safe_at_every_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

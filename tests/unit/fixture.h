/* SPDX-License-Identifier: MIT */
/* Shared fixture of the library's host tests: one model per test, bound to the host port. */
#ifndef BKPSRAM_TEST_FIXTURE_H
#define BKPSRAM_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram_model.h"

#define SRAM_BASE 0x40024000u
#define REG_AHB1ENR 0x40023830u
#define REG_APB1ENR 0x40023840u
#define REG_PWR_CR  0x40007000u
#define REG_PWR_CSR 0x40007004u
#define BIT_PWREN   (1u << 28)
#define BIT_BKPSRAMEN (1u << 18)
#define BIT_DBP     (1u << 8)
#define BIT_BRE     (1u << 9)
#define BIT_BRR     (1u << 3)

static bkm_t M;

/* Fresh model of part key (first power-on, no VBAT), bound to the library. */
static inline void model_fresh(const char *key, const bkm_config_t *cfg)
{
    const bkm_part_t *p = bkm_part_find(key);
    assert_non_null(p);
    bkm_init(&M, p, cfg);
    bkm_bind(&M);
}

/* Each part key of a family build: identified by DEV_ID and name, its backup SRAM (kb[i] KB; kb
 * NULL: 4 KB each), 128 bytes of backup registers, initialised without a violation; the model
 * stays on the last one. */
static inline void assert_family_lines(const char *const *keys, const char *const *names, const uint16_t *ids,
                                       const uint32_t *kb, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        bkpsram_part_t part;
        uint32_t size = (kb != NULL ? kb[i] : 4u) * 1024u;
        model_fresh(keys[i], NULL);
        assert_int_equal(bkpsram_identify(&part), BKPSRAM_OK);
        assert_int_equal(part.dev_id, ids[i]);
        assert_string_equal(part.name, names[i]);
        assert_int_equal(part.size, size);
        assert_int_equal(part.bkpreg_size, 128u);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_kind(), BKPSRAM_KIND_SRAM);
        assert_int_equal(bkpsram_size(), size);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

/* The ECC families (H7, H7R/S, H5, U5), library initialised: every typed value and a memset at 24
 * offsets are stored as whole words (no byte or halfword store reaches the model) and read back
 * after a pin reset, which loses any write still waiting in the ECC buffer. */
static inline void assert_whole_word_stores_survive_a_reset(void)
{
    uint32_t off;
    for (off = 0u; off < 24u; off++) {
        uint8_t b = 0u;
        uint16_t h = 0u;
        float f = 0.0f;
        uint64_t d = 0u;
        memset(M.sram_writes_by_size, 0, sizeof M.sram_writes_by_size);
        assert_int_equal(bkpsram_write_u8(0x100u + off, (uint8_t)(0xA0u + off)), BKPSRAM_OK);
        assert_int_equal(bkpsram_write_u16(0x200u + off, (uint16_t)(0xBE00u + off)), BKPSRAM_OK);
        assert_int_equal(bkpsram_write_float(0x300u + off, 1.5f + (float)off), BKPSRAM_OK);
        assert_int_equal(bkpsram_write_u64(0x400u + off, 0x0123456789ABCDEFull + off), BKPSRAM_OK);
        assert_int_equal(bkpsram_memset(0x600u + off, 0x5Au, 3u), BKPSRAM_OK);
        assert_int_equal(M.sram_writes_by_size[1] + M.sram_writes_by_size[2], 0u);
        bkm_event(&M, BKM_EV_RESET_PIN);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u8(0x100u + off, &b), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u16(0x200u + off, &h), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_float(0x300u + off, &f), BKPSRAM_OK);
        assert_int_equal(bkpsram_read_u64(0x400u + off, &d), BKPSRAM_OK);
        assert_int_equal(b, 0xA0u + off);
        assert_int_equal(h, 0xBE00u + off);
        assert_true(f == 1.5f + (float)off);
        assert_true(d == 0x0123456789ABCDEFull + off);
        assert_int_equal(M.sram[0x600u + off + 2u], 0x5Au);
    }
    assert_int_equal(bkm_violation_total(&M), 0u);
}

/* Control for the above: the model's ECC buffer is not a no-op. A raw byte store at base + 0x10
 * (the backup SRAM's address), then a pin reset, loses the byte. */
static inline void assert_a_raw_byte_store_is_lost_at_a_reset(uint32_t base)
{
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkm_write(&M, base + 0x10u, 1u, 0x5Au), 0);
    assert_int_equal(M.sram[0x10], 0x5Au);
    bkm_event(&M, BKM_EV_RESET_PIN);
    assert_int_not_equal(M.sram[0x10], 0x5Au);
}

/* A fresh part with the library initialised (first power-on). */
static inline void boot_fresh(void)
{
    model_fresh("f407", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
}

/* Power back on with VBAT held (any armed cut disarmed) and the library initialised again. */
static inline void power_cycle(void)
{
    bkm_cut_after_writes(&M, 0u);
    bkm_event(&M, BKM_EV_POWER_ON);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
}

/* The part of TEST and TEST_INIT: the F407, or TEST_PART when a test file is built for another
 * family (with TEST_SIZE its backup SRAM's bytes). */
#ifndef TEST_PART
#define TEST_PART "f407"
#endif
#ifndef TEST_SIZE
#define TEST_SIZE 4096u
#endif

static inline int setup_f407(void **state)
{
    (void)state;
    model_fresh(TEST_PART, NULL);
    return 0;
}

static inline int setup_f407_init(void **state)
{
    (void)state;
    model_fresh(TEST_PART, NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    bkm_clear_stats(&M);
    return 0;
}

/* Leave the library uninitialised for the next test (its state is static). */
static inline int teardown_lib(void **state)
{
    (void)state;
    (void)bkpsram_deinit();
    return 0;
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_f407, teardown_lib)
#define TEST_INIT(fn) cmocka_unit_test_setup_teardown(fn, setup_f407_init, teardown_lib)

#endif

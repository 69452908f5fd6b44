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

static inline int setup_f407(void **state)
{
    (void)state;
    model_fresh("f407", NULL);
    return 0;
}

static inline int setup_f407_init(void **state)
{
    (void)state;
    model_fresh("f407", NULL);
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

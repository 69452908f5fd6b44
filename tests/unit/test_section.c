/* SPDX-License-Identifier: MIT */
/* Linker-section variables: cold boot, warm boot, layout change, random content, noinit untouched,
 * bad layouts, and a power cut at every write of the initialisation. */
#include <stdio.h>

#include "fixture.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_section.h"

static const uint8_t image[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
static const bkpsram_section_layout_t L = {0u, 12u, 8u, 16u, image};

/* Data as initialised, bss zero, noinit as given. */
static void assert_initialised(const uint8_t *noinit)
{
    static const uint8_t zero[8] = {0};
    assert_memory_equal(&M.sram[20], image, 12);
    assert_memory_equal(&M.sram[32], zero, 8);
    assert_memory_equal(&M.sram[40], noinit, 16);
}

static void test_cold_boot_initialises_warm_boot_keeps(void **state)
{
    uint8_t noinit[16];
    (void)state;
    memcpy(noinit, &M.sram[40], 16);
    assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0);
    assert_initialised(noinit);
    M.sram[20] = 99u; /* the application changes a variable */
    M.sram[40] = 77u;
    bkm_event(&M, BKM_EV_RESET_PIN);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_section_init_layout(&L, 7u), 1);
    assert_int_equal(M.sram[20], 99u);
    assert_int_equal(M.sram[40], 77u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_layout_change_reinitialises_and_spares_noinit(void **state)
{
    bkpsram_section_layout_t bigger = L;
    uint8_t noinit[16];
    (void)state;
    assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0);
    M.sram[20] = 99u;
    memcpy(noinit, &M.sram[40], 16);
    assert_int_equal(bkpsram_section_init_layout(&L, 8u), 0); /* new layout version */
    assert_initialised(noinit);
    M.sram[20] = 99u;
    bigger.bss_size = 12u;                                       /* same version, other sizes */
    assert_int_equal(bkpsram_section_init_layout(&bigger, 8u), 0);
    assert_int_equal(M.sram[20], 1u);
}

static void test_header_bytes_follow_the_documented_format(void **state)
{
    static const uint8_t head[16] = {0x42, 0x4B, 0x53, 0x53, 7, 0, 0, 0, 12, 0, 8, 0, 16, 0, 1, 0};
    uint32_t crc;
    (void)state;
    assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0);
    assert_memory_equal(M.sram, head, 16);
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, head, 16);
    assert_int_equal(M.sram[16] | M.sram[17] << 8 | M.sram[18] << 16 | (uint32_t)M.sram[19] << 24, crc);
}

static void test_damaged_header_reinitialises(void **state)
{
    uint32_t byte;
    (void)state;
    for (byte = 0; byte < 20u; byte++) {
        assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0); /* cold every round */
        M.sram[20] = 55u;
        M.sram[byte] ^= 0x04u;
        assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0);
        assert_int_equal(M.sram[20], 1u);
        M.sram[0] ^= 0xFFu; /* force the next round to start cold */
    }
}

static void test_bad_layouts_and_states(void **state)
{
    bkpsram_section_layout_t l = L;
    static bkm_t before;
    (void)state;
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_section_init_layout(NULL, 1u), BKPSRAM_EINVAL);
    l.data_image = NULL;
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_EINVAL);
    l = L;
    l.header_offset = 2u;
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_EINVAL);
    l = L;
    l.bss_size = 6u;
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_EINVAL);
    l = L;
    l.noinit_size = 0x10000u;
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_EINVAL);
    l = L;
    l.header_offset = 4096u - 52u; /* span 56 */
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_ERANGE);
    l.header_offset = 0xFFFFFFFCu;
    assert_int_equal(bkpsram_section_init_layout(&l, 1u), BKPSRAM_ERANGE);
    assert_memory_equal(&before, &M, sizeof M);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_int_equal(bkpsram_section_init_layout(&L, 1u), BKPSRAM_ENOTINIT);
}

/* Power cut after every write of a (re)initialisation, from a cold and from a layout change:
 * the next boot either re-initialises (0) or finds everything initialised (1), never a header
 * that vouches for half-copied data. */
static void test_power_cut_at_every_write_of_init(void **state)
{
    uint32_t writes, cut, points = 0u;
    int from_layout;
    (void)state;
    for (from_layout = 0; from_layout < 2; from_layout++) {
        model_fresh("f407", NULL);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        if (from_layout) {
            assert_int_equal(bkpsram_section_init_layout(&L, 6u), 0);
        }
        writes = M.sram_writes;
        assert_int_equal(bkpsram_section_init_layout(&L, 7u), 0);
        writes = M.sram_writes - writes;
        for (cut = 1u; cut <= writes; cut++) {
            uint8_t noinit[16];
            int rc;
            model_fresh("f407", NULL);
            assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
            if (from_layout) {
                assert_int_equal(bkpsram_section_init_layout(&L, 6u), 0);
                M.sram[20] = 200u; /* a changed variable of the old layout */
            }
            memcpy(noinit, &M.sram[40], 16);
            bkm_cut_after_writes(&M, cut);
            (void)bkpsram_section_init_layout(&L, 7u);
            bkm_event(&M, BKM_EV_POWER_ON);
            assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
            rc = bkpsram_section_init_layout(&L, 7u);
            if (rc == 1 && cut < writes) {
                fail_msg("cut %u of %u: header valid before init finished", cut, writes);
            }
            assert_true(rc == 0 || rc == 1);
            assert_initialised(noinit);
            points++;
        }
    }
    printf("section init power-cut campaign: %u cut points, 0 failures\n", points);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_cold_boot_initialises_warm_boot_keeps),
        TEST_INIT(test_layout_change_reinitialises_and_spares_noinit),
        TEST_INIT(test_header_bytes_follow_the_documented_format),
        TEST_INIT(test_damaged_header_reinitialises),
        TEST_INIT(test_bad_layouts_and_states),
        TEST(test_power_cut_at_every_write_of_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

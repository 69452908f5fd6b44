/* SPDX-License-Identifier: MIT */
/*
 * The memory port (bkpsram_memory.h): the library over a RAM buffer, as host applications, unit
 * tests of user code and bkpsram-tool use it. No model is linked into this test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_memory.h"
#include "bkpsram/bkpsram_record.h"
#include "port/bkpsram_port.h"

static int setup(void **state)
{
    (void)state;
    memset(bkpsram_memory(), 0, BKPSRAM_MEMORY_SIZE);
    bkpsram_memory_reset();
    return 0;
}

static void test_init_answers_as_an_f407_with_4_kb(void **state)
{
    bkpsram_part_t part;
    (void)state;
    assert_int_equal(bkpsram_size(), 0u);
    assert_int_equal(bkpsram_write_u32(0u, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_identify(&part), BKPSRAM_OK);
    assert_int_equal(part.dev_id, 0x413u);
    assert_int_equal(part.size, 4096u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_size(), BKPSRAM_MEMORY_SIZE);
    assert_int_equal(bkpsram_reset_flags(1), BKPSRAM_RESET_PIN);
    assert_int_equal(bkpsram_reset_flags(0), 0u);
}

static void test_writes_land_in_the_buffer_little_endian(void **state)
{
    uint8_t *m = bkpsram_memory();
    uint32_t v = 0u;
    float f = 0.0f;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32(0x100u, 0x11223344u), BKPSRAM_OK);
    assert_int_equal(m[0x100], 0x44u);
    assert_int_equal(m[0x103], 0x11u);
    assert_int_equal(bkpsram_write_float(6u, 1.5f), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_float(6u, &f), BKPSRAM_OK);
    assert_true(f == 1.5f);
    m[4095] = 0xABu; /* a test may change the buffer directly */
    assert_int_equal(bkpsram_read_u32(4092u, &v), BKPSRAM_OK);
    assert_int_equal(v, 0xAB000000u);
    assert_int_equal(bkpsram_write_u8(4096u, 1u), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_fill_u32(0xA5A5A5A5u), BKPSRAM_OK);
    assert_int_equal(m[0], 0xA5u);
    assert_int_equal(m[4095], 0xA5u);
}

/* A reset keeps the buffer and needs a new init; after deinit nothing is written. */
static void test_reset_keeps_data_deinit_stops_access(void **state)
{
    const bkpsram_record_t rec = {1024u, 7u, 1u, 12u};
    const char in[12] = "kept data!!";
    char out[12];
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&rec, in), BKPSRAM_OK);
    bkpsram_memory_reset();
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
    assert_memory_equal(out, in, sizeof in);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u8(0u, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_memory()[0], 0u);
}

/* A dump from a board, loaded into the buffer, decoded by the library. */
static void test_decodes_a_dump_copied_into_the_buffer(void **state)
{
    static uint8_t dump[BKPSRAM_MEMORY_SIZE];
    const bkpsram_log_config_t cfg = {2048u, 512u, 3u, 8u};
    bkpsram_log_t log;
    uint32_t e[2] = {0u, 0u}, i;
    (void)state;
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &cfg), BKPSRAM_OK);
    for (i = 0u; i < 5u; i++) {
        e[0] = i;
        e[1] = i * i;
        assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
    }
    memcpy(dump, bkpsram_memory(), sizeof dump);
    memset(bkpsram_memory(), 0, BKPSRAM_MEMORY_SIZE);
    bkpsram_memory_reset();
    memcpy(bkpsram_memory(), dump, sizeof dump);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &cfg), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_count(&log), 5u);
    assert_int_equal(bkpsram_log_read(&log, 4u, e), BKPSRAM_OK);
    assert_int_equal(e[1], 16u);
}

/* The port enforces what the chip enforces: no store without the clock and PWR_CR.DBP, BRE only
 * with DBP, BRR follows BRE. */
static void test_stores_need_the_clock_and_dbp(void **state)
{
    uint8_t *m = bkpsram_memory();
    (void)state;
    bkpsram_port_wr32(BKPSRAM_BASE_ADDR, 0x11111111u); /* clock off */
    assert_int_equal(m[0], 0u);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK); /* write-protected: DBP 0 between calls */
    assert_int_equal(bkpsram_port_rd32(BKPSRAM_PWR_CR) & BKPSRAM_PWR_CR_DBP, 0u);
    bkpsram_port_wr32(BKPSRAM_BASE_ADDR, 0x22222222u);
    assert_int_equal(m[0], 0u);
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    bkpsram_port_wr32(BKPSRAM_BASE_ADDR, 0x33333333u);
    assert_int_equal(m[0], 0x33u);
    assert_int_equal(bkpsram_port_rd32(BKPSRAM_PWR_CSR) & (BKPSRAM_PWR_CSR_BRE | BKPSRAM_PWR_CSR_BRR),
                     BKPSRAM_PWR_CSR_BRE | BKPSRAM_PWR_CSR_BRR);
    assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    bkpsram_port_wr32(BKPSRAM_PWR_CSR, 0u); /* BRE off without DBP: ignored */
    assert_int_equal(bkpsram_port_rd32(BKPSRAM_PWR_CSR) & BKPSRAM_PWR_CSR_BRE, BKPSRAM_PWR_CSR_BRE);
    assert_int_equal(bkpsram_set_retention(0), BKPSRAM_OK);
    assert_int_equal(bkpsram_port_rd32(BKPSRAM_PWR_CSR) & (BKPSRAM_PWR_CSR_BRE | BKPSRAM_PWR_CSR_BRR), 0u);
    assert_int_equal(bkpsram_port_rd32(0x40023800u), 0u); /* an unmodelled register reads 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_answers_as_an_f407_with_4_kb, setup),
        cmocka_unit_test_setup(test_writes_land_in_the_buffer_little_endian, setup),
        cmocka_unit_test_setup(test_reset_keeps_data_deinit_stops_access, setup),
        cmocka_unit_test_setup(test_decodes_a_dump_copied_into_the_buffer, setup),
        cmocka_unit_test_setup(test_stores_need_the_clock_and_dbp, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

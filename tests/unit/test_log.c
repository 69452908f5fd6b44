/* SPDX-License-Identifier: MIT */
/* Ring log: appends, wrap-around, reopen after reset, format bytes, bad input, damage, and a
 * power cut at every write of every append (wrap-around included) on the model. */
#include <stdio.h>

#include "log_util.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"


static void test_append_read_and_wrap_around(void **state)
{
    bkpsram_log_t log;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 1u, 0u);
    append_values(&log, 1u, 3u);
    assert_holds(&log, 1u, 3u);
    append_values(&log, 4u, 13u); /* wraps twice */
    assert_holds(&log, 9u, 13u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_reopen_after_reset_finds_head_and_tail(void **state)
{
    bkpsram_log_t log;
    uint32_t n;
    (void)state;
    for (n = 0; n <= 12u; n++) {
        model_fresh("f407", NULL);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        append_values(&log, 1u, n);
        bkm_event(&M, BKM_EV_RESET_PIN);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        memset(&log, 0xEE, sizeof log);
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        assert_holds(&log, n > 5u ? n - 4u : 1u, n);
        append_values(&log, n + 1u, n + 1u); /* continues after the newest */
        assert_holds(&log, n + 1u > 5u ? n - 3u : 1u, n + 1u);
    }
}

static void test_format_bytes(void **state)
{
    static const uint8_t head[12] = {0x42, 0x4B, 0x4C, 0x47, 1, 0, 3, 0, ENTRY, 0, 5, 0};
    bkpsram_log_t log;
    uint8_t e[ENTRY];
    uint32_t crc, seq = 1u;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_memory_equal(&M.sram[1024], head, 12);
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, head, 12);
    assert_memory_equal(&M.sram[1036], &crc, 4);
    entry_of(7u, e);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
    assert_memory_equal(&M.sram[1040], &seq, 4);
    assert_memory_equal(&M.sram[1044], e, ENTRY);
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[1040], 16);
    assert_memory_equal(&M.sram[1056], &crc, 4);
    assert_int_equal(BKPSRAM_LOG_SLOT(ENTRY), 20u);
}

static void test_bad_input(void **state)
{
    static bkm_t before;
    bkpsram_log_t log;
    bkpsram_log_config_t c = CFG;
    uint8_t e[ENTRY] = {0};
    (void)state;
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_log_open(NULL, &CFG), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_open(&log, NULL), BKPSRAM_EINVAL);
    c.entry_size = 0u;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_EINVAL);
    c.entry_size = 1025u;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_EINVAL);
    c = CFG;
    c.offset = 1026u;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_EINVAL);
    c = CFG;
    c.span = BKPSRAM_LOG_SPAN(ENTRY, 2) - 1u;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_ENOSPC);
    c = CFG;
    c.offset = 4096u - CFG.span + 4u;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_ERANGE);
    c.offset = 0xFFFFFFFCu;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_ERANGE);
    c = CFG;
    c.span = 0xFFFFFFFFu;
    assert_int_equal(bkpsram_log_open(&log, &c), BKPSRAM_ERANGE);
    memset(&log, 0, sizeof log); /* closed */
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_read(&log, 0, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_clear(&log), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_append(NULL, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_read(NULL, 0, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_count(NULL), 0u);
    assert_memory_equal(&before, &M, sizeof M);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_log_append(&log, NULL), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_read(&log, 0, NULL), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_read(&log, 0, e), BKPSRAM_ENOENT);
    assert_int_equal(bkpsram_log_read(&log, 0xFFFFFFFFu, e), BKPSRAM_ENOENT);
    assert_memory_equal(&before, &M, sizeof M);
    assert_int_equal(bkpsram_deinit(), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_ENOTINIT);
}

static void test_unsupported_part(void **state)
{
    bkpsram_log_t log;
    (void)state;
    model_fresh("f401", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_ENOTINIT);
    assert_int_equal(M.sram_reads + M.sram_writes + bkm_violation_total(&M), 0u);
}

static void test_another_logs_header_is_eversion_until_cleared(void **state)
{
    static bkm_t before;
    bkpsram_log_t log;
    bkpsram_log_config_t other = CFG;
    uint8_t e[ENTRY];
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 2u);
    other.id = 4u;
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_log_open(&log, &other), BKPSRAM_EVERSION);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EVERSION);
    assert_int_equal(bkpsram_log_read(&log, 0, e), BKPSRAM_EVERSION);
    assert_int_equal(bkpsram_log_count(&log), 0u);
    assert_memory_equal(before.sram, M.sram, sizeof M.sram);
    assert_int_equal(bkpsram_log_clear(&log), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &other), BKPSRAM_OK);
    assert_holds(&log, 1u, 0u);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_EVERSION);
}

static void test_clear_drops_everything(void **state)
{
    bkpsram_log_t log;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 7u);
    assert_int_equal(bkpsram_log_clear(&log), BKPSRAM_OK);
    assert_holds(&log, 1u, 0u);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 1u, 0u);
    append_values(&log, 1u, 2u);
    assert_holds(&log, 1u, 2u);
}

static void test_damaged_entry_hides_older_ones_never_returns_them_wrong(void **state)
{
    bkpsram_log_t log;
    uint8_t e[ENTRY];
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 4u);
    M.sram[1024u + 16u + 20u + 6u] ^= 0x01u; /* value 2 */
    assert_int_equal(bkpsram_log_read(&log, 1, e), BKPSRAM_ECORRUPT);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 3u, 4u);
}

static void test_random_content_holds_no_entries(void **state)
{
    bkpsram_log_t log;
    uint32_t seed;
    (void)state;
    for (seed = 0; seed < 2000u; seed++) {
        M.cfg.seed = seed;
        bkm_event(&M, BKM_EV_POWER_ON_NO_VBAT);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        assert_int_equal(bkpsram_log_count(&log), 0u);
    }
}

/* A fresh part whose log holds values 1..n. */
static void log_holding(bkpsram_log_t *log, uint32_t n)
{
    model_fresh("f407", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(log, &CFG), BKPSRAM_OK);
    append_values(log, 1u, n);
}

/* The backup SRAM writes of the k-th append. */
static uint32_t writes_of_append(bkpsram_log_t *log, uint32_t k)
{
    uint32_t writes;
    log_holding(log, k - 1u);
    writes = M.sram_writes;
    append_values(log, k, k);
    return M.sram_writes - writes;
}

/* Power cut after every write of the k-th append, k = 1..14 (a 5-slot ring wraps twice). After
 * power returns: values before k intact, k present or not; when the ring was full, the oldest
 * value (whose slot was being overwritten) may be gone. */
static void test_power_cut_at_every_write_of_every_append(void **state)
{
    bkpsram_log_t log;
    uint32_t k, cut, writes, points = 0u;
    uint8_t e[ENTRY];
    (void)state;
    for (k = 1u; k <= 14u; k++) {
        writes = writes_of_append(&log, k);
        for (cut = 1u; cut <= writes; cut++) {
            log_holding(&log, k - 1u);
            bkm_cut_after_writes(&M, cut);
            entry_of(k, e);
            (void)bkpsram_log_append(&log, e);
            bkm_event(&M, BKM_EV_POWER_ON);
            assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
            assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
            if (cut == writes) { /* the CRC word, the last write, commits */
                assert_holds(&log, k > 5u ? k - 4u : 1u, k);
            } else { /* full ring: the oldest slot was being rewritten, so it is gone */
                assert_holds(&log, k - 1u >= 5u ? k - 4u : 1u, k - 1u);
            }
            points++;
        }
    }
    printf("log power-cut campaign (model): %u cut points over 14 appends with wrap-around, 0 failures\n", points);
}

/* One write of an append lost (the hardware drops it, power stays): the append reports
 * BKPSRAM_EWRITE, never success, and the entries before it still read back exactly; the next
 * append after the loss succeeds. For every write of appends 1..7 (the ring wraps). */
static void test_one_lost_write_of_an_append_is_reported(void **state)
{
    bkpsram_log_t log;
    uint32_t k, n, writes, cases = 0u;
    uint8_t e[ENTRY];
    (void)state;
    for (k = 1u; k <= 7u; k++) {
        writes = writes_of_append(&log, k);
        for (n = 1u; n <= writes; n++, cases++) {
            log_holding(&log, k - 1u);
            bkm_drop_write(&M, n);
            entry_of(k, e);
            if (bkpsram_log_append(&log, e) != BKPSRAM_EWRITE) {
                fail_msg("append %u, write %u of %u lost: not reported", k, n, writes);
            }
            bkm_drop_write(&M, 0u);
            /* a full ring lost its oldest entry, whose slot was being rewritten */
            assert_holds(&log, k - 1u >= 5u ? k - 4u : 1u, k - 1u);
            entry_of(k, e);
            assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_OK);
            assert_holds(&log, k > 5u ? k - 4u : 1u, k);
        }
    }
    printf("log: one lost write at every write of appends 1..7: %u cases, each BKPSRAM_EWRITE\n", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_append_read_and_wrap_around),
        TEST(test_reopen_after_reset_finds_head_and_tail),
        TEST_INIT(test_format_bytes),
        TEST_INIT(test_bad_input),
        TEST(test_unsupported_part),
        TEST_INIT(test_another_logs_header_is_eversion_until_cleared),
        TEST_INIT(test_clear_drops_everything),
        TEST_INIT(test_damaged_entry_hides_older_ones_never_returns_them_wrong),
        TEST_INIT(test_random_content_holds_no_entries),
        TEST(test_power_cut_at_every_write_of_every_append),
        TEST(test_one_lost_write_of_an_append_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Ring log beyond single appends: the sequence number wrapping past 0xFFFFFFFF (with a power cut
 * at every write around it), a cut at every write of the first-use format and of clear, a handle
 * after a failed open, and crafted entries that only the header CRC, the read's sequence check and
 * the open's consecutive walk refuse. */
#include <stdio.h>

#include "log_util.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"



/* A valid entry (sequence, value, CRC) written straight into slot. */
static void craft(uint32_t slot, uint32_t seq, uint32_t value)
{
    uint8_t b[4u + ENTRY + 4u];
    uint32_t crc;
    memcpy(b, &seq, 4);
    entry_of(value, &b[4]);
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, b, 4u + ENTRY);
    memcpy(&b[4u + ENTRY], &crc, 4);
    memcpy(&M.sram[CFG.offset + BKPSRAM_LOG_HEADER + slot * BKPSRAM_LOG_SLOT(ENTRY)], b, sizeof b);
}

/* Values 1..8 appended with sequence numbers 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF, 1, 2, ...: read
 * back, reopened after a reset, appended to again. */
static void test_sequence_wraps_past_0xffffffff(void **state)
{
    bkpsram_log_t log;
    uint32_t seq;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    log.next_seq = 0xFFFFFFFDu;
    append_values(&log, 1u, 8u);
    assert_holds(&log, 4u, 8u);
    memcpy(&seq, &M.sram[CFG.offset + BKPSRAM_LOG_HEADER + 3u * BKPSRAM_LOG_SLOT(ENTRY)], 4);
    assert_int_equal(seq, 1u); /* value 4 came after 0xFFFFFFFF: 0 is skipped */
    bkm_event(&M, BKM_EV_RESET_PIN);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 4u, 8u);
    append_values(&log, 9u, 9u);
    assert_holds(&log, 5u, 9u);
}

/* The log opened, its next sequence number set to start, values 1..k-1 appended; then value k
 * appended with a cut after `cut` writes (0: none). Returns the writes of that append. */
static uint32_t wrap_append(bkpsram_log_t *log, uint32_t start, uint32_t k, uint32_t cut)
{
    uint8_t e[ENTRY];
    boot_fresh();
    assert_int_equal(bkpsram_log_open(log, &CFG), BKPSRAM_OK);
    log->next_seq = start;
    append_values(log, 1u, k - 1u);
    bkm_clear_stats(&M);
    bkm_cut_after_writes(&M, cut);
    entry_of(k, e);
    (void)bkpsram_log_append(log, e);
    return M.sram_writes;
}

/* A power cut at every write of every append around the wrap. */
static void test_power_cut_at_every_write_around_the_wrap(void **state)
{
    bkpsram_log_t log;
    uint32_t k, cut, writes, points = 0u, start;
    (void)state;
    for (start = 0xFFFFFFF9u; start != 2u; start = start == 0xFFFFFFFFu ? 1u : start + 1u) {
        for (k = 1u; k <= 9u; k++) {
            writes = wrap_append(&log, start, k, 0u);
            for (cut = 1u; cut <= writes; cut++) {
                (void)wrap_append(&log, start, k, cut);
                power_cycle();
                assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
                if (cut == writes) { /* the CRC word commits */
                    assert_holds(&log, k > SLOTS ? k - SLOTS + 1u : 1u, k);
                } else {
                    assert_holds(&log, k - 1u >= SLOTS ? k - SLOTS + 1u : 1u, k - 1u);
                }
                points++;
            }
        }
    }
    printf("log sequence wrap: %u cut points (appends starting at 0xFFFFFFF9..1), 0 failures\n", points);
    assert_true(points >= 360u);
}

/* Clear, and the format of a first use, cut at every write: the next open gives an empty log. */
static void test_power_cut_at_every_write_of_clear_and_format(void **state)
{
    bkpsram_log_t log;
    uint32_t writes, cut, points = 0u, seed;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 7u);
    bkm_clear_stats(&M);
    assert_int_equal(bkpsram_log_clear(&log), BKPSRAM_OK);
    writes = M.sram_writes;
    for (cut = 1u; cut <= writes; cut++) {
        boot_fresh();
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        append_values(&log, 1u, 7u);
        bkm_cut_after_writes(&M, cut);
        (void)bkpsram_log_clear(&log);
        power_cycle();
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        assert_holds(&log, 1u, 0u);
        points++;
    }
    for (seed = 0u; seed < 3u; seed++) { /* first use over random content */
        for (cut = 1u; cut <= writes; cut++) {
            boot_fresh();
            M.cfg.seed = seed + 77u;
            bkm_event(&M, BKM_EV_POWER_ON_NO_VBAT);
            assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
            bkm_cut_after_writes(&M, cut);
            (void)bkpsram_log_open(&log, &CFG);
            power_cycle();
            assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
            assert_holds(&log, 1u, 0u);
            append_values(&log, 1u, 2u);
            assert_holds(&log, 1u, 2u);
            points++;
        }
    }
    printf("log clear and first-use format: %u cut points, 0 failures (every one an empty log)\n", points);
}

/* A handle whose open failed is closed: append, read and clear refuse it and change nothing. */
static void test_handle_after_a_failed_open_is_refused(void **state)
{
    static bkm_t before;
    bkpsram_log_t log;
    bkpsram_log_config_t bad = CFG;
    uint8_t e[ENTRY] = {0};
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 2u);
    bad.entry_size = 0u;
    assert_int_equal(bkpsram_log_open(&log, &bad), BKPSRAM_EINVAL);
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_read(&log, 0u, e), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_clear(&log), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_log_count(&log), 0u);
    bad = CFG;
    bad.offset = 4096u;
    assert_int_equal(bkpsram_log_open(&log, &bad), BKPSRAM_ERANGE);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EINVAL);
    bad = CFG;
    bad.span = 20u;
    assert_int_equal(bkpsram_log_open(&log, &bad), BKPSRAM_ENOSPC);
    assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EINVAL);
    assert_memory_equal(&before, &M, sizeof M);
}

/* A header with its CRC wrong (one reserved bit flipped) is no header: the log is created anew. */
static void test_header_with_a_bad_crc_is_not_taken(void **state)
{
    bkpsram_log_t log;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 3u);
    M.sram[CFG.offset + 5u] ^= 0x01u;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 1u, 0u);
    assert_int_equal(M.sram[CFG.offset + 5u], 0u);
}

/* An entry with a valid CRC but another sequence number in a slot is refused by read. */
static void test_read_checks_the_sequence_number(void **state)
{
    bkpsram_log_t log;
    uint8_t e[ENTRY];
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 4u);
    craft(1u, 4u, 4u); /* slot of value 2 now holds a valid copy of value 4 */
    assert_int_equal(bkpsram_log_read(&log, 1u, e), BKPSRAM_ECORRUPT);
    assert_int_equal(bkpsram_log_read(&log, 0u, e), BKPSRAM_OK);
}

/* Open keeps only consecutive sequence numbers behind the newest. */
static void test_open_walks_back_through_consecutive_sequences_only(void **state)
{
    bkpsram_log_t log;
    (void)state;
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    append_values(&log, 1u, 4u);
    craft(2u, 10u, 10u); /* sequences 1, 2, 10, 4 */
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_holds(&log, 10u, 10u);
    craft(2u, 3u, 3u);  /* 1, 2, 3, 4 again */
    craft(0u, 7u, 1u);  /* 7, 2, 3, 4: newest 7, nothing before it */
    assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_count(&log), 1u);
}

/* The CRC word is the last write of an append: cut before it, and it still holds what it held. */
static void test_crc_word_is_the_last_write_of_an_append(void **state)
{
    bkpsram_log_t log;
    uint32_t k, w, off;
    uint8_t before[4], e[ENTRY];
    (void)state;
    for (k = 1u; k <= 7u; k++) {
        w = wrap_append(&log, 1u, k, 0u);
        boot_fresh();
        assert_int_equal(bkpsram_log_open(&log, &CFG), BKPSRAM_OK);
        append_values(&log, 1u, k - 1u);
        off = CFG.offset + BKPSRAM_LOG_HEADER + ((k - 1u) % SLOTS) * BKPSRAM_LOG_SLOT(ENTRY) + 4u + ENTRY;
        memcpy(before, &M.sram[off], 4);
        bkm_cut_after_writes(&M, w - 1u);
        entry_of(k, e);
        assert_int_equal(bkpsram_log_append(&log, e), BKPSRAM_EWRITE);
        assert_memory_equal(before, &M.sram[off], 4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_sequence_wraps_past_0xffffffff),
        TEST(test_power_cut_at_every_write_around_the_wrap),
        TEST(test_power_cut_at_every_write_of_clear_and_format),
        TEST_INIT(test_handle_after_a_failed_open_is_refused),
        TEST_INIT(test_header_with_a_bad_crc_is_not_taken),
        TEST_INIT(test_read_checks_the_sequence_number),
        TEST_INIT(test_open_walks_back_through_consecutive_sequences_only),
        TEST(test_crc_word_is_the_last_write_of_an_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

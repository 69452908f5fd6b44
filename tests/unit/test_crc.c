/* SPDX-License-Identifier: MIT */
/* CRC-32/MPEG-2 engines: catalogue values, equivalence with the byte-wise form, chaining, any
 * buffer alignment; the hardware engine through the model's CRC unit. Built once per engine. */
#include "fixture.h"

#include "bkpsram/bkpsram_crc.h"

/* Reference: the F4 unit's algorithm, word by word (RM0090 4.3), written independently. */
static uint32_t ref_word(uint32_t crc, uint32_t w)
{
    int b;
    crc ^= w;
    for (b = 0; b < 32; b++) {
        crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

static uint32_t ref(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    for (i = 0; i < len; i += 4u) {
        uint32_t w = 0u;
        size_t k;
        for (k = 0; k < 4u && i + k < len; k++) {
            w |= (uint32_t)p[i + k] << (8u * k);
        }
        crc = ref_word(crc, w);
    }
    return crc;
}

static void test_catalogue_values(void **state)
{
    static const uint8_t w1[4] = {0x78, 0x56, 0x34, 0x12};
    static const uint8_t w0[4] = {0, 0, 0, 0};
    static const uint8_t wf[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    static const uint8_t w2[8] = {0x78, 0x56, 0x34, 0x12, 0xF0, 0xDE, 0xBC, 0x9A};
    (void)state;
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, w1, 4), 0xDF8A8A2Bu);
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, w0, 4), 0xC704DD7Bu);
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, wf, 4), 0x00000000u);
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, w2, 8), 0x7D24A31Bu);
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, w2, 0), 0xFFFFFFFFu);
    assert_int_equal(bkpsram_crc32(0x12345678u, NULL, 8), 0x12345678u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_mpeg2_bytewise_check_value(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_crc32_mpeg2(BKPSRAM_CRC32_INIT, "123456789", 9), 0x0376E6E7u);
    /* word CRC = byte-wise MPEG-2 over each word's bytes in big-endian order */
    assert_int_equal(bkpsram_crc32(BKPSRAM_CRC32_INIT, "4321", 4), bkpsram_crc32_mpeg2(BKPSRAM_CRC32_INIT, "1234", 4));
}

static void test_matches_reference_for_every_length_and_alignment(void **state)
{
    uint8_t buf[300 + 4];
    uint32_t x = 99u;
    size_t len, al, i;
    (void)state;
    for (i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    for (al = 0; al < 4u; al++) {
        for (len = 0; len <= 300u; len++) {
            uint32_t want = ref(buf + al, len);
            if (bkpsram_crc32(BKPSRAM_CRC32_INIT, buf + al, len) != want) {
                fail_msg("alignment %zu, length %zu", al, len);
            }
        }
    }
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_chained_calls_equal_one_call(void **state)
{
    uint8_t buf[64];
    size_t split, i;
    (void)state;
    for (i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(i * 37u + 1u);
    }
    for (split = 0; split <= 60u; split += 4u) {
        uint32_t a = bkpsram_crc32(BKPSRAM_CRC32_INIT, buf, split);
        assert_int_equal(bkpsram_crc32(a, buf + split, 61u - split), bkpsram_crc32(BKPSRAM_CRC32_INIT, buf, 61u));
    }
}

static void test_engine_uses_the_crc_unit_only_when_configured(void **state)
{
    uint32_t i, writes = 0u;
    (void)state;
    M.rcc_ahb1enr |= 0x9u; /* GPIOA, GPIOD on */
    (void)bkpsram_crc32(BKPSRAM_CRC32_INIT, "abcdefgh", 8);
    for (i = 0; i < M.trace_len; i++) {
        writes += M.trace[i].addr == 0x40023000u && M.trace[i].write;
    }
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
    assert_int_equal(writes, 2u);
    assert_int_equal(M.rcc_ahb1enr, 0x00100000u | 0x9u | (1u << 12)); /* CRCEN by read-modify-write */
#else
    assert_int_equal(writes, 0u);
    assert_int_equal(M.reg_reads + M.reg_writes, 0u);
#endif
    assert_int_equal(bkm_violation_total(&M), 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_catalogue_values),
        TEST(test_mpeg2_bytewise_check_value),
        TEST(test_matches_reference_for_every_length_and_alignment),
        TEST(test_chained_calls_equal_one_call),
        TEST(test_engine_uses_the_crc_unit_only_when_configured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Data access: typed and bulk read/write at every offset, fill, memset; all accesses aligned. */
#include "fixture.h"

enum { T_U8, T_U16, T_U32, T_U64, T_FLOAT, T_DOUBLE, T_COUNT };
static const uint32_t width[T_COUNT] = {1u, 2u, 4u, 8u, 4u, 8u};
static const char *const tname[T_COUNT] = {"u8", "u16", "u32", "u64", "float", "double"};

/* A value for (type, offset) that differs per offset in every byte. */
static uint64_t pattern(int t, uint32_t off)
{
    uint64_t v = (uint64_t)off * 0x9E3779B97F4A7C15ull ^ ((uint64_t)t << 56);
    if (t == T_FLOAT) {
        float f = (float)off * 1.5f + 0.001f;
        uint32_t b;
        memcpy(&b, &f, 4);
        return b;
    }
    if (t == T_DOUBLE) {
        double d = (double)off * -2.25 + 1e-300;
        memcpy(&v, &d, 8);
    }
    return v;
}

static int write_typed(int t, uint32_t off, uint64_t v)
{
    float f;
    double d;
    uint32_t w = (uint32_t)v;
    switch (t) {
    case T_U8: return bkpsram_write_u8(off, (uint8_t)v);
    case T_U16: return bkpsram_write_u16(off, (uint16_t)v);
    case T_U32: return bkpsram_write_u32(off, (uint32_t)v);
    case T_U64: return bkpsram_write_u64(off, v);
    case T_FLOAT: memcpy(&f, &w, 4); return bkpsram_write_float(off, f);
    default: memcpy(&d, &v, 8); return bkpsram_write_double(off, d);
    }
}

/* Reads into a poisoned value; returns rc, *out holds the bits read. */
static int read_typed(int t, uint32_t off, uint64_t *out)
{
    uint8_t b = 0xA5u;
    uint16_t h = 0xA5A5u;
    uint32_t w = 0xA5A5A5A5u;
    uint64_t q = 0xA5A5A5A5A5A5A5A5ull;
    float f;
    double d;
    int rc;
    memcpy(&f, &w, 4);
    memcpy(&d, &q, 8);
    switch (t) {
    case T_U8: rc = bkpsram_read_u8(off, &b); *out = b; break;
    case T_U16: rc = bkpsram_read_u16(off, &h); *out = h; break;
    case T_U32: rc = bkpsram_read_u32(off, &w); *out = w; break;
    case T_U64: rc = bkpsram_read_u64(off, &q); *out = q; break;
    case T_FLOAT: rc = bkpsram_read_float(off, &f); memcpy(&w, &f, 4); *out = w; break;
    default: rc = bkpsram_read_double(off, &d); memcpy(&q, &d, 8); *out = q; break;
    }
    return rc;
}

static uint64_t mask_of(int t)
{
    return width[t] == 8u ? ~0ull : (1ull << (8u * width[t])) - 1u;
}

static void test_every_typed_accessor_round_trips_at_every_offset(void **state)
{
    int t;
    (void)state;
    for (t = 0; t < T_COUNT; t++) {
        uint32_t off, i;
        for (off = 0; off + width[t] <= 4096u; off++) {
            uint64_t v = pattern(t, off) & mask_of(t), got = 0u;
            if (write_typed(t, off, v) != BKPSRAM_OK) {
                fail_msg("write %s at %u", tname[t], off);
            }
            for (i = 0; i < width[t]; i++) { /* little-endian in the memory itself */
                if (M.sram[off + i] != (uint8_t)(v >> (8u * i))) {
                    fail_msg("%s at %u: byte %u", tname[t], off, i);
                }
            }
            if (read_typed(t, off, &got) != BKPSRAM_OK || got != v) {
                fail_msg("read %s at %u", tname[t], off);
            }
        }
        /* the first invalid offset is refused, for both directions */
        assert_int_equal(write_typed(t, 4097u - width[t], 0u), BKPSRAM_ERANGE);
        {
            uint64_t got = 0u;
            assert_int_equal(read_typed(t, 4097u - width[t], &got), BKPSRAM_ERANGE);
            assert_int_equal(got, 0xA5A5A5A5A5A5A5A5ull & mask_of(t)); /* untouched */
        }
    }
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_float_at_offset_6_splits_into_aligned_halfwords(void **state)
{
    float f = 0.0f;
    (void)state;
    assert_int_equal(bkpsram_write_float(6u, 0.001f), BKPSRAM_OK);
    assert_int_equal(M.sram_writes_by_size[2], 2u);
    assert_int_equal(M.sram_writes_by_size[4], 0u);
    assert_int_equal(M.sram_writes_by_size[1], 0u);
    assert_int_equal(bkpsram_read_float(6u, &f), BKPSRAM_OK);
    assert_true(f == 0.001f);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_u32_at_offset_5_splits_into_byte_halfword_byte(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_write_u32(5u, 0x44332211u), BKPSRAM_OK);
    assert_int_equal(M.sram_writes_by_size[1], 2u);
    assert_int_equal(M.sram_writes_by_size[2], 1u);
    assert_int_equal(M.sram[5], 0x11u);
    assert_int_equal(M.sram[8], 0x44u);
}

static void test_aligned_u32_is_one_word_store(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_write_u32(4092u, 0xFEEDFACEu), BKPSRAM_OK);
    assert_int_equal(M.sram_writes, 1u);
    assert_int_equal(M.sram_writes_by_size[4], 1u);
}

static void test_aligned_double_is_two_word_stores(void **state)
{
    double d = 0.0;
    (void)state;
    assert_int_equal(bkpsram_write_double(8u, 3.141592653589793), BKPSRAM_OK);
    assert_int_equal(M.sram_writes_by_size[4], 2u);
    assert_int_equal(M.sram_writes, 2u);
    assert_int_equal(bkpsram_read_double(8u, &d), BKPSRAM_OK);
    assert_true(d == 3.141592653589793);
}

/* Bulk transfers over many (offset, length) pairs, seed printed for a rerun. */
static void test_bulk_write_read_match_the_memory(void **state)
{
    uint8_t src[4096], dst[4096];
    uint32_t x = 12345u, n;
    (void)state;
    for (n = 0; n < 3000u; n++) {
        uint32_t off, len, i;
        x = x * 1103515245u + 12345u;
        off = (x >> 8) % 4097u;
        x = x * 1103515245u + 12345u;
        len = (x >> 8) % (4097u - off);
        if (n % 4u == 0u) {
            len %= 16u; /* plenty of short, odd transfers */
        }
        for (i = 0; i < len; i++) {
            src[i] = (uint8_t)(x >> (i % 24u)) ^ (uint8_t)i;
        }
        assert_int_equal(bkpsram_write(off, src, len), BKPSRAM_OK);
        if (memcmp(&M.sram[off], src, len) != 0) {
            fail_msg("case %u (offset %u, len %u)", n, off, len);
        }
        memset(dst, 0x5A, sizeof dst);
        assert_int_equal(bkpsram_read(off, dst, len), BKPSRAM_OK);
        if (memcmp(dst, src, len) != 0 || (len < sizeof dst && dst[len] != 0x5Au)) {
            fail_msg("read case %u (offset %u, len %u)", n, off, len);
        }
    }
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_bulk_write_uses_words_in_the_middle(void **state)
{
    uint8_t buf[23];
    (void)state;
    memset(buf, 0x77, sizeof buf);
    assert_int_equal(bkpsram_write(1u, buf + 1, 22u), BKPSRAM_OK); /* 1..22: b,h,w*4,h,b */
    assert_int_equal(M.sram_writes_by_size[1], 2u);
    assert_int_equal(M.sram_writes_by_size[2], 2u);
    assert_int_equal(M.sram_writes_by_size[4], 4u);
}

static void check_whole_memory(uint32_t word)
{
    uint32_t i;
    for (i = 0; i < 4096u; i++) {
        if (M.sram[i] != (uint8_t)(word >> (8u * (i % 4u)))) {
            fail_msg("byte %u", i);
        }
    }
    assert_int_equal(M.sram_writes, 1024u);
    assert_int_equal(M.sram_writes_by_size[4], 1024u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_fill_u8_sets_all_4096_bytes_with_1024_word_stores(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_fill_u8(0xA7u), BKPSRAM_OK);
    check_whole_memory(0xA7A7A7A7u);
}

static void test_fill_u16_sets_all_4096_bytes_with_1024_word_stores(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_fill_u16(0xBEEFu), BKPSRAM_OK);
    check_whole_memory(0xBEEFBEEFu);
}

static void test_fill_u32_sets_all_4096_bytes_with_1024_word_stores(void **state)
{
    (void)state;
    assert_int_equal(bkpsram_fill_u32(0x01234567u), BKPSRAM_OK);
    check_whole_memory(0x01234567u);
    assert_int_equal(M.pwr_cr & BIT_DBP, 0u);
}

static void test_memset_touches_exactly_its_range(void **state)
{
    uint8_t before[4096];
    (void)state;
    memcpy(before, M.sram, sizeof before);
    assert_int_equal(bkpsram_memset(3u, 0x3Cu, 1000u), BKPSRAM_OK);
    assert_memory_equal(M.sram, before, 3u);
    assert_memory_equal(&M.sram[1003], &before[1003], 4096u - 1003u);
    {
        uint32_t i;
        for (i = 3u; i < 1003u; i++) {
            assert_int_equal(M.sram[i], 0x3Cu);
        }
    }
    assert_int_equal(bkpsram_memset(0u, 0u, 4096u), BKPSRAM_OK);
    assert_int_equal(M.sram[4095], 0u);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

static void test_zero_length_at_the_end_is_allowed(void **state)
{
    uint8_t b = 1u;
    (void)state;
    assert_int_equal(bkpsram_write(4096u, &b, 0u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read(4096u, &b, 0u), BKPSRAM_OK);
    assert_int_equal(bkpsram_memset(4096u, 0u, 0u), BKPSRAM_OK);
    assert_int_equal(M.sram_reads + M.sram_writes, 0u);
    assert_int_equal(b, 1u);
}

/* Every offset past the last valid one, for every type and width (even offsets 2 mod 4 take the
 * halfword short path): refused with BKPSRAM_ERANGE, nothing read or written. */
static void test_every_offset_past_the_end_is_refused(void **state)
{
    int t;
    (void)state;
    for (t = 0; t < T_COUNT; t++) {
        uint32_t off;
        for (off = 4096u - width[t] + 1u; off <= 4100u; off++) {
            uint64_t v = 0x1234u;
            bkm_clear_stats(&M);
            if (write_typed(t, off, 0x55u) != BKPSRAM_ERANGE || read_typed(t, off, &v) != BKPSRAM_ERANGE) {
                fail_msg("%s at offset %u not refused", tname[t], off);
            }
            assert_true(v == 0xA5u || v == 0xA5A5u || v == 0xA5A5A5A5u || v == 0xA5A5A5A5A5A5A5A5ull); /* untouched */
            assert_int_equal(M.sram_reads + M.sram_writes + bkm_violation_total(&M), 0u);
        }
    }
}

/* A write the hardware drops (here: power cut after the first store, so nothing later lands) is
 * reported by every write path, the word fast path and the fill included, never as success. */
static void test_every_write_path_reports_a_dropped_write(void **state)
{
    static const uint8_t buf[37] = {1, 2, 3};
    int path;
    (void)state;
    for (path = 0; path < 9; path++) {
        int rc = BKPSRAM_OK;
        assert_int_equal(bkpsram_fill_u32(0u), BKPSRAM_OK);
        bkm_cut_after_writes(&M, 1u);
        assert_int_equal(bkpsram_write_u8(4000u, 1u), BKPSRAM_OK); /* lands; power is gone after it */
        switch (path) {
        case 0: rc = bkpsram_write_u32(0x100u, 0xA5A5A5A5u); break;           /* aligned fast path */
        case 1: rc = bkpsram_write_u32(0x101u, 0xA5A5A5A5u); break;           /* generic path */
        case 2: rc = bkpsram_write_u16(0x102u, 0xA5A5u); break;
        case 3: rc = bkpsram_write_float(6u, 1.5f); break;
        case 4: rc = bkpsram_write(0x201u, buf, sizeof buf); break;
        case 5: rc = bkpsram_memset(0x300u, 0x5Au, 100u); break;
        case 6: rc = bkpsram_fill_u32(0x12345678u); break;
        case 7: rc = bkpsram_fill_u8(0x77u); break;
        default: /* inside unlock: the window-open branch of the fast path */
            assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
            rc = bkpsram_write_u32(0x100u, 0xA5A5A5A5u);
            assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
            break;
        }
        if (rc != BKPSRAM_EWRITE) {
            fail_msg("write path %d returned %d after the write was dropped", path, rc);
        }
        bkm_cut_after_writes(&M, 0u);
        power_cycle();
    }
}

/* One write of a bulk write or a memset lost (the hardware drops it): BKPSRAM_EWRITE, for every
 * write, from a word-aligned buffer (4-word blocks, then single words) and from an odd offset
 * (pieces only). */
static void test_one_lost_write_of_a_bulk_write_or_memset_is_reported(void **state)
{
    static uint32_t words[17];
    const uint8_t *buf = (const uint8_t *)words;
    static const uint32_t offsets[] = {0x400u, 0x402u};
    uint32_t n, o, cases = 0u;
    (void)state;
    for (n = 0; n < 17u; n++) {
        words[n] = 0x01020304u * (n + 1u);
    }
    for (o = 0; o < 2u; o++) {
        uint32_t writes;
        M.sram_writes = 0u;
        assert_int_equal(bkpsram_write(offsets[o], buf, sizeof words), BKPSRAM_OK);
        writes = M.sram_writes; /* 17 words, or 2 halfwords and 16 words */
        for (n = 1u; n <= writes; n++, cases++) {
            int rw, rm;
            assert_int_equal(bkpsram_fill_u32(0u), BKPSRAM_OK);
            bkm_drop_write(&M, n);
            rw = bkpsram_write(offsets[o], buf, sizeof words);
            bkm_drop_write(&M, n);
            rm = bkpsram_memset(offsets[o], 0x5Au, sizeof words);
            bkm_drop_write(&M, 0u);
            if (rw != BKPSRAM_EWRITE || rm != BKPSRAM_EWRITE) {
                fail_msg("offset 0x%X, write %u of %u lost: write %d, memset %d", offsets[o], n, writes, rw, rm);
            }
        }
    }
    assert_true(cases >= 2u * 17u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_every_typed_accessor_round_trips_at_every_offset),
        TEST_INIT(test_float_at_offset_6_splits_into_aligned_halfwords),
        TEST_INIT(test_u32_at_offset_5_splits_into_byte_halfword_byte),
        TEST_INIT(test_aligned_u32_is_one_word_store),
        TEST_INIT(test_aligned_double_is_two_word_stores),
        TEST_INIT(test_bulk_write_read_match_the_memory),
        TEST_INIT(test_bulk_write_uses_words_in_the_middle),
        TEST_INIT(test_fill_u8_sets_all_4096_bytes_with_1024_word_stores),
        TEST_INIT(test_fill_u16_sets_all_4096_bytes_with_1024_word_stores),
        TEST_INIT(test_fill_u32_sets_all_4096_bytes_with_1024_word_stores),
        TEST_INIT(test_memset_touches_exactly_its_range),
        TEST_INIT(test_zero_length_at_the_end_is_allowed),
        TEST_INIT(test_every_write_path_reports_a_dropped_write),
        TEST_INIT(test_one_lost_write_of_a_bulk_write_or_memset_is_reported),
        TEST_INIT(test_every_offset_past_the_end_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

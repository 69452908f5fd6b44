/* SPDX-License-Identifier: MIT */
/* Record campaigns beyond one cut in one save: a cut during the save that follows a cut, records
 * packed side by side and saved interleaved, size and schema migrations (growing, shrinking, the
 * newest old value in slot A or B, cuts during the recovery that follows a cut), erase, and random
 * images that reach the length and CRC checks. Every cut point is followed by a power-on with VBAT
 * and the firmware's own recovery; the test fails on any value that is not allowed. */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_layout.h"
#include "bkpsram/bkpsram_record.h"

static uint8_t buf[2048], out[2048], want[2048], newbuf[2048];

static void fill_value(uint8_t *b, uint16_t size, uint32_t value)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        b[i] = (uint8_t)(value * 31u + i * 7u + (value >> 8) + 1u);
    }
}


static void save_value(const bkpsram_record_t *rec, uint32_t v)
{
    fill_value(buf, rec->size, v);
    assert_int_equal(bkpsram_record_save(rec, buf), BKPSRAM_OK);
}

/* Value the record loads: its number (matched against values lo..hi), 0 for ENOENT/ECORRUPT, -1
 * for a value outside lo..hi or another error. */
static long loaded(const bkpsram_record_t *rec, uint32_t lo, uint32_t hi)
{
    uint32_t v;
    int rc = bkpsram_record_load(rec, out);
    if (rc == BKPSRAM_ENOENT || rc == BKPSRAM_ECORRUPT) {
        return 0;
    }
    for (v = lo; rc == BKPSRAM_OK && v <= hi; v++) {
        fill_value(want, rec->size, v);
        if (memcmp(out, want, rec->size) == 0) {
            return (long)v;
        }
    }
    return -1;
}

/* Bus writes of fn() from the current state (the state is rebuilt by the caller afterwards). */
#define WRITES_OF(expr) (bkm_clear_stats(&M), (void)(expr), M.sram_writes)

/* ---- repeated cuts -------------------------------------------------------------------------- */

/* g values saved; save g+1 cut after c1 writes; power-on; the firmware loads (v) and saves g+2,
 * cut after c2 writes; power-on: the record holds v or g+2, nothing older, never nothing. */
static void test_cut_during_the_save_after_a_cut(void **state)
{
    static const uint16_t sizes[] = {4u, 13u, 64u};
    unsigned long points = 0u;
    size_t k;
    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {256u, 21u, 1u, 0u};
        uint32_t g, c1, c2, w;
        rec.size = sizes[k];
        for (g = 1u; g <= 3u; g++) {
            boot_fresh();
            for (c1 = 1u; c1 <= g; c1++) {
                save_value(&rec, c1);
            }
            fill_value(buf, rec.size, g + 1u);
            w = WRITES_OF(bkpsram_record_save(&rec, buf));
            for (c1 = 1u; c1 < w; c1++) {
                for (c2 = 1u; c2 <= w; c2++) {
                    long v, after;
                    uint32_t i;
                    boot_fresh();
                    for (i = 1u; i <= g; i++) {
                        save_value(&rec, i);
                    }
                    bkm_cut_after_writes(&M, c1);
                    fill_value(buf, rec.size, g + 1u);
                    (void)bkpsram_record_save(&rec, buf);
                    power_cycle();
                    v = loaded(&rec, g, g + 1u);
                    if (v != (long)g && v != (long)g + 1) {
                        fail_msg("size %u g %u cut %u: loaded %ld", rec.size, g, c1, v);
                    }
                    bkm_cut_after_writes(&M, c2);
                    fill_value(buf, rec.size, g + 2u);
                    (void)bkpsram_record_save(&rec, buf);
                    power_cycle();
                    after = loaded(&rec, g, g + 2u);
                    if (after != v && after != (long)g + 2) {
                        fail_msg("size %u g %u cuts %u,%u: loaded %ld after %ld", rec.size, g, c1, c2, after, v);
                    }
                    points++;
                }
            }
        }
    }
    printf("repeated cuts (a cut during the save after a cut): %lu cut points, 0 failures\n", points);
    assert_true(points > 1000u);
}

/* ---- packed records, saved interleaved ---------------------------------------------------- */

/* Three records packed side by side (no gap), saved in turn 3 rounds; a cut at every write of the
 * whole sequence; then each record holds the value of its last completed save or of the save that
 * was cut, and never a neighbour's bytes. */
static void test_packed_records_saved_interleaved(void **state)
{
    bkpsram_record_t r[3] = {{64u, 1u, 1u, 5u}, {0u, 2u, 1u, 12u}, {0u, 3u, 1u, 33u}};
    uint32_t total, cut, i, points = 0u;
    (void)state;
    r[1].offset = r[0].offset + BKPSRAM_RECORD_SPAN(5);
    r[2].offset = r[1].offset + BKPSRAM_RECORD_SPAN(12);
    {
        const bkpsram_area_t areas[3] = {BKPSRAM_AREA_RECORD("a", r[0]), BKPSRAM_AREA_RECORD("b", r[1]),
                                         BKPSRAM_AREA_RECORD("c", r[2])};
        assert_int_equal(bkpsram_layout_check(areas, 3u, 0u, NULL), BKPSRAM_OK);
    }
    boot_fresh();
    bkm_clear_stats(&M);
    for (i = 0; i < 9u; i++) {
        save_value(&r[i % 3u], 10u + i);
    }
    total = M.sram_writes;
    for (cut = 1u; cut <= total; cut++) {
        uint32_t last[3] = {0u, 0u, 0u}, cur = 0u;
        boot_fresh();
        bkm_cut_after_writes(&M, cut);
        for (i = 0; i < 9u && !M.cut; i++) {
            fill_value(buf, r[i % 3u].size, 10u + i);
            cur = i;
            if (bkpsram_record_save(&r[i % 3u], buf) == BKPSRAM_OK) {
                last[i % 3u] = 10u + i;
            }
        }
        power_cycle();
        for (i = 0; i < 3u; i++) {
            long v = loaded(&r[i], 10u, 18u);
            int in_progress = (cur % 3u == i) && v == (long)(10u + cur);
            if (v != (long)last[i] && !in_progress) {
                fail_msg("cut %u: record %u loaded %ld, last saved %u", cut, i, v, last[i]);
            }
        }
        assert_int_equal(bkm_violation_total(&M), 0u);
        points++;
    }
    printf("packed records saved interleaved: %u cut points, 0 failures\n", points);
}

/* ---- migrations ------------------------------------------------------------------------------ */

typedef struct {
    uint16_t from_size, to_size, from_version, to_version;
} mig_t;

static const mig_t migs[] = {
    {12u, 20u, 1u, 2u}, {8u, 200u, 1u, 2u}, {200u, 8u, 1u, 2u}, {20u, 12u, 1u, 2u}, {64u, 64u, 1u, 2u},
    {4u, 8u, 3u, 3u},   {100u, 40u, 1u, 2u}, {40u, 100u, 1u, 2u}, {12u, 16u, 1u, 1u}, {30u, 13u, 5u, 6u},
};

/* The firmware's boot: load `to`; if that fails, load `from`, convert (here: the new value) and
 * migrate. Returns the state after the check: 2 new value loaded, 1 old value newest_old still
 * there. Fails on anything else. */
static int check_after_cut(const bkpsram_record_t *from, const bkpsram_record_t *to, uint32_t newest_old,
                           uint32_t new_value)
{
    int rc = bkpsram_record_load(to, out);
    if (rc == BKPSRAM_OK) {
        fill_value(want, to->size, new_value);
        if (memcmp(out, want, to->size) != 0) {
            fail_msg("%u->%u: load(to) OK with a value that is not the new one", from->size, to->size);
        }
        return 2;
    }
    if (rc == BKPSRAM_EVERSION) {
        bkpsram_record_info_t info;
        assert_int_equal(bkpsram_record_info(to, &info), BKPSRAM_OK);
        assert_true(info.version != to->version || info.size != to->size);
    }
    if (loaded(from, newest_old, newest_old) != (long)newest_old) {
        fail_msg("%u->%u: new value not loadable (%d) and the newest old value %u lost", from->size, to->size, rc,
                 newest_old);
    }
    return 1;
}

static void setup_old(const bkpsram_record_t *from, uint32_t olds, uint32_t torn_cut)
{
    uint32_t i;
    boot_fresh();
    for (i = 1u; i <= olds; i++) {
        save_value(from, i);
    }
    if (torn_cut != 0u) { /* a save of the old firmware cut short: one slot torn */
        bkm_cut_after_writes(&M, torn_cut);
        fill_value(buf, from->size, olds + 1u);
        (void)bkpsram_record_save(from, buf);
        power_cycle();
    }
}

static void test_migration_never_loses_the_newest_old_value(void **state)
{
    unsigned long points = 0u, second = 0u;
    size_t k;
    (void)state;
    for (k = 0; k < sizeof migs / sizeof migs[0]; k++) {
        bkpsram_record_t from = {512u, 77u, 0u, 0u}, to = {512u, 77u, 0u, 0u};
        uint32_t olds, torn;
        from.size = migs[k].from_size;
        from.version = migs[k].from_version;
        to.size = migs[k].to_size;
        to.version = migs[k].to_version;
        for (olds = 1u; olds <= 3u; olds++) {         /* newest old in A, B, A */
            for (torn = 0u; torn <= 2u; torn += 2u) { /* and with the other slot torn */
                uint32_t w, cut, newest_old = olds, c2;
                setup_old(&from, olds, torn);
                newest_old = (uint32_t)loaded(&from, 1u, olds + 1u);
                assert_true(newest_old >= olds);
                fill_value(newbuf, to.size, 100u);
                w = WRITES_OF(assert_int_equal(bkpsram_record_migrate(&from, &to, newbuf), BKPSRAM_OK));
                assert_int_equal(check_after_cut(&from, &to, newest_old, 100u), 2);
                assert_int_not_equal(bkpsram_record_load(&from, out), BKPSRAM_OK); /* old slots retired */
                for (cut = 1u; cut <= w; cut++) {
                    setup_old(&from, olds, torn);
                    bkm_cut_after_writes(&M, cut);
                    fill_value(newbuf, to.size, 100u);
                    (void)bkpsram_record_migrate(&from, &to, newbuf);
                    power_cycle();
                    points++;
                    if (check_after_cut(&from, &to, newest_old, 100u) == 2 || (cut % 3u) != 0u) {
                        continue;
                    }
                    /* recovery: the firmware migrates again, and power fails again */
                    for (c2 = 1u; c2 <= w + 4u; c2++) {
                        setup_old(&from, olds, torn);
                        bkm_cut_after_writes(&M, cut);
                        (void)bkpsram_record_migrate(&from, &to, newbuf);
                        power_cycle();
                        bkm_cut_after_writes(&M, c2);
                        (void)bkpsram_record_migrate(&from, &to, newbuf);
                        power_cycle();
                        (void)check_after_cut(&from, &to, newest_old, 100u);
                        second++;
                    }
                }
            }
        }
    }
    printf("migrations (%zu size/schema pairs, newest old in A or B, other slot torn or not): %lu cut points, "
           "%lu more during the recovery after a cut, 0 failures\n",
           sizeof migs / sizeof migs[0], points, second);
}

/* A plain save over a value of another size (no migrate call): old or new at every cut, except
 * where there is no room (the record shrinks and the old value is in slot A: both new slots overlap
 * it and its other slot lies outside the new span): a cut there may leave neither value, never a
 * wrong one. */
static void test_plain_save_over_another_size_keeps_old_or_new(void **state)
{
    unsigned long points = 0u;
    size_t k;
    (void)state;
    for (k = 0; k < sizeof migs / sizeof migs[0]; k++) {
        bkpsram_record_t from = {1024u, 5u, 0u, 0u}, to = {1024u, 5u, 0u, 0u};
        uint32_t olds;
        from.size = migs[k].from_size;
        from.version = migs[k].from_version;
        to.size = migs[k].to_size;
        to.version = migs[k].to_version;
        for (olds = 1u; olds <= 2u; olds++) {
            uint32_t w, cut;
            setup_old(&from, olds, 0u);
            fill_value(newbuf, to.size, 100u);
            w = WRITES_OF(assert_int_equal(bkpsram_record_save(&to, newbuf), BKPSRAM_OK));
            for (cut = 1u; cut <= w; cut++) {
                setup_old(&from, olds, 0u);
                bkm_cut_after_writes(&M, cut);
                (void)bkpsram_record_save(&to, newbuf);
                power_cycle();
                if (from.size > to.size && (olds % 2u) == 1u) {
                    long v = loaded(&to, 100u, 100u);
                    if (v != 100 && v != 0 && loaded(&from, olds, olds) != (long)olds) {
                        fail_msg("%u->%u cut %u: loaded %ld", from.size, to.size, cut, v);
                    }
                } else {
                    (void)check_after_cut(&from, &to, olds, 100u);
                }
                points++;
            }
        }
    }
    printf("plain saves over another size or schema: %lu cut points, 0 failures\n", points);
}

/* ---- erase ----------------------------------------------------------------------------------- */

static void test_erase_cut_never_brings_back_an_older_value(void **state)
{
    static const uint16_t sizes[] = {4u, 21u, 300u};
    uint32_t points = 0u;
    size_t k;
    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {300u, 9u, 1u, 0u};
        uint32_t saves;
        rec.size = sizes[k];
        for (saves = 1u; saves <= 3u; saves++) { /* newest in A, B, A */
            uint32_t w, cut, i;
            boot_fresh();
            for (i = 1u; i <= saves; i++) {
                save_value(&rec, i);
            }
            w = WRITES_OF(assert_int_equal(bkpsram_record_erase(&rec), BKPSRAM_OK));
            assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_ENOENT);
            for (cut = 1u; cut <= w; cut++) {
                long v;
                boot_fresh();
                for (i = 1u; i <= saves; i++) {
                    save_value(&rec, i);
                }
                bkm_cut_after_writes(&M, cut);
                (void)bkpsram_record_erase(&rec);
                power_cycle();
                v = loaded(&rec, 1u, saves);
                if (v != 0 && v != (long)saves) {
                    fail_msg("size %u, %u saves, cut %u of the erase: loaded %ld", rec.size, saves, cut, v);
                }
                if (cut == w) {
                    assert_int_equal(v, 0);
                }
                points++;
            }
        }
    }
    printf("erase: %u cut points, 0 older values, 0 failures\n", points);
}

/* ---- random images that reach the CRC ---------------------------------------------------------- */

static uint32_t rng_state;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void put32(uint32_t off, uint32_t v)
{
    memcpy(&M.sram[off], &v, 4);
}

/* Slot A and B of rec with the record's magic, format and id: kind 0 a right header (length and
 * version) and random payload and CRC; kind 1 a random length; kind 2 a right header and a CRC
 * that matches the payload with one word changed after. Load must never return BKPSRAM_OK. */
static void test_random_images_with_valid_magic_reach_the_crc(void **state)
{
    const char *env = getenv("BKPSRAM_CRC_IMAGES");
    unsigned long images = env ? strtoul(env, NULL, 10) : 30000ul, n, refused[3] = {0u, 0u, 0u};
    bkpsram_record_t rec = {1024u, 0x77u, 1u, 24u};
    (void)state;
    rng_state = 0x12345678u;
    for (n = 0; n < images; n++) {
        unsigned kind = (unsigned)(n % 3u), s;
        int rc;
        for (s = 0; s < 2u; s++) {
            uint32_t off = rec.offset + s * BKPSRAM_RECORD_SLOT(rec.size), i, len = rec.size;
            if (kind == 1u) {
                len = rnd() & 0xFFFFu;
            }
            put32(off, 0x43524B42u);
            put32(off + 4u, 1u | ((uint32_t)rec.id << 16));
            put32(off + 8u, rec.version | (len << 16));
            put32(off + 12u, rnd());
            for (i = 16u; i < BKPSRAM_RECORD_SLOT(rec.size); i += 4u) {
                put32(off + i, rnd());
            }
            if (kind == 2u) {
                uint32_t body = 16u + 24u;
                put32(off + body, bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[off], body));
                M.sram[off + 16u + 4u * (rnd() % 6u)] ^= (uint8_t)(1u + rnd() % 255u);
            }
        }
        rc = bkpsram_record_load(&rec, out);
        if (rc == BKPSRAM_OK) {
            fail_msg("image %lu (kind %u) loaded as valid", n, kind);
        }
        refused[kind] += rc == BKPSRAM_ECORRUPT;
    }
    printf("random images with a valid magic: %lu (right header + random payload/CRC: %lu ECORRUPT; random "
           "length: %lu ECORRUPT; CRC off by one changed word: %lu ECORRUPT), 0 loaded as valid\n",
           images, refused[0], refused[1], refused[2]);
    assert_int_equal(refused[0] + refused[1] + refused[2], images);
}

/* A slot whose header says a length outside 1..2028 is damage, even with a matching CRC. */
static void test_length_outside_1_to_2028_is_corrupt(void **state)
{
    static const uint32_t lens[] = {0u, 2029u, 0xFFFFu};
    bkpsram_record_t rec = {0u, 0x99u, 1u, 8u};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        uint32_t crc;
        memset(M.sram, 0, sizeof M.sram);
        put32(0u, 0x43524B42u);
        put32(4u, 1u | ((uint32_t)rec.id << 16));
        put32(8u, 1u | (lens[k] << 16));
        put32(12u, 1u);
        crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[0], 16u);
        put32(16u, crc); /* a CRC that matches a slot of length 0 */
        assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_ECORRUPT);
    }
}

/* The CRC word is the last write of a save: cut before it, and it still holds what it held. */
static void test_crc_word_is_the_last_write(void **state)
{
    static const uint16_t sizes[] = {1u, 8u, 61u};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {128u, 3u, 1u, 0u};
        uint32_t saves, w, crc_off;
        rec.size = sizes[k];
        for (saves = 0u; saves <= 2u; saves++) {
            uint8_t before[4];
            uint32_t i;
            boot_fresh();
            for (i = 1u; i <= saves; i++) {
                save_value(&rec, i);
            }
            fill_value(buf, rec.size, 50u);
            w = WRITES_OF(bkpsram_record_save(&rec, buf));
            boot_fresh();
            for (i = 1u; i <= saves; i++) {
                save_value(&rec, i);
            }
            crc_off = rec.offset + ((saves % 2u) == 1u ? BKPSRAM_RECORD_SLOT(rec.size) : 0u) + 16u +
                      ((rec.size + 3u) & ~3u);
            memcpy(before, &M.sram[crc_off], 4);
            bkm_cut_after_writes(&M, w - 1u);
            (void)bkpsram_record_save(&rec, buf);
            assert_memory_equal(before, &M.sram[crc_off], 4);
        }
    }
}

/* Exactly one lost write (a transient: every other write lands), at every write of a save: the
 * save returns BKPSRAM_EWRITE and the previous value still loads, never a wrong one. */
static void test_one_lost_write_is_reported_and_keeps_the_old_value(void **state)
{
    static const bkpsram_record_t r = {512u, 0x77u, 1u, 37u};
    uint8_t v1[37], v2[37], got[37];
    uint32_t writes, k;
    (void)state;
    memset(v1, 0x11, sizeof v1);
    memset(v2, 0x22, sizeof v2);
    boot_fresh();
    assert_int_equal(bkpsram_record_save(&r, v1), BKPSRAM_OK);
    bkm_clear_stats(&M);
    assert_int_equal(bkpsram_record_save(&r, v2), BKPSRAM_OK);
    writes = M.sram_writes;
    for (k = 1u; k <= writes; k++) {
        boot_fresh();
        assert_int_equal(bkpsram_record_save(&r, v1), BKPSRAM_OK);
        bkm_drop_write(&M, k);
        if (bkpsram_record_save(&r, v2) != BKPSRAM_EWRITE) {
            fail_msg("write %u of %u lost: the save did not report it", k, writes);
        }
        bkm_drop_write(&M, 0u);
        assert_int_equal(bkpsram_record_load(&r, got), BKPSRAM_OK);
        assert_memory_equal(got, v1, sizeof got);
    }
    printf("one lost write at every write of a save: %u cases, each BKPSRAM_EWRITE with the old value kept\n", writes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_lost_write_is_reported_and_keeps_the_old_value),
        TEST(test_cut_during_the_save_after_a_cut),
        TEST(test_packed_records_saved_interleaved),
        TEST(test_migration_never_loses_the_newest_old_value),
        TEST(test_plain_save_over_another_size_keeps_old_or_new),
        TEST(test_erase_cut_never_brings_back_an_older_value),
        TEST_INIT(test_random_images_with_valid_magic_reach_the_crc),
        TEST(test_crc_word_is_the_last_write),
        TEST_INIT(test_length_outside_1_to_2028_is_corrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

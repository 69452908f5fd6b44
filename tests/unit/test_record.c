/* SPDX-License-Identifier: MIT */
/* Two-slot records: round trips, codes, bad input, layout checks, and the host power-cut campaign
 * (every cut point of a save), bit flips, torn words and random power-up images. */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_record.h"

static const uint16_t sizes[] = {1u, 4u, 7u, 64u, 256u, 1000u};

static void fill_value(uint8_t *buf, uint16_t size, uint32_t value)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        buf[i] = (uint8_t)(value * 31u + i * 7u + (value >> 8));
    }
}

static void test_round_trip_every_size_alternates_slots(void **state)
{
    static uint8_t in[1000], out[1000];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {1024u, 7u, 1u, 0u};
        uint32_t v, slot = BKPSRAM_RECORD_SLOT(sizes[k]);
        rec.size = sizes[k];
        assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_ENOENT);
        for (v = 1u; v <= 5u; v++) {
            fill_value(in, rec.size, v);
            assert_int_equal(bkpsram_record_save(&rec, in), BKPSRAM_OK);
            memset(out, 0, sizeof out);
            assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
            assert_memory_equal(in, out, rec.size);
            /* sequence v in slot A for odd v, slot B for even v */
            assert_int_equal(M.sram[rec.offset + ((v % 2u) ? 0u : slot) + 12u], (uint8_t)v);
        }
        assert_int_equal(bkpsram_record_erase(&rec), BKPSRAM_OK);
        assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_ENOENT);
        assert_int_equal(bkm_violation_total(&M), 0u);
    }
}

static void test_slot_bytes_follow_the_documented_format(void **state)
{
    static const uint8_t payload[5] = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5};
    static const uint8_t head[16] = {0x42, 0x4B, 0x52, 0x43, 1, 0, 0x34, 0x12, 3, 0, 5, 0, 1, 0, 0, 0};
    bkpsram_record_t rec = {64u, 0x1234u, 3u, 5u};
    uint32_t crc;
    (void)state;
    assert_int_equal(BKPSRAM_RECORD_SLOT(5), 28u);
    assert_int_equal(BKPSRAM_RECORD_SPAN(5), 56u);
    assert_int_equal(bkpsram_record_save(&rec, payload), BKPSRAM_OK);
    assert_memory_equal(&M.sram[64], head, 16);
    assert_memory_equal(&M.sram[80], payload, 5);
    assert_int_equal(M.sram[85] | M.sram[86] | M.sram[87], 0u); /* zero padding */
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[64], 24);
    assert_int_equal(M.sram[88] | M.sram[89] << 8 | M.sram[90] << 16 | (uint32_t)M.sram[91] << 24, crc);
}

static void test_sequence_comparison_survives_wrap_around(void **state)
{
    static const uint8_t a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, c[4] = {9, 9, 9, 9};
    bkpsram_record_t rec = {0u, 1u, 1u, 4u};
    uint8_t out[4];
    uint32_t crc;
    (void)state;
    assert_int_equal(bkpsram_record_save(&rec, a), BKPSRAM_OK); /* slot A, seq 1 */
    /* forge slot A to sequence 0xFFFFFFFF with a correct CRC */
    memset(&M.sram[12], 0xFF, 4);
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[0], 20);
    memcpy(&M.sram[20], &crc, 4);
    assert_int_equal(bkpsram_record_save(&rec, b), BKPSRAM_OK); /* slot B, seq 0 */
    assert_int_equal(M.sram[24 + 12], 0u); /* slot B starts at BKPSRAM_RECORD_SLOT(4) = 24 */
    assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
    assert_memory_equal(out, b, 4);
    assert_int_equal(bkpsram_record_save(&rec, c), BKPSRAM_OK); /* slot A, seq 1 */
    assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_OK);
    assert_memory_equal(out, c, 4);
}

static void test_other_schema_version_is_eversion_and_leaves_data(void **state)
{
    bkpsram_record_t v1 = {200u, 9u, 1u, 8u}, v2 = {200u, 9u, 2u, 8u};
    uint8_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8] = {0};
    (void)state;
    assert_int_equal(bkpsram_record_save(&v1, in), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&v2, out), BKPSRAM_EVERSION);
    assert_int_equal(out[0], 0u);
    assert_int_equal(bkpsram_record_load(&v1, out), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&v2, in), BKPSRAM_OK); /* migrated: now v2 is newest */
    assert_int_equal(bkpsram_record_load(&v2, out), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&v1, out), BKPSRAM_EVERSION);
}

static void test_damaged_only_slot_is_ecorrupt(void **state)
{
    bkpsram_record_t rec = {100u, 3u, 1u, 16u}, other = {100u, 4u, 1u, 16u};
    uint8_t in[16] = {0}, out[16];
    (void)state;
    assert_int_equal(bkpsram_record_save(&rec, in), BKPSRAM_OK);
    M.sram[100 + 20] ^= 0x10u;
    assert_int_equal(bkpsram_record_load(&rec, out), BKPSRAM_ECORRUPT);
    assert_int_equal(bkpsram_record_load(&other, out), BKPSRAM_ENOENT); /* another id */
}

static void test_bad_input_changes_nothing(void **state)
{
    static const bkpsram_record_t bad[] = {
        {2u, 1u, 1u, 4u},                                    /* misaligned */
        {0u, 1u, 1u, 0u},                                    /* size 0 */
    };
    static const bkpsram_record_t outside[] = {
        {4096u, 1u, 1u, 4u},
        {4096u - 48u + 4u, 1u, 1u, 4u},                      /* span 48 does not fit */
        {0u, 1u, 1u, 2029u},                                 /* two slots > 4096 */
        {0xFFFFFFFCu, 1u, 1u, 4u},
    };
    static bkm_t before;
    uint8_t buf[2048] = {0};
    bkpsram_record_t ok = {0u, 1u, 1u, 4u};
    size_t i;
    (void)state;
    memcpy(&before, &M, sizeof M);
    assert_int_equal(bkpsram_record_save(NULL, buf), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_record_load(NULL, buf), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_record_erase(NULL), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_record_save(&ok, NULL), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_record_load(&ok, NULL), BKPSRAM_EINVAL);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bkpsram_record_save(&bad[i], buf), BKPSRAM_EINVAL);
        assert_int_equal(bkpsram_record_load(&bad[i], buf), BKPSRAM_EINVAL);
        assert_int_equal(bkpsram_record_erase(&bad[i]), BKPSRAM_EINVAL);
    }
    for (i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        assert_int_equal(bkpsram_record_save(&outside[i], buf), BKPSRAM_ERANGE);
        assert_int_equal(bkpsram_record_load(&outside[i], buf), BKPSRAM_ERANGE);
        assert_int_equal(bkpsram_record_erase(&outside[i]), BKPSRAM_ERANGE);
    }
    assert_memory_equal(&before, &M, sizeof M);
    {
        bkpsram_record_t biggest = {0u, 1u, 1u, 2028u};
        assert_int_equal(BKPSRAM_RECORD_SPAN(2028), 4096u);
        assert_int_equal(bkpsram_record_save(&biggest, buf), BKPSRAM_OK);
    }
}

static void test_before_init_and_on_unsupported_parts(void **state)
{
    bkpsram_record_t rec = {0u, 1u, 1u, 4u};
    uint8_t buf[4] = {0};
    (void)state;
    assert_int_equal(bkpsram_record_save(&rec, buf), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_record_load(&rec, buf), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_record_erase(&rec), BKPSRAM_ENOTINIT);
    model_fresh("f411", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_record_save(&rec, buf), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_record_load(&rec, buf), BKPSRAM_ENOTINIT);
    assert_int_equal(M.sram_reads + M.sram_writes + bkm_violation_total(&M), 0u);
}

/* ---- power-cut campaign on the model ---------------------------------------------------- */

/* After a cut: power comes back (VBAT held), the firmware boots, inits and loads. The result must
 * be exactly old (or ENOENT/ECORRUPT when nothing was committed before) or exactly new. Returns 1 when new was seen. */
static int reboot_and_check(const bkpsram_record_t *rec, uint32_t old, int have_old, uint32_t new_value)
{
    static uint8_t want_old[1000], want_new[1000], out[1000];
    int rc;
    bkm_event(&M, BKM_EV_POWER_ON);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    fill_value(want_old, rec->size, old);
    fill_value(want_new, rec->size, new_value);
    rc = bkpsram_record_load(rec, out);
    if (rc == BKPSRAM_OK && memcmp(out, want_new, rec->size) == 0) {
        return 1;
    }
    if (rc == BKPSRAM_OK && have_old && memcmp(out, want_old, rec->size) == 0) {
        return 0;
    }
    if ((rc == BKPSRAM_ENOENT || rc == BKPSRAM_ECORRUPT) && !have_old) {
        return 0; /* a first save cut short: nothing was ever committed, and load says so */
    }
    fail_msg("size %u: load gave %d (%s) and not the old or new value", rec->size, rc, bkpsram_strerror(rc));
    return -1;
}

/* Writes of one save of this size, from a state with `saves` earlier saves. */
static uint32_t writes_of_save(const bkpsram_record_t *rec, uint32_t saves)
{
    static uint8_t buf[1000];
    uint32_t i, n;
    model_fresh("f407", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    for (i = 0; i < saves; i++) {
        fill_value(buf, rec->size, i + 1u);
        assert_int_equal(bkpsram_record_save(rec, buf), BKPSRAM_OK);
    }
    fill_value(buf, rec->size, saves + 1u);
    n = M.sram_writes;
    assert_int_equal(bkpsram_record_save(rec, buf), BKPSRAM_OK);
    return M.sram_writes - n;
}

static unsigned long campaign(unsigned generations)
{
    static uint8_t buf[1000];
    unsigned long points = 0u, news = 0u;
    size_t k;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {512u, 42u, 1u, 0u};
        uint32_t g;
        rec.size = sizes[k];
        for (g = 0; g < generations; g++) { /* g earlier saves: first save, slot A, slot B, ... */
            uint32_t w = writes_of_save(&rec, g), cut, i;
            int rc;
            for (cut = 1u; cut <= w; cut++) {
                model_fresh("f407", NULL);
                assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
                for (i = 0; i < g; i++) {
                    fill_value(buf, rec.size, i + 1u);
                    assert_int_equal(bkpsram_record_save(&rec, buf), BKPSRAM_OK);
                }
                fill_value(buf, rec.size, g + 1u);
                bkm_cut_after_writes(&M, cut);
                rc = bkpsram_record_save(&rec, buf); /* the model runs on after the cut: */
                assert_true(rc == (cut == w ? BKPSRAM_OK : BKPSRAM_EWRITE)); /* lost writes read back wrong */
                assert_int_equal(M.cut, 1u);
                news += (unsigned long)reboot_and_check(&rec, g, g > 0u, g + 1u);
                points++;
            }
        }
    }
    printf("record power-cut campaign (model): %lu cut points tried, %lu gave the new value, the rest the old, 0 failures\n",
           points, news);
    return points;
}

static void test_power_cut_at_every_write_of_a_save_gives_old_or_new(void **state)
{
    const char *env = getenv("BKPSRAM_STRESS");
    (void)state;
    assert_true(campaign(env != NULL ? 60u : 30u) > 10000u);
}

/* Back to back: two saves, one cut anywhere across both; then the last committed value or the one
 * in progress. */
static void test_power_cut_across_back_to_back_saves(void **state)
{
    static uint8_t buf[1000];
    unsigned long points = 0u;
    size_t k;
    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        bkpsram_record_t rec = {0u, 5u, 2u, 0u};
        uint32_t w, cut;
        rec.size = sizes[k];
        w = writes_of_save(&rec, 1u) + writes_of_save(&rec, 2u);
        for (cut = 1u; cut <= w; cut++) {
            int second_started;
            model_fresh("f407", NULL);
            assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
            fill_value(buf, rec.size, 1u);
            assert_int_equal(bkpsram_record_save(&rec, buf), BKPSRAM_OK);
            bkm_cut_after_writes(&M, cut);
            fill_value(buf, rec.size, 2u);
            (void)bkpsram_record_save(&rec, buf);
            second_started = !M.cut;
            fill_value(buf, rec.size, 3u);
            (void)bkpsram_record_save(&rec, buf);
            if (second_started) {
                (void)reboot_and_check(&rec, 2u, 1, 3u);
            } else {
                (void)reboot_and_check(&rec, 1u, 1, 2u);
            }
            points++;
        }
    }
    printf("back-to-back saves: %lu cut points, 0 failures\n", points);
}

/* Every single-bit flip of the record's span, and every torn word (half changed), with two saved
 * values (both slots valid) and with one (the other slot empty): load never returns BKPSRAM_OK
 * with data that was not saved. */
static void test_bit_flips_and_torn_words_never_give_unsaved_data(void **state)
{
    static uint8_t v1[64], v2[64], out[64], saved[4096];
    bkpsram_record_t rec = {256u, 11u, 1u, 61u};
    uint32_t span = BKPSRAM_RECORD_SPAN(61), bit, w, ok = 0u, caught = 0u, tries = 0u;
    int saves;
    (void)state;
    fill_value(v1, 61u, 1u);
    fill_value(v2, 61u, 2u);
    for (saves = 2; saves >= 1; saves--) {
        assert_int_equal(bkpsram_record_erase(&rec), BKPSRAM_OK);
        assert_int_equal(bkpsram_record_save(&rec, v1), BKPSRAM_OK);
        if (saves == 2) {
            assert_int_equal(bkpsram_record_save(&rec, v2), BKPSRAM_OK);
        }
        memcpy(saved, M.sram, sizeof saved);
        for (bit = 0; bit < span * 8u + span / 4u; bit++) {
            int rc;
            if (bit < span * 8u) {
                M.sram[rec.offset + bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
            } else { /* torn word: its low half changed */
                w = 4u * (bit - span * 8u);
                M.sram[rec.offset + w] ^= 0x5Au;
                M.sram[rec.offset + w + 1u] ^= 0xA5u;
            }
            rc = bkpsram_record_load(&rec, out);
            if (rc == BKPSRAM_OK) {
                if (memcmp(out, v1, 61) != 0 && (saves == 1 || memcmp(out, v2, 61) != 0)) {
                    fail_msg("%d save(s), damage %u: OK with data never saved", saves, bit);
                }
                ok++;
            } else {
                caught++;
            }
            tries++;
            memcpy(M.sram, saved, sizeof saved);
        }
    }
    printf("bit flips and torn words: %u tried, %u loaded a saved value, %u refused (ECORRUPT), 0 wrong\n", tries,
           ok, caught);
    assert_true(caught > 400u); /* with one saved value, damage to its slot is caught */
}

/* Random power-up content (power-on without VBAT, one seed each) never loads as valid. */
static void test_random_power_up_images_never_load(void **state)
{
    static const bkpsram_record_t recs[] = {{0u, 1u, 1u, 4u}, {1024u, 2u, 1u, 64u}, {2048u, 0x4B42u, 1u, 7u}};
    const char *env = getenv("BKPSRAM_RANDOM_IMAGES");
    unsigned long images = env ? strtoul(env, NULL, 10) : 1000000ul, n, enoent = 0u;
    uint8_t out[64];
    (void)state;
    for (n = 0; n < images; n++) {
        size_t r;
        M.cfg.seed = (uint32_t)n;
        bkm_event(&M, BKM_EV_POWER_ON_NO_VBAT);
        assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
        for (r = 0; r < 3u; r++) {
            int rc = bkpsram_record_load(&recs[r], out);
            if (rc == BKPSRAM_OK) {
                fail_msg("seed %lu: random content loaded as record %zu", n, r);
            }
            enoent += rc == BKPSRAM_ENOENT;
        }
    }
    printf("random images: %lu power-ups x 3 records, 0 loaded as valid (%lu ENOENT)\n", images, enoent);
}

/* The last slot this boot committed is trusted by the next save only while its header and CRC
 * word read as written: a CRC word changed behind the library's back makes the save check it,
 * find it damaged and write that slot, keeping the older valid one. */
static void test_save_rechecks_a_slot_changed_since_it_was_written(void **state)
{
    static const bkpsram_record_t r = {256u, 9u, 1u, 20u};
    uint8_t a[20], b[20], c[20], got[20];
    bkpsram_record_info_t first, info;
    (void)state;
    memset(a, 1, sizeof a);
    memset(b, 2, sizeof b);
    memset(c, 3, sizeof c);
    assert_int_equal(bkpsram_record_save(&r, a), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&r, b), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_info(&r, &first), BKPSRAM_OK); /* b, the slot just written */
    assert_int_equal(bkpsram_write_u32(first.offset + BKPSRAM_RECORD_SLOT(20u) - 4u, 0xBADBAD00u), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&r, c), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_info(&r, &info), BKPSRAM_OK);
    assert_int_equal(info.offset, first.offset); /* the damaged slot was rewritten; a's slot kept */
    assert_int_equal(bkpsram_record_load(&r, got), BKPSRAM_OK);
    assert_memory_equal(got, c, sizeof got);
}

/* Loads never trust: a payload changed after the save is caught by the CRC, and the older value
 * loads, never the changed bytes. */
static void test_load_always_checks_the_crc(void **state)
{
    static const bkpsram_record_t r = {256u, 9u, 1u, 20u};
    uint8_t a[20], b[20], got[20];
    bkpsram_record_info_t info;
    (void)state;
    memset(a, 1, sizeof a);
    memset(b, 2, sizeof b);
    assert_int_equal(bkpsram_record_save(&r, a), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_save(&r, b), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_info(&r, &info), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u8(info.offset + BKPSRAM_RECORD_HEADER + 3u, 0x55u), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&r, got), BKPSRAM_OK);
    assert_memory_equal(got, a, sizeof got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST_INIT(test_round_trip_every_size_alternates_slots),
        TEST_INIT(test_slot_bytes_follow_the_documented_format),
        TEST_INIT(test_sequence_comparison_survives_wrap_around),
        TEST_INIT(test_other_schema_version_is_eversion_and_leaves_data),
        TEST_INIT(test_damaged_only_slot_is_ecorrupt),
        TEST_INIT(test_bad_input_changes_nothing),
        TEST_INIT(test_save_rechecks_a_slot_changed_since_it_was_written),
        TEST_INIT(test_load_always_checks_the_crc),
        TEST(test_before_init_and_on_unsupported_parts),
        TEST(test_power_cut_at_every_write_of_a_save_gives_old_or_new),
        TEST(test_power_cut_across_back_to_back_saves),
        TEST_INIT(test_bit_flips_and_torn_words_never_give_unsaved_data),
        TEST_INIT(test_random_power_up_images_never_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Schema changes under power cuts: every (old size, new size, version change) pair over 4..256
 * bytes, sizes chosen so that the new slots' edges fall before, on and after the old slots' edges;
 * the newest old value in slot A and in slot B; the other slot intact or torn by a cut save of the
 * old firmware; a plain bkpsram_record_save() and bkpsram_record_migrate() of the new schema; a
 * cut after every write; and a second cut during the save the firmware makes at its next boot.
 * At every cut point both descriptors are loaded and judged: the old one may give the newest old
 * value or an error, the new one the new value or an error; an older old value or any other
 * bytes is a failure. A migration always leaves one of the two values; a plain save leaves one
 * of them except where docs/format.md says it cannot (predicted here from the geometry alone). */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

#include "bkpsram/bkpsram_record.h"

#define OFFSET 512u
#define ID     0x5E77u
#define NEW1   100u /* the new schema's value, then the value of the save after a cut */
#define NEW2   101u

static const uint16_t sizes[] = {4u, 8u, 12u, 20u, 24u, 36u, 64u, 100u, 132u, 200u, 256u};

static uint8_t buf[300], out[300], want[300];

typedef struct {
    unsigned long points, second, older, garbage, neither, neither_allowed;
} tally_t;

static void fill_value(uint8_t *b, uint16_t size, uint32_t value)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        b[i] = (uint8_t)(value * 29u + i * 11u + 3u);
    }
}

/* The record's value: its number among lo..hi, 0 for an error, -1 for OK with any other bytes. */
static long value_of(const bkpsram_record_t *rec, uint32_t lo, uint32_t hi)
{
    uint32_t v;
    if (bkpsram_record_load(rec, out) != BKPSRAM_OK) {
        return 0;
    }
    for (v = lo; v <= hi; v++) {
        fill_value(want, rec->size, v);
        if (memcmp(out, want, rec->size) == 0) {
            return (long)v;
        }
    }
    return -1;
}

static int op(int migrate, const bkpsram_record_t *from, const bkpsram_record_t *to, uint32_t value)
{
    fill_value(buf, to->size, value);
    return migrate ? bkpsram_record_migrate(from, to, buf) : bkpsram_record_save(to, buf);
}

/* The old firmware's history: olds saves (the newest in slot A for an odd count, B for an even
 * one), then, with torn, a save of olds + 1 cut after half its writes (the other slot torn). */
static void history(const bkpsram_record_t *from, uint32_t olds, int torn)
{
    uint32_t i, w;
    boot_fresh();
    for (i = 1u; i <= olds; i++) {
        fill_value(buf, from->size, i);
        assert_int_equal(bkpsram_record_save(from, buf), BKPSRAM_OK);
    }
    if (torn) {
        w = (BKPSRAM_RECORD_SLOT(from->size) / 4u) / 2u;
        bkm_cut_after_writes(&M, w);
        fill_value(buf, from->size, olds + 1u);
        (void)bkpsram_record_save(from, buf);
        power_cycle();
    }
}

static int overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Where docs/format.md allows a plain save to leave neither value: the newest old value's slot
 * overlaps both new slots, and its other slot lies outside the new record's span. */
static int plain_save_may_lose_both(const bkpsram_record_t *from, const bkpsram_record_t *to, uint32_t olds)
{
    uint32_t ob = BKPSRAM_RECORD_SLOT(from->size), nb = BKPSRAM_RECORD_SLOT(to->size);
    uint32_t newest = OFFSET + ((olds % 2u) == 0u ? ob : 0u), other = newest == OFFSET ? OFFSET + ob : OFFSET;
    return overlap(newest, ob, OFFSET, nb) && overlap(newest, ob, OFFSET + nb, nb) &&
           other + ob > OFFSET + BKPSRAM_RECORD_SPAN(to->size);
}

/* Judge one state: the old descriptor gives newest_old or an error, the new one new_lo..new_hi
 * or an error. Returns 1 when at least one of them gave its value. */
static int judge(tally_t *t, const bkpsram_record_t *from, const bkpsram_record_t *to, uint32_t newest_old,
                 uint32_t new_lo, uint32_t new_hi, const char *what)
{
    long o = value_of(from, 1u, newest_old + 1u), n = value_of(to, new_lo, new_hi);
    if (o > 0 && o < (long)newest_old) {
        t->older++;
        fail_msg("%s: %u->%u v%u->v%u: old descriptor loaded value %ld, newest old %u", what, from->size, to->size,
                 from->version, to->version, o, newest_old);
    }
    if (o < 0 || o > (long)newest_old || n < 0) {
        t->garbage++;
        fail_msg("%s: %u->%u v%u->v%u: loaded garbage (old %ld, new %ld)", what, from->size, to->size, from->version,
                 to->version, o, n);
    }
    return o > 0 || n > 0;
}

/* One (from, to, olds, torn, migrate) case: a cut after every write of the operation, and for
 * each cut that leaves the new value unloadable, the firmware's next boot repeats the operation
 * (value NEW2) with a second cut after every third write, every eighth first cut. */
static void run_case(tally_t *t, const bkpsram_record_t *from, const bkpsram_record_t *to, uint32_t olds, int torn,
                     int migrate)
{
    static bkm_t snap;
    uint32_t newest_old, w, c1, c2;
    int may_lose = !migrate && plain_save_may_lose_both(from, to, olds);

    history(from, olds, torn);
    newest_old = (uint32_t)value_of(from, 1u, olds + 1u);
    assert_int_equal(newest_old, olds);
    snap = M;
    bkm_clear_stats(&M);
    assert_int_equal(op(migrate, from, to, NEW1), BKPSRAM_OK);
    w = M.sram_writes;
    assert_int_equal(value_of(to, NEW1, NEW1), (long)NEW1);
    for (c1 = 1u; c1 <= w; c1++) {
        M = snap;
        bkm_cut_after_writes(&M, c1);
        (void)op(migrate, from, to, NEW1);
        power_cycle();
        t->points++;
        if (!judge(t, from, to, newest_old, NEW1, NEW1, "cut")) {
            t->neither++;
            if (!may_lose) {
                fail_msg("%s %u->%u v%u->v%u olds %u torn %d cut %u of %u: neither value", migrate ? "migrate" : "save",
                         from->size, to->size, from->version, to->version, olds, torn, c1, w);
            }
            t->neither_allowed++;
        }
        if (value_of(to, NEW1, NEW1) == (long)NEW1 || (c1 % 8u) != 0u) {
            continue;
        }
        for (c2 = 1u;; c2 += 3u) { /* the next boot: the firmware saves (migrates) again, power fails again */
            M = snap;
            bkm_cut_after_writes(&M, c1);
            (void)op(migrate, from, to, NEW1);
            power_cycle();
            bkm_cut_after_writes(&M, c2);
            (void)op(migrate, from, to, NEW2);
            {
                int done = !M.cut;
                power_cycle();
                t->second++;
                if (!judge(t, from, to, newest_old, NEW2, NEW2, "second cut") && !may_lose) {
                    fail_msg("%u->%u olds %u cuts %u,%u: neither value", from->size, to->size, olds, c1, c2);
                }
                if (done) {
                    break;
                }
            }
        }
    }
}

static void campaign(int migrate)
{
    tally_t t = {0u, 0u, 0u, 0u, 0u, 0u};
    size_t i, j;
    unsigned pairs = 0u;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
            unsigned vchange;
            for (vchange = 0u; vchange <= 1u; vchange++) {
                bkpsram_record_t from = {OFFSET, ID, 1u, 0u}, to = {OFFSET, ID, 1u, 0u};
                uint32_t olds;
                int torn;
                from.size = sizes[i];
                to.size = sizes[j];
                to.version = (uint16_t)(1u + vchange);
                if (i == j && vchange == 0u) {
                    continue; /* no schema change */
                }
                pairs++;
                for (olds = 2u; olds <= 3u; olds++) { /* newest old in B, then in A */
                    for (torn = 0; torn <= 1; torn++) {
                        run_case(&t, &from, &to, olds, torn, migrate);
                    }
                }
            }
        }
    }
    printf("schema change by %s (%u size/version pairs over 4..256 bytes, newest old in A and B, other slot intact "
           "or torn): %lu cut points, %lu second cuts during the next boot's save; %lu older values, %lu garbage; "
           "%lu with neither value (%lu where docs/format.md allows it)\n",
           migrate ? "bkpsram_record_migrate" : "plain bkpsram_record_save", pairs, t.points, t.second, t.older,
           t.garbage, t.neither, t.neither_allowed);
    assert_int_equal(t.older + t.garbage, 0u);
    assert_true(t.points > 10000u);
    if (migrate) {
        assert_int_equal(t.neither, 0u);
    }
}

static void test_plain_save_changing_schema_never_gives_an_older_value(void **state)
{
    (void)state;
    campaign(0);
}

static void test_migrate_changing_schema_never_gives_an_older_value(void **state)
{
    (void)state;
    campaign(1);
}

/* The reported case: id 0x5E77 at 512, three saves of 20 bytes (v1), then a plain save of 12
 * bytes (v2): a cut after write 3 and after 4 more writes of that save leaves no older value. */
static void test_shrinking_plain_save_after_three_saves(void **state)
{
    const bkpsram_record_t v1 = {OFFSET, ID, 1u, 20u}, v2 = {OFFSET, ID, 2u, 12u};
    uint32_t cut;
    (void)state;
    for (cut = 3u; cut <= 7u; cut += 4u) {
        history(&v1, 3u, 0);
        bkm_cut_after_writes(&M, cut);
        fill_value(buf, v2.size, NEW1);
        (void)bkpsram_record_save(&v2, buf);
        power_cycle();
        assert_true(value_of(&v1, 1u, 3u) == 0 || value_of(&v1, 1u, 3u) == 3);
        assert_true(value_of(&v2, NEW1, NEW1) == 0 || value_of(&v2, NEW1, NEW1) == (long)NEW1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_shrinking_plain_save_after_three_saves),
        TEST(test_plain_save_changing_schema_never_gives_an_older_value),
        TEST(test_migrate_changing_schema_never_gives_an_older_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Power-cut campaign on vboard, on the real machine code: for record sizes 1, 4, 7, 64, 256 and
 * 1000 bytes, cut power after every BKPSRAM write 1..N of a save (first save, then into slot A,
 * slot B, ...), power on again (VBAT held), load: the result must be exactly the old value (or
 * "nothing" for a first save) or exactly the new one, without a fault. The same across two
 * back-to-back saves, for every write of the section initialisation, of log appends (also with
 * the sequence number wrapping past 0xFFFFFFFF), of size migrations, of erases, and for every
 * pair of cut points of a save that follows a cut.
 *   powercut_campaign [GENERATIONS] [IMAGE...]   (default 3 generations; make stress uses 20; the
 *   boards of the other families get a third of them, at least 2)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vboard.h"

static vboard_result_t R;
static unsigned long points, failures;

static const uint32_t sizes[] = {1u, 4u, 7u, 64u, 256u, 1000u};
static const uint32_t fallback_sizes[] = {1u, 4u, 7u, 13u, 20u}; /* 20: two 40-byte slots fill the 80 bytes */
static const char *init_fn = "bench_init"; /* "bench_init_fallback" on the fallback boards */

static void fill_value(uint8_t *buf, uint32_t size, uint32_t value)
{
    uint32_t i;
    for (i = 0; i < size; i++) {
        buf[i] = (uint8_t)(value * 31u + i * 7u + (value >> 8));
    }
}

static uint32_t call(vboard_t *vb, const char *fn, uint32_t a0, uint32_t a1, vboard_outcome_t want)
{
    uint32_t args[2] = {a0, a1}, ret = 0xFFFFFFFFu;
    vboard_call(vb, fn, args, 2, &ret, &R);
    if (R.outcome != want || R.violations != 0u) {
        fprintf(stderr, "%s(%u, %u): outcome %s (wanted %s), fault '%s', violations %u\n", fn, a0, a1,
                vboard_outcome_name(R.outcome), vboard_outcome_name(want), R.fault, R.violations);
        failures++;
    }
    return ret;
}

/* Fresh board with g saves of this size done; returns the writes of the next save when measure. */
static void prepare(vboard_t *vb, uint32_t size, uint32_t g)
{
    uint32_t i;
    vboard_boot(vb, BKM_EV_POWER_ON_NO_VBAT, &R);
    if (call(vb, init_fn, 0, 0, VBOARD_RETURNED) != 0u) {
        fprintf(stderr, "%s: %s failed\n", vboard_board(vb)->name, init_fn);
        failures++;
    }
    for (i = 1u; i <= g; i++) {
        call(vb, "bench_rec_save", size, i, VBOARD_RETURNED);
    }
}

/* The board that judges cut points: the same image on a fast board (vboard.h: VBOARD_FAST); the
 * code it runs (boot, init, load) is run on the precise board too, which takes every cut. */
static vboard_t *fast;

/* Power back on and load on vb: old (value old, 0 = nothing committed) or new, nothing else. */
static void judge_on(vboard_t *vb, uint32_t size, uint32_t old, uint32_t new_value, const char *what)
{
    static uint8_t want[1000], got[1000];
    int rc;
    vboard_boot(vb, BKM_EV_POWER_ON, &R);
    call(vb, init_fn, 0, 0, VBOARD_RETURNED);
    rc = (int)call(vb, "bench_rec_load", size, 0, VBOARD_RETURNED);
    points++;
    if (rc == 0) {
        vboard_read_mem(vb, vboard_symbol(vb, "bench_buf"), got, size);
        fill_value(want, size, new_value);
        if (memcmp(got, want, size) == 0) {
            return;
        }
        fill_value(want, size, old);
        if (old != 0u && memcmp(got, want, size) == 0) {
            return;
        }
    } else if (old == 0u && (rc == -6 || rc == -7)) { /* ENOENT / ECORRUPT: nothing was committed */
        return;
    }
    fprintf(stderr, "%s, size %u: load gave %d and not value %u or %u\n", what, size, rc, old, new_value);
    failures++;
}

/* The same with vb's backup domain, on the fast board; vb is left as the cut left it. */
static void judge(vboard_t *vb, uint32_t size, uint32_t old, uint32_t new_value, const char *what)
{
    vboard_restore_model(fast, vboard_model(vb));
    judge_on(fast, size, old, new_value, what);
}

/* The snapshot after write `cut` is what a real cut there leaves: checked byte for byte at the
 * first, middle and last write of every save (the campaigns below rely on it). */
static unsigned long snapshot_checks;
static bkm_t before_save;
static void check_snapshot(vboard_t *vb, uint32_t size, uint32_t g, uint32_t cut, const bkm_t *snap)
{
    vboard_restore_model(vb, &before_save); /* the same backup domain the snapshots started from */
    vboard_cut_after_writes(vb, cut);
    call(vb, "bench_rec_save", size, g + 1u, VBOARD_POWER_CUT);
    snapshot_checks++;
    if (memcmp(vboard_model(vb)->sram, snap->sram, sizeof snap->sram) != 0 ||
        memcmp(vboard_model(vb)->bkpreg, snap->bkpreg, sizeof snap->bkpreg) != 0 || vboard_model(vb)->pwr_csr != snap->pwr_csr) {
        fprintf(stderr, "size %u, save %u: the snapshot after write %u differs from a real cut there\n", size, g + 1u, cut);
        failures++;
    }
}

static bkm_t snaps[2048];

static void records(vboard_t *vb, uint32_t generations, const uint32_t *list, size_t count)
{
    size_t k;
    for (k = 0; k < count; k++) {
        uint32_t size = list[k], g, cut, w;
        for (g = 0; g < generations; g++) {
            size_t taken = 0u;
            prepare(vb, size, g);
            before_save = *vboard_model(vb);
            vboard_snapshot_writes(vb, snaps, sizeof snaps / sizeof snaps[0], &taken);
            call(vb, "bench_rec_save", size, g + 1u, VBOARD_RETURNED);
            w = R.bkpsram_writes;
            if (taken != w) {
                fprintf(stderr, "size %u: %zu snapshots for %u writes\n", size, taken, w);
                failures++;
            }
            for (cut = 1u; cut <= w && w <= taken; cut += (w > 2u ? (w - 1u) / 2u : 1u)) {
                prepare(vb, size, g); /* CPU and RAM as before the save */
                check_snapshot(vb, size, g, cut, &snaps[cut - 1u]);
                judge_on(vb, size, g, g + 1u, "save (precise board)");
            }
            for (cut = 1u; cut <= w && cut <= taken; cut++) {
                vboard_restore_model(vb, &snaps[cut - 1u]);
                judge(vb, size, g, g + 1u, "save");
            }
        }
        /* back to back: saves 2 and 3 after save 1, one cut anywhere across both */
        prepare(vb, size, 1u);
        call(vb, "bench_rec_save", size, 2u, VBOARD_RETURNED);
        w = R.bkpsram_writes;
        call(vb, "bench_rec_save", size, 3u, VBOARD_RETURNED);
        w += R.bkpsram_writes;
        for (cut = 1u; cut <= w; cut++) {
            uint32_t first;
            prepare(vb, size, 1u);
            vboard_cut_after_writes(vb, cut);
            vboard_call(vb, "bench_rec_save", (uint32_t[2]){size, 2u}, 2, NULL, &R);
            first = R.bkpsram_writes;
            if (R.outcome == VBOARD_POWER_CUT) {
                judge(vb, size, 1u, 2u, "back-to-back (first)");
            } else {
                vboard_cut_after_writes(vb, cut - first);
                call(vb, "bench_rec_save", size, 3u, VBOARD_POWER_CUT);
                judge(vb, size, 2u, 3u, "back-to-back (second)");
            }
        }
    }
}

/* Loaded value of the record (size, version) is exactly `value`. */
static int holds(vboard_t *vb, uint32_t size, uint32_t version, uint32_t value)
{
    static uint8_t want[1000], got[1000];
    if (call(vb, "bench_rec_load_v", size, version, VBOARD_RETURNED) != 0u) {
        return 0;
    }
    vboard_read_mem(vb, vboard_symbol(vb, "bench_buf"), got, size);
    fill_value(want, size, value);
    return memcmp(got, want, size) == 0;
}

static void power_on(vboard_t *vb)
{
    vboard_boot(vb, BKM_EV_POWER_ON, &R);
    call(vb, init_fn, 0, 0, VBOARD_RETURNED);
}

/* Migrations schema 1 -> 2 with a size change, the newest old value in slot A or B, a cut at every
 * write: then the new value loads, or the newest old value still does. */
static void migrations(vboard_t *vb)
{
    static const uint32_t pairs[][2] = {{12u, 20u}, {8u, 200u}, {200u, 8u}, {20u, 12u}, {64u, 64u}};
    size_t k;
    for (k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        uint32_t olds, cut, w;
        for (olds = 1u; olds <= 2u; olds++) {
            prepare(vb, pairs[k][0], olds);
            call(vb, "bench_rec_migrate", pairs[k][0], pairs[k][1], VBOARD_RETURNED);
            w = R.bkpsram_writes;
            for (cut = 1u; cut <= w; cut++) {
                prepare(vb, pairs[k][0], olds);
                vboard_cut_after_writes(vb, cut);
                call(vb, "bench_rec_migrate", pairs[k][0], pairs[k][1], VBOARD_POWER_CUT);
                power_on(vb);
                points++;
                if (!holds(vb, pairs[k][1], 2u, 100u) && !holds(vb, pairs[k][0], 1u, olds)) {
                    fprintf(stderr, "migration %u -> %u, cut %u: neither the new nor the newest old value\n",
                            pairs[k][0], pairs[k][1], cut);
                    failures++;
                }
            }
        }
    }
}

/* A cut at every write of an erase (newest value in A or B): the newest value or nothing. */
static void erases(vboard_t *vb)
{
    uint32_t saves, cut, w, rc;
    for (saves = 1u; saves <= 3u; saves++) {
        prepare(vb, 7u, saves);
        call(vb, "bench_rec_erase", 7u, 0, VBOARD_RETURNED);
        w = R.bkpsram_writes;
        for (cut = 1u; cut <= w; cut++) {
            prepare(vb, 7u, saves);
            vboard_cut_after_writes(vb, cut);
            call(vb, "bench_rec_erase", 7u, 0, VBOARD_POWER_CUT);
            power_on(vb);
            points++;
            rc = call(vb, "bench_rec_load_v", 7u, 1u, VBOARD_RETURNED);
            if (!(rc == (uint32_t)-6 || holds(vb, 7u, 1u, saves))) {
                fprintf(stderr, "erase after %u saves, cut %u: an older value or an error (%d)\n", saves, cut, (int)rc);
                failures++;
            }
        }
    }
}

/* Two saves in a row, each cut: after the second cut the value of the first reload, or the new one. */
static void repeated_cuts(vboard_t *vb)
{
    uint32_t c1, c2, w;
    prepare(vb, 13u, 2u);
    call(vb, "bench_rec_save", 13u, 3u, VBOARD_RETURNED);
    w = R.bkpsram_writes;
    for (c1 = 1u; c1 < w; c1++) {
        for (c2 = 1u; c2 <= w; c2++) {
            uint32_t v;
            prepare(vb, 13u, 2u);
            vboard_cut_after_writes(vb, c1);
            call(vb, "bench_rec_save", 13u, 3u, VBOARD_POWER_CUT);
            power_on(vb);
            v = holds(vb, 13u, 1u, 3u) ? 3u : holds(vb, 13u, 1u, 2u) ? 2u : 0u;
            vboard_cut_after_writes(vb, c2);
            call(vb, "bench_rec_save", 13u, 4u, VBOARD_POWER_CUT);
            power_on(vb);
            points++;
            if (v == 0u || !(holds(vb, 13u, 1u, v) || holds(vb, 13u, 1u, 4u))) {
                fprintf(stderr, "repeated cuts %u, %u: value after the first cut %u, then neither it nor 4\n", c1,
                        c2, v);
                failures++;
            }
        }
    }
}

/* The log holds exactly values first..last. */
static void log_holds(vboard_t *vb, uint32_t first, uint32_t last, uint32_t k, uint32_t cut)
{
    uint8_t want[12], got[12];
    uint32_t n = last >= first ? last - first + 1u : 0u, i, count;
    points++;
    count = call(vb, "bench_log_count", 0, 0, VBOARD_RETURNED);
    if (count != n) {
        fprintf(stderr, "log, append %u, cut %u: count %u, expected %u\n", k, cut, count, n);
        failures++;
        return;
    }
    for (i = 0; i < n; i++) {
        if (call(vb, "bench_log_read", i, 0, VBOARD_RETURNED) != 0u) {
            fprintf(stderr, "log, append %u, cut %u: entry %u unreadable\n", k, cut, i);
            failures++;
            return;
        }
        vboard_read_mem(vb, vboard_symbol(vb, "bench_buf"), got, sizeof got);
        fill_value(want, sizeof want, first + i);
        if (memcmp(got, want, sizeof want) != 0) {
            fprintf(stderr, "log, append %u, cut %u: entry %u is not value %u\n", k, cut, i, first + i);
            failures++;
            return;
        }
    }
}

/* A power cut at every write of appends 1..14 to a 5-slot ring (wrap-around twice), with the
 * sequence numbers starting at start (1, or near 0xFFFFFFFF: they wrap past it, 0 skipped). */
static void ring_log(vboard_t *vb, uint32_t start)
{
    uint32_t k, cut, w = 0u, i;
    for (k = 1u; k <= 14u; k++) {
        for (cut = 0u;; cut++) {
            vboard_boot(vb, BKM_EV_POWER_ON_NO_VBAT, &R);
            call(vb, init_fn, 0, 0, VBOARD_RETURNED);
            call(vb, "bench_log_open", 0, 0, VBOARD_RETURNED);
            call(vb, "bench_log_set_seq", start, 0, VBOARD_RETURNED);
            for (i = 1u; i < k; i++) {
                call(vb, "bench_log_append", i, 0, VBOARD_RETURNED);
            }
            if (cut == 0u) { /* measure the writes of append k */
                call(vb, "bench_log_append", k, 0, VBOARD_RETURNED);
                w = R.bkpsram_writes;
                continue;
            }
            vboard_cut_after_writes(vb, cut);
            call(vb, "bench_log_append", k, 0, VBOARD_POWER_CUT);
            vboard_boot(vb, BKM_EV_POWER_ON, &R);
            call(vb, init_fn, 0, 0, VBOARD_RETURNED);
            call(vb, "bench_log_open", 0, 0, VBOARD_RETURNED);
            if (cut == w) {
                log_holds(vb, k > 5u ? k - 4u : 1u, k, k, cut);
            } else { /* a full ring loses the oldest entry, whose slot was being rewritten */
                log_holds(vb, k - 1u >= 5u ? k - 4u : 1u, k - 1u, k, cut);
            }
            if (cut == w) {
                break;
            }
        }
    }
}

static void section(vboard_t *vb)
{
    static const uint32_t data[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u}, zero[4] = {0};
    uint32_t w, cut, v[8];
    int from_layout;
    for (from_layout = 0; from_layout < 2; from_layout++) {
        vboard_boot(vb, BKM_EV_POWER_ON_NO_VBAT, &R);
        call(vb, init_fn, 0, 0, VBOARD_RETURNED);
        if (from_layout) {
            call(vb, "bench_section", 1u, 0, VBOARD_RETURNED);
        }
        call(vb, "bench_section", 2u, 0, VBOARD_RETURNED);
        w = R.bkpsram_writes;
        for (cut = 1u; cut <= w; cut++) {
            int rc;
            vboard_boot(vb, BKM_EV_POWER_ON_NO_VBAT, &R);
            call(vb, init_fn, 0, 0, VBOARD_RETURNED);
            if (from_layout) {
                call(vb, "bench_section", 1u, 0, VBOARD_RETURNED);
            }
            vboard_cut_after_writes(vb, cut);
            call(vb, "bench_section", 2u, 0, VBOARD_POWER_CUT);
            vboard_boot(vb, BKM_EV_POWER_ON, &R);
            call(vb, init_fn, 0, 0, VBOARD_RETURNED);
            rc = (int)call(vb, "bench_section", 2u, 0, VBOARD_RETURNED);
            vboard_read_mem(vb, vboard_symbol(vb, "bench_var_data"), v, sizeof v);
            points++;
            if (rc < 0 || (rc == 1 && cut < w) || memcmp(v, data, 16) != 0 || memcmp(&v[4], zero, 16) != 0) {
                fprintf(stderr, "section init, cut %u of %u: returned %d, variables not initialised\n", cut, w, rc);
                failures++;
            }
        }
    }
}

/* Every campaign after the records: section initialisation, the ring log (sequence numbers from 1
 * and wrapping past 0xFFFFFFFF), size migrations, erases, repeated cuts. */
static void the_other_campaigns(vboard_t *vb)
{
    section(vb);
    ring_log(vb, 1u);
    ring_log(vb, 0xFFFFFFF8u);
    migrations(vb);
    erases(vb);
    repeated_cuts(vb);
}

/* The record campaign on another board's bench image (its own library build and init). */
static void board_records(const char *board, const char *init, uint32_t generations, const uint32_t *list,
                          size_t count, const char *what)
{
    char err[256], elf[512];
    unsigned long before = points, failed = failures;
    vboard_t *vb = vboard_open(board, 3u);
    init_fn = init;
    fast = vboard_open_mode(board, 3u, VBOARD_FAST);
    snprintf(elf, sizeof elf, FIRMWARE_DIR "/tests/firmware/bench-%s.elf", board);
    if (vb == NULL || fast == NULL || vboard_load(vb, elf, err, sizeof err) != 0 ||
        vboard_load(fast, elf, err, sizeof err) != 0) {
        fprintf(stderr, "powercut_campaign: %s\n", vb && fast ? err : "no board");
        failures++;
    } else {
        records(vb, generations, list, count);
        if (strcmp(init, "bench_init") == 0) { /* the backup SRAM boards: everything the F4 gets */
            the_other_campaigns(vb);
        }
        if (points == before) {
            fprintf(stderr, "%s: no cut point tried (does bench_init fail?)\n", board);
            failures++;
        }
        printf("vboard power-cut campaign, %s of %s: %lu cut points, %lu failures\n", what, board, points - before,
               failures - failed);
    }
    vboard_close(fast);
    vboard_close(vb);
    init_fn = "bench_init";
}

/* Records on the fallback store (RTC backup registers) of the boards without backup SRAM, and on
 * the backup SRAM of the boards of the other families (the library built for them). */
static void other_boards(uint32_t all)
{
    /* The boards of the other families: a third of the F4's save generations (at least 2: slot A
     * and slot B), with every other campaign whole; make stress (20) gives them 6. */
    uint32_t generations = all / 3u > 2u ? all / 3u : 2u;
    static const char *const fallback_boards[] = {"nucleo-f401re", "nucleo-f411re", "nucleo-g474re", "nucleo-l476rg"};
    size_t b;
    for (b = 0; b < 4u; b++) {
        board_records(fallback_boards[b], "bench_init_fallback", all, fallback_sizes,
                      sizeof fallback_sizes / sizeof fallback_sizes[0], "fallback store");
    }
    board_records("nucleo-f767zi", "bench_init", generations, sizes, sizeof sizes / sizeof sizes[0],
                  "every campaign (STM32F7 build, Cortex-M7)");
    board_records("nucleo-h743zi", "bench_init", generations, sizes, sizeof sizes / sizeof sizes[0],
                  "every campaign (STM32H7 build, Cortex-M7, backup SRAM at 0x38800000)");
    board_records("nucleo-h7s3l8", "bench_init", generations, sizes, sizeof sizes / sizeof sizes[0],
                  "every campaign (STM32H7R/S build, Cortex-M7, backup SRAM at 0x38800000)");
    board_records("nucleo-h563zi", "bench_init", generations, sizes, sizeof sizes / sizeof sizes[0],
                  "every campaign (STM32H5 build, Cortex-M33, backup SRAM at 0x40036400)");
    board_records("nucleo-u575zi-q", "bench_init", generations, sizes, sizeof sizes / sizeof sizes[0] - 1u,
                  "every campaign (STM32U5 build, Cortex-M33, 2 KB: records up to 256 bytes)");
}

int main(int argc, char **argv)
{
    uint32_t generations = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 3u;
    static const char *const deflt[] = {FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf",
                                        FIRMWARE_DIR "/tests/firmware/bench_crchw-stm32f4-discovery.elf"};
    int i, n = argc > 2 ? argc - 2 : 2;
    for (i = 0; i < n; i++) {
        const char *elf = argc > 2 ? argv[i + 2] : deflt[i];
        char err[256];
        unsigned long before = points;
        vboard_t *vb = vboard_open("stm32f4-discovery", 3u);
        fast = vboard_open_mode("stm32f4-discovery", 3u, VBOARD_FAST);
        if (vb == NULL || fast == NULL || vboard_load(vb, elf, err, sizeof err) != 0 ||
            vboard_load(fast, elf, err, sizeof err) != 0) {
            fprintf(stderr, "powercut_campaign: %s\n", vb && fast ? err : "no board");
            return 2;
        }
        records(vb, generations, sizes, sizeof sizes / sizeof sizes[0]);
        the_other_campaigns(vb);
        printf("vboard power-cut campaign, %s: %lu cut points tried\n", strrchr(elf, '/') + 1, points - before);
        vboard_close(fast);
        vboard_close(vb);
    }
    other_boards(generations);
    printf("vboard power-cut campaign: %lu cut points tried (%u generations), %lu failures; %lu snapshots checked "
           "against a real cut\n", points, generations, failures, snapshot_checks);
    return failures != 0u;
}

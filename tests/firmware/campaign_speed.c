/* SPDX-License-Identifier: MIT */
/*
 * How many power-cut points per second vboard tries, on the real bench image: a 256-byte record
 * save, cut after each of its backup SRAM writes, power on again, load, judge (as the campaign
 * does). Two ways: restoring the snapshot the board took at each write (vboard_snapshot_writes),
 * and re-running the firmware from reset up to each cut. Wall-clock figures: they vary with the
 * machine and with sanitizers; make bench prints them from a build without sanitizers.
 *   campaign_speed [IMAGE]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vboard.h"

static vboard_result_t R;
static bkm_t snaps[512];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int call(vboard_t *vb, const char *fn, uint32_t a0, uint32_t a1, vboard_outcome_t want)
{
    uint32_t args[2] = {a0, a1}, ret = 0u;
    vboard_call(vb, fn, args, 2, &ret, &R);
    return R.outcome == want ? (int)ret : -100;
}

static void prepare(vboard_t *vb, uint32_t g)
{
    uint32_t i;
    vboard_boot(vb, BKM_EV_POWER_ON_NO_VBAT, &R);
    (void)call(vb, "bench_init", 0, 0, VBOARD_RETURNED);
    for (i = 1u; i <= g; i++) {
        (void)call(vb, "bench_rec_save", 256u, i, VBOARD_RETURNED);
    }
}

/* After the cut: power on, load; the record holds g or g + 1 (rc 0), or nothing yet for g = 0. */
static int judge(vboard_t *vb, uint32_t g)
{
    int rc;
    vboard_boot(vb, BKM_EV_POWER_ON, &R);
    (void)call(vb, "bench_init", 0, 0, VBOARD_RETURNED);
    rc = call(vb, "bench_rec_load", 256u, 0, VBOARD_RETURNED);
    return rc == 0 || (g == 0u && (rc == -6 || rc == -7));
}

/* Cut points of record saves g = 0..19, each cut a snapshot taken on vb (precise), judged on jb
 * (on another board, vb goes on from the save it just made). */
static double snapshot_rate(vboard_t *vb, vboard_t *jb, unsigned long *points, unsigned long *bad)
{
    double t0 = now();
    uint32_t g, cut;
    for (g = 0u; g < 20u; g++) {
        size_t taken = 0u;
        if (g == 0u || jb == vb) { /* judged elsewhere, vb still holds save g */
            prepare(vb, g);
        }
        vboard_snapshot_writes(vb, snaps, sizeof snaps / sizeof snaps[0], &taken);
        (void)call(vb, "bench_rec_save", 256u, g + 1u, VBOARD_RETURNED);
        for (cut = 0u; cut < taken; cut++, (*points)++) {
            vboard_restore_model(jb, &snaps[cut]);
            *bad += !judge(jb, g);
        }
    }
    return (double)*points / (now() - t0);
}

int main(int argc, char **argv)
{
    const char *elf = argc > 1 ? argv[1] : FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf";
    char err[256];
    vboard_t *vb = vboard_open("stm32f4-discovery", 3u);
    vboard_t *fb = vboard_open_mode("stm32f4-discovery", 3u, VBOARD_FAST);
    unsigned long fast_points = 0, snap_points = 0, rerun_points = 0, bad = 0;
    double t0, r_fast, r_snap, t_rerun;
    uint32_t g, cut;
    if (vb == NULL || fb == NULL || vboard_load(vb, elf, err, sizeof err) != 0 ||
        vboard_load(fb, elf, err, sizeof err) != 0) {
        fprintf(stderr, "campaign_speed: %s\n", vb && fb ? err : "no board");
        return 2;
    }
    r_fast = snapshot_rate(vb, fb, &fast_points, &bad);
    r_snap = snapshot_rate(vb, vb, &snap_points, &bad);
    t0 = now();
    for (g = 0u; g < 2u; g++) {
        for (cut = 1u; cut <= 69u; cut++, rerun_points++) {
            prepare(vb, g);
            vboard_cut_after_writes(vb, cut);
            (void)call(vb, "bench_rec_save", 256u, g + 1u, VBOARD_POWER_CUT);
            bad += !judge(vb, g);
        }
    }
    t_rerun = now() - t0;
    printf("vboard cut points per second (256-byte record save, bench image): %.0f with snapshots judged on a fast "
           "board (%lu points), %.0f judged on the precise board (%lu points), %.0f re-running to each cut (%lu "
           "points), %lu failures\n",
           r_fast, fast_points, r_snap, snap_points, (double)rerun_points / t_rerun, rerun_points, bad);
    vboard_close(fb);
    vboard_close(vb);
    return bad != 0u;
}

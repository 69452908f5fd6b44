/* SPDX-License-Identifier: MIT */
/*
 * Crash capture on vboard, on the real examples/crash_report image:
 * 1. End to end on every board with backup SRAM: one power-on, then the resets the firmware
 *    causes; after each boot the backup SRAM holds exactly the pending block of the fault just
 *    taken (reason, exception, CFSR bits, frame flag), and the next boot reports it (reason,
 *    crash counts, the console line).
 * 2. Power cuts: for every boot of the schedule, a cut after every backup SRAM write (the
 *    boot's report save, the consume, the fault handler's pending block): the stored report is
 *    exactly the previous one or the new one, a valid pending block is exactly the previous or
 *    the new one and never counted twice, and the firmware boots again and reports.
 * The state is read by the host library (model port) from a copy of the board's model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_reboot.h"
#include "vboard.h"

#define BOOTS 9
#define PENDING_MAGIC 0x50524B42u /* docs/format.md */

typedef struct {
    const char *reason;
    uint8_t exception; /* 0: no pending block (watchdog) or a mark/assert */
    uint32_t cfsr;     /* bits that must be set */
    uint8_t flags;
} kind_t;

/* What boot k (1-based) of examples/crash_report causes. */
static const kind_t kinds[BOOTS - 1] = {
    {"FAULT", 6, 1u << 24, BKPSRAM_FAULT_FRAME},               /* unaligned VSTR */
    {"FAULT", 5, (1u << 9) | (1u << 15), BKPSRAM_FAULT_FRAME}, /* PRECISERR, BFARVALID */
    {"FAULT", 6, 1u << 25, BKPSRAM_FAULT_FRAME},               /* DIVBYZERO */
    {"FAULT", 6, 1u << 16, BKPSRAM_FAULT_FRAME},               /* UNDEFINSTR */
    {"FAULT", 3, 1u << 12, 0u},                                /* STKERR: no frame */
    {"IWDG", 0, 0u, 0u},
    {"ASSERT", 0, 0u, BKPSRAM_FAULT_CALLER},
    {"APP", 0, 0u, BKPSRAM_FAULT_CALLER},
};

typedef struct {
    int rc;
    bkpsram_reboot_report_t report;
    int pending_valid;
    bkpsram_fault_t pending;
} state_t;

static unsigned long points, failures;
static bkm_t scratch;

#define FAIL(...)                                                                                                      \
    do {                                                                                                               \
        fprintf(stderr, __VA_ARGS__);                                                                                  \
        fputc('\n', stderr);                                                                                           \
        failures++;                                                                                                    \
    } while (0)

/* Built twice: with the host library of the F2/F4 build (the F4, F7 and H7 boards: the reboot
 * area at 3688) and of the H5 build (the H5 and U5 boards: at 1640). */
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
#define HOST_FAMILY BKM_FAMILY_H5
#define HOST_PART   "h563"
#else
#define HOST_FAMILY BKM_FAMILY_F4
#define HOST_PART   "f407"
#endif

/* The stored state, read by the library from a copy of the model (the board is not touched). A
 * copy of another family's board is read as the host build's part, since the reboot area's
 * layout in the backup SRAM is the same on every family. */
static void read_state(const bkm_t *m, state_t *s)
{
    uint32_t w[27];
    memset(s, 0, sizeof *s);
    scratch = *m;
    if (scratch.part->family != HOST_FAMILY) {
        scratch.part = bkm_part_find(HOST_PART);
    }
    bkm_bind(&scratch);
    s->rc = bkpsram_init(NULL);
    if (s->rc == BKPSRAM_OK) {
        s->rc = bkpsram_reboot_read(&s->report);
    }
    if (bkpsram_read(BKPSRAM_CFG_REBOOT_OFFSET, w, sizeof w) == BKPSRAM_OK && w[0] == PENDING_MAGIC &&
        bkpsram_crc32(BKPSRAM_CRC32_INIT, &w[1], 100u) == w[26]) {
        s->pending_valid = 1;
        memcpy(&s->pending, &w[1], sizeof s->pending);
    }
    if (s->rc != BKPSRAM_OK) {
        memset(&s->report, 0, sizeof s->report);
    }
}

/* No report before is still no report after a first save cut short (ECORRUPT, docs/format.md). */
static int same_report(const state_t *a, const state_t *b)
{
    if (b->rc != BKPSRAM_OK) {
        return a->rc == BKPSRAM_ENOENT || a->rc == BKPSRAM_ECORRUPT;
    }
    return a->rc == b->rc && memcmp(&a->report, &b->report, sizeof a->report) == 0;
}

static int same_pending(const state_t *a, const state_t *b)
{
    return a->pending_valid && b->pending_valid && memcmp(&a->pending, &b->pending, sizeof a->pending) == 0;
}

static vboard_t *open_board(const char *board)
{
    char err[256], path[512];
    vboard_t *vb = vboard_open(board, 7u);
    snprintf(path, sizeof path, "%s/examples/crash_report-%s.elf", FIRMWARE_DIR, board);
    if (vb == NULL || vboard_load(vb, path, err, sizeof err) != 0) {
        fprintf(stderr, "cannot load %s: %s\n", path, vb ? err : "no board");
        exit(1);
    }
    return vb;
}

/* The event that follows a boot's outcome: the reset the firmware caused. */
static bkm_event_t next_event(const vboard_result_t *r)
{
    return r->outcome == VBOARD_WATCHDOG ? BKM_EV_RESET_IWDG : BKM_EV_RESET_SOFTWARE;
}

/* After boot k: the pending block is kind k's (or, for the watchdog, none is new). */
static void check_pending(const char *board, int k, const state_t *s, const vboard_result_t *r)
{
    const kind_t *kd = &kinds[k - 1];
    if (strcmp(kd->reason, "IWDG") == 0) {
        if (r->outcome != VBOARD_WATCHDOG || s->pending_valid) {
            FAIL("%s boot %d: watchdog expected (outcome %s, pending %d)", board, k, vboard_outcome_name(r->outcome),
                 s->pending_valid);
        }
        return;
    }
    if (r->outcome != VBOARD_RESET || !s->pending_valid || strcmp(bkpsram_reboot_reason_name(s->pending.reason), kd->reason) != 0 ||
        s->pending.exception != kd->exception || (s->pending.cfsr & kd->cfsr) != kd->cfsr ||
        s->pending.flags != kd->flags || s->pending.build_id_len != 20u) {
        FAIL("%s boot %d: outcome %s, pending %d reason %u exception %u cfsr 0x%08X flags 0x%02X build id %u bytes", board,
             k, vboard_outcome_name(r->outcome), s->pending_valid, s->pending.reason, s->pending.exception,
             s->pending.cfsr, s->pending.flags, s->pending.build_id_len);
    }
}

/* At boot k + 1: the report names kind k, with the counts of k crashes (the last boot is the APP mark). */
static void check_report(const char *board, int k, const state_t *s, const vboard_result_t *r)
{
    char line[96];
    uint32_t crashes = (uint32_t)(k < 8 ? k : 7);
    snprintf(line, sizeof line, "reboot: boot %d reason %s crashes %u ", k + 1, kinds[k - 1].reason, crashes);
    if (s->rc != BKPSRAM_OK || s->report.boots != (uint32_t)(k + 1) || s->report.crashes != crashes ||
        s->report.consecutive != (k < 8 ? crashes : 0u) || strstr(r->console, line) == NULL) {
        FAIL("%s boot %d: rc %d boots %u crashes %u consecutive %u; console \"%s\" lacks \"%s\"", board, k + 1, s->rc,
             s->report.boots, s->report.crashes, s->report.consecutive, r->console, line);
    }
}

static void end_to_end(const char *board)
{
    static vboard_result_t r;
    state_t s;
    vboard_t *vb = open_board(board);
    bkm_event_t ev = BKM_EV_POWER_ON_NO_VBAT;
    int k;
    for (k = 1; k <= BOOTS; k++) {
        vboard_boot(vb, ev, &r);
        read_state(vboard_model(vb), &s);
        if (k > 1) {
            check_report(board, k - 1, &s, &r);
        }
        if (k < BOOTS && r.insns_at_fault != 0u && strcmp(board, "stm32f4-discovery") == 0) {
            printf("%s boot %d: fault handler, from the faulting instruction to the reset: %llu instructions\n", board,
                   k, (unsigned long long)(r.insns - r.insns_at_fault));
        }
        if (k < BOOTS) {
            check_pending(board, k, &s, &r);
        } else if (r.outcome != VBOARD_IDLE || strstr(r.console, "crash_report: done") == NULL) {
            FAIL("%s boot %d: outcome %s, console \"%s\"", board, k, vboard_outcome_name(r.outcome), r.console);
        }
        ev = next_event(&r);
    }
    vboard_close(vb);
    printf("%s: %d boots, every kind recorded and reported\n", board, BOOTS);
}

/* The boot after the cut counts exactly what was stored: a pending block not yet counted gives its
 * reason and one more crash (or none for a mark), else the power cut itself (POWER_ON). */
static void next_boot(const state_t *s, const bkm_t *m, int k, size_t i)
{
    state_t n;
    int fresh = s->pending_valid && (s->rc != BKPSRAM_OK || s->report.fault_boot == 0u || s->pending.seq != s->report.fault.seq);
    uint16_t reason = fresh ? s->pending.reason : (uint16_t)BKPSRAM_REBOOT_POWER_ON;
    uint32_t crash = (reason == BKPSRAM_REBOOT_FAULT || reason == BKPSRAM_REBOOT_ASSERT) ? 1u : 0u;
    read_state(m, &n);
    if (n.rc != BKPSRAM_OK || n.report.boots != s->report.boots + 1u || n.report.reason != reason ||
        n.report.crashes != s->report.crashes + crash) {
        FAIL("boot %d, cut after write %zu: the next boot counted boots %u reason %u crashes %u (expected %u, %u, %u)", k,
             i + 1, n.report.boots, n.report.reason, n.report.crashes, s->report.boots + 1u, reason,
             s->report.crashes + crash);
    }
}

/* One cut point: the state after the cut is the old or the new one, and the board boots again. */
static void judge(vboard_t *vb, const bkm_t *snap, const state_t *before, const state_t *after, int k, size_t i)
{
    static vboard_result_t r;
    state_t s;
    read_state(snap, &s);
    points++;
    if (!same_report(&s, before) && !same_report(&s, after)) {
        FAIL("boot %d, cut after write %zu: report is neither the previous nor the new one (rc %d, boots %u)", k, i + 1,
             s.rc, s.report.boots);
    }
    if (s.pending_valid && !same_pending(&s, before) && !same_pending(&s, after)) {
        FAIL("boot %d, cut after write %zu: a valid pending block that was never written", k, i + 1);
    }
    if (s.pending_valid && same_report(&s, after) && same_pending(&s, before) && s.report.fault_boot != 0u &&
        s.pending.seq != s.report.fault.seq) {
        FAIL("boot %d, cut after write %zu: the counted pending block would be counted again", k, i + 1);
    }
    vboard_restore_model(vb, snap);
    vboard_boot(vb, BKM_EV_POWER_ON, &r);
    if (r.outcome == VBOARD_FAULT || r.outcome == VBOARD_MAX_INSNS || strstr(r.console, "reboot: boot ") == NULL) {
        FAIL("boot %d, cut after write %zu: next boot %s, console \"%s\"", k, i + 1, vboard_outcome_name(r.outcome),
             r.console);
    }
    next_boot(&s, vboard_model(vb), k, i);
}

static void cuts(const char *board)
{
    static bkm_t snaps[256];
    static vboard_result_t r;
    vboard_t *vb = open_board(board);
    int k;
    for (k = 1; k < BOOTS; k++) {
        state_t before, after;
        bkm_event_t ev = BKM_EV_POWER_ON_NO_VBAT;
        size_t n = 0, i;
        int j;
        for (j = 1; j < k; j++) {
            vboard_boot(vb, ev, &r);
            ev = next_event(&r);
        }
        read_state(vboard_model(vb), &before);
        vboard_snapshot_writes(vb, snaps, sizeof snaps / sizeof snaps[0], &n);
        vboard_boot(vb, ev, &r);
        read_state(vboard_model(vb), &after);
        for (i = 0; i < n; i++) {
            judge(vb, &snaps[i], &before, &after, k, i);
        }
    }
    vboard_close(vb);
}

int main(void)
{
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
    static const char *const boards[] = {"nucleo-h563zi", "nucleo-u575zi-q"};
#else
    static const char *const boards[] = {"stm32f4-discovery", "stm32f429i-disc1", "nucleo-f446re", "nucleo-f767zi",
                                         "nucleo-h743zi", "nucleo-h7s3l8"};
#endif
    size_t b;
    for (b = 0; b < sizeof boards / sizeof boards[0]; b++) {
        end_to_end(boards[b]);
    }
    cuts(boards[0]);
    printf("crash capture: %lu cut points over %d boots (report saves, consumes, fault handler records), %lu failures\n",
           points, BOOTS - 1, failures);
    return failures == 0u ? 0 : 1;
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: log open, count and read over an arbitrary backup SRAM image. Inputs whose
 * first byte is odd are raw images; the others are patches (offset low, offset high, xor value) to
 * an image holding a full, wrapped log, so the fuzzer reaches the walk and the sequence checks.
 * Properties: no crash, no sanitizer report, no model violation; count <= slots; every entry read
 * with BKPSRAM_OK sits in a slot whose stored CRC matches its bytes (checked here independently of
 * the library), and the sequence numbers of the entries read are consecutive (0 skipped).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram_model.h"
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bkm_t M;
static const bkpsram_log_config_t CFG = {512u, BKPSRAM_LOG_SPAN(10u, 6u), 9u, 10u};

static uint32_t seq_next(uint32_t s)
{
    return s == 0xFFFFFFFFu ? 1u : s + 1u;
}

/* The slot holding entry e with a CRC that matches; its sequence in *seq. */
static int slot_vouches(const uint8_t *e, uint32_t *seq)
{
    uint32_t i, slot = BKPSRAM_LOG_SLOT(CFG.entry_size), stored;
    for (i = 0; i < 6u; i++) {
        const uint8_t *p = &M.sram[CFG.offset + BKPSRAM_LOG_HEADER + i * slot];
        memcpy(&stored, p + slot - 4u, 4);
        if (memcmp(p + 4, e, CFG.entry_size) == 0 && bkpsram_crc32(BKPSRAM_CRC32_INIT, p, slot - 4u) == stored) {
            memcpy(seq, p, 4);
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static uint8_t valid[4096];
    bkpsram_log_t log;
    uint8_t e[10];
    uint32_t i, n, seq = 0u, prev = 0u;
    if (!ready) {
        bkm_init(&M, bkm_part_find("f407"), NULL);
        bkm_bind(&M);
        if (bkpsram_init(NULL) != BKPSRAM_OK || bkpsram_log_open(&log, &CFG) != BKPSRAM_OK) {
            abort();
        }
        log.next_seq = 0xFFFFFFFCu; /* the fuzzer starts from a log whose sequence wrapped */
        for (i = 0; i < 9u; i++) {
            memset(e, (int)i, sizeof e);
            if (bkpsram_log_append(&log, e) != BKPSRAM_OK) {
                abort();
            }
        }
        memcpy(valid, M.sram, sizeof valid);
        ready = 1;
    }
    fuzz_image(M.sram, valid, data, size);
    bkm_clear_stats(&M);
    if (bkpsram_log_open(&log, &CFG) != BKPSRAM_OK) {
        return 0;
    }
    n = bkpsram_log_count(&log);
    if (n > 6u) {
        abort();
    }
    for (i = 0; i < n; i++) {
        int rc = bkpsram_log_read(&log, i, e);
        if (rc == BKPSRAM_OK) {
            if (!slot_vouches(e, &seq) || (i > 0u && seq != seq_next(prev))) {
                abort(); /* OK with an entry no slot vouches for, or out of sequence */
            }
            prev = seq;
        } else if (rc != BKPSRAM_ECORRUPT) {
            abort();
        }
    }
    if (bkm_violation_total(&M) != 0u) {
        abort();
    }
    return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: record load over an arbitrary 4 KB backup SRAM image. Properties: no crash,
 * no sanitizer report, no model violation, and BKPSRAM_OK only with the payload of a slot whose
 * stored CRC matches its bytes (checked here independently of the library).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram_model.h"
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bkm_t M;

static int slot_vouches(uint32_t off, const bkpsram_record_t *rec, const uint8_t *out)
{
    uint32_t body = 16u + ((rec->size + 3u) & ~3u), stored;
    memcpy(&stored, &M.sram[off + body], 4);
    return bkpsram_crc32(BKPSRAM_CRC32_INIT, &M.sram[off], body) == stored &&
           memcmp(&M.sram[off + 16u], out, rec->size) == 0;
}

/* Inputs whose first byte is odd are raw images; the others are patches (offset low, offset
 * high, xor value) to an image holding valid records, so the fuzzer reaches the deep paths. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static uint8_t out[2048], valid[4096];
    bkpsram_record_t recs[4] = {{0u, 1u, 1u, 4u}, {1024u, 0x5E77u, 2u, 8u}, {0u, 0u, 0u, 0u}, {64u, 7u, 1u, 61u}};
    size_t i;
    if (!ready) {
        bkm_init(&M, bkm_part_find("f407"), NULL);
        bkm_bind(&M);
        if (bkpsram_init(NULL) != BKPSRAM_OK) {
            abort();
        }
        memset(out, 0x3C, sizeof out);
        for (i = 0; i < 4u; i++) {
            if (recs[i].size != 0u && (bkpsram_record_save(&recs[i], out) != BKPSRAM_OK ||
                                       bkpsram_record_save(&recs[i], out + 1) != BKPSRAM_OK)) {
                abort();
            }
        }
        memcpy(valid, M.sram, sizeof valid);
        ready = 1;
    }
    fuzz_image(M.sram, valid, data, size);
    if (size >= 4u && (data[0] & 1u) != 0u) { /* a descriptor taken from the image's own first bytes */
        recs[2].offset = (uint32_t)(data[0] | data[1] << 8) & 0xFFCu;
        recs[2].id = (uint16_t)(data[2] | data[3] << 8);
        recs[2].version = 1u;
        recs[2].size = (uint16_t)(1u + (data[0] ^ data[3]) % 2028u);
    }
    bkm_clear_stats(&M);
    for (i = 0; i < 4u; i++) {
        int rc;
        if (recs[i].size == 0u) {
            continue;
        }
        rc = bkpsram_record_load(&recs[i], out);
        if (rc == BKPSRAM_OK && !slot_vouches(recs[i].offset, &recs[i], out) &&
            !slot_vouches(recs[i].offset + BKPSRAM_RECORD_SLOT(recs[i].size), &recs[i], out)) {
            abort(); /* OK with data no slot vouches for */
        }
        if (rc > 0 || rc < BKPSRAM_ENOSPC) {
            abort();
        }
    }
    if (bkm_violation_total(&M) != 0u) {
        abort();
    }
    return 0;
}

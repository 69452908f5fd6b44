/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: section header parsing. The first 8 input bytes choose a layout, the rest is
 * the backup SRAM image. Properties: no crash or sanitizer report; 1 (retained) leaves the image
 * unchanged; 0 (initialised) leaves a header that the next call accepts, with the data copied and
 * the bss zeroed; errors only for layouts that are invalid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram_section.h"
#include "bkpsram_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bkm_t M;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static uint8_t before[4096], image[256];
    bkpsram_section_layout_t l;
    uint32_t version;
    int rc;
    if (!ready) {
        size_t i;
        bkm_init(&M, bkm_part_find("f407"), NULL);
        bkm_bind(&M);
        if (bkpsram_init(NULL) != BKPSRAM_OK) {
            abort();
        }
        for (i = 0; i < sizeof image; i++) {
            image[i] = (uint8_t)(i * 13u + 5u);
        }
        ready = 1;
    }
    if (size < 8u) {
        return 0;
    }
    l.header_offset = (uint32_t)(data[0] | data[1] << 8) & 0x1FFCu; /* sometimes outside */
    l.data_size = (uint32_t)(data[2] % 65u) * 4u;
    l.bss_size = (uint32_t)(data[3] % 65u) * 4u;
    l.noinit_size = (uint32_t)(data[4] % 65u) * 4u;
    l.data_image = image;
    version = data[5] % 4u;
    memset(M.sram, 0, sizeof M.sram);
    if (data[6] & 1u) { /* raw image */
        memcpy(M.sram, data + 8, size - 8u < sizeof M.sram ? size - 8u : sizeof M.sram);
    } else if (bkpsram_section_init_layout(&l, version) == 0) { /* patches to an initialised image */
        size_t i;
        for (i = 8u; i + 3u <= size; i += 3u) {
            M.sram[(data[i] | data[i + 1u] << 8) & 0xFFFu] ^= data[i + 2u];
        }
    }
    memcpy(before, M.sram, sizeof before);
    rc = bkpsram_section_init_layout(&l, version);
    if (rc == 1) {
        if (memcmp(before, M.sram, sizeof before) != 0) {
            abort();
        }
    } else if (rc == 0) {
        uint32_t d = l.header_offset + BKPSRAM_SECTION_HEADER, i;
        if (memcmp(&M.sram[d], image, l.data_size) != 0) {
            abort();
        }
        for (i = 0; i < l.bss_size; i++) {
            if (M.sram[d + l.data_size + i] != 0u) {
                abort();
            }
        }
        if (bkpsram_section_init_layout(&l, version) != 1) {
            abort();
        }
    } else if (rc != BKPSRAM_ERANGE) {
        abort(); /* the layouts made here are aligned and small: only ERANGE is possible */
    }
    if (bkm_violation_total(&M) != 0u) {
        abort();
    }
    return 0;
}

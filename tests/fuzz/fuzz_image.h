/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets over backup SRAM images: the fuzzer's input becomes the image. */
#ifndef BKPSRAM_FUZZ_IMAGE_H
#define BKPSRAM_FUZZ_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Inputs whose first byte is odd are raw images; the others are patches (offset low, offset high,
 * xor value) to `valid`, an image holding valid structures, so the fuzzer reaches the deep paths. */
static void fuzz_image(uint8_t sram[4096], const uint8_t valid[4096], const uint8_t *data, size_t size)
{
    size_t i;
    if (size > 0u && (data[0] & 1u) == 0u) {
        memcpy(sram, valid, 4096u);
        for (i = 1u; i + 3u <= size; i += 3u) {
            sram[(data[i] | data[i + 1u] << 8) & 0xFFFu] ^= data[i + 2u];
        }
    } else {
        memset(sram, 0, 4096u);
        memcpy(sram, data, size < 4096u ? size : 4096u);
    }
}

#endif

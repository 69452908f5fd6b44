/* SPDX-License-Identifier: MIT */
/* Every typed accessor (u8/u16/u32/u64/float/double) written and read back at every offset
 * 0..4095 that fits, in firmware. Shared by the vboard bench image and the QEMU check. */
#ifndef BKPSRAM_TYPED_SWEEP_H
#define BKPSRAM_TYPED_SWEEP_H

#include <stdint.h>

#include "bkpsram/bkpsram.h"

/* Returns the failures; *round_trips gets the number of round trips made. */
static inline uint32_t typed_sweep(uint32_t *round_trips)
{
    uint32_t off, fails = 0u, checks = 0u;
    for (off = 0u; off < 4096u; off++) {
        uint8_t b = 0u;
        uint16_t h = 0u;
        uint32_t w = 0u;
        uint64_t q = 0u;
        float f = 0.0f;
        double d = 0.0;
        fails += bkpsram_write_u8(off, (uint8_t)off) != 0 || bkpsram_read_u8(off, &b) != 0 || b != (uint8_t)off;
        checks++;
        if (off + 2u <= 4096u) {
            fails += bkpsram_write_u16(off, (uint16_t)(off * 3u)) != 0 || bkpsram_read_u16(off, &h) != 0 ||
                     h != (uint16_t)(off * 3u);
            checks++;
        }
        if (off + 4u <= 4096u) {
            fails += bkpsram_write_u32(off, off * 0x01000193u) != 0 || bkpsram_read_u32(off, &w) != 0 ||
                     w != off * 0x01000193u;
            fails += bkpsram_write_float(off, (float)off + 0.5f) != 0 || bkpsram_read_float(off, &f) != 0 ||
                     f != (float)off + 0.5f;
            checks += 2u;
        }
        if (off + 8u <= 4096u) {
            fails += bkpsram_write_u64(off, (uint64_t)off << 33 | off) != 0 || bkpsram_read_u64(off, &q) != 0 ||
                     q != ((uint64_t)off << 33 | off);
            fails += bkpsram_write_double(off, (double)off * 0.25) != 0 || bkpsram_read_double(off, &d) != 0 ||
                     d != (double)off * 0.25;
            checks += 2u;
        }
    }
    *round_trips = checks;
    return fails;
}

#endif

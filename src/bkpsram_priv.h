/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by the library's source files (not part of the API). */
#ifndef BKPSRAM_PRIV_H
#define BKPSRAM_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The caller's buffer may have any alignment. Where it is aligned for the piece, it is read or
 * written whole; where it is not, byte by byte through a volatile pointer, because the compiler
 * would otherwise merge the bytes into one unaligned LDR/STR, which faults when the application
 * sets CCR.UNALIGN_TRP (ARMv7-M A3.2.1). Pieces are little-endian, as the cores are. */
static inline uint32_t bkpsram_priv_load(const uint8_t *p, size_t n)
{
    uint32_t v = 0u;
    if (((uintptr_t)p & (n - 1u)) == 0u) {
        if (n == 4u) {
            memcpy(&v, p, 4u);
        } else if (n == 2u) {
            uint16_t h;
            memcpy(&h, p, 2u);
            v = h;
        } else {
            v = *p;
        }
    } else {
        const volatile uint8_t *q = p;
        size_t i;
        for (i = 0; i < n; i++) {
            v |= (uint32_t)q[i] << (8u * i);
        }
    }
    return v;
}

static inline void bkpsram_priv_store(uint8_t *p, uint32_t v, size_t n)
{
    if (((uintptr_t)p & (n - 1u)) == 0u) {
        if (n == 4u) {
            memcpy(p, &v, 4u);
        } else if (n == 2u) {
            uint16_t h = (uint16_t)v;
            memcpy(p, &h, 2u);
        } else {
            *p = (uint8_t)v;
        }
    } else {
        volatile uint8_t *q = p;
        size_t i;
        for (i = 0; i < n; i++) {
            q[i] = (uint8_t)(v >> (8u * i));
        }
    }
}


/* CRC (bkpsram_crc32, from BKPSRAM_CRC32_INIT) over len bytes of backup SRAM at offset, read
 * word by word; offset and len are multiples of 4 and the caller has checked the range. */
uint32_t bkpsram_priv_crc_area(uint32_t offset, uint32_t len);

/* Read-modify-write of a shared RCC/PWR register with interrupts masked, plus a read back. */
void bkpsram_priv_modify(uint32_t addr, uint32_t clear, uint32_t set);

#endif

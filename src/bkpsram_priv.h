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
#include "bkpsram/bkpsram_opt.h"
#include "bkpsram/bkpsram.h"

/* The library's own calls go to its functions, not to the callers' inline fast paths: one copy
 * of each (bkpsram.c defines them with their names in parentheses, which the function-like
 * macros of bkpsram.h would not expand either). */
#undef bkpsram_read_u32
#undef bkpsram_write_u32
#undef bkpsram_read_float
#undef bkpsram_write_float

/* Texts for names and errors; BKPSRAM_CFG_STRINGS = 0 replaces each by "" (bkpsram_opt.h). */
#if BKPSRAM_CFG_STRINGS
#define BKPSRAM_TEXT(s) (s)
#else
#define BKPSRAM_TEXT(s) ""
#endif

/* Helpers on the hot paths are always inlined: at -Os GCC would otherwise call them per piece. */
#define BKPSRAM_PRIV_INLINE static inline __attribute__((always_inline))

/* The little-endian word at a word-aligned p: the compiler merges the 4 bytes into one LDR. */
BKPSRAM_PRIV_INLINE uint32_t bkpsram_priv_word(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

BKPSRAM_PRIV_INLINE uint32_t bkpsram_priv_load(const uint8_t *p, size_t n)
{
    uint32_t v = 0u;
    if (((uintptr_t)p & (n - 1u)) == 0u) {
        if (n == 4u) {
            v = bkpsram_priv_word(p);
        } else if (n == 2u) {
            v = (uint32_t)p[0] | ((uint32_t)p[1] << 8);
        } else {
            v = p[0];
        }
    } else {
        const volatile uint8_t *q = p;
        uint32_t i;
        for (i = 0u; i < (uint32_t)n; i++) {
            v |= (uint32_t)q[i] << (8u * i);
        }
    }
    return v;
}

BKPSRAM_PRIV_INLINE void bkpsram_priv_store(uint8_t *p, uint32_t v, size_t n)
{
    if (((uintptr_t)p & (n - 1u)) == 0u) {
        if (n == 4u) {
            const uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
            (void)memcpy(p, b, 4u); /* one STR */
        } else if (n == 2u) {
            const uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
            (void)memcpy(p, b, 2u); /* one STRH */
        } else {
            *p = (uint8_t)v;
        }
    } else {
        volatile uint8_t *q = p;
        uint32_t i;
        for (i = 0u; i < (uint32_t)n; i++) {
            q[i] = (uint8_t)(v >> (8u * i));
        }
    }
}


/* n rounded up to a multiple of 4. */
static inline uint32_t bkpsram_priv_pad4(uint32_t n)
{
    return (n + 3u) & ~3u;
}

/* How far sequence number a is after b (negative: before), wrap-safe while they are less than
 * 2^31 apart; the conversion of the difference is modulo 2^32 (GCC, Clang). */
static inline int32_t bkpsram_priv_seq_diff(uint32_t a, uint32_t b)
{
    uint32_t d = a - b;
    return (int32_t)d;
}

/* Address of offset 0 of the store: BKPSRAM_BASE_ADDR, or the backup registers (set by init). */

/* The write window around the library's own multi-write operations (records, the log, the
 * section): as bkpsram_unlock()/bkpsram_lock(), balanced by construction, so without the owner
 * bookkeeping that lets a handler's unbalanced lock be refused; the caller has checked init. */
void bkpsram_priv_window_open(void);
void bkpsram_priv_window_close(void);

/* CRC (bkpsram_crc32, from BKPSRAM_CRC32_INIT) over len bytes of backup SRAM at offset, read
 * word by word; offset and len are multiples of 4 and the caller has checked the range. */
uint32_t bkpsram_priv_crc_area(uint32_t offset, uint32_t len);

int bkpsram_priv_crc_store(uint32_t offset, const uint32_t *head, uint32_t head_words, const uint8_t *src,
                           uint32_t src_offset, uint32_t len, uint32_t *crc_out);

/* After stores to [addr, addr + len) of the store and before reading them back: on the H7 with the
 * D-cache on, clean and invalidate their lines so the data is in the backup SRAM and the read-back
 * reads the backup SRAM, not the cache. Nothing on the other families (Device memory). */
#if BKPSRAM_CFG_H7_LIKE
void bkpsram_priv_clean(uint32_t addr, uint32_t len);
#define bkpsram_priv_sync(addr, len) bkpsram_priv_clean((addr), (len))
#else
#define bkpsram_priv_sync(addr, len) ((void)0) /* no code at all: the F2/F4/F7 builds do not change */
#endif

/* RCC_CSR of the part's family, read raw (the fault handler records it). */
uint32_t bkpsram_priv_csr(void);

/* Read-modify-write of a shared RCC/PWR register with interrupts masked, plus a read back. */
void bkpsram_priv_modify(uint32_t addr, uint32_t clear, uint32_t set);

#endif

/* Internal helpers shared by the library's source files (not part of the API). */
#ifndef BKPSRAM_PRIV_H
#define BKPSRAM_PRIV_H

#include <stddef.h>
#include <stdint.h>

/* Load/store n (1, 2 or 4) little-endian bytes of a caller buffer of any alignment without an
 * unaligned CPU access (safe with CCR.UNALIGN_TRP). */
uint32_t bkpsram_priv_load(const uint8_t *p, size_t n);
void bkpsram_priv_store(uint8_t *p, uint32_t v, size_t n);

/* Read-modify-write of a shared RCC/PWR register with interrupts masked, plus a read back. */
void bkpsram_priv_modify(uint32_t addr, uint32_t clear, uint32_t set);

#endif

/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_crc.h
 * \brief CRC-32/MPEG-2 as the STM32F4 CRC unit computes it.
 *
 * Polynomial 0x04C11DB7, init 0xFFFFFFFF, no reflection, no final XOR, fed 32-bit words MSB
 * first. bkpsram_crc32() reads the buffer as little-endian 32-bit words, so it gives exactly what
 * the F4 CRC unit gives when the CPU writes those words to CRC->DR; a final partial word is
 * zero-padded. Engine (build option BKPSRAM_CFG_CRC_ENGINE): BKPSRAM_CRC_NIBBLE (default, 64-byte
 * table), BKPSRAM_CRC_TABLE (1 KB table, fastest in software) or BKPSRAM_CRC_HW (the F4 CRC unit;
 * the library then owns it: do not use the unit from an interrupt while the library runs).
 * All engines give identical results.
 */
#ifndef BKPSRAM_CRC_H
#define BKPSRAM_CRC_H

#include <stddef.h>
#include <stdint.h>

#include "bkpsram/bkpsram_opt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Initial value of a CRC-32/MPEG-2 computation (the CRC unit's reset value). */
#define BKPSRAM_CRC32_INIT 0xFFFFFFFFu

/**
 * \brief Continue a CRC over len bytes taken as little-endian 32-bit words (word 0x12345678 from
 *        BKPSRAM_CRC32_INIT gives 0xDF8A8A2B).
 *
 * Chain calls with lengths that are multiples of 4, except the last: each call zero-pads its own
 * final partial word. Needs no bkpsram_init(). With a software engine it may be called from an
 * interrupt handler; with BKPSRAM_CRC_HW main line only. Cost per 32-bit word: about 35
 * instructions (nibble table), 23 (byte table), 9 (CRC unit) (-Os, 256 bytes).
 * \param crc BKPSRAM_CRC32_INIT, or the result of the previous call
 * \param data the bytes, any alignment; NULL counts as len 0
 * \param len bytes
 * \return the CRC so far.
 */
uint32_t bkpsram_crc32(uint32_t crc, const void *data, size_t len);

/**
 * \brief Plain byte-wise CRC-32/MPEG-2 ("123456789" from BKPSRAM_CRC32_INIT gives 0x0376E6E7),
 *        always in software; for talking to tools that use the byte-wise form.
 *
 * May be called from an interrupt handler.
 * \param crc BKPSRAM_CRC32_INIT, or the result of the previous call
 * \param data the bytes; NULL counts as len 0
 * \param len bytes
 * \return the CRC so far.
 */
uint32_t bkpsram_crc32_mpeg2(uint32_t crc, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_CRC_H */

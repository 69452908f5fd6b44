/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_memory.h
 * \brief The `memory` port: a plain RAM buffer stands in for the backup SRAM, for host
 *        applications, host unit tests of code that uses bkpsram, and tools.
 *
 * Build the library with the CMake option `BKPSRAM_PORT=memory` (the default when a host project
 * adds it), or compile src/port/bkpsram_port_memory.c with `-DBKPSRAM_PORT_HOST
 * -DBKPSRAM_PORT_MEMORY`. The port answers like an STM32F407 with VBAT: bkpsram_init() succeeds,
 * the size is 4096, and a store lands only while the backup SRAM clock (RCC_AHB1ENR.BKPSRAMEN)
 * and write access (PWR_CR.DBP) are on, as on the chip. It needs a software CRC engine
 * (BKPSRAM_CRC_NIBBLE or BKPSRAM_CRC_TABLE). It is single-threaded: interrupt masking is a no-op.
 *
 * \code
 * memcpy(bkpsram_memory(), dump, BKPSRAM_MEMORY_SIZE);  // a dump read from a board
 * bkpsram_init(NULL);
 * bkpsram_record_load(&settings_rec, &s);               // decode it with the library itself
 * \endcode
 */
#ifndef BKPSRAM_MEMORY_H
#define BKPSRAM_MEMORY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Bytes of the buffer that stands in for the backup SRAM. */
#define BKPSRAM_MEMORY_SIZE 4096u

/**
 * \brief The buffer that stands in for the backup SRAM, BKPSRAM_MEMORY_SIZE bytes, zero at start.
 *
 * Read and write it freely between library calls (load a dump, inspect what the library wrote,
 * damage it on purpose in a test). Host code, single-threaded; costs nothing.
 * \return a pointer to the buffer; never NULL.
 */
uint8_t *bkpsram_memory(void);

/**
 * \brief Simulate a reset with VBAT held: the buffer is kept, the registers return to their
 *        reset values (backup SRAM clock off, PWR_CR.DBP 0), so the library must be initialised
 *        again. The regulator and the reset flags (pin reset) are set as after a reset. The
 *        library's own variables are not reset (a real reset clears them): call bkpsram_init()
 *        again, as firmware does after a reset; until then the backup SRAM clock is off: reads
 *        give 0 and writes are dropped, as on the chip. Host code, single-threaded.
 */
void bkpsram_memory_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_MEMORY_H */

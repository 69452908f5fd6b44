/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_section.h
 * \brief Variables in backup SRAM through a linker section, initialised from flash only on a cold
 *        boot or when the firmware's layout changed.
 *
 * \code
 * BKPSRAM_DATA uint32_t boots = 0;          // from flash on a cold boot, then kept
 * BKPSRAM_BSS uint32_t errors;              // zeroed on a cold boot, then kept
 * BKPSRAM_NOINIT uint8_t scratch[64];       // never touched by the library
 * ...
 * bkpsram_init(&(bkpsram_config_t){1, 0, 0});   // write_protect 0: plain stores to the variables work
 * int kept = bkpsram_section_init(3);           // 3: your layout version; bump it when the variables change
 * \endcode
 *
 * Link with linker/bkpsram.ld (INCLUDE it in SECTIONS; it needs MEMORY regions BKPSRAM and FLASH).
 * A guarded header (magic, layout version, section sizes, CRC; docs/format.md) in front of the
 * variables tells a warm boot from a cold one. The variables themselves carry no CRC: use
 * bkpsram_record.h for data that must be checked. Write protection: with write_protect = 1 (the
 * default) a plain store to a section variable is dropped by the hardware while PWR_CR.DBP is 0;
 * either init with write_protect = 0, or wrap the stores in bkpsram_unlock()/bkpsram_lock().
 */
#ifndef BKPSRAM_SECTION_H
#define BKPSRAM_SECTION_H

#include <stddef.h>
#include <stdint.h>

#include "bkpsram/bkpsram.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief A variable initialised from flash on a cold boot (or layout change), then kept. */
#define BKPSRAM_DATA   __attribute__((section(".bkpsram.data")))
/** \brief A variable zeroed on a cold boot (or layout change), then kept. */
#define BKPSRAM_BSS    __attribute__((section(".bkpsram.bss")))
/** \brief A variable the library never touches (random after a power-up without VBAT). */
#define BKPSRAM_NOINIT __attribute__((section(".bkpsram.noinit")))

/** \brief Header bytes in front of the variables (docs/format.md). */
#define BKPSRAM_SECTION_HEADER 20u

/** \brief Where the sections lie (offsets in backup SRAM); bkpsram_section_init() takes it from the linker. */
typedef struct {
    uint32_t header_offset; /**< multiple of 4; data follows the header */
    uint32_t data_size;     /**< .bkpsram.data bytes, multiple of 4 */
    uint32_t bss_size;      /**< .bkpsram.bss bytes, multiple of 4, follows data */
    uint32_t noinit_size;   /**< .bkpsram.noinit bytes, follows bss */
    const void *data_image; /**< initial values of .bkpsram.data (in flash) */
} bkpsram_section_layout_t;

/**
 * \brief Defined by linker/bkpsram.ld at the section header. bkpsram_section_init() refers to it,
 *        so a firmware that calls it without the fragment fails to link with its name.
 */
extern const uint8_t bkpsram_INCLUDE_bkpsram_ld_in_your_linker_script[];

/**
 * \brief bkpsram_section_init() with the header address the linker placed: call
 *        bkpsram_section_init() instead.
 * \param layout_version as for bkpsram_section_init()
 * \param header the section header in backup SRAM (the linker fragment's symbol)
 * \return as bkpsram_section_init(); BKPSRAM_EINVAL for a NULL header.
 */
int bkpsram_section_init_linked(uint32_t layout_version, const uint8_t *header);

/**
 * \brief Keep the section variables, or (re)initialise them: copy .bkpsram.data from flash and zero
 *        .bkpsram.bss when the header is missing, invalid (random power-up content, cut power during
 *        a previous init) or from another layout version or section sizes. .bkpsram.noinit is never
 *        touched. A power cut during (re)initialisation makes the next call start over.
 *
 * Needs linker/bkpsram.ld: without it the link fails with an undefined reference to
 * bkpsram_INCLUDE_bkpsram_ld_in_your_linker_script. Main line only, once after bkpsram_init().
 * Cost: the header read and CRC when kept; the copy and zeroing of the sections otherwise.
 * \param layout_version your layout version: change it when the variables change
 * \return 1: contents retained; 0: (re)initialised; BKPSRAM_EWRITE (a write did not read back;
 *         the header stays invalid, the next call starts over); 0: (re)initialised; BKPSRAM_ENOTINIT; BKPSRAM_EINVAL /
 *         BKPSRAM_ERANGE for a bad layout (sizes not multiples of 4, beyond 0xFFFF, outside the memory).
 */
static inline int bkpsram_section_init(uint32_t layout_version)
{
    return bkpsram_section_init_linked(layout_version, bkpsram_INCLUDE_bkpsram_ld_in_your_linker_script);
}

/**
 * \brief bkpsram_section_init() with an explicit layout (tests, custom linker scripts).
 *
 * Main line only. Cost as bkpsram_section_init().
 * \param layout where the header and the sections lie
 * \param layout_version as for bkpsram_section_init()
 * \return as bkpsram_section_init(); BKPSRAM_EINVAL also for a NULL layout, or a data image
 *         missing for a non-empty .bkpsram.data.
 */
int bkpsram_section_init_layout(const bkpsram_section_layout_t *layout, uint32_t layout_version);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_SECTION_H */

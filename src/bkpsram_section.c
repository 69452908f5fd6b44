/* SPDX-License-Identifier: MIT */
/*
 * Linker-section variables. Header (docs/format.md), little-endian, at layout->header_offset:
 *   0 magic 0x53534B42 ("BKSS")  4 layout version (u32)  8 data size (u16), bss size (u16)
 *   12 noinit size (u16), format 1 (u8), reserved 0 (u8)  16 crc (u32) over bytes 0..15
 * Re-initialisation invalidates the magic first and writes it last, so a power cut in between
 * leaves no valid header: the next boot starts over.
 */
#include "bkpsram/bkpsram_section.h"

#include "bkpsram_priv.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram_format.h"
#include "port/bkpsram_regs.h"


int bkpsram_section_init_layout(const bkpsram_section_layout_t *l, uint32_t layout_version)
{
    uint32_t h[5], want[4], size = bkpsram_size(), span, data_off;
    int rc;

    if (l == NULL || (l->data_size != 0u && l->data_image == NULL)) {
        return BKPSRAM_EINVAL;
    }
    if ((l->header_offset | l->data_size | l->bss_size | l->noinit_size) & 3u ||
        l->data_size > 0xFFFFu || l->bss_size > 0xFFFFu || l->noinit_size > 0xFFFFu) {
        return BKPSRAM_EINVAL;
    }
    if (size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    span = BKPSRAM_SECTION_HEADER + l->data_size + l->bss_size + l->noinit_size; /* < 2^18, no overflow */
    if (l->header_offset > size || span > size - l->header_offset) {
        return BKPSRAM_ERANGE;
    }
    want[0] = BKPSRAM_FMT_SECTION_MAGIC;
    want[1] = layout_version;
    want[2] = l->data_size | (l->bss_size << 16);
    want[3] = l->noinit_size | ((uint32_t)BKPSRAM_FMT_SECTION_FORMAT << 16);
    rc = bkpsram_read(l->header_offset, h, sizeof h);
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    if (h[0] == want[0] && h[1] == want[1] && h[2] == want[2] && h[3] == want[3] &&
        h[4] == bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 16u)) {
        return 1;
    }
    data_off = l->header_offset + BKPSRAM_SECTION_HEADER;
    bkpsram_priv_window_open();
    rc = bkpsram_write_u32(l->header_offset, 0u); /* invalid until fully initialised */
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write(data_off, l->data_image, l->data_size);
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_memset(data_off + l->data_size, 0u, l->bss_size);
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write(l->header_offset + 4u, &want[1], 12u);
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write_u32(l->header_offset + 16u, bkpsram_crc32(BKPSRAM_CRC32_INIT, want, 16u));
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write_u32(l->header_offset, BKPSRAM_FMT_SECTION_MAGIC); /* commit */
    }
    bkpsram_priv_window_close();
    return rc == BKPSRAM_OK ? 0 : rc;
}

/* Symbols of linker/bkpsram.ld, weak: an application that never calls bkpsram_section_init()
 * links without the fragment. The one that calls it references the strong symbol the fragment
 * defines (bkpsram_section.h), so there the fragment is required and its absence named. */
extern const uint8_t bkpsram_ld_data_start[] __attribute__((weak));
extern const uint8_t bkpsram_ld_data_end[] __attribute__((weak));
extern const uint8_t bkpsram_ld_data_load[] __attribute__((weak));
extern const uint8_t bkpsram_ld_bss_start[] __attribute__((weak));
extern const uint8_t bkpsram_ld_bss_end[] __attribute__((weak));
extern const uint8_t bkpsram_ld_noinit_start[] __attribute__((weak));
extern const uint8_t bkpsram_ld_noinit_end[] __attribute__((weak));

static uint32_t distance(const uint8_t *from, const uint8_t *to)
{
    return (uint32_t)((uintptr_t)to - (uintptr_t)from);
}

int bkpsram_section_init_linked(uint32_t layout_version, const uint8_t *header)
{
    bkpsram_section_layout_t l;
    if (header == NULL) {
        return BKPSRAM_EINVAL;
    }
    if (bkpsram_kind() == BKPSRAM_KIND_BKPREG) {
        return BKPSRAM_EUNSUPPORTED; /* the variables are linked in the backup SRAM: none here */
    }
    l.header_offset = distance((const uint8_t *)(uintptr_t)BKPSRAM_BASE_ADDR, header);
    l.data_size = distance(bkpsram_ld_data_start, bkpsram_ld_data_end);
    l.bss_size = distance(bkpsram_ld_bss_start, bkpsram_ld_bss_end);
    l.noinit_size = distance(bkpsram_ld_noinit_start, bkpsram_ld_noinit_end);
    l.data_image = bkpsram_ld_data_load;
    return bkpsram_section_init_layout(&l, layout_version);
}

/* SPDX-License-Identifier: MIT */
/* bkpsram-tool: reading a backup SRAM dump (4 KB, or 2 KB from the U5 and the 2 KB H5 lines) from
 * its various forms. */
#ifndef BKT_DUMP_H
#define BKT_DUMP_H

#include <stddef.h>
#include <stdint.h>

#define BKT_BASE 0x40024000u
#define BKT_SIZE 4096u  /* the image: a 2 KB dump fills its first half, the rest reads 0 */
#define BKT_SMALL 2048u

/* A little-endian 32-bit word of an image. */
static inline uint32_t bkt_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Which form the input had. */
typedef enum { BKT_RAW, BKT_IHEX, BKT_CONSOLE } bkt_form_t;

/* Parse data (a whole file) into image. Returns 0, the form and the dump's size (4096 or 2048), or
 * -1 with a message in err. Forms: a raw 4096- or 2048-byte binary (st-flash / OpenOCD dump_image /
 * vboard --dump-bkpsram), Intel HEX of the whole backup SRAM at its address (0x40024000 F2/F4/F7,
 * 0x38800000 H7 and H7R/S, 0x40036400 or 0x50036400 H5 and U5, 2 KB or 4 KB there; objcopy -O
 * ihex, srec_cat), or console text holding a "BKPSRAM DUMP" block as the datalogger example prints
 * it (the last complete block is used). */
int bkt_parse(const uint8_t *data, size_t len, uint8_t image[BKT_SIZE], bkt_form_t *form, uint32_t *size, char *err,
              size_t errlen);

const char *bkt_form_name(bkt_form_t form);

#endif

/* SPDX-License-Identifier: MIT */
/* bkpsram-tool: reading a 4 KB backup SRAM dump from its various forms. */
#ifndef BKT_DUMP_H
#define BKT_DUMP_H

#include <stddef.h>
#include <stdint.h>

#define BKT_BASE 0x40024000u
#define BKT_SIZE 4096u

/* A little-endian 32-bit word of an image. */
static inline uint32_t bkt_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Which form the input had. */
typedef enum { BKT_RAW, BKT_IHEX, BKT_CONSOLE } bkt_form_t;

/* Parse data (a whole file) into image. Returns 0 and the form, or -1 with a message in err.
 * Forms: a raw 4096-byte binary (st-flash / OpenOCD dump_image / vboard --dump-bkpsram), Intel
 * HEX at 0x40024000 (objcopy -O ihex, srec_cat), or console text holding a "BKPSRAM DUMP" block
 * as the datalogger example prints it (the last complete block is used). */
int bkt_parse(const uint8_t *data, size_t len, uint8_t image[BKT_SIZE], bkt_form_t *form, char *err, size_t errlen);

const char *bkt_form_name(bkt_form_t form);

#endif

/* SPDX-License-Identifier: MIT */
/* bkpsram-tool crash: the reboot area (bkpsram_reboot.h) of an image, decoded and explained. */
#ifndef BKT_CRASH_H
#define BKT_CRASH_H

#include <stdint.h>
#include <stdio.h>

#include "bkpsram/bkpsram_reboot.h"
#include "dump.h"
#include "elfinfo.h"

typedef struct {
    uint32_t offset;                 /* of the reboot area */
    int report_rc;                   /* bkpsram_record_load() of the report */
    bkpsram_reboot_report_t report;  /* valid when report_rc is BKPSRAM_OK */
    int pending;                     /* 1: a valid pending block not yet counted by a boot */
    bkpsram_fault_t fault;           /* the newest record: the pending block, else report.fault */
    int has_fault;                   /* 0: nothing was ever recorded */
} bkt_crash_t;

/* Decode the reboot area at offset (a multiple of 4, area inside the image). 0, or -1 with err. */
int bkt_crash_decode(const uint8_t image[BKT_SIZE], uint32_t offset, bkt_crash_t *c, char *err, size_t errlen);

/* The set CFSR/HFSR bits in words, e.g. "UNALIGNED: unaligned access (UsageFault)", "; "-separated;
 * BFAR/MMFAR named as valid when their VALID bit is set. */
void bkt_fault_words(const bkpsram_fault_t *f, char *out, size_t outlen);

/* Print the report as text or JSON; elf (may be NULL) resolves pc and lr. */
void bkt_crash_print(FILE *o, const bkt_crash_t *c, bkt_elf_t *elf, int json);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The reboot area decoded by the library itself (the report is a record, loaded through the memory
 * port) plus the pending block (magic, 25 words, CRC; docs/format.md), and the fault status
 * registers in words (ARMv7-M B3.2.15-B3.2.18).
 */
#include <string.h>

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_memory.h"
#include "bkpsram_format.h"
#include "crash.h"

int bkt_crash_decode(const uint8_t image[BKT_SIZE], uint32_t offset, bkt_crash_t *c, char *err, size_t errlen)
{
    const bkpsram_record_t rec = {offset + 112u, BKPSRAM_REBOOT_RECORD_ID, BKPSRAM_REBOOT_RECORD_VERSION,
                                  (uint16_t)BKPSRAM_FMT_REPORT_SIZE};
    const uint8_t *p = image + offset;
    memset(c, 0, sizeof *c);
    if ((offset % 4u) != 0u || offset > BKT_SIZE - BKPSRAM_REBOOT_SPAN) {
        snprintf(err, errlen, "reboot area offset %u: must be a multiple of 4, at most %u", offset,
                 BKT_SIZE - BKPSRAM_REBOOT_SPAN);
        return -1;
    }
    c->offset = offset;
    memcpy(bkpsram_memory(), image, BKT_SIZE);
    bkpsram_memory_reset();
    c->report_rc = bkpsram_init(NULL);
    if (c->report_rc == BKPSRAM_OK) {
        c->report_rc = bkpsram_record_load(&rec, &c->report);
    }
    if (bkt_le32(p) == BKPSRAM_FMT_PENDING_MAGIC &&
        bkpsram_crc32(BKPSRAM_CRC32_INIT, p + 4, 4u * BKPSRAM_FMT_PENDING_WORDS) == bkt_le32(p + 104)) {
        memcpy(&c->fault, p + 4, sizeof c->fault);
        c->pending = c->report_rc != BKPSRAM_OK || c->report.fault_boot == 0u || c->fault.seq != c->report.fault.seq;
        c->has_fault = c->pending;
    }
    if (!c->has_fault && c->report_rc == BKPSRAM_OK && c->report.fault_boot != 0u) {
        c->fault = c->report.fault;
        c->has_fault = 1;
    }
    return 0;
}

typedef struct {
    uint8_t bit;
    const char *text;
} bit_text_t;

static const bit_text_t cfsr_bits[] = {
    {0, "IACCVIOL: instruction access violation (MemManage)"},
    {1, "DACCVIOL: data access violation (MemManage)"},
    {3, "MUNSTKERR: unstacking on exception return (MemManage)"},
    {4, "MSTKERR: stacking on exception entry (MemManage)"},
    {5, "MLSPERR: lazy FP state preservation (MemManage)"},
    {8, "IBUSERR: instruction fetch bus error (BusFault)"},
    {9, "PRECISERR: precise data bus error (BusFault)"},
    {10, "IMPRECISERR: imprecise data bus error, no address (BusFault)"},
    {11, "UNSTKERR: unstacking on exception return (BusFault)"},
    {12, "STKERR: stacking on exception entry, the frame is lost (BusFault)"},
    {13, "LSPERR: lazy FP state preservation (BusFault)"},
    {16, "UNDEFINSTR: undefined instruction (UsageFault)"},
    {17, "INVSTATE: invalid state, e.g. Thumb bit clear (UsageFault)"},
    {18, "INVPC: invalid EXC_RETURN (UsageFault)"},
    {19, "NOCP: no coprocessor, e.g. FPU disabled (UsageFault)"},
    {24, "UNALIGNED: unaligned access (UsageFault)"},
    {25, "DIVBYZERO: divide by zero (UsageFault)"},
};

static const bit_text_t hfsr_bits[] = {
    {1, "VECTTBL: vector table read on exception entry (HardFault)"},
    {30, "FORCED: escalated from a configurable fault (HardFault)"},
    {31, "DEBUGEVT: debug event (HardFault)"},
};

static void add(char *out, size_t outlen, const char *text)
{
    size_t n = strlen(out);
    snprintf(out + n, outlen - n, "%s%s", n != 0u ? "; " : "", text);
}

static void add_bits(char *out, size_t outlen, uint32_t v, const bit_text_t *t, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        if (v & (1u << t[i].bit)) {
            add(out, outlen, t[i].text);
        }
    }
}

void bkt_fault_words(const bkpsram_fault_t *f, char *out, size_t outlen)
{
    char addr[48];
    out[0] = '\0';
    add_bits(out, outlen, f->cfsr, cfsr_bits, sizeof cfsr_bits / sizeof cfsr_bits[0]);
    if (f->cfsr & (1u << 15)) { /* BFARVALID */
        snprintf(addr, sizeof addr, "BFAR 0x%08X valid", f->bfar);
        add(out, outlen, addr);
    }
    if (f->cfsr & (1u << 7)) { /* MMARVALID */
        snprintf(addr, sizeof addr, "MMFAR 0x%08X valid", f->mmfar);
        add(out, outlen, addr);
    }
    add_bits(out, outlen, f->hfsr, hfsr_bits, sizeof hfsr_bits / sizeof hfsr_bits[0]);
}

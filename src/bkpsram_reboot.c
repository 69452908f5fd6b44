/* SPDX-License-Identifier: MIT */
/* Reboot reasons and fault capture (bkpsram_reboot.h); byte layout in docs/format.md. */
#include <string.h>

#include "bkpsram/bkpsram_reboot.h"
#include "bkpsram_format.h"
#include "bkpsram_priv.h"
#include "port/bkpsram_port.h"

/* Build-time checks (C99): the structs are the byte layout, the offset is word-aligned. */
typedef char bkpsram_fault_is_25_words[(sizeof(bkpsram_fault_t) == ((size_t)BKPSRAM_FMT_PENDING_WORDS * 4u)) ? 1 : -1];
typedef char bkpsram_report_is_128_bytes[(sizeof(bkpsram_reboot_report_t) == BKPSRAM_FMT_REPORT_SIZE) ? 1 : -1];
typedef char bkpsram_reboot_offset_is_aligned[((BKPSRAM_CFG_REBOOT_OFFSET % 4u) == 0u) ? 1 : -1];

/* Offsets inside the reboot area. */
#define PENDING   (BKPSRAM_CFG_REBOOT_OFFSET)                  /* magic, body (25 words), CRC */
#define BODY      (PENDING + 4u)
#define SEQ       (BODY + 4u)                                  /* body word 1 */
#define CRC       (BODY + (4u * BKPSRAM_FMT_PENDING_WORDS))
#define REPORT    (BKPSRAM_CFG_REBOOT_OFFSET + 112u)

/* Body words (bkpsram_fault_t): 0 reason | exception << 16 | flags << 24, 1 seq, 2 value,
 * 3..10 r0 r1 r2 r3 r12 lr pc xpsr, 11 EXC_RETURN, 12 sp, 13..17 CFSR HFSR MMFAR BFAR SHCSR,
 * 18 RCC_CSR, 19 build id length, 20..24 build id. */
#define W_HEAD       0u
#define W_VALUE      2u
#define W_FRAME      3u
#define W_PC         9u
#define W_EXC_RETURN 11u
#define W_SP         12u
#define W_SCB        13u
#define W_CSR        18u
#define W_ID_LEN     19u
#define W_ID         20u

static const bkpsram_record_t report_rec = {REPORT, BKPSRAM_REBOOT_RECORD_ID, BKPSRAM_REBOOT_RECORD_VERSION,
                                            (uint16_t)BKPSRAM_FMT_REPORT_SIZE};

/* The GNU build-id note, where the linker script puts it (README): namesz, descsz, type 3, "GNU". */
extern const uint8_t bkpsram_build_id[] __attribute__((weak)); /* absent: address 0 */

static void build_id(uint32_t *w, const uint8_t *note)
{
    static const uint8_t want[16] = {4u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 3u, 0u, 0u, 0u, 0x47u, 0x4Eu, 0x55u, 0u};
    uint32_t i, n;
    if (note == NULL) {
        return;
    }
    for (i = 0u; i < 16u; i++) { /* bytes 4..7 (descsz) are checked below */
        if (((i < 4u) || (i > 7u)) && (note[i] != want[i])) {
            return;
        }
    }
    n = ((note[4] > 20u) || (note[5] != 0u) || (note[6] != 0u) || (note[7] != 0u)) ? 20u : note[4];
    for (i = 0u; i < n; i++) {
        w[W_ID + (i / 4u)] |= (uint32_t)note[16u + i] << (8u * (i % 4u));
    }
    w[W_ID_LEN] = n;
}

/* Write the pending block: clocks and DBP switched on whatever their state (the fault handler
 * knows nothing of bkpsram_init()), magic 0 first, body words read back and fed to the CRC, the
 * CRC, the magic last. A reset at any store leaves no valid block. DBP is put back as found. */
static int write_pending(uint32_t *w)
{
    bkpsram_part_t part;
    uint32_t crc = 0u, dbp, ok;
    if ((bkpsram_identify(&part) != BKPSRAM_OK) || (part.size < (BKPSRAM_CFG_REBOOT_OFFSET + BKPSRAM_REBOOT_SPAN))) {
        return BKPSRAM_EUNSUPPORTED; /* no backup SRAM: an access would fault */
    }
#if BKPSRAM_HAS_PWREN
    bkpsram_priv_modify(BKPSRAM_RCC_APB1ENR, 0u, BKPSRAM_RCC_APB1ENR_PWREN);
#endif
    bkpsram_priv_modify(BKPSRAM_RCC_AHB1ENR, 0u, BKPSRAM_RCC_AHB1ENR_BKPSRAMEN | BKPSRAM_CLOCK_ALSO);
    dbp = bkpsram_port_rd32(BKPSRAM_PWR_CR) & BKPSRAM_PWR_CR_DBP;
    if (dbp == 0u) {
        bkpsram_priv_modify(BKPSRAM_PWR_CR, 0u, BKPSRAM_PWR_CR_DBP);
    }
    bkpsram_limits.base = BKPSRAM_BASE_ADDR; /* the CRC store writes there; .data may be broken */
    w[1] = bkpsram_port_rd32(BKPSRAM_BASE_ADDR + SEQ) + 1u;
    bkpsram_port_wr32(BKPSRAM_BASE_ADDR + PENDING, 0u);
    bkpsram_priv_sync(BKPSRAM_BASE_ADDR + PENDING, 4u);
    ok = (uint32_t)bkpsram_priv_crc_store(BODY, w, BKPSRAM_FMT_PENDING_WORDS, NULL, 0u, 0u, &crc);
    bkpsram_port_wr32(BKPSRAM_BASE_ADDR + CRC, crc);
    bkpsram_priv_sync(BKPSRAM_BASE_ADDR + CRC, 4u);
    if ((ok != 0u) && (bkpsram_port_rd32(BKPSRAM_BASE_ADDR + CRC) == crc)) {
        bkpsram_port_wr32(BKPSRAM_BASE_ADDR + PENDING, BKPSRAM_FMT_PENDING_MAGIC);
        bkpsram_priv_sync(BKPSRAM_BASE_ADDR + PENDING, 4u);
        if (bkpsram_port_rd32(BKPSRAM_BASE_ADDR + PENDING) != BKPSRAM_FMT_PENDING_MAGIC) {
            ok = 0u;
        }
    } else {
        ok = 0u;
    }
    if (dbp == 0u) {
        bkpsram_priv_modify(BKPSRAM_PWR_CR, BKPSRAM_PWR_CR_DBP, 0u);
    }
    return (ok != 0u) ? BKPSRAM_OK : BKPSRAM_EWRITE;
}

/* Common part of every pending block. */
static void head(uint32_t *w, uint32_t reason, uint32_t exception, uint32_t flags, uint32_t value)
{
    (void)memset(w, 0, (size_t)BKPSRAM_FMT_PENDING_WORDS * 4u);
    w[W_HEAD] = reason | (exception << 16) | (flags << 24);
    w[W_VALUE] = value;
    w[W_CSR] = bkpsram_priv_csr();
    build_id(w, bkpsram_build_id);
}

int bkpsram_reboot_mark(uint16_t reason, uint32_t value)
{
    uint32_t w[BKPSRAM_FMT_PENDING_WORDS];
    if (bkpsram_size() == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if ((reason != BKPSRAM_REBOOT_SOFTWARE) && (reason < BKPSRAM_REBOOT_APP)) {
        return BKPSRAM_EINVAL;
    }
    if (bkpsram_size() < (BKPSRAM_CFG_REBOOT_OFFSET + BKPSRAM_REBOOT_SPAN)) {
        return BKPSRAM_ERANGE;
    }
    head(w, reason, 0u, BKPSRAM_FAULT_CALLER, value);
    w[W_PC] = (uint32_t)(uintptr_t)__builtin_return_address(0) & ~1u;
    return write_pending(w);
}

int bkpsram_reboot_checkpoint(uint32_t value)
{
    return bkpsram_write_u32(BKPSRAM_REBOOT_CHECKPOINT_OFFSET, value);
}

static uint32_t rd(uint32_t offset)
{
    uint32_t v = 0u;
    (void)bkpsram_read_u32(offset, &v); /* inside the area, checked by the caller */
    return v;
}

/* Valid pending block in backup SRAM: magic, then the CRC of the body. */
static int read_pending(bkpsram_fault_t *f)
{
    uint32_t crc;
    if (rd(PENDING) != BKPSRAM_FMT_PENDING_MAGIC) {
        return 0;
    }
    crc = bkpsram_priv_crc_area(BODY, 4u * BKPSRAM_FMT_PENDING_WORDS);
    if (crc != rd(CRC)) {
        return 0;
    }
    return (bkpsram_read(BODY, f, sizeof(*f)) == BKPSRAM_OK) ? 1 : 0;
}

/* The reason from the RCC_CSR flags, the first that applies in this order. */
static uint16_t from_flags(uint32_t flags)
{
    static const struct flag_reason {
        uint8_t flag;
        uint8_t reason;
    } order[] = {{BKPSRAM_RESET_POWER_ON, BKPSRAM_REBOOT_POWER_ON}, {BKPSRAM_RESET_BROWNOUT, BKPSRAM_REBOOT_BROWNOUT},
                 {BKPSRAM_RESET_IWDG, BKPSRAM_REBOOT_IWDG},         {BKPSRAM_RESET_WWDG, BKPSRAM_REBOOT_WWDG},
                 {BKPSRAM_RESET_LOW_POWER, BKPSRAM_REBOOT_LOW_POWER}, {BKPSRAM_RESET_SOFTWARE, BKPSRAM_REBOOT_SOFTWARE},
                 {BKPSRAM_RESET_PIN, BKPSRAM_REBOOT_PIN}};
    size_t i;
    for (i = 0u; i < (sizeof(order) / sizeof(order[0])); i++) {
        if ((flags & order[i].flag) != 0u) {
            return order[i].reason;
        }
    }
    return BKPSRAM_REBOOT_UNKNOWN;
}

static int is_crash(uint32_t reason)
{
    return ((reason == BKPSRAM_REBOOT_FAULT) || (reason == BKPSRAM_REBOOT_ASSERT) || (reason == BKPSRAM_REBOOT_IWDG) ||
            (reason == BKPSRAM_REBOOT_WWDG))
               ? 1
               : 0;
}

int bkpsram_reboot_read(bkpsram_reboot_report_t *report)
{
    if (report == NULL) {
        return BKPSRAM_EINVAL;
    }
    return bkpsram_record_load(&report_rec, report);
}

int bkpsram_reboot_boot(bkpsram_reboot_report_t *report)
{
    bkpsram_reboot_report_t r;
    bkpsram_fault_t f;
    int fresh, rc;
    if (bkpsram_size() == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (bkpsram_size() < (BKPSRAM_CFG_REBOOT_OFFSET + BKPSRAM_REBOOT_SPAN)) {
        return BKPSRAM_ERANGE;
    }
    if (bkpsram_record_load(&report_rec, &r) != BKPSRAM_OK) {
        (void)memset(&r, 0, sizeof(r));
    }
    /* A block already counted (a boot cut short before its consume) keeps its sequence. */
    fresh = 0;
    if ((read_pending(&f) != 0) && ((r.fault_boot == 0u) || (f.seq != r.fault.seq))) {
        fresh = 1;
    }
    r.reset_flags = bkpsram_reset_flags(0);
    r.reason = from_flags(r.reset_flags);
    r.boots++;
    r.checkpoint = rd(BKPSRAM_REBOOT_CHECKPOINT_OFFSET);
    if (fresh != 0) {
        r.reason = f.reason;
        r.fault = f;
        r.fault_boot = r.boots;
    }
    if (is_crash(r.reason) != 0) {
        r.crashes++;
        if (r.consecutive == 0u) {
            r.first_reason = r.reason;
        }
        r.consecutive++;
    } else {
        r.consecutive = 0u;
        r.first_reason = BKPSRAM_REBOOT_UNKNOWN;
    }
    rc = bkpsram_record_save(&report_rec, &r);
    if (rc == BKPSRAM_OK) {
        (void)bkpsram_reset_flags(1);
        if (fresh != 0) { /* consumed: a lost report can never bring it back as new */
            rc = bkpsram_write_u32(PENDING, BKPSRAM_FMT_PENDING_DONE);
        }
    }
    if ((rc == BKPSRAM_OK) && (report != NULL)) {
        *report = r;
    }
    return rc;
}

const char *bkpsram_reboot_reason_name(uint16_t reason)
{
    static const char *const names[] = {BKPSRAM_TEXT("UNKNOWN"),  BKPSRAM_TEXT("POWER_ON"), BKPSRAM_TEXT("PIN"),
                                        BKPSRAM_TEXT("SOFTWARE"), BKPSRAM_TEXT("IWDG"),     BKPSRAM_TEXT("WWDG"),
                                        BKPSRAM_TEXT("BROWNOUT"), BKPSRAM_TEXT("LOW_POWER"), BKPSRAM_TEXT("FAULT"),
                                        BKPSRAM_TEXT("ASSERT")};
    if (reason < (sizeof(names) / sizeof(names[0]))) {
        return names[reason];
    }
    return (reason >= BKPSRAM_REBOOT_APP) ? BKPSRAM_TEXT("APP") : BKPSRAM_TEXT("?");
}

__attribute__((weak)) void bkpsram_reboot_before_reset(uint16_t reason)
{
    (void)reason;
}

#if !defined(BKPSRAM_PORT_HOST) && !defined(BKPSRAM_PORT_MEMORY)

/* AIRCR.SYSRESETREQ with the key, PRIGROUP kept; DSBs so every store before it completes
 * (ARMv7-M B3.2.6; CMSIS NVIC_SystemReset does the same). */
static void __attribute__((noreturn)) reset(uint16_t reason)
{
    bkpsram_reboot_before_reset(reason);
    __asm volatile("dsb" ::: "memory");
    bkpsram_port_wr32(BKPSRAM_SCB_AIRCR, BKPSRAM_SCB_AIRCR_VECTKEY |
                                             (bkpsram_port_rd32(BKPSRAM_SCB_AIRCR) & BKPSRAM_SCB_AIRCR_PRIGROUP_MASK) |
                                             BKPSRAM_SCB_AIRCR_SYSRESETREQ);
    __asm volatile("dsb" ::: "memory");
    for (;;) {
    }
}

void bkpsram_reboot_assert(uint32_t value)
{
    uint32_t w[BKPSRAM_FMT_PENDING_WORDS];
    __asm volatile("cpsid i" ::: "memory");
    head(w, BKPSRAM_REBOOT_ASSERT, 0u, BKPSRAM_FAULT_CALLER, value);
    w[W_PC] = (uint32_t)(uintptr_t)__builtin_return_address(0) & ~1u;
    (void)write_pending(w);
    reset(BKPSRAM_REBOOT_ASSERT);
}

/* The fault handler needs ARMv7-M or ARMv8-M Mainline (Cortex-M3/M4/M7/M33): its entry is Thumb-2,
 * and ARMv6-M has none of the fault status registers it records. */
#if defined(__ARM_ARCH_ISA_THUMB) && (__ARM_ARCH_ISA_THUMB >= 2)

/* Called by bkpsram_fault_handler on the fresh stack: frame is the copy of the 8 stacked words,
 * or NULL when the stacking failed. */
void bkpsram_priv_fault(uint32_t ipsr, uint32_t exc_return, uint32_t sp, const uint32_t *frame) __attribute__((noreturn));
void bkpsram_priv_fault(uint32_t ipsr, uint32_t exc_return, uint32_t sp, const uint32_t *frame)
{
    static const uint32_t scb[5] = {BKPSRAM_SCB_CFSR, BKPSRAM_SCB_HFSR, BKPSRAM_SCB_MMFAR, BKPSRAM_SCB_BFAR,
                                    BKPSRAM_SCB_SHCSR};
    uint32_t w[BKPSRAM_FMT_PENDING_WORDS], flags = 0u, i;
    if ((exc_return & 4u) != 0u) {
        flags = BKPSRAM_FAULT_PSP;
    }
    if (frame != NULL) {
        flags |= BKPSRAM_FAULT_FRAME;
    }
    head(w, BKPSRAM_REBOOT_FAULT, ipsr & 0xFFu, flags, 0u);
    for (i = 0u; (frame != NULL) && (i < 8u); i++) {
        w[W_FRAME + i] = frame[i];
    }
    w[W_EXC_RETURN] = exc_return;
    w[W_SP] = sp;
    for (i = 0u; i < 5u; i++) {
        w[W_SCB + i] = bkpsram_port_rd32(scb[i]);
    }
    (void)write_pending(w);
    reset(BKPSRAM_REBOOT_FAULT);
}

/* Entry: no stack use until MSP is moved to the vector table's initial value. r0 = IPSR,
 * r1 = EXC_RETURN, r2 = the stack holding the frame, r3 = the frame copied to the new stack
 * (NULL when CFSR has STKERR or MSTKERR: the frame was not written). */
__attribute__((naked, noreturn)) void bkpsram_fault_handler(void)
{
    __asm volatile("cpsid i\n\t"
                   "mrs   r0, ipsr\n\t"
                   "mov   r1, lr\n\t"
                   "tst   r1, #4\n\t"
                   "ite   eq\n\t"
                   "mrseq r2, msp\n\t"
                   "mrsne r2, psp\n\t"
                   "ldr   r3, =0xE000ED28\n\t" /* CFSR */
                   "ldr   r3, [r3]\n\t"
                   "movw  r12, #0x1010\n\t" /* STKERR (bit 12), MSTKERR (bit 4) */
                   "tst   r3, r12\n\t"
                   "ite   eq\n\t"
                   "moveq r3, r2\n\t"
                   "movne r3, #0\n\t"
                   "cbz   r3, 1f\n\t"
                   "ldmia r3, {r4-r11}\n\t"
                   "1:\n\t"
                   "ldr   r12, =0xE000ED08\n\t" /* VTOR */
                   "ldr   r12, [r12]\n\t"
                   "ldr   r12, [r12]\n\t" /* initial MSP */
                   "bic   r12, r12, #7\n\t"
                   "msr   msp, r12\n\t"
                   "push  {r4-r11}\n\t"
                   "cbz   r3, 2f\n\t"
                   "mov   r3, sp\n\t"
                   "2:\n\t"
                   "b     bkpsram_priv_fault\n\t"
                   ".ltorg\n\t");
}

#endif /* Thumb-2 */

#endif

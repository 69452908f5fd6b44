/* SPDX-License-Identifier: MIT */
/*
 * Hardware access of the library: every register and backup SRAM access goes through these
 * accessors. On target they are inline volatile loads and stores (no call, no cost); in host
 * builds (BKPSRAM_PORT_HOST) they are functions that the behavioural model in model/ provides.
 */
#ifndef BKPSRAM_PORT_H
#define BKPSRAM_PORT_H

#include <stdint.h>

#include "bkpsram_regs.h"

#if defined(BKPSRAM_PORT_HOST) || defined(BKPSRAM_PORT_MEMORY)

uint32_t bkpsram_port_rd32(uint32_t addr);
uint16_t bkpsram_port_rd16(uint32_t addr);
uint8_t bkpsram_port_rd8(uint32_t addr);
void bkpsram_port_wr32(uint32_t addr, uint32_t value);
void bkpsram_port_wr16(uint32_t addr, uint16_t value);
void bkpsram_port_wr8(uint32_t addr, uint8_t value);
uint32_t bkpsram_port_irq_save(void);
void bkpsram_port_irq_restore(uint32_t state);
uint32_t bkpsram_port_context(void); /* 0: the main line; else which interrupt handler runs */
static inline void bkpsram_port_dsb(void) {}

#else /* Cortex-M target */

static inline uint32_t bkpsram_port_rd32(uint32_t addr) { return *(volatile const uint32_t *)addr; }
static inline uint16_t bkpsram_port_rd16(uint32_t addr) { return *(volatile const uint16_t *)addr; }
static inline uint8_t bkpsram_port_rd8(uint32_t addr) { return *(volatile const uint8_t *)addr; }
static inline void bkpsram_port_wr32(uint32_t addr, uint32_t value) { *(volatile uint32_t *)addr = value; }
static inline void bkpsram_port_wr16(uint32_t addr, uint16_t value) { *(volatile uint16_t *)addr = value; }
static inline void bkpsram_port_wr8(uint32_t addr, uint8_t value) { *(volatile uint8_t *)addr = value; }
static inline void bkpsram_port_dsb(void) { __asm volatile("dsb" ::: "memory"); }

/* The execution context: IPSR, 0 in thread mode, else the exception number of the running
 * handler (ARMv7-M B1.4.2, ARMv6-M and ARMv8-M alike). */
static inline uint32_t bkpsram_port_context(void)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr;
}

/* Interrupt masking around read-modify-write of shared RCC/PWR registers. Override both with
 * BKPSRAM_PORT_IRQ_SAVE()/BKPSRAM_PORT_IRQ_RESTORE(s) (e.g. an RTOS critical section). */
#if defined(BKPSRAM_PORT_IRQ_SAVE) && defined(BKPSRAM_PORT_IRQ_RESTORE)
static inline uint32_t bkpsram_port_irq_save(void) { return BKPSRAM_PORT_IRQ_SAVE(); }
static inline void bkpsram_port_irq_restore(uint32_t state) { BKPSRAM_PORT_IRQ_RESTORE(state); }
#else
static inline uint32_t bkpsram_port_irq_save(void)
{
    uint32_t primask;
    __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
    return primask;
}
static inline void bkpsram_port_irq_restore(uint32_t state)
{
    __asm volatile("msr primask, %0" : : "r"(state) : "memory");
}
#endif

#endif /* BKPSRAM_PORT_HOST */

/*
 * Word blocks between the store and RAM (all addresses word-aligned, n a non-zero multiple of 4
 * words): on ARMv7-M and ARMv8-M Mainline one LDM and one STM per 4 words (legal on Device memory
 * when aligned; an interrupted LDM/STM is continued or restarted, which repeats the same accesses);
 * elsewhere, and on host builds, a loop of single words through the accessors above. The blocks
 * never name r7 (the Thumb frame pointer at -O0) or r9 (a platform register on some ABIs).
 *   wr_block   store n words of src at addr
 *   cmp_block  OR of (word at addr ^ word of src) over n words: 0 when all read back as written
 *   rd_block   load n words at addr into dst
 *   fill_block store v into n words at addr
 *   cmp_fill   OR of (word at addr ^ v) over n words
 *   stream_block  store the n words of src, in order, all to the one register at addr (CRC_DR)
 *   stream_store  the same with the n words at the store address from
 */
#if !defined(BKPSRAM_PORT_HOST) && !defined(BKPSRAM_PORT_MEMORY) && defined(__ARM_ARCH_ISA_THUMB) && \
    (__ARM_ARCH_ISA_THUMB >= 2)

/* n words from address src to address dst: one LDM and one STM per 4 words. */
static inline void bkpsram_port_copy_words(uint32_t dst, uint32_t src, uint32_t n)
{
    __asm volatile("1: ldmia %[s]!, {r4, r5, r6, r8}\n\t"
                   "stmia %[d]!, {r4, r5, r6, r8}\n\t"
                   "subs %[n], %[n], #4\n\t"
                   "bne 1b"
                   : [s] "+r"(src), [d] "+r"(dst), [n] "+r"(n)
                   :
                   : "r4", "r5", "r6", "r8", "cc", "memory");
}

static inline void bkpsram_port_wr_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    bkpsram_port_copy_words(addr, (uint32_t)(uintptr_t)src, n);
}

static inline uint32_t bkpsram_port_cmp_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    uint32_t diff = 0u;
    __asm volatile("1: ldmia %[s]!, {r4, r5, r6, r8}\n\t"
                   "ldmia %[d]!, {r10, r11, r12, lr}\n\t"
                   "eors r4, r4, r10\n\t"
                   "eors r5, r5, r11\n\t"
                   "eors r6, r6, r12\n\t"
                   "eors r8, r8, lr\n\t"
                   "orrs r4, r4, r5\n\t"
                   "orrs r6, r6, r8\n\t"
                   "orrs %[x], %[x], r4\n\t"
                   "orrs %[x], %[x], r6\n\t"
                   "subs %[n], %[n], #4\n\t"
                   "bne 1b"
                   : [s] "+r"(src), [d] "+r"(addr), [n] "+r"(n), [x] "+r"(diff)
                   :
                   : "r4", "r5", "r6", "r8", "r10", "r11", "r12", "lr", "cc", "memory");
    return diff;
}

/* dst is written by the STM: not const, whatever a reader of the C alone would conclude */
// NOLINTNEXTLINE(readability-non-const-parameter)
static inline void bkpsram_port_rd_block(uint8_t *dst, uint32_t addr, uint32_t n)
{
    bkpsram_port_copy_words((uint32_t)(uintptr_t)dst, addr, n);
}

static inline void bkpsram_port_fill_block(uint32_t addr, uint32_t v, uint32_t n)
{
    __asm volatile("mov r4, %[v]\n\t"
                   "mov r5, %[v]\n\t"
                   "mov r6, %[v]\n\t"
                   "mov r8, %[v]\n\t"
                   "1: stmia %[d]!, {r4, r5, r6, r8}\n\t"
                   "subs %[n], %[n], #4\n\t"
                   "bne 1b"
                   : [d] "+r"(addr), [n] "+r"(n)
                   : [v] "r"(v)
                   : "r4", "r5", "r6", "r8", "cc", "memory");
}

static inline uint32_t bkpsram_port_cmp_fill(uint32_t addr, uint32_t v, uint32_t n)
{
    uint32_t diff = 0u;
    __asm volatile("1: ldmia %[d]!, {r4, r5, r6, r8}\n\t"
                   "eors r4, r4, %[v]\n\t"
                   "eors r5, r5, %[v]\n\t"
                   "eors r6, r6, %[v]\n\t"
                   "eors r8, r8, %[v]\n\t"
                   "orrs r4, r4, r5\n\t"
                   "orrs r6, r6, r8\n\t"
                   "orrs %[x], %[x], r4\n\t"
                   "orrs %[x], %[x], r6\n\t"
                   "subs %[n], %[n], #4\n\t"
                   "bne 1b"
                   : [d] "+r"(addr), [n] "+r"(n), [x] "+r"(diff)
                   : [v] "r"(v)
                   : "r4", "r5", "r6", "r8", "cc", "memory");
    return diff;
}

/* The n words at address from, in order, all stored to the one register at addr. */
static inline void bkpsram_port_stream_store(uint32_t addr, uint32_t from, uint32_t n)
{
    __asm volatile("1: ldmia %[s]!, {r4, r5, r6, r8}\n\t"
                   "str r4, [%[d]]\n\t"
                   "str r5, [%[d]]\n\t"
                   "str r6, [%[d]]\n\t"
                   "str r8, [%[d]]\n\t"
                   "subs %[n], %[n], #4\n\t"
                   "bne 1b"
                   : [s] "+r"(from), [n] "+r"(n)
                   : [d] "r"(addr)
                   : "r4", "r5", "r6", "r8", "cc", "memory");
}

static inline void bkpsram_port_stream_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    bkpsram_port_stream_store(addr, (uint32_t)(uintptr_t)src, n);
}

#else

/* A little-endian word of a buffer, byte by byte (no type punning). */
static inline uint32_t bkpsram_port_ram_word(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void bkpsram_port_wr_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    for (; n != 0u; n--, addr += 4u, src = &src[4]) {
        bkpsram_port_wr32(addr, bkpsram_port_ram_word(src));
    }
}

static inline uint32_t bkpsram_port_cmp_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    uint32_t diff = 0u;
    for (; n != 0u; n--, addr += 4u, src = &src[4]) {
        diff |= bkpsram_port_rd32(addr) ^ bkpsram_port_ram_word(src);
    }
    return diff;
}

static inline void bkpsram_port_rd_block(uint8_t *dst, uint32_t addr, uint32_t n)
{
    for (; n != 0u; n--, addr += 4u, dst = &dst[4]) {
        uint32_t w = bkpsram_port_rd32(addr);
        dst[0] = (uint8_t)w;
        dst[1] = (uint8_t)(w >> 8);
        dst[2] = (uint8_t)(w >> 16);
        dst[3] = (uint8_t)(w >> 24);
    }
}

static inline void bkpsram_port_fill_block(uint32_t addr, uint32_t v, uint32_t n)
{
    for (; n != 0u; n--, addr += 4u) {
        bkpsram_port_wr32(addr, v);
    }
}

static inline uint32_t bkpsram_port_cmp_fill(uint32_t addr, uint32_t v, uint32_t n)
{
    uint32_t diff = 0u;
    for (; n != 0u; n--, addr += 4u) {
        diff |= bkpsram_port_rd32(addr) ^ v;
    }
    return diff;
}

static inline void bkpsram_port_stream_block(uint32_t addr, const uint8_t *src, uint32_t n)
{
    for (; n != 0u; n--, src = &src[4]) {
        bkpsram_port_wr32(addr, bkpsram_port_ram_word(src));
    }
}

static inline void bkpsram_port_stream_store(uint32_t addr, uint32_t from, uint32_t n)
{
    for (; n != 0u; n--, from += 4u) {
        bkpsram_port_wr32(addr, bkpsram_port_rd32(from));
    }
}

#endif

#endif /* BKPSRAM_PORT_H */

/* SPDX-License-Identifier: MIT */
/*
 * Second opinion from QEMU (machine netduinoplus2, an STM32F405): QEMU enforces CPACR and faults
 * on unaligned accesses the way silicon does. QEMU models no backup SRAM, RCC or PWR, so this
 * image builds the library with its base relocated into SRAM (BKPSRAM_BASE_ADDR) and the part
 * forced, sets CCR.UNALIGN_TRP (so even a plain unaligned LDR/STR would fault) and runs every
 * typed accessor at every offset. Built with -DQEMU_CONTROL it instead makes the seed's raw
 * float store at offset 6 and must fault. Results go out by semihosting; the exit status is the
 * verdict: 0 pass, 1 data mismatch, 3 UsageFault UNALIGNED, 4 other fault.
 */
#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "typed_sweep.h"

#define SCB_CCR   0xE000ED14u
#define SCB_CFSR  0xE000ED28u
#define SCB_CPACR 0xE000ED88u
#define CCR_UNALIGN_TRP (1u << 3)
#define CFSR_UNALIGNED  (1u << 24)

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);
void Reset_Handler(void);
void Fault_Handler(void);

static inline uint32_t reg_read(uint32_t a) { return *(volatile const uint32_t *)a; }
static inline void reg_write(uint32_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

/* ARM semihosting: BKPT 0xAB, r0 = operation, r1 = argument. */
static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm("r0") = op;
    register const void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void put(const char *s) { (void)semihost(0x04u, s); } /* SYS_WRITE0 */

static void put_hex(uint32_t v)
{
    char b[11] = "0x00000000";
    int i;
    for (i = 0; i < 8; i++) {
        b[9 - i] = "0123456789ABCDEF"[(v >> (4 * i)) & 0xFu];
    }
    put(b);
}

static void leave(uint32_t code)
{
    uint32_t block[2] = {0x20026u, code}; /* ADP_Stopped_ApplicationExit, status */
    (void)semihost(0x20u, block);          /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}

void fault_report(const uint32_t *frame);

/* The exception frame (r0-r3, r12, lr, pc, xpsr) is on the main stack: pass it on. */
__attribute__((naked)) void Fault_Handler(void)
{
    __asm volatile("mrs r0, msp\n\tb fault_report");
}

void fault_report(const uint32_t *frame)
{
    uint32_t cfsr = reg_read(SCB_CFSR);
    reg_write(SCB_CCR, reg_read(SCB_CCR) & ~CCR_UNALIGN_TRP); /* the report itself may copy unaligned */
    put("fault: pc ");
    put_hex(frame[6]);
    put(", CFSR ");
    put_hex(cfsr);
    put((cfsr & CFSR_UNALIGNED) ? " (UsageFault UNALIGNED)\n" : "\n");
    leave((cfsr & CFSR_UNALIGNED) ? 3u : 4u);
}

typedef struct {
    uint32_t *initial_sp;
    void (*handler[6])(void);
} vectors_t;

__attribute__((section(".isr_vector"), used)) const vectors_t vector_table = {
    &_estack, {Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler}};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata, *dst;
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0u;
    }
    reg_write(SCB_CPACR, reg_read(SCB_CPACR) | (0xFu << 20)); /* QEMU enforces it (NOCP otherwise) */
    __asm volatile("dsb\n\tisb" ::: "memory");
    reg_write(SCB_CCR, reg_read(SCB_CCR) | CCR_UNALIGN_TRP);
    __asm volatile("dsb\n\tisb" ::: "memory");
    leave((uint32_t)main());
}

#if defined(QEMU_CONTROL)
int main(void)
{
    put("control: raw float store at offset 6 (unaligned VSTR)\n");
    *(volatile float *)(BKPSRAM_BASE_ADDR + 6u) = (float)reg_read(SCB_CCR) * 0.001f;
    put("control: no fault\n");
    return 0;
}
#else
int main(void)
{
    bkpsram_config_t cfg = {0u, 1u, 0u, 0u}; /* no regulator to wait for in QEMU */
    uint32_t fails, checks;
    int rc = bkpsram_init(&cfg);
    if (rc != BKPSRAM_OK) {
        put(bkpsram_strerror(rc));
        return 1;
    }
    fails = typed_sweep(&checks);
    fails += bkpsram_fill_u8(0x5Au) != 0 || bkpsram_fill_u16(0x1234u) != 0 || bkpsram_fill_u32(7u) != 0;
    put("typed accessors at every offset with CCR.UNALIGN_TRP=1: ");
    put_hex(checks);
    put(" round trips, ");
    put_hex(fails);
    put(" failures, 0 UsageFaults\n");
    return fails == 0u ? 0 : 1;
}
#endif

/* SPDX-License-Identifier: MIT */
/* Startup code of the examples: vector table, .data copy, .bss zeroing, FPU enable, main(). */
#include <stdint.h>

#include "regs.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);
void Reset_Handler(void);
void Default_Handler(void);

void Default_Handler(void)
{
    for (;;) {
    }
}

void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

/* Core exceptions only: the examples enable no peripheral interrupt. */
typedef struct {
    uint32_t *initial_sp;
    void (*handler[15])(void);
} vector_table_t;

__attribute__((section(".isr_vector"), used)) const vector_table_t vector_table = {
    &_estack,
    {Reset_Handler, NMI_Handler, HardFault_Handler, MemManage_Handler, BusFault_Handler, UsageFault_Handler, 0, 0,
     0, 0, SVC_Handler, DebugMon_Handler, 0, PendSV_Handler, SysTick_Handler},
};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata, *dst;
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0u;
    }
    /* CP10/CP11 full access before any FPU instruction (ARMv7-M B3.2.20): -mfloat-abi=hard. */
    reg_set(SCB_CPACR, 0xFu << 20);
    __asm volatile("dsb\n\tisb" ::: "memory");
    (void)main();
    for (;;) {
    }
}

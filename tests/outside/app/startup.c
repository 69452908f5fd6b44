/* SPDX-License-Identifier: MIT */
/* A user's minimal start-up code: vector table, .data copy, .bss zeroing, FPU on, main(). */
#include <stdint.h>

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
int main(void);
void Reset_Handler(void);

typedef struct {
    uint32_t *initial_sp;
    void (*reset)(void);
} vectors_t;

__attribute__((section(".vectors"), used)) static const vectors_t vectors = {_estack, Reset_Handler};

void Reset_Handler(void)
{
    uint32_t *s = _sidata, *d = _sdata;
    while (d < _edata) {
        *d++ = *s++;
    }
    for (d = _sbss; d < _ebss; d++) {
        *d = 0u;
    }
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* SCB_CPACR: CP10/CP11 full access */
    __asm volatile("dsb\n\tisb" ::: "memory");
    (void)main();
    for (;;) {
    }
}

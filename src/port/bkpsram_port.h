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

#else /* Cortex-M target */

static inline uint32_t bkpsram_port_rd32(uint32_t addr) { return *(volatile const uint32_t *)addr; }
static inline uint16_t bkpsram_port_rd16(uint32_t addr) { return *(volatile const uint16_t *)addr; }
static inline uint8_t bkpsram_port_rd8(uint32_t addr) { return *(volatile const uint8_t *)addr; }
static inline void bkpsram_port_wr32(uint32_t addr, uint32_t value) { *(volatile uint32_t *)addr = value; }
static inline void bkpsram_port_wr16(uint32_t addr, uint16_t value) { *(volatile uint16_t *)addr = value; }
static inline void bkpsram_port_wr8(uint32_t addr, uint8_t value) { *(volatile uint8_t *)addr = value; }

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

#endif /* BKPSRAM_PORT_H */

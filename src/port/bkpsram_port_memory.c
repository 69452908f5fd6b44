/* SPDX-License-Identifier: MIT */
/*
 * The memory port (include/bkpsram/bkpsram_memory.h): the accessors of bkpsram_port.h over a RAM
 * buffer and a few registers, answering as an STM32F407 with VBAT. Compiled to nothing unless
 * BKPSRAM_PORT_MEMORY is defined, so a build that takes every file of src/ may include it.
 */
#if defined(BKPSRAM_PORT_MEMORY)

#include "bkpsram/bkpsram_memory.h"

#include <stddef.h>

#include "bkpsram/bkpsram_opt.h"
#include "port/bkpsram_port.h"

#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
#error "the memory port has no CRC unit: use BKPSRAM_CRC_NIBBLE or BKPSRAM_CRC_TABLE"
#endif

#define IDCODE_F407 0x10000413u /* REV_ID 0x1000 (rev A), DEV_ID 0x413 */
#define CPUID_CM4   0x410FC241u
#define RCC_CSR_PIN 0x04000000u /* PINRSTF */

typedef struct {
    uint32_t ahb1enr, apb1enr, rcc_csr, pwr_cr, pwr_csr;
} regs_t;

static uint8_t sram[BKPSRAM_MEMORY_SIZE];
static regs_t regs = {0x00100000u, 0u, RCC_CSR_PIN, 0u, 0u};

uint8_t *bkpsram_memory(void)
{
    return sram;
}

void bkpsram_memory_reset(void)
{
    uint32_t bre = regs.pwr_csr & (BKPSRAM_PWR_CSR_BRE | BKPSRAM_PWR_CSR_BRR); /* the backup domain keeps both */
    regs.ahb1enr = 0x00100000u;
    regs.apb1enr = 0u;
    regs.rcc_csr = RCC_CSR_PIN;
    regs.pwr_cr = 0u;
    regs.pwr_csr = bre;
}

static uint32_t *reg(uint32_t addr)
{
    switch (addr) {
    case BKPSRAM_RCC_AHB1ENR: return &regs.ahb1enr;
    case BKPSRAM_RCC_APB1ENR: return &regs.apb1enr;
    case BKPSRAM_RCC_CSR: return &regs.rcc_csr;
    case BKPSRAM_PWR_CR: return &regs.pwr_cr;
    case BKPSRAM_PWR_CSR: return &regs.pwr_csr;
    default: return NULL;
    }
}

static int in_sram(uint32_t addr, uint32_t size)
{
    return addr >= BKPSRAM_BASE_ADDR && addr - BKPSRAM_BASE_ADDR <= BKPSRAM_MEMORY_SIZE - size;
}

static int sram_on(void)
{
    return (regs.ahb1enr & BKPSRAM_RCC_AHB1ENR_BKPSRAMEN) != 0u;
}

static uint32_t rd(uint32_t addr, uint32_t size)
{
    uint32_t v = 0u;
    const uint32_t *r = reg(addr);
    if (in_sram(addr, size) != 0) {
        uint32_t i;
        for (i = 0u; (sram_on() != 0) && (i < size); i++) {
            v |= (uint32_t)sram[addr - BKPSRAM_BASE_ADDR + i] << (8u * i);
        }
    } else if (addr == BKPSRAM_DBGMCU_IDCODE) {
        v = IDCODE_F407;
    } else if (addr == BKPSRAM_SCB_CPUID) {
        v = CPUID_CM4;
    } else if (r != NULL) {
        v = *r;
    } else {
        v = 0u;
    }
    return v;
}

static void wr(uint32_t addr, uint32_t value, uint32_t size)
{
    uint32_t *r = reg(addr);
    if (in_sram(addr, size) != 0) {
        uint32_t i;
        for (i = 0u; (sram_on() != 0) && ((regs.pwr_cr & BKPSRAM_PWR_CR_DBP) != 0u) && (i < size); i++) {
            sram[addr - BKPSRAM_BASE_ADDR + i] = (uint8_t)(value >> (8u * i));
        }
    } else if (addr == BKPSRAM_PWR_CSR) {
        if ((regs.pwr_cr & BKPSRAM_PWR_CR_DBP) != 0u) { /* BRE needs DBP; BRR follows BRE */
            regs.pwr_csr = ((value & BKPSRAM_PWR_CSR_BRE) != 0u) ? (BKPSRAM_PWR_CSR_BRE | BKPSRAM_PWR_CSR_BRR) : 0u;
        }
    } else if (addr == BKPSRAM_RCC_CSR) {
        if ((value & BKPSRAM_RCC_CSR_RMVF) != 0u) {
            regs.rcc_csr = 0u;
        }
    } else if (r != NULL) {
        *r = value;
    } else {
        /* other registers ignore writes */
    }
}

uint32_t bkpsram_port_rd32(uint32_t addr)
{
    return rd(addr, 4u);
}

uint16_t bkpsram_port_rd16(uint32_t addr)
{
    return (uint16_t)rd(addr, 2u);
}

uint8_t bkpsram_port_rd8(uint32_t addr)
{
    return (uint8_t)rd(addr, 1u);
}

void bkpsram_port_wr32(uint32_t addr, uint32_t value)
{
    wr(addr, value, 4u);
}

void bkpsram_port_wr16(uint32_t addr, uint16_t value)
{
    wr(addr, value, 2u);
}

void bkpsram_port_wr8(uint32_t addr, uint8_t value)
{
    wr(addr, value, 1u);
}

uint32_t bkpsram_port_context(void)
{
    return 0u; /* a host program: always the main line */
}

uint32_t bkpsram_port_irq_save(void)
{
    return 0u;
}

void bkpsram_port_irq_restore(uint32_t state)
{
    (void)state;
}

#else
typedef int bkpsram_port_memory_unused_t; /* ISO C: a translation unit is never empty */
#endif

/* SPDX-License-Identifier: MIT */
/*
 * The clock tree as ST-style start-up code sees it (RM0090 7.3): RCC_CR oscillators and PLLs
 * report ready as soon as they are switched on, CFGR.SWS follows CFGR.SW (to the PLL only when it
 * is ready), PLLCFGR keeps its value, FLASH_ACR keeps its latency, LSE (BDCR) and LSI (CSR) report
 * ready. SYSCLK is computed from those settings and the board's crystal; one instruction counts as
 * one core cycle (SysTick, IWDG). The registers the model owns (AHB1ENR, APB1ENR, BDCR, CSR) stay
 * there.
 */
#include "vb_internal.h"

#define RCC_CR      0x40023800u
#define RCC_PLLCFGR 0x40023804u
#define RCC_CFGR    0x40023808u
#define RCC_BDCR    0x40023870u
#define RCC_CSR     0x40023874u
#define FLASH_ACR   0x40023C00u

#define CR_ON_BITS  0x15010001u /* HSION(0) HSEON(16) PLLON(24) PLLI2SON(26) PLLSAION(28) */
#define HSI_HZ      16000000u

static uint32_t *reg(vboard_t *vb, uint32_t addr)
{
    return &vb->rcc_other[(addr - RCC_FIRST) >> 2];
}

void vb_rcc_reset(vboard_t *vb)
{
    memset(vb->rcc_other, 0, sizeof vb->rcc_other);
    *reg(vb, RCC_CR) = 0x00000083u;      /* HSION, HSIRDY, HSITRIM 16 */
    *reg(vb, RCC_PLLCFGR) = 0x24003010u; /* reset value */
    vb->flash_acr = 0u;
}

/* The PLL output: (input / PLLM) * PLLN / PLLP, input HSE (PLLSRC) or HSI. */
static uint32_t pll_hz(vboard_t *vb)
{
    uint32_t cfg = *reg(vb, RCC_PLLCFGR), m = cfg & 0x3Fu, n = (cfg >> 6) & 0x1FFu, p = 2u * (((cfg >> 16) & 3u) + 1u);
    uint64_t in = (cfg & (1u << 22)) ? vb->board->hse_hz : HSI_HZ;
    return (m == 0u) ? 0u : (uint32_t)(in * n / m / p);
}

uint32_t vb_sysclk_hz(vboard_t *vb)
{
    if (vb->board->soc->reset_hz != 0u) {
        return vb->board->soc->reset_hz; /* G4/L4: their RCC is not modelled; the reset clock */
    }
    switch ((*reg(vb, RCC_CFGR) >> 2) & 3u) {
    case 1u: return vb->board->hse_hz;
    case 2u: return pll_hz(vb);
    default: return HSI_HZ;
    }
}

int vb_rcc_claims(uint32_t addr)
{
    return (addr >= RCC_FIRST && addr <= RCC_LAST) || (addr & ~3u) == FLASH_ACR;
}

uint32_t vb_rcc_read(vboard_t *vb, uint32_t addr)
{
    return ((addr & ~3u) == FLASH_ACR) ? vb->flash_acr : *reg(vb, addr & ~3u);
}

void vb_rcc_write(vboard_t *vb, uint32_t addr, uint32_t v)
{
    addr &= ~3u;
    if (addr == FLASH_ACR) {
        vb->flash_acr = v & 0x1F0Fu; /* LATENCY, PRFTEN, ICEN, DCEN (resets self-clear) */
    } else if (addr == RCC_CR) { /* every oscillator is ready the moment it is on */
        uint32_t on = v & CR_ON_BITS;
        if ((v & (1u << 16)) && vb->board->hse_hz == 0u) {
            on &= ~(1u << 16); /* no crystal, no HSE */
        }
        *reg(vb, addr) = (v & ~(CR_ON_BITS << 1)) | (on << 1);
    } else if (addr == RCC_CFGR) {
        uint32_t sw = v & 3u, cr = *reg(vb, RCC_CR);
        uint32_t ready = sw == 0u ? (cr & 2u) : sw == 1u ? (cr & (1u << 17)) : sw == 2u ? (cr & (1u << 25)) : 0u;
        uint32_t sws = ready ? sw : (*reg(vb, addr) >> 2) & 3u;
        *reg(vb, addr) = (v & ~0xCu) | (sws << 2);
    } else {
        *reg(vb, addr) = v;
    }
}

/* After the model stored BDCR or CSR: LSE and LSI are ready once on (the boards carry a 32.768 kHz
 * crystal where they have one; LSI always exists). */
void vb_rcc_model_written(vboard_t *vb, uint32_t addr)
{
    if ((addr & ~3u) == RCC_BDCR) {
        vb->model.rcc_bdcr = (vb->model.rcc_bdcr & ~2u) | ((vb->model.rcc_bdcr & 1u) << 1);
    } else if ((addr & ~3u) == RCC_CSR) {
        vb->model.rcc_csr = (vb->model.rcc_csr & ~2u) | ((vb->model.rcc_csr & 1u) << 1);
    }
}

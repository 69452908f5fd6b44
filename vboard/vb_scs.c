/* SPDX-License-Identifier: MIT */
/*
 * System Control Space (ARMv7-M B3.2, B3.3): SCB (CPUID from the part, ICSR, VTOR, AIRCR, CCR,
 * SHPR1-3, SHCSR, CFSR, HFSR, MMFAR, BFAR, CPACR) and SysTick; DBGMCU goes to the model.
 * Byte and halfword accesses work as on silicon (CMSIS writes SHPR bytes, CFSR sub-registers).
 * SysTick counts core cycles (one per instruction), or cycles / 8 with CLKSOURCE = 0.
 */
#include "vb_internal.h"

#define SYST_CSR  0xE000E010u
#define SYST_RVR  0xE000E014u
#define SYST_CVR  0xE000E018u
#define SCB_CPUID 0xE000ED00u
#define SCB_ICSR  0xE000ED04u
#define SCB_VTOR  0xE000ED08u
#define SCB_AIRCR 0xE000ED0Cu
#define SCB_CCR   0xE000ED14u
#define SCB_SHPR1 0xE000ED18u
#define SCB_SHCSR 0xE000ED24u
#define SCB_CFSR  0xE000ED28u
#define SCB_HFSR  0xE000ED2Cu
#define SCB_MMFAR 0xE000ED34u
#define SCB_BFAR  0xE000ED38u
#define SCB_CPACR 0xE000ED88u

uint64_t vb_systick_period(vboard_t *vb)
{
    return ((uint64_t)(vb->systick_load & 0xFFFFFFu) + 1u) * ((vb->systick_ctrl & 4u) ? 1u : 8u);
}

static void systick_restart(vboard_t *vb)
{
    vb->systick_start = vb->res->insns;
    vb->systick_next = vb->systick_start + vb_systick_period(vb);
    vb->systick_wraps_seen = 0u;
}

static uint32_t systick_csr(vboard_t *vb)
{
    uint64_t wraps = (vb->res->insns - vb->systick_start) / vb_systick_period(vb);
    uint32_t v = vb->systick_ctrl;
    if ((v & 1u) && wraps > vb->systick_wraps_seen) {
        v |= 1u << 16; /* COUNTFLAG, cleared by this read */
        vb->systick_wraps_seen = wraps;
    }
    return v;
}

static uint32_t systick_cvr(vboard_t *vb)
{
    uint64_t period = vb_systick_period(vb), div = (vb->systick_ctrl & 4u) ? 1u : 8u;
    return (vb->systick_ctrl & 1u) ? (uint32_t)((period - 1u - (vb->res->insns - vb->systick_start) % period) / div) : 0u;
}

static uint32_t icsr(vboard_t *vb)
{
    uint32_t v = vb->exc_active ? (uint32_t)__builtin_ctz(vb->exc_active) : 0u, exc; /* VECTACTIVE (lowest active) */
    for (exc = 15u; exc >= 2u; exc--) {
        if (vb->exc_pending & (1u << exc)) {
            v |= exc << 12; /* VECTPENDING: highest-numbered pending is close enough for reading */
            break;
        }
    }
    v |= (vb->exc_pending & (1u << 14)) ? (1u << 28) : 0u; /* PENDSVSET */
    v |= (vb->exc_pending & (1u << 15)) ? (1u << 26) : 0u; /* PENDSTSET */
    return v;
}

static uint32_t shcsr(vboard_t *vb)
{
    uint32_t a = vb->exc_active, v = vb->scb_shcsr & 0x70000u; /* enables */
    v |= ((a >> 4) & 1u) | (((a >> 5) & 1u) << 1) | (((a >> 6) & 1u) << 3) | (((a >> 11) & 1u) << 7) |
         (((a >> 14) & 1u) << 10) | (((a >> 15) & 1u) << 11);
    return v;
}

static uint32_t word(vboard_t *vb, uint32_t addr)
{
    switch (addr) {
    case SYST_CSR: return systick_csr(vb);
    case SYST_RVR: return vb->systick_load;
    case SYST_CVR: return systick_cvr(vb);
    case SCB_CPUID: return vb_model_access(vb, addr, 4u, 0, 0); /* from the part */
    case SCB_ICSR: return icsr(vb);
    case SCB_VTOR: return vb->scb_vtor;
    case SCB_AIRCR: return 0xFA050000u | (vb->scb_aircr & 0x700u);
    case SCB_CCR: return vb->scb_ccr;
    case SCB_SHPR1: case SCB_SHPR1 + 4u: case SCB_SHPR1 + 8u: {
        uint32_t i = addr - SCB_SHPR1;
        return (uint32_t)vb->shpr[i] | (uint32_t)vb->shpr[i + 1u] << 8 | (uint32_t)vb->shpr[i + 2u] << 16 |
               (uint32_t)vb->shpr[i + 3u] << 24;
    }
    case SCB_SHCSR: return shcsr(vb);
    case SCB_CFSR: return vb->scb_cfsr;
    case SCB_HFSR: return vb->scb_hfsr;
    case SCB_MMFAR: return vb->scb_mmfar;
    case SCB_BFAR: return vb->scb_bfar;
    case SCB_CPACR: return vb->scb_cpacr;
    default: return 0u;
    }
}

uint64_t vb_scs_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    uint32_t addr = SCS_BASE + (uint32_t)off;
    (void)uc;
    (void)size;
    return word(ud, addr & ~3u) >> (8u * (addr & 3u));
}

static void icsr_write(vboard_t *vb, uint32_t v)
{
    if (v & (1u << 28)) {
        vb->exc_pending |= 1u << 14; /* PENDSVSET */
    }
    if (v & (1u << 27)) {
        vb->exc_pending &= ~(1u << 14); /* PENDSVCLR */
    }
    if (v & (1u << 26)) {
        vb->exc_pending |= 1u << 15; /* PENDSTSET */
    }
    if (v & (1u << 25)) {
        vb->exc_pending &= ~(1u << 15); /* PENDSTCLR */
    }
}

static void aircr_write(vboard_t *vb, uint32_t v)
{
    if ((v >> 16) == 0x05FAu) { /* VECTKEY; otherwise the write is ignored */
        vb->scb_aircr = v & 0x700u;
        if (v & (1u << 2)) {
            vb_stop(vb, VBOARD_RESET); /* SYSRESETREQ */
        }
    }
}

void vb_scs_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    uint32_t addr = SCS_BASE + (uint32_t)off, shift = 8u * (addr & 3u), v = (uint32_t)value << shift, i;
    (void)uc;
    if (addr >= SCB_SHPR1 && addr < SCB_SHPR1 + 12u) { /* byte-addressable priorities, 4 bits kept */
        for (i = 0; i < size && addr + i < SCB_SHPR1 + 12u; i++) {
            vb->shpr[addr - SCB_SHPR1 + i] = (uint8_t)((value >> (8u * i)) & 0xF0u);
        }
        return;
    }
    switch (addr & ~3u) {
    case SYST_CSR:
        vb->systick_ctrl = v & 7u;
        systick_restart(vb);
        break;
    case SYST_RVR: vb->systick_load = v & 0xFFFFFFu; break;
    case SYST_CVR: systick_restart(vb); break;
    case SCB_ICSR: icsr_write(vb, v); break;
    case SCB_VTOR: vb->scb_vtor = v & 0xFFFFFF80u; break;
    case SCB_AIRCR: aircr_write(vb, v); break;
    case SCB_CCR: vb->scb_ccr = v; break;
    case SCB_SHCSR: vb->scb_shcsr = (vb->scb_shcsr & ~0x70000u) | (v & 0x70000u); break;
    case SCB_CFSR: vb->scb_cfsr &= ~v; break; /* write 1 to clear, any sub-register */
    case SCB_HFSR: vb->scb_hfsr &= ~v; break;
    case SCB_MMFAR: vb->scb_mmfar = v; break;
    case SCB_BFAR: vb->scb_bfar = v; break;
    case SCB_CPACR: vb->scb_cpacr = v; break;
    default: break;
    }
}

uint64_t vb_dbg_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    return vb_model_access(vb, DBG_BASE + (uint32_t)off, size, 0, 0);
}

void vb_dbg_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)vb_model_access(vb, DBG_BASE + (uint32_t)off, size, 1, (uint32_t)value);
}

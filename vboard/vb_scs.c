/* SPDX-License-Identifier: MIT */
/* System Control Space (SCB, SysTick) and DBGMCU. */
#include "vb_internal.h"

static uint32_t systick_val(vboard_t *vb)
{
    uint64_t period = (uint64_t)(vb->systick_load & 0xFFFFFFu) + 1u;
    uint64_t elapsed = vb->res->insns - vb->systick_start;
    return (uint32_t)(vb->systick_load - (elapsed % period));
}

uint64_t vb_scs_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    vboard_t *vb = ud;
    uint32_t addr = SCS_BASE + (uint32_t)off;
    (void)uc;
    (void)size;
    switch (addr) {
    case 0xE000E010u: { /* SYST_CSR: COUNTFLAG (bit 16) when a period passed since the last read */
        uint32_t v = vb->systick_ctrl;
        uint64_t period = (uint64_t)(vb->systick_load & 0xFFFFFFu) + 1u;
        if ((v & 1u) && vb->res->insns - vb->systick_start >= period) {
            v |= 1u << 16;
            vb->systick_start = vb->res->insns;
        }
        return v;
    }
    case 0xE000E014u: return vb->systick_load;
    case 0xE000E018u: return (vb->systick_ctrl & 1u) ? systick_val(vb) : 0u;
    case 0xE000ED00u: return vb_model_access(vb, addr, 4u, 0, 0); /* CPUID from the part */
    case 0xE000ED08u: return vb->scb_vtor;
    case 0xE000ED0Cu: return 0xFA050000u | (vb->scb_aircr & 0x700u);
    case 0xE000ED14u: return vb->scb_ccr;
    case 0xE000ED24u: return vb->scb_shcsr;
    case 0xE000ED28u: return vb->scb_cfsr;
    case 0xE000ED88u: return vb->scb_cpacr;
    default: return 0u;
    }
}

void vb_scs_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    uint32_t addr = SCS_BASE + (uint32_t)off, v = (uint32_t)value;
    (void)uc;
    (void)size;
    switch (addr) {
    case 0xE000E010u:
        vb->systick_ctrl = v & 7u;
        vb->systick_start = vb->res->insns;
        break;
    case 0xE000E014u: vb->systick_load = v & 0xFFFFFFu; break;
    case 0xE000E018u: vb->systick_start = vb->res->insns; break;
    case 0xE000ED08u: vb->scb_vtor = v; break;
    case 0xE000ED0Cu:
        if ((v >> 16) == 0x05FAu) { /* VECTKEY; otherwise the write is ignored */
            vb->scb_aircr = v & 0x700u;
            if (v & (1u << 2)) {
                vb_stop(vb, VBOARD_RESET); /* SYSRESETREQ */
            }
        }
        break;
    case 0xE000ED14u: vb->scb_ccr = v; break;
    case 0xE000ED24u: vb->scb_shcsr = v; break;
    case 0xE000ED28u: vb->scb_cfsr &= ~v; break; /* write 1 to clear */
    case 0xE000ED88u: vb->scb_cpacr = v; break;
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


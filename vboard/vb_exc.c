/* SPDX-License-Identifier: MIT */
/*
 * Exceptions as ARMv7-M takes them (ARMv7-M ARM B1.5): the firmware's own handlers run.
 *   Entry: the 8-word frame (r0-r3, r12, lr, return address, xPSR), or the 26-word frame with
 *   s0-s15 and FPSCR when CONTROL.FPCA is set, on the stack in use, 8-byte aligned (xPSR bit 9
 *   records the padding); LR = EXC_RETURN; IPSR = the exception number; Handler mode on MSP;
 *   PC = the vector at VTOR. Return: a branch to EXC_RETURN in Handler mode (Unicorn raises it as
 *   interrupt 8) unstacks the same frame.
 *   Priorities: HardFault -1; SVCall, PendSV, SysTick and the configurable faults from SHPR1-3;
 *   PRIMASK masks all but HardFault, BASEPRI those at or below it; an exception preempts only a
 *   lower-priority (higher-numbered) execution priority. A configurable fault that is disabled in
 *   SHCSR or cannot preempt escalates to HardFault (HFSR.FORCED); a fault during HardFault is a
 *   lockup, reported as the boot's fault.
 *   Entry and return are applied between uc_emu_start runs (vb_exc_service): hooks only request
 *   them, so no register is written inside a hook (Unicorn pitfall 3).
 * Lazy FP stacking is not modelled: the FP registers are stacked at entry (what a handler sees in
 * the frame is the same). No NVIC external interrupts (IRQ0..): no modelled peripheral raises one.
 */
#include <stdio.h>

#include "vb_internal.h"

#define EXC_HARDFAULT 3u
#define EXC_SVCALL    11u
#define EXC_PENDSV    14u
#define EXC_SYSTICK   15u
#define XPSR_T        (1u << 24)
#define XPSR_ALIGN    (1u << 9)
#define CONTROL_SPSEL 2u
#define CONTROL_FPCA  4u

static const char *const exc_names[16] = {"", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
                                          "", "", "", "", "SVCall", "DebugMonitor", "", "PendSV", "SysTick"};

const char *vb_exc_name(uint32_t exc)
{
    return exc < 16u && exc_names[exc][0] != '\0' ? exc_names[exc] : "?";
}

static uint32_t rd(vboard_t *vb, int reg)
{
    uint32_t v = 0u;
    uc_reg_read(vb->uc, reg, &v);
    return v;
}

static void wr(vboard_t *vb, int reg, uint32_t v)
{
    uc_reg_write(vb->uc, reg, &v);
}

/* Priority of exception exc: -1 for HardFault, else its SHPR byte (4..15). */
static int prio(vboard_t *vb, uint32_t exc)
{
    return exc == EXC_HARDFAULT ? -1 : exc == 2u ? -2 : (int)vb->shpr[exc - 4u];
}

/* The execution priority: the highest (lowest number) of the active exceptions, PRIMASK, BASEPRI. */
static int exec_prio(vboard_t *vb)
{
    int p = 256;
    uint32_t exc, basepri;
    for (exc = 2u; exc < 16u; exc++) {
        if ((vb->exc_active & (1u << exc)) && prio(vb, exc) < p) {
            p = prio(vb, exc);
        }
    }
    basepri = rd(vb, UC_ARM_REG_BASEPRI) & 0xFFu;
    if (basepri != 0u && (int)basepri < p) {
        p = (int)basepri;
    }
    if ((rd(vb, UC_ARM_REG_PRIMASK) & 1u) && p > 0) {
        p = 0;
    }
    return p;
}

/* The pending exception that would preempt now (highest priority, lowest number first), or 0. */
static uint32_t next_exception(vboard_t *vb)
{
    uint32_t exc, best = 0u;
    int p = exec_prio(vb);
    for (exc = 2u; exc < 16u; exc++) {
        if ((vb->exc_pending & (1u << exc)) && prio(vb, exc) < p) {
            p = prio(vb, exc);
            best = exc;
        }
    }
    return best;
}

/* Called at block boundaries: SysTick, and whether something should preempt now. */
void vb_exc_tick(vboard_t *vb)
{
    if ((vb->systick_ctrl & 3u) == 3u && vb->res->insns >= vb->systick_next) { /* ENABLE and TICKINT */
        vb->exc_pending |= 1u << EXC_SYSTICK;
        vb->systick_next += vb_systick_period(vb);
        if (vb->systick_next <= vb->res->insns) {
            vb->systick_next = vb->res->insns + vb_systick_period(vb); /* far behind: no storm */
        }
    }
    if (vb->exc_pending != 0u && vb->exc_enabled && !vb->exc_request && next_exception(vb) != 0u) {
        vb->exc_request = 1;
        uc_emu_stop(vb->uc);
    }
}

/* A synchronous fault: exc 4..6 with its CFSR bits, escalated to HardFault when that fault is
 * disabled or cannot preempt. Returns 0 when it will be taken, -1 for a lockup (or no delivery). */
int vb_exc_fault(vboard_t *vb, uint32_t exc, uint32_t cfsr, uint32_t addr)
{
    static const uint32_t ena[3] = {1u << 16, 1u << 17, 1u << 18}; /* MEMFAULTENA, BUSFAULTENA, USGFAULTENA */
    if (!vb->exc_enabled || (vb->exc_active & (1u << EXC_HARDFAULT)) || vb->exc_request) {
        return -1;
    }
    vb->scb_cfsr |= cfsr;
    if (cfsr & (1u << 15)) {
        vb->scb_bfar = addr;
    }
    if (exc != EXC_HARDFAULT && (!(vb->scb_shcsr & ena[exc - 4u]) || prio(vb, exc) >= exec_prio(vb))) {
        vb->scb_hfsr |= 1u << 30; /* FORCED */
        exc = EXC_HARDFAULT;
    }
    vb->exc_pending |= 1u << exc;
    vb->exc_fault_pc = vb->last_pc;
    if (vb->res->insns_at_fault == 0u) { /* insns counts whole blocks: not the rest of this one */
        vb->res->insns_at_fault = vb->res->insns - vb_insns_after(vb, vb->last_pc);
    }
    vb->exc_request = 1;
    vb->faults_taken++;
    uc_emu_stop(vb->uc);
    return 0;
}

/* SVC: taken at once, return address past the SVC (Unicorn reports it with PC already there). */
void vb_exc_svc(vboard_t *vb)
{
    vb->exc_pending |= 1u << EXC_SVCALL;
    vb->exc_request = 1;
    uc_emu_stop(vb->uc);
}

void vb_exc_return_request(vboard_t *vb)
{
    vb->exc_return = 1;
    uc_emu_stop(vb->uc);
}

/* Push the frame for an exception taken now; returns the EXC_RETURN value for LR. *stacked is 0
 * when the stack is not memory (nothing stacked, SP moved all the same). */
static uint32_t push_frame(vboard_t *vb, uint32_t return_pc, int *stacked)
{
    static const int core[5] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R12};
    uint32_t control = rd(vb, UC_ARM_REG_CONTROL), ipsr = rd(vb, UC_ARM_REG_IPSR) & 0x1FFu;
    int fp = (control & CONTROL_FPCA) != 0, psp = ipsr == 0u && (control & CONTROL_SPSEL);
    uint32_t sp = rd(vb, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP), size = fp ? 0x68u : 0x20u, frame[26], i;
    uint32_t xpsr = rd(vb, UC_ARM_REG_XPSR) | XPSR_T;
    sp -= size;
    if (sp & 4u) {
        sp -= 4u;
        xpsr |= XPSR_ALIGN;
    } else {
        xpsr &= ~XPSR_ALIGN;
    }
    for (i = 0; i < 5u; i++) {
        frame[i] = rd(vb, core[i]);
    }
    frame[5] = rd(vb, UC_ARM_REG_LR);
    frame[6] = return_pc & ~1u;
    frame[7] = xpsr;
    for (i = 0; fp && i < 16u; i++) {
        frame[8u + i] = rd(vb, UC_ARM_REG_S0 + (int)i);
    }
    frame[24] = fp ? rd(vb, UC_ARM_REG_FPSCR) : 0u;
    frame[25] = 0u;
    *stacked = uc_mem_write(vb->uc, sp, frame, size) == UC_ERR_OK;
    wr(vb, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP, sp);
    /* EXC_RETURN: bit 4 = no FP frame, bit 3 = back to Thread mode, bit 2 = back to PSP */
    return 0xFFFFFFE1u | (fp ? 0u : 0x10u) | (ipsr == 0u ? 0x8u : 0u) | (psp ? 0x4u : 0u);
}

/* A stacking error (the stack pointer is not memory, e.g. after a stack overflow) is a BusFault
 * with CFSR.STKERR; modelled as escalated to HardFault (HFSR.FORCED), whose handler then runs
 * on that stack pointer. EXC_RETURN is computed as if the frame had been stacked. */
static void enter(vboard_t *vb, uint32_t exc, uint32_t return_pc)
{
    int stacked;
    uint32_t vector = 0u, exc_return = push_frame(vb, return_pc, &stacked);
    if (!stacked) {
        vb->scb_cfsr |= 1u << 12;
        vb->scb_hfsr |= 1u << 30;
        vb->exc_pending &= ~(1u << exc);
        exc = EXC_HARDFAULT;
    }
    vb->exc_pending &= ~(1u << exc);
    vb->exc_active |= 1u << exc;
    vb->exceptions_taken++;
    wr(vb, UC_ARM_REG_CONTROL, rd(vb, UC_ARM_REG_CONTROL) & ~(CONTROL_SPSEL | CONTROL_FPCA));
    wr(vb, UC_ARM_REG_XPSR, XPSR_T | exc);
    wr(vb, UC_ARM_REG_LR, exc_return);
    /* VTOR 0 is the boot alias of flash (BOOT0 = 0): the table at 0x08000000 */
    (void)vboard_read_mem(vb, (vb->scb_vtor < FLASH_BASE ? FLASH_BASE : 0u) + vb->scb_vtor + 4u * exc, &vector, 4u);
    vb->exc_pc = vector & ~1u;
    if (vb->res->exception[0] == '\0' || exc <= 6u) {
        snprintf(vb->res->exception, sizeof vb->res->exception, "%s taken at pc 0x%08X", vb_exc_name(exc),
                 return_pc & ~1u);
    }
}

static void leave(vboard_t *vb)
{
    static const int core[8] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
                                UC_ARM_REG_R12, UC_ARM_REG_LR, UC_ARM_REG_PC, UC_ARM_REG_XPSR};
    uint32_t ret = rd(vb, UC_ARM_REG_PC) | 0xF0000000u, ipsr = rd(vb, UC_ARM_REG_IPSR) & 0x1FFu;
    int fp = (ret & 0x10u) == 0u, psp = (ret & 0x4u) != 0u;
    uint32_t sp = rd(vb, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP), frame[26], i, control;
    uc_mem_read(vb->uc, sp, frame, fp ? 0x68u : 0x20u);
    for (i = 0; i < 8u; i++) {
        wr(vb, core[i], i == 6u ? frame[i] & ~1u : frame[i]);
    }
    for (i = 0; fp && i < 16u; i++) {
        wr(vb, UC_ARM_REG_S0 + (int)i, frame[8u + i]);
    }
    if (fp) {
        wr(vb, UC_ARM_REG_FPSCR, frame[24]);
    }
    sp += (fp ? 0x68u : 0x20u) + ((frame[7] & XPSR_ALIGN) ? 4u : 0u);
    control = rd(vb, UC_ARM_REG_CONTROL) & ~(CONTROL_SPSEL | CONTROL_FPCA);
    control |= (psp ? CONTROL_SPSEL : 0u) | (fp ? CONTROL_FPCA : 0u);
    wr(vb, UC_ARM_REG_CONTROL, control);
    wr(vb, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP, sp);
    vb->exc_active &= ~(1u << ipsr);
    vb->exc_pc = frame[6] & ~1u;
}

/* Between runs: apply a requested exception return or entry. Returns the PC to resume at, or 0
 * when nothing was requested. */
uint32_t vb_exc_service(vboard_t *vb)
{
    uint32_t exc;
    if (vb->exc_return) {
        vb->exc_return = 0;
        leave(vb);
        vb_exc_tick(vb); /* tail-chaining: a pending exception is taken right away */
        vb->exc_request = 0;
        exc = next_exception(vb);
        if (exc == 0u) {
            return vb->exc_pc;
        }
        enter(vb, exc, vb->exc_pc);
        return vb->exc_pc;
    }
    if (!vb->exc_request) {
        return 0u;
    }
    vb->exc_request = 0;
    exc = next_exception(vb);
    if (exc == 0u) {
        return vb_cpu_pc(vb);
    }
    enter(vb, exc, (exc >= EXC_HARDFAULT && exc <= 6u) ? vb->exc_fault_pc : vb_cpu_pc(vb));
    return vb->exc_pc;
}

void vb_exc_reset(vboard_t *vb)
{
    vb->exc_pending = vb->exc_active = 0u;
    vb->exc_request = vb->exc_return = 0;
    memset(vb->shpr, 0, sizeof vb->shpr);
    vb->scb_hfsr = vb->scb_bfar = vb->scb_mmfar = 0u;
    vb->exceptions_taken = vb->faults_taken = 0u;
}

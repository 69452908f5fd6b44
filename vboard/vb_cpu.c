/* SPDX-License-Identifier: MIT */
/* Unicorn hooks: instruction counting, idle detection, faults (vb_internal.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vb_internal.h"

/* ---- helpers -------------------------------------------------------------------------- */

void vb_fault(vboard_t *vb, uint32_t addr, const char *fmt, ...)
{
    va_list ap;
    if (vb->stopped) {
        return;
    }
    vb->stopped = 1;
    vb->res->outcome = VBOARD_FAULT;
    vb->res->fault_pc = vb->last_pc;
    vb->res->fault_addr = addr;
    va_start(ap, fmt);
    vsnprintf(vb->res->fault, sizeof vb->res->fault, fmt, ap);
    va_end(ap);
    uc_emu_stop(vb->uc);
}

void vb_fault_exc(vboard_t *vb, uint32_t exc, uint32_t cfsr, uint32_t addr, const char *fmt, ...)
{
    va_list ap;
    char text[sizeof vb->res->fault];
    if (vb->stopped || vb->fault_pending) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    vb->fault_pending = 1;
    if (vb->res->fault[0] == '\0') { /* the first fault of the boot is the one reported */
        vb->res->fault_pc = vb->last_pc;
        vb->res->fault_addr = addr;
        memcpy(vb->res->fault, text, sizeof text);
    }
    if (vb_exc_fault(vb, exc, cfsr, addr) == 0) {
        return; /* the firmware's handler runs next */
    }
    if (vb->exc_enabled && (vb->exc_active & (1u << 3))) {
        snprintf(vb->res->exception, sizeof vb->res->exception, "lockup: %s in the HardFault handler at pc 0x%08X",
                 text, vb->last_pc);
    }
    vb->stopped = 1;
    vb->res->outcome = VBOARD_FAULT;
    uc_emu_stop(vb->uc);
}

/* The load/store instruction at pc, for fault reports ("VSTR", "STR.W", "LDRD", "PUSH"...). */
const char *vb_insn_name(vboard_t *vb, uint32_t pc)
{
    static const char *const reg16[8] = {"STR", "STRH", "STRB", "LDRSB", "LDR", "LDRH", "LDRB", "LDRSH"};
    static const char *const imm16[6] = {"STR", "LDR", "STRB", "LDRB", "STRH", "LDRH"};
    uint16_t h = vb_fetch16(vb, pc);
    if ((h >> 11) < 0x1Du) {
        if (h >= 0x6000u && h < 0x9000u) {
            return imm16[(h - 0x6000u) >> 11];
        }
        if ((h & 0xF000u) == 0x5000u) {
            return reg16[(h >> 9) & 7u];
        }
        if ((h & 0xF000u) == 0x9000u) {
            return (h & 0x0800u) ? "LDR (SP)" : "STR (SP)";
        }
        if ((h & 0xF800u) == 0x4800u) {
            return "LDR (literal)";
        }
        if ((h & 0xF600u) == 0xB400u) {
            return (h & 0x0800u) ? "POP" : "PUSH";
        }
        if ((h & 0xF000u) == 0xC000u) {
            return (h & 0x0800u) ? "LDM" : "STM";
        }
        return "16-bit instruction";
    }
    if ((h & 0xFE00u) == 0xE800u) {
        return (h & 0x0040u) ? ((h & 0x0010u) ? "LDRD" : "STRD") : ((h & 0x0010u) ? "LDM.W" : "STM.W");
    }
    if ((h & 0xFE00u) == 0xEC00u) {
        return (h & 0x0100u) ? ((h & 0x0010u) ? "VLDR" : "VSTR") : ((h & 0x0010u) ? "VLDM/VPOP" : "VSTM/VPUSH");
    }
    if ((h & 0xFE00u) == 0xF800u) {
        static const char *const w[8] = {"STRB.W", "LDRB.W", "STRH.W", "LDRH.W", "STR.W", "LDR.W", "?", "?"};
        return (h & 0x0100u) ? ((h & 0x0020u) ? "LDRSH.W" : "LDRSB.W") : w[(h >> 4) & 7u];
    }
    return "32-bit instruction";
}

void vb_stop(vboard_t *vb, vboard_outcome_t o)
{
    if (!vb->stopped) {
        vb->stopped = 1;
        vb->res->outcome = o;
        uc_emu_stop(vb->uc);
    }
}

uint16_t vb_fetch16(vboard_t *vb, uint32_t addr)
{
    uint16_t h = 0;
    if (addr >= FLASH_BASE && addr + 2u <= FLASH_BASE + vb->board->flash_size) {
        memcpy(&h, vb->flash + (addr - FLASH_BASE), 2);
    } else {
        (void)uc_mem_read(vb->uc, addr, &h, 2);
    }
    return h;
}

/* Thumb-2: a halfword with bits 15:11 = 0b11101/0b11110/0b11111 starts a 32-bit instruction. */
/* An idle loop: `b .` (while (1) {} at -Os), or NOPs and a branch back to the first of them
 * (the same loop at -O0: `nop; b.n <nop>`). Nothing in it can change state. */
static int idle_loop(vboard_t *vb, uint32_t addr, uint32_t size)
{
    uint32_t off;
    uint16_t last;
    if (size < 2u || size > 8u) {
        return 0;
    }
    for (off = 0u; off + 2u < size; off += 2u) {
        if (vb_fetch16(vb, addr + off) != INSN_NOP) {
            return 0;
        }
    }
    last = vb_fetch16(vb, addr + size - 2u);
    return (last & 0xF800u) == 0xE000u && /* B<c> T2: imm11, target = PC + 4 + 2 * imm11 */
           addr + size + 2u + (uint32_t)((int32_t)((uint32_t)(last & 0x7FFu) << 21) >> 20) == addr;
}

/* Instructions in the block, and whether it is an idle loop: decoded once per block (cached). */
static uint32_t count_insns(vboard_t *vb, uint32_t addr, uint32_t size, int *idle)
{
    uint32_t slot = (addr >> 1) % COUNT_CACHE, n = 0, off = 0;
    if (vb->ccache[slot].addr == addr && vb->ccache[slot].size == size) {
        *idle = vb->ccache[slot].idle;
        return vb->ccache[slot].count;
    }
    while (off < size) {
        uint16_t h = vb_fetch16(vb, addr + off);
        off += ((h >> 11) >= 0x1Du) ? 4u : 2u;
        n++;
    }
    *idle = idle_loop(vb, addr, size);
    vb->ccache[slot].addr = addr;
    vb->ccache[slot].size = size;
    vb->ccache[slot].count = n;
    vb->ccache[slot].idle = (uint8_t)*idle;
    return n;
}

/* ---- hooks ---------------------------------------------------------------------------- */

/* Instructions of the current block after the one at pc (counted at block entry, never run). */
uint32_t vb_insns_after(vboard_t *vb, uint32_t pc)
{
    uint32_t n = 0u, a = pc;
    if (pc < vb->block_addr || pc >= vb->block_end) {
        return 0u;
    }
    for (a += ((vb_fetch16(vb, a) >> 11) >= 0x1Du) ? 4u : 2u; a < vb->block_end; n++) {
        a += ((vb_fetch16(vb, a) >> 11) >= 0x1Du) ? 4u : 2u;
    }
    return n;
}

void vb_on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    vboard_t *vb = ud;
    int idle;
    uint32_t n = count_insns(vb, (uint32_t)addr, size, &idle);
    (void)uc;
    if (!vb->precise) {
        vb->last_pc = (uint32_t)addr; /* a fast board knows the block, not the instruction */
    }
    vb->block_addr = (uint32_t)addr;
    vb->block_end = (uint32_t)addr + size;
    if (idle) {
        vb_stop(vb, VBOARD_IDLE); /* while (1) {} */
        return;
    }
    vb->res->insns += n;
    if (vb->profile != NULL) {
        vb_profile_add(vb, (uint32_t)addr, n);
    }
    vb_iwdg_tick(vb);
    if (vb->debug) {
        vb_gdb_poll(vb);
    }
    if (vb->exc_enabled) {
        vb_exc_tick(vb);
    }
    if (vb->res->insns > vb->max_insns) {
        vb_stop(vb, VBOARD_MAX_INSNS);
    }
}

/* CCR.DIV_0_TRP (bit 4): SDIV/UDIV (T1: 0xFB9n / 0xFBBn, Rm in the second halfword) by zero is a
 * UsageFault DIVBYZERO, CFSR bit 25 (ARMv7-M B3.2.8, B3.2.15); Unicorn would return 0. */
static void check_div0(vboard_t *vb, uint32_t addr)
{
    uint16_t h = vb_fetch16(vb, addr);
    uint32_t rm = 1u;
    if ((h & 0xFFD0u) != 0xFB90u) {
        return;
    }
    uc_reg_read(vb->uc, UC_ARM_REG_R0 + (int)(vb_fetch16(vb, addr + 2u) & 0xFu), &rm);
    if (rm == 0u) {
        vb_fault_exc(vb, 6u, 1u << 25, addr, "UsageFault DIVBYZERO: %s by zero at pc 0x%08X (CCR.DIV_0_TRP set)",
                     (h & 0x20u) ? "UDIV" : "SDIV", addr);
    }
}

/* PC is stale inside memory callbacks in Unicorn 2.0.1 (pitfall 2): a code hook records the
 * address of every instruction, so a fault names the exact instruction. */
void vb_on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    vb->last_pc = (uint32_t)addr;
    if (size == 4u && (vb->scb_ccr & (1u << 4))) {
        check_div0(vb, (uint32_t)addr);
    }
    if (vb->debug) {
        vb_gdb_on_code(vb, (uint32_t)addr);
    }
}

uint32_t vb_current_pc(vboard_t *vb)
{
    return vb->last_pc;
}

uint32_t vb_cpu_pc(vboard_t *vb)
{
    uint32_t pc = 0;
    uc_reg_read(vb->uc, UC_ARM_REG_PC, &pc);
    return pc;
}

/* ARMv7-M A3.2.1: LDM/STM, PUSH/POP, LDRD/STRD, LDREX/STREX and VLDR/VSTR/VLDM/VSTM always need
 * alignment; LDR/STR/LDRH/STRH only with CCR.UNALIGN_TRP (first halfword of the instruction). */
static int needs_alignment(uint16_t insn)
{
    if ((insn >> 11) >= 0x1Du) {
        return (insn & 0xF800u) == 0xE800u; /* 0xE800-0xEFFF: LDM/STM/LDRD/STRD/LDREX/STREX, VLDR/VSTR... */
    }
    return (insn & 0xF000u) == 0xC000u || (insn & 0xF600u) == 0xB400u; /* LDM/STM, PUSH/POP */
}

/* Original (unsplit) accesses to the backup SRAM window: Device memory. Strict (default): any
 * unaligned access faults, as the library's contract assumes; with unaligned_ok only the
 * instructions that always need alignment fault, LDR/STR/LDRH/STRH are split as on an AHB slave
 * that accepts them. Unicorn would otherwise split everything into byte accesses. */
void vb_on_bkp_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    if ((addr & (uint64_t)(size - 1)) != 0u && (!vb->unaligned_ok || needs_alignment(vb_fetch16(vb, vb->last_pc)))) {
        const char *dir = type == UC_MEM_WRITE ? "write" : "read", *insn = vb_insn_name(vb, vb->last_pc);
        vb->model.violations[BKM_V_UNALIGNED]++;
        vb->model.faulted = 1u;
        snprintf(vb->res->violation, sizeof vb->res->violation, "%s: %d-byte %s at 0x%08X by %s, pc 0x%08X",
                 bkm_violation_name(BKM_V_UNALIGNED), size, dir, (uint32_t)addr, insn, vb->last_pc);
        vb_fault_exc(vb, 6u, 1u << 24, (uint32_t)addr,
                     "UsageFault UNALIGNED: unaligned %d-byte %s of Device memory (backup SRAM) at 0x%08X by %s (%s)",
                     size, dir, (uint32_t)addr, insn, vb->unaligned_ok ? "always needs alignment" : "strict");
    }
}

/* Unaligned accesses to Normal memory (flash, SRAM, CCM), ARMv7-M A3.2.1: LDM/STM, PUSH/POP,
 * LDRD/STRD, LDREX/STREX and VLDR/VSTR/VLDM/VSTM always fault; LDR/STR/LDRH/STRH fault only with
 * CCR.UNALIGN_TRP. The hook sees the access before Unicorn splits it; the instruction is decoded
 * at the exact PC that the code hook recorded. */
void vb_on_ram_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    uint16_t insn;
    int always;
    (void)uc;
    (void)value;
    if (size <= 1 || (addr & (uint64_t)(size - 1)) == 0u) {
        return;
    }
    insn = vb_fetch16(vb, vb->last_pc);
    always = needs_alignment(insn);
    if (size >= 8 && (addr & 3u) == 0u) {
        return; /* 64-bit transfers need word alignment only */
    }
    if (always || (vb->scb_ccr & (1u << 3))) {
        if (type == UC_MEM_WRITE && size <= (int)sizeof vb->undo) { /* a faulting store writes nothing */
            vb->undo_addr = (uint32_t)addr;
            vb->undo_len = (uint32_t)size;
            (void)vboard_read_mem(vb, vb->undo_addr, vb->undo, vb->undo_len);
        }
        vb_fault_exc(vb, 6u, 1u << 24, (uint32_t)addr, "UsageFault UNALIGNED: %d-byte %s at 0x%08X by %s (0x%04X)%s",
                     size, type == UC_MEM_WRITE ? "write" : "read", (uint32_t)addr, vb_insn_name(vb, vb->last_pc),
                     insn, always ? "" : " (CCR.UNALIGN_TRP set)");
    }
}

bool vb_on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    int fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
    vb->last_pc = vb_current_pc(vb);
    if (fetch) {
        vb_fault_exc(vb, 5u, 1u << 8, (uint32_t)addr, "bus fault: fetch of %d bytes at unmapped 0x%08X", size,
                     (uint32_t)addr);
    } else {
        vb_fault_exc(vb, 5u, (1u << 9) | (1u << 15), (uint32_t)addr, "bus fault: %s of %d bytes at unmapped 0x%08X by %s",
                     type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT ? "write" : "read", size,
                     (uint32_t)addr, vb_insn_name(vb, vb->last_pc));
    }
    return false;
}

void vb_on_intr(uc_engine *uc, uint32_t intno, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    vb->last_pc = vb_current_pc(vb);
    if (intno == 8u && vb->exc_enabled) { /* EXCP_EXCEPTION_EXIT: a branch to EXC_RETURN */
        vb_exc_return_request(vb);
    } else if (intno == 2u && vb->exc_enabled) {
        vb_exc_svc(vb);
    } else if (intno == 7u && vb_semihost(vb)) {
        /* served; the core resumes after the BKPT, or the run stopped (SYS_EXIT) */
    } else if (intno == 1u) {
        vb_fault_exc(vb, 6u, 1u << 16, vb->last_pc, "UsageFault UNDEFINSTR: undefined instruction at pc 0x%08X",
                     vb->last_pc);
    } else {
        vb_fault(vb, vb->last_pc, "exception %u (%s) at pc 0x%08X", intno,
                 intno == 7 ? "BKPT" : intno == 2 ? "SVC" : intno == 8 ? "exception return" : "other", vb->last_pc);
    }
}


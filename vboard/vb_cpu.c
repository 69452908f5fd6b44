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
static uint32_t count_insns(vboard_t *vb, uint32_t addr, uint32_t size)
{
    uint32_t slot = (addr >> 1) % COUNT_CACHE, n = 0, off = 0;
    if (vb->ccache[slot].addr == addr && vb->ccache[slot].size == size) {
        return vb->ccache[slot].count;
    }
    while (off < size) {
        uint16_t h = vb_fetch16(vb, addr + off);
        off += ((h >> 11) >= 0x1Du) ? 4u : 2u;
        n++;
    }
    vb->ccache[slot].addr = addr;
    vb->ccache[slot].size = size;
    vb->ccache[slot].count = n;
    return n;
}

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

/* ---- hooks ---------------------------------------------------------------------------- */

void vb_on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    if (idle_loop(vb, (uint32_t)addr, size)) {
        vb_stop(vb, VBOARD_IDLE); /* while (1) {} */
        return;
    }
    vb->res->insns += count_insns(vb, (uint32_t)addr, size);
    if (vb->res->insns > vb->max_insns) {
        vb_stop(vb, VBOARD_MAX_INSNS);
    }
}

/* PC is stale inside memory callbacks in Unicorn 2.0.1 (pitfall 2): a code hook records the
 * address of every instruction, so a fault names the exact instruction. */
void vb_on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    (void)uc;
    (void)size;
    ((vboard_t *)ud)->last_pc = (uint32_t)addr;
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

/* Original (unsplit) accesses to the backup SRAM window: Device memory, so any unaligned access
 * faults here (ARMv7-M A3.2.1); Unicorn would otherwise split it into byte accesses. */
void vb_on_bkp_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    if ((addr & (uint64_t)(size - 1)) != 0u) {
        vb->last_pc = vb_current_pc(vb);
        vb->model.violations[BKM_V_UNALIGNED]++;
        vb->model.faulted = 1u;
        vb_fault(vb, (uint32_t)addr, "unaligned %d-byte %s of Device memory (backup SRAM) at 0x%08X", size,
                  type == UC_MEM_WRITE ? "write" : "read", (uint32_t)addr);
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
    if ((insn >> 11) >= 0x1Du) {
        always = (insn & 0xF800u) == 0xE800u; /* 0xE800-0xEFFF: LDM/STM/LDRD/STRD/LDREX/STREX, LDC/STC/VLDR/VSTR */
    } else {
        always = (insn & 0xF000u) == 0xC000u || (insn & 0xF600u) == 0xB400u; /* LDM/STM, PUSH/POP */
    }
    if (size >= 8 && (addr & 3u) == 0u) {
        return; /* 64-bit transfers need word alignment only */
    }
    if (always || (vb->scb_ccr & (1u << 3))) {
        vb_fault(vb, (uint32_t)addr, "UsageFault UNALIGNED: %d-byte %s at 0x%08X by instruction 0x%04X%s", size,
                  type == UC_MEM_WRITE ? "write" : "read", (uint32_t)addr, insn,
                  always ? "" : " (CCR.UNALIGN_TRP set)");
    }
}

bool vb_on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    vb->last_pc = vb_current_pc(vb);
    vb_fault(vb, (uint32_t)addr, "bus fault: %s of %d bytes at unmapped 0x%08X",
              type == UC_MEM_FETCH_UNMAPPED ? "fetch" : type == UC_MEM_WRITE_UNMAPPED ? "write" : "read", size,
              (uint32_t)addr);
    return false;
}

void vb_on_intr(uc_engine *uc, uint32_t intno, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    vb->last_pc = vb_current_pc(vb);
    vb_fault(vb, vb->last_pc, "exception %u (%s) at pc 0x%08X", intno,
              intno == 7 ? "BKPT" : intno == 2 ? "SVC" : intno == 1 ? "UDF/undefined" : "other", vb->last_pc);
}


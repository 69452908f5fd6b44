/* SPDX-License-Identifier: MIT */
/*
 * vboard: Unicorn front end over the behavioural model. Pitfalls of Unicorn 2.0.1 and how they
 * are handled are listed in vboard/README.md.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "vboard.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#define FLASH_BASE  0x08000000u
#define SRAM_BASE   0x20000000u
#define CCM_BASE    0x10000000u
#define PERIPH_BASE 0x40000000u
#define PERIPH_SIZE 0x00030000u /* APB1, APB2, AHB1 */
#define SCS_BASE    0xE000E000u
#define DBG_BASE    0xE0042000u
#define BKP_BASE    0x40024000u
#define USART2      0x40004400u
#define GPIO_FIRST  0x40020000u
#define GPIO_LAST   0x40022BFFu
#define ADC1        0x40012000u /* RM0090 13.13: SR 0x00, CR2 0x08, DR 0x4C; common CCR 0x40012304 */
#define ADC_LAST    0x400123FFu
#define RCC_FIRST   0x40023800u
#define RCC_LAST    0x40023BFFu
#define CALL_RETURN 0x0FFFFFF0u /* unmapped: a call returns here and stops */
#define INSN_NOP    0xBF00u
#define INSN_WFI    0xBF30u

const vboard_board_t vboard_boards[] = {
    {"stm32f4-discovery", "f407", 1024u << 10, 128u << 10, 64u << 10,
     {{"green", 3, 12}, {"orange", 3, 13}, {"red", 3, 14}, {"blue", 3, 15}}, 4},
    {"stm32f429i-disc1", "f429", 2048u << 10, 192u << 10, 64u << 10, {{"green", 6, 13}, {"red", 6, 14}}, 2},
    {"nucleo-f446re", "f446", 512u << 10, 128u << 10, 0u, {{"ld2", 0, 5}}, 1},
    {"nucleo-f401re", "f401e", 512u << 10, 96u << 10, 0u, {{"ld2", 0, 5}}, 1},
    {"nucleo-f411re", "f411", 512u << 10, 128u << 10, 0u, {{"ld2", 0, 5}}, 1},
};
const size_t vboard_board_count = sizeof vboard_boards / sizeof vboard_boards[0];

const vboard_board_t *vboard_board_find(const char *name)
{
    size_t i;
    for (i = 0; name != NULL && i < vboard_board_count; i++) {
        if (strcmp(vboard_boards[i].name, name) == 0) {
            return &vboard_boards[i];
        }
    }
    return NULL;
}

typedef struct {
    char *name;
    uint32_t value;
} symbol_t;

#define COUNT_CACHE 4096u

struct vboard {
    uc_engine *uc;
    const vboard_board_t *board;
    bkm_t model;
    uint8_t *flash, *sram, *ccm;
    uint32_t initial_sp, reset_pc;
    uc_context *ctx0;
    symbol_t *syms;
    size_t nsyms;
    uint64_t max_insns;
    uint32_t cut_after;

    /* per run */
    vboard_result_t *res;
    int stopped; /* a callback decided the outcome */
    uint32_t last_pc; /* start of the instruction being executed (exact: code hook) */

    /* peripherals outside the model */
    uint32_t gpio[11][10];
    uint32_t rcc_other[256];
    uint32_t usart_cr1, usart_brr;
    uint32_t adc[0x100];   /* ADC1 and common registers, stored */
    uint32_t adc_dr;       /* last conversion */
    uint32_t adc_samples;  /* conversions so far: the synthetic signal's time, kept over resets */
    uint32_t scb_vtor, scb_aircr, scb_ccr, scb_shcsr, scb_cfsr, scb_cpacr;
    uint32_t systick_ctrl, systick_load;
    uint64_t systick_start;

    struct {
        uint32_t addr, size, count;
    } ccache[COUNT_CACHE];
};

/* ---- helpers -------------------------------------------------------------------------- */

static void set_fault(vboard_t *vb, uint32_t addr, const char *fmt, ...)
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

static void stop_with(vboard_t *vb, vboard_outcome_t o)
{
    if (!vb->stopped) {
        vb->stopped = 1;
        vb->res->outcome = o;
        uc_emu_stop(vb->uc);
    }
}

static uint16_t fetch16(vboard_t *vb, uint32_t addr)
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
        uint16_t h = fetch16(vb, addr + off);
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
        if (fetch16(vb, addr + off) != INSN_NOP) {
            return 0;
        }
    }
    last = fetch16(vb, addr + size - 2u);
    return (last & 0xF800u) == 0xE000u && /* B<c> T2: imm11, target = PC + 4 + 2 * imm11 */
           addr + size + 2u + (uint32_t)((int32_t)((uint32_t)(last & 0x7FFu) << 21) >> 20) == addr;
}

/* ---- hooks ---------------------------------------------------------------------------- */

static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    if (idle_loop(vb, (uint32_t)addr, size)) {
        stop_with(vb, VBOARD_IDLE); /* while (1) {} */
        return;
    }
    vb->res->insns += count_insns(vb, (uint32_t)addr, size);
    if (vb->res->insns > vb->max_insns) {
        stop_with(vb, VBOARD_MAX_INSNS);
    }
}

/* PC is stale inside memory callbacks in Unicorn 2.0.1 (pitfall 2): a code hook records the
 * address of every instruction, so a fault names the exact instruction. */
static void on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
    (void)uc;
    (void)size;
    ((vboard_t *)ud)->last_pc = (uint32_t)addr;
}

static uint32_t current_pc(vboard_t *vb)
{
    return vb->last_pc;
}

static uint32_t cpu_pc(vboard_t *vb)
{
    uint32_t pc = 0;
    uc_reg_read(vb->uc, UC_ARM_REG_PC, &pc);
    return pc;
}

/* Original (unsplit) accesses to the backup SRAM window: Device memory, so any unaligned access
 * faults here (ARMv7-M A3.2.1); Unicorn would otherwise split it into byte accesses. */
static void on_bkp_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    if ((addr & (uint64_t)(size - 1)) != 0u) {
        vb->last_pc = current_pc(vb);
        vb->model.violations[BKM_V_UNALIGNED]++;
        vb->model.faulted = 1u;
        set_fault(vb, (uint32_t)addr, "unaligned %d-byte %s of Device memory (backup SRAM) at 0x%08X", size,
                  type == UC_MEM_WRITE ? "write" : "read", (uint32_t)addr);
    }
}

/* Unaligned accesses to Normal memory (flash, SRAM, CCM), ARMv7-M A3.2.1: LDM/STM, PUSH/POP,
 * LDRD/STRD, LDREX/STREX and VLDR/VSTR/VLDM/VSTM always fault; LDR/STR/LDRH/STRH fault only with
 * CCR.UNALIGN_TRP. The hook sees the access before Unicorn splits it; the instruction is decoded
 * at the exact PC that the code hook recorded. */
static void on_ram_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    uint16_t insn;
    int always;
    (void)uc;
    (void)value;
    if (size <= 1 || (addr & (uint64_t)(size - 1)) == 0u) {
        return;
    }
    insn = fetch16(vb, vb->last_pc);
    if ((insn >> 11) >= 0x1Du) {
        always = (insn & 0xF800u) == 0xE800u; /* 0xE800-0xEFFF: LDM/STM/LDRD/STRD/LDREX/STREX, LDC/STC/VLDR/VSTR */
    } else {
        always = (insn & 0xF000u) == 0xC000u || (insn & 0xF600u) == 0xB400u; /* LDM/STM, PUSH/POP */
    }
    if (size >= 8 && (addr & 3u) == 0u) {
        return; /* 64-bit transfers need word alignment only */
    }
    if (always || (vb->scb_ccr & (1u << 3))) {
        set_fault(vb, (uint32_t)addr, "UsageFault UNALIGNED: %d-byte %s at 0x%08X by instruction 0x%04X%s", size,
                  type == UC_MEM_WRITE ? "write" : "read", (uint32_t)addr, insn,
                  always ? "" : " (CCR.UNALIGN_TRP set)");
    }
}

static bool on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)value;
    vb->last_pc = current_pc(vb);
    set_fault(vb, (uint32_t)addr, "bus fault: %s of %d bytes at unmapped 0x%08X",
              type == UC_MEM_FETCH_UNMAPPED ? "fetch" : type == UC_MEM_WRITE_UNMAPPED ? "write" : "read", size,
              (uint32_t)addr);
    return false;
}

static void on_intr(uc_engine *uc, uint32_t intno, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    vb->last_pc = current_pc(vb);
    set_fault(vb, vb->last_pc, "exception %u (%s) at pc 0x%08X", intno,
              intno == 7 ? "BKPT" : intno == 2 ? "SVC" : intno == 1 ? "UDF/undefined" : "other", vb->last_pc);
}

/* Model access; a violation is recorded, a fault stops the run. */
static uint32_t model_access(vboard_t *vb, uint32_t addr, unsigned size, int write, uint32_t value)
{
    uint32_t v = 0;
    int st = write ? bkm_write(&vb->model, addr, size, value) : bkm_read(&vb->model, addr, size, &v);
    if (st != 0) {
        vb->last_pc = current_pc(vb);
        snprintf(vb->res->violation, sizeof vb->res->violation, "%s: %s of %u bytes at 0x%08X, pc 0x%08X",
                 bkm_violation_name(vb->model.last_kind), write ? "write" : "read", size, addr, vb->last_pc);
        if (st == 2) {
            set_fault(vb, addr, "bus fault (%s): %s of %u bytes at 0x%08X", bkm_violation_name(vb->model.last_kind),
                      write ? "write" : "read", size, addr);
        }
    }
    if (write && vb->model.cut) {
        stop_with(vb, VBOARD_POWER_CUT);
    }
    return v;
}

/* The internal temperature sensor, as a deterministic synthetic signal: a triangle between 20.0
 * and 27.5 degC in 0.5 degC steps, one step per conversion. Converted with the F40x datasheet
 * figures (V25 = 0.76 V, 2.5 mV/degC, VREF+ = 3.3 V, 12 bits). */
static uint32_t adc_sample(vboard_t *vb)
{
    uint32_t n = vb->adc_samples++ % 30u, half_degrees = 40u + (n < 15u ? n : 30u - n);
    double mv = 760.0 + ((double)half_degrees * 0.5 - 25.0) * 2.5;
    return (uint32_t)(mv * 4095.0 / 3300.0 + 0.5);
}

static uint64_t periph_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    vboard_t *vb = ud;
    uint32_t addr = PERIPH_BASE + (uint32_t)off;
    (void)uc;
    if (bkm_claims(addr)) {
        return model_access(vb, addr, size, 0, 0);
    }
    if (addr >= GPIO_FIRST && addr <= GPIO_LAST && ((addr & 0x3FFu) >> 2) < 10u) {
        return vb->gpio[(addr - GPIO_FIRST) >> 10][(addr & 0x3FFu) >> 2] >> (8u * (addr & 3u));
    }
    if (addr >= RCC_FIRST && addr <= RCC_LAST) {
        return vb->rcc_other[(addr - RCC_FIRST) >> 2];
    }
    if (addr >= ADC1 && addr <= ADC_LAST) {
        if (addr == ADC1) {
            return vb->adc[0] | 0x2u; /* EOC: a conversion takes no time here */
        }
        return addr == ADC1 + 0x4Cu ? vb->adc_dr : vb->adc[(addr - ADC1) >> 2];
    }
    switch (addr) {
    case USART2: return 0xC0u; /* TXE | TC: the transmitter is always ready */
    case USART2 + 8u: return vb->usart_brr;
    case USART2 + 12u: return vb->usart_cr1;
    default: return 0u; /* other peripherals: read as zero */
    }
}

static void console_put(vboard_t *vb, char c)
{
    vboard_result_t *r = vb->res;
    if (c == '\r') {
        return;
    }
    if (r->console_len + 1u < sizeof r->console) {
        r->console[r->console_len++] = c;
        r->console[r->console_len] = '\0';
    }
}

static void periph_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    uint32_t addr = PERIPH_BASE + (uint32_t)off, v = (uint32_t)value;
    (void)uc;
    if (bkm_claims(addr)) {
        (void)model_access(vb, addr, size, 1, v);
        return;
    }
    if (addr >= GPIO_FIRST && addr <= GPIO_LAST) {
        uint32_t port = (addr - GPIO_FIRST) >> 10, reg = (addr & 0x3FFu) >> 2;
        if (reg == 6u) { /* BSRR: set bits 0-15, reset bits 16-31; reset wins ties is not needed */
            vb->gpio[port][5] = (vb->gpio[port][5] | (v & 0xFFFFu)) & ~(v >> 16);
        } else if (reg < 10u && size == 4u) {
            vb->gpio[port][reg] = v;
        }
        return;
    }
    if (addr >= RCC_FIRST && addr <= RCC_LAST) {
        vb->rcc_other[(addr - RCC_FIRST) >> 2] = v;
        return;
    }
    if (addr >= ADC1 && addr <= ADC_LAST) {
        vb->adc[(addr - ADC1) >> 2] = v & ~(1u << 30);
        if (addr == ADC1 + 0x08u && (v & (1u << 30)) && (v & 1u)) { /* CR2: SWSTART with ADON */
            vb->adc_dr = adc_sample(vb);
        }
        return;
    }
    switch (addr) {
    case USART2 + 4u:
        if (vb->usart_cr1 & (1u << 13)) { /* UE */
            console_put(vb, (char)(v & 0xFFu));
        }
        break;
    case USART2 + 8u: vb->usart_brr = v; break;
    case USART2 + 12u: vb->usart_cr1 = v; break;
    default: break; /* other peripherals: writes ignored */
    }
}

static uint32_t systick_val(vboard_t *vb)
{
    uint64_t period = (uint64_t)(vb->systick_load & 0xFFFFFFu) + 1u;
    uint64_t elapsed = vb->res->insns - vb->systick_start;
    return (uint32_t)(vb->systick_load - (elapsed % period));
}

static uint64_t scs_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
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
    case 0xE000ED00u: return model_access(vb, addr, 4u, 0, 0); /* CPUID from the part */
    case 0xE000ED08u: return vb->scb_vtor;
    case 0xE000ED0Cu: return 0xFA050000u | (vb->scb_aircr & 0x700u);
    case 0xE000ED14u: return vb->scb_ccr;
    case 0xE000ED24u: return vb->scb_shcsr;
    case 0xE000ED28u: return vb->scb_cfsr;
    case 0xE000ED88u: return vb->scb_cpacr;
    default: return 0u;
    }
}

static void scs_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
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
                stop_with(vb, VBOARD_RESET); /* SYSRESETREQ */
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

static uint64_t dbg_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    return model_access(vb, DBG_BASE + (uint32_t)off, size, 0, 0);
}

static void dbg_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)model_access(vb, DBG_BASE + (uint32_t)off, size, 1, (uint32_t)value);
}

/* uc_hook_add takes callbacks as void *; convert without a (pedantic-forbidden) direct cast. */
typedef void (*generic_fn)(void);
static void *cb(generic_fn f)
{
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

/* ---- open / load ---------------------------------------------------------------------- */

vboard_t *vboard_open(const char *board, uint32_t seed)
{
    const vboard_board_t *b = vboard_board_find(board);
    bkm_config_t mc = BKM_CONFIG_DEFAULT;
    vboard_t *vb;
    uc_hook h;
    uc_err e = UC_ERR_OK;

    if (b == NULL) {
        return NULL;
    }
    vb = calloc(1, sizeof *vb);
    if (vb == NULL) {
        return NULL;
    }
    vb->board = b;
    vb->max_insns = 50000000u;
    mc.seed = seed;
    bkm_init(&vb->model, bkm_part_find(b->part_key), &mc);
    vb->flash = calloc(1, b->flash_size);
    vb->sram = calloc(1, b->sram_size);
    vb->ccm = b->ccm_size ? calloc(1, b->ccm_size) : NULL;
    if (vb->flash == NULL || vb->sram == NULL || (b->ccm_size && vb->ccm == NULL) ||
        uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &vb->uc) != UC_ERR_OK) {
        vboard_close(vb);
        return NULL;
    }
    e |= uc_ctl_set_cpu_model(vb->uc, UC_CPU_ARM_CORTEX_M4);
    e |= uc_mem_map_ptr(vb->uc, FLASH_BASE, b->flash_size, UC_PROT_READ | UC_PROT_EXEC, vb->flash);
    e |= uc_mem_map_ptr(vb->uc, SRAM_BASE, b->sram_size, UC_PROT_ALL, vb->sram);
    if (vb->ccm) {
        e |= uc_mem_map_ptr(vb->uc, CCM_BASE, b->ccm_size, UC_PROT_READ | UC_PROT_WRITE, vb->ccm);
    }
    e |= uc_mmio_map(vb->uc, PERIPH_BASE, PERIPH_SIZE, periph_read, vb, periph_write, vb);
    e |= uc_mmio_map(vb->uc, SCS_BASE, 0x1000, scs_read, vb, scs_write, vb);
    e |= uc_mmio_map(vb->uc, DBG_BASE, 0x400, dbg_read, vb, dbg_write, vb);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_BLOCK, cb((generic_fn)on_block), vb, 1, 0);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_CODE, cb((generic_fn)on_code), vb, 1, 0);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)on_bkp_access), vb, BKP_BASE,
                     BKP_BASE + 0x1FFFu);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)on_ram_access), vb, SRAM_BASE,
                     SRAM_BASE + b->sram_size - 1u);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ, cb((generic_fn)on_ram_access), vb, FLASH_BASE,
                     FLASH_BASE + b->flash_size - 1u);
    if (b->ccm_size) {
        e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)on_ram_access), vb,
                         CCM_BASE, CCM_BASE + b->ccm_size - 1u);
    }
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, cb((generic_fn)on_unmapped), vb, 1, 0);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_INTR, cb((generic_fn)on_intr), vb, 1, 0);
    e |= uc_context_alloc(vb->uc, &vb->ctx0);
    e |= uc_context_save(vb->uc, vb->ctx0);
    if (e != UC_ERR_OK) {
        vboard_close(vb);
        return NULL;
    }
    return vb;
}

void vboard_close(vboard_t *vb)
{
    size_t i;
    if (vb == NULL) {
        return;
    }
    if (vb->ctx0) {
        uc_context_free(vb->ctx0);
    }
    if (vb->uc) {
        uc_close(vb->uc);
    }
    for (i = 0; i < vb->nsyms; i++) {
        free(vb->syms[i].name);
    }
    free(vb->syms);
    free(vb->flash);
    free(vb->sram);
    free(vb->ccm);
    free(vb);
}

const vboard_board_t *vboard_board(const vboard_t *vb) { return vb->board; }
bkm_t *vboard_model(vboard_t *vb) { return &vb->model; }
void vboard_set_max_insns(vboard_t *vb, uint64_t max_insns) { vb->max_insns = max_insns; }
void vboard_cut_after_writes(vboard_t *vb, uint32_t n) { vb->cut_after = n; }

static int fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err != NULL && errlen > 0u) {
        snprintf(err, errlen, fmt, arg);
    }
    return -1;
}

static uint8_t *region(vboard_t *vb, uint32_t addr, size_t len)
{
    if (addr >= FLASH_BASE && len <= vb->board->flash_size && addr - FLASH_BASE <= vb->board->flash_size - len) {
        return vb->flash + (addr - FLASH_BASE);
    }
    if (addr >= SRAM_BASE && len <= vb->board->sram_size && addr - SRAM_BASE <= vb->board->sram_size - len) {
        return vb->sram + (addr - SRAM_BASE);
    }
    if (vb->ccm && addr >= CCM_BASE && len <= vb->board->ccm_size && addr - CCM_BASE <= vb->board->ccm_size - len) {
        return vb->ccm + (addr - CCM_BASE);
    }
    if (vb->model.part->has_bkpsram && addr >= BKP_BASE && len <= BKM_SRAM_SIZE &&
        addr - BKP_BASE <= BKM_SRAM_SIZE - len) {
        return vb->model.sram + (addr - BKP_BASE);
    }
    return NULL;
}

/* Drop the translated code of the flash pages the new image changed. Translations of unchanged
 * pages stay valid; removing them would make Unicorn 2.0.1 translate them again into fresh code
 * buffer space at every reload (about 90 KB per load and boot, never given back). */
static void drop_changed_code(vboard_t *vb, const uint8_t *old)
{
    uint32_t page;
    for (page = 0; page < vb->board->flash_size; page += 4096u) {
        uint32_t n = vb->board->flash_size - page < 4096u ? vb->board->flash_size - page : 4096u;
        if (old == NULL || memcmp(old + page, vb->flash + page, n) != 0) {
            uc_ctl_remove_cache(vb->uc, FLASH_BASE + page, FLASH_BASE + page + n);
        }
    }
}

/* The whole file, at most 64 MB, regular files only (a directory is refused, not read). */
static uint8_t *read_file(const char *path, long *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *img = NULL;
    if (f == NULL) {
        (void)fail(err, errlen, "cannot open %s", path);
        return NULL;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        (void)fail(err, errlen, "%s: not a regular file", path);
        return NULL;
    }
    if (st.st_size < (off_t)sizeof(Elf32_Ehdr) || st.st_size > (off_t)64 * 1024 * 1024 ||
        (img = malloc((size_t)st.st_size)) == NULL || fread(img, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        fclose(f);
        free(img);
        (void)fail(err, errlen, "cannot read %s (an ELF image of at most 64 MB)", path);
        return NULL;
    }
    fclose(f);
    *size = (long)st.st_size;
    return img;
}

int vboard_load(vboard_t *vb, const char *path, char *err, size_t errlen)
{
    uint8_t *img, *old;
    long size = 0;
    Elf32_Ehdr eh;
    unsigned i;
    int rc = -1;

    img = read_file(path, &size, err, errlen);
    if (img == NULL) {
        return -1;
    }
    old = malloc(vb->board->flash_size);
    if (old != NULL) {
        memcpy(old, vb->flash, vb->board->flash_size);
    }
    /* A new image replaces the old one (flash erased, symbols dropped); the backup SRAM stays, as
     * when a board is reflashed. */
    memset(vb->flash, 0xFF, vb->board->flash_size);
    for (i = 0; i < vb->nsyms; i++) {
        free(vb->syms[i].name);
    }
    vb->nsyms = 0u;
    vb->initial_sp = vb->reset_pc = 0u;
    memcpy(&eh, img, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM ||
        eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > (uint64_t)size ||
        eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf32_Shdr) > (uint64_t)size) {
        rc = fail(err, errlen, "%s: not a 32-bit ARM ELF image", path);
        goto out;
    }
    for (i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph;
        uint8_t *dst;
        memcpy(&ph, img + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_filesz == 0u) {
            continue;
        }
        dst = region(vb, ph.p_paddr, ph.p_filesz);
        if (dst == NULL || (uint64_t)ph.p_offset + ph.p_filesz > (uint64_t)size) {
            rc = fail(err, errlen, "%s: a segment lies outside this board's memory", path);
            goto out;
        }
        memcpy(dst, img + ph.p_offset, ph.p_filesz);
    }
    for (i = 0; i < eh.e_shnum; i++) { /* symbols, for vboard_call */
        Elf32_Shdr sh, strh;
        uint32_t k;
        memcpy(&sh, img + eh.e_shoff + i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB || sh.sh_link >= eh.e_shnum) {
            continue;
        }
        memcpy(&strh, img + eh.e_shoff + sh.sh_link * sizeof strh, sizeof strh);
        if ((uint64_t)sh.sh_offset + sh.sh_size > (uint64_t)size || (uint64_t)strh.sh_offset + strh.sh_size > (uint64_t)size) {
            break;
        }
        for (k = 0; k < sh.sh_size / sizeof(Elf32_Sym); k++) {
            Elf32_Sym s;
            const char *name;
            symbol_t *grown;
            memcpy(&s, img + sh.sh_offset + k * sizeof s, sizeof s);
            if (ELF32_ST_TYPE(s.st_info) != STT_FUNC && ELF32_ST_TYPE(s.st_info) != STT_OBJECT) {
                continue;
            }
            if (s.st_name >= strh.sh_size) {
                continue;
            }
            name = (const char *)img + strh.sh_offset + s.st_name;
            if (memchr(name, 0, strh.sh_size - s.st_name) == NULL) {
                continue;
            }
            grown = realloc(vb->syms, (vb->nsyms + 1u) * sizeof *grown);
            if (grown == NULL) {
                break;
            }
            vb->syms = grown;
            vb->syms[vb->nsyms].name = strdup(name);
            vb->syms[vb->nsyms].value = s.st_value;
            vb->nsyms += vb->syms[vb->nsyms].name != NULL;
        }
    }
    memcpy(&vb->initial_sp, vb->flash, 4);
    memcpy(&vb->reset_pc, vb->flash + 4, 4);
    if ((vb->reset_pc & 1u) == 0u || region(vb, vb->reset_pc & ~1u, 2) == NULL) {
        rc = fail(err, errlen, "%s: no valid reset vector at 0x08000004", path);
        goto out;
    }
    rc = 0;
out:
    drop_changed_code(vb, old); /* code translated from the previous image is stale */
    memset(vb->ccache, 0, sizeof vb->ccache); /* so is the instruction-count cache */
    free(old);
    free(img);
    return rc;
}

uint32_t vboard_symbol(const vboard_t *vb, const char *name)
{
    size_t i;
    for (i = 0; i < vb->nsyms; i++) {
        if (strcmp(vb->syms[i].name, name) == 0) {
            return vb->syms[i].value & ~1u;
        }
    }
    return 0u;
}

int vboard_read_mem(vboard_t *vb, uint32_t addr, void *buf, size_t len)
{
    uint8_t *p = region(vb, addr, len);
    if (p == NULL) {
        return -1;
    }
    memcpy(buf, p, len);
    return 0;
}

int vboard_write_mem(vboard_t *vb, uint32_t addr, const void *buf, size_t len)
{
    uint8_t *p = region(vb, addr, len);
    if (p == NULL) {
        return -1;
    }
    memcpy(p, buf, len);
    return 0;
}

/* ---- running -------------------------------------------------------------------------- */

static void begin(vboard_t *vb, vboard_result_t *res, int event)
{
    memset(res, 0, sizeof *res);
    res->event = event;
    vb->res = res;
    vb->stopped = 0;
    vb->last_pc = 0;
    bkm_clear_stats(&vb->model);
}

/* The armed power cut applies to one boot or call. */
static void arm_cut(vboard_t *vb)
{
    bkm_cut_after_writes(&vb->model, vb->cut_after);
    vb->cut_after = 0u;
}

static void run(vboard_t *vb, uint32_t pc, uint32_t until)
{
    uc_err e;
    unsigned i;
    uc_ctl_remove_cache(vb->uc, until, until + 2u); /* pitfall 1: stale stop address */
    e = uc_emu_start(vb->uc, pc | 1u, until, 0, 0);
    if (!vb->stopped) {
        uint32_t now = cpu_pc(vb);
        if (e != UC_ERR_OK) {
            vb->last_pc = now;
            set_fault(vb, now, "CPU error: %s at pc 0x%08X", uc_strerror(e), now);
        } else if (until != 0u && now == until) {
            vb->res->outcome = VBOARD_RETURNED;
        } else if (fetch16(vb, now - 2u) == INSN_WFI) {
            vb->res->outcome = VBOARD_IDLE;
        } else {
            vb->last_pc = now;
            set_fault(vb, now, "stopped for no known reason at pc 0x%08X", now);
        }
    }
    vb->res->bkpsram_reads = vb->model.sram_reads;
    vb->res->bkpsram_writes = vb->model.sram_writes;
    vb->res->violations = bkm_violation_total(&vb->model);
    for (i = 0; i < vb->board->led_count; i++) {
        const vboard_led_t *l = &vb->board->leds[i];
        if (vb->gpio[l->port][5] & (1u << l->pin)) {
            vb->res->led_state |= 1u << i;
        }
    }
}

int vboard_boot(vboard_t *vb, bkm_event_t ev, vboard_result_t *res)
{
    uint32_t xpsr = 0x01000000u, zero = 0u, sp = vb->initial_sp;
    begin(vb, res, (int)ev);
    if (vb->reset_pc == 0u) {
        return -1;
    }
    bkm_event(&vb->model, ev);
    arm_cut(vb);
    res->reset_flags = vb->model.rcc_csr >> 25;
    /* Core and peripheral reset state (the model did its own). */
    memset(vb->gpio, 0, sizeof vb->gpio);
    memset(vb->rcc_other, 0, sizeof vb->rcc_other);
    memset(vb->adc, 0, sizeof vb->adc);
    vb->usart_cr1 = vb->usart_brr = 0u;
    vb->scb_vtor = vb->scb_aircr = vb->scb_shcsr = vb->scb_cfsr = vb->scb_cpacr = 0u;
    vb->scb_ccr = 0x200u; /* STKALIGN */
    vb->systick_ctrl = vb->systick_load = 0u;
    if (ev == BKM_EV_POWER_ON || ev == BKM_EV_POWER_ON_NO_VBAT) {
        memset(vb->sram, 0xA5, vb->board->sram_size); /* SRAM content is undefined at power-up */
    }
    uc_context_restore(vb->uc, vb->ctx0);
    uc_reg_write(vb->uc, UC_ARM_REG_SP, &sp);
    uc_reg_write(vb->uc, UC_ARM_REG_XPSR, &xpsr);
    uc_reg_write(vb->uc, UC_ARM_REG_PRIMASK, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_FAULTMASK, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_BASEPRI, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_CONTROL, &zero);
    run(vb, vb->reset_pc, 0u);
    return 0;
}

int vboard_call(vboard_t *vb, const char *symbol, const uint32_t *args, unsigned nargs, uint32_t *ret,
                vboard_result_t *res)
{
    static const int regs[4] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3};
    uint32_t addr = vboard_symbol(vb, symbol), lr = CALL_RETURN | 1u, sp = vb->initial_sp, r0 = 0u;
    unsigned i;
    begin(vb, res, -1);
    if (addr == 0u || nargs > 4u) {
        return -1;
    }
    arm_cut(vb);
    for (i = 0; i < nargs; i++) {
        uc_reg_write(vb->uc, regs[i], &args[i]);
    }
    uc_reg_write(vb->uc, UC_ARM_REG_LR, &lr);
    uc_reg_write(vb->uc, UC_ARM_REG_SP, &sp);
    run(vb, addr, CALL_RETURN);
    uc_reg_read(vb->uc, UC_ARM_REG_R0, &r0);
    if (ret != NULL) {
        *ret = r0;
    }
    return 0;
}

/* ---- reporting ------------------------------------------------------------------------ */

const char *vboard_outcome_name(vboard_outcome_t o)
{
    static const char *const names[] = {"idle", "reset", "fault", "max-insns", "power-cut", "returned"};
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

static const char *event_label(int ev)
{
    return ev < 0 ? "call" : bkm_event_name((bkm_event_t)ev);
}

void vboard_format_line(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen)
{
    size_t n = 0;
    unsigned i;
    char console[512];
    size_t c = 0, k;
#define PUT(...) n += (size_t)snprintf(out + n, n < outlen ? outlen - n : 0, __VA_ARGS__)
    for (k = 0; k < r->console_len && c + 3u < sizeof console; k++) { /* one line: escape newlines */
        if (r->console[k] == '\n') {
            if (k + 1u < r->console_len) {
                console[c++] = ' ';
                console[c++] = '|';
                console[c++] = ' ';
            }
        } else {
            console[c++] = r->console[k];
        }
    }
    console[c] = '\0';
    PUT("%-16s LEDs:", event_label(r->event));
    for (i = 0; i < vb->board->led_count; i++) {
        PUT(" %s=%s", vb->board->leds[i].name, (r->led_state >> i) & 1u ? "ON" : "off");
    }
    PUT(" | reset-flags 0x%02X | insns %llu | bkpsram r%u w%u | %s", r->reset_flags, (unsigned long long)r->insns,
        r->bkpsram_reads, r->bkpsram_writes, vboard_outcome_name(r->outcome));
    if (r->outcome == VBOARD_FAULT) {
        PUT(" [%s, pc 0x%08X]", r->fault, r->fault_pc);
    }
    if (r->violations) {
        PUT(" | %u violation(s), last %s", r->violations, r->violation);
    }
    PUT("\n    console: \"%s\"", console);
#undef PUT
}

static size_t json_str(char *out, size_t room, const char *s)
{
    size_t n = 0;
#define PUTC(ch) do { if (n + 1u < room) out[n] = (ch); n++; } while (0)
    PUTC('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            PUTC('\\');
            PUTC((char)ch);
        } else if (ch == '\n') {
            PUTC('\\');
            PUTC('n');
        } else if (ch < 0x20u || ch >= 0x7Fu) {
            char esc[8];
            int k;
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            for (k = 0; esc[k]; k++) {
                PUTC(esc[k]);
            }
        } else {
            PUTC((char)ch);
        }
    }
    PUTC('"');
#undef PUTC
    if (room > 0u) {
        out[n < room ? n : room - 1u] = '\0';
    }
    return n;
}

void vboard_format_json(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen)
{
    size_t n = 0;
    unsigned i;
#define PUT(...) n += (size_t)snprintf(out + n, n < outlen ? outlen - n : 0, __VA_ARGS__)
#define STR(s) n += json_str(out + (n < outlen ? n : outlen), n < outlen ? outlen - n : 0, (s))
    PUT("{\"board\":");
    STR(vb->board->name);
    PUT(",\"event\":");
    STR(event_label(r->event));
    PUT(",\"leds\":{");
    for (i = 0; i < vb->board->led_count; i++) {
        PUT("%s\"%s\":%u", i ? "," : "", vb->board->leds[i].name, (r->led_state >> i) & 1u);
    }
    PUT("},\"console\":");
    STR(r->console);
    PUT(",\"reset_flags\":%u,\"insns\":%llu,\"bkpsram_reads\":%u,\"bkpsram_writes\":%u,\"violations\":%u,",
        r->reset_flags, (unsigned long long)r->insns, r->bkpsram_reads, r->bkpsram_writes, r->violations);
    PUT("\"violation\":");
    STR(r->violation);
    PUT(",\"outcome\":\"%s\",\"fault\":", vboard_outcome_name(r->outcome));
    STR(r->fault);
    PUT(",\"fault_pc\":%u,\"fault_addr\":%u}", r->fault_pc, r->fault_addr);
#undef PUT
#undef STR
}

/* SPDX-License-Identifier: MIT */
/*
 * vboard internals shared by its files: the board state and the functions one part of the board
 * offers the others. Not installed; the API is vboard.h.
 *   vboard.c      open, load, boot, call (the API)
 *   vb_cpu.c      Unicorn hooks: instruction counting, idle detection, faults
 *   vb_periph.c   the peripheral bus: the model (RCC, PWR, CRC, backup SRAM), GPIO, USART2, ADC
 *   vb_scs.c      System Control Space: SCB, SysTick; DBGMCU
 *   vb_rcc.c      clock tree: oscillators, PLL, SYSCLK, FLASH_ACR
 *   vb_iwdg.c     independent watchdog
 *   vb_bitband.c  bit-band alias regions
 *   vb_gdb.c      GDB remote serial protocol server
 *   vb_exc.c      exception entry and return, priorities, SysTick, faults delivered to handlers
 *   vb_report.c   the result as one line or JSON
 *   vb_semihost.c ARM semihosting (BKPT 0xAB): console text, exit codes, clock
 *   vb_campaign.c the vboard campaign command: power cuts at every backup-domain write
 */
#ifndef VB_INTERNAL_H
#define VB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "vboard.h"

#define FLASH_BASE  0x08000000u
#define SRAM_BASE   0x20000000u
#define CCM_BASE    0x10000000u
#define PERIPH_BASE 0x40000000u
#define PERIPH_SIZE 0x00030000u /* APB1, APB2, AHB1 */
#define SCS_BASE    0xE000E000u
#define DBG_BASE    0xE0042000u
#define BKP_BASE    0x40024000u
#define USART2      0x40004400u
#define USART3      0x40004800u
#define USART1      0x40013800u
#define GPIO_SPAN   0x2C00u     /* ports A..K, 0x400 each */
#define ADC1        0x40012000u /* RM0090 13.13: SR 0x00, CR2 0x08, DR 0x4C; common CCR 0x40012304 */
#define ADC_LAST    0x400123FFu
#define RCC_FIRST   0x40023800u
#define RCC_LAST    0x40023BFFu
#define CALL_RETURN 0x0FFFFFF0u /* unmapped: a call returns here and stops */
#define INSN_NOP    0xBF00u
#define INSN_WFI    0xBF30u

typedef struct {
    char *name;
    uint32_t value, size; /* size: of a function (STT_FUNC), else 0 */
} symbol_t;

#define COUNT_CACHE 4096u

/* A bit-band alias region: which board, which target region (vb_bitband.c). */
typedef struct {
    struct vboard *vb;
    uint32_t base;
} vb_alias_t;

/* One more MMIO region of the bus (vboard_soc_t.extra): the callbacks get the board and the base. */
typedef struct {
    struct vboard *vb;
    uint32_t base;
} vb_region_t;

struct vboard {
    uc_engine *uc;
    vb_region_t regions[3];
    const vboard_board_t *board;
    bkm_t model;
    uint8_t *flash, *sram, *ccm;
    uint32_t initial_sp, reset_pc;
    uc_context *ctx0;
    symbol_t *syms;
    size_t nsyms;
    uint64_t *profile;        /* instructions per symbol (vboard_profile), NULL when off */
    uint64_t profile_other;   /* instructions outside every function symbol */
    uint64_t max_insns;
    uint32_t cut_after;

    /* per run */
    vboard_result_t *res;
    int stopped; /* a callback decided the outcome */
    uint32_t last_pc; /* start of the instruction being executed (exact: code hook) */

    /* peripherals outside the model */
    uint32_t gpio[11][10];
    uint32_t rcc_other[256];
    uint32_t flash_acr;
    int iwdg_running, iwdg_unlocked;
    uint32_t iwdg_pr, iwdg_rlr;
    uint64_t iwdg_deadline; /* instruction count at which it fires */
    uint32_t usart_cr1, usart_brr;
    uint32_t adc[0x100];   /* ADC1 and common registers, stored */
    uint32_t adc_dr;       /* last conversion */
    uint32_t adc_samples;  /* conversions so far: the synthetic signal's time, kept over resets */
    uint32_t scb_vtor, scb_aircr, scb_ccr, scb_shcsr, scb_cfsr, scb_cpacr, scb_hfsr, scb_mmfar, scb_bfar;
    uint8_t shpr[12];                   /* priorities of exceptions 4..15 */
    uint32_t systick_ctrl, systick_load;
    uint64_t systick_start, systick_next, systick_wraps_seen;

    /* exceptions (vb_exc.c) */
    int exc_enabled;                    /* boots deliver exceptions; vboard_call does not */
    uint32_t exc_pending, exc_active;   /* bit n: exception n */
    int exc_request, exc_return;        /* a hook asked for an entry / a return between runs */
    int fault_pending;                  /* a faulting access is being abandoned: drop its writes */
    int unaligned_ok;                   /* --unaligned-bkpsram: unaligned integer accesses split (not faults) */
    uint32_t exc_fault_pc, exc_pc;
    uint32_t exceptions_taken, faults_taken;
    uint32_t undo_addr, undo_len;       /* RAM bytes a faulting store may have changed */

    vb_alias_t alias[2];                /* bit-band: SRAM, peripherals */

    /* semihosting (vb_semihost.c) */
    FILE *semi_out;                     /* also write the firmware's text here (NULL: console only) */
    uint32_t semi_pos, semi_errno;      /* read position in the features file; SYS_ERRNO */

    /* power-cut snapshots (vboard_snapshot_writes) */
    bkm_t *snaps;
    size_t snaps_max, *snaps_count;

    /* debugger (vb_gdb.c) */
    int debug, stepping, gdb_fd;
    int precise;             /* VBOARD_PRECISE: code and memory hooks installed */
    uint32_t run_insns;                 /* instructions started in this uc_emu_start */
    uint32_t block_addr, block_end;     /* the translation block running now */
    uint32_t last_until;                /* stop address of the previous run (pitfall 1) */
    uint32_t breakpoints[32];
    unsigned nbreak, poll_blocks;
    uint8_t undo[8];

    struct {
        uint32_t addr, size, count;
        uint8_t idle;
    } ccache[COUNT_CACHE];
};

/* vb_cpu.c */
void vb_fault(vboard_t *vb, uint32_t addr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vb_stop(vboard_t *vb, vboard_outcome_t o);
uint16_t vb_fetch16(vboard_t *vb, uint32_t addr);
uint32_t vb_current_pc(vboard_t *vb);
uint32_t vb_cpu_pc(vboard_t *vb);
void vb_on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud);
void vb_on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud);
void vb_on_bkp_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud);
void vb_on_ram_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud);
uint32_t vb_insns_after(vboard_t *vb, uint32_t pc);
uint64_t vb_gpio_read(uc_engine *uc, uint64_t off, unsigned size, void *ud);
void vb_gpio_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud);
bool vb_on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud);
void vb_on_intr(uc_engine *uc, uint32_t intno, void *ud);

/* vb_periph.c */
uint32_t vb_model_access(vboard_t *vb, uint32_t addr, unsigned size, int write, uint32_t value);
uint64_t vb_periph_read(uc_engine *uc, uint64_t off, unsigned size, void *ud);
uint64_t vb_region_read(uc_engine *uc, uint64_t off, unsigned size, void *ud);
void vb_region_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud);
void vb_periph_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud);

/* vb_scs.c */
uint64_t vb_scs_read(uc_engine *uc, uint64_t off, unsigned size, void *ud);
void vb_scs_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud);
uint64_t vb_dbg_read(uc_engine *uc, uint64_t off, unsigned size, void *ud);
void vb_dbg_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud);

/* vb_rcc.c */
void vb_rcc_reset(vboard_t *vb);
int vb_rcc_claims(uint32_t addr);
uint32_t vb_rcc_read(vboard_t *vb, uint32_t addr);
void vb_rcc_write(vboard_t *vb, uint32_t addr, uint32_t v);
void vb_rcc_model_written(vboard_t *vb, uint32_t addr);
uint32_t vb_sysclk_hz(vboard_t *vb);

/* vb_iwdg.c */
void vb_iwdg_reset(vboard_t *vb);
int vb_iwdg_claims(uint32_t addr);
uint32_t vb_iwdg_read(vboard_t *vb, uint32_t addr);
void vb_iwdg_write(vboard_t *vb, uint32_t addr, uint32_t v);
void vb_iwdg_tick(vboard_t *vb);

/* vb_bitband.c */
uc_err vb_bitband_map(vboard_t *vb);

/* vboard.c */
int vb_prepare_boot(vboard_t *vb, bkm_event_t ev, vboard_result_t *res);
void vb_run(vboard_t *vb, uint32_t pc, uint32_t until);

/* vb_gdb.c: called by the code and block hooks when a debugger is attached */
void vb_gdb_on_code(vboard_t *vb, uint32_t addr);
void vb_gdb_poll(vboard_t *vb);

/* vb_scs.c (SysTick) */
uint64_t vb_systick_period(vboard_t *vb);

/* vb_exc.c */
const char *vb_exc_name(uint32_t exc);
void vb_exc_reset(vboard_t *vb);
void vb_exc_tick(vboard_t *vb);
int vb_exc_fault(vboard_t *vb, uint32_t exc, uint32_t cfsr, uint32_t addr);
void vb_exc_svc(vboard_t *vb);
void vb_exc_return_request(vboard_t *vb);
uint32_t vb_exc_service(vboard_t *vb);

const char *vb_insn_name(vboard_t *vb, uint32_t pc);

/* vb_cpu.c: a fault the firmware's handler receives (exc 3..6 with CFSR bits); terminal when it
 * cannot be delivered (vboard_call, a fault in HardFault: lockup). */
void vb_fault_exc(vboard_t *vb, uint32_t exc, uint32_t cfsr, uint32_t addr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* vb_semihost.c: serve the BKPT 0xAB at vb->last_pc; 0 when it is another BKPT. */
int vb_semihost(vboard_t *vb);

/* vb_profile.c: count n instructions of the block at addr against its function. */
void vb_profile_add(vboard_t *vb, uint32_t addr, uint32_t n);

#endif /* VB_INTERNAL_H */

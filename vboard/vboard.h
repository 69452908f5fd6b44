/* SPDX-License-Identifier: MIT */
/*
 * vboard: a virtual STM32F4 board. Runs the real Cortex-M4 ELF images on the Unicorn CPU engine
 * against the behavioural model of the backup domain (model/), with GPIO LEDs, a USART2 console,
 * SCB and SysTick. Reports faults instead of hiding them. See vboard/README.md.
 */
#ifndef VBOARD_H
#define VBOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bkpsram_model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VBOARD_MAX_LEDS    4
#define VBOARD_CONSOLE_MAX 32768

typedef struct {
    const char *name;
    uint8_t port; /* GPIO port: 0 = A ... */
    uint8_t pin;
} vboard_led_t;

/* What differs between the STM32 families the boards use: the core, where GPIO and the console
 * USART registers are, and the core clock when the F2/F4 clock-tree model does not apply. */
typedef enum { VBOARD_CORE_M4 = 0, VBOARD_CORE_M7 = 1, VBOARD_CORE_M33 = 2 } vboard_core_t;
typedef struct {
    uint32_t gpio_base;              /* GPIOA; ports every 0x400 (F4 0x40020000, G4/L4 0x48000000) */
    uint32_t usart_sr, usart_dr;     /* console USART status (TXE/TC) and data registers (SR/DR or ISR/TDR) */
    uint32_t usart_brr, usart_cr1;   /* BRR, CR1 */
    uint32_t usart_ue;               /* CR1.UE (F4 bit 13, G4/L4 bit 0) */
    uint32_t reset_hz;               /* core clock of an unconfigured RCC (0: the F2/F4 model in vb_rcc.c) */
    vboard_core_t core;
    uint32_t bkpsram;                /* the backup SRAM (0x40024000; H7 0x38800000, Normal memory; H5, U5
                                        0x40036400); below 0x60000000 but not 0x38800000: Device memory */
    struct {
        uint32_t base, size;         /* more of the bus beyond 0x40000000-0x4002FFFF (H7, H5, U5: the */
    } extra[3];                      /* backup SRAM, RCC and PWR, DBGMCU), size 0: none */
} vboard_soc_t;

typedef struct {
    const char *name;     /* "stm32f4-discovery" */
    const char *part_key; /* model part: "f407" */
    uint32_t flash_size, sram_size, ccm_size;
    uint32_t hse_hz;      /* HSE input: crystal (Discovery) or ST-LINK MCO bypass (Nucleo), 0: none */
    vboard_led_t leds[VBOARD_MAX_LEDS];
    unsigned led_count;
    const vboard_soc_t *soc;
} vboard_board_t;

extern const vboard_board_t vboard_boards[];
extern const size_t vboard_board_count;
const vboard_board_t *vboard_board_find(const char *name);

typedef enum {
    VBOARD_IDLE = 0,  /* branch-to-self or WFI: the firmware has finished its work */
    VBOARD_RESET,     /* the firmware requested a system reset (AIRCR.SYSRESETREQ) */
    VBOARD_FAULT,     /* an access or instruction that faults on silicon */
    VBOARD_MAX_INSNS, /* instruction budget used up */
    VBOARD_POWER_CUT, /* power cut injected after the N-th BKPSRAM write */
    VBOARD_RETURNED,  /* vboard_call: the function returned */
    VBOARD_WATCHDOG,  /* the independent watchdog expired: the board resets (IWDGRSTF) */
    VBOARD_BREAK,     /* a debugger stopped it: breakpoint, single step or interrupt */
    VBOARD_EXIT,      /* the firmware ended through semihosting (SYS_EXIT, exit()): exit_code */
} vboard_outcome_t;

typedef struct {
    int event;                /* bkm_event_t of this boot, or -1 for a call */
    vboard_outcome_t outcome;
    uint64_t insns;           /* instructions executed */
    uint32_t sysclk_hz;       /* core clock at the end of the boot (HSI 16 MHz, HSE, PLL) */
    uint32_t reset_flags;     /* RCC_CSR reset flags the firmware saw, as BKPSRAM_RESET_* bits */
    uint32_t bkpsram_reads, bkpsram_writes;
    uint32_t violations;      /* model violations (clock off, write-protected, ...) */
    uint32_t fault_pc, fault_addr;
    char fault[160];          /* what faulted, empty if nothing */
    char violation[160];      /* last model violation, empty if none */
    char exception[256];      /* the last fault exception taken (or the first other one), empty if none */
    uint32_t exceptions;      /* exceptions taken by the firmware's handlers */
    uint64_t insns_at_fault;  /* insns when the first fault exception was raised (0: none) */
    unsigned led_state;       /* bit i: LED i of the board is on */
    char console[VBOARD_CONSOLE_MAX]; /* console (USART) and semihosting text of this boot (NUL-terminated) */
    size_t console_len;
    int exit_code;            /* VBOARD_EXIT: the program's exit status (SYS_EXIT_EXTENDED, exit(n)) */
    uint32_t semihost_refused; /* semihosting calls refused (r0 = -1) */
    char semihost[96];        /* the last refused call or the non-exit stop reason, empty if none */
} vboard_result_t;

typedef struct vboard vboard_t;

/** Open a board; seed feeds the model's random power-up content. NULL for an unknown board.
 *  The board is precise (VBOARD_PRECISE). */
vboard_t *vboard_open(const char *board, uint32_t seed);

/** How a board runs. VBOARD_PRECISE: every fault names its exact instruction, unaligned accesses
 *  to RAM, flash and the backup SRAM fault as on silicon, DIV_0_TRP traps, GDB works. VBOARD_FAST
 *  (about 2x faster): none of those four; faults that Unicorn itself raises (unmapped, undefined,
 *  bus errors from the peripherals, the model's violations) are still reported, with the address
 *  of the instruction block instead of the instruction. For campaigns that re-run code a precise
 *  board has already run (the power-cut campaigns judge each cut point on a fast board). */
typedef enum { VBOARD_PRECISE = 0, VBOARD_FAST = 1 } vboard_mode_t;

/** Instruction profile of the loaded image: on (1) counts from now on, per function symbol, every
 *  instruction that vboard_result_t.insns counts; off (0) drops it. A new image turns it off.
 *  0, or -1 (no symbols, no memory). */
int vboard_profile(vboard_t *vb, int on);
typedef struct {
    const char *name; /* function symbol, or "(outside functions)" */
    uint64_t insns;
} vboard_profile_row_t;
/** The max busiest functions, most instructions first; returns how many rows were filled. */
size_t vboard_profile_rows(const vboard_t *vb, vboard_profile_row_t *rows, size_t max);
vboard_t *vboard_open_mode(const char *board, uint32_t seed, vboard_mode_t mode);
void vboard_close(vboard_t *vb);
const vboard_board_t *vboard_board(const vboard_t *vb);
bkm_t *vboard_model(vboard_t *vb);

/** Load an ELF image (PT_LOAD segments at their load addresses, symbols). 0 or -1 (err set). */
int vboard_load(vboard_t *vb, const char *path, char *err, size_t errlen);

void vboard_set_max_insns(vboard_t *vb, uint64_t max_insns); /* default 50,000,000 */
/** Unaligned LDR/STR/LDRH/STRH to the backup SRAM: 0 (default, strict) faults as the library's
 *  contract assumes; 1 splits them into aligned accesses. VLDR/VSTR, LDRD/STRD, LDM/STM always fault. */
void vboard_set_unaligned_bkpsram(vboard_t *vb, int split);
/** Cut power right after the n-th BKPSRAM write of the next boot/call (0: off). */
void vboard_cut_after_writes(vboard_t *vb, uint32_t n);

/** Snapshot the backup domain (the whole model: backup SRAM, RCC/PWR state) right after every
 *  backup SRAM write of the next boot or call, into snaps[0..max-1]; *count gets how many were
 *  taken. A power cut after write k leaves exactly snaps[k-1]: restore it (vboard_restore_model)
 *  and power on, instead of re-running the firmware up to the cut. The CPU and RAM need no
 *  snapshot: a power cut loses them. */
void vboard_snapshot_writes(vboard_t *vb, bkm_t *snaps, size_t max, size_t *count);
void vboard_restore_model(vboard_t *vb, const bkm_t *snap);

/** Apply event to the model and run the firmware from its reset vector until idle, reset,
 *  fault, power cut or the instruction budget. power-off (-1) is not a boot. */
int vboard_boot(vboard_t *vb, bkm_event_t ev, vboard_result_t *res);

/** Address of a symbol (Thumb bit clear), or 0. */
uint32_t vboard_symbol(const vboard_t *vb, const char *name);
/** Call a firmware function with up to 4 word arguments on a fresh stack, in the state the last
 *  boot left. ret gets r0. Outcome VBOARD_RETURNED when it returned. */
int vboard_call(vboard_t *vb, const char *symbol, const uint32_t *args, unsigned nargs, uint32_t *ret,
                vboard_result_t *res);

/** Read/write guest memory (any mapped address; BKPSRAM goes to the model array). */
int vboard_read_mem(vboard_t *vb, uint32_t addr, void *buf, size_t len);
int vboard_write_mem(vboard_t *vb, uint32_t addr, const void *buf, size_t len);

/** Serve the GDB remote serial protocol on 127.0.0.1:port for one debugger connection: the board
 *  starts halted at its reset vector after event first. `monitor` commands apply power events
 *  (reset, power-on, power-off, tamper, ...). Progress lines go to log (may be NULL). Returns 0
 *  when the debugger detached or killed the session, -1 when the port could not be opened. */
int vboard_gdb_serve(vboard_t *vb, unsigned port, bkm_event_t first, FILE *log);

/** Also write the firmware's semihosting text to out as it comes (NULL: only into the result). */
void vboard_set_semihost_out(vboard_t *vb, FILE *out);

const char *vboard_outcome_name(vboard_outcome_t o);
/** One human-readable line / one JSON object for a result. */
void vboard_format_line(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen);
void vboard_format_json(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif

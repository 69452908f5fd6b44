/* SPDX-License-Identifier: MIT */
/*
 * crash_report: why did my board reset? Each boot prints the previous reboot's report, then causes
 * the next kind of crash on a schedule (the boot count), so one power-on followed by the resets the
 * firmware causes walks through every kind:
 *   boot 1  unaligned float store to the backup SRAM (the seed's WriteFloat(6, x): a VSTR at
 *           0x40024006; 0x38800006 on the H7): UsageFault UNALIGNED
 *   boot 2  a read the bus refuses: past the 4 KB of backup SRAM (0x40025000; 0x38801000 on the
 *           H7), or 0x40024000 on a part without backup SRAM: BusFault PRECISERR, BFAR valid
 *   boot 3  a division by zero with CCR.DIV_0_TRP: UsageFault DIVBYZERO
 *   boot 4  an undefined instruction (UDF): UsageFault UNDEFINSTR
 *   boot 5  a stack overflow past the bottom of SRAM (runaway recursion): the exception cannot be
 *           stacked (STKERR), HardFault; the handler runs on the vector table's initial stack
 *   boot 6  a hang with the independent watchdog running and a checkpoint set: IWDG reset
 *   boot 7  bkpsram_reboot_assert(): ASSERT, with the call site
 *   boot 8  bkpsram_reboot_mark(BKPSRAM_REBOOT_APP + 1, ...) then a reset: an application reason
 *   boot 9  prints the last report and "crash_report: done"
 * The lines marked CRASH-SITE are the faulting source lines (the end-to-end test resolves the
 * recorded PC with bkpsram-tool crash and compares).
 */
#include <stdint.h>

#include "board.h"
#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_reboot.h"
#include "regs.h"

BKPSRAM_FAULT_HANDLERS();

#define SCB_SHCSR 0xE000ED24u
#define SHCSR_FAULTS ((1u << 16) | (1u << 17) | (1u << 18)) /* MEMFAULTENA, BUSFAULTENA, USGFAULTENA */
#define CCR_DIV_0_TRP (1u << 4)
#define IWDG_KR  0x40003000u
#define IWDG_PR  0x40003004u
#define IWDG_RLR 0x40003008u

volatile uint32_t crash_zero;       /* 0, read at run time so nothing is folded */
volatile float crash_float = 3.25f; /* in an FPU register, so the store below is a VSTR */

static void print_report(const bkpsram_reboot_report_t *r)
{
    console_puts("reboot: boot ");
    console_dec((int32_t)r->boots);
    console_puts(" reason ");
    console_puts(bkpsram_reboot_reason_name(r->reason));
    console_puts(" crashes ");
    console_dec((int32_t)r->crashes);
    console_puts(" consecutive ");
    console_dec((int32_t)r->consecutive);
    console_puts(" first ");
    console_puts(bkpsram_reboot_reason_name(r->first_reason));
    console_puts(" checkpoint 0x");
    console_hex(r->checkpoint, 8u);
    console_puts("\n");
    if (r->fault_boot == r->boots) { /* recorded before this boot's reset */
        console_puts("reboot: exception ");
        console_dec(r->fault.exception);
        console_puts(" value ");
        console_dec((int32_t)r->fault.value);
        console_puts(" pc 0x");
        console_hex(r->fault.pc, 8u);
        console_puts(" cfsr 0x");
        console_hex(r->fault.cfsr, 8u);
        console_puts(" hfsr 0x");
        console_hex(r->fault.hfsr, 8u);
        console_puts(" bfar 0x");
        console_hex(r->fault.bfar, 8u);
        console_puts(" flags 0x");
        console_hex(r->fault.flags, 2u);
        console_puts("\n");
    }
}

/* The seed's TM_BKPSRAM_WriteFloat(offset, value): the value arrives in s0, the store is a VSTR. */
static void __attribute__((noipa)) write_float(uint32_t offset, float value)
{
    *(volatile float *)(BKPSRAM_AT + offset) = value; /* CRASH-SITE vstr6 */
}

static void bus_fault(void)
{
    uint32_t addr = (bkpsram_size() != 0u) ? BKPSRAM_AT + 0x1000u : BKPSRAM_AT;
    (void)*(volatile const uint32_t *)addr; /* CRASH-SITE bus */
}

static uint32_t divide(uint32_t a)
{
    reg_set(SCB_CCR, CCR_DIV_0_TRP);
    return a / crash_zero; /* CRASH-SITE div0 */
}

static void undefined_instruction(void)
{
    __asm volatile("udf #0"); /* CRASH-SITE undef */
}

/* Each call keeps 64 bytes of stack alive, so the recursion runs off the bottom of SRAM. */
static uint32_t recurse(uint32_t n)
{
    volatile uint32_t pad[14];
    if (n == crash_zero - 1u) { /* never: the depth has no limit */
        return 0u;
    }
    pad[n % 14u] = n;
    return recurse(n + 1u) + pad[(n + 1u) % 14u]; /* CRASH-SITE stack */
}

static void watchdog_hang(void)
{
    (void)bkpsram_reboot_checkpoint(0xC0DE0006u);
    reg_write(IWDG_KR, 0x5555u); /* unlock PR, RLR (RM0090 19.4.1) */
    reg_write(IWDG_PR, 0u);      /* LSI / 4 */
    reg_write(IWDG_RLR, 99u);    /* 100 ticks of 125 us: 12.5 ms */
    reg_write(IWDG_KR, 0xCCCCu); /* start */
    for (;;) {
        crash_zero = 0u; /* busy, never refreshes the watchdog */
    }
}

int main(void)
{
    const bkpsram_config_t cfg = BKPSRAM_CONFIG_DEFAULT; /* retention on: the report survives power cuts with VBAT */
    bkpsram_reboot_report_t r;
    int rc;
    board_init();
    console_puts("crash_report on ");
    console_puts(board_name);
    console_puts("\n");
    reg_set(SCB_SHCSR, SHCSR_FAULTS);
    rc = bkpsram_init(&cfg);
    if (rc != BKPSRAM_OK) {
        console_puts("no backup SRAM here: nothing is recorded; reset flags 0x");
        console_hex(bkpsram_reset_flags(1), 2u);
        console_puts("\n");
        bus_fault();
        return 0;
    }
    rc = bkpsram_reboot_boot(&r);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    print_report(&r);
    switch (r.boots) {
    case 1u: write_float(crash_zero + 6u, crash_float); break;
    case 2u: bus_fault(); break;
    case 3u: crash_zero = divide(7u); break;
    case 4u: undefined_instruction(); break;
    case 5u: (void)recurse(0u); break;
    case 6u: watchdog_hang(); break;
    case 7u: bkpsram_reboot_assert(7u); /* CRASH-SITE assert */
    case 8u:
        (void)bkpsram_reboot_mark(BKPSRAM_REBOOT_APP + 1u, 0xF1A5u);
        board_reset();
        break;
    default: break;
    }
    board_led(LED_GREEN, 1);
    console_puts("crash_report: done\n");
    return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Firmware written the way ST's HAL and Standard Peripheral Library do it, in the project's own
 * code (no ST source): what vboard must run for users' firmware. One image, a story over boots,
 * its stage kept in backup SRAM (offset 0xF00, past what the library tests use):
 *   stage 0 (power-on): HSE + PLL to 168 MHz with ready-flag waits and FLASH_ACR latency 5
 *     (SystemInit / HAL_RCC_OscConfig); PWR_CR.DBP and PWR_CSR.BRE through the bit-band alias
 *     (HAL_PWR_EnableBkUpAccess, HAL_PWREx_EnableBkUpReg, PWR_BackupAccessCmd); BRR polled through
 *     the alias; a SysTick-interrupt millisecond delay (HAL_Delay); LEDs through BSRR halfword
 *     stores (the SPL's BSRRL / BSRRH); then a read of an unmapped address: the BusFault escalates
 *     to HardFault, whose handler records the stacked PC, CFSR, HFSR and BFAR in backup SRAM and
 *     resets through AIRCR.
 *   stage 1 (software reset): prints the recorded crash, starts the IWDG (about 12.5 ms) and keeps
 *     working without refreshing it.
 *   stage 2 (iwdg reset): sees IWDGRSTF, prints it, lights BLUE, idles.
 * Console (USART2) lines are exact; the test (test_firmware.c) checks them, the LEDs and flags.
 */
#include <stdint.h>

#include "board.h"

#define REG(a)       (*(volatile uint32_t *)(a))
#define REG16(a)     (*(volatile uint16_t *)(a))
#define BITBAND(a, b) (*(volatile uint32_t *)(0x42000000u + (((a) - 0x40000000u) * 32u) + ((b) * 4u)))

#define RCC_CR       0x40023800u
#define RCC_PLLCFGR  0x40023804u
#define RCC_CFGR     0x40023808u
#define RCC_AHB1ENR  0x40023830u
#define RCC_APB1ENR  0x40023840u
#define RCC_CSR      0x40023874u
#define FLASH_ACR    0x40023C00u
#define PWR_CR       0x40007000u
#define PWR_CSR      0x40007004u
#define GPIOD_MODER  0x40020C00u
#define GPIOD_BSRR   0x40020C18u
#define SYST_CSR     0xE000E010u
#define SYST_RVR     0xE000E014u
#define SYST_CVR     0xE000E018u
#define SCB_CFSR     0xE000ED28u
#define SCB_HFSR     0xE000ED2Cu
#define SCB_BFAR     0xE000ED38u
#define IWDG_KR      0x40003000u
#define IWDG_PR      0x40003004u
#define IWDG_RLR     0x40003008u
#define BKP          0x40024000u
#define STAGE        (BKP + 0xF00u)
#define CRASH        (BKP + 0xF04u) /* magic, pc, cfsr, hfsr, bfar */
#define CRASH_MAGIC  0xC0FFEE00u

static volatile uint32_t ticks;
static volatile uint32_t flags_word = 0x100u;

void SysTick_Handler(void);
void HardFault_Handler(void);

void SysTick_Handler(void)
{
    ticks++;
}

/* Naked: the frame is on MSP (Thread mode uses MSP here); record and reset. */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm volatile("mrs r0, msp\n\t"
                   "b hardfault_record\n\t");
}

void hardfault_record(const uint32_t *frame) __attribute__((used, noreturn));
void hardfault_record(const uint32_t *frame)
{
    REG(CRASH + 4u) = frame[6]; /* stacked PC: the faulting instruction */
    REG(CRASH + 8u) = REG(SCB_CFSR);
    REG(CRASH + 12u) = REG(SCB_HFSR);
    REG(CRASH + 16u) = REG(SCB_BFAR);
    REG(CRASH) = CRASH_MAGIC;
    board_reset();
    for (;;) {
    }
}

static void clock_168mhz(void)
{
    REG(RCC_CR) |= 1u << 16; /* HSEON */
    while ((REG(RCC_CR) & (1u << 17)) == 0u) { /* HSERDY */
    }
    REG(RCC_PLLCFGR) = 8u | (336u << 6) | (0u << 16) | (1u << 22) | (7u << 24); /* M 8, N 336, P 2, HSE, Q 7 */
    REG(RCC_CR) |= 1u << 24; /* PLLON */
    while ((REG(RCC_CR) & (1u << 25)) == 0u) { /* PLLRDY */
    }
    REG(FLASH_ACR) = 0x0700u | 5u; /* caches, prefetch, 5 wait states */
    if ((REG(FLASH_ACR) & 0xFu) != 5u) {
        board_fail("FLASH_ACR latency not kept");
    }
    REG(RCC_CFGR) = (REG(RCC_CFGR) & ~3u) | 2u; /* SW = PLL */
    while ((REG(RCC_CFGR) & 0xCu) != 0x8u) { /* SWS = PLL */
    }
}

static void delay_ms(uint32_t ms)
{
    uint32_t start = ticks;
    while (ticks - start < ms) {
    }
}

static void backup_domain_hal_style(void)
{
    REG(RCC_APB1ENR) |= 1u << 28;        /* PWREN */
    BITBAND(PWR_CR, 8u) = 1u;            /* DBP through the alias (0x420E0020) */
    REG(RCC_AHB1ENR) |= (1u << 18) | (1u << 3); /* BKPSRAMEN, GPIODEN */
    BITBAND(PWR_CSR, 9u) = 1u;           /* BRE through the alias (0x420E00A4) */
    while (BITBAND(PWR_CSR, 3u) == 0u) { /* BRR */
    }
}

static void stage0(void)
{
    clock_168mhz();
    REG(SYST_RVR) = 168000u - 1u; /* 1 ms at 168 MHz */
    REG(SYST_CVR) = 0u;
    REG(SYST_CSR) = 7u; /* CLKSOURCE processor, TICKINT, ENABLE */
    backup_domain_hal_style();
    REG(GPIOD_MODER) = (REG(GPIOD_MODER) & ~0xFF000000u) | 0x55000000u; /* PD12..15 outputs */
    REG16(GPIOD_BSRR) = (1u << 12) | (1u << 13) | (1u << 14); /* BSRRL: green, orange, red on */
    delay_ms(10);
    REG16(GPIOD_BSRR + 2u) = (1u << 13) | (1u << 14); /* BSRRH: orange, red off */
    console_puts("stage 0: SYSCLK 168 MHz, BRR via bit-band, 10 ms of SysTick: ");
    console_dec((int32_t)ticks);
    console_puts(" ticks, ");
    /* the SRAM alias: bit 3 of flags_word set, bit 8 cleared, bit 8 read back (CMSIS-style) */
    *(volatile uint32_t *)(0x22000000u + (((uint32_t)&flags_word - 0x20000000u) * 32u) + 3u * 4u) = 1u;
    *(volatile uint32_t *)(0x22000000u + (((uint32_t)&flags_word - 0x20000000u) * 32u) + 8u * 4u) = 0u;
    console_puts(flags_word == 0x8u ? "SRAM alias ok\n" : "SRAM alias wrong\n");
    REG(STAGE) = 1u;
    (void)REG(0x60000000u); /* unmapped (no FSMC device): BusFault -> HardFault */
    console_puts("not reached\n");
}

static void stage1(void)
{
    if (REG(CRASH) == CRASH_MAGIC) {
        console_puts("stage 1: crash recorded: pc 0x");
        console_hex(REG(CRASH + 4u), 8u);
        console_puts(" cfsr 0x");
        console_hex(REG(CRASH + 8u), 8u);
        console_puts(" hfsr 0x");
        console_hex(REG(CRASH + 12u), 8u);
        console_puts(" bfar 0x");
        console_hex(REG(CRASH + 16u), 8u);
        console_puts("\n");
        REG(CRASH) = 0u;
    }
    REG(STAGE) = 2u;
    REG(IWDG_KR) = 0x5555u; /* unlock PR, RLR */
    REG(IWDG_PR) = 0u;      /* LSI / 4 */
    REG(IWDG_RLR) = 99u;    /* 100 ticks of 125 us: 12.5 ms */
    REG(IWDG_KR) = 0xCCCCu; /* start */
    for (;;) {
        ticks++; /* busy, never refreshing the watchdog */
    }
}

int main(void)
{
    uint32_t flags;
    board_init();
    flags = REG(RCC_CSR);
    REG(RCC_APB1ENR) |= 1u << 28;
    BITBAND(PWR_CR, 8u) = 1u;
    REG(RCC_AHB1ENR) |= (1u << 18) | (1u << 3);
    if (flags & (1u << 27)) { /* PORRSTF: a power-on, start the story */
        REG(STAGE) = 0u;
        REG(CRASH) = 0u;
    }
    REG(RCC_CSR) |= 1u << 24; /* RMVF */
    switch (REG(STAGE)) {
    case 0u: stage0(); break;
    case 1u: stage1(); break;
    default:
        console_puts((flags & (1u << 29)) ? "stage 2: IWDG reset seen\n" : "stage 2: no IWDG flag\n");
        REG(GPIOD_MODER) = (REG(GPIOD_MODER) & ~0xFF000000u) | 0x55000000u;
        REG16(GPIOD_BSRR) = 1u << 15; /* blue */
        REG16(GPIOD_BSRR + 2u) = 1u << 12; /* green off */
        break;
    }
    for (;;) {
    }
}

/* SPDX-License-Identifier: MIT */
/* Minimal register access for the examples (the library has its own in src/port/). */
#ifndef EXAMPLES_REGS_H
#define EXAMPLES_REGS_H

#include <stdint.h>

static inline uint32_t reg_read(uint32_t addr) { return *(volatile const uint32_t *)addr; }
static inline void reg_write(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline void reg_set(uint32_t addr, uint32_t bits) { reg_write(addr, reg_read(addr) | bits); }
static inline void reg_modify(uint32_t addr, uint32_t clear, uint32_t set)
{
    reg_write(addr, (reg_read(addr) & ~clear) | set);
}

/* The console: USART2 TX on PA2 (AF7) on every board but the Nucleo-144 F767ZI, whose ST-LINK
 * virtual COM port is USART3 TX on PD8 (AF7, UM1974). */
#if defined(BOARD_NUCLEO_H743ZI) || defined(BOARD_NUCLEO_H7S3L8)
/* STM32H7 (RM0433) and H7R/S (RM0477): RCC at 0x58024400, GPIO on AHB4 at 0x58020000, the newer
 * USART; HSI 64 MHz. */
#if defined(BOARD_NUCLEO_H7S3L8)
#define RCC_GPIO_ENR 0x58024540u /* RCC_AHB4ENR (RCC + 0x140): GPIOxEN at bit x */
#define RCC_APB1ENR  0x58024548u /* RCC_APB1ENR1 (RCC + 0x148) */
#else
#define RCC_GPIO_ENR 0x580244E0u /* RCC_AHB4ENR: GPIOxEN at bit x */
#define RCC_APB1ENR  0x580244E8u /* RCC_APB1LENR */
#endif
#define GPIO_BASE(port) (0x58020000u + 0x400u * (uint32_t)(port))
#define NEW_USART 0x40004800u    /* USART3, the Nucleo-144's virtual COM port */
#define CONSOLE_RCC_BIT (1u << 18) /* USART3EN */
#define CONSOLE_TX_PORT 3u         /* PD8 */
#define CONSOLE_TX_PIN  8u
#define CONSOLE_BRR_115200 0x22Cu  /* HSI 64 MHz: 64000000 / 115200 = 555.6 */
#elif defined(BOARD_NUCLEO_H563ZI)
/* STM32H5 (RM0481): RCC at 0x44020C00, GPIO on AHB2 at 0x42020000, the newer USART; HSI 32 MHz
 * (64 MHz / 2) out of reset. */
#define RCC_GPIO_ENR 0x44020C8Cu /* RCC_AHB2ENR: GPIOxEN at bit x */
#define RCC_APB1ENR  0x44020C9Cu /* RCC_APB1LENR */
#define GPIO_BASE(port) (0x42020000u + 0x400u * (uint32_t)(port))
#define NEW_USART 0x40004800u    /* USART3, PD8: the virtual COM port (UM3115) */
#define CONSOLE_RCC_BIT (1u << 18) /* USART3EN */
#define CONSOLE_TX_PORT 3u
#define CONSOLE_TX_PIN  8u
#define CONSOLE_BRR_115200 0x116u  /* 32000000 / 115200 = 277.8 */
#elif defined(BOARD_NUCLEO_U575ZI_Q)
/* STM32U5 (RM0456): RCC at 0x46020C00, GPIO on AHB2 at 0x42020000, the newer USART; MSIS 4 MHz
 * out of reset. */
#define RCC_GPIO_ENR 0x46020C8Cu /* RCC_AHB2ENR1: GPIOxEN at bit x */
#define CONSOLE_RCC_ENR 0x46020CA4u /* RCC_APB2ENR */
#define GPIO_BASE(port) (0x42020000u + 0x400u * (uint32_t)(port))
#define NEW_USART 0x40013800u    /* USART1, PA9: the virtual COM port (UM2861) */
#define CONSOLE_RCC_BIT (1u << 14) /* USART1EN */
#define CONSOLE_TX_PORT 0u
#define CONSOLE_TX_PIN  9u
#define CONSOLE_BRR_115200 35u   /* 4000000 / 115200 = 34.7 */
#elif defined(BOARD_NUCLEO_G474RE) || defined(BOARD_NUCLEO_L476RG)
/* STM32G4 (RM0440) and STM32L4 (RM0351): RCC at 0x40021000, GPIO on AHB2, the newer USART. */
#define RCC_GPIO_ENR 0x4002104Cu /* RCC_AHB2ENR: GPIOxEN at bit x */
#define RCC_APB1ENR  0x40021058u /* RCC_APB1ENR1 */
#define GPIO_BASE(port) (0x48000000u + 0x400u * (uint32_t)(port))
#define NEW_USART 0x40004400u    /* USART2 */
#define CONSOLE_RCC_BIT (1u << 17)
#if defined(BOARD_NUCLEO_L476RG)
#define CONSOLE_BRR_115200 35u /* MSI 4 MHz out of reset: 4000000 / 115200 = 34.7 */
#else
#define CONSOLE_BRR_115200 0x8Bu /* HSI16: 16000000 / 115200 = 138.9 */
#endif
#else
/* RCC (RM0090 7.3; the same addresses on F7, RM0410 5.3) */
#define RCC_AHB1ENR 0x40023830u
#define RCC_GPIO_ENR RCC_AHB1ENR /* GPIOxEN at bit x */
#define RCC_APB1ENR 0x40023840u
/* GPIO port n at 0x40020000 + 0x400 * n (A=0 ... K=10), RM0090 8.4 */
#define GPIO_BASE(port) (0x40020000u + 0x400u * (uint32_t)(port))
#define CONSOLE_BRR_115200 0x8Bu /* HSI 16 MHz: 16000000 / 115200 = 138.9 (RM0090 30.3.4) */
#if defined(BOARD_NUCLEO_F767ZI)
#define NEW_USART 0x40004800u    /* USART3: the F7 USART has the newer register map (RM0410 34.8) */
#define CONSOLE_RCC_BIT (1u << 18) /* USART3EN */
#define CONSOLE_TX_PORT 3u         /* PD8 */
#define CONSOLE_TX_PIN  8u
#else
/* USART2 (RM0090 30.6) */
#define CONSOLE_SR  0x40004400u
#define CONSOLE_DR  0x40004404u
#define CONSOLE_BRR 0x40004408u
#define CONSOLE_CR1 0x4000440Cu
#define USART_CR1_UE (1u << 13)
#define CONSOLE_RCC_BIT (1u << 17)
#endif
#endif

#if !defined(CONSOLE_RCC_ENR)
#define CONSOLE_RCC_ENR RCC_APB1ENR /* the register of CONSOLE_RCC_BIT */
#endif
#if defined(NEW_USART) /* CR1 +0 (UE bit 0), BRR +0x0C, ISR +0x1C, TDR +0x28 */
#define CONSOLE_CR1 (NEW_USART + 0x00u)
#define CONSOLE_BRR (NEW_USART + 0x0Cu)
#define CONSOLE_SR  (NEW_USART + 0x1Cu)
#define CONSOLE_DR  (NEW_USART + 0x28u)
#define USART_CR1_UE (1u << 0)
#endif
#if !defined(CONSOLE_TX_PORT)
#define CONSOLE_TX_PORT 0u /* PA2 */
#define CONSOLE_TX_PIN  2u
#endif
#define USART_CR1_TE (1u << 3)
#define USART_SR_TXE (1u << 7)
#define USART_SR_TC  (1u << 6)

/* Where the backup SRAM is (the examples that touch it raw: crash_report's faults). */
#if defined(BOARD_NUCLEO_H743ZI) || defined(BOARD_NUCLEO_H7S3L8)
#define BKPSRAM_AT 0x38800000u
#elif defined(BOARD_NUCLEO_H563ZI) || defined(BOARD_NUCLEO_U575ZI_Q)
#define BKPSRAM_AT 0x40036400u /* the non-secure alias */
#else
#define BKPSRAM_AT 0x40024000u
#endif

/* GPIO registers: the same offsets on F2/F4, G4 and L4 */
#define GPIO_MODER(port) (GPIO_BASE(port) + 0x00u)
#define GPIO_ODR(port)   (GPIO_BASE(port) + 0x14u)
#define GPIO_BSRR(port)  (GPIO_BASE(port) + 0x18u)
#define GPIO_AFRL(port)  (GPIO_BASE(port) + 0x20u)
#define GPIO_AFRH(port)  (GPIO_BASE(port) + 0x24u)


/* SCB (ARMv7-M B3.2) */
#define SCB_AIRCR 0xE000ED0Cu
#define SCB_CCR   0xE000ED14u
#define SCB_CPACR 0xE000ED88u

#endif

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

#if defined(BOARD_NUCLEO_G474RE) || defined(BOARD_NUCLEO_L476RG)
/* STM32G4 (RM0440) and STM32L4 (RM0351): RCC at 0x40021000, GPIO on AHB2, the newer USART. */
#define RCC_GPIO_ENR 0x4002104Cu /* RCC_AHB2ENR: GPIOxEN at bit x */
#define RCC_APB1ENR  0x40021058u /* RCC_APB1ENR1 */
#define RCC_APB1ENR_USART2EN (1u << 17)
#define GPIO_BASE(port) (0x48000000u + 0x400u * (uint32_t)(port))
#define USART2_CR1 0x40004400u
#define USART2_BRR 0x4000440Cu
#define USART2_SR  0x4000441Cu /* ISR */
#define USART2_DR  0x40004428u /* TDR */
#define USART_CR1_UE (1u << 0)
#define USART_CR1_TE (1u << 3)
#define USART_SR_TXE (1u << 7)
#define USART_SR_TC  (1u << 6)
#if defined(BOARD_NUCLEO_L476RG)
#define USART2_BRR_115200 35u /* MSI 4 MHz out of reset: 4000000 / 115200 = 34.7 */
#else
#define USART2_BRR_115200 0x8Bu /* HSI16: 16000000 / 115200 = 138.9 */
#endif
#else
/* RCC (RM0090 7.3) */
#define RCC_AHB1ENR 0x40023830u
#define RCC_GPIO_ENR RCC_AHB1ENR /* GPIOxEN at bit x */
#define RCC_APB1ENR 0x40023840u
#define RCC_APB1ENR_USART2EN (1u << 17)

/* GPIO port n at 0x40020000 + 0x400 * n (A=0 ... K=10), RM0090 8.4 */
#define GPIO_BASE(port) (0x40020000u + 0x400u * (uint32_t)(port))

/* USART2 (RM0090 30.6) */
#define USART2_SR  0x40004400u
#define USART2_DR  0x40004404u
#define USART2_BRR 0x40004408u
#define USART2_CR1 0x4000440Cu
#define USART_SR_TXE (1u << 7)
#define USART_SR_TC  (1u << 6)
#define USART_CR1_UE (1u << 13)
#define USART_CR1_TE (1u << 3)
#define USART2_BRR_115200 0x8Bu /* HSI 16 MHz: 16000000 / 115200 = 138.9 (RM0090 30.3.4) */
#endif

/* GPIO registers: the same offsets on F2/F4, G4 and L4 */
#define GPIO_MODER(port) (GPIO_BASE(port) + 0x00u)
#define GPIO_ODR(port)   (GPIO_BASE(port) + 0x14u)
#define GPIO_BSRR(port)  (GPIO_BASE(port) + 0x18u)
#define GPIO_AFRL(port)  (GPIO_BASE(port) + 0x20u)


/* SCB (ARMv7-M B3.2) */
#define SCB_AIRCR 0xE000ED0Cu
#define SCB_CCR   0xE000ED14u
#define SCB_CPACR 0xE000ED88u

#endif

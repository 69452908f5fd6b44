/* SPDX-License-Identifier: MIT */
/* Board support of the examples: LEDs and a USART2 console at 115200 baud (HSI, 16 MHz). Pick
 * the board at build time: BOARD_STM32F4_DISCOVERY, BOARD_STM32F429I_DISC1, BOARD_NUCLEO_F446RE,
 * BOARD_NUCLEO_F401RE or BOARD_NUCLEO_F411RE. */
#ifndef EXAMPLES_BOARD_H
#define EXAMPLES_BOARD_H

#include <stdint.h>

typedef enum { LED_GREEN, LED_RED, LED_ORANGE, LED_BLUE } board_led_t;

extern const char board_name[];

void board_init(void);
/* On boards with one user LED (Nucleo LD2) GREEN drives it and RED is its opposite. */
void board_led(board_led_t led, int on);

void console_puts(const char *s);
void console_hex(uint32_t v, unsigned digits); /* fixed width, no prefix */
void console_dec(int32_t v);
void board_reset(void); /* AIRCR.SYSRESETREQ, keeping PRIGROUP */
/* Print why, then "RED", light RED and stop (idle). */
void board_fail(const char *why) __attribute__((noreturn));

#endif

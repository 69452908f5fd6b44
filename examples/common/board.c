/* SPDX-License-Identifier: MIT */
#include "board.h"

#include "regs.h"

enum { PORT_A = 0, PORT_B = 1, PORT_C = 2, PORT_D = 3, PORT_E = 4, PORT_F = 5, PORT_G = 6 };

typedef struct {
    uint8_t port, pin; /* port 0xFF: no such LED on this board */
} led_pin_t;

#if defined(BOARD_STM32F4_DISCOVERY)
const char board_name[] = "stm32f4-discovery";
/* LD4 green PD12, LD5 red PD14, LD3 orange PD13, LD6 blue PD15 (UM1472) */
static const led_pin_t leds[4] = {{PORT_D, 12}, {PORT_D, 14}, {PORT_D, 13}, {PORT_D, 15}};
#elif defined(BOARD_STM32F429I_DISC1)
const char board_name[] = "stm32f429i-disc1";
/* LD3 green PG13, LD4 red PG14 (UM1670) */
static const led_pin_t leds[4] = {{PORT_G, 13}, {PORT_G, 14}, {0xFF, 0}, {0xFF, 0}};
#elif defined(BOARD_NUCLEO_F767ZI)
const char board_name[] = "nucleo-f767zi";
/* LD1 green PB0, LD3 red PB14, LD2 blue PB7 (UM1974) */
static const led_pin_t leds[4] = {{PORT_B, 0}, {PORT_B, 14}, {0xFF, 0}, {PORT_B, 7}};
#elif defined(BOARD_NUCLEO_H743ZI)
const char board_name[] = "nucleo-h743zi";
/* LD1 green PB0, LD3 red PB14, LD2 yellow PE1 (UM2407) */
static const led_pin_t leds[4] = {{PORT_B, 0}, {PORT_B, 14}, {PORT_E, 1}, {0xFF, 0}};
#elif defined(BOARD_NUCLEO_H7S3L8)
const char board_name[] = "nucleo-h7s3l8";
/* LD1 green PD10, LD3 red PB7, LD2 yellow PD13 (the Zephyr board definition nucleo_h7s3l8) */
static const led_pin_t leds[4] = {{PORT_D, 10}, {PORT_B, 7}, {PORT_D, 13}, {0xFF, 0}};
#elif defined(BOARD_NUCLEO_H563ZI)
const char board_name[] = "nucleo-h563zi";
/* LD1 green PB0, LD3 red PG4, LD2 yellow PF4 (UM3115) */
static const led_pin_t leds[4] = {{PORT_B, 0}, {PORT_G, 4}, {PORT_F, 4}, {0xFF, 0}};
#elif defined(BOARD_NUCLEO_U575ZI_Q)
const char board_name[] = "nucleo-u575zi-q";
/* LD1 green PC7, LD3 red PG2, LD2 blue PB7 (UM2861) */
static const led_pin_t leds[4] = {{PORT_C, 7}, {PORT_G, 2}, {0xFF, 0}, {PORT_B, 7}};
#elif defined(BOARD_NUCLEO_F446RE) || defined(BOARD_NUCLEO_F401RE) || defined(BOARD_NUCLEO_F411RE) || \
    defined(BOARD_NUCLEO_G474RE) || defined(BOARD_NUCLEO_L476RG)
#if defined(BOARD_NUCLEO_F446RE)
const char board_name[] = "nucleo-f446re";
#elif defined(BOARD_NUCLEO_F401RE)
const char board_name[] = "nucleo-f401re";
#elif defined(BOARD_NUCLEO_G474RE)
const char board_name[] = "nucleo-g474re";
#elif defined(BOARD_NUCLEO_L476RG)
const char board_name[] = "nucleo-l476rg";
#else
const char board_name[] = "nucleo-f411re";
#endif
/* LD2 green PA5 on every Nucleo-64 (UM1724); no red LED: RED is LD2 off */
static const led_pin_t leds[4] = {{PORT_A, 5}, {0xFF, 0}, {0xFF, 0}, {0xFF, 0}};
#define SINGLE_LED 1
#else
#error "define one BOARD_* macro"
#endif

void board_init(void)
{
    unsigned i;
    /* The console TX port and the LED port clocks; read-modify-write. */
    reg_set(RCC_GPIO_ENR, 1u << CONSOLE_TX_PORT);
    for (i = 0; i < 4u; i++) {
        if (leds[i].port != 0xFFu) {
            reg_set(RCC_GPIO_ENR, 1u << leds[i].port);
            (void)reg_read(RCC_GPIO_ENR);
            reg_modify(GPIO_MODER(leds[i].port), 3u << (2u * leds[i].pin), 1u << (2u * leds[i].pin));
            reg_write(GPIO_BSRR(leds[i].port), 1u << (leds[i].pin + 16u));
        }
    }
    /* The console USART's TX pin in AF7 (every board here); BRR for 115200 baud at the reset clock. */
    reg_set(CONSOLE_RCC_ENR, CONSOLE_RCC_BIT);
    (void)reg_read(CONSOLE_RCC_ENR);
    reg_modify(GPIO_MODER(CONSOLE_TX_PORT), 3u << (2u * CONSOLE_TX_PIN), 2u << (2u * CONSOLE_TX_PIN));
    reg_modify(CONSOLE_TX_PIN < 8u ? GPIO_AFRL(CONSOLE_TX_PORT) : GPIO_AFRH(CONSOLE_TX_PORT),
               0xFu << (4u * (CONSOLE_TX_PIN % 8u)), 7u << (4u * (CONSOLE_TX_PIN % 8u)));
    reg_write(CONSOLE_BRR, CONSOLE_BRR_115200);
    reg_write(CONSOLE_CR1, USART_CR1_UE | USART_CR1_TE);
}

static void led_drive(unsigned i, int on)
{
    if (leds[i].port != 0xFFu) {
        reg_write(GPIO_BSRR(leds[i].port), 1u << (leds[i].pin + (on ? 0u : 16u)));
    }
}

void board_led(board_led_t led, int on)
{
#if defined(SINGLE_LED)
    if (led == LED_RED) {
        led_drive(LED_GREEN, !on);
        return;
    }
#endif
    led_drive((unsigned)led, on);
}

static void console_putc(char c)
{
    while ((reg_read(CONSOLE_SR) & USART_SR_TXE) == 0u) {
    }
    reg_write(CONSOLE_DR, (uint8_t)c);
}

void console_puts(const char *s)
{
    while (*s != '\0') {
        if (*s == '\n') {
            console_putc('\r');
        }
        console_putc(*s++);
    }
}

void console_hex(uint32_t v, unsigned digits)
{
    while (digits-- > 0u) {
        console_putc("0123456789ABCDEF"[(v >> (4u * digits)) & 0xFu]);
    }
}

void console_dec(int32_t v)
{
    char buf[12];
    unsigned n = 0u;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do {
        buf[n++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0u);
    if (v < 0) {
        console_putc('-');
    }
    while (n > 0u) {
        console_putc(buf[--n]);
    }
}

void board_reset(void)
{
    __asm volatile("dsb" ::: "memory");
    reg_write(SCB_AIRCR, (0x05FAu << 16) | (reg_read(SCB_AIRCR) & 0x700u) | (1u << 2));
    __asm volatile("dsb" ::: "memory");
    for (;;) {
    }
}

void board_fail(const char *why)
{
    console_puts(why);
    console_puts("\nRED\n");
    board_led(LED_RED, 1);
    for (;;) {
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * datalogger: samples the internal temperature sensor every DATALOGGER_PERIOD_MS into a ring log
 * in backup SRAM, SAMPLES_PER_BOOT samples per boot, continuing the time line across resets. At
 * boot it prints the whole backup SRAM as a hex dump on USART2 (DATALOGGER_DUMP_AT_BOOT, or hold
 * the user button PA0 during reset), for bkpsram-tool to turn into CSV, JSON or an SVG plot:
 *   bkpsram-tool csv console.txt --log 1 --fields "t_ms:u32,temp_c:f32,raw:u16,boot:u16"
 */
#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"
#include "board.h"
#include "regs.h"

#ifndef DATALOGGER_PERIOD_MS
#define DATALOGGER_PERIOD_MS 100u
#endif
#ifndef SAMPLES_PER_BOOT
#define SAMPLES_PER_BOOT 4u
#endif
#ifndef DATALOGGER_DUMP_AT_BOOT
#define DATALOGGER_DUMP_AT_BOOT 1
#endif

/* One log entry, 12 bytes, little-endian: the tool's field list above. */
typedef struct {
    uint32_t t_ms;  /* time since the first sample */
    float temp_c;   /* degrees Celsius */
    uint16_t raw;   /* ADC reading */
    uint16_t boot;  /* boot number that took the sample */
} sample_t;

#define LOG_ID 1u
static const bkpsram_log_config_t log_cfg = {1024u, 3072u, LOG_ID, sizeof(sample_t)}; /* 152 entries */

/* ADC1 and the temperature sensor (RM0090 13.10): channel 16 on F40x/F41x, 18 on F42x/F446/F401/F411. */
#define RCC_APB2ENR 0x40023844u
#define ADC1_SR     0x40012000u
#define ADC1_CR2    0x40012008u
#define ADC1_SMPR1  0x4001200Cu
#define ADC1_SQR3   0x40012034u
#define ADC1_DR     0x4001204Cu
#define ADC_CCR     0x40012304u
#if defined(BOARD_STM32F4_DISCOVERY)
#define TEMP_CHANNEL 16u
#else
#define TEMP_CHANNEL 18u
#endif

static void adc_init(void)
{
    reg_set(RCC_APB2ENR, 1u << 8); /* ADC1EN */
    (void)reg_read(RCC_APB2ENR);
    reg_set(ADC_CCR, 1u << 23);    /* TSVREFE: sensor on */
    reg_modify(ADC1_SMPR1, 7u << (3u * (TEMP_CHANNEL - 10u)), 7u << (3u * (TEMP_CHANNEL - 10u))); /* 480 cycles */
    reg_write(ADC1_SQR3, TEMP_CHANNEL);
    reg_set(ADC1_CR2, 1u);         /* ADON */
}

static uint16_t adc_read(void)
{
    reg_set(ADC1_CR2, 1u << 30);   /* SWSTART */
    while ((reg_read(ADC1_SR) & 2u) == 0u) { /* EOC */
    }
    return (uint16_t)reg_read(ADC1_DR);
}

/* SysTick at the 16 MHz HSI: 16000 ticks per millisecond. */
static void delay_ms(uint32_t ms)
{
    reg_write(0xE000E014u, 16000u - 1u);
    reg_write(0xE000E018u, 0u);
    reg_write(0xE000E010u, 5u); /* processor clock, enabled */
    while (ms != 0u) {
        if (reg_read(0xE000E010u) & (1u << 16)) {
            ms--;
        }
    }
    reg_write(0xE000E010u, 0u);
}

/* The 4 KB as text: a BEGIN line, 256 lines of 16 bytes, an END line with the CRC of the 4 KB. */
static void dump(void)
{
    uint8_t line[16];
    uint32_t off, i, crc = BKPSRAM_CRC32_INIT;
    console_puts("BKPSRAM DUMP 40024000 4096\n");
    for (off = 0u; off < 4096u; off += 16u) {
        (void)bkpsram_read(off, line, sizeof line);
        crc = bkpsram_crc32(crc, line, sizeof line);
        console_hex(0x40024000u + off, 8);
        console_puts(":");
        for (i = 0u; i < 16u; i++) {
            console_puts(" ");
            console_hex(line[i], 2);
        }
        console_puts("\n");
    }
    console_puts("BKPSRAM END 4096 CRC ");
    console_hex(crc, 8);
    console_puts("\n");
}

int main(void)
{
    bkpsram_log_t log;
    sample_t s = {0u, 0.0f, 0u, 0u};
    uint32_t n, button;
    int rc;

    board_init();
    button = reg_read(GPIO_BASE(0) + 0x10u) & 1u; /* PA0 input (reset state), high when pressed */
    rc = bkpsram_init(NULL);
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_log_open(&log, &log_cfg);
        if (rc == BKPSRAM_EVERSION) {
            rc = bkpsram_log_clear(&log); /* another firmware's log was there: start ours */
        }
    }
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    n = bkpsram_log_count(&log);
    if (n != 0u && bkpsram_log_read(&log, n - 1u, &s) == BKPSRAM_OK) {
        s.t_ms += DATALOGGER_PERIOD_MS; /* continue the time line of the newest entry */
        s.boot++;
    } else {
        s.t_ms = 0u;
        s.boot = 1u;
    }
    adc_init();
    for (n = 0u; n < SAMPLES_PER_BOOT; n++) {
        if (n != 0u) {
            delay_ms(DATALOGGER_PERIOD_MS);
            s.t_ms += DATALOGGER_PERIOD_MS;
        }
        s.raw = adc_read();
        /* V = raw * 3.3 V / 4095; T = (V - 0.76 V) / 2.5 mV + 25 (F40x datasheet, typical) */
        s.temp_c = ((float)s.raw * 3300.0f / 4095.0f - 760.0f) / 2.5f + 25.0f;
        (void)bkpsram_log_append(&log, &s);
        console_puts("sample t_ms ");
        console_dec((int32_t)s.t_ms);
        console_puts(" raw ");
        console_dec(s.raw);
        console_puts(" boot ");
        console_dec(s.boot);
        console_puts(" mdegC ");
        console_dec((int32_t)(s.temp_c * 1000.0f));
        console_puts("\n");
    }
    console_puts("datalogger: boot ");
    console_dec(s.boot);
    console_puts(", ");
    console_dec((int32_t)bkpsram_log_count(&log));
    console_puts(" entries kept, last t_ms ");
    console_dec((int32_t)s.t_ms);
    console_puts(", raw ");
    console_dec(s.raw);
    console_puts("\n");
    if (DATALOGGER_DUMP_AT_BOOT || button) {
        dump();
    }
    board_led(LED_GREEN, 1);
    for (;;) {
    }
}

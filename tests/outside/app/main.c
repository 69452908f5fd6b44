/* SPDX-License-Identifier: MIT */
/*
 * A user's firmware, built outside the bkpsram tree exactly as the README says, run on vboard.
 * It uses the README's own descriptors (readme_layout.h, extracted from README.md by run.sh),
 * checks their layout, and exercises the core, a record, a log and, with APP_SECTION, the
 * linker-section variables. Prints "<name>: OK" on USART2, or the first failing step.
 */
#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_layout.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"
#if defined(APP_SECTION) || defined(APP_SECTION_WITHOUT_FRAGMENT)
#include "bkpsram/bkpsram_section.h"
#endif

#include "readme_layout.h"

#ifndef APP_NAME
#define APP_NAME "outside"
#endif

#define USART2_DR  (*(volatile uint32_t *)0x40004404u)
#define USART2_CR1 (*(volatile uint32_t *)0x4000440Cu)

static void put(const char *s)
{
    while (*s != '\0') {
        USART2_DR = (uint8_t)*s++;
    }
}

static void put_int(int v)
{
    char b[12];
    int i = 11;
    unsigned u = (v < 0) ? (unsigned)-v : (unsigned)v;
    b[i] = '\0';
    do {
        b[--i] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0u);
    if (v < 0) {
        b[--i] = '-';
    }
    put(&b[i]);
}

static int failed(int line, int rc)
{
    put(APP_NAME ": FAIL at line ");
    put_int(line);
    put(", rc ");
    put_int(rc);
    put("\n");
    return 1;
}

#define CHECK(expr, want)                                                                                          \
    do {                                                                                                           \
        int rc_ = (expr);                                                                                          \
        if (rc_ != (want)) {                                                                                       \
            return failed(__LINE__, rc_);                                                                          \
        }                                                                                                          \
    } while (0)

#if defined(APP_SECTION) || defined(APP_SECTION_WITHOUT_FRAGMENT)
BKPSRAM_DATA uint32_t boots = 41u;
BKPSRAM_BSS uint32_t cold_boots;
#endif

static int run(void)
{
    static const bkpsram_area_t layout[] = {
        BKPSRAM_AREA_SECTION("section region", 0u, README_SECTION_SIZE),
        BKPSRAM_AREA_RECORD("settings_rec", settings_rec),
        BKPSRAM_AREA_LOG("log cfg", cfg),
    };
    const bkpsram_config_t init_cfg = {1u, 0u, 0u, 0u}; /* write_protect 0: plain stores to variables */
    settings_t s = {115200u, 7u, 1u, 30u}, back;
    sample_t sample = {100u, 21.5f, 900u, 1u}, got;
    bkpsram_log_t log;
    bkpsram_layout_report_t why;

    CHECK(bkpsram_layout_check(layout, sizeof layout / sizeof layout[0], 0u, &why), BKPSRAM_OK);
    CHECK(bkpsram_init(&init_cfg), BKPSRAM_OK);
    CHECK(bkpsram_write_float(6u, 0.001f), BKPSRAM_OK);
    CHECK(bkpsram_record_load(&settings_rec, &back), BKPSRAM_ENOENT);
    CHECK(bkpsram_record_save(&settings_rec, &s), BKPSRAM_OK);
    CHECK(bkpsram_record_load(&settings_rec, &back), BKPSRAM_OK);
    CHECK(back.baud == s.baud && back.volume == s.volume, 1);
    CHECK(bkpsram_log_open(&log, &cfg), BKPSRAM_OK);
    CHECK(bkpsram_log_append(&log, &sample), BKPSRAM_OK);
    CHECK(bkpsram_log_read(&log, 0u, &got), BKPSRAM_OK);
    CHECK(got.t_ms == 100u && got.temp_c == 21.5f, 1);
#if defined(APP_SECTION) || defined(APP_SECTION_WITHOUT_FRAGMENT)
    CHECK(bkpsram_section_init(1u), 0); /* cold boot: initialised */
    CHECK(boots == 41u && cold_boots == 0u, 1);
    boots++;
    cold_boots++;
    CHECK(bkpsram_section_init(1u), 1); /* kept */
    CHECK(boots == 42u && cold_boots == 1u, 1);
#endif
    CHECK(bkpsram_record_load(&settings_rec, &back), BKPSRAM_OK); /* the section left it alone */
    return 0;
}

int main(void)
{
    USART2_CR1 = (1u << 13) | (1u << 3); /* UE, TE: all vboard needs (a board also needs clocks, pins, BRR) */
    if (run() == 0) {
        put(APP_NAME ": OK\n");
    }
    for (;;) {
    }
}

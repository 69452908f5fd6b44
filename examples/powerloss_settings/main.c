/* SPDX-License-Identifier: MIT */
/*
 * powerloss_settings: the same settings kept two ways, chosen at build time, to be power-cut
 * tested with `vboard campaign` (README "Test your own firmware"):
 *   SETTINGS_NAIVE=1  what firmware often does: the struct copied into backup SRAM with a
 *                     checksum byte after it (one copy, updated in place);
 *   SETTINGS_NAIVE=0  bkpsram_record_save() / bkpsram_record_load() (two slots, CRC last).
 * Every boot: the first (no "settings exist" marker yet) stores the defaults and the marker;
 * every later boot loads the settings, checks them, and saves the next generation. A boot whose
 * settings are gone or inconsistent prints "FAIL: ..." on the console and lights RED; otherwise
 * "OK generation N" and GREEN. A power cut must never make a later boot print FAIL.
 */
#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_record.h"
#include "board.h"

#ifndef SETTINGS_NAIVE
#define SETTINGS_NAIVE 0
#endif

#define MARKER_OFFSET 0u       /* "settings exist": written once, after the first save */
#define MARKER        0x53455453u
#define SETTINGS_OFFSET 64u

typedef struct {
    uint32_t generation;  /* every field below is derived from it: a torn value shows */
    uint32_t baud;
    int32_t offset_mv;
    uint32_t flags;
    float gain;
} settings_t;

static settings_t make(uint32_t g)
{
    settings_t s;
    s.generation = g;
    s.baud = 9600u * (g % 12u + 1u);
    s.offset_mv = -(int32_t)(g * 7u);
    s.flags = g ^ 0xA5A5A5A5u;
    s.gain = 1.0f + (float)(g % 100u) * 0.5f;
    return s;
}

static int consistent(const settings_t *s)
{
    settings_t want = make(s->generation);
    return s->baud == want.baud && s->offset_mv == want.offset_mv && s->flags == want.flags && s->gain == want.gain;
}

#if SETTINGS_NAIVE
/* The struct, then one byte: the sum of its bytes. */
static uint8_t checksum(const settings_t *s)
{
    const uint8_t *p = (const uint8_t *)s;
    uint8_t sum = 0u;
    uint32_t i;
    for (i = 0; i < sizeof *s; i++) {
        sum = (uint8_t)(sum + p[i]);
    }
    return sum;
}

static int save(const settings_t *s)
{
    int rc = bkpsram_write(SETTINGS_OFFSET, s, sizeof *s);
    return rc != BKPSRAM_OK ? rc : bkpsram_write_u8(SETTINGS_OFFSET + (uint32_t)sizeof *s, checksum(s));
}

static int load(settings_t *s)
{
    uint8_t sum = 0u;
    int rc = bkpsram_read(SETTINGS_OFFSET, s, sizeof *s);
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_read_u8(SETTINGS_OFFSET + (uint32_t)sizeof *s, &sum);
    }
    return rc != BKPSRAM_OK ? rc : sum == checksum(s) ? BKPSRAM_OK : BKPSRAM_ECORRUPT;
}
#else
static const bkpsram_record_t rec = {SETTINGS_OFFSET, 0x5E7u, 1u, (uint16_t)sizeof(settings_t)};

static int save(const settings_t *s) { return bkpsram_record_save(&rec, s); }
static int load(settings_t *s) { return bkpsram_record_load(&rec, s); }
#endif

static void fail(const char *why, int rc)
{
    console_puts("FAIL: ");
    console_puts(why);
    console_puts(" (");
    console_puts(bkpsram_strerror(rc));
    console_puts(")\n");
    board_led(LED_RED, 1);
}

int main(void)
{
    uint32_t marker = 0u;
    settings_t s;
    int rc;

    board_init();
    console_puts(SETTINGS_NAIVE ? "powerloss_settings (naive struct + checksum)\n" : "powerloss_settings (record)\n");
    rc = bkpsram_init(NULL);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    (void)bkpsram_read_u32(MARKER_OFFSET, &marker);
    if (marker != MARKER) { /* first boot, or VBAT was lost: start from the defaults */
        s = make(1u);
        rc = save(&s);
        if (rc == BKPSRAM_OK) {
            rc = bkpsram_write_u32(MARKER_OFFSET, MARKER);
        }
        console_puts(rc == BKPSRAM_OK ? "first boot: defaults saved\n" : "first boot: save failed\n");
        board_led(LED_GREEN, rc == BKPSRAM_OK);
        for (;;) {
        }
    }
    rc = load(&s);
    if (rc != BKPSRAM_OK) {
        fail("settings lost", rc);
    } else if (!consistent(&s)) {
        fail("settings torn (fields of two generations)", rc);
    } else {
        console_puts("OK generation ");
        console_dec((int32_t)s.generation);
        console_puts("\n");
        s = make(s.generation + 1u);
        rc = save(&s); /* the write a power cut may interrupt */
        board_led(LED_GREEN, rc == BKPSRAM_OK);
    }
    for (;;) {
    }
}

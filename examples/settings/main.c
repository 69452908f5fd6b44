/* SPDX-License-Identifier: MIT */
/*
 * settings: a versioned settings struct kept as a power-cut-safe record. Schema 2 adds "volume"
 * in the byte schema 1 kept in reserve, so both have the same size and the record's two slots
 * stay in place: migration is a load with the old descriptor and a save with the new one, and a
 * power cut in between just repeats it on the next boot. Build with -DSETTINGS_SCHEMA=1 for the
 * old firmware.
 */
#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_record.h"
#include "board.h"

#ifndef SETTINGS_SCHEMA
#define SETTINGS_SCHEMA 2
#endif

typedef struct {
    uint32_t baud;
    uint16_t brightness;
    uint8_t mode;
    uint8_t volume; /* schema 2; "reserved", always 0, in schema 1 */
} settings_t;

#define SETTINGS_OFFSET 1024u /* after the 1 KB section region of the board linker scripts */
static const bkpsram_record_t rec_v1 = {SETTINGS_OFFSET, 0x5E77u, 1u, sizeof(settings_t)};
static const bkpsram_record_t rec_v2 = {SETTINGS_OFFSET, 0x5E77u, 2u, sizeof(settings_t)};

static void show(const char *what, const settings_t *s)
{
    console_puts(what);
    console_puts(": schema ");
    console_dec(SETTINGS_SCHEMA);
    console_puts(", baud ");
    console_dec((int32_t)s->baud);
    console_puts(", brightness ");
    console_dec(s->brightness);
    console_puts(", mode ");
    console_dec(s->mode);
    console_puts(", volume ");
    console_dec(s->volume);
    console_puts("\n");
}

int main(void)
{
    const bkpsram_record_t *rec = SETTINGS_SCHEMA == 1 ? &rec_v1 : &rec_v2;
    settings_t s;
    int rc;

    board_init();
    rc = bkpsram_init(NULL);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    rc = bkpsram_record_load(rec, &s);
    if (rc == BKPSRAM_OK) {
        show("loaded", &s);
    } else if (rc == BKPSRAM_EVERSION && SETTINGS_SCHEMA == 2 && bkpsram_record_load(&rec_v1, &s) == BKPSRAM_OK) {
        s.volume = 5u; /* the new field gets its default */
        show("migrated from schema 1", &s);
    } else {
        console_puts(bkpsram_strerror(rc));
        console_puts("\n");
        s.baud = 115200u;
        s.brightness = 50u;
        s.mode = 1u;
        s.volume = SETTINGS_SCHEMA == 1 ? 0u : 5u;
        show("defaults", &s);
    }
    s.brightness = (uint16_t)(s.brightness + 1u); /* the application changes a setting */
    rc = bkpsram_record_save(rec, &s);
    console_puts(rc == BKPSRAM_OK ? "saved\n" : bkpsram_strerror(rc));
    board_led(rc == BKPSRAM_OK ? LED_GREEN : LED_RED, 1);
    for (;;) {
    }
}

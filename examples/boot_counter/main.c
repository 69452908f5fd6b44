/* SPDX-License-Identifier: MIT */
/*
 * boot_counter: variables in backup SRAM through the linker section. Counts boots and cold boots
 * and remembers the previous boot's reset cause; a cold boot (or a new layout) starts over.
 * On a part without backup SRAM (F401, F411) the same counters are kept as a record in the RTC
 * backup registers (the fallback store): linker-section variables need the backup SRAM.
 */
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_section.h"
#include "board.h"

#define LAYOUT_VERSION 1u /* bump when the variables below change */

BKPSRAM_DATA uint32_t boots = 0u;     /* from flash on a cold boot */
BKPSRAM_BSS uint32_t cold_boots;      /* zeroed on a cold boot */
BKPSRAM_BSS uint32_t previous_flags;  /* reset cause of the previous boot */
BKPSRAM_NOINIT uint32_t scratch[4];   /* never touched by the library */

static void print_flags(uint32_t f)
{
    static const char *const names[7] = {"brown-out", "pin", "power-on", "software", "iwdg", "wwdg", "low-power"};
    unsigned i, any = 0u;
    for (i = 0; i < 7u; i++) {
        if (f & (1u << i)) {
            console_puts(any++ ? "+" : "");
            console_puts(names[i]);
        }
    }
    console_puts(any ? "" : "none");
}

static void report(int kept, uint32_t n, uint32_t cold, uint32_t flags, uint32_t previous)
{
    console_puts(kept == 1 ? "warm boot" : "cold boot (variables initialised)");
    console_puts(": boots ");
    console_dec((int32_t)n);
    console_puts(", cold boots ");
    console_dec((int32_t)cold);
    console_puts(", this reset ");
    print_flags(flags);
    console_puts(", previous ");
    print_flags(previous);
    console_puts("\n");
    board_led(kept == 1 ? LED_GREEN : LED_RED, 1);
}

/* The fallback store: the three counters as one record (power-cut safe, 2 x 32 bytes of 80). */
static void count_in_record(uint32_t flags)
{
    static const bkpsram_record_t rec = {0u, 1u, LAYOUT_VERSION, 12u};
    uint32_t c[3]; /* boots, cold boots, previous flags */
    int kept = bkpsram_record_load(&rec, c) == BKPSRAM_OK ? 1 : 0;
    if (kept == 0) {
        memset(c, 0, sizeof c);
        c[1]++;
    }
    c[0]++;
    report(kept, c[0], c[1], flags, c[2]);
    c[2] = flags;
    if (bkpsram_record_save(&rec, c) != BKPSRAM_OK) {
        board_fail("record save");
    }
}

int main(void)
{
    /* write_protect 0: the variables are written with plain stores below; fallback 1: the RTC
     * backup registers on parts without backup SRAM */
    static const bkpsram_config_t cfg = {1u, 0u, 0u, 1u};
    uint32_t flags;
    int kept, rc;

    board_init();
    flags = bkpsram_reset_flags(1);
    rc = bkpsram_init(&cfg);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    if (bkpsram_kind() == BKPSRAM_KIND_BKPREG) {
        count_in_record(flags);
    } else {
        kept = bkpsram_section_init(LAYOUT_VERSION);
        if (kept == 0) {
            cold_boots++;
        }
        boots++;
        report(kept, boots, cold_boots, flags, previous_flags);
        previous_flags = flags;
    }
    for (;;) {
    }
}

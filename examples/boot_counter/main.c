/* SPDX-License-Identifier: MIT */
/*
 * boot_counter: variables in backup SRAM through the linker section. Counts boots and cold boots
 * and remembers the previous boot's reset cause; a cold boot (or a new layout) starts over.
 */
#include "bkpsram/bkpsram.h"
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

int main(void)
{
    /* write_protect 0: the variables are written with plain stores below */
    static const bkpsram_config_t cfg = {1u, 0u, 0u, 0u};
    uint32_t flags;
    int kept, rc;

    board_init();
    flags = bkpsram_reset_flags(1);
    rc = bkpsram_init(&cfg);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    kept = bkpsram_section_init(LAYOUT_VERSION);
    if (kept == 0) {
        cold_boots++;
    }
    boots++;
    console_puts(kept == 1 ? "warm boot" : "cold boot (variables initialised)");
    console_puts(": boots ");
    console_dec((int32_t)boots);
    console_puts(", cold boots ");
    console_dec((int32_t)cold_boots);
    console_puts(", this reset ");
    print_flags(flags);
    console_puts(", previous ");
    print_flags(previous_flags);
    console_puts("\n");
    previous_flags = flags;
    board_led(kept == 1 ? LED_GREEN : LED_RED, 1);
    for (;;) {
    }
}

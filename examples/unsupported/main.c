/* SPDX-License-Identifier: MIT */
/* unsupported: identify the part; on F401/F411 (no backup SRAM) init must say so, not fault. */
#include "bkpsram/bkpsram.h"
#include "board.h"

int main(void)
{
    bkpsram_part_t part;
    int rc;

    board_init();
    rc = bkpsram_identify(&part);
    console_puts("part ");
    console_puts(rc == BKPSRAM_OK || rc == BKPSRAM_EUNSUPPORTED ? part.name : "?");
    console_puts(", DEV_ID 0x");
    console_hex(part.dev_id, 3);
    console_puts(", backup SRAM ");
    console_dec((int32_t)part.size);
    console_puts(" bytes\n");
    rc = bkpsram_init(NULL);
    console_puts("bkpsram_init: ");
    console_puts(bkpsram_strerror(rc));
    console_puts("\n");
    board_led(rc == BKPSRAM_OK ? LED_GREEN : LED_RED, 1);
    for (;;) {
    }
}

/* SPDX-License-Identifier: MIT */
/* fill: the whole backup SRAM with 8-, 16- and 32-bit values, each verified; GREEN when all pass. */
#include "bkpsram/bkpsram.h"
#include "board.h"

/* Every 32-bit word must equal expect. */
static int verify(uint32_t expect)
{
    uint32_t off, v;
    for (off = 0u; off < bkpsram_size(); off += 4u) {
        if (bkpsram_read_u32(off, &v) != BKPSRAM_OK || v != expect) {
            console_puts("  mismatch at offset ");
            console_dec((int32_t)off);
            console_puts("\n");
            return 0;
        }
    }
    return 1;
}

static int report(const char *what, int rc, uint32_t expect)
{
    int ok = rc == BKPSRAM_OK && verify(expect);
    console_puts(what);
    console_puts(ok ? ": ok\n" : ": FAILED\n");
    return ok;
}

int main(void)
{
    int ok, rc;

    board_init();
    console_puts("fill on ");
    console_puts(board_name);
    console_puts("\n");
    rc = bkpsram_init(NULL);
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    ok = report("fill_u8 0xA5", bkpsram_fill_u8(0xA5u), 0xA5A5A5A5u);
    ok &= report("fill_u16 0xBEEF", bkpsram_fill_u16(0xBEEFu), 0xBEEFBEEFu);
    ok &= report("fill_u32 0x12345678", bkpsram_fill_u32(0x12345678u), 0x12345678u);
    ok &= report("fill_u8 0x00", bkpsram_fill_u8(0u), 0u);
    if (ok) {
        console_puts("all ");
        console_dec((int32_t)bkpsram_size());
        console_puts(" bytes verified, GREEN\n");
    } else {
        console_puts("RED\n");
    }
    board_led(ok ? LED_GREEN : LED_RED, 1);
    for (;;) {
    }
}

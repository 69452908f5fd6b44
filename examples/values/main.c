/* SPDX-License-Identifier: MIT */
/* values: u8/u16/u32/u64/float/double at odd offsets, including the float at offset 6 that
 * HardFaulted with a plain pointer store (an unaligned VSTR on Device memory). */
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "board.h"

static int fails;

static void check(const char *what, int ok)
{
    console_puts(what);
    console_puts(ok ? ": ok\n" : ": FAILED\n");
    fails += !ok;
}

int main(void)
{
    static const bkpsram_config_t cfg = {1u, 1u, 0u, 1u};
    uint8_t u8 = 0u;
    uint16_t u16 = 0u;
    uint32_t u32 = 0u, bits;
    uint64_t u64 = 0u;
    float f = 0.0f;
    double d = 0.0;
    int rc;

    board_init();
    console_puts("values on ");
    console_puts(board_name);
    console_puts("\n");
    rc = bkpsram_init(&cfg); /* fallback: the RTC backup registers on F401/F411 */
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    /* offsets 1, 3..4, 6..9, 13..16, 17..24, 27..34: all unaligned for their size but u8 */
    check("u8 0xA7 @1", bkpsram_write_u8(1u, 0xA7u) == 0 && bkpsram_read_u8(1u, &u8) == 0 && u8 == 0xA7u);
    check("u16 0xBEEF @3", bkpsram_write_u16(3u, 0xBEEFu) == 0 && bkpsram_read_u16(3u, &u16) == 0 && u16 == 0xBEEFu);
    check("float 0.001 @6", bkpsram_write_float(6u, 0.001f) == 0 && bkpsram_read_float(6u, &f) == 0 && f == 0.001f);
    check("u32 0xDEADBEEF @13",
          bkpsram_write_u32(13u, 0xDEADBEEFu) == 0 && bkpsram_read_u32(13u, &u32) == 0 && u32 == 0xDEADBEEFu);
    check("u64 0x0123456789ABCDEF @17", bkpsram_write_u64(17u, 0x0123456789ABCDEFull) == 0 &&
                                            bkpsram_read_u64(17u, &u64) == 0 && u64 == 0x0123456789ABCDEFull);
    check("double 3.141592653589793 @27", bkpsram_write_double(27u, 3.141592653589793) == 0 &&
                                              bkpsram_read_double(27u, &d) == 0 && d == 3.141592653589793);
    memcpy(&bits, &f, sizeof bits);
    console_puts("float bits 0x");
    console_hex(bits, 8);
    console_puts(fails == 0 ? "\nGREEN\n" : "\nRED\n");
    board_led(fails == 0 ? LED_GREEN : LED_RED, 1);
    for (;;) {
    }
}

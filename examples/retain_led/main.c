/* SPDX-License-Identifier: MIT */
/*
 * retain_led: the seed demo. First boot (or data lost): write a 16-byte marker, RED.
 * After a reset with the data kept: GREEN. The marker is 128 bits, so random power-up content
 * cannot fake it (a single byte would match one boot in 256).
 */
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "board.h"

static const uint8_t marker[16] = {'b', 'k', 'p', 's', 'r', 'a', 'm', '-', 'r', 'e', 't', 'a', 'i', 'n', 0x5A, 0xC3};

int main(void)
{
    static const bkpsram_config_t cfg = {1u, 1u, 0u, 1u};
    uint8_t seen[16];
    uint32_t flags;
    int rc;

    board_init();
    flags = bkpsram_reset_flags(1);
    console_puts("retain_led on ");
    console_puts(board_name);
    console_puts(", reset flags 0x");
    console_hex(flags, 2);
    console_puts("\n");

    rc = bkpsram_init(&cfg); /* fallback: the RTC backup registers on F401/F411 */
    if (rc != BKPSRAM_OK) {
        board_fail(bkpsram_strerror(rc));
    }
    if (bkpsram_read(0u, seen, sizeof seen) == BKPSRAM_OK && memcmp(seen, marker, sizeof marker) == 0) {
        console_puts("marker found: data kept, GREEN\n");
        board_led(LED_GREEN, 1);
    } else {
        (void)bkpsram_write(0u, marker, sizeof marker);
        console_puts("no marker: first boot or data lost, marker written, RED\n");
        board_led(LED_RED, 1);
    }
    for (;;) {
    }
}

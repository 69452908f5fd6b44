/* SPDX-License-Identifier: MIT */
/* A user's on-target unit test: newlib's semihosting (rdimon), printf, and the exit status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bkpsram/bkpsram.h"

extern void initialise_monitor_handles(void);

int main(void)
{
    unsigned fails = 0u, checks = 0u;
    uint32_t off, v;
    initialise_monitor_handles();
    fails += bkpsram_init(NULL) != BKPSRAM_OK;
    for (off = 0u; off < 64u; off += 4u, checks++) {
        fails += bkpsram_write_u32(off, off * 3u + WANT_OFFSET) != BKPSRAM_OK;
        fails += bkpsram_read_u32(off, &v) != BKPSRAM_OK || v != off * 3u;
    }
    printf("unit: %u checks, %u failures\n", checks, fails);
    exit(fails != 0u ? 1 : 0);
}

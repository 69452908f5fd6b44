/* SPDX-License-Identifier: MIT */
/*
 * A user's firmware for vboard campaign tests, judged through semihosting. Every boot after the
 * first checks a 256-byte record (every byte derived from its generation) and saves the next
 * generation; it reports with SYS_EXIT_EXTENDED: 0 when the record is consistent, 1 when not.
 * Once the second generation is saved (the boot a campaign cuts), FW_MODE 1 loops forever
 * instead of checking, FW_MODE 2 faults (an unmapped read), FW_MODE 3 ends idle (WFI) without a
 * semihosting exit.
 */
#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_record.h"
#include "board.h"

#ifndef FW_MODE
#define FW_MODE 0
#endif
#ifndef SAVES /* saves of the boot after the first (the boot a campaign cuts): a longer campaign */
#define SAVES 1u
#endif

static const bkpsram_record_t rec = {1024u, 0xCA3u, 1u, 256u};
static uint8_t buf[256];

static void sh_exit(uint32_t code)
{
    static uint32_t block[2];
    register uint32_t r0 __asm("r0") = 0x20u; /* SYS_EXIT_EXTENDED */
    register uint32_t *r1 __asm("r1") = block;
    block[0] = 0x20026u; /* ADP_Stopped_ApplicationExit */
    block[1] = code;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    for (;;) {
    }
}

static void fill(uint32_t g)
{
    uint32_t i;
    for (i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(g * 13u + i);
    }
}

int main(void)
{
    uint32_t i, g;
    board_init();
    if (bkpsram_init(NULL) != BKPSRAM_OK) {
        sh_exit(2u);
    }
    if (bkpsram_record_load(&rec, buf) != BKPSRAM_OK) { /* first boot */
        fill(1u);
        sh_exit(bkpsram_record_save(&rec, buf) == BKPSRAM_OK ? 0u : 1u);
    }
    g = (uint32_t)(uint8_t)(buf[0] * 197u); /* 13 * 197 = 1 (mod 256): the generation */
#if FW_MODE == 1
    while (g >= 2u) { /* the boots after the one a campaign cuts: never reach a check */
        __asm volatile("nop");
    }
#elif FW_MODE == 2
    if (g >= 2u) {
        (void)*(volatile uint32_t *)0x60000000u;
    }
#elif FW_MODE == 3
    while (g >= 2u) {
        __asm volatile("wfi");
    }
#endif
    for (i = 0; i < sizeof buf; i++) {
        if (buf[i] != (uint8_t)(g * 13u + i)) {
            sh_exit(1u);
        }
    }
    for (i = 0; i < (g == 1u ? SAVES : 1u); i++) {
        fill(g + 1u + i);
        if (bkpsram_record_save(&rec, buf) != BKPSRAM_OK) {
            sh_exit(1u);
        }
    }
    sh_exit(0u);
}

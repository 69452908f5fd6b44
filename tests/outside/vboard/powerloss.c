/* SPDX-License-Identifier: MIT */
/* A user's settings in a record, with a boot-time check a vboard campaign judges: every boot
 * loads the settings (the first saves defaults), checks them and saves the next generation;
 * exit(0) when they are consistent, exit(1) when not (semihosting). */
#include <stdint.h>
#include <stdlib.h>

#include "bkpsram/bkpsram_record.h"

extern void initialise_monitor_handles(void);

typedef struct {
    uint32_t generation, twice, square;
} settings_t;

static const bkpsram_record_t rec = {1024u, 0x77u, 1u, sizeof(settings_t)};

int main(void)
{
    settings_t s = {1u, 2u, 1u};
    initialise_monitor_handles();
    if (bkpsram_init(NULL) != BKPSRAM_OK) {
        exit(2);
    }
    if (bkpsram_record_load(&rec, &s) == BKPSRAM_OK) {
        if (s.twice != 2u * s.generation || s.square != s.generation * s.generation) {
            exit(1);
        }
        s.generation++;
        s.twice = 2u * s.generation;
        s.square = s.generation * s.generation;
    }
    exit(bkpsram_record_save(&rec, &s) == BKPSRAM_OK ? 0 : 1);
}

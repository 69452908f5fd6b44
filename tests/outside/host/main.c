/* SPDX-License-Identifier: MIT */
/* A host program over the memory port: init, a record and a log with the README's descriptors,
 * a simulated reset, and the data still there. Prints "host memory port: OK". */
#include <stdio.h>
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_memory.h"
#include "bkpsram/bkpsram_record.h"

#include "readme_layout.h"

int main(void)
{
    settings_t s = {57600u, 1u, 2u, 3u}, back;
    sample_t e = {1u, 2.5f, 3u, 4u};
    bkpsram_log_t log;
    int ok = bkpsram_init(NULL) == BKPSRAM_OK && bkpsram_size() == BKPSRAM_MEMORY_SIZE &&
             bkpsram_record_save(&settings_rec, &s) == BKPSRAM_OK && bkpsram_log_open(&log, &cfg) == BKPSRAM_OK &&
             bkpsram_log_append(&log, &e) == BKPSRAM_OK;
    bkpsram_memory_reset(); /* a reset: init again, as firmware does */
    ok = ok && bkpsram_init(NULL) == BKPSRAM_OK && bkpsram_record_load(&settings_rec, &back) == BKPSRAM_OK &&
         memcmp(&back, &s, sizeof s) == 0 && bkpsram_log_open(&log, &cfg) == BKPSRAM_OK && bkpsram_log_count(&log) == 1u;
    printf("host memory port: %s\n", ok ? "OK" : "FAIL");
    return ok ? 0 : 1;
}

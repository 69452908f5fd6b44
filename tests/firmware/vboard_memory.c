/* SPDX-License-Identifier: MIT */
/* vboard's memory stays flat over repeated load + boot cycles of one board (the translated code of
 * an unchanged image is kept, not translated again into new code buffer space). Fails when the
 * resident set grows by more than 4 MB between cycle 50 and cycle 400 (before the fix: about 30 MB). */
#include <stdio.h>

#include "vboard.h"

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f == NULL || fscanf(f, "%ld %ld", &pages, &resident) != 2) {
        resident = -1;
    }
    if (f != NULL) {
        fclose(f);
    }
    return resident * 4;
}

int main(void)
{
    char err[256];
    vboard_result_t r;
    vboard_t *vb = vboard_open("stm32f4-discovery", 1u);
    long at50 = 0, at400 = 0;
    int i;
    if (vb == NULL) {
        return 1;
    }
    for (i = 1; i <= 400; i++) {
        if (vboard_load(vb, FIRMWARE_DIR "/examples/retain_led-stm32f4-discovery.elf", err, sizeof err) != 0 ||
            vboard_boot(vb, BKM_EV_RESET_PIN, &r) != 0 || r.outcome != VBOARD_IDLE) {
            fprintf(stderr, "cycle %d: %s\n", i, err);
            return 1;
        }
        if (i == 50) {
            at50 = rss_kb();
        }
    }
    at400 = rss_kb();
    vboard_close(vb);
    printf("vboard memory: %ld KB after 50 load+boot cycles, %ld KB after 400 (%+ld KB)\n", at50, at400,
           at400 - at50);
    return (at50 > 0 && at400 - at50 <= 4096) ? 0 : 1;
}

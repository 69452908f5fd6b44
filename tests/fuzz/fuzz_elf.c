/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: vboard's ELF loader over arbitrary files (the input is written to a temporary
 * file, as vboard reads images by path). Properties: no crash, no sanitizer report; a refusal has a
 * message; an accepted image boots for at most 2,000 instructions without a crash of vboard.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vboard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long accepted, refused;

static void report(void)
{
    printf("fuzz_elf: %lu images accepted and booted, %lu refused with a message\n", accepted, refused);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static vboard_t *vb;
    static char path[64];
    char err[256];
    vboard_result_t r;
    FILE *f;
    if (vb == NULL) {
        int fd;
        vb = vboard_open("stm32f4-discovery", 1u);
        (void)snprintf(path, sizeof path, "/tmp/fuzz_elf.XXXXXX");
        fd = mkstemp(path);
        if (vb == NULL || fd < 0) {
            abort();
        }
        close(fd);
        atexit(report);
    }
    f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        abort();
    }
    err[0] = '\0';
    if (vboard_load(vb, path, err, sizeof err) != 0) {
        if (err[0] == '\0') {
            abort(); /* every refusal has a message */
        }
        refused++;
        return 0;
    }
    vboard_set_max_insns(vb, 2000u);
    (void)vboard_boot(vb, BKM_EV_POWER_ON, &r);
    accepted++;
    return 0;
}

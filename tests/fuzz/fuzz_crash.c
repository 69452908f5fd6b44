/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: bkpsram-tool crash over arbitrary input: the dump parsers, the reboot area
 * decoder at the default offset and at an offset taken from the input, and both printers (text,
 * JSON) without an ELF. Properties: no crash, no sanitizer report; a refused offset has a message;
 * the JSON output is one line that starts with '{' and ends with "}\n".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long parsed, reports, faults;

static void report(void)
{
    printf("fuzz_crash: %lu inputs parsed as dumps, %lu with a valid report, %lu with a fault record decoded\n", parsed,
           reports, faults);
}

static void decode(const uint8_t *image, uint32_t offset)
{
    static bkt_crash_t c;
    static char out[16384];
    char err[256];
    FILE *f;
    size_t n;
    err[0] = '\0';
    if (bkt_crash_decode(image, offset, &c, err, sizeof err) != 0) {
        if (err[0] == '\0') {
            abort();
        }
        return;
    }
    reports += c.report_rc == BKPSRAM_OK;
    faults += c.has_fault != 0;
    f = fmemopen(out, sizeof out, "w");
    if (f == NULL) {
        abort();
    }
    bkt_crash_print(f, &c, NULL, 0);
    rewind(f);
    bkt_crash_print(f, &c, NULL, 1);
    fflush(f);
    n = (size_t)ftell(f);
    fclose(f);
    if (n < 3u || out[0] != '{' || out[n - 2u] != '}' || out[n - 1u] != '\n' || memchr(out, '\n', n - 1u) != NULL) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t image[BKT_SIZE];
    static int once;
    char err[256];
    bkt_form_t form;
    uint32_t dump_size;
    if (!once) {
        once = 1;
        atexit(report);
    }
    if (bkt_parse(data, size, image, &form, &dump_size, err, sizeof err) != 0) {
        return 0;
    }
    parsed++;
    decode(image, BKPSRAM_CFG_REBOOT_OFFSET);
    decode(image, size >= 2u ? (uint32_t)(data[0] | (data[1] << 8)) % 4200u : 0u);
    return 0;
}

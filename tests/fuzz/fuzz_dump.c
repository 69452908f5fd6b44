/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: bkpsram-tool's input parsers (raw, Intel HEX, console dump), the structure
 * scan over whatever image they accept, and the field-list parser. Properties: no crash, no
 * sanitizer report; an accepted field list fits the entry size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long parsed, with_log, entries;

static void report(void)
{
    printf("fuzz_dump: %lu inputs parsed as dumps, %lu with a log decoded, %lu log entries read\n", parsed,
           with_log, entries);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t image[BKT_SIZE];
    static bkt_found_t found;
    static bkt_field_t fields[BKT_MAX_FIELDS];
    char err[256], spec[128];
    bkt_form_t form;
    uint32_t dump_size;
    size_t n = size < sizeof spec - 1u ? size : sizeof spec - 1u;
    int nf, k;

    static int once;
    if (!once) {
        once = 1;
        atexit(report);
    }
    err[0] = '\0'; /* a refusal must write its own message, not leave the last one */
    if (bkt_parse(data, size, image, &form, &dump_size, err, sizeof err) == 0) {
        size_t i;
        parsed++;
        bkt_scan(image, &found);
        with_log += found.nlogs != 0u;
        for (i = 0; i < found.nlogs; i++) {
            uint8_t entry[1024];
            entries += bkt_log_entry(&found.logs[i], 0, entry) == 0;
        }
    } else if (err[0] == '\0') {
        abort(); /* every refusal has a message */
    }
    memcpy(spec, data, n);
    spec[n] = '\0';
    nf = bkt_fields(spec, 12u, fields, err, sizeof err);
    for (k = 0; k < nf; k++) {
        if (fields[k].offset + fields[k].size > 12u) {
            abort();
        }
    }
    return 0;
}

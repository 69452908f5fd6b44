/* SPDX-License-Identifier: MIT */
/*
 * Instruction counts of the core driver, measured by vboard on the -Os Cortex-M4F bench image
 * (the library functions called directly, by symbol). Exits non-zero if a call misbehaves.
 */
#include <stdio.h>
#include <string.h>

#include "vboard.h"

static vboard_result_t R;

static int measure(vboard_t *vb, const char *what, const char *sym, const uint32_t *args, unsigned n)
{
    uint32_t rc = 0xFFFFFFFFu;
    if (vboard_call(vb, sym, args, n, &rc, &R) != 0 || R.outcome != VBOARD_RETURNED || rc != 0u || R.violations) {
        fprintf(stderr, "%s: outcome %s rc %d fault '%s'\n", what, vboard_outcome_name(R.outcome), (int)rc, R.fault);
        return 1;
    }
    if (what[0] == '(') { /* a setup call: checked, not printed */
        return 0;
    }
    printf("  %-44s %8llu instructions  (BKPSRAM r%u w%u)\n", what, (unsigned long long)R.insns, R.bkpsram_reads,
           R.bkpsram_writes);
    return 0;
}

/* A Discovery board with the image loaded and booted to idle, or NULL (reported). */
static vboard_t *ready(const char *elf)
{
    char err[256];
    vboard_t *vb = vboard_open("stm32f4-discovery", 1u);
    if (vb == NULL || vboard_load(vb, elf, err, sizeof err) != 0) {
        fprintf(stderr, "vboard_bench: %s\n", vb ? err : "cannot open board");
        vboard_close(vb);
        return NULL;
    }
    vboard_boot(vb, BKM_EV_POWER_ON, &R);
    return vb;
}

int main(void)
{
    vboard_t *vb = ready(FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf");
    uint32_t a[2];
    int bad = 0;

    if (vb == NULL) {
        return 1;
    }
    printf("== Instruction counts on vboard (stm32f4-discovery, -Os, Cortex-M4F) ==\n");
    a[0] = 0u;
    bad |= measure(vb, "bkpsram_init(NULL)", "bkpsram_init", a, 1);
    bad |= measure(vb, "bkpsram_init(NULL), BRE already on", "bkpsram_init", a, 1);
    a[0] = 0x100u;
    a[1] = 0xCAFEF00Du;
    bad |= measure(vb, "bkpsram_write_u32(0x100, v)", "bkpsram_write_u32", a, 2);
    a[1] = vboard_symbol(vb, "bench_u32");
    bad |= measure(vb, "bkpsram_read_u32(0x100, &v)", "bkpsram_read_u32", a, 2);
    a[0] = 0x101u;
    bad |= measure(vb, "bkpsram_read_u32(0x101, &v)", "bkpsram_read_u32", a, 2);
    a[0] = 0x12345678u;
    bad |= measure(vb, "bkpsram_fill_u32(v)", "bkpsram_fill_u32", a, 1);
    vboard_close(vb);

    /* Records: save and load of a 256-byte record with each CRC engine (the library functions
     * called directly on bench_rec256 and bench_buf). */
    {
        static const char *const images[3][2] = {
            {"nibble table (default)", FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf"},
            {"byte table", FIRMWARE_DIR "/tests/firmware/bench_crctable-stm32f4-discovery.elf"},
            {"CRC unit", FIRMWARE_DIR "/tests/firmware/bench_crchw-stm32f4-discovery.elf"},
        };
        int i;
        printf("== 256-byte record on vboard (-Os), per CRC engine ==\n");
        for (i = 0; i < 3; i++) {
            char label[80];
            if ((vb = ready(images[i][1])) == NULL) {
                return 1;
            }
            a[0] = 0u;
            bad |= measure(vb, "(init)", "bkpsram_init", a, 1); /* not printed */
            a[0] = vboard_symbol(vb, "bench_rec256");
            a[1] = vboard_symbol(vb, "bench_buf");
            snprintf(label, sizeof label, "record_save, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_record_save", a, 2);
            snprintf(label, sizeof label, "record_save again, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_record_save", a, 2);
            snprintf(label, sizeof label, "record_load, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_record_load", a, 2);
            vboard_close(vb);
        }
    }

    /* The log: open (first use: formats the area) and one append of a 12-byte entry into a
     * 5-slot ring, nibble CRC. */
    if ((vb = ready(FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf")) == NULL) {
        return 1;
    }
    printf("== Ring log on vboard (-Os, nibble CRC, 12-byte entries, 5 slots) ==\n");
    a[0] = 0u;
    bad |= measure(vb, "(init)", "bkpsram_init", a, 1);
    bad |= measure(vb, "bkpsram_log_open, first use (formats)", "bench_log_open", a, 0);
    bad |= measure(vb, "bkpsram_log_open, 0 entries", "bench_log_open", a, 0);
    a[0] = vboard_symbol(vb, "bench_log");
    a[1] = vboard_symbol(vb, "bench_buf");
    bad |= measure(vb, "bkpsram_log_append", "bkpsram_log_append", a, 2);
    bad |= measure(vb, "bkpsram_log_append, again", "bkpsram_log_append", a, 2);
    vboard_close(vb);
    return bad;
}

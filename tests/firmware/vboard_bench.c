/* SPDX-License-Identifier: MIT */
/*
 * Instruction counts of the core driver, measured by vboard on the -Os Cortex-M4F bench image
 * (the library functions called directly, by symbol). Exits non-zero if a call misbehaves.
 */
#include <stdio.h>
#include <string.h>

#include "vboard.h"

static vboard_result_t R;

static const char *board = "stm32f4-discovery"; /* the board ready() opens */
static const char *fw_dir = FIRMWARE_DIR;        /* --firmware-dir: another cross build */
static int enforce = 1;                           /* budgets apply to the -Os build only */
static const char *opt = "-Os";                /* what the images were built with */

static int profile; /* vboard_bench --profile: where each measured call's instructions go */

static void print_profile(vboard_t *vb)
{
    vboard_profile_row_t rows[12];
    size_t i, n = vboard_profile_rows(vb, rows, 12u);
    for (i = 0; i < n; i++) {
        printf("      %8llu  %s\n", (unsigned long long)rows[i].insns, rows[i].name);
    }
}

/* Budgets of the measured rows (exact counts, enforced) and the floor each aims at (not enforced). */
static const struct {
    const char *what;
    uint64_t budget, target;
} budgets[] = {
    {"bkpsram_init(NULL)", 140u, 100u},
    {"bkpsram_init(NULL), BRE already on", 130u, 80u},
    {"record_save, CRC unit", 976u, 500u},
    {"record_save again, CRC unit", 1105u, 480u},
    {"record_save after a reset, CRC unit", 1294u, 700u},
    {"record_load, CRC unit", 701u, 470u},
    {"record_save, byte table", 1914u, 1550u},
    {"record_save again, byte table", 2056u, 1550u},
    {"record_save after a reset, byte table", 3248u, 2750u},
    {"record_load, byte table", 1717u, 1500u},
    {"record_save, nibble table (default)", 2730u, 2350u},
    {"record_save again, nibble table (default)", 2872u, 2350u},
    {"record_save after a reset, nibble table (default)", 4880u, 4400u},
    {"record_load, nibble table (default)", 2533u, 2350u},
    {"bkpsram_log_append, nibble table", 352u, 280u},
    {"bkpsram_log_append, CRC unit", 271u, 200u},
};

/* 1 when what has a budget and count exceeds it; prints the budget and target columns. */
static int over_budget(const char *what, uint64_t count)
{
    size_t i;
    for (i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        if (strcmp(budgets[i].what, what) == 0) {
            printf("  budget %6llu  target %6llu%s\n", (unsigned long long)budgets[i].budget,
                   (unsigned long long)budgets[i].target, enforce && count > budgets[i].budget ? "  OVER BUDGET" : "");
            return enforce && count > budgets[i].budget;
        }
    }
    printf("\n");
    return 0;
}

static int measure(vboard_t *vb, const char *what, const char *sym, const uint32_t *args, unsigned n)
{
    int over;
    uint32_t rc = 0xFFFFFFFFu;
    (void)vboard_profile(vb, profile);
    if (vboard_call(vb, sym, args, n, &rc, &R) != 0 || R.outcome != VBOARD_RETURNED || rc != 0u || R.violations) {
        fprintf(stderr, "%s: outcome %s rc %d fault '%s'\n", what, vboard_outcome_name(R.outcome), (int)rc, R.fault);
        return 1;
    }
    if (what[0] == '(') { /* a setup call: checked, not printed */
        return 0;
    }
    printf("  %-50s %6llu instructions  (BKPSRAM r%u w%u)", what, (unsigned long long)R.insns, R.bkpsram_reads,
           R.bkpsram_writes);
    over = over_budget(what, R.insns);
    if (profile) {
        print_profile(vb);
    }
    return over;
}

/* A Discovery board with the image loaded and booted to idle, or NULL (reported). */

/* The path of test image name (bench, bench_crchw, ...) for the current board. */
static const char *image(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/tests/firmware/%s-%s.elf", fw_dir, name, board);
    return path;
}

static vboard_t *ready(const char *elf)
{
    char err[256];
    vboard_t *vb = vboard_open(board, 1u);
    if (vb == NULL || vboard_load(vb, elf, err, sizeof err) != 0) {
        fprintf(stderr, "vboard_bench: %s\n", vb ? err : "cannot open board");
        vboard_close(vb);
        return NULL;
    }
    vboard_boot(vb, BKM_EV_POWER_ON, &R);
    return vb;
}

/* Instructions of one call (checked: returned 0, no violation), or 0 on failure (reported). */
static uint64_t count(vboard_t *vb, const char *sym, uint32_t a0, uint32_t a1)
{
    uint32_t args[2] = {a0, a1}, rc = 0xFFFFFFFFu;
    if (vboard_call(vb, sym, args, 2, &rc, &R) != 0 || R.outcome != VBOARD_RETURNED || rc != 0u || R.violations) {
        fprintf(stderr, "%s: outcome %s rc %d fault '%s'\n", sym, vboard_outcome_name(R.outcome), (int)rc, R.fault);
        return 0u;
    }
    return R.insns;
}

#define OUT 0xFFFFFFFFu /* argument: the address of bench_u32 (an out-parameter) */

/* One row of the cost table: the library call, the raw reference (0: none), the budget. */
typedef struct {
    const char *what, *setup, *sym, *raw;
    uint32_t a0, a1;
    uint64_t budget; /* enforced: the count this code reaches (exact, deterministic) */
    uint64_t target; /* the cost floor aimed at (a prototype reached it); not enforced */
} cost_t;

static const cost_t costs[] = {
    {"read_u32 @0x100", "bench_init", "lib_read_u32", "raw_read_u32", 0x100u, 0u, 9u, 9u},
    {"write_u32 @0x100, inside bkpsram_unlock()", "bench_init_unlocked", "lib_write_u32", "raw_write_u32", 0x100u, 7u,
     10u, 10u},
    {"write_u32 @0x100, write protection off", "bench_init_open", "lib_write_u32", "raw_write_u32", 0x100u, 7u, 10u,
     12u},
    {"write_u32 @0x100, write protection on", "bench_init", "lib_write_u32", "raw_write_u32", 0x100u, 7u, 33u, 20u},
    {"read_float @6", "bench_init", "lib_read_float", NULL, 6u, 0u, 31u, 18u},
    {"write_float @6, write protection on", "bench_init", "lib_write_float_bits", "raw_write_float6", 6u, 0x3FC00000u,
     52u, 24u},
    {"fill_u32 4 KB", "bench_init", "bkpsram_fill_u32", "raw_fill_u32", 0x5A5A5A5Au, 0u, 3651u, 210u},
    {"memset 4 KB", "bench_init", "bench_memset_4k", "raw_memset_4k", 0x5Au, 0u, 3760u, 250u}, /* +3: the store's base is read at run time (fallback) */
    {"write 256 B", "bench_init", "bench_write_256", "raw_write_256", 0x200u, 0u, 433u, 130u},
    {"read 256 B", "bench_init", "bench_read_256", "raw_read_256", 0x200u, 0u, 107u, 90u},
};

/* The cost table: each call next to what a raw pointer costs, against its budget (exact counts,
 * so a budget is a test). Returns the number of budgets exceeded or calls that failed. */
static int cost_table(const char *elf)
{
    int bad = 0;
    size_t i;
    printf("== Cost against a raw pointer (vboard, %s; budgets are checked at -Os) ==\n", opt);
    printf("  %-40s %8s %8s %7s %8s %8s\n", "operation", "bkpsram", "raw", "ratio", "budget", "target");
    for (i = 0; i < sizeof costs / sizeof costs[0]; i++) {
        const cost_t *c = &costs[i];
        vboard_t *vb = ready(elf);
        uint64_t lib, raw = 0u;
        if (vb == NULL) {
            return 1;
        }
        uint32_t a1 = c->a1 == OUT ? vboard_symbol(vb, "bench_u32") : c->a1;
        (void)count(vb, c->setup, 0u, 0u);
        lib = count(vb, c->sym, c->a0, a1);
        if (c->raw != NULL) { /* the raw pointer code of the seed: DBP set once, left set */
            (void)count(vb, "bench_init_open", 0u, 0u);
            raw = count(vb, c->raw, c->a0, a1);
        }
        vboard_close(vb);
        if (raw != 0u) {
            printf("  %-40s %8llu %8llu %6.1fx %8llu %8llu%s\n", c->what, (unsigned long long)lib,
                   (unsigned long long)raw, (double)lib / (double)raw, (unsigned long long)c->budget,
                   (unsigned long long)c->target, enforce && lib > c->budget ? "  OVER BUDGET" : "");
        } else {
            printf("  %-40s %8llu %8s %7s %8llu %8llu%s\n", c->what, (unsigned long long)lib, "-", "-",
                   (unsigned long long)c->budget, (unsigned long long)c->target, enforce && lib > c->budget ? "  OVER BUDGET" : "");
        }
        bad += lib == 0u || (enforce && lib > c->budget);
    }
    return bad;
}

/* init (first), an aligned word written and read, the whole memory filled. */
static int accessor_counts(vboard_t *vb)
{
    uint32_t a[2] = {0u, 0u};
    int bad = measure(vb, "bkpsram_init(NULL)", "bkpsram_init", a, 1);
    a[0] = 0x100u;
    a[1] = 0xCAFEF00Du;
    bad |= measure(vb, "bkpsram_write_u32(0x100, v)", "bkpsram_write_u32", a, 2);
    a[1] = vboard_symbol(vb, "bench_u32");
    bad |= measure(vb, "bkpsram_read_u32(0x100, &v)", "bkpsram_read_u32", a, 2);
    a[0] = 0x12345678u;
    return bad | measure(vb, "bkpsram_fill_u32(v)", "bkpsram_fill_u32", a, 1);
}

int main(int argc, char **argv)
{
    vboard_t *vb;
    uint32_t a[2];
    int bad = 0, k;

    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--profile") == 0) {
            profile = 1;
        } else if (strcmp(argv[k], "--firmware-dir") == 0 && k + 1 < argc) {
            fw_dir = argv[++k];
            enforce = 0;
            opt = fw_dir;
        } else {
            fprintf(stderr, "usage: vboard_bench [--profile] [--firmware-dir CROSS_BUILD_DIR (budgets not enforced)]\n");
            return 2;
        }
    }
    if ((vb = ready(image("bench"))) == NULL) {
        return 1;
    }
    bad |= cost_table(image("bench"));
    printf("== Instruction counts on vboard (stm32f4-discovery, %s, Cortex-M4F) ==\n", opt);
    bad |= accessor_counts(vb);
    a[0] = 0u;
    bad |= measure(vb, "bkpsram_init(NULL), BRE already on", "bkpsram_init", a, 1);
    a[0] = 0x101u;
    a[1] = vboard_symbol(vb, "bench_u32");
    bad |= measure(vb, "bkpsram_read_u32(0x101, &v)", "bkpsram_read_u32", a, 2);
    vboard_close(vb);

    /* Records: save and load of a 256-byte record with each CRC engine (the library functions
     * called directly on bench_rec256 and bench_buf). */
    {
        static const char *const images[3][2] = {
            {"nibble table (default)", "bench"},
            {"byte table", "bench_crctable"},
            {"CRC unit", "bench_crchw"},
        };
        int i;
        printf("== 256-byte record on vboard (%s), per CRC engine ==\n", opt);
        for (i = 0; i < 3; i++) {
            char label[80];
            if ((vb = ready(image(images[i][1]))) == NULL) {
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
            vboard_boot(vb, BKM_EV_RESET_PIN, &R); /* the slot this boot verified is forgotten */
            a[0] = 0u;
            bad |= measure(vb, "(init)", "bkpsram_init", a, 1);
            a[0] = vboard_symbol(vb, "bench_rec256");
            snprintf(label, sizeof label, "record_save after a reset, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_record_save", a, 2);
            vboard_close(vb);
        }
    }

    /* The log: open (first use: formats the area) and appends of a 12-byte entry into a 5-slot
     * ring, with the nibble table and with the CRC unit. */
    {
        static const char *const images[2][2] = {
            {"nibble table", "bench"},
            {"CRC unit", "bench_crchw"},
        };
        int i;
        printf("== Ring log on vboard (%s, 12-byte entries, 5 slots) ==\n", opt);
        for (i = 0; i < 2; i++) {
            char label[80];
            if ((vb = ready(image(images[i][1]))) == NULL) {
                return 1;
            }
            a[0] = 0u;
            bad |= measure(vb, "(init)", "bkpsram_init", a, 1);
            snprintf(label, sizeof label, "bkpsram_log_open, first use (formats), %s", images[i][0]);
            bad |= measure(vb, label, "bench_log_open", a, 0);
            snprintf(label, sizeof label, "bkpsram_log_open, 0 entries, %s", images[i][0]);
            bad |= measure(vb, label, "bench_log_open", a, 0);
            a[0] = vboard_symbol(vb, "bench_log");
            a[1] = vboard_symbol(vb, "bench_buf");
            snprintf(label, sizeof label, "bkpsram_log_append, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_log_append", a, 2);
            snprintf(label, sizeof label, "bkpsram_log_append again, %s", images[i][0]);
            bad |= measure(vb, label, "bkpsram_log_append", a, 2);
            vboard_close(vb);
        }
    }
    /* The other families' builds on their boards: the same calls, printed beside (not budgets). */
    {
        static const char *const others[][2] = {
            {"nucleo-f767zi", "STM32F7 build, Cortex-M7"},
            {"nucleo-h743zi", "STM32H7 build, Cortex-M7, whole-word stores (ECC)"},
            {"nucleo-h7s3l8", "STM32H7R/S build, Cortex-M7, whole-word stores (ECC)"},
            {"nucleo-h563zi", "STM32H5 build, Cortex-M33, whole-word stores (ECC)"},
            {"nucleo-u575zi-q", "STM32U5 build, Cortex-M33, whole-word stores (ECC), 2 KB"},
        };
        size_t i;
        for (i = 0; i < sizeof others / sizeof others[0]; i++) {
            board = others[i][0];
            if ((vb = ready(image("bench"))) == NULL) {
                return 1;
            }
            printf("== %s (%s, %s) ==\n", board, others[i][1], opt);
            bad |= accessor_counts(vb);
            a[0] = vboard_symbol(vb, "bench_rec256");
            a[1] = vboard_symbol(vb, "bench_buf");
            bad |= measure(vb, "record_save, nibble table", "bkpsram_record_save", a, 2);
            bad |= measure(vb, "record_load, nibble table", "bkpsram_record_load", a, 2);
            vboard_close(vb);
        }
    }
    return bad;
}

/* SPDX-License-Identifier: MIT */
/* vboard CLI: run a firmware image through a sequence of power events. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vboard.h"

int vboard_campaign_main(int argc, char **argv); /* vb_campaign.c */

static void usage(FILE *to)
{
    size_t i;
    fprintf(to, "usage: vboard [--board B] [--seed N] [--max-insns N] [--json] [--quiet] [--dump-bkpsram FILE]\n"
                "              [--console-out FILE] [--cut-after-writes N [--cut-in-boot K]] [--unaligned-bkpsram]\n"
                "              [--boots N] FIRMWARE.elf EVENT...\n"
                "       vboard campaign --help   (power cuts at every backup-domain write, judged by your firmware)\n"
                "       vboard [--board B] [--seed N] --gdb PORT FIRMWARE.elf [EVENT]   (GDB server on 127.0.0.1)\n"
                "events: power-on power-on-no-vbat reset power-off standby-wakeup tamper rdp-regression\n"
                "        (also software-reset iwdg-reset wwdg-reset bdrst)\nboards:");
    for (i = 0; i < vboard_board_count; i++) {
        fprintf(to, " %s", vboard_boards[i].name);
    }
    fprintf(to, "\n");
}

/* A whole number from 0 to max (decimal or 0x hex); no sign, no overflow, nothing after it. */
static int parse_u(const char *s, unsigned long long max, unsigned long long *v)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9') {
        return -1;
    }
    errno = 0;
    *v = strtoull(s, &end, 0);
    return (*end == '\0' && errno == 0 && *v <= max) ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *board = "stm32f4-discovery", *dump = NULL, *elf = NULL;
    unsigned long long seed = 1, max_insns = 50000000ull, cut = 0, v, gdb_port = 0, boots = ULLONG_MAX, cut_boot = 0;
    unsigned long long boot_no = 0;
    int json = 0, i, first_event = 0, faults = 0, unaligned = 0, quiet = 0, status = 0;
    char err[256];
    static char line[VBOARD_CONSOLE_MAX * 2];
    const char *console_out = NULL;
    FILE *cons = NULL;
    static vboard_result_t res;
    vboard_t *vb;

    if (argc > 1 && strcmp(argv[1], "campaign") == 0) {
        return vboard_campaign_main(argc - 1, argv + 1);
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--gdb") == 0 && i + 1 < argc) {
            if (parse_u(argv[++i], 65535u, &gdb_port) != 0 || gdb_port == 0u) {
                fprintf(stderr, "vboard: --gdb needs a TCP port from 1 to 65535, got '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--unaligned-bkpsram") == 0) {
            unaligned = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--board") == 0 && i + 1 < argc) {
            board = argv[++i];
        } else if (strcmp(a, "--dump-bkpsram") == 0 && i + 1 < argc) {
            dump = argv[++i];
        } else if (strcmp(a, "--console-out") == 0 && i + 1 < argc) {
            console_out = argv[++i];
        } else if (strcmp(a, "--cut-in-boot") == 0 && i + 1 < argc) {
            if (parse_u(argv[++i], UINT32_MAX, &cut_boot) != 0 || cut_boot == 0u) {
                fprintf(stderr, "vboard: --cut-in-boot needs a boot number from 1 to %u, got '%s'\n", UINT32_MAX, argv[i]);
                return 2;
            }
        } else if ((strcmp(a, "--seed") == 0 || strcmp(a, "--max-insns") == 0 || strcmp(a, "--cut-after-writes") == 0 ||
                    strcmp(a, "--boots") == 0) &&
                   i + 1 < argc) {
            unsigned long long max = a[2] == 'm' ? ULLONG_MAX : UINT32_MAX;
            if (parse_u(argv[++i], max, &v) != 0) {
                fprintf(stderr, "vboard: %s needs a whole number from 0 to %llu, got '%s'\n", a, max, argv[i]);
                return 2;
            }
            if (a[2] == 's') {
                seed = v;
            } else if (a[2] == 'm') {
                max_insns = v;
            } else if (a[2] == 'b') {
                boots = v;
            } else {
                cut = v;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "vboard: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            elf = a;
            first_event = i + 1;
            break;
        }
    }
    if (elf == NULL || (first_event >= argc && gdb_port == 0u) || (gdb_port != 0u && argc - first_event > 1)) {
        usage(stderr);
        return 2;
    }
    for (i = first_event; i < argc; i++) {
        if (strcmp(argv[i], "power-off") != 0 && bkm_event_parse(argv[i]) < 0) {
            fprintf(stderr, "vboard: unknown event '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    vb = vboard_open(board, (uint32_t)seed);
    if (vb == NULL) {
        fprintf(stderr, "vboard: unknown board '%s'\n", board);
        usage(stderr);
        return 2;
    }
    if (vboard_load(vb, elf, err, sizeof err) != 0) {
        fprintf(stderr, "vboard: %s\n", err);
        vboard_close(vb);
        return 2;
    }
    vboard_set_max_insns(vb, max_insns);
    vboard_set_unaligned_bkpsram(vb, unaligned);
    vboard_set_semihost_out(vb, stdout);
    if (gdb_port != 0u) {
        int ev = first_event < argc ? bkm_event_parse(argv[first_event]) : (int)BKM_EV_POWER_ON;
        int rc = vboard_gdb_serve(vb, (unsigned)gdb_port, (bkm_event_t)(ev < 0 ? (int)BKM_EV_POWER_ON : ev), stderr);
        if (rc != 0) {
            fprintf(stderr, "vboard: cannot listen on 127.0.0.1:%llu\n", gdb_port);
        }
        vboard_close(vb);
        return rc != 0 ? 2 : 0;
    }
    if (console_out != NULL && (cons = fopen(console_out, "wb")) == NULL) {
        fprintf(stderr, "vboard: cannot write %s\n", console_out);
        vboard_close(vb);
        return 2;
    }
    for (i = first_event; i < argc && boots != 0u; i++) {
        int ev = bkm_event_parse(argv[i]), chain;
        if (ev < 0) { /* power-off: nothing runs; the next power-on is the power cycle */
            if (quiet) {
                /* nothing to say */
            } else if (json) {
                printf("{\"board\":\"%s\",\"event\":\"power-off\"}\n", board);
            } else {
                printf("%-16s (board unpowered)\n", "power-off");
            }
            continue;
        }
        /* A reset the firmware requests is followed, as on silicon, by a software-reset boot; an
         * expired watchdog by an iwdg-reset boot. */
        for (chain = 0; chain < 16 && boots != 0u; chain++, boots--) {
            boot_no++; /* --cut-in-boot K: only boot K (every event's first boot without it) */
            vboard_cut_after_writes(vb, (cut_boot != 0u ? boot_no == cut_boot : chain == 0) ? (uint32_t)cut : 0u);
            vboard_boot(vb, (bkm_event_t)ev, &res);
            if (json) {
                vboard_format_json(vb, &res, line, sizeof line);
            } else {
                vboard_format_line(vb, &res, line, sizeof line);
            }
            if (!quiet) {
                printf("%s\n", line);
            }
            status = res.outcome == VBOARD_EXIT ? res.exit_code : 0;
            if (res.semihost_refused != 0u) {
                fprintf(stderr, "vboard: semihosting: %u call(s) refused, last %s\n", res.semihost_refused, res.semihost);
            }
            if (cons != NULL) {
                fwrite(res.console, 1, res.console_len, cons);
            }
            faults += res.outcome == VBOARD_FAULT;
            if (res.outcome != VBOARD_RESET && res.outcome != VBOARD_WATCHDOG) {
                break;
            }
            ev = res.outcome == VBOARD_RESET ? BKM_EV_RESET_SOFTWARE : BKM_EV_RESET_IWDG;
        }
    }
    if (cons != NULL) {
        fclose(cons);
    }
    if (dump != NULL) {
        FILE *f = fopen(dump, "wb");
        size_t n = bkm_sram_size(vboard_model(vb)); /* 4 KB, or 2 KB (U5); the whole array without one */
        n = n != 0u ? n : BKM_SRAM_SIZE;
        if (f == NULL || fwrite(vboard_model(vb)->sram, 1, n, f) != n) {
            fprintf(stderr, "vboard: cannot write %s\n", dump);
            vboard_close(vb);
            if (f) {
                fclose(f);
            }
            return 2;
        }
        fclose(f);
    }
    vboard_close(vb);
    return faults ? 1 : (status & 0xFF); /* a fault, or the last boot's semihosting exit status */
}

/* SPDX-License-Identifier: MIT */
/*
 * vboard campaign: does YOUR firmware survive a power cut at any moment? It runs the story (the
 * events, as the plain CLI does), snapshots the backup domain after every backup SRAM / backup
 * register write of one boot (--cut-in-boot, default the story's last), and for every snapshot
 * powers the board on again with VBAT held and runs the firmware's own check boot(s). A cut point
 * fails when a check boot exits non-zero (semihosting), prints what --check console:REGEX
 * matches, faults, trips a model rule, runs past --max-insns, or (with --check semihosting) ends
 * without reaching an exit. Check boots run on a fast board (VBOARD_FAST), in --jobs processes.
 * Only the public API of vboard.h is used.
 */
#define _DEFAULT_SOURCE /* fork, pipe, fdopen, strsep, gettimeofday */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vboard.h"

#define MAX_JOBS 64u
#define SHOWN 20u /* failures printed in full (all are counted; --json lists every one) */

typedef struct {
    const char *board, *elf, *check;
    char **events;
    int nevents, json;
    unsigned long long seed, max_insns, boots, cut_boot, jobs;
    regex_t re;
    int use_re;
} opts_t;

typedef struct {
    unsigned long k;     /* cut after write k (1-based) */
    int boot, outcome, exit_code;
    char why[224];
    char console[256];
} failure_t;

static void usage(FILE *to)
{
    fprintf(to, "usage: vboard campaign [--board B] [--seed N] [--boots N] [--cut-in-boot K] [--max-insns N]\n"
                "              [--check semihosting|console:REGEX] [--jobs J] [--json] FIRMWARE.elf EVENT...\n"
                "  runs the EVENTs, cuts power after each backup-domain write of boot K (default: the last),\n"
                "  powers on with VBAT held and runs N check boots (default 1) of the same firmware.\n"
                "  --check semihosting (default): a check boot passes when it exits 0 (SYS_EXIT, exit(0));\n"
                "  --check console:REGEX: it fails when its console matches REGEX (POSIX extended).\n"
                "  Exit status: 0 with 0 failures, 1 with failures, 2 on bad input.\n");
}

static int parse_num(const char *opt, const char *s, unsigned long long lo, unsigned long long hi,
                     unsigned long long *v)
{
    char *end;
    errno = 0;
    if (s == NULL || *s < '0' || *s > '9') {
        errno = EINVAL;
    } else {
        *v = strtoull(s, &end, 0);
        if (*end != '\0') {
            errno = EINVAL;
        }
    }
    if (errno != 0 || *v < lo || *v > hi) {
        fprintf(stderr, "vboard campaign: %s needs a whole number from %llu to %llu, got '%s'\n", opt, lo, hi,
                s ? s : "");
        return -1;
    }
    return 0;
}

/* The check: "semihosting" or "console:REGEX" (compiled). */
static int parse_check(opts_t *o, const char *s)
{
    o->check = s;
    if (strcmp(s, "semihosting") == 0) {
        return 0;
    }
    if (strncmp(s, "console:", 8) == 0 && s[8] != '\0' &&
        regcomp(&o->re, s + 8, REG_EXTENDED | REG_NOSUB | REG_NEWLINE) == 0) {
        o->use_re = 1;
        return 0;
    }
    fprintf(stderr, "vboard campaign: --check takes semihosting or console:REGEX (a valid POSIX extended "
                    "regular expression), got '%s'\n", s);
    return -1;
}

static int parse_opt(opts_t *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    static const struct {
        const char *name;
        unsigned long long lo, hi;
        size_t field;
    } nums[] = {
        {"--seed", 0u, UINT32_MAX, offsetof(opts_t, seed)},
        {"--max-insns", 1u, ULLONG_MAX, offsetof(opts_t, max_insns)},
        {"--boots", 1u, 1000u, offsetof(opts_t, boots)},
        {"--cut-in-boot", 1u, UINT32_MAX, offsetof(opts_t, cut_boot)},
        {"--jobs", 1u, MAX_JOBS, offsetof(opts_t, jobs)},
    };
    size_t k;
    if (strcmp(a, "--json") == 0) {
        o->json = 1;
        return 0;
    }
    if (v == NULL) {
        fprintf(stderr, "vboard campaign: %s needs a value\n", a);
        return -1;
    }
    (*i)++;
    if (strcmp(a, "--board") == 0) {
        o->board = v;
        return 0;
    }
    if (strcmp(a, "--check") == 0) {
        return parse_check(o, v);
    }
    for (k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        if (strcmp(a, nums[k].name) == 0) {
            return parse_num(a, v, nums[k].lo, nums[k].hi, (unsigned long long *)(void *)((char *)o + nums[k].field));
        }
    }
    fprintf(stderr, "vboard campaign: unknown option '%s'\n", a);
    return -1;
}

static int parse(opts_t *o, int argc, char **argv)
{
    int i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (parse_opt(o, argc, argv, &i) != 0) {
            return -1;
        }
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "vboard campaign: a FIRMWARE.elf and at least one EVENT are needed\n");
        usage(stderr);
        return -1;
    }
    o->elf = argv[i];
    o->events = &argv[i + 1];
    o->nevents = argc - i - 1;
    for (i = 0; i < o->nevents; i++) {
        if (strcmp(o->events[i], "power-off") != 0 && bkm_event_parse(o->events[i]) < 0) {
            fprintf(stderr, "vboard campaign: unknown event '%s'\n", o->events[i]);
            return -1;
        }
    }
    return 0;
}

static vboard_t *open_loaded(const opts_t *o, vboard_mode_t mode)
{
    char err[256];
    vboard_t *vb = vboard_open_mode(o->board, (uint32_t)o->seed, mode);
    if (vb == NULL) {
        fprintf(stderr, "vboard campaign: unknown board '%s'\n", o->board);
        return NULL;
    }
    if (vboard_load(vb, o->elf, err, sizeof err) != 0) {
        fprintf(stderr, "vboard campaign: %s\n", err);
        vboard_close(vb);
        return NULL;
    }
    vboard_set_max_insns(vb, o->max_insns);
    return vb;
}

/* ---- judging one boot ------------------------------------------------------------------- */

/* 0 when the boot passes the check, else the reason in why. */
static int judge(const opts_t *o, const vboard_result_t *r, char *why, size_t n)
{
    if (r->outcome == VBOARD_FAULT) {
        snprintf(why, n, "fault: %s", r->fault);
    } else if (r->outcome == VBOARD_MAX_INSNS) {
        snprintf(why, n, "ran past --max-insns %llu (a loop?)", o->max_insns);
    } else if (r->violations != 0u) {
        snprintf(why, n, "model violation: %s", r->violation);
    } else if (r->outcome == VBOARD_EXIT && r->exit_code != 0) {
        snprintf(why, n, "exit %d", r->exit_code);
    } else if (o->use_re && regexec(&o->re, r->console, 0, NULL, 0) == 0) {
        snprintf(why, n, "console matches %s", o->check + 8);
    } else if (!o->use_re && r->outcome != VBOARD_EXIT) {
        snprintf(why, n, "no semihosting exit (the boot ended %s)", vboard_outcome_name(r->outcome));
    } else {
        return 0;
    }
    return 1;
}

/* One boot after ev, following the resets the firmware requests (as the CLI does). */
static void boot_chain(vboard_t *vb, bkm_event_t ev, vboard_result_t *r)
{
    int chain;
    for (chain = 0; chain < 16; chain++) {
        vboard_boot(vb, ev, r);
        if (r->outcome != VBOARD_RESET && r->outcome != VBOARD_WATCHDOG) {
            return;
        }
        ev = r->outcome == VBOARD_RESET ? BKM_EV_RESET_SOFTWARE : BKM_EV_RESET_IWDG;
    }
}

/* The check boots after the cut that left snap: 0, or 1 with f filled in. */
static int check_point(const opts_t *o, vboard_t *vb, const bkm_t *snap, unsigned long k, failure_t *f,
                       vboard_result_t *r)
{
    unsigned long long b;
    vboard_restore_model(vb, snap);
    for (b = 0; b < o->boots; b++) {
        boot_chain(vb, BKM_EV_POWER_ON, r);
        if (judge(o, r, f->why, sizeof f->why)) {
            f->k = k;
            f->boot = (int)b + 1;
            f->outcome = (int)r->outcome;
            f->exit_code = r->exit_code;
            memcpy(f->console, r->console, sizeof f->console - 1u); /* the first bytes of the console */
            f->console[sizeof f->console - 1u] = '\0';
            return 1;
        }
    }
    return 0;
}

/* ---- the story and its snapshots ---------------------------------------------------------- */

/* Run the story up to boot K (0: all of it), snapshots armed for boot K. Returns the boots run,
 * or -1 when a story boot failed (reported); *before gets the backup domain before boot K and
 * *last_event the index of the event that boot K belongs to. */
static long story(const opts_t *o, vboard_t *vb, unsigned long long k, bkm_t *snaps, size_t max, size_t *count,
                  bkm_t *before, int *last_event)
{
    static vboard_result_t r;
    long boots = 0;
    int i;
    for (i = 0; i < o->nevents; i++) {
        int ev = bkm_event_parse(o->events[i]), chain;
        char why[224];
        for (chain = 0; ev >= 0 && chain < 16; chain++) {
            if ((unsigned long long)++boots == k) {
                *before = *vboard_model(vb);
                *last_event = i;
                vboard_snapshot_writes(vb, snaps, max, count);
            }
            vboard_boot(vb, (bkm_event_t)ev, &r);
            if (r.outcome != VBOARD_RESET && r.outcome != VBOARD_WATCHDOG && judge(o, &r, why, sizeof why)) {
                fprintf(stderr, "vboard campaign: story boot %ld (%s) fails before any cut: %s\n    console: \"%s\"\n",
                        boots, o->events[i], why, r.console);
                return -1;
            }
            if ((unsigned long long)boots == k) {
                return boots;
            }
            if (r.outcome != VBOARD_RESET && r.outcome != VBOARD_WATCHDOG) {
                break;
            }
            ev = r.outcome == VBOARD_RESET ? BKM_EV_RESET_SOFTWARE : BKM_EV_RESET_IWDG;
        }
    }
    return boots;
}

/* ---- workers ------------------------------------------------------------------------------ */

static void escape(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s != '\0' && j + 3u < n; s++) {
        if (*s == '\n' || *s == '\t' || *s == '\\' || *s == '"') {
            out[j++] = '\\';
            out[j++] = *s == '\n' ? 'n' : *s == '\t' ? 't' : *s;
        } else if ((unsigned char)*s >= 0x20u && (unsigned char)*s < 0x7Fu) {
            out[j++] = *s;
        }
    }
    out[j] = '\0';
}

/* Worker j of J: judges the cut points k = j+1, j+1+J, ... and writes one line per failure. */
static void worker(const opts_t *o, const bkm_t *snaps, size_t count, unsigned j, FILE *out)
{
    static vboard_result_t r;
    vboard_t *vb = open_loaded(o, VBOARD_FAST);
    unsigned long k;
    if (vb == NULL) {
        fprintf(out, "E\n");
        return;
    }
    for (k = j + 1u; k <= count; k += (unsigned long)o->jobs) {
        failure_t f;
        if (check_point(o, vb, &snaps[k - 1u], k, &f, &r)) {
            char c[sizeof f.console * 2];
            escape(f.console, c, sizeof c);
            fprintf(out, "F\t%lu\t%d\t%d\t%d\t%s\t%s\n", f.k, f.boot, f.outcome, f.exit_code, f.why, c);
        }
        if (j == 0u && k >= 5000u && k % 5000u < (unsigned long)o->jobs) {
            fprintf(stderr, "vboard campaign: %lu of %zu cut points judged\n", k, count);
        }
    }
    fprintf(out, "D\n");
    vboard_close(vb);
}

static int cmp_failure(const void *a, const void *b)
{
    const failure_t *x = a, *y = b;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Read a worker's lines; append its failures. 0, or -1 if it did not finish. */
static int collect(FILE *in, failure_t **fs, size_t *nf)
{
    char line[1024];
    int done = 0;
    while (fgets(line, sizeof line, in) != NULL) {
        failure_t f;
        char *p = line, *tok[7];
        int n = 0;
        if (line[0] == 'D') {
            done = 1;
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        while (n < 7 && (tok[n] = strsep(&p, "\t")) != NULL) {
            n++;
        }
        if (n != 7 || tok[0][0] != 'F') {
            continue;
        }
        memset(&f, 0, sizeof f);
        f.k = strtoul(tok[1], NULL, 10);
        f.boot = atoi(tok[2]);
        f.outcome = atoi(tok[3]);
        f.exit_code = atoi(tok[4]);
        snprintf(f.why, sizeof f.why, "%s", tok[5]);
        snprintf(f.console, sizeof f.console, "%s", tok[6]);
        *fs = realloc(*fs, (*nf + 1u) * sizeof **fs);
        (*fs)[(*nf)++] = f;
    }
    return done ? 0 : -1;
}

/* Judge every cut point in o->jobs processes. -1 when a worker died. */
static int judge_all(const opts_t *o, const bkm_t *snaps, size_t count, failure_t **fs, size_t *nf)
{
    FILE *in[MAX_JOBS];
    pid_t pid[MAX_JOBS];
    unsigned j, n = (unsigned)o->jobs;
    int rc = 0;
    fflush(stdout);
    fflush(stderr);
    for (j = 0; j < n; j++) {
        int fd[2];
        if (pipe(fd) != 0 || (pid[j] = fork()) < 0) {
            fprintf(stderr, "vboard campaign: cannot start worker %u\n", j);
            return -1;
        }
        if (pid[j] == 0) {
            FILE *out = fdopen(fd[1], "w");
            close(fd[0]);
            worker(o, snaps, count, j, out);
            fclose(out);
            _exit(0);
        }
        close(fd[1]);
        in[j] = fdopen(fd[0], "r");
    }
    for (j = 0; j < n; j++) {
        int st;
        rc |= collect(in[j], fs, nf);
        fclose(in[j]);
        waitpid(pid[j], &st, 0);
        rc |= (WIFEXITED(st) && WEXITSTATUS(st) == 0) ? 0 : -1;
    }
    if (*nf > 1u) {
        qsort(*fs, *nf, sizeof **fs, cmp_failure);
    }
    return rc;
}

/* ---- the report --------------------------------------------------------------------------- */

/* What write k changed: the first word of the backup SRAM or backup registers that differs
 * between the domain before it and after it. */
static void write_of(const bkm_t *prev, const bkm_t *now, char *out, size_t n)
{
    uint32_t off, a, b;
    for (off = 0; off + 4u <= BKM_SRAM_SIZE; off += 4u) {
        memcpy(&a, &prev->sram[off], 4);
        memcpy(&b, &now->sram[off], 4);
        if (a != b) {
            snprintf(out, n, "backup SRAM offset 0x%03X = 0x%08X", off, b);
            return;
        }
    }
    for (off = 0; off < BKM_BKPREG_MAX; off++) {
        if (prev->bkpreg[off] != now->bkpreg[off]) {
            snprintf(out, n, "backup register %u = 0x%08X", off, now->bkpreg[off]);
            return;
        }
    }
    snprintf(out, n, "a write of the value already there");
}

static void reproduce(const opts_t *o, unsigned long k, int last_event, char *out, size_t n)
{
    size_t m = 0;
    int i;
    unsigned long long b;
#define ADD(...) m += (size_t)snprintf(out + m, m < n ? n - m : 0, __VA_ARGS__)
    ADD("vboard --board %s", o->board);
    if (o->seed != 1u) {
        ADD(" --seed %llu", o->seed);
    }
    if (o->max_insns != 50000000ull) {
        ADD(" --max-insns %llu", o->max_insns);
    }
    ADD(" --cut-after-writes %lu --cut-in-boot %llu %s", k, o->cut_boot, o->elf);
    for (i = 0; i <= last_event; i++) {
        ADD(" %s", o->events[i]);
    }
    for (b = 0; b < o->boots; b++) {
        ADD(" power-on");
    }
#undef ADD
}

static void print_text(const opts_t *o, const bkm_t *snaps, const bkm_t *before, size_t count, const failure_t *fs,
                       size_t nf, int last_event, double secs)
{
    size_t i;
    printf("campaign: %s on %s, cut after every backup-domain write of boot %llu (%zu writes), %llu check boot(s), "
           "check %s\n", o->elf, o->board, o->cut_boot, count, o->boots, o->check);
    for (i = 0; i < nf && i < SHOWN; i++) {
        char what[96], cmd[1024];
        write_of(fs[i].k > 1u ? &snaps[fs[i].k - 2u] : before, &snaps[fs[i].k - 1u], what, sizeof what);
        reproduce(o, fs[i].k, last_event, cmd, sizeof cmd);
        printf("  FAIL after write %lu (%s): check boot %d: %s\n    console: \"%s\"\n    reproduce: %s\n", fs[i].k,
               what, fs[i].boot, fs[i].why, fs[i].console, cmd);
    }
    if (nf > SHOWN) {
        printf("  ... %zu more failures (--json lists every one)\n", nf - SHOWN);
    }
    printf("cut points: %zu, failures: %zu, %.0f judged cut points/s\n", count, nf, secs > 0 ? (double)count / secs : 0.0);
}

static void print_json(const opts_t *o, const bkm_t *snaps, const bkm_t *before, size_t count, const failure_t *fs,
                       size_t nf, int last_event)
{
    size_t i;
    printf("{\"firmware\":\"%s\",\"board\":\"%s\",\"cut_in_boot\":%llu,\"check_boots\":%llu,\"cut_points\":%zu,"
           "\"failures\":%zu,\"failed\":[", o->elf, o->board, o->cut_boot, o->boots, count, nf);
    for (i = 0; i < nf; i++) {
        char what[96], cmd[1024], why[320];
        write_of(fs[i].k > 1u ? &snaps[fs[i].k - 2u] : before, &snaps[fs[i].k - 1u], what, sizeof what);
        reproduce(o, fs[i].k, last_event, cmd, sizeof cmd);
        escape(fs[i].why, why, sizeof why);
        printf("%s{\"write\":%lu,\"what\":\"%s\",\"check_boot\":%d,\"outcome\":\"%s\",\"exit_code\":%d,\"why\":\"%s\","
               "\"console\":\"%s\",\"reproduce\":\"%s\"}", i ? "," : "", fs[i].k, what, fs[i].boot,
               vboard_outcome_name((vboard_outcome_t)fs[i].outcome), fs[i].exit_code, why, fs[i].console, cmd);
    }
    printf("]}\n");
}

/* ---- the command -------------------------------------------------------------------------- */

static double now_s(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The snapshots of boot K: the story run again with room for all of them. */
static bkm_t *snapshots(opts_t *o, size_t *count, bkm_t *before, int *last_event, int *rc)
{
    size_t max = 256u;
    for (;;) {
        bkm_t *snaps = malloc(max * sizeof *snaps);
        vboard_t *vb = open_loaded(o, VBOARD_PRECISE);
        long boots;
        *count = 0u;
        if (vb == NULL || snaps == NULL) {
            free(snaps);
            vboard_close(vb);
            *rc = 2;
            return NULL;
        }
        boots = story(o, vb, o->cut_boot, snaps, max, count, before, last_event);
        vboard_close(vb);
        if (boots < 0 || (unsigned long long)boots < o->cut_boot) {
            if (boots >= 0) {
                fprintf(stderr, "vboard campaign: --cut-in-boot %llu, but the story has %ld boot(s)\n", o->cut_boot, boots);
            }
            free(snaps);
            *rc = boots < 0 ? 1 : 2;
            return NULL;
        }
        if (*count < max) {
            return snaps;
        }
        free(snaps);
        max *= 4u;
    }
}

int vboard_campaign_main(int argc, char **argv)
{
    opts_t o = {"stm32f4-discovery", NULL, "semihosting", NULL, 0, 0, 1u, 50000000ull, 1u, 0u, 1u, {0}, 0};
    failure_t *fs = NULL;
    size_t count = 0, nf = 0;
    bkm_t *snaps, before;
    int rc = 0, last_event = 0;
    double t0;
    if (parse(&o, argc, argv) != 0) {
        return 2;
    }
    if (o.cut_boot == 0u) { /* the story's last boot: count them */
        vboard_t *vb = open_loaded(&o, VBOARD_PRECISE);
        long boots = vb != NULL ? story(&o, vb, 0u, NULL, 0u, &count, &before, &last_event) : -2;
        vboard_close(vb);
        if (boots <= 0) {
            return boots == -1 ? 1 : 2;
        }
        o.cut_boot = (unsigned long long)boots;
    }
    if ((snaps = snapshots(&o, &count, &before, &last_event, &rc)) == NULL) {
        return rc;
    }
    t0 = now_s();
    if (judge_all(&o, snaps, count, &fs, &nf) != 0) {
        fprintf(stderr, "vboard campaign: a worker died\n");
        rc = 2;
    } else if (o.json) {
        print_json(&o, snaps, &before, count, fs, nf, last_event);
    } else {
        print_text(&o, snaps, &before, count, fs, nf, last_event, now_s() - t0);
    }
    free(fs);
    free(snaps);
    if (o.use_re) {
        regfree(&o.re);
    }
    return rc != 0 ? rc : nf != 0u ? 1 : 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * ARM semihosting (the "Semihosting for AArch32 and AArch64" specification, as OpenOCD and QEMU
 * serve it): a BKPT 0xAB with the operation in r0 and its argument (a value, or the address of a
 * block of words) in r1; the result goes to r0 and the core resumes after the BKPT.
 *
 * Served: SYS_OPEN of ":tt" (the console; mode r = stdin, w = stdout, a = stderr) and of
 * ":semihosting-features" (SH_EXT_EXIT_EXTENDED and SH_EXT_STDOUT_STDERR, so newlib's exit(3)
 * reports 3), SYS_CLOSE, SYS_WRITEC, SYS_WRITE0, SYS_WRITE, SYS_READ, SYS_READC, SYS_ISTTY,
 * SYS_SEEK, SYS_FLEN, SYS_CLOCK, SYS_TIME, SYS_ERRNO, SYS_HEAPINFO, SYS_ELAPSED, SYS_TICKFREQ,
 * SYS_EXIT and SYS_EXIT_EXTENDED. Everything else (files, SYS_SYSTEM, SYS_REMOVE, ...) is refused:
 * r0 = -1, SYS_ERRNO then gives ENOSYS, and the boot's result counts and names it.
 * Text goes to the boot's console (vboard_result_t.console) and, when set, to a host stream
 * (vboard_set_semihost_out). Time is the instruction count at the core clock, so it is
 * deterministic: SYS_CLOCK centiseconds and SYS_ELAPSED ticks (one per instruction).
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "vb_internal.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05, SYS_READ = 0x06,
    SYS_READC = 0x07, SYS_ISTTY = 0x09, SYS_SEEK = 0x0A, SYS_FLEN = 0x0C, SYS_CLOCK = 0x10, SYS_TIME = 0x11,
    SYS_ERRNO = 0x13, SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define H_STDIN    1u /* handles: the console's three streams, then the features file */
#define H_STDOUT   2u
#define H_STDERR   3u
#define H_FEATURES 4u
#define INSN_BKPT_SEMIHOST 0xBEABu

static const uint8_t features[5] = {'S', 'H', 'F', 'B', 0x03u}; /* EXIT_EXTENDED | STDOUT_STDERR */

static uint32_t word_at(vboard_t *vb, uint32_t addr, int *ok)
{
    uint32_t v = 0u;
    if (vboard_read_mem(vb, addr, &v, 4u) != 0) {
        *ok = 0;
    }
    return v;
}

static void put_text(vboard_t *vb, const char *s, size_t n)
{
    vboard_result_t *r = vb->res;
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] != '\r' && r->console_len + 1u < sizeof r->console) {
            r->console[r->console_len++] = s[i];
            r->console[r->console_len] = '\0';
        }
    }
    if (vb->semi_out != NULL) {
        fwrite(s, 1, n, vb->semi_out);
        fflush(vb->semi_out);
    }
}

/* len bytes at guest address buf to the console: 0 when all were written. */
static uint32_t write_guest(vboard_t *vb, uint32_t buf, uint32_t len)
{
    char chunk[256];
    uint32_t done = 0u;
    while (done < len) {
        uint32_t n = len - done < sizeof chunk ? len - done : (uint32_t)sizeof chunk;
        if (vboard_read_mem(vb, buf + done, chunk, n) != 0) {
            break;
        }
        put_text(vb, chunk, n);
        done += n;
    }
    return len - done;
}

static uint32_t write0(vboard_t *vb, uint32_t s)
{
    char c;
    while (vboard_read_mem(vb, s++, &c, 1u) == 0 && c != '\0') {
        put_text(vb, &c, 1u);
    }
    return 0u;
}

/* SYS_OPEN {name, mode, length}: the console or the features file. */
static uint32_t open_name(vboard_t *vb, uint32_t name, uint32_t mode, uint32_t len)
{
    char s[32] = {0};
    if (len >= sizeof s || vboard_read_mem(vb, name, s, len) != 0) {
        return 0xFFFFFFFFu;
    }
    if (strcmp(s, ":tt") == 0) {
        return mode < 4u ? H_STDIN : mode < 8u ? H_STDOUT : H_STDERR;
    }
    if (strcmp(s, ":semihosting-features") == 0 && mode < 4u) {
        vb->semi_pos = 0u;
        return H_FEATURES;
    }
    return 0xFFFFFFFFu;
}

/* SYS_READ {handle, buf, len}: bytes not read, as the specification counts. */
static uint32_t read_handle(vboard_t *vb, uint32_t h, uint32_t buf, uint32_t len)
{
    uint32_t done = 0u;
    if (h == H_FEATURES) {
        while (done < len && vb->semi_pos < sizeof features &&
               vboard_write_mem(vb, buf + done, &features[vb->semi_pos], 1u) == 0) {
            done++;
            vb->semi_pos++;
        }
    } else if (h == H_STDIN) {
        int c;
        while (done < len && (c = getchar()) != EOF) {
            uint8_t b = (uint8_t)c;
            if (vboard_write_mem(vb, buf + done, &b, 1u) != 0) {
                break;
            }
            done++;
            if (c == '\n') {
                break;
            }
        }
    }
    return len - done;
}

static uint64_t ticks(const vboard_t *vb)
{
    return vb->res->insns;
}

/* Operations whose argument is a block of words: the block's words in a[]. */
static uint32_t block_op(vboard_t *vb, uint32_t op, uint32_t p, int *known)
{
    int ok = 1;
    uint32_t a0 = word_at(vb, p, &ok), a1 = word_at(vb, p + 4u, &ok), a2 = word_at(vb, p + 8u, &ok);
    if (!ok) {
        return 0xFFFFFFFFu;
    }
    switch (op) {
    case SYS_OPEN: return open_name(vb, a0, a1, a2);
    case SYS_CLOSE: return (a0 >= H_STDIN && a0 <= H_FEATURES) ? 0u : 0xFFFFFFFFu;
    case SYS_WRITE: return (a0 == H_STDOUT || a0 == H_STDERR) ? write_guest(vb, a1, a2) : a2;
    case SYS_READ: return read_handle(vb, a0, a1, a2);
    case SYS_ISTTY: return (a0 >= H_STDIN && a0 <= H_STDERR) ? 1u : 0u;
    case SYS_SEEK:
        if (a0 == H_FEATURES && a1 <= sizeof features) {
            vb->semi_pos = a1;
            return 0u;
        }
        return 0xFFFFFFFFu;
    case SYS_FLEN: return a0 == H_FEATURES ? (uint32_t)sizeof features : 0u;
    default: *known = 0; return 0xFFFFFFFFu;
    }
}

/* The SYS_HEAPINFO block: heap base and limit, stack base and limit; 0 means "use your own
 * linker symbols" (newlib's crt0 does), except the stack base: the image's initial SP. */
static uint32_t heapinfo(vboard_t *vb, uint32_t p)
{
    int ok = 1;
    uint32_t blk = word_at(vb, p, &ok), info[4] = {0u, 0u, vb->initial_sp, 0u};
    return (ok && vboard_write_mem(vb, blk, info, sizeof info) == 0) ? 0u : 0xFFFFFFFFu;
}

/* ADP_Stopped_ApplicationExit ends the program with its code; any other reason (abort() reports
 * ADP_Stopped_RunTimeError) ends it with status 1, named in the result. */
static void finish(vboard_t *vb, uint32_t reason, uint32_t code)
{
    vb->res->exit_code = reason == ADP_STOPPED_APPLICATION_EXIT ? (int)code : 1;
    if (reason != ADP_STOPPED_APPLICATION_EXIT) {
        snprintf(vb->res->semihost, sizeof vb->res->semihost, "stopped with reason 0x%X", reason);
    }
    vb_stop(vb, VBOARD_EXIT);
}

static uint32_t call(vboard_t *vb, uint32_t op, uint32_t p, int *stop)
{
    int known = 1, ok = 1;
    uint64_t t;
    uint32_t v;
    switch (op) {
    case SYS_WRITEC: {
        char c;
        if (vboard_read_mem(vb, p, &c, 1u) == 0) {
            put_text(vb, &c, 1u);
        }
        return 0u;
    }
    case SYS_WRITE0: return write0(vb, p);
    case SYS_READC: {
        int c = getchar();
        return c == EOF ? 0xFFFFFFFFu : (uint32_t)c;
    }
    case SYS_CLOCK: return (uint32_t)(ticks(vb) / (vb_sysclk_hz(vb) / 100u));
    case SYS_TIME: return (uint32_t)time(NULL);
    case SYS_ERRNO: return vb->semi_errno;
    case SYS_HEAPINFO: return heapinfo(vb, p);
    case SYS_TICKFREQ: return vb_sysclk_hz(vb);
    case SYS_ELAPSED:
        t = ticks(vb);
        return (vboard_write_mem(vb, p, &t, sizeof t) == 0) ? 0u : 0xFFFFFFFFu;
    case SYS_EXIT: /* 32-bit: r1 is the reason itself */
        *stop = 1;
        finish(vb, p, 0u);
        return 0u;
    case SYS_EXIT_EXTENDED:
        v = word_at(vb, p, &ok);
        *stop = 1;
        finish(vb, v, ok ? word_at(vb, p + 4u, &ok) : 1u);
        return 0u;
    default: {
        uint32_t r = block_op(vb, op, p, &known);
        if (!known) {
            vb->res->semihost_refused++;
            snprintf(vb->res->semihost, sizeof vb->res->semihost, "refused call 0x%02X at pc 0x%08X", op, vb->last_pc);
            vb->semi_errno = ENOSYS;
        }
        return r;
    }
    }
}

int vb_semihost(vboard_t *vb)
{
    uint32_t pc = 0u, op = 0u, p = 0u, r, next;
    int stop = 0;
    uc_reg_read(vb->uc, UC_ARM_REG_PC, &pc); /* exact at a BKPT on either board kind (unicorn-notes) */
    pc &= ~1u;
    vb->last_pc = pc;
    if (vb_fetch16(vb, pc) != INSN_BKPT_SEMIHOST) {
        return 0;
    }
    uc_reg_read(vb->uc, UC_ARM_REG_R0, &op);
    uc_reg_read(vb->uc, UC_ARM_REG_R1, &p);
    r = call(vb, op, p, &stop);
    if (!stop) { /* a stop and a PC write in one hook cancel each other (unicorn-notes pitfall 3) */
        next = (pc + 2u) | 1u;
        uc_reg_write(vb->uc, UC_ARM_REG_R0, &r);
        uc_reg_write(vb->uc, UC_ARM_REG_PC, &next);
    }
    return 1;
}

void vboard_set_semihost_out(vboard_t *vb, FILE *out)
{
    vb->semi_out = out;
}

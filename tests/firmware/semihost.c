/* SPDX-License-Identifier: MIT */
/*
 * An on-target test in the usual form: newlib's semihosting syscalls (--specs=rdimon.specs),
 * printf to the host's stdout, exit(EXIT_CODE). It also calls every other semihosting operation
 * vboard serves, and one it refuses (SYS_SYSTEM), and prints what came back
 * (tests/firmware/semihost.sh checks it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef EXIT_CODE
#define EXIT_CODE 0
#endif

extern void initialise_monitor_handles(void);

static int sh(int op, const void *arg)
{
    register int r0 __asm("r0") = op;
    register const void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int main(void)
{
    static const char c = 'W';
    uint32_t elapsed[2] = {0u, 0u}, heap[4] = {1u, 1u, 1u, 1u};
    const void *hp = heap;
    const uint32_t sys[2] = {(uint32_t)(uintptr_t)"ls", 2u};
    int clock, t, readc, freq, system, err;

    initialise_monitor_handles();
    printf("printf %d\n", 7);
    (void)sh(0x03, &c); /* SYS_WRITEC */
    (void)sh(0x04, "rite0\n"); /* SYS_WRITE0 */
    readc = sh(0x07, NULL);      /* SYS_READC: a byte of the host's stdin, -1 at its end */
    clock = sh(0x10, NULL);      /* SYS_CLOCK: centiseconds */
    t = sh(0x11, NULL);          /* SYS_TIME: seconds since 1970 */
    (void)sh(0x30, elapsed);     /* SYS_ELAPSED: 64-bit ticks */
    freq = sh(0x31, NULL);       /* SYS_TICKFREQ */
    (void)sh(0x16, &hp);         /* SYS_HEAPINFO */
    system = sh(0x12, sys);      /* SYS_SYSTEM: refused */
    err = sh(0x13, NULL);        /* SYS_ERRNO */
    printf("readc %d clock %s time %s elapsed %s tickfreq %d heapinfo 0x%08lx 0x%08lx\n", readc,
           clock >= 0 ? "ok" : "bad", t > 1600000000 ? "ok" : "bad", (elapsed[0] | elapsed[1]) != 0u ? "ok" : "bad",
           freq, (unsigned long)heap[0], (unsigned long)heap[2]);
    printf("system %d errno %d\n", system, err);
    exit(EXIT_CODE);
}

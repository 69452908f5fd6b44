/* SPDX-License-Identifier: MIT */
/* A boot's result as one human-readable line or one JSON object. */
#include <stdio.h>
#include <string.h>

#include "vb_internal.h"

/* ---- reporting ------------------------------------------------------------------------ */

const char *vboard_outcome_name(vboard_outcome_t o)
{
    static const char *const names[] = {"idle", "reset", "fault", "max-insns", "power-cut", "returned", "watchdog", "break", "exit"};
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

static const char *event_label(int ev)
{
    return ev < 0 ? "call" : bkm_event_name((bkm_event_t)ev);
}

void vboard_format_line(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen)
{
    size_t n = 0;
    unsigned i;
    char console[512];
    size_t c = 0, k;
#define PUT(...) n += (size_t)snprintf(out + n, n < outlen ? outlen - n : 0, __VA_ARGS__)
    for (k = 0; k < r->console_len && c + 3u < sizeof console; k++) { /* one line: escape newlines */
        if (r->console[k] == '\n') {
            if (k + 1u < r->console_len) {
                console[c++] = ' ';
                console[c++] = '|';
                console[c++] = ' ';
            }
        } else {
            console[c++] = r->console[k];
        }
    }
    console[c] = '\0';
    PUT("%-16s LEDs:", event_label(r->event));
    for (i = 0; i < vb->board->led_count; i++) {
        PUT(" %s=%s", vb->board->leds[i].name, (r->led_state >> i) & 1u ? "ON" : "off");
    }
    PUT(" | reset-flags 0x%02X | insns %llu | bkpsram r%u w%u | %s", r->reset_flags, (unsigned long long)r->insns,
        r->bkpsram_reads, r->bkpsram_writes, vboard_outcome_name(r->outcome));
    if (r->outcome == VBOARD_FAULT) {
        PUT(" [%s, pc 0x%08X]", r->fault, r->fault_pc);
    }
    if (r->outcome == VBOARD_EXIT) {
        PUT(" %d", r->exit_code);
    }
    if (r->semihost[0] != '\0') {
        PUT(" | semihosting: %u refused, %s", r->semihost_refused, r->semihost);
    }
    if (r->violations) {
        PUT(" | %u violation(s), last %s", r->violations, r->violation);
    }
    if (r->exceptions) {
        PUT(" | %u exception(s), %s", r->exceptions, r->exception);
    }
    if (r->sysclk_hz != 16000000u) {
        PUT(" | SYSCLK %u MHz", r->sysclk_hz / 1000000u);
    }
    PUT("\n    console: \"%s\"", console);
#undef PUT
}

static size_t json_str(char *out, size_t room, const char *s)
{
    size_t n = 0;
#define PUTC(ch) do { if (n + 1u < room) out[n] = (ch); n++; } while (0)
    PUTC('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            PUTC('\\');
            PUTC((char)ch);
        } else if (ch == '\n') {
            PUTC('\\');
            PUTC('n');
        } else if (ch < 0x20u || ch >= 0x7Fu) {
            char esc[8];
            int k;
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            for (k = 0; esc[k]; k++) {
                PUTC(esc[k]);
            }
        } else {
            PUTC((char)ch);
        }
    }
    PUTC('"');
#undef PUTC
    if (room > 0u) {
        out[n < room ? n : room - 1u] = '\0';
    }
    return n;
}

void vboard_format_json(const vboard_t *vb, const vboard_result_t *r, char *out, size_t outlen)
{
    size_t n = 0;
    unsigned i;
#define PUT(...) n += (size_t)snprintf(out + n, n < outlen ? outlen - n : 0, __VA_ARGS__)
#define STR(s) n += json_str(out + (n < outlen ? n : outlen), n < outlen ? outlen - n : 0, (s))
    PUT("{\"board\":");
    STR(vb->board->name);
    PUT(",\"event\":");
    STR(event_label(r->event));
    PUT(",\"leds\":{");
    for (i = 0; i < vb->board->led_count; i++) {
        PUT("%s\"%s\":%u", i ? "," : "", vb->board->leds[i].name, (r->led_state >> i) & 1u);
    }
    PUT("},\"console\":");
    STR(r->console);
    PUT(",\"reset_flags\":%u,\"insns\":%llu,\"bkpsram_reads\":%u,\"bkpsram_writes\":%u,\"violations\":%u,",
        r->reset_flags, (unsigned long long)r->insns, r->bkpsram_reads, r->bkpsram_writes, r->violations);
    PUT("\"violation\":");
    STR(r->violation);
    PUT(",\"outcome\":\"%s\",\"fault\":", vboard_outcome_name(r->outcome));
    STR(r->fault);
    PUT(",\"fault_pc\":%u,\"fault_addr\":%u,\"exceptions\":%u,\"exception\":", r->fault_pc, r->fault_addr,
        r->exceptions);
    STR(r->exception);
    PUT(",\"exit_code\":%d,\"semihost_refused\":%u,\"semihost\":", r->exit_code, r->semihost_refused);
    STR(r->semihost);
    PUT(",\"sysclk_hz\":%u}", r->sysclk_hz);
#undef PUT
#undef STR
}

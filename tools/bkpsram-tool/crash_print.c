/* SPDX-License-Identifier: MIT */
/* bkpsram-tool crash: the decoded reboot area as text or JSON, pc and lr resolved in the ELF. */
#include <string.h>

#include "crash.h"

static const char *const exc_names[] = {"none", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault"};

static const char *exc_name(uint8_t e)
{
    return e < sizeof exc_names / sizeof exc_names[0] ? exc_names[e] : "exception";
}

static void reason_text(uint16_t reason, char *out, size_t outlen)
{
    if (reason >= BKPSRAM_REBOOT_APP) {
        snprintf(out, outlen, "APP+%u", (unsigned)(reason - BKPSRAM_REBOOT_APP));
    } else {
        snprintf(out, outlen, "%s", bkpsram_reboot_reason_name(reason));
    }
}

static void flags_text(uint32_t flags, char *out, size_t outlen)
{
    static const char *const names[7] = {"BROWNOUT", "PIN", "POWER_ON", "SOFTWARE", "IWDG", "WWDG", "LOW_POWER"};
    unsigned i;
    out[0] = '\0';
    for (i = 0; i < 7u; i++) {
        if (flags & (1u << i)) {
            size_t n = strlen(out);
            snprintf(out + n, outlen - n, "%s%s", n ? " " : "", names[i]);
        }
    }
    if (out[0] == '\0') {
        snprintf(out, outlen, "none");
    }
}

static void hex(const uint8_t *b, size_t n, char *out, size_t outlen)
{
    size_t i;
    out[0] = '\0';
    for (i = 0; i < n && 2u * i + 2u < outlen; i++) {
        snprintf(out + 2u * i, outlen - 2u * i, "%02x", b[i]);
    }
}

/* Where pc or lr points: a call site or a return address is looked up 2 bytes earlier, inside the
 * call instruction, so the line is the call's and not the next statement's. */
static int where(bkt_elf_t *elf, uint32_t addr, int back, bkt_where_t *w)
{
    memset(w, 0, sizeof *w);
    if (elf == NULL || addr == 0u) {
        return -1;
    }
    return bkt_elf_where(elf, (addr & ~1u) - (back ? 2u : 0u), w);
}

static void text_where(FILE *o, const char *name, uint32_t addr, bkt_elf_t *elf, int back)
{
    bkt_where_t w;
    fprintf(o, "  %-4s 0x%08X", name, addr);
    if (where(elf, addr, back, &w) == 0) {
        fprintf(o, "  %s at %s:%d", w.func[0] ? w.func : "?", w.file[0] ? w.file : "?", w.line);
    }
    fputc('\n', o);
}

static void build_id_text(FILE *o, const bkpsram_fault_t *f, bkt_elf_t *elf, int json)
{
    uint8_t id[20];
    size_t n = elf != NULL ? bkt_elf_build_id(elf, id, sizeof id) : 0u;
    char rec[48], mine[48];
    int match = n != 0u && f->build_id_len != 0u && n >= f->build_id_len && memcmp(id, f->build_id, f->build_id_len) == 0;
    hex(f->build_id, f->build_id_len <= 20u ? f->build_id_len : 20u, rec, sizeof rec);
    hex(id, n, mine, sizeof mine);
    if (json) {
        fprintf(o, ",\"build_id\":\"%s\",\"elf_build_id\":\"%s\",\"build_id_match\":%s", rec, mine,
                match ? "true" : "false");
    } else if (elf != NULL && f->build_id_len != 0u && !match) {
        fprintf(o, "  warning: build id %s recorded, the ELF's is %s: pc and lr may point elsewhere\n", rec,
                n ? mine : "absent");
    } else {
        fprintf(o, "  build id %s%s\n", f->build_id_len ? rec : "not recorded (no bkpsram_build_id in the image)",
                match ? " (matches the ELF)" : "");
    }
}

static void print_text(FILE *o, const bkt_crash_t *c, bkt_elf_t *elf)
{
    const bkpsram_fault_t *f = &c->fault;
    const bkpsram_reboot_report_t *r = &c->report;
    char reason[32], first[32], flags[96], words[1024];
    if (c->report_rc == BKPSRAM_OK) {
        reason_text(r->reason, reason, sizeof reason);
        reason_text(r->first_reason, first, sizeof first);
        flags_text(r->reset_flags, flags, sizeof flags);
        fprintf(o, "reboot report (offset %u): boot %u, last reset %s, %u crashes, %u consecutive%s%s, checkpoint "
                   "0x%08X, reset flags %s\n",
                c->offset, r->boots, reason, r->crashes, r->consecutive, r->consecutive ? " since " : "",
                r->consecutive ? first : "", r->checkpoint, flags);
    } else {
        fprintf(o, "reboot report (offset %u): none (%s)\n", c->offset, bkpsram_strerror(c->report_rc));
    }
    if (!c->has_fault) {
        fprintf(o, "nothing recorded before a reset\n");
        return;
    }
    reason_text(f->reason, reason, sizeof reason);
    fprintf(o, "%s: %s", c->pending ? "pending (recorded before the last reset, no boot has counted it yet)"
                                    : "last recorded", reason);
    if (!c->pending) {
        fprintf(o, " (counted at boot %u)", r->fault_boot);
    }
    if (f->exception != 0u) {
        fprintf(o, " in %s (exception %u)", exc_name(f->exception), f->exception);
    }
    fprintf(o, ", value %u (0x%08X)\n", f->value, f->value);
    bkt_fault_words(f, words, sizeof words);
    if (words[0] != '\0') {
        fprintf(o, "  why  %s\n", words);
    }
    if (f->flags & (BKPSRAM_FAULT_FRAME | BKPSRAM_FAULT_CALLER)) {
        text_where(o, "pc", f->pc, elf, (f->flags & BKPSRAM_FAULT_CALLER) != 0u);
        text_where(o, "lr", f->lr, elf, 1);
    } else if (f->exception != 0u) {
        fprintf(o, "  pc, lr: not stacked (the stack at 0x%08X was not memory: a stack overflow?)\n", f->sp);
    }
    fprintf(o, "  r0 0x%08X r1 0x%08X r2 0x%08X r3 0x%08X r12 0x%08X xpsr 0x%08X\n", f->r0, f->r1, f->r2, f->r3, f->r12,
            f->xpsr);
    fprintf(o, "  sp 0x%08X (%s) exc_return 0x%08X cfsr 0x%08X hfsr 0x%08X mmfar 0x%08X bfar 0x%08X shcsr 0x%08X "
               "rcc_csr 0x%08X\n",
            f->sp, (f->flags & BKPSRAM_FAULT_PSP) ? "PSP" : "MSP", f->exc_return, f->cfsr, f->hfsr, f->mmfar, f->bfar,
            f->shcsr, f->rcc_csr);
    build_id_text(o, f, elf, 0);
}

static void json_string(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            fputc('\\', o);
        }
        if ((unsigned char)*s < 0x20u) {
            fprintf(o, "\\u%04x", (unsigned char)*s);
        } else {
            fputc(*s, o);
        }
    }
    fputc('"', o);
}

static void json_where(FILE *o, const char *name, uint32_t addr, bkt_elf_t *elf, int back)
{
    bkt_where_t w;
    int ok = where(elf, addr, back, &w) == 0;
    fprintf(o, ",\"%s\":{\"addr\":%u,\"function\":", name, addr);
    json_string(o, ok ? w.func : "");
    fprintf(o, ",\"file\":");
    json_string(o, ok ? w.file : "");
    fprintf(o, ",\"line\":%d}", ok ? w.line : 0);
}

static void print_json(FILE *o, const bkt_crash_t *c, bkt_elf_t *elf)
{
    const bkpsram_fault_t *f = &c->fault;
    const bkpsram_reboot_report_t *r = &c->report;
    char reason[32], words[1024];
    fprintf(o, "{\"offset\":%u,\"report\":", c->offset);
    if (c->report_rc == BKPSRAM_OK) {
        reason_text(r->reason, reason, sizeof reason);
        fprintf(o, "{\"boots\":%u,\"reason\":\"%s\",\"reason_code\":%u,\"crashes\":%u,\"consecutive\":%u,"
                   "\"first_reason_code\":%u,\"reset_flags\":%u,\"checkpoint\":%u,\"fault_boot\":%u}",
                r->boots, reason, r->reason, r->crashes, r->consecutive, r->first_reason, r->reset_flags, r->checkpoint,
                r->fault_boot);
    } else {
        fprintf(o, "null");
    }
    fprintf(o, ",\"pending\":%s,\"fault\":", c->pending ? "true" : "false");
    if (!c->has_fault) {
        fprintf(o, "null}\n");
        return;
    }
    reason_text(f->reason, reason, sizeof reason);
    bkt_fault_words(f, words, sizeof words);
    fprintf(o, "{\"reason\":\"%s\",\"reason_code\":%u,\"exception\":%u,\"flags\":%u,\"value\":%u,\"seq\":%u,"
               "\"frame\":[%u,%u,%u,%u,%u,%u,%u,%u],\"exc_return\":%u,\"sp\":%u,\"cfsr\":%u,\"hfsr\":%u,\"mmfar\":%u,"
               "\"bfar\":%u,\"shcsr\":%u,\"rcc_csr\":%u,\"why\":",
            reason, f->reason, f->exception, f->flags, f->value, f->seq, f->r0, f->r1, f->r2, f->r3, f->r12, f->lr, f->pc,
            f->xpsr, f->exc_return, f->sp, f->cfsr, f->hfsr, f->mmfar, f->bfar, f->shcsr, f->rcc_csr);
    json_string(o, words);
    if (f->flags & (BKPSRAM_FAULT_FRAME | BKPSRAM_FAULT_CALLER)) {
        json_where(o, "pc", f->pc, elf, (f->flags & BKPSRAM_FAULT_CALLER) != 0u);
        json_where(o, "lr", f->lr, elf, 1);
    }
    build_id_text(o, f, elf, 1);
    fprintf(o, "}}\n");
}

void bkt_crash_print(FILE *o, const bkt_crash_t *c, bkt_elf_t *elf, int json)
{
    if (json) {
        print_json(o, c, elf);
    } else {
        print_text(o, c, elf);
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * GDB remote serial protocol server (vboard --gdb PORT), for gdb-multiarch:
 *   target remote :PORT, continue, stepi, break/delete (software and hardware breakpoints: the
 *   same here), info registers, x, print, set var (memory and register reads and writes; the
 *   backup SRAM too: `dump binary memory dump.bin 0x40024000 0x40025000`), Ctrl-C, detach, kill,
 *   and `monitor` commands for the power events: reset, power-on, power-on-no-vbat, power-off,
 *   standby-wakeup, tamper, rdp-regression, bdrst, iwdg-reset, ... (each reboots the board
 *   halted at its reset vector), `monitor status` (the boot's report line).
 * Registers: the M-profile core set r0-r12, sp, lr, pc, xpsr (target description
 * org.gnu.gdb.arm.m-profile). Listens on 127.0.0.1 only. A boot that ends (idle, fault, reset
 * with the next boot halted, watchdog) stops with its report line printed by gdb.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vb_internal.h"

#define PKT_MAX 4096u
#define XFER    "qXfer:features:read:target.xml:"

static const char target_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target><architecture>arm</architecture>"
    "<feature name=\"org.gnu.gdb.arm.m-profile\">"
    "<reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/><reg name=\"r2\" bitsize=\"32\"/>"
    "<reg name=\"r3\" bitsize=\"32\"/><reg name=\"r4\" bitsize=\"32\"/><reg name=\"r5\" bitsize=\"32\"/>"
    "<reg name=\"r6\" bitsize=\"32\"/><reg name=\"r7\" bitsize=\"32\"/><reg name=\"r8\" bitsize=\"32\"/>"
    "<reg name=\"r9\" bitsize=\"32\"/><reg name=\"r10\" bitsize=\"32\"/><reg name=\"r11\" bitsize=\"32\"/>"
    "<reg name=\"r12\" bitsize=\"32\"/><reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"lr\" bitsize=\"32\"/><reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
    "<reg name=\"xpsr\" bitsize=\"32\" regnum=\"16\"/></feature></target>";

static const int regs[17] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
                             UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
                             UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
                             UC_ARM_REG_PC, UC_ARM_REG_XPSR};

typedef struct {
    vboard_t *vb;
    int fd;
    FILE *log;
    vboard_result_t res;
    int ended; /* the boot reached an outcome; the board is idle until a monitor event */
} gdb_t;

/* ---- hooks (called from vb_cpu.c) ------------------------------------------------------ */

void vb_gdb_on_code(vboard_t *vb, uint32_t addr)
{
    unsigned i;
    if (vb->run_insns++ == 0u) {
        return; /* the first instruction of a resume always runs (it may hold the breakpoint) */
    }
    for (i = 0; vb->stepping == 0 && i < vb->nbreak && vb->breakpoints[i] != addr; i++) {
    }
    if (vb->stepping || i < vb->nbreak) {
        vb_stop(vb, VBOARD_BREAK);
    }
}

/* Ctrl-C from the debugger (byte 0x03), looked at every 4096 blocks. */
void vb_gdb_poll(vboard_t *vb)
{
    char c;
    if ((++vb->poll_blocks & 4095u) == 0u && recv(vb->gdb_fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) == 1 && c == 3) {
        (void)recv(vb->gdb_fd, &c, 1, 0);
        vb_stop(vb, VBOARD_BREAK);
    }
}

/* ---- packets ------------------------------------------------------------------------------- */

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void send_packet(gdb_t *g, const char *data)
{
    static char buf[2 * PKT_MAX + 8];
    unsigned sum = 0;
    size_t n = strlen(data), i;
    for (i = 0; i < n; i++) {
        sum += (unsigned char)data[i];
    }
    n = (size_t)snprintf(buf, sizeof buf, "$%s#%02x", data, sum & 0xFFu);
    (void)!write(g->fd, buf, n < sizeof buf ? n : sizeof buf - 1u);
}

/* One packet into buf (acknowledged); 0x03 outside a packet is an interrupt: returns 1 with buf
 * empty. -1 when the connection closed. */
static int recv_packet(gdb_t *g, char *buf, size_t size)
{
    char c;
    size_t n = 0;
    for (;;) {
        if (read(g->fd, &c, 1) != 1) {
            return -1;
        }
        if (c == 3) {
            buf[0] = '\0';
            return 1;
        }
        if (c == '$') {
            break;
        }
    }
    while (read(g->fd, &c, 1) == 1 && c != '#') {
        if (n + 1u < size) {
            buf[n++] = c;
        }
    }
    buf[n] = '\0';
    if (read(g->fd, &c, 1) != 1 || read(g->fd, &c, 1) != 1) {
        return -1;
    }
    (void)!write(g->fd, "+", 1);
    return 1;
}

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = d[p[i] >> 4];
        out[2 * i + 1] = d[p[i] & 15u];
    }
    out[2 * n] = '\0';
}

static size_t bytes_of(const char *hex, uint8_t *out, size_t max)
{
    size_t n = 0;
    while (n < max && hexval(hex[0]) >= 0 && hexval(hex[1]) >= 0) {
        out[n++] = (uint8_t)(hexval(hex[0]) << 4 | hexval(hex[1]));
        hex += 2;
    }
    return n;
}

/* Text for gdb to print ("O" packets, hex). */
static void console_text(gdb_t *g, const char *text)
{
    char pkt[PKT_MAX];
    size_t n = strlen(text), off;
    for (off = 0; off < n; off += (PKT_MAX - 2u) / 2u) {
        size_t k = n - off < (PKT_MAX - 2u) / 2u ? n - off : (PKT_MAX - 2u) / 2u;
        pkt[0] = 'O';
        hex_of((const uint8_t *)text + off, k, pkt + 1);
        send_packet(g, pkt);
    }
}

/* ---- target access ------------------------------------------------------------------------- */

static int mem_read(vboard_t *vb, uint32_t addr, uint8_t *buf, size_t len)
{
    return vboard_read_mem(vb, addr, buf, len) == 0 || uc_mem_read(vb->uc, addr, buf, len) == UC_ERR_OK ? 0 : -1;
}

static int mem_write(vboard_t *vb, uint32_t addr, const uint8_t *buf, size_t len)
{
    if (vboard_write_mem(vb, addr, buf, len) == 0) {
        uc_ctl_remove_cache(vb->uc, addr, addr + (uint32_t)len); /* code may have changed */
        return 0;
    }
    return uc_mem_write(vb->uc, addr, buf, len) == UC_ERR_OK ? 0 : -1;
}

static void read_regs(gdb_t *g)
{
    uint8_t raw[17 * 4];
    char out[17 * 8 + 1];
    unsigned i;
    for (i = 0; i < 17u; i++) {
        uint32_t v = 0;
        uc_reg_read(g->vb->uc, regs[i], &v);
        memcpy(raw + 4u * i, &v, 4); /* little-endian host */
    }
    hex_of(raw, sizeof raw, out);
    send_packet(g, out);
}

static void write_reg(gdb_t *g, unsigned n, const char *hex)
{
    uint8_t raw[4] = {0};
    uint32_t v;
    if (n >= 17u || bytes_of(hex, raw, 4) != 4u) {
        send_packet(g, "E01");
        return;
    }
    memcpy(&v, raw, 4);
    uc_reg_write(g->vb->uc, regs[n], &v);
    send_packet(g, "OK");
}

static void mem_packet(gdb_t *g, char *p, int write)
{
    char *comma = strchr(p, ','), *colon, *end;
    unsigned long addr = strtoul(p, &end, 16), len = comma ? strtoul(comma + 1, &colon, 16) : 0;
    static uint8_t buf[PKT_MAX];
    static char out[2 * PKT_MAX + 1];
    if (comma == NULL || end != comma || end == p || len > sizeof buf) { /* the address must be hex */
        send_packet(g, "E01");
    } else if (write) {
        colon = strchr(comma, ':');
        if (colon == NULL || bytes_of(colon + 1, buf, len) != len || mem_write(g->vb, (uint32_t)addr, buf, len) != 0) {
            send_packet(g, "E01");
        } else {
            send_packet(g, "OK");
        }
    } else if (mem_read(g->vb, (uint32_t)addr, buf, len) != 0) {
        send_packet(g, "E01");
    } else {
        hex_of(buf, len, out);
        send_packet(g, out);
    }
}

static void breakpoint(gdb_t *g, const char *p, int insert)
{
    vboard_t *vb = g->vb;
    uint32_t addr = (uint32_t)strtoul(p + 3, NULL, 16) & ~1u; /* "Z0,addr,kind" */
    unsigned i;
    for (i = 0; i < vb->nbreak && vb->breakpoints[i] != addr; i++) {
    }
    if (insert && i == vb->nbreak && vb->nbreak < sizeof vb->breakpoints / sizeof vb->breakpoints[0]) {
        vb->breakpoints[vb->nbreak++] = addr;
    } else if (!insert && i < vb->nbreak) {
        vb->breakpoints[i] = vb->breakpoints[--vb->nbreak];
    }
    send_packet(g, (insert && i == vb->nbreak && vb->nbreak == 32u) ? "E01" : "OK");
}

/* ---- running ------------------------------------------------------------------------------- */

static void boot_halted(gdb_t *g, bkm_event_t ev, int announce)
{
    char line[512];
    (void)vb_prepare_boot(g->vb, ev, &g->res);
    g->ended = 0;
    snprintf(line, sizeof line, "vboard: %s, halted at the reset vector 0x%08X\n", bkm_event_name(ev),
             g->vb->reset_pc & ~1u);
    if (announce) {
        console_text(g, line);
    }
    if (g->log != NULL) {
        fputs(line, g->log);
        fflush(g->log);
    }
}

/* Resume (or step) until a stop; report it as a stop reply. A reset the firmware requests, or an
 * expired watchdog, reboots the board and keeps running, as on the CLI. */
static void resume(gdb_t *g, int step)
{
    static char line[VBOARD_CONSOLE_MAX * 2];
    vboard_t *vb = g->vb;
    uint32_t pc = 0;
    for (;;) {
        vb->stopped = 0;
        vb->stepping = step;
        uc_reg_read(vb->uc, UC_ARM_REG_PC, &pc);
        vb_run(vb, pc, 0u);
        vb->stepping = 0;
        if (g->res.outcome == VBOARD_BREAK) {
            send_packet(g, "S05");
            return;
        }
        vboard_format_line(vb, &g->res, line, sizeof line);
        strcat(line, "\n");
        console_text(g, line);
        if (g->res.outcome != VBOARD_RESET && g->res.outcome != VBOARD_WATCHDOG) {
            g->ended = 1;
            send_packet(g, g->res.outcome == VBOARD_FAULT ? "S0b" : "S05");
            return;
        }
        (void)vb_prepare_boot(vb, g->res.outcome == VBOARD_RESET ? BKM_EV_RESET_SOFTWARE : BKM_EV_RESET_IWDG, &g->res);
        if (step) {
            send_packet(g, "S05");
            return;
        }
    }
}

static void monitor(gdb_t *g, const char *hex)
{
    static char cmd[256], line[VBOARD_CONSOLE_MAX * 2];
    size_t n = bytes_of(hex, (uint8_t *)cmd, sizeof cmd - 1u);
    int ev;
    cmd[n] = '\0';
    ev = bkm_event_parse(strcmp(cmd, "reset") == 0 ? "reset" : cmd);
    if (strcmp(cmd, "power-off") == 0) {
        console_text(g, "vboard: board unpowered (monitor power-on to boot again)\n");
        send_packet(g, "OK");
    } else if (ev >= 0) {
        boot_halted(g, (bkm_event_t)ev, 1);
        send_packet(g, "OK");
    } else if (strcmp(cmd, "status") == 0) {
        vboard_format_line(g->vb, &g->res, line, sizeof line);
        strcat(line, "\n");
        console_text(g, line);
        send_packet(g, "OK");
    } else {
        console_text(g, "vboard monitor commands: reset, power-on, power-on-no-vbat, power-off, standby-wakeup, "
                        "tamper, rdp-regression, bdrst, software-reset, iwdg-reset, wwdg-reset, status\n");
        send_packet(g, "OK");
    }
}

static void query(gdb_t *g, const char *p)
{
    if (strncmp(p, "qSupported", 10) == 0) {
        send_packet(g, "PacketSize=1000;qXfer:features:read+");
    } else if (strncmp(p, XFER, sizeof XFER - 1u) == 0 && strchr(p + sizeof XFER - 1u, ',') != NULL) {
        const char *a = p + sizeof XFER - 1u;
        unsigned long off = strtoul(a, NULL, 16), len = strtoul(strchr(a, ',') + 1, NULL, 16);
        static char out[PKT_MAX + 2];
        size_t total = sizeof target_xml - 1u, k = off < total ? total - off : 0u;
        k = k < len ? k : len;
        k = k < PKT_MAX ? k : PKT_MAX;
        out[0] = off + k < total ? 'm' : 'l';
        memcpy(out + 1, target_xml + (off < total ? off : total), k);
        out[1 + k] = '\0';
        send_packet(g, out);
    } else if (strcmp(p, "qAttached") == 0) {
        send_packet(g, "1");
    } else if (strcmp(p, "qC") == 0) {
        send_packet(g, "QC1");
    } else if (strcmp(p, "qfThreadInfo") == 0) {
        send_packet(g, "m1");
    } else if (strcmp(p, "qsThreadInfo") == 0) {
        send_packet(g, "l");
    } else if (strncmp(p, "qRcmd,", 6) == 0) {
        monitor(g, p + 6);
    } else {
        send_packet(g, "");
    }
}

/* One packet; 0 to go on, 1 when the debugger detached or killed the session. */
static int dispatch(gdb_t *g, char *p)
{
    switch (p[0]) {
    case '?': send_packet(g, g->ended && g->res.outcome == VBOARD_FAULT ? "S0b" : "S05"); break;
    case 'g': read_regs(g); break;
    case 'p': {
        unsigned n = (unsigned)strtoul(p + 1, NULL, 16);
        uint32_t v = 0;
        char out[9];
        if (n < 17u) {
            uc_reg_read(g->vb->uc, regs[n], &v);
        }
        hex_of((const uint8_t *)&v, 4, out);
        send_packet(g, n < 17u ? out : "E01");
        break;
    }
    case 'P': write_reg(g, (unsigned)strtoul(p + 1, NULL, 16), strchr(p, '=') ? strchr(p, '=') + 1 : ""); break;
    case 'm': mem_packet(g, p + 1, 0); break;
    case 'M': mem_packet(g, p + 1, 1); break;
    case 'c': resume(g, 0); break;
    case 's': resume(g, 1); break;
    case 'Z': case 'z':
        if (p[1] == '0' || p[1] == '1') {
            breakpoint(g, p, p[0] == 'Z');
        } else {
            send_packet(g, "");
        }
        break;
    case 'H': send_packet(g, "OK"); break;
    case 'q': query(g, p); break;
    case 'D': send_packet(g, "OK"); return 1;
    case 'k': return 1;
    default: send_packet(g, ""); break;
    }
    return 0;
}

static int listen_on(unsigned port)
{
    struct sockaddr_in a;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* this machine only */
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 1) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int vboard_gdb_serve(vboard_t *vb, unsigned port, bkm_event_t first, FILE *log)
{
    static char pkt[PKT_MAX + 1];
    gdb_t g;
    int lfd = listen_on(port), done = 0;
    if (lfd < 0) {
        return -1;
    }
    if (log != NULL) {
        fprintf(log, "vboard: waiting for gdb on 127.0.0.1:%u\n", port);
        fflush(log);
    }
    memset(&g, 0, sizeof g);
    g.vb = vb;
    g.log = log;
    g.fd = accept(lfd, NULL, NULL);
    close(lfd);
    if (g.fd < 0) {
        return -1;
    }
    vb->debug = 1;
    vb->gdb_fd = g.fd;
    boot_halted(&g, first, 0);
    while (!done) {
        int r = recv_packet(&g, pkt, sizeof pkt);
        if (r < 0) {
            break;
        }
        if (pkt[0] == '\0') {
            continue; /* an interrupt while halted: nothing to stop */
        }
        done = dispatch(&g, pkt);
    }
    vb->debug = 0;
    close(g.fd);
    return 0;
}

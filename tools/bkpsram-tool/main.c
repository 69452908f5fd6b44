/* SPDX-License-Identifier: MIT */
/*
 * bkpsram-tool: decode a 4 KB backup SRAM dump (raw, Intel HEX, console hex dump, vboard dump)
 * into its records, logs and section header; export a log as CSV, JSON or an SVG line plot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_reboot.h"
#include "crash.h"
#include "decode.h"
#include "dump.h"

static void usage(FILE *to)
{
    fputs("usage: bkpsram-tool info DUMP\n"
          "       bkpsram-tool csv  DUMP --log ID [--fields SPEC] [-o FILE]\n"
          "       bkpsram-tool json DUMP --log ID [--fields SPEC] [-o FILE]\n"
          "       bkpsram-tool svg  DUMP --log ID [--fields SPEC] [--x FIELD] [--y F1,F2...] [-o FILE]\n"
          "       bkpsram-tool crash DUMP [--elf FIRMWARE.elf] [--json] [--offset N]\n"
          "DUMP: raw 4096- or 2048-byte binary (st-flash, OpenOCD dump_image, vboard --dump-bkpsram), Intel\n"
          "      HEX at 0x40024000 (F2/F4/F7), 0x38800000 (H7, H7R/S) or 0x40036400/0x50036400 (H5, U5; 2 or\n"
          "      4 KB), or console text with a BKPSRAM DUMP block (examples/datalogger).\n"
          "SPEC: name:type,... with types u8 u16 u32 u64 i8 i16 i32 i64 f32 f64, packed little-endian,\n"
          "      e.g. \"t_ms:u32,temp_c:f32,raw:u16,boot:u16\"; default: u32 words w0, w1, ...\n"
          "crash: the reboot report and the last fault (bkpsram_reboot.h), pc and lr resolved to function and\n"
          "      file:line with the ELF's DWARF; N: the firmware's BKPSRAM_CFG_REBOOT_OFFSET (default 3688; 1640\n"
          "      for a 2 KB dump; an H563 build's default 1640 needs --offset 1640).\n",
          to);
}

static int die(const char *msg, const char *arg)
{
    fprintf(stderr, "bkpsram-tool: %s%s\n", msg, arg ? arg : "");
    return 1;
}

static int read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 65536u, n = 0u;
    uint8_t *buf = malloc(cap);
    if (f == NULL || buf == NULL) {
        free(buf);
        if (f) {
            fclose(f);
        }
        return -1;
    }
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            break;
        }
        if (cap >= (64u << 20)) { /* 64 MB: not a dump */
            break;
        }
        {
            uint8_t *grown = realloc(buf, cap * 2u);
            if (grown == NULL) {
                break;
            }
            buf = grown;
            cap *= 2u;
        }
    }
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
}

static const char *rc_name(int rc)
{
    static char b[32];
    const char *s = bkpsram_strerror(rc), *colon = strchr(s, ':');
    snprintf(b, sizeof b, "%.*s", colon ? (int)(colon - s) : 31, s);
    return rc == BKPSRAM_OK ? "OK" : b + 8; /* drop "BKPSRAM_" */
}

static void info(FILE *o, const bkt_found_t *f)
{
    size_t i;
    if (f->nrecords + f->nlogs + f->nsections == 0u) {
        fputs("nothing found: no record, log or section header (first power-up, VBAT lost, or erased)\n", o);
    }
    for (i = 0; i < f->nsections; i++) {
        const bkt_section_t *s = &f->sections[i];
        fprintf(o, "section header at 0x%03X: layout version %u, data %u bytes, bss %u, noinit %u (valid)\n", s->offset,
                s->layout_version, s->data_size, s->bss_size, s->noinit_size);
    }
    for (i = 0; i < f->nrecords; i++) {
        const bkt_record_t *r = &f->records[i];
        fprintf(o, "record id 0x%04X at 0x%03X: schema %u, %u bytes, slot A seq %u %s, slot B ", r->id, r->offset,
                r->version, r->size, r->seq[0], r->valid[0] ? "valid" : "INVALID");
        if (r->seq[1] != 0u || r->valid[1]) {
            fprintf(o, "seq %u %s", r->seq[1], r->valid[1] ? "valid" : "INVALID");
        } else {
            fputs("empty", o);
        }
        fprintf(o, "; load: %s\n", rc_name(r->rc));
    }
    for (i = 0; i < f->nlogs; i++) {
        const bkt_log_t *l = &f->logs[i];
        fprintf(o, "log id %u at 0x%03X: %u slots of %u-byte entries, %u entries kept\n", l->id, l->offset, l->slots,
                l->entry_size, l->count);
    }
}

static void csv(FILE *o, const bkt_log_t *l, const bkt_field_t *fl, int nf)
{
    uint8_t e[1024];
    uint32_t i;
    int k;
    fputs("entry", o);
    for (k = 0; k < nf; k++) {
        fprintf(o, ",%s", fl[k].name);
    }
    fputs("\r\n", o);
    for (i = 0; i < l->count; i++) {
        if (bkt_log_entry(l, i, e) != BKPSRAM_OK) {
            continue;
        }
        fprintf(o, "%u", i);
        for (k = 0; k < nf; k++) {
            char t[48];
            bkt_field_text(&fl[k], e, t, sizeof t);
            fprintf(o, ",%s", t);
        }
        fputs("\r\n", o);
    }
}

static void json(FILE *o, const bkt_log_t *l, const bkt_field_t *fl, int nf)
{
    uint8_t e[1024];
    uint32_t i;
    int k, first = 1;
    fprintf(o, "{\"log\":%u,\"offset\":%u,\"entry_size\":%u,\"slots\":%u,\"count\":%u,\"entries\":[", l->id, l->offset,
            l->entry_size, l->slots, l->count);
    for (i = 0; i < l->count; i++) {
        if (bkt_log_entry(l, i, e) != BKPSRAM_OK) {
            continue;
        }
        fprintf(o, "%s\n{\"entry\":%u", first ? "" : ",", i);
        first = 0;
        for (k = 0; k < nf; k++) {
            char t[48];
            bkt_field_text(&fl[k], e, t, sizeof t);
            fprintf(o, ",\"%s\":%s", fl[k].name, t[0] ? t : "null");
        }
        fputc('}', o);
    }
    fputs("\n]}\n", o);
}

static int field_index(const bkt_field_t *fl, int nf, const char *name, size_t len)
{
    int k;
    for (k = 0; k < nf; k++) {
        if (strlen(fl[k].name) == len && strncmp(fl[k].name, name, len) == 0) {
            return k;
        }
    }
    return -1;
}

/* Line plot: x = a field (or the entry index), one polyline per y field. */
static int svg(FILE *o, const bkt_log_t *l, const bkt_field_t *fl, int nf, const char *xname, const char *ynames)
{
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    const double W = 800, H = 420, L = 70, R = 150, T = 40, B = 50;
    int xi = -1, ys[BKT_MAX_FIELDS], ny = 0, k, t;
    uint32_t i, n = 0u;
    double *xs, *vs, xmin = 0, xmax = 0, ymin = 0, ymax = 0;
    uint8_t e[1024];

    if (xname != NULL && strcmp(xname, "entry") != 0 && (xi = field_index(fl, nf, xname, strlen(xname))) < 0) {
        return die("--x: no such field: ", xname);
    }
    if (ynames != NULL) {
        const char *p = ynames;
        while (*p) {
            const char *c = strchr(p, ',');
            size_t len = c ? (size_t)(c - p) : strlen(p);
            int y = field_index(fl, nf, p, len);
            if (y < 0 || ny >= BKT_MAX_FIELDS) {
                return die("--y: no such field in ", ynames);
            }
            ys[ny++] = y;
            p += len + (c != NULL);
        }
    } else {
        for (k = 0; k < nf; k++) {
            if (k != xi) {
                ys[ny++] = k;
            }
        }
    }
    if (ny == 0) {
        return die("nothing to plot", NULL);
    }
    xs = calloc(l->count + 1u, sizeof *xs);
    vs = calloc((size_t)(l->count + 1u) * (size_t)ny, sizeof *vs);
    if (xs == NULL || vs == NULL) {
        free(xs);
        free(vs);
        return die("out of memory", NULL);
    }
    for (i = 0; i < l->count; i++) {
        if (bkt_log_entry(l, i, e) != BKPSRAM_OK) {
            continue;
        }
        xs[n] = xi < 0 ? (double)i : bkt_field_value(&fl[xi], e);
        for (k = 0; k < ny; k++) {
            vs[(size_t)n * (size_t)ny + (size_t)k] = bkt_field_value(&fl[ys[k]], e);
        }
        n++;
    }
    for (i = 0; i < n; i++) {
        if (i == 0 || xs[i] < xmin) xmin = xs[i];
        if (i == 0 || xs[i] > xmax) xmax = xs[i];
        for (k = 0; k < ny; k++) {
            double v = vs[(size_t)i * (size_t)ny + (size_t)k];
            if ((i == 0 && k == 0) || v < ymin) ymin = v;
            if ((i == 0 && k == 0) || v > ymax) ymax = v;
        }
    }
    if (xmax <= xmin) xmax = xmin + 1;
    if (ymax <= ymin) { ymax += 0.5; ymin -= 0.5; }
    fprintf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
               "<text x=\"%.0f\" y=\"24\" font-size=\"15\">backup SRAM log %u: %u entries</text>\n",
            W, H, W, H, L, l->id, n);
    fprintf(o, "<g stroke=\"#444\" fill=\"none\"><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>"
               "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/></g>\n",
            L, H - B, W - R, H - B, L, T, L, H - B);
    for (t = 0; t <= 4; t++) { /* ticks and grid */
        double fx = L + (W - R - L) * t / 4.0, fy = (H - B) - (H - B - T) * t / 4.0;
        fprintf(o, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%g</text>\n",
                fx, T, fx, H - B, fx, H - B + 18, xmin + (xmax - xmin) * t / 4.0);
        fprintf(o, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>\n",
                L, fy, W - R, fy, L - 6, fy + 4, ymin + (ymax - ymin) * t / 4.0);
    }
    fprintf(o, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", (L + W - R) / 2, H - 12,
            xi < 0 ? "entry" : fl[xi].name);
    for (k = 0; k < ny; k++) {
        fprintf(o, "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"%s\" points=\"", colours[k % 6]);
        for (i = 0; i < n; i++) {
            double px = L + (W - R - L) * (xs[i] - xmin) / (xmax - xmin);
            double py = (H - B) - (H - B - T) * (vs[(size_t)i * (size_t)ny + (size_t)k] - ymin) / (ymax - ymin);
            fprintf(o, "%s%.1f,%.1f", i ? " " : "", px, py);
        }
        fprintf(o, "\"/>\n<text x=\"%.0f\" y=\"%.0f\" fill=\"%s\">%s</text>\n", W - R + 10, T + 16.0 * (k + 1),
                colours[k % 6], fl[ys[k]].name);
    }
    fputs("</svg>\n", o);
    free(xs);
    free(vs);
    return 0;
}

/* Read and parse a dump; 0, or 1 after a message. */
static int load_image(const char *path, uint8_t *image, bkt_form_t *form, uint32_t *size)
{
    char err[256];
    uint8_t *data;
    size_t len;
    int rc;
    if (read_file(path, &data, &len) != 0) {
        return die("cannot read ", path);
    }
    rc = bkt_parse(data, len, image, form, size, err, sizeof err);
    free(data);
    if (rc != 0) {
        fprintf(stderr, "bkpsram-tool: %s: %s\n", path, err);
        return 1;
    }
    return 0;
}

static int cmd_crash(int argc, char **argv)
{
    static uint8_t image[BKT_SIZE];
    static bkt_crash_t c;
    const char *elf_path = NULL;
    unsigned long offset = BKPSRAM_CFG_REBOOT_OFFSET;
    bkt_elf_t *elf = NULL;
    bkt_form_t form;
    uint32_t size;
    char err[256];
    int json = 0, a, offset_given = 0;
    for (a = 3; a < argc; a++) {
        if (strcmp(argv[a], "--json") == 0) {
            json = 1;
        } else if (a + 1 >= argc) {
            return die("missing value after ", argv[a]);
        } else if (strcmp(argv[a], "--elf") == 0) {
            elf_path = argv[++a];
        } else if (strcmp(argv[a], "--offset") == 0) {
            char *end;
            offset = strtoul(argv[++a], &end, 0);
            offset_given = 1;
            if (*end != '\0' || argv[a][0] == '-' || offset > BKT_SIZE) {
                return die("--offset needs a byte offset 0..4096, got ", argv[a]);
            }
        } else {
            return die("unknown option ", argv[a]);
        }
    }
    if (load_image(argv[2], image, &form, &size) != 0) {
        return 1;
    }
    if (!offset_given && size == BKT_SMALL) {
        offset = BKT_SMALL - BKPSRAM_REBOOT_SPAN; /* 1640: the H5/U5 builds' default */
    }
    if (bkt_crash_decode(image, (uint32_t)offset, &c, err, sizeof err) != 0) {
        return die(err, NULL);
    }
    if (elf_path != NULL && (elf = bkt_elf_open(elf_path, err, sizeof err)) == NULL) {
        return die(err, NULL);
    }
    bkt_crash_print(stdout, &c, elf, json);
    bkt_elf_close(elf);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd, *path, *fields = NULL, *out = NULL, *xname = NULL, *ynames = NULL;
    static uint8_t image[BKT_SIZE];
    static bkt_found_t found;
    static bkt_field_t fl[BKT_MAX_FIELDS];
    char err[256];
    size_t i;
    long log_id = -1;
    bkt_form_t form;
    uint32_t size;
    FILE *o = stdout;
    int nf, rc = 0, a;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc < 3) {
        usage(stderr);
        return 2;
    }
    cmd = argv[1];
    path = argv[2];
    if (strcmp(cmd, "crash") == 0) {
        return cmd_crash(argc, argv);
    }
    if (strcmp(cmd, "info") != 0 && strcmp(cmd, "csv") != 0 && strcmp(cmd, "json") != 0 && strcmp(cmd, "svg") != 0) {
        usage(stderr);
        return die("unknown command: ", cmd);
    }
    for (a = 3; a < argc; a += 2) {
        const char *v = a + 1 < argc ? argv[a + 1] : NULL;
        if (v == NULL) {
            return die("missing value after ", argv[a]);
        }
        if (strcmp(argv[a], "--log") == 0) {
            char *end;
            log_id = strtol(v, &end, 0);
            if (*end != '\0' || log_id < 0 || log_id > 0xFFFF) {
                return die("--log needs a log id 0..65535, got ", v);
            }
        } else if (strcmp(argv[a], "--fields") == 0) {
            fields = v;
        } else if (strcmp(argv[a], "-o") == 0) {
            out = v;
        } else if (strcmp(argv[a], "--x") == 0) {
            xname = v;
        } else if (strcmp(argv[a], "--y") == 0) {
            ynames = v;
        } else {
            return die("unknown option ", argv[a]);
        }
    }
    if (load_image(path, image, &form, &size) != 0) {
        return 1;
    }
    bkt_scan(image, &found);
    if (strcmp(cmd, "info") == 0) {
        printf("%s: %s, %u bytes\n", path, bkt_form_name(form), size);
        info(stdout, &found);
        return 0;
    }
    if (log_id < 0) {
        return die(cmd, ": --log ID is required (bkpsram-tool info lists the logs)");
    }
    for (i = 0; i < found.nlogs && found.logs[i].id != (uint16_t)log_id; i++) {
    }
    if (i == found.nlogs) {
        fprintf(stderr, "bkpsram-tool: %s: no log with id %ld (bkpsram-tool info lists what is there)\n", path, log_id);
        return 1;
    }
    nf = bkt_fields(fields, found.logs[i].entry_size, fl, err, sizeof err);
    if (nf < 0) {
        return die(err, NULL);
    }
    if (out != NULL && (o = fopen(out, "wb")) == NULL) {
        return die("cannot write ", out);
    }
    if (strcmp(cmd, "csv") == 0) {
        csv(o, &found.logs[i], fl, nf);
    } else if (strcmp(cmd, "json") == 0) {
        json(o, &found.logs[i], fl, nf);
    } else {
        rc = svg(o, &found.logs[i], fl, nf, xname, ynames);
    }
    if (o != stdout && fclose(o) != 0) {
        return die("cannot write ", out);
    }
    return rc;
}

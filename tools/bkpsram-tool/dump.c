/* SPDX-License-Identifier: MIT */
/* Dump parsers: raw binary, Intel HEX, console hex dump. Every malformed input gets a message. */
#include "dump.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bkpsram/bkpsram_crc.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

const char *bkt_form_name(bkt_form_t form)
{
    return form == BKT_RAW ? "raw binary" : form == BKT_IHEX ? "Intel HEX" : "console hex dump";
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* Two hex digits at p (p[0], p[1] inside the buffer), or -1. */
static int hexbyte(const uint8_t *p)
{
    int h = hexval(p[0]), l = hexval(p[1]);
    return (h < 0 || l < 0) ? -1 : h * 16 + l;
}

/* ---- Intel HEX ------------------------------------------------------------------------ */

/* The backup SRAM whose first 4 KB hold address a (families: F2/F4/F7, H7 and H7R/S, H5 and U5
 * non-secure and secure), or 0. */
static uint32_t base_of(uint32_t a)
{
    static const uint32_t bases[] = {BKT_BASE, 0x38800000u, 0x40036400u, 0x50036400u};
    size_t i;
    for (i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        if (a >= bases[i] && a - bases[i] < BKT_SIZE) {
            return bases[i];
        }
    }
    return 0u;
}

static int parse_ihex(const uint8_t *d, size_t len, uint8_t *image, uint32_t *size, char *err, size_t errlen)
{
    static uint8_t seen[BKT_SIZE];
    uint32_t upper = 0u, covered = 0u, base = 0u;
    size_t pos = 0u, line = 0u;
    int eof = 0;

    memset(seen, 0, sizeof seen);
    memset(image, 0, BKT_SIZE);
    while (pos < len && !eof) {
        uint8_t rec[260];
        size_t n = 0u, k;
        unsigned sum = 0u, count, type;
        uint32_t addr;
        while (pos < len && (d[pos] == '\r' || d[pos] == '\n' || d[pos] == ' ' || d[pos] == '\t')) {
            pos++;
        }
        if (pos >= len) {
            break;
        }
        line++;
        if (d[pos] != ':') {
            return fail(err, errlen, "Intel HEX line %zu: does not start with ':'", line);
        }
        pos++;
        while (pos + 1u < len && hexval(d[pos]) >= 0 && hexval(d[pos + 1u]) >= 0 && n < sizeof rec) {
            rec[n++] = (uint8_t)hexbyte(d + pos);
            pos += 2u;
        }
        if (pos < len && d[pos] != '\r' && d[pos] != '\n') {
            return fail(err, errlen, "Intel HEX line %zu: bad character or odd number of digits", line);
        }
        if (n < 5u || n != (size_t)rec[0] + 5u) {
            return fail(err, errlen, "Intel HEX line %zu: length does not match the byte count (truncated file?)", line);
        }
        for (k = 0; k < n; k++) {
            sum += rec[k];
        }
        if ((sum & 0xFFu) != 0u) {
            return fail(err, errlen, "Intel HEX line %zu: checksum error", line);
        }
        count = rec[0];
        addr = (uint32_t)rec[1] << 8 | rec[2];
        type = rec[3];
        switch (type) {
        case 0x00:
            for (k = 0; k < count; k++) {
                uint32_t a = upper + addr + (uint32_t)k;
                if (base == 0u) {
                    base = base_of(a);
                }
                if (base == 0u || a < base || a - base >= BKT_SIZE) {
                    return fail(err, errlen, "Intel HEX line %zu: address 0x%08X is outside the backup SRAM (%s)", line,
                                a, base == 0u ? "0x40024000, 0x38800000, 0x40036400 or 0x50036400" : "its first 4 KB");
                }
                image[a - base] = rec[4 + k];
                covered += !seen[a - base];
                seen[a - base] = 1u;
            }
            break;
        case 0x01: eof = 1; break;
        case 0x02: /* extended segment address */
            if (count != 2u) {
                return fail(err, errlen, "Intel HEX line %zu: bad extended segment address record", line);
            }
            upper = ((uint32_t)rec[4] << 8 | rec[5]) << 4;
            break;
        case 0x04: /* extended linear address */
            if (count != 2u) {
                return fail(err, errlen, "Intel HEX line %zu: bad extended linear address record", line);
            }
            upper = ((uint32_t)rec[4] << 8 | rec[5]) << 16;
            break;
        case 0x03:
        case 0x05: break; /* start addresses: irrelevant */
        default: return fail(err, errlen, "Intel HEX line %zu: unknown record type %02X", line, type);
        }
    }
    if (!eof) {
        return fail(err, errlen, "Intel HEX: no end-of-file record (truncated file?)");
    }
    *size = covered;
    if (covered != BKT_SIZE && (base & 0x0FFFFFFFu) == 0x00036400u) { /* H5, U5: 2 KB lines too */
        if (covered == BKT_SMALL && memchr(seen, 0, BKT_SMALL) == NULL) {
            return 0; /* the 2 KB of a U5 or an H503/H523/H533 */
        }
        return fail(err, errlen, "Intel HEX: covers %u bytes at 0x%08X, neither the 2048 nor the 4096 bytes of the "
                    "backup SRAM", covered, base);
    }
    if (covered != BKT_SIZE) {
        return fail(err, errlen, "Intel HEX: covers %u of the 4096 bytes of the backup SRAM", covered);
    }
    return 0;
}

/* ---- console hex dump ----------------------------------------------------------------- */

static const char BEGIN[] = "BKPSRAM DUMP 40024000 4096";
static const char END[] = "BKPSRAM END 4096 CRC ";

static const uint8_t *find(const uint8_t *hay, size_t len, const char *needle, size_t from)
{
    size_t n = strlen(needle), i;
    for (i = from; n <= len && i <= len - n; i++) {
        if (memcmp(hay + i, needle, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* One block starting at the BEGIN line at b; 0 when complete and consistent. */
static int parse_block(const uint8_t *d, size_t len, size_t b, uint8_t *image, char *err, size_t errlen)
{
    size_t pos = b + strlen(BEGIN), lineno = 0u;
    uint32_t expect = 0u, crc, stored = 0u;
    const uint8_t *end = find(d, len, END, pos);
    size_t stop = end ? (size_t)(end - d) : len;
    int k;

    while (pos < stop) {
        uint32_t addr = 0u;
        unsigned i;
        while (pos < stop && (d[pos] == '\r' || d[pos] == '\n')) {
            pos++;
        }
        if (pos >= stop) {
            break;
        }
        lineno++;
        for (k = 0; k < 8; k++, pos++) {
            if (pos >= stop || hexval(d[pos]) < 0) {
                return fail(err, errlen, "dump line %zu: expected an 8-digit address", lineno);
            }
            addr = addr << 4 | (uint32_t)hexval(d[pos]);
        }
        if (addr != BKT_BASE + expect || pos >= stop || d[pos] != ':') {
            return fail(err, errlen, "dump line %zu: expected address %08X:", lineno, BKT_BASE + expect);
        }
        pos++;
        for (i = 0; i < 16u; i++) {
            int v;
            if (pos + 3u > stop || d[pos] != ' ' || (v = hexbyte(d + pos + 1u)) < 0) {
                return fail(err, errlen, "dump line %zu: expected 16 bytes", lineno);
            }
            if (expect >= BKT_SIZE) {
                return fail(err, errlen, "dump: more than 4096 bytes");
            }
            image[expect++] = (uint8_t)v;
            pos += 3u;
        }
    }
    if (end == NULL) {
        return fail(err, errlen, "dump: no '%s' line (truncated capture?)", "BKPSRAM END");
    }
    if (expect != BKT_SIZE) {
        return fail(err, errlen, "dump: %u bytes between BEGIN and END, expected 4096", expect);
    }
    pos = (size_t)(end - d) + strlen(END);
    for (k = 0; k < 8; k++, pos++) {
        if (pos >= len || hexval(d[pos]) < 0) {
            return fail(err, errlen, "dump: bad CRC on the END line");
        }
        stored = stored << 4 | (uint32_t)hexval(d[pos]);
    }
    crc = bkpsram_crc32(BKPSRAM_CRC32_INIT, image, BKT_SIZE);
    if (crc != stored) {
        return fail(err, errlen, "dump: CRC %08X of the bytes does not match %08X on the END line (garbled capture)",
                    crc, stored);
    }
    return 0;
}

/* The newest (last) block of the capture, and only it: when it is garbled or cut short the capture
 * is refused, since an older block would show older data as if it were current. */
static int parse_console(const uint8_t *d, size_t len, uint8_t *image, char *err, size_t errlen)
{
    const uint8_t *b = find(d, len, BEGIN, 0u), *last = NULL;
    size_t blocks = 0u;
    while (b != NULL) {
        last = b;
        blocks++;
        b = find(d, len, BEGIN, (size_t)(b - d) + 1u);
    }
    if (last == NULL || parse_block(d, len, (size_t)(last - d), image, err, errlen) == 0) {
        return last == NULL ? -1 : 0;
    }
    if (blocks > 1u && err != NULL && errlen != 0u) {
        size_t n = strlen(err);
        (void)snprintf(err + n, errlen - n, " (the newest of %zu blocks; older blocks are not used)", blocks);
    }
    return -1;
}

int bkt_parse(const uint8_t *data, size_t len, uint8_t image[BKT_SIZE], bkt_form_t *form, uint32_t *size, char *err,
              size_t errlen)
{
    size_t i = 0u;
    memset(image, 0, BKT_SIZE);
    *size = BKT_SIZE;
    if (find(data, len, BEGIN, 0u) != NULL) {
        *form = BKT_CONSOLE;
        return parse_console(data, len, image, err, errlen);
    }
    while (i < len && (data[i] == ' ' || data[i] == '\r' || data[i] == '\n' || data[i] == '\t')) {
        i++;
    }
    if (i < len && data[i] == ':' && len != BKT_SIZE && len != BKT_SMALL) {
        *form = BKT_IHEX;
        return parse_ihex(data + i, len - i, image, size, err, errlen);
    }
    if (len == BKT_SIZE || len == BKT_SMALL) {
        *form = BKT_RAW;
        *size = (uint32_t)len;
        memcpy(image, data, len);
        return 0;
    }
    if (len < BKT_SIZE) {
        return fail(err, errlen, "not a dump: %zu bytes (truncated?); expected a raw 4096- or 2048-byte binary, "
                    "Intel HEX or a BKPSRAM DUMP text", len);
    }
    return fail(err, errlen, "not a dump: %zu bytes; expected a raw 4096- or 2048-byte binary, Intel HEX or a "
                "BKPSRAM DUMP text", len);
}

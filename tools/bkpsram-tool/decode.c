/* SPDX-License-Identifier: MIT */
/* Structures in an image, found by their magic (bkpsram_format.h) and judged by the library
 * itself, built with the memory port: the image is copied into the port's buffer. */
#include "decode.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_memory.h"
#include "bkpsram_format.h"

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* A record slot header at off: 1 and its fields when magic and format match and it fits. */
static int rec_slot(const uint8_t *img, uint32_t off, uint16_t *id, uint16_t *ver, uint16_t *len)
{
    if (off > BKT_SIZE - BKPSRAM_RECORD_HEADER || bkt_le32(img + off) != BKPSRAM_FMT_RECORD_MAGIC ||
        img[off + 4u] != BKPSRAM_FMT_RECORD_FORMAT) {
        return 0;
    }
    *id = le16(img + off + 6u);
    *ver = le16(img + off + 8u);
    *len = le16(img + off + 10u);
    return *len != 0u && *len <= BKPSRAM_FMT_RECORD_LEN_MAX && BKPSRAM_RECORD_SLOT(*len) <= BKT_SIZE - off;
}

static int slot_crc_ok(const uint8_t *img, uint32_t off, uint16_t len)
{
    uint32_t body = BKPSRAM_RECORD_SLOT(len) - 4u;
    return bkpsram_crc32(BKPSRAM_CRC32_INIT, img + off, body) == bkt_le32(img + off + body);
}

void bkt_scan(const uint8_t image[BKT_SIZE], bkt_found_t *f)
{
    uint32_t off;
    memset(f, 0, sizeof *f);
    memcpy(bkpsram_memory(), image, BKT_SIZE);
    bkpsram_memory_reset();
    if (bkpsram_init(NULL) != BKPSRAM_OK) {
        return;
    }
    for (off = 0u; off + BKPSRAM_RECORD_HEADER <= BKT_SIZE; off += 4u) {
        uint16_t id, ver, len, id2, ver2, len2;
        const uint8_t *p = image + off;
        if (rec_slot(image, off, &id, &ver, &len) && f->nrecords < BKT_MAX_FOUND) {
            uint32_t s = BKPSRAM_RECORD_SLOT(len);
            bkt_record_t *r;
            uint8_t *buf;
            bkpsram_record_t d;
            /* the second slot of a record already listed */
            if (off >= s && rec_slot(image, off - s, &id2, &ver2, &len2) && id2 == id && len2 == len) {
                continue;
            }
            r = &f->records[f->nrecords++];
            r->offset = off;
            r->id = id;
            r->size = len;
            r->seq[0] = bkt_le32(p + 12u);
            r->valid[0] = slot_crc_ok(image, off, len);
            r->version = ver;
            if (rec_slot(image, off + s, &id2, &ver2, &len2) && id2 == id && len2 == len) {
                r->seq[1] = bkt_le32(p + s + 12u);
                r->valid[1] = slot_crc_ok(image, off + s, len);
                if (r->valid[1] && (!r->valid[0] || (int32_t)(r->seq[1] - r->seq[0]) > 0)) {
                    r->version = ver2;
                }
            }
            d.offset = off;
            d.id = id;
            d.version = r->version;
            d.size = len;
            buf = malloc(len);
            r->rc = buf ? bkpsram_record_load(&d, buf) : BKPSRAM_ENOSPC;
            free(buf);
        } else if (bkt_le32(p) == BKPSRAM_FMT_LOG_MAGIC && p[4] == BKPSRAM_FMT_LOG_FORMAT &&
                   bkt_le32(p + 12u) == bkpsram_crc32(BKPSRAM_CRC32_INIT, p, 12u) &&
                   f->nlogs < BKT_MAX_FOUND) {
            bkt_log_t *l = &f->logs[f->nlogs];
            bkpsram_log_config_t c;
            bkpsram_log_t st;
            l->offset = off;
            l->id = le16(p + 6u);
            l->entry_size = le16(p + 8u);
            l->slots = le16(p + 10u);
            l->span = BKPSRAM_LOG_SPAN(l->entry_size, l->slots);
            c.offset = off;
            c.span = l->span;
            c.id = l->id;
            c.entry_size = l->entry_size;
            if (bkpsram_log_open(&st, &c) == BKPSRAM_OK) {
                l->count = bkpsram_log_count(&st);
                f->nlogs++;
            }
        } else if (bkt_le32(p) == BKPSRAM_FMT_SECTION_MAGIC && off + BKPSRAM_SECTION_HEADER <= BKT_SIZE &&
                   p[14] == BKPSRAM_FMT_SECTION_FORMAT &&
                   bkt_le32(p + 16u) == bkpsram_crc32(BKPSRAM_CRC32_INIT, p, 16u) && f->nsections < BKT_MAX_FOUND) {
            bkt_section_t *s = &f->sections[f->nsections++];
            s->offset = off;
            s->layout_version = bkt_le32(p + 4u);
            s->data_size = le16(p + 8u);
            s->bss_size = le16(p + 10u);
            s->noinit_size = le16(p + 12u);
        }
    }
}

int bkt_log_entry(const bkt_log_t *l, uint32_t index, uint8_t *entry)
{
    bkpsram_log_config_t c;
    bkpsram_log_t st;
    int rc;
    c.offset = l->offset;
    c.span = l->span;
    c.id = l->id;
    c.entry_size = l->entry_size;
    rc = bkpsram_log_open(&st, &c);
    return rc == BKPSRAM_OK ? bkpsram_log_read(&st, index, entry) : rc;
}

/* ---- fields --------------------------------------------------------------------------- */

static const struct {
    const char *name;
    bkt_type_t type;
    uint32_t size;
} types[] = {
    {"u8", F_U8, 1}, {"u16", F_U16, 2}, {"u32", F_U32, 4}, {"u64", F_U64, 8}, {"i8", F_I8, 1},
    {"i16", F_I16, 2}, {"i32", F_I32, 4}, {"i64", F_I64, 8}, {"f32", F_F32, 4}, {"f64", F_F64, 8},
};

int bkt_fields(const char *spec, uint32_t entry_size, bkt_field_t *fields, char *err, size_t errlen)
{
    uint32_t off = 0u;
    int n = 0;
    if (spec == NULL) { /* default: words, then bytes */
        for (; off + 4u <= entry_size && n < BKT_MAX_FIELDS; off += 4u, n++) {
            snprintf(fields[n].name, sizeof fields[n].name, "w%d", n);
            fields[n].type = F_U32;
            fields[n].offset = off;
            fields[n].size = 4u;
        }
        for (; off < entry_size && n < BKT_MAX_FIELDS; off++, n++) {
            snprintf(fields[n].name, sizeof fields[n].name, "b%u", (unsigned)off);
            fields[n].type = F_U8;
            fields[n].offset = off;
            fields[n].size = 1u;
        }
        return n;
    }
    while (*spec != '\0') {
        const char *colon = strchr(spec, ':'), *comma, *end;
        size_t nl, tl, k;
        int found = 0;
        if (colon == NULL) {
            snprintf(err, errlen, "field '%s': expected name:type", spec);
            return -1;
        }
        comma = strchr(colon, ',');
        end = comma ? comma : colon + strlen(colon);
        nl = (size_t)(colon - spec);
        tl = (size_t)(end - colon - 1);
        if (nl == 0u || nl >= sizeof fields[0].name) {
            snprintf(err, errlen, "field names must have 1 to 31 characters");
            return -1;
        }
        for (k = 0; k < nl; k++) {
            if (!isalnum((unsigned char)spec[k]) && spec[k] != '_') {
                snprintf(err, errlen, "field name '%.*s': use letters, digits and _", (int)nl, spec);
                return -1;
            }
        }
        if (n >= BKT_MAX_FIELDS) {
            snprintf(err, errlen, "more than %d fields", BKT_MAX_FIELDS);
            return -1;
        }
        for (k = 0; k < sizeof types / sizeof types[0]; k++) {
            if (strlen(types[k].name) == tl && strncmp(types[k].name, colon + 1, tl) == 0) {
                memcpy(fields[n].name, spec, nl);
                fields[n].name[nl] = '\0';
                fields[n].type = types[k].type;
                fields[n].offset = off;
                fields[n].size = types[k].size;
                off += types[k].size;
                found = 1;
            }
        }
        if (!found) {
            snprintf(err, errlen, "field '%.*s': unknown type '%.*s' (u8 u16 u32 u64 i8 i16 i32 i64 f32 f64)", (int)nl,
                     spec, (int)tl, colon + 1);
            return -1;
        }
        if (off > entry_size) {
            snprintf(err, errlen, "fields need %u bytes, but the log's entries have %u", off, entry_size);
            return -1;
        }
        n++;
        spec = comma ? comma + 1 : end;
    }
    return n;
}

static uint64_t raw(const bkt_field_t *f, const uint8_t *e)
{
    uint64_t v = 0u;
    uint32_t i;
    for (i = 0; i < f->size; i++) {
        v |= (uint64_t)e[f->offset + i] << (8u * i);
    }
    return v;
}

static int64_t sext(uint64_t v, uint32_t size)
{
    uint64_t sign = 1ull << (8u * size - 1u);
    return size == 8u ? (int64_t)v : (int64_t)((v ^ sign) - sign);
}

double bkt_field_value(const bkt_field_t *f, const uint8_t *e)
{
    uint64_t v = raw(f, e);
    switch (f->type) {
    case F_F32: {
        float x;
        uint32_t w = (uint32_t)v;
        memcpy(&x, &w, 4);
        return x;
    }
    case F_F64: {
        double x;
        memcpy(&x, &v, 8);
        return x;
    }
    case F_I8: case F_I16: case F_I32: case F_I64: return (double)sext(v, f->size);
    default: return (double)v;
    }
}

void bkt_field_text(const bkt_field_t *f, const uint8_t *e, char *out, size_t outlen)
{
    uint64_t v = raw(f, e);
    if (f->type == F_F32 || f->type == F_F64) {
        double x = bkt_field_value(f, e);
        if (isnan(x) || isinf(x)) {
            snprintf(out, outlen, "%s", "");
        } else {
            snprintf(out, outlen, f->type == F_F32 ? "%.9g" : "%.17g", x);
        }
    } else if (f->type >= F_I8 && f->type <= F_I64) {
        snprintf(out, outlen, "%lld", (long long)sext(v, f->size));
    } else {
        snprintf(out, outlen, "%llu", (unsigned long long)v);
    }
}

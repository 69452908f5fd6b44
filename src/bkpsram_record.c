/*
 * Two-slot records. Slot layout (docs/format.md), little-endian:
 *   0 magic 0x43524B42 ("BKRC")   4 format 1, reserved 0, id (u16)   8 schema version (u16),
 *   length (u16)   12 sequence (u32)   16 payload, zero-padded to 4   16+pad crc (u32)
 * The CRC (CRC-32/MPEG-2 over little-endian words, bkpsram_crc32) covers bytes 0..16+pad-1.
 */
#include "bkpsram/bkpsram_record.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram_priv.h"

#define MAGIC  0x43524B42u
#define FORMAT 1u


typedef struct {
    uint32_t w[4]; /* header words as stored */
} header_t;

typedef enum { SLOT_EMPTY, SLOT_CORRUPT, SLOT_VALID } slot_state_t;

typedef struct {
    slot_state_t state;
    uint32_t seq;
    uint16_t version;
} slot_t;

static uint32_t pad4(uint32_t n)
{
    return (n + 3u) & ~3u;
}

static int check_args(const bkpsram_record_t *rec)
{
    uint32_t size = bkpsram_size();
    if (rec == NULL || rec->size == 0u || (rec->offset & 3u) != 0u) {
        return BKPSRAM_EINVAL;
    }
    if (size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (rec->offset > size || BKPSRAM_RECORD_SPAN(rec->size) > size - rec->offset) {
        return BKPSRAM_ERANGE;
    }
    return BKPSRAM_OK;
}

static uint32_t slot_offset(const bkpsram_record_t *rec, unsigned which)
{
    return rec->offset + which * BKPSRAM_RECORD_SLOT(rec->size);
}

/* A slot's header: EMPTY (not this record), CORRUPT (this record, wrong length) or VALID for now
 * (the CRC is checked only when needed, newest first). */
static void scan(const bkpsram_record_t *rec, unsigned which, slot_t *s)
{
    header_t h;
    s->state = SLOT_EMPTY;
    (void)bkpsram_read(slot_offset(rec, which), &h, sizeof h);
    if (h.w[0] != MAGIC || (h.w[1] & 0xFFu) != FORMAT || (h.w[1] >> 16) != rec->id) {
        return; /* not this record: never written, erased, or random content */
    }
    s->state = (h.w[2] >> 16) == rec->size ? SLOT_VALID : SLOT_CORRUPT;
    s->seq = h.w[3];
    s->version = (uint16_t)h.w[2];
}

/* CRC over header and padded payload against the stored CRC word. */
static int crc_ok(const bkpsram_record_t *rec, unsigned which)
{
    uint32_t off = slot_offset(rec, which), body = BKPSRAM_RECORD_HEADER + pad4(rec->size), stored;
    (void)bkpsram_read_u32(off + body, &stored);
    return bkpsram_priv_crc_area(off, body) == stored;
}

/* Index of the newest slot that passes its CRC (wrap-safe sequence order), or -1. The newer
 * candidate is checked first; the older one only if the newer fails. */
static int newest(const bkpsram_record_t *rec, slot_t s[2])
{
    int first = 0, k;
    if (s[0].state == SLOT_VALID && s[1].state == SLOT_VALID && (int32_t)(s[1].seq - s[0].seq) > 0) {
        first = 1;
    }
    for (k = 0; k < 2; k++) {
        int i = k == 0 ? first : 1 - first;
        if (s[i].state == SLOT_VALID) {
            if (crc_ok(rec, (unsigned)i)) {
                return i;
            }
            s[i].state = SLOT_CORRUPT;
        }
    }
    return -1;
}

/* Argument checks of save and load, then the newest valid slot (in *cur, -1 for none). */
static int locate(const bkpsram_record_t *rec, const void *data, slot_t s[2], int *cur)
{
    int rc = check_args(rec);
    if (rc == BKPSRAM_OK && data == NULL) {
        rc = BKPSRAM_EINVAL;
    }
    if (rc == BKPSRAM_OK) {
        scan(rec, 0u, &s[0]);
        scan(rec, 1u, &s[1]);
        *cur = newest(rec, s);
    }
    return rc;
}

int bkpsram_record_save(const bkpsram_record_t *rec, const void *data)
{
    slot_t s[2];
    header_t h;
    uint32_t off, crc, pad;
    int cur, rc = locate(rec, data, s, &cur);

    if (rc != BKPSRAM_OK) {
        return rc;
    }
    h.w[0] = MAGIC;
    h.w[1] = FORMAT | ((uint32_t)rec->id << 16);
    h.w[2] = rec->version | ((uint32_t)rec->size << 16);
    h.w[3] = cur < 0 ? 1u : s[cur].seq + 1u;
    off = slot_offset(rec, cur == 0 ? 1u : 0u); /* the older or invalid slot; the newest stays */
    crc = bkpsram_crc32(bkpsram_crc32(BKPSRAM_CRC32_INIT, &h, sizeof h), data, rec->size);
    pad = pad4(rec->size) - rec->size;

    (void)bkpsram_unlock();
    (void)bkpsram_write(off, &h, sizeof h);
    (void)bkpsram_write(off + BKPSRAM_RECORD_HEADER, data, rec->size);
    (void)bkpsram_memset(off + BKPSRAM_RECORD_HEADER + rec->size, 0u, pad);
    (void)bkpsram_write_u32(off + BKPSRAM_RECORD_HEADER + pad4(rec->size), crc); /* commit */
    (void)bkpsram_lock();
    return BKPSRAM_OK;
}

int bkpsram_record_load(const bkpsram_record_t *rec, void *data)
{
    slot_t s[2];
    int cur, rc = locate(rec, data, s, &cur);

    if (rc != BKPSRAM_OK) {
        return rc;
    }
    if (cur < 0) {
        return (s[0].state == SLOT_CORRUPT || s[1].state == SLOT_CORRUPT) ? BKPSRAM_ECORRUPT : BKPSRAM_ENOENT;
    }
    if (s[cur].version != rec->version) {
        return BKPSRAM_EVERSION;
    }
    return bkpsram_read(slot_offset(rec, (unsigned)cur) + BKPSRAM_RECORD_HEADER, data, rec->size);
}

int bkpsram_record_erase(const bkpsram_record_t *rec)
{
    int rc = check_args(rec);
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    (void)bkpsram_unlock();
    (void)bkpsram_write_u32(slot_offset(rec, 0u), 0u);
    (void)bkpsram_write_u32(slot_offset(rec, 1u), 0u);
    (void)bkpsram_lock();
    return BKPSRAM_OK;
}

int bkpsram_record_check_layout(const bkpsram_record_t *recs, size_t count, uint32_t size)
{
    size_t i, j;
    if (recs == NULL) {
        return BKPSRAM_EINVAL;
    }
    if (size == 0u) {
        size = 4096u;
    }
    for (i = 0; i < count; i++) {
        const bkpsram_record_t *a = &recs[i];
        if (a->size == 0u || (a->offset & 3u) != 0u) {
            return BKPSRAM_EINVAL;
        }
        if (a->offset > size || BKPSRAM_RECORD_SPAN(a->size) > size - a->offset) {
            return BKPSRAM_ERANGE;
        }
        for (j = 0; j < i; j++) {
            const bkpsram_record_t *b = &recs[j];
            if (a->id == b->id || (a->offset < b->offset + BKPSRAM_RECORD_SPAN(b->size) &&
                                   b->offset < a->offset + BKPSRAM_RECORD_SPAN(a->size))) {
                return BKPSRAM_EINVAL;
            }
        }
    }
    return BKPSRAM_OK;
}

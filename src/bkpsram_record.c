/* SPDX-License-Identifier: MIT */
/*
 * Two-slot records. Slot layout (docs/format.md), little-endian:
 *   0 magic 0x43524B42 ("BKRC")   4 format 1, reserved 0, id (u16)   8 schema version (u16),
 *   length (u16)   12 sequence (u32)   16 payload, zero-padded to 4   16+pad crc (u32)
 * The CRC (CRC-32/MPEG-2 over little-endian words, bkpsram_crc32) covers bytes 0..16+pad-1.
 *
 * Slot A of a record is at its offset, slot B right after slot A, so slot B moves when the size
 * changes. Every operation looks at the slots of the descriptor it is given and also at the slot
 * B that slot A's own header implies (a value saved with another size), and save never writes over
 * the newest valid slot of any size or schema: it writes the other slot, or first copies the
 * newest value to its own other slot when both new slots would overlap it.
 */
#include "bkpsram/bkpsram_record.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram_format.h"
#include "bkpsram_priv.h"
#include "port/bkpsram_port.h"

#define CANDS   6u /* slot A, B and the B slot A's header implies, for two descriptors */

#define SLOT_EMPTY     0u /* slot_t.state */
#define SLOT_CORRUPT   1u
#define SLOT_UNCHECKED 2u
#define SLOT_VALID     3u

typedef struct {
    uint32_t base;    /* offset of the pair's slot A */
    uint32_t off;     /* offset of this slot */
    uint32_t seq;
    uint16_t version;
    uint16_t len;
    uint8_t state;
} slot_t;

typedef struct {
    slot_t s[CANDS];
    unsigned n;
} cands_t;

static uint32_t slot_bytes(uint32_t len)
{
    return BKPSRAM_RECORD_SLOT(len);
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
    if (rec->size > BKPSRAM_FMT_RECORD_LEN_MAX || rec->offset > size ||
        BKPSRAM_RECORD_SPAN(rec->size) > size - rec->offset) {
        return BKPSRAM_ERANGE;
    }
    return BKPSRAM_OK;
}

/* Read the header at off into s: EMPTY (not this record), CORRUPT (this record's magic and id but
 * a length that does not fit or does not place the slot here) or UNCHECKED (CRC still to check).
 * A slot B (off != base) is this pair's only if its length puts it right after slot A. */
static void scan(uint16_t id, uint32_t base, uint32_t off, slot_t *s)
{
    uint32_t h[4], size = bkpsram_size();
    s->base = base;
    s->off = off;
    s->seq = 0u;
    s->version = 0u;
    s->len = 0u;
    s->state = SLOT_EMPTY;
    if (off > size || size - off < BKPSRAM_RECORD_HEADER) {
        return;
    }
    (void)bkpsram_read(off, h, sizeof h);
    if (h[0] != BKPSRAM_FMT_RECORD_MAGIC || (h[1] & 0xFFu) != BKPSRAM_FMT_RECORD_FORMAT ||
        (h[1] >> 16) != id) {
        return; /* never written, erased, or random content */
    }
    s->len = (uint16_t)(h[2] >> 16);
    s->version = (uint16_t)h[2];
    s->seq = h[3];
    s->state = SLOT_CORRUPT;
    if (s->len != 0u && s->len <= BKPSRAM_FMT_RECORD_LEN_MAX && slot_bytes(s->len) <= size - off &&
        (off == base || off - base == slot_bytes(s->len))) {
        s->state = SLOT_UNCHECKED;
    }
}

static const slot_t *add(cands_t *c, uint16_t id, uint32_t base, uint32_t off)
{
    unsigned i;
    for (i = 0; i < c->n; i++) {
        if (c->s[i].off == off && c->s[i].base == base) {
            return &c->s[i];
        }
    }
    scan(id, base, off, &c->s[c->n]);
    return &c->s[c->n++];
}

/* The slots a descriptor can see: A, B, and the B that A's header implies. */
static void gather(cands_t *c, const bkpsram_record_t *rec)
{
    const slot_t *a = add(c, rec->id, rec->offset, rec->offset);
    uint16_t alen = a->len;
    uint8_t a_state = a->state;
    (void)add(c, rec->id, rec->offset, rec->offset + slot_bytes(rec->size));
    if (a_state == SLOT_UNCHECKED) {
        (void)add(c, rec->id, rec->offset, rec->offset + slot_bytes(alen));
    }
}

/* CRC over header and padded payload against the stored CRC word. */
/* The slot this boot committed last: a later save trusts it without a CRC pass while its header
 * and CRC word still read as written (loads always check). Trade-off (docs): a stray write into
 * that slot's payload during the same boot goes unnoticed by the next save, which then writes the
 * other slot; a cut during that save leaves no valid value (never a wrong one). */
static struct last_slot {
    uint32_t off, seq, crc;
    uint16_t version, len;
    uint8_t valid;
} g_last;

static int crc_ok(const slot_t *s, int trust_last)
{
    uint32_t body = BKPSRAM_RECORD_HEADER + bkpsram_priv_pad4(s->len), stored;
    (void)bkpsram_read_u32(s->off + body, &stored);
    if ((trust_last != 0) && (g_last.valid != 0u) && (g_last.off == s->off) && (g_last.seq == s->seq) &&
        (g_last.crc == stored) && (g_last.version == s->version) && (g_last.len == s->len)) {
        return 1;
    }
    return (bkpsram_priv_crc_area(s->off, body) == stored) ? 1 : 0;
}

/* The newest slot that passes its CRC (wrap-safe sequence order), or NULL. Candidates are checked
 * newest first; a slot that fails is marked CORRUPT. */
static slot_t *newest(cands_t *c, int trust_last)
{
    for (;;) {
        slot_t *best = NULL;
        unsigned i;
        for (i = 0; i < c->n; i++) {
            slot_t *s = &c->s[i];
            if ((s->state == SLOT_UNCHECKED || s->state == SLOT_VALID) &&
                (best == NULL || bkpsram_priv_seq_diff(s->seq, best->seq) > 0)) {
                best = s;
            }
        }
        if (best == NULL || best->state == SLOT_VALID) {
            return best;
        }
        best->state = (crc_ok(best, trust_last) != 0) ? SLOT_VALID : SLOT_CORRUPT;
        if (best->state == SLOT_VALID) {
            return best;
        }
    }
}

static int any_corrupt(const cands_t *c)
{
    unsigned i;
    for (i = 0; i < c->n; i++) {
        if (c->s[i].state == SLOT_CORRUPT) {
            return 1;
        }
    }
    return 0;
}

static int overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Write one slot: header, payload (from data, or copied word by word from the backup SRAM at
 * src_off when data is NULL), zero padding, and the CRC word last, which commits it. Every write
 * reads back (BKPSRAM_EWRITE when one was dropped). */
static int write_slot(uint32_t off, uint16_t id, uint16_t version, uint16_t len, uint32_t seq,
                      const void *data, uint32_t src_off)
{
    uint32_t h[4], crc = 0u, padded = bkpsram_priv_pad4(len);
    int ok;
    h[0] = BKPSRAM_FMT_RECORD_MAGIC;
    h[1] = BKPSRAM_FMT_RECORD_FORMAT | ((uint32_t)id << 16);
    h[2] = version | ((uint32_t)len << 16);
    h[3] = seq;
    /* one pass, in slot order: header, payload (or the words copied from src_off), zero padding */
    ok = bkpsram_priv_crc_store(off, h, 4u, (const uint8_t *)data, src_off + BKPSRAM_RECORD_HEADER, len, &crc);
    g_last.valid = 0u;
    if (ok == 0) {
        return BKPSRAM_EWRITE;
    }
    if (bkpsram_write_u32(off + BKPSRAM_RECORD_HEADER + padded, crc) != BKPSRAM_OK) {
        return BKPSRAM_EWRITE;
    }
    g_last.off = off;
    g_last.seq = seq;
    g_last.crc = crc;
    g_last.version = version;
    g_last.len = len;
    g_last.valid = 1u;
    return BKPSRAM_OK;
}

/* Which of rec's slots (0 = A, 1 = B) a save may write without touching the newest slot n:
 * -1 when both overlap it. */
static int free_slot(const bkpsram_record_t *rec, const slot_t *n)
{
    uint32_t sb = slot_bytes(rec->size), nb = slot_bytes(n->len);
    if (!overlaps(rec->offset, sb, n->off, nb)) {
        return 0;
    }
    if (!overlaps(rec->offset + sb, sb, n->off, nb)) {
        return 1;
    }
    return -1;
}

static int inside(uint32_t off, uint32_t len, const bkpsram_record_t *r)
{
    return r != NULL && off >= r->offset && len <= BKPSRAM_RECORD_SPAN(r->size) &&
           off - r->offset <= BKPSRAM_RECORD_SPAN(r->size) - len;
}

/* Copy the newest value *n to the other slot of its own pair (with the next sequence number), so
 * that a save of another size finds a free slot; *n becomes the copy. Only inside the spans of to
 * or from. */
static int relocate(cands_t *c, slot_t **n, const bkpsram_record_t *to, const bkpsram_record_t *from)
{
    slot_t *copy = &c->s[c->n];
    uint32_t src = (*n)->off, nb = slot_bytes((*n)->len);
    uint32_t dst = src == (*n)->base ? src + nb : (*n)->base;
    if (!inside(dst, nb, to) && !inside(dst, nb, from)) {
        return BKPSRAM_ENOSPC;
    }
    *copy = **n;
    copy->off = dst;
    copy->seq++;
    c->n++;
    *n = copy;
    return write_slot(dst, to->id, copy->version, copy->len, copy->seq, NULL, src);
}

/* Retire (magic word to 0) every slot with this record's magic except the kept one and those whose
 * magic word lies inside it: unchecked and damaged ones first, then valid ones oldest first, so a
 * cut in between never brings an older value back. */
static int retire(cands_t *c, uint32_t keep, uint32_t keep_len)
{
    int rc = BKPSRAM_OK;
    for (;;) {
        slot_t *old = NULL;
        unsigned i;
        for (i = 0; i < c->n; i++) {
            slot_t *s = &c->s[i];
            if (s->state == SLOT_EMPTY || overlaps(s->off, 4u, keep, keep_len)) {
                continue;
            }
            if (old == NULL || (old->state == SLOT_VALID && s->state != SLOT_VALID) ||
                (s->state == SLOT_VALID && old->state == SLOT_VALID && bkpsram_priv_seq_diff(s->seq, old->seq) < 0)) {
                old = s;
            }
        }
        if (old == NULL) {
            return rc;
        }
        if (rc == BKPSRAM_OK) {
            rc = bkpsram_write_u32(old->off, 0u);
        }
        old->state = SLOT_EMPTY;
    }
}

/* Ids of the records whose save, migrate or erase is running, innermost last: an interrupt handler
 * that changes one of them gets BKPSRAM_EBUSY, so the two calls can never both report success
 * while the interrupted one goes on to overwrite the handler's value with the older one. */
#define BUSY_MAX 8u
static uint32_t g_nbusy;

static int claim_record(uint16_t id)
{
    static uint16_t g_busy[BUSY_MAX];
    uint32_t irq = bkpsram_port_irq_save(), i;
    int rc = BKPSRAM_OK;
    for (i = 0u; i < g_nbusy; i++) {
        if (g_busy[i] == id) {
            rc = BKPSRAM_EBUSY;
        }
    }
    if (rc == BKPSRAM_OK && g_nbusy < BUSY_MAX) {
        g_busy[g_nbusy] = id;
        g_nbusy++;
    } else {
        rc = BKPSRAM_EBUSY; /* or nested deeper than BUSY_MAX handlers */
    }
    bkpsram_port_irq_restore(irq);
    return rc;
}

/* Calls nest strictly (a handler returns before the code it interrupted goes on): the last claim
 * is released first. */
static void release_record(void)
{
    uint32_t irq = bkpsram_port_irq_save();
    g_nbusy--;
    bkpsram_port_irq_restore(irq);
}

static int save(const bkpsram_record_t *from, const bkpsram_record_t *to, const void *data)
{
    cands_t c;
    slot_t *n;
    int rc = check_args(to), which;

    if (rc == BKPSRAM_OK && from != NULL) {
        rc = check_args(from);
        if (rc == BKPSRAM_OK && from->id != to->id) {
            rc = BKPSRAM_EINVAL;
        }
    }
    if (rc == BKPSRAM_OK && data == NULL) {
        rc = BKPSRAM_EINVAL;
    }
    if (rc == BKPSRAM_OK) {
        rc = claim_record(to->id);
    }
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    c.n = 0u;
    gather(&c, to);
    if (from != NULL) {
        gather(&c, from);
    }
    n = newest(&c, 1);
    bkpsram_priv_window_open();
    which = n == NULL ? 0 : free_slot(to, n);
    if (which < 0) {
        rc = relocate(&c, &n, to, from);
        which = rc == BKPSRAM_OK ? free_slot(to, n) : which;
        rc = (rc == BKPSRAM_OK && which < 0) ? BKPSRAM_ENOSPC : rc;
        if (rc == BKPSRAM_ENOSPC && from == NULL) {
            /* A plain save over a larger value in slot A: no room to keep it, so slot A is written
             * over it. Every other slot of the record goes first: an older value left there would
             * win while slot A is torn (docs/format.md: neither value, never an older one). */
            rc = retire(&c, n->off, 4u);
            which = 0;
        }
    }
    if (rc == BKPSRAM_OK) {
        uint32_t off = to->offset + (uint32_t)which * slot_bytes(to->size);
        rc = write_slot(off, to->id, to->version, to->size, n == NULL ? 1u : n->seq + 1u, data, 0u);
        if (rc == BKPSRAM_OK && from != NULL) {
            rc = retire(&c, off, slot_bytes(to->size));
        }
    }
    bkpsram_priv_window_close();
    release_record();
    return rc;
}

int bkpsram_record_save(const bkpsram_record_t *rec, const void *data)
{
    return save(NULL, rec, data);
}

int bkpsram_record_migrate(const bkpsram_record_t *from, const bkpsram_record_t *to, const void *data)
{
    if (from == NULL) {
        return BKPSRAM_EINVAL;
    }
    return save(from, to, data);
}

/* Argument checks, then the newest valid slot the descriptor sees. */
static int locate(const bkpsram_record_t *rec, const void *out, cands_t *c, slot_t **n)
{
    int rc = check_args(rec);
    if (rc == BKPSRAM_OK && out == NULL) {
        rc = BKPSRAM_EINVAL;
    }
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    c->n = 0u;
    gather(c, rec);
    *n = newest(c, 0);
    if (*n == NULL) {
        return any_corrupt(c) ? BKPSRAM_ECORRUPT : BKPSRAM_ENOENT;
    }
    return BKPSRAM_OK;
}

int bkpsram_record_load(const bkpsram_record_t *rec, void *data)
{
    cands_t c;
    slot_t *n;
    int rc = locate(rec, data, &c, &n);

    if (rc != BKPSRAM_OK) {
        return rc;
    }
    if (n->version != rec->version || n->len != rec->size) {
        return BKPSRAM_EVERSION;
    }
    return bkpsram_read(n->off + BKPSRAM_RECORD_HEADER, data, rec->size);
}

int bkpsram_record_info(const bkpsram_record_t *rec, bkpsram_record_info_t *info)
{
    cands_t c;
    slot_t *n;
    int rc = locate(rec, info, &c, &n);

    if (rc == BKPSRAM_OK) {
        info->version = n->version;
        info->size = n->len;
        info->sequence = n->seq;
        info->offset = n->off;
    }
    return rc;
}

int bkpsram_record_erase(const bkpsram_record_t *rec)
{
    cands_t c;
    int rc = check_args(rec);
    if (rc == BKPSRAM_OK) {
        rc = claim_record(rec->id);
    }
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    c.n = 0u;
    gather(&c, rec);
    (void)newest(&c, 0); /* the newest valid slot is retired last */
    bkpsram_priv_window_open();
    rc = retire(&c, 0u, 0u);
    bkpsram_priv_window_close();
    release_record();
    return rc;
}

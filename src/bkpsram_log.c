/* SPDX-License-Identifier: MIT */
/*
 * Ring log. Header (docs/format.md), little-endian, at cfg->offset:
 *   0 magic 0x474C4B42 ("BKLG")  4 format 1 (u8), reserved 0 (u8), id (u16)
 *   8 entry size (u16), slots (u16)  12 crc (u32) over bytes 0..11
 * then `slots` entry slots of BKPSRAM_LOG_SLOT(entry_size) bytes:
 *   0 sequence (u32, from 1)  4 entry, zero-padded to 4  4+pad crc (u32) over bytes 0..3+pad
 * The entry with sequence s+1 follows the one with s in ring order; the CRC word is written last.
 */
#include "bkpsram/bkpsram_log.h"

#include "bkpsram/bkpsram_crc.h"
#include "bkpsram_format.h"
#include "bkpsram_priv.h"
#include "port/bkpsram_port.h"

#define LOG_CLOSED  0u /* bkpsram_log_t.state */
#define LOG_OPEN    1u
#define LOG_FOREIGN 2u /* another log's valid header: clear to take over */

/* Sequence numbers run 1, 2, ..., 0xFFFFFFFF, 1, ...: 0 marks an invalidated slot and is skipped,
 * so they count modulo 2^32 - 1. */
static uint32_t seq_next(uint32_t s)
{
    return s == 0xFFFFFFFFu ? 1u : s + 1u;
}

/* The sequence number k appends before s (k < 2^32 - 1). */
static uint32_t seq_back(uint32_t s, uint32_t k)
{
    uint32_t x = s - 1u; /* 0 .. 2^32 - 2 */
    x = x >= k ? x - k : x + (0xFFFFFFFFu - k);
    return x + 1u;
}

static uint32_t slot_off(const bkpsram_log_t *log, uint32_t slot)
{
    return log->cfg.offset + BKPSRAM_LOG_HEADER + slot * BKPSRAM_LOG_SLOT(log->cfg.entry_size);
}

/* 1 when the slot holds a valid entry; its sequence in *seq. */
static int slot_valid(const bkpsram_log_t *log, uint32_t slot, uint32_t *seq)
{
    uint32_t off = slot_off(log, slot), body = 4u + bkpsram_priv_pad4(log->cfg.entry_size), stored;
    (void)bkpsram_read_u32(off, seq);
    if (*seq == 0u) {
        return 0; /* invalidated */
    }
    (void)bkpsram_read_u32(off + body, &stored);
    return bkpsram_priv_crc_area(off, body) == stored;
}

static void header_words(const bkpsram_log_t *log, uint32_t h[4])
{
    h[0] = BKPSRAM_FMT_LOG_MAGIC;
    h[1] = BKPSRAM_FMT_LOG_FORMAT | ((uint32_t)log->cfg.id << 16);
    h[2] = log->cfg.entry_size | ((uint32_t)log->slots << 16);
    h[3] = bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 12u);
}

/* Invalidate every slot (sequence and CRC words to 0), then write the header, magic last. */
static int format_area(bkpsram_log_t *log)
{
    uint32_t h[4], i, body = 4u + bkpsram_priv_pad4(log->cfg.entry_size);
    int rc;
    header_words(log, h);
    bkpsram_priv_window_open();
    rc = bkpsram_write_u32(log->cfg.offset, 0u);
    for (i = 0; i < log->slots && rc == BKPSRAM_OK; i++) {
        rc = bkpsram_write_u32(slot_off(log, i), 0u);
        if (rc == BKPSRAM_OK) {
            rc = bkpsram_write_u32(slot_off(log, i) + body, 0u);
        }
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write(log->cfg.offset + 4u, &h[1], 12u);
    }
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write_u32(log->cfg.offset, BKPSRAM_FMT_LOG_MAGIC);
    }
    bkpsram_priv_window_close();
    log->head = 0u;
    log->count = 0u;
    log->next_seq = 1u;
    log->state = rc == BKPSRAM_OK ? LOG_OPEN : LOG_CLOSED;
    return rc;
}

int bkpsram_log_open(bkpsram_log_t *log, const bkpsram_log_config_t *cfg)
{
    uint32_t h[4], want[4], size = bkpsram_size(), i, newest = 0u, best = 0u, ref = 0u, seq;
    int found = 0;

    if (log != NULL) {
        log->state = LOG_CLOSED; /* a failed open leaves a handle that every other call refuses */
        log->busy = 0u;
    }
    if (log == NULL || cfg == NULL || cfg->entry_size == 0u || cfg->entry_size > BKPSRAM_FMT_LOG_ENTRY_MAX ||
        (cfg->offset & 3u) != 0u) {
        return BKPSRAM_EINVAL;
    }
    if (size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (cfg->offset > size || cfg->span > size - cfg->offset) {
        return BKPSRAM_ERANGE;
    }
    if (cfg->span < BKPSRAM_LOG_SPAN(cfg->entry_size, 2u)) {
        return BKPSRAM_ENOSPC;
    }
    log->cfg = *cfg;
    log->slots = (uint16_t)((cfg->span - BKPSRAM_LOG_HEADER) / BKPSRAM_LOG_SLOT(cfg->entry_size));
    (void)bkpsram_read(cfg->offset, h, sizeof h);
    header_words(log, want);
    if (h[0] != BKPSRAM_FMT_LOG_MAGIC || (h[1] & 0xFFu) != BKPSRAM_FMT_LOG_FORMAT ||
        h[3] != bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 12u)) {
        return format_area(log); /* no log here yet: first use, VBAT lost, or damaged header */
    }
    if (h[1] != want[1] || h[2] != want[2]) {
        log->state = LOG_FOREIGN;
        return BKPSRAM_EVERSION;
    }
    /* Newest valid entry: sequence order relative to the first valid one (the kept entries span
     * fewer than 2^31 numbers, so this is wrap-safe; skipping 0 keeps the order). */
    for (i = 0; i < log->slots; i++) {
        if (slot_valid(log, i, &seq) != 0) {
            if ((found == 0) || (bkpsram_priv_seq_diff(seq, ref) > bkpsram_priv_seq_diff(best, ref))) {
                ref = found ? ref : seq;
                best = seq;
                newest = i;
            }
            found = 1;
        }
    }
    log->state = LOG_OPEN;
    if (!found) {
        log->head = 0u;
        log->count = 0u;
        log->next_seq = 1u;
        return BKPSRAM_OK;
    }
    /* Walk back through consecutive sequence numbers. */
    log->count = 1u;
    for (i = 1u; i < log->slots; i++) {
        uint32_t slot = (newest + log->slots - i) % log->slots;
        if (!slot_valid(log, slot, &seq) || seq != seq_back(best, i)) {
            break;
        }
        log->count++;
    }
    log->head = (uint16_t)((newest + 1u) % log->slots);
    log->next_seq = seq_next(best);
    return BKPSRAM_OK;
}

static int usable(const bkpsram_log_t *log)
{
    if (log == NULL || log->state == LOG_CLOSED) {
        return BKPSRAM_EINVAL;
    }
    if (bkpsram_size() == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    return log->state == LOG_FOREIGN ? BKPSRAM_EVERSION : BKPSRAM_OK;
}

/* Mark the handle busy (with interrupts masked): BKPSRAM_EBUSY when the code this interrupt
 * handler interrupted is appending to or clearing the same log. */
static int claim_log(bkpsram_log_t *log)
{
    uint32_t irq = bkpsram_port_irq_save();
    int rc = log->busy != 0u ? BKPSRAM_EBUSY : BKPSRAM_OK;
    log->busy = 1u;
    bkpsram_port_irq_restore(irq);
    return rc;
}

static int append(bkpsram_log_t *log, const void *entry)
{
    uint32_t off, crc, n;
    int rc;
    n = log->cfg.entry_size;
    off = slot_off(log, log->head);
    bkpsram_priv_window_open();
    /* one pass: sequence, entry, zero padding, each word stored, read back and fed to the CRC */
    rc = (bkpsram_priv_crc_store(off, &log->next_seq, 1u, (const uint8_t *)entry, 0u, n, &crc) != 0) ? BKPSRAM_OK
                                                                                                     : BKPSRAM_EWRITE;
    if (rc == BKPSRAM_OK) {
        rc = bkpsram_write_u32(off + 4u + bkpsram_priv_pad4(n), crc); /* commit */
    }
    bkpsram_priv_window_close();
    if (rc != BKPSRAM_OK) {
        /* the slot may be half written: if it held the oldest entry, that one is gone */
        if (log->count == log->slots) {
            log->count--;
        }
        return rc;
    }
    log->head = (uint16_t)((log->head + 1u) % log->slots);
    log->next_seq = seq_next(log->next_seq);
    if (log->count < log->slots) {
        log->count++;
    }
    return BKPSRAM_OK;
}

int bkpsram_log_append(bkpsram_log_t *log, const void *entry)
{
    int rc = usable(log);
    if (rc == BKPSRAM_OK && entry == NULL) {
        rc = BKPSRAM_EINVAL;
    }
    if (rc == BKPSRAM_OK) {
        rc = claim_log(log);
        if (rc == BKPSRAM_OK) {
            rc = append(log, entry);
            log->busy = 0u;
        }
    }
    return rc;
}

uint32_t bkpsram_log_count(const bkpsram_log_t *log)
{
    return (log != NULL && log->state == LOG_OPEN) ? log->count : 0u;
}

int bkpsram_log_read(const bkpsram_log_t *log, uint32_t index, void *entry)
{
    uint32_t slot, seq;
    int rc = usable(log);
    if (rc == BKPSRAM_OK && entry == NULL) {
        rc = BKPSRAM_EINVAL;
    }
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    if (index >= log->count) {
        return BKPSRAM_ENOENT;
    }
    slot = (log->head + log->slots - log->count + index) % log->slots;
    if (!slot_valid(log, slot, &seq) || seq != seq_back(log->next_seq, log->count - index)) {
        return BKPSRAM_ECORRUPT;
    }
    return bkpsram_read(slot_off(log, slot) + 4u, entry, log->cfg.entry_size);
}

int bkpsram_log_clear(bkpsram_log_t *log)
{
    int rc = usable(log);
    if (rc != BKPSRAM_OK && rc != BKPSRAM_EVERSION) {
        return rc;
    }
    rc = claim_log(log);
    if (rc == BKPSRAM_OK) {
        rc = format_area(log);
        log->busy = 0u;
    }
    return rc;
}

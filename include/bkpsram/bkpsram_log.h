/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_log.h
 * \brief A ring log of fixed-size entries in backup SRAM that survives resets and power cuts.
 *
 * Each entry carries a sequence number and a CRC written last. bkpsram_log_open() finds the
 * newest entry and walks back through consecutive sequence numbers after any reset. A power cut
 * during an append loses at most the entry being written (and, when the ring is full, the oldest
 * entry it was replacing). When the ring is full, the oldest entries are overwritten. The layout
 * is self-describing (header with magic, id and entry size; docs/format.md), so bkpsram-tool
 * decodes a dump without the firmware's source.
 */
#ifndef BKPSRAM_LOG_H
#define BKPSRAM_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "bkpsram/bkpsram.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Where the log lives. */
typedef struct {
    uint32_t offset;     /**< byte offset in backup SRAM, a multiple of 4 */
    uint32_t span;       /**< bytes of backup SRAM for header and entries */
    uint16_t id;         /**< log id (stored in the header) */
    uint16_t entry_size; /**< bytes per entry, 1..1024 */
} bkpsram_log_config_t;

/** \brief Log header bytes (docs/format.md). */
#define BKPSRAM_LOG_HEADER 16u
/** \brief Bytes one entry slot occupies: sequence, entry padded to 4, CRC. */
#define BKPSRAM_LOG_SLOT(entry_size) (8u + ((((uint32_t)(entry_size)) + 3u) & ~3u))
/** \brief Span needed for n entries. */
#define BKPSRAM_LOG_SPAN(entry_size, n) (BKPSRAM_LOG_HEADER + (uint32_t)(n) * BKPSRAM_LOG_SLOT(entry_size))

/** \brief State of an open log: caller-allocated, filled by bkpsram_log_open(); do not touch. */
typedef struct {
    bkpsram_log_config_t cfg; /**< the configuration it was opened with */
    uint32_t next_seq; /**< sequence number of the next append */
    uint16_t slots;    /**< entry slots in the span */
    uint16_t head;     /**< slot of the next append */
    uint16_t count;    /**< entries kept */
    uint8_t state;     /**< 0 closed, 1 open, 2 another log's header is there (clear to reuse) */
    uint8_t busy;      /**< 1 while an append or clear runs (an interrupting one gets BKPSRAM_EBUSY) */
} bkpsram_log_t;

/**
 * \brief Open the log: find the newest entry and count the kept ones.
 *
 * Any failure leaves the handle closed (append, read and clear refuse it). Creates the log
 * (header written, old slots invalidated) when no valid header is there (first use, VBAT lost).
 * May be called from an interrupt handler for a log the main line is not using (open initialises
 * the handle, so it cannot tell that one is in use: never reopen a handle from a handler). Cost: about 600
 * instructions for an empty 5-slot log, 1,070 when it formats (-Os, nibble CRC, make bench),
 * plus a CRC check per kept entry.
 * \param[out] log caller-allocated handle
 * \param cfg where the log lives (copied into the handle)
 * \return BKPSRAM_OK; BKPSRAM_EVERSION when a valid header of another log (id, entry size or
 *         span) is there: nothing is changed, append/read refuse, bkpsram_log_clear() takes the
 *         area over; BKPSRAM_EINVAL (NULL, entry_size 0 or > 1024, offset not a multiple of 4);
 *         BKPSRAM_ENOSPC (span smaller than BKPSRAM_LOG_SPAN(entry_size, 2)); BKPSRAM_ERANGE;
 *         BKPSRAM_ENOTINIT.
 */
int bkpsram_log_open(bkpsram_log_t *log, const bkpsram_log_config_t *cfg);

/**
 * \brief Append one entry (cfg.entry_size bytes); sequence numbers run 1..0xFFFFFFFF, then 1 again.
 *
 * When the ring is full the oldest entry is replaced. A power cut loses at most this entry (and
 * the oldest one it was replacing). May be called from an interrupt handler for a log the main
 * line is not using (software CRC engine); a handler that appends to or clears the log whose
 * append or clear it interrupted gets BKPSRAM_EBUSY and changes nothing. Cost: about 360 instructions for a 12-byte entry (-Os,
 * nibble CRC; 275 with the CRC unit; make bench): sequence, entry and padding in one pass, each
 * word stored, read back and fed to the CRC, then the CRC word.
 * \param log an open handle
 * \param entry cfg.entry_size bytes, any alignment
 * \return BKPSRAM_OK, BKPSRAM_EINVAL (NULL, not open, or its open failed), BKPSRAM_EVERSION,
 *         BKPSRAM_EWRITE (a write did not read back, e.g. PWR_CR.DBP cleared by an interrupt
 *         handler: the entry is not committed; when the ring was full, its oldest entry is gone);
 *         BKPSRAM_EBUSY (called from a handler that interrupted an append or clear of this handle:
 *         nothing written; the interrupted call completes as if alone).
 */
int bkpsram_log_append(bkpsram_log_t *log, const void *entry);

/**
 * \brief Entries kept. May be called from an interrupt handler; reads only the handle.
 * \param log a handle
 * \return the number of entries kept; 0 for NULL or a log that is not open.
 */
uint32_t bkpsram_log_count(const bkpsram_log_t *log);

/**
 * \brief Read entry index (0 = oldest kept) into entry; its CRC and sequence number are checked.
 *
 * May be called from an interrupt handler for a log the main line is not appending to.
 * \param log an open handle
 * \param index 0 (oldest kept) .. count - 1 (newest)
 * \param[out] entry cfg.entry_size bytes; written only on BKPSRAM_OK
 * \return BKPSRAM_OK; BKPSRAM_ENOENT (index >= count); BKPSRAM_ECORRUPT (the entry was damaged
 *         since open); BKPSRAM_EINVAL; BKPSRAM_EVERSION.
 */
int bkpsram_log_read(const bkpsram_log_t *log, uint32_t index, void *entry);

/**
 * \brief Drop every entry (and take over the area after BKPSRAM_EVERSION).
 *
 * The header's magic is zeroed first, so a power cut during clear leaves an empty log at the
 * next open. Main line, or a handler for a log the main line is not using.
 * \param log a handle opened with BKPSRAM_OK or BKPSRAM_EVERSION
 * \return BKPSRAM_OK, BKPSRAM_EINVAL (NULL or closed), BKPSRAM_ENOTINIT, BKPSRAM_EWRITE,
 *         BKPSRAM_EBUSY (from a handler that interrupted an append or clear of this handle).
 */
int bkpsram_log_clear(bkpsram_log_t *log);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_LOG_H */

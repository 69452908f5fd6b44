/**
 * \file bkpsram_record.h
 * \brief Records that survive any power cut: two slots (A/B), CRC last, highest valid sequence wins.
 *
 * A save writes the older (or invalid) slot, header and payload first and the CRC word last: the
 * aligned 32-bit store of the CRC commits it. A power cut at any point leaves either the old value
 * (the other slot is untouched) or the new one; never a mix, never garbage reported as valid.
 * Byte layout: docs/format.md. Records must not overlap each other or other data; check a layout
 * once with bkpsram_record_check_layout().
 */
#ifndef BKPSRAM_RECORD_H
#define BKPSRAM_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "bkpsram/bkpsram.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Where a record lives and what it holds. */
typedef struct {
    uint32_t offset;  /**< byte offset in backup SRAM, a multiple of 4 */
    uint16_t id;      /**< record id, distinct per record (stored, checked on load) */
    uint16_t version; /**< schema version of the payload (stored; another one gives BKPSRAM_EVERSION) */
    uint16_t size;    /**< payload bytes, 1..2028 (two slots must fit in 4096) */
} bkpsram_record_t;

#define BKPSRAM_RECORD_HEADER 16u /**< slot header bytes */
/** \brief Bytes one slot occupies: header, payload padded to 4, CRC. */
#define BKPSRAM_RECORD_SLOT(size) (BKPSRAM_RECORD_HEADER + ((((uint32_t)(size)) + 3u) & ~3u) + 4u)
/** \brief Bytes the record occupies in backup SRAM (two slots). */
#define BKPSRAM_RECORD_SPAN(size) (2u * BKPSRAM_RECORD_SLOT(size))

/**
 * \brief Save size bytes from data as the record's new value.
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (NULL, size 0, offset not a multiple of 4);
 *         BKPSRAM_ERANGE (the span does not fit); BKPSRAM_ENOTINIT.
 */
int bkpsram_record_save(const bkpsram_record_t *rec, const void *data);

/**
 * \brief Load the newest valid value into data (rec->size bytes); data is written only on BKPSRAM_OK.
 * \return BKPSRAM_OK; BKPSRAM_ENOENT (never saved, erased, or power-up content: no slot carries
 *         this record's magic and id); BKPSRAM_ECORRUPT (a slot carries them but no slot passes its
 *         CRC and size check); BKPSRAM_EVERSION (the newest valid slot has another schema version:
 *         load it with that version's descriptor to migrate); plus the argument errors of save.
 */
int bkpsram_record_load(const bkpsram_record_t *rec, void *data);

/** \brief Invalidate both slots: the next load gives BKPSRAM_ENOENT. */
int bkpsram_record_erase(const bkpsram_record_t *rec);

/**
 * \brief Check a set of records once (at start-up or in a test): every descriptor valid, inside
 *        size bytes of backup SRAM (size 0: 4096), distinct ids, no two spans overlapping.
 * \return BKPSRAM_OK, BKPSRAM_EINVAL (NULL, bad descriptor, duplicate id, overlap), BKPSRAM_ERANGE.
 */
int bkpsram_record_check_layout(const bkpsram_record_t *recs, size_t count, uint32_t size);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_RECORD_H */

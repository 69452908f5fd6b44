/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_record.h
 * \brief Records that survive any power cut: two slots (A/B), CRC last, highest valid sequence wins.
 *
 * A save writes the older (or invalid) slot, header and payload first and the CRC word last: the
 * aligned 32-bit store of the CRC commits it. A power cut at any point leaves either the old value
 * (the other slot is untouched) or the new one; never a mix, never garbage reported as valid.
 * Byte layout: docs/format.md. Records must not overlap each other or other data; check the whole
 * layout once with bkpsram_layout_check() (bkpsram_layout.h).
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

/** \brief Record slot header bytes (docs/format.md). */
#define BKPSRAM_RECORD_HEADER 16u
/** \brief Bytes one slot occupies: header, payload padded to 4, CRC. */
#define BKPSRAM_RECORD_SLOT(size) (BKPSRAM_RECORD_HEADER + ((((uint32_t)(size)) + 3u) & ~3u) + 4u)
/** \brief Bytes the record occupies in backup SRAM (two slots). */
#define BKPSRAM_RECORD_SPAN(size) (2u * BKPSRAM_RECORD_SLOT(size))

/** \brief What the newest valid slot of a record holds (bkpsram_record_info()). */
typedef struct {
    uint16_t version;  /**< schema version it was saved with */
    uint16_t size;     /**< payload bytes it was saved with */
    uint32_t sequence; /**< its sequence number */
    uint32_t offset;   /**< offset of the slot in backup SRAM */
} bkpsram_record_info_t;

/**
 * \brief Save rec->size bytes from data as the record's new value.
 *
 * Writes the slot that does not hold the newest valid value, whatever size and schema that value
 * was saved with; the CRC word, written last, commits. A power cut at any instant leaves the
 * previous value or the new one. When the newest value was saved with another size and both of
 * this size's slots overlap it (a record that shrinks), the value is first copied to its own other
 * slot; when that slot lies outside this descriptor's span, the record's other slots are retired
 * first and slot A is written over the value: a cut then leaves neither value (an error for both
 * descriptors), never an older one. Use bkpsram_record_migrate() to change size or schema: it
 * keeps one of the two values at every cut, finds an old value that this descriptor cannot see,
 * and retires the old slots.
 * May be called from an interrupt handler for a record the main line is not using at the same
 * time (software CRC engine). A record is known by its id: a handler that saves, migrates or
 * erases a record whose save, migrate or erase it interrupted gets BKPSRAM_EBUSY and writes
 * nothing, and the interrupted call completes as if alone (never two BKPSRAM_OK with the older
 * value left). Cost: about 2,700 instructions for a 256-byte save (-Os, nibble
 * CRC; 1,900 with the byte table, 960 with the CRC unit; make bench): the slot is written in one
 * pass, each word stored, read back and fed to the CRC (from a word-aligned buffer in blocks of 4
 * words: STM, LDM compare, CRC). The first save after a reset checks the newest slot's CRC first
 * (about 4,900 / 3,250 / 1,300). The slot this boot committed last is trusted by the next save
 * without a CRC pass while its header and CRC word read as written (a load always checks);
 * trade-off: a stray write into that slot's payload during the same boot goes unnoticed by that
 * save, and a power cut during it then leaves no valid value (never a wrong one).
 * \param rec the record's descriptor
 * \param data rec->size bytes, any alignment
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (NULL, size 0, offset not a multiple of 4);
 *         BKPSRAM_ERANGE (size > 2028, or the span does not fit); BKPSRAM_ENOTINIT; BKPSRAM_EWRITE (a write did
 *         not read back, e.g. PWR_CR.DBP cleared by an interrupt handler during the save: the new
 *         value is not committed, the previous one is kept; retry); BKPSRAM_ENOSPC (the old
 *         value could not be moved out of the way inside the record's span; nothing written);
 *         BKPSRAM_EBUSY (from an interrupt handler, while the interrupted code is saving,
 *         migrating or erasing a record with this id, or when more than 8 such calls are nested:
 *         nothing written; retry from the main line).
 */
int bkpsram_record_save(const bkpsram_record_t *rec, const void *data);

/**
 * \brief Save data as `to` and retire the value saved as `from` (same id; size, schema version and
 *        offset may differ): load the old value with `from`, convert it, migrate.
 *
 * The newest `from` value is never overwritten before the `to` value is committed (it is first
 * copied to its other slot when both `to` slots overlap it). At every instant one of these holds:
 * bkpsram_record_load(to) gives the new value, or bkpsram_record_load(from) gives the newest old
 * value. After the commit every old slot outside the new one is retired (magic word zeroed,
 * oldest first), so an old value cannot come back later. Context and cost as
 * bkpsram_record_save(), plus the copy and the retiring writes.
 * \param from the descriptor the old value was saved with
 * \param to the new descriptor (same id)
 * \param data to->size bytes, the converted value
 * \return as bkpsram_record_save(), with the argument checks applied to both descriptors;
 *         BKPSRAM_EINVAL also when the ids differ; BKPSRAM_ENOSPC when the two spans overlap so
 *         that no slot is free even after the copy (never for the same offset, nor for disjoint
 *         spans).
 */
int bkpsram_record_migrate(const bkpsram_record_t *from, const bkpsram_record_t *to, const void *data);

/**
 * \brief Load the newest valid value into data (rec->size bytes); data is written only on BKPSRAM_OK.
 *
 * Looks at the descriptor's two slots and at the slot B that slot A's header implies, and checks
 * the CRC of the newest first. May be called from an interrupt handler for a record the main line
 * is not saving at the same time (software CRC engine). Cost: about 2,550 instructions for 256 bytes
 * (-Os, nibble CRC; 1,700 with the byte table, 700 with the CRC unit; make bench): a CRC pass,
 * then the copy, so data is written only once the value is known good.
 * \param rec the record's descriptor
 * \param[out] data rec->size bytes, any alignment
 * \return BKPSRAM_OK; BKPSRAM_ENOENT (never saved, erased, or power-up content: no slot carries
 *         this record's magic and id); BKPSRAM_ECORRUPT (a slot carries them but no slot passes its
 *         CRC and length checks); BKPSRAM_EVERSION (the newest valid value was saved with another
 *         schema version or size: bkpsram_record_info() tells which; load it with that
 *         descriptor and migrate); plus the argument errors of save.
 */
int bkpsram_record_load(const bkpsram_record_t *rec, void *data);

/**
 * \brief Version, size and sequence of the newest valid value the descriptor sees, of any schema.
 *
 * Context and cost as bkpsram_record_load(), without the copy.
 * \param rec the record's descriptor (its version and size do not need to match the value)
 * \param[out] info filled in on BKPSRAM_OK
 * \return BKPSRAM_OK, BKPSRAM_ENOENT, BKPSRAM_ECORRUPT, and the argument errors of save.
 */
int bkpsram_record_info(const bkpsram_record_t *rec, bkpsram_record_info_t *info);

/**
 * \brief Invalidate every slot of the record (magic word to 0), the newest valid one last: a cut
 *        during the erase leaves the newest value or nothing, never an older one. The next load
 *        gives BKPSRAM_ENOENT.
 *
 * Context as bkpsram_record_save().
 * \param rec the record's descriptor
 * \return BKPSRAM_OK, BKPSRAM_EWRITE, BKPSRAM_EBUSY (as save), and the argument errors of save.
 */
int bkpsram_record_erase(const bkpsram_record_t *rec);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_RECORD_H */

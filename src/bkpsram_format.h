/* SPDX-License-Identifier: MIT */
/*
 * Format constants of everything bkpsram keeps in backup SRAM (docs/format.md), in one place for
 * the library and for bkpsram-tool. Not part of the API. Changing a value here changes the
 * on-memory format: bump the format version it belongs to and document it in docs/format.md.
 */
#ifndef BKPSRAM_FORMAT_H
#define BKPSRAM_FORMAT_H

#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_section.h"

/* Record slot: magic, format (u8), reserved, id (u16), schema version (u16), length (u16),
 * sequence (u32), payload padded to 4, CRC (u32). Header bytes: BKPSRAM_RECORD_HEADER. */
#define BKPSRAM_FMT_RECORD_MAGIC   0x43524B42u /* "BKRC" little-endian */
#define BKPSRAM_FMT_RECORD_FORMAT  1u
#define BKPSRAM_FMT_RECORD_LEN_MAX 2028u       /* two slots of 2028 + 20 bytes fill 4096 */

/* Log header: magic, format (u8), reserved, id (u16), entry size (u16), slots (u16), CRC (u32)
 * over bytes 0..11. Header bytes: BKPSRAM_LOG_HEADER. Entry slot: sequence, entry, CRC. */
#define BKPSRAM_FMT_LOG_MAGIC     0x474C4B42u /* "BKLG" */
#define BKPSRAM_FMT_LOG_FORMAT    1u
#define BKPSRAM_FMT_LOG_ENTRY_MAX 1024u

/* Section header: magic, layout version (u32), data size (u16), bss size (u16), noinit size
 * (u16), format (u8), reserved, CRC (u32) over bytes 0..15. Header bytes: BKPSRAM_SECTION_HEADER. */
#define BKPSRAM_FMT_SECTION_MAGIC  0x53534B42u /* "BKSS" */
#define BKPSRAM_FMT_SECTION_FORMAT 1u

/* Reboot area (bkpsram_reboot.h): pending block = magic, 25 body words (bkpsram_fault_t), CRC
 * over the body; the magic is written last, and replaced by DONE once the block is counted.
 * The report is a record of BKPSRAM_FMT_REPORT_SIZE bytes (bkpsram_reboot_report_t). */
#define BKPSRAM_FMT_PENDING_MAGIC 0x50524B42u /* "BKRP" */
#define BKPSRAM_FMT_PENDING_DONE  0x44524B42u /* "BKRD" */
#define BKPSRAM_FMT_PENDING_WORDS 25u
#define BKPSRAM_FMT_REPORT_SIZE   128u

#endif /* BKPSRAM_FORMAT_H */

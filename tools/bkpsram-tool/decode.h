/* SPDX-License-Identifier: MIT */
/* bkpsram-tool: finding records, logs and the section header in an image, and entry fields. */
#ifndef BKT_DECODE_H
#define BKT_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "dump.h"

#define BKT_MAX_FOUND 64
#define BKT_MAX_FIELDS 32

typedef struct {
    uint32_t offset;        /* first slot found */
    uint16_t id, version, size;
    uint32_t seq[2];        /* sequence of slot A and B (0: none) */
    int valid[2];           /* slot passes its CRC */
    int rc;                 /* bkpsram_record_load() with the newest slot's schema version */
} bkt_record_t;

typedef struct {
    uint32_t offset, span;
    uint16_t id, entry_size, slots;
    uint32_t count;
} bkt_log_t;

typedef struct {
    uint32_t offset, layout_version, data_size, bss_size, noinit_size;
} bkt_section_t;

typedef struct {
    bkt_record_t records[BKT_MAX_FOUND];
    bkt_log_t logs[BKT_MAX_FOUND];
    bkt_section_t sections[BKT_MAX_FOUND];
    size_t nrecords, nlogs, nsections;
} bkt_found_t;

/* Find every self-describing structure, judged by the library itself (run over the image in the
 * behavioural model, read-only). */
void bkt_scan(const uint8_t image[BKT_SIZE], bkt_found_t *found);

/* Read entry index of a log found by bkt_scan in the image scanned last. 0 or a bkpsram error. */
int bkt_log_entry(const bkt_log_t *log, uint32_t index, uint8_t *entry);

typedef enum { F_U8, F_U16, F_U32, F_U64, F_I8, F_I16, F_I32, F_I64, F_F32, F_F64 } bkt_type_t;

typedef struct {
    char name[32];
    bkt_type_t type;
    uint32_t offset, size;
} bkt_field_t;

/* Parse "t:u32,temp:f32,..." (types u8 u16 u32 u64 i8 i16 i32 i64 f32 f64, packed little-endian
 * in order) for entries of entry_size bytes. NULL spec: the entry as u32 words (w0, w1, ...) and
 * trailing u8 bytes. Returns the number of fields, or -1 with a message. */
int bkt_fields(const char *spec, uint32_t entry_size, bkt_field_t *fields, char *err, size_t errlen);

/* A field's value as text (CSV/JSON) and as a number (plots). */
void bkt_field_text(const bkt_field_t *f, const uint8_t *entry, char *out, size_t outlen);
double bkt_field_value(const bkt_field_t *f, const uint8_t *entry);

#endif

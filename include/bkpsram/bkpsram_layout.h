/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_layout.h
 * \brief One check for everything an application places in backup SRAM: records, logs, the
 *        linker-section region and raw areas, in one table.
 *
 * \code
 * static const bkpsram_area_t layout[] = {
 *     BKPSRAM_AREA_SECTION("section variables", 0u, 1024u),   // the BKPSRAM MEMORY region
 *     BKPSRAM_AREA_RECORD("settings", settings_rec),
 *     BKPSRAM_AREA_LOG("samples", samples_cfg),
 * };
 * bkpsram_layout_report_t why;
 * if (bkpsram_layout_check(layout, 3u, 0u, &why) != BKPSRAM_OK) {
 *     printf("%s and %s: %s\n", why.first_name, why.second_name, bkpsram_layout_problem_name(why.problem));
 * }
 * \endcode
 *
 * Run it once, at start-up or in a unit test: it reads no register and no backup SRAM byte, so
 * it works before bkpsram_init(), on the host and from any context.
 */
#ifndef BKPSRAM_LAYOUT_H
#define BKPSRAM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \brief What an area of the layout holds. */
typedef enum {
    BKPSRAM_AREA_KIND_RECORD = 1,  /**< a record (two slots, BKPSRAM_RECORD_SPAN bytes) */
    BKPSRAM_AREA_KIND_LOG = 2,     /**< a ring log (its configured span) */
    BKPSRAM_AREA_KIND_SECTION = 3, /**< the region of the linker section (header and variables) */
    BKPSRAM_AREA_KIND_RAW = 4      /**< bytes the application reads and writes itself */
} bkpsram_area_kind_t;

/** \brief One entry of a layout table; build it with the BKPSRAM_AREA_... macros. */
typedef struct {
    const char *name;                /**< shown in the report, e.g. "settings" */
    bkpsram_area_kind_t kind;        /**< what the area holds */
    const bkpsram_record_t *record;  /**< BKPSRAM_AREA_KIND_RECORD: its descriptor */
    const bkpsram_log_config_t *log; /**< BKPSRAM_AREA_KIND_LOG: its configuration */
    uint32_t offset;                 /**< SECTION and RAW: first byte */
    uint32_t size;                   /**< SECTION and RAW: bytes */
} bkpsram_area_t;

/** \brief A record descriptor (a bkpsram_record_t object) as a layout entry. */
#define BKPSRAM_AREA_RECORD(name, rec) {(name), BKPSRAM_AREA_KIND_RECORD, &(rec), NULL, 0u, 0u}
/** \brief A log configuration (a bkpsram_log_config_t object) as a layout entry. */
#define BKPSRAM_AREA_LOG(name, cfg) {(name), BKPSRAM_AREA_KIND_LOG, NULL, &(cfg), 0u, 0u}
/** \brief The linker section's region (the BKPSRAM MEMORY region: offset and size multiples of 4). */
#define BKPSRAM_AREA_SECTION(name, offset, size) {(name), BKPSRAM_AREA_KIND_SECTION, NULL, NULL, (offset), (size)}
/** \brief Bytes the application uses directly with bkpsram_read()/bkpsram_write() (any alignment). */
#define BKPSRAM_AREA_RAW(name, offset, size) {(name), BKPSRAM_AREA_KIND_RAW, NULL, NULL, (offset), (size)}

/** \brief The first problem bkpsram_layout_check() found. */
typedef enum {
    BKPSRAM_LAYOUT_OK = 0,            /**< no problem */
    BKPSRAM_LAYOUT_BAD_AREA = 1,      /**< an area is invalid by itself: unknown kind, NULL
                                           descriptor, record size 0 or > 2028, log entry size 0 or
                                           > 1024 or span below two entries, size 0 */
    BKPSRAM_LAYOUT_MISALIGNED = 2,    /**< a record, log or section offset (or section size) is not
                                           a multiple of 4 */
    BKPSRAM_LAYOUT_OUT_OF_BOUNDS = 3, /**< an area does not fit in the backup SRAM */
    BKPSRAM_LAYOUT_DUPLICATE_ID = 4,  /**< two records, or two logs, have the same id */
    BKPSRAM_LAYOUT_OVERLAP = 5        /**< two areas share bytes */
} bkpsram_layout_problem_t;

/** \brief Which areas, and why (bkpsram_layout_check()). */
typedef struct {
    bkpsram_layout_problem_t problem; /**< BKPSRAM_LAYOUT_OK when the layout is fine */
    size_t first;                     /**< index of the (later) area with the problem */
    size_t second;                    /**< index of the other area (== first for one-area problems) */
    const char *first_name;           /**< name of areas[first] ("" when unnamed, NULL when OK) */
    const char *second_name;          /**< name of areas[second] ("" when unnamed, NULL when OK) */
    uint32_t first_start;             /**< bytes [first_start, first_end) of areas[first] */
    uint32_t first_end;               /**< end of areas[first] (start + span) */
    uint32_t second_start;            /**< bytes [second_start, second_end) of areas[second] */
    uint32_t second_end;              /**< end of areas[second] */
} bkpsram_layout_report_t;

/**
 * \brief Check a layout: every area valid, aligned and inside the memory, record ids distinct
 *        among records and log ids among logs, and no two areas sharing a byte.
 *
 * Areas are checked in table order, each against the ones before it; the first problem is
 * reported. Touches no register and no backup SRAM byte; may be called before bkpsram_init(),
 * from an interrupt handler, and on the host. Cost: O(count^2) comparisons.
 * \param areas the table (may be NULL only when count is 0)
 * \param count entries in the table
 * \param size bytes of backup SRAM to check against; 0 means 4096
 * \param[out] report the first problem and the two areas it concerns; may be NULL
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (NULL table with count > 0, a bad or misaligned area,
 *         a duplicate id, an overlap); BKPSRAM_ERANGE (an area outside the memory).
 */
int bkpsram_layout_check(const bkpsram_area_t *areas, size_t count, uint32_t size, bkpsram_layout_report_t *report);

/**
 * \brief A short text for a problem, e.g. "overlap".
 * \param problem a bkpsram_layout_problem_t value
 * \return a constant string; "unknown" for a value outside the enumeration; never NULL.
 */
const char *bkpsram_layout_problem_name(bkpsram_layout_problem_t problem);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_LAYOUT_H */

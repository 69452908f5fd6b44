/* SPDX-License-Identifier: MIT */
/* Helpers shared by the ring-log host tests: entry values, appends, and the exact content check. */
#ifndef BKPSRAM_TEST_LOG_UTIL_H
#define BKPSRAM_TEST_LOG_UTIL_H

#include "fixture.h"

#include "bkpsram/bkpsram_log.h"

#define ENTRY 12u
#define SLOTS 5u
static const bkpsram_log_config_t CFG = {1024u, BKPSRAM_LOG_SPAN(ENTRY, SLOTS), 3u, ENTRY};

static void entry_of(uint32_t v, uint8_t e[ENTRY])
{
    uint32_t i;
    for (i = 0; i < ENTRY; i++) {
        e[i] = (uint8_t)(v * 17u + i);
    }
}

/* The log holds exactly values first..last (oldest first), and nothing after them. */
static void assert_holds(bkpsram_log_t *log, uint32_t first, uint32_t last)
{
    uint8_t got[ENTRY], want[ENTRY];
    uint32_t i, n = last >= first ? last - first + 1u : 0u;
    if (bkpsram_log_count(log) != n) {
        fail_msg("count %u, expected %u (values %u..%u)", bkpsram_log_count(log), n, first, last);
    }
    for (i = 0; i < n; i++) {
        assert_int_equal(bkpsram_log_read(log, i, got), BKPSRAM_OK);
        entry_of(first + i, want);
        assert_memory_equal(got, want, ENTRY);
    }
    assert_int_equal(bkpsram_log_read(log, n, got), BKPSRAM_ENOENT);
}

static void append_values(bkpsram_log_t *log, uint32_t from, uint32_t to)
{
    uint8_t e[ENTRY];
    for (; from <= to; from++) {
        entry_of(from, e);
        assert_int_equal(bkpsram_log_append(log, e), BKPSRAM_OK);
    }
}

#endif

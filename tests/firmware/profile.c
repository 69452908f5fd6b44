/* SPDX-License-Identifier: MIT */
/*
 * What each kind of user links (make size, scripts/profile_size.py): PROFILE 0 no library call
 * (the baseline), 1 the seed's API (init, 8/16/32-bit and float reads and writes), 2 + a record,
 * 3 + a ring log, 4 + reboot tracking with the fault handler. Values come from and go to
 * volatile variables, so nothing is folded away.
 */
#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_reboot.h"
#include "bkpsram/bkpsram_record.h"
#include "board.h"

volatile uint32_t profile_in = 0x100u, profile_out;

#if PROFILE >= 4
BKPSRAM_FAULT_HANDLERS();
#endif

int main(void)
{
#if PROFILE >= 1
    uint8_t b = 0u;
    uint16_t h = 0u;
    uint32_t w = 0u;
    float f = 0.0f;
    int rc = bkpsram_init(NULL);
    rc |= bkpsram_write_u8(profile_in, (uint8_t)profile_in) | bkpsram_read_u8(profile_in, &b);
    rc |= bkpsram_write_u16(profile_in, (uint16_t)profile_in) | bkpsram_read_u16(profile_in, &h);
    rc |= bkpsram_write_u32(profile_in, profile_in) | bkpsram_read_u32(profile_in, &w);
    rc |= bkpsram_write_float(profile_in, (float)profile_in) | bkpsram_read_float(profile_in, &f);
    profile_out = (uint32_t)rc + b + h + w + (uint32_t)f;
#endif
#if PROFILE >= 2
    {
        static const bkpsram_record_t rec = {1024u, 1u, 1u, 16u};
        uint8_t v[16] = {0};
        profile_out += (uint32_t)bkpsram_record_save(&rec, v) + (uint32_t)bkpsram_record_load(&rec, v);
    }
#endif
#if PROFILE >= 3
    {
        static const bkpsram_log_config_t cfg = {2048u, BKPSRAM_LOG_SPAN(8u, 16u), 2u, 8u};
        static bkpsram_log_t log;
        uint8_t e[8] = {0};
        profile_out += (uint32_t)bkpsram_log_open(&log, &cfg) + (uint32_t)bkpsram_log_append(&log, e) +
                       (uint32_t)bkpsram_log_read(&log, 0u, e) + bkpsram_log_count(&log);
    }
#endif
#if PROFILE >= 4
    {
        bkpsram_reboot_report_t r;
        profile_out += (uint32_t)bkpsram_reboot_boot(&r) + (uint32_t)bkpsram_reboot_checkpoint(profile_in);
    }
#endif
    for (;;) {
    }
}

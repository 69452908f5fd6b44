/* SPDX-License-Identifier: MIT */
/* The model tests' bus: one model, 32-bit reads and writes as a CPU makes them. */
#ifndef BKM_TEST_BUS_H
#define BKM_TEST_BUS_H

#include "bkpsram_model.h"

static bkm_t m;

static uint32_t rd(uint32_t addr)
{
    uint32_t v = 0xDEADBEEFu;
    (void)bkm_read(&m, addr, 4u, &v);
    return v;
}

static void wr(uint32_t addr, uint32_t v)
{
    (void)bkm_write(&m, addr, 4u, v);
}

#endif

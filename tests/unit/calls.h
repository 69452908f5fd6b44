/* SPDX-License-Identifier: MIT */
/* One public call per entry, for table-driven tests of bad input: each runs against a snapshot
 * of the model and must leave it byte-for-byte unchanged. */
#ifndef BKPSRAM_TEST_CALLS_H
#define BKPSRAM_TEST_CALLS_H

#include "fixture.h"

typedef enum {
    OP_READ, OP_WRITE, OP_MEMSET,
    OP_R8, OP_R16, OP_R32, OP_R64, OP_RF, OP_RD,
    OP_W8, OP_W16, OP_W32, OP_W64, OP_WF, OP_WD,
    OP_FILL8, OP_FILL16, OP_FILL32,
    OP_UNLOCK, OP_LOCK, OP_RETENTION, OP_DEINIT, OP_IDENTIFY, OP_INIT_BAD_CONFIG,
    OP_COUNT
} op_t;

typedef struct {
    op_t op;
    uint32_t off;
    size_t len;
    int null; /* pass NULL for the pointer argument */
    int rc;   /* expected result */
} call_t;

static const char *const op_name[OP_COUNT] = {
    "read", "write", "memset", "read_u8", "read_u16", "read_u32", "read_u64", "read_float",
    "read_double", "write_u8", "write_u16", "write_u32", "write_u64", "write_float", "write_double",
    "fill_u8", "fill_u16", "fill_u32", "unlock", "lock", "set_retention", "deinit", "identify",
    "init(bad config)",
};

static int run_call(const call_t *c)
{
    static uint8_t buf[16];
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t q;
    float f;
    double d;
    bkpsram_config_t bad = {2u, 1u, 0u, 0u};
    switch (c->op) {
    case OP_READ: return bkpsram_read(c->off, c->null ? NULL : buf, c->len);
    case OP_WRITE: return bkpsram_write(c->off, c->null ? NULL : buf, c->len);
    case OP_MEMSET: return bkpsram_memset(c->off, 0x42u, c->len);
    case OP_R8: return bkpsram_read_u8(c->off, c->null ? NULL : &b);
    case OP_R16: return bkpsram_read_u16(c->off, c->null ? NULL : &h);
    case OP_R32: return bkpsram_read_u32(c->off, c->null ? NULL : &w);
    case OP_R64: return bkpsram_read_u64(c->off, c->null ? NULL : &q);
    case OP_RF: return bkpsram_read_float(c->off, c->null ? NULL : &f);
    case OP_RD: return bkpsram_read_double(c->off, c->null ? NULL : &d);
    case OP_W8: return bkpsram_write_u8(c->off, 1u);
    case OP_W16: return bkpsram_write_u16(c->off, 1u);
    case OP_W32: return bkpsram_write_u32(c->off, 1u);
    case OP_W64: return bkpsram_write_u64(c->off, 1u);
    case OP_WF: return bkpsram_write_float(c->off, 1.0f);
    case OP_WD: return bkpsram_write_double(c->off, 1.0);
    case OP_FILL8: return bkpsram_fill_u8(1u);
    case OP_FILL16: return bkpsram_fill_u16(1u);
    case OP_FILL32: return bkpsram_fill_u32(1u);
    case OP_UNLOCK: return bkpsram_unlock();
    case OP_LOCK: return bkpsram_lock();
    case OP_RETENTION: return bkpsram_set_retention(1);
    case OP_DEINIT: return bkpsram_deinit();
    case OP_IDENTIFY: return bkpsram_identify(NULL);
    default: return bkpsram_init(&bad);
    }
}

/* Run each call; check its code and that the model did not change at all. */
static void run_calls_unchanged(const call_t *calls, size_t n)
{
    static bkm_t before;
    size_t i;
    for (i = 0; i < n; i++) {
        int rc;
        memcpy(&before, &M, sizeof M);
        rc = run_call(&calls[i]);
        if (rc != calls[i].rc) {
            fail_msg("case %zu: %s(offset %u, len %zu%s) returned %d (%s), expected %d", i,
                     op_name[calls[i].op], calls[i].off, calls[i].len, calls[i].null ? ", NULL" : "", rc,
                     bkpsram_strerror(rc), calls[i].rc);
        }
        if (memcmp(&before, &M, sizeof M) != 0) {
            fail_msg("case %zu: %s changed the model", i, op_name[calls[i].op]);
        }
    }
}

/* Every call with valid arguments, as made before a successful init: all BKPSRAM_ENOTINIT. */
static const call_t calls_not_init[] = {
    {OP_READ, 0u, 1u, 0, BKPSRAM_ENOTINIT},  {OP_WRITE, 0u, 1u, 0, BKPSRAM_ENOTINIT},
    {OP_MEMSET, 0u, 1u, 0, BKPSRAM_ENOTINIT}, {OP_R8, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_R16, 0u, 0u, 0, BKPSRAM_ENOTINIT},   {OP_R32, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_R64, 0u, 0u, 0, BKPSRAM_ENOTINIT},   {OP_RF, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_RD, 0u, 0u, 0, BKPSRAM_ENOTINIT},    {OP_W8, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_W16, 0u, 0u, 0, BKPSRAM_ENOTINIT},   {OP_W32, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_W64, 0u, 0u, 0, BKPSRAM_ENOTINIT},   {OP_WF, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_WD, 0u, 0u, 0, BKPSRAM_ENOTINIT},    {OP_FILL8, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_FILL16, 0u, 0u, 0, BKPSRAM_ENOTINIT}, {OP_FILL32, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_UNLOCK, 0u, 0u, 0, BKPSRAM_ENOTINIT}, {OP_LOCK, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    {OP_RETENTION, 0u, 0u, 0, BKPSRAM_ENOTINIT}, {OP_DEINIT, 0u, 0u, 0, BKPSRAM_ENOTINIT},
    /* a NULL pointer is reported first, whatever the state */
    {OP_READ, 0u, 1u, 1, BKPSRAM_EINVAL},    {OP_WRITE, 0u, 1u, 1, BKPSRAM_EINVAL},
    {OP_R32, 0u, 0u, 1, BKPSRAM_EINVAL},     {OP_IDENTIFY, 0u, 0u, 1, BKPSRAM_EINVAL},
    {OP_INIT_BAD_CONFIG, 0u, 0u, 0, BKPSRAM_EINVAL},
};

#endif

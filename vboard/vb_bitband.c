/* SPDX-License-Identifier: MIT */
/*
 * Bit-band (ARMv7-M B3.2, Cortex-M3/M4): every word of the alias regions 0x22000000 (SRAM) and
 * 0x42000000 (peripherals) is one bit of the target region 0x20000000 / 0x40000000:
 *   target byte = base + (alias offset / 32), bit = (alias offset / 4) % 8.
 * A read returns the bit; a write is an atomic read-modify-write of the target at the access
 * size, through the same path as a normal access (so the model's rules apply to RCC and PWR:
 * the HAL's DBP and BRE writes at 0x420E0020 and 0x420E00A4 land in PWR_CR and PWR_CSR).
 */
#include "vb_internal.h"

#define SRAM_ALIAS   0x22000000u
#define PERIPH_ALIAS 0x42000000u

/* The target: aligned address of `size` bytes holding the bit, and the bit's position in it. */
static uint32_t target(uint32_t base, uint64_t off, unsigned size, unsigned *bit)
{
    uint32_t byte = base + (uint32_t)(off >> 5), aligned = byte & ~(uint32_t)(size - 1u);
    *bit = 8u * (byte - aligned) + (unsigned)((off >> 2) & 7u);
    return aligned;
}

static uint32_t sram_word(vboard_t *vb, uint32_t addr, unsigned size, int write, uint32_t v)
{
    uint8_t *p = vb->sram + (addr - SRAM_BASE);
    uint32_t old = 0u;
    unsigned i;
    for (i = 0; i < size; i++) {
        old |= (uint32_t)p[i] << (8u * i);
        if (write) {
            p[i] = (uint8_t)(v >> (8u * i));
        }
    }
    return old;
}

static uint64_t alias_read(vboard_t *vb, uint32_t base, uint64_t off, unsigned size)
{
    unsigned bit;
    uint32_t t = target(base, off, size, &bit), v;
    v = base == SRAM_BASE ? sram_word(vb, t, size, 0, 0u) : (uint32_t)vb_periph_read(vb->uc, t - PERIPH_BASE, size, vb);
    return (v >> bit) & 1u;
}

static void alias_write(vboard_t *vb, uint32_t base, uint64_t off, unsigned size, uint64_t value)
{
    unsigned bit;
    uint32_t t = target(base, off, size, &bit), v;
    v = base == SRAM_BASE ? sram_word(vb, t, size, 0, 0u) : (uint32_t)vb_periph_read(vb->uc, t - PERIPH_BASE, size, vb);
    v = (v & ~(1u << bit)) | ((uint32_t)(value & 1u) << bit);
    if (base == SRAM_BASE) {
        (void)sram_word(vb, t, size, 1, v);
    } else {
        vb_periph_write(vb->uc, t - PERIPH_BASE, size, v, vb);
    }
}

static uint64_t on_alias_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    const vb_alias_t *a = ud;
    (void)uc;
    return alias_read(a->vb, a->base, off, size);
}

static void on_alias_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    const vb_alias_t *a = ud;
    (void)uc;
    alias_write(a->vb, a->base, off, size, value);
}

/* Map both alias regions over the board's SRAM (its first 1 MB) and the modelled peripherals. */
uc_err vb_bitband_map(vboard_t *vb)
{
    uint32_t sram = vb->board->sram_size < (1u << 20) ? vb->board->sram_size : (1u << 20);
    uc_err e;
    vb->alias[0] = (vb_alias_t){vb, SRAM_BASE};
    vb->alias[1] = (vb_alias_t){vb, PERIPH_BASE};
    e = uc_mmio_map(vb->uc, SRAM_ALIAS, (uint64_t)sram * 32u, on_alias_read, &vb->alias[0], on_alias_write, &vb->alias[0]);
    if (e == UC_ERR_OK) {
        e = uc_mmio_map(vb->uc, PERIPH_ALIAS, (uint64_t)PERIPH_SIZE * 32u, on_alias_read, &vb->alias[1], on_alias_write,
                        &vb->alias[1]);
    }
    return e;
}

/* SPDX-License-Identifier: MIT */
/*
 * The library's host port: its register and backup SRAM accesses go to the bound model.
 * An access without a bound model is a programming error of the test, reported loudly.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bkpsram_model.h"
#include "port/bkpsram_port.h"

static bkm_t *bound;

void bkm_bind(bkm_t *m)
{
    bound = m;
}

static bkm_t *model(void)
{
    if (bound == NULL) {
        fprintf(stderr, "bkpsram host port: no model bound (call bkm_bind)\n");
        abort();
    }
    return bound;
}

void bkm_irq_after_accesses(bkm_t *m, uint32_t n, void (*fn)(void *ctx), void *ctx)
{
    m->irq_after = n;
    m->irq_accesses = 0u;
    m->irq_pending = 0u;
    m->irq_fired = 0u;
    m->irq_fn = fn;
    m->irq_ctx = ctx;
}

static uint32_t irq_depth; /* injected handlers running (bkpsram_port_context) */

static void irq_fire(bkm_t *m)
{
    m->irq_pending = 0u;
    m->irq_fired = 1u;
    irq_depth++;
    m->irq_fn(m->irq_ctx);
    irq_depth--;
}

uint32_t bkpsram_port_context(void)
{
    return irq_depth == 0u ? 0u : 15u + irq_depth; /* as if SysTick and above: any non-zero IPSR */
}

/* Count one access; raise the injected interrupt at the armed count (pending while masked). */
static void irq_tick(bkm_t *m)
{
    if (m->irq_after == 0u || ++m->irq_accesses != m->irq_after) {
        return;
    }
    m->irq_after = 0u;
    if (m->irq_masked != 0u) {
        m->irq_pending = 1u;
    } else {
        irq_fire(m);
    }
}

static uint32_t rd(uint32_t addr, unsigned size)
{
    uint32_t v;
    (void)bkm_read(model(), addr, size, &v);
    irq_tick(model());
    return v;
}

static void wr(uint32_t addr, unsigned size, uint32_t value)
{
    (void)bkm_write(model(), addr, size, value);
    irq_tick(model());
}

uint32_t bkpsram_port_rd32(uint32_t addr) { return rd(addr, 4u); }
uint16_t bkpsram_port_rd16(uint32_t addr) { return (uint16_t)rd(addr, 2u); }
uint8_t bkpsram_port_rd8(uint32_t addr) { return (uint8_t)rd(addr, 1u); }
void bkpsram_port_wr32(uint32_t addr, uint32_t value) { wr(addr, 4u, value); }
void bkpsram_port_wr16(uint32_t addr, uint16_t value) { wr(addr, 2u, value); }
void bkpsram_port_wr8(uint32_t addr, uint8_t value) { wr(addr, 1u, value); }

uint32_t bkpsram_port_irq_save(void)
{
    return model()->irq_masked++;
}

void bkpsram_port_irq_restore(uint32_t state)
{
    bkm_t *m = model();
    m->irq_masked = state;
    if (state == 0u && m->irq_pending) {
        irq_fire(m);
    }
}

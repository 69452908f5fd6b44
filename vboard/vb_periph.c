/* SPDX-License-Identifier: MIT */
/* The peripheral bus: the model's registers and backup SRAM, GPIO, USART2, ADC1, other RCC registers. */
#include <stdio.h>
#include <string.h>

#include "vb_internal.h"

/* Model access; a violation is recorded, a fault stops the run. */
uint32_t vb_model_access(vboard_t *vb, uint32_t addr, unsigned size, int write, uint32_t value)
{
    uint32_t v = 0;
    int st;
    if (write && vb->fault_pending) {
        return 0u; /* the store of a faulting instruction (e.g. an unaligned VSTR split in bytes) */
    }
    st = write ? bkm_write(&vb->model, addr, size, value) : bkm_read(&vb->model, addr, size, &v);
    if (st != 0) {
        vb->last_pc = vb_current_pc(vb);
        snprintf(vb->res->violation, sizeof vb->res->violation, "%s: %s of %u bytes at 0x%08X, pc 0x%08X",
                 bkm_violation_name(vb->model.last_kind), write ? "write" : "read", size, addr, vb->last_pc);
        if (st == 2) {
            vb_fault_exc(vb, 5u, (1u << 9) | (1u << 15), addr, "bus fault (%s): %s of %u bytes at 0x%08X by %s",
                         bkm_violation_name(vb->model.last_kind), write ? "write" : "read", size, addr,
                         vb_insn_name(vb, vb->last_pc));
        }
    }
    if (write && vb->model.cut) {
        vb_stop(vb, VBOARD_POWER_CUT);
    } else if (write && vb->snaps != NULL && bkm_is_store(&vb->model, addr)) {
        if (*vb->snaps_count < vb->snaps_max) {
            vb->snaps[(*vb->snaps_count)++] = vb->model; /* the backup domain right after this write */
        }
    }
    return v;
}

/* The internal temperature sensor, as a deterministic synthetic signal: a triangle between 20.0
 * and 27.5 degC in 0.5 degC steps, one step per conversion. Converted with the F40x datasheet
 * figures (V25 = 0.76 V, 2.5 mV/degC, VREF+ = 3.3 V, 12 bits). */
static uint32_t adc_sample(vboard_t *vb)
{
    uint32_t n = vb->adc_samples++ % 30u, half_degrees = 40u + (n < 15u ? n : 30u - n);
    double mv = 760.0 + ((double)half_degrees * 0.5 - 25.0) * 2.5;
    return (uint32_t)(mv * 4095.0 / 3300.0 + 0.5);
}

/* A sub-word write of v at addr merged into the register's old value. */
static uint32_t merge(uint32_t old, uint32_t addr, unsigned size, uint32_t v)
{
    uint32_t shift = 8u * (addr & 3u), mask = (size >= 4u ? 0xFFFFFFFFu : ((1u << (8u * size)) - 1u)) << shift;
    return (old & ~mask) | ((v << shift) & mask);
}

/* GPIO (RM0090 8.4): ten registers per port, byte, halfword and word accesses. BSRR's low half
 * sets ODR bits, its high half resets them (a halfword store at BSRR + 2 is the SPL's BSRRH);
 * IDR is read-only (it reads back ODR: no pin is driven from outside); LCKR is not modelled. */
static uint32_t gpio_read(vboard_t *vb, uint32_t addr)
{
    uint32_t port = (addr - vb->board->soc->gpio_base) >> 10, reg = (addr & 0x3FFu) >> 2;
    uint32_t v = reg == 4u ? vb->gpio[port][5] : reg < 10u && reg != 6u ? vb->gpio[port][reg] : 0u;
    return v >> (8u * (addr & 3u));
}

static void gpio_write(vboard_t *vb, uint32_t addr, unsigned size, uint32_t v)
{
    uint32_t port = (addr - vb->board->soc->gpio_base) >> 10, reg = (addr & 0x3FFu) >> 2;
    if (reg == 6u) {
        uint32_t bits = merge(0u, addr, size, v);
        vb->gpio[port][5] = (vb->gpio[port][5] | (bits & 0xFFFFu)) & ~(bits >> 16);
    } else if (reg < 10u && reg != 4u) {
        vb->gpio[port][reg] = merge(vb->gpio[port][reg], addr, size, v);
    }
}

static void console_put(vboard_t *vb, char c);

/* USART2 in the board's layout: the transmitter is always ready (TXE | TC); a byte written to the
 * data register with UE set is console output. */
static uint32_t usart_read(vboard_t *vb, uint32_t addr)
{
    const vboard_soc_t *soc = vb->board->soc;
    if (addr == soc->usart_sr) {
        return 0xC0u;
    }
    return addr == soc->usart_brr ? vb->usart_brr : addr == soc->usart_cr1 ? vb->usart_cr1 : 0u;
}

static void usart_write(vboard_t *vb, uint32_t addr, uint32_t v)
{
    const vboard_soc_t *soc = vb->board->soc;
    if (addr == soc->usart_dr && (vb->usart_cr1 & soc->usart_ue)) {
        console_put(vb, (char)(v & 0xFFu));
    } else if (addr == soc->usart_brr) {
        vb->usart_brr = v;
    } else if (addr == soc->usart_cr1) {
        vb->usart_cr1 = v;
    } else {
        /* other peripherals: writes ignored */
    }
}

uint64_t vb_gpio_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    (void)size;
    return gpio_read(vb, vb->board->soc->gpio_base + (uint32_t)off);
}

void vb_gpio_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    vboard_t *vb = ud;
    (void)uc;
    if (!vb->fault_pending) {
        gpio_write(vb, vb->board->soc->gpio_base + (uint32_t)off, size, (uint32_t)value);
    }
}

static uint64_t bus_read(vboard_t *vb, uint32_t addr, unsigned size)
{
    if (bkm_owns(&vb->model, addr)) {
        return vb_model_access(vb, addr, size, 0, 0);
    }
    if (addr - vb->board->soc->gpio_base < GPIO_SPAN) {
        return gpio_read(vb, addr);
    }
    if (vb_rcc_claims(addr)) {
        return vb_rcc_read(vb, addr) >> (8u * (addr & 3u));
    }
    if (vb_iwdg_claims(addr)) {
        return vb_iwdg_read(vb, addr);
    }
    if (addr >= ADC1 && addr <= ADC_LAST) {
        if (addr == ADC1) {
            return vb->adc[0] | 0x2u; /* EOC: a conversion takes no time here */
        }
        return addr == ADC1 + 0x4Cu ? vb->adc_dr : vb->adc[(addr - ADC1) >> 2];
    }
    return usart_read(vb, addr);
}

uint64_t vb_periph_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    (void)uc;
    return bus_read(ud, PERIPH_BASE + (uint32_t)off, size);
}

uint64_t vb_region_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
    const vb_region_t *r = ud;
    (void)uc;
    return bus_read(r->vb, r->base + (uint32_t)off, size);
}

static void console_put(vboard_t *vb, char c)
{
    vboard_result_t *r = vb->res;
    if (c == '\r') {
        return;
    }
    if (r->console_len + 1u < sizeof r->console) {
        r->console[r->console_len++] = c;
        r->console[r->console_len] = '\0';
    }
}

static void bus_write(vboard_t *vb, uint32_t addr, unsigned size, uint32_t v)
{
    if (vb->fault_pending) {
        return; /* a faulting instruction writes nothing */
    }
    if (bkm_owns(&vb->model, addr)) {
        (void)vb_model_access(vb, addr, size, 1, v);
        vb_rcc_model_written(vb, addr);
        return;
    }
    if (addr - vb->board->soc->gpio_base < GPIO_SPAN) {
        gpio_write(vb, addr, size, v);
        return;
    }
    if (vb_rcc_claims(addr)) {
        vb_rcc_write(vb, addr, merge(vb_rcc_read(vb, addr), addr, size, v));
        return;
    }
    if (vb_iwdg_claims(addr)) {
        vb_iwdg_write(vb, addr, v << (8u * (addr & 3u)));
        return;
    }
    if (addr >= ADC1 && addr <= ADC_LAST) {
        vb->adc[(addr - ADC1) >> 2] = v & ~(1u << 30);
        if (addr == ADC1 + 0x08u && (v & (1u << 30)) && (v & 1u)) { /* CR2: SWSTART with ADON */
            vb->adc_dr = adc_sample(vb);
        }
        return;
    }
    usart_write(vb, addr, v);
}

void vb_periph_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    (void)uc;
    bus_write(ud, PERIPH_BASE + (uint32_t)off, size, (uint32_t)value);
}

void vb_region_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *ud)
{
    const vb_region_t *r = ud;
    (void)uc;
    bus_write(r->vb, r->base + (uint32_t)off, size, (uint32_t)value);
}

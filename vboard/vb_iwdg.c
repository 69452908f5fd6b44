/* SPDX-License-Identifier: MIT */
/*
 * Independent watchdog (RM0090 19.4): KR 0xCCCC starts it, 0xAAAA reloads it, 0x5555 unlocks PR
 * and RLR; it counts down RLR+1 ticks of LSI (32 kHz) / (4 << PR). At zero the board resets with
 * IWDGRSTF set. Time is core cycles (instructions) at the current SYSCLK.
 */
#include "vb_internal.h"

#define IWDG_KR  0x40003000u
#define IWDG_PR  0x40003004u
#define IWDG_RLR 0x40003008u
#define IWDG_SR  0x4000300Cu
#define LSI_HZ   32000u

void vb_iwdg_reset(vboard_t *vb)
{
    vb->iwdg_running = 0;
    vb->iwdg_unlocked = 0;
    vb->iwdg_pr = 0u;
    vb->iwdg_rlr = 0xFFFu;
}

static void reload(vboard_t *vb)
{
    uint64_t ticks = (uint64_t)(vb->iwdg_rlr + 1u) * (4u << vb->iwdg_pr);
    vb->iwdg_deadline = vb->res->insns + ticks * vb_sysclk_hz(vb) / LSI_HZ;
}

int vb_iwdg_claims(uint32_t addr)
{
    return addr >= IWDG_KR && addr <= IWDG_SR + 3u;
}

uint32_t vb_iwdg_read(vboard_t *vb, uint32_t addr)
{
    switch (addr & ~3u) {
    case IWDG_PR: return vb->iwdg_pr;
    case IWDG_RLR: return vb->iwdg_rlr;
    default: return 0u; /* KR reads 0; SR: updates are immediate here, never busy */
    }
}

void vb_iwdg_write(vboard_t *vb, uint32_t addr, uint32_t v)
{
    switch (addr & ~3u) {
    case IWDG_KR:
        v &= 0xFFFFu;
        vb->iwdg_unlocked = (v == 0x5555u);
        if (v == 0xCCCCu) {
            vb->iwdg_running = 1;
        }
        if (v == 0xCCCCu || v == 0xAAAAu) {
            reload(vb);
        }
        break;
    case IWDG_PR:
        if (vb->iwdg_unlocked) {
            vb->iwdg_pr = v & 7u;
            vb->iwdg_pr = vb->iwdg_pr > 6u ? 6u : vb->iwdg_pr; /* 7 divides by 256 too */
        }
        break;
    case IWDG_RLR:
        if (vb->iwdg_unlocked) {
            vb->iwdg_rlr = v & 0xFFFu;
        }
        break;
    default: break;
    }
}

/* Called per executed block: the watchdog fires when its deadline has passed. */
void vb_iwdg_tick(vboard_t *vb)
{
    if (vb->iwdg_running && vb->res->insns >= vb->iwdg_deadline) {
        vb->iwdg_running = 0;
        vb_stop(vb, VBOARD_WATCHDOG);
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * Behavioural model of the STM32F4 backup domain: RCC, PWR, DBGMCU, SCB CPUID, the CRC unit and
 * the 4 KB backup SRAM, with power events, violation reporting, power-cut injection and access
 * counters. Plain C, no emulator dependency: host tests route the library's port into it, and
 * vboard maps it into the emulated address space.
 *
 * Rules are from RM0090 Rev 21 (see docs/hardware.md). Where the reference leaves a behaviour
 * open (UNVERIFIED), bkm_config_t makes it configurable and the default is the stricter one.
 */
#ifndef BKPSRAM_MODEL_H
#define BKPSRAM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BKM_SRAM_BASE 0x40024000u
#define BKM_SRAM_SIZE 4096u
#define BKM_BKPREG_BASE  0x40002850u /* RTC_BKP0R (RM0090 26.6.20): the fallback store on F2/F4, L47x */
#define BKM_BKPREG_COUNT 20u         /* RTC_BKP0R..RTC_BKP19R on every F2/F4 */
#define BKM_BKPREG_MAX   32u         /* G4 (TAMP_BKP0R..31R at 0x40002500), L47x/L48x (RTC_BKP0R..31R) */

/** Families: where RCC_CSR, the PWR clock bit and the backup registers are (families.md F). */
enum {
    BKM_FAMILY_F4 = 0, BKM_FAMILY_G4 = 1, BKM_FAMILY_L4 = 2, BKM_FAMILY_F7 = 3, BKM_FAMILY_H7 = 4, BKM_FAMILY_H7RS = 5,
    BKM_FAMILY_H5 = 6, BKM_FAMILY_U5 = 7
};
#define BKM_H7_SRAM_BASE 0x38800000u /* the H7's backup SRAM (families.md A) */
#define BKM_M33_SRAM_BASE 0x40036400u /* H5, U5: the non-secure alias (families.md A) */
#define BKM_LINES        (BKM_SRAM_SIZE / 32u) /* Cortex-M7 D-cache lines over the backup SRAM */
#define BKM_NEVER     0xFFFFFFFFu /* brr_delay_polls: BRR never sets */
#define BKM_TRACE_LEN 256u

/** A part: what DBGMCU and CPUID report and whether it has backup SRAM. */
typedef struct {
    const char *key;  /* short name: "f407", "f429", "f446", "f401", ... */
    const char *name; /* family name */
    uint32_t idcode;  /* DBGMCU_IDCODE: REV_ID << 16 | DEV_ID */
    uint32_t cpuid;   /* SCB CPUID */
    uint8_t has_bkpsram; /* backup SRAM in KB: 4 or 2 (H503/H523/H533, U5); 0: none */
    uint8_t family;   /* BKM_FAMILY_* */
} bkm_part_t;

extern const bkm_part_t bkm_parts[];
extern const size_t bkm_part_count;
/** Part by key, or NULL. */
const bkm_part_t *bkm_part_find(const char *key);

typedef struct {
    uint32_t seed;            /* random power-up content without VBAT */
    uint32_t brr_delay_polls; /* PWR_CSR reads after BRE=1 before BRR reads 1 (BKM_NEVER: never).
                                 UNVERIFIED start-up time (RM0090 gives none); default 3 */
    uint8_t internal_reset_sets_pinrstf; /* software/watchdog reset also sets PINRSTF (RM0090
                                 7.1.2: internal resets drive NRST). UNVERIFIED; default 1, the
                                 stricter case for code that decodes several flags */
    uint8_t wp_write_faults;  /* write to BKPSRAM with DBP=0: 0 = dropped (default), 1 = bus fault.
                                 UNVERIFIED (facts 3); either way it is reported as a violation */
    uint8_t bkpreg_rdp_keeps; /* RTC backup registers over an RDP 1 -> 0 regression: 0 = erased
                                 (default, the stricter case), 1 = kept. UNVERIFIED on F2/F4
                                 (families.md F: stated for TAMP parts only) */
    uint8_t bkpreg_needs_rtcen; /* RTC backup register access needs RCC_BDCR.RTCEN: 0 = no (default),
                                 1 = reads 0 and writes are dropped without it. UNVERIFIED
                                 (families.md F); the library's read-back reports BKPSRAM_EWRITE */
    uint8_t bdrst_bkpsram;    /* backup SRAM over a backup-domain reset: 0 = the family's default
                                 (F2/F4 kept, RM0090 7.1.3; F7 UNVERIFIED, families.md E: erased, the
                                 stricter case), 1 = kept, 2 = erased */
    uint8_t tamper_bkpsram;   /* backup SRAM over a tamper event: 0 = the family's default (F2/F4/F7/H7
                                 kept; H7R/S, H5, U5 erased: a configurable device secret whose reset
                                 configuration is UNVERIFIED, families.md E), 1 = kept, 2 = erased */
    uint8_t regulator_smps;   /* U5: the core runs from the SMPS, where BREN cannot be set (HU5):
                                 the write is ignored. 0 = LDO (default) */
} bkm_config_t;

#define BKM_CONFIG_DEFAULT {1u, 3u, 1u, 0u, 0u, 0u, 0u, 0u, 0u}

typedef enum {
    BKM_V_UNALIGNED = 0,   /* access not naturally aligned to Device memory (BKPSRAM) */
    BKM_V_CLOCK_OFF,       /* BKPSRAM/PWR/CRC access with its clock disabled: read 0, write dropped */
    BKM_V_WRITE_PROTECTED, /* backup-domain write with DBP=0: dropped */
    BKM_V_BUS_FAULT,       /* missing backup SRAM, reserved or unmodelled address */
    BKM_V_WIDTH,           /* access width the register does not support (IDCODE, CRC, RTC backup
                              registers: 32-bit only) */
    BKM_V_COUNT
} bkm_violation_t;

typedef enum {
    BKM_EV_POWER_ON = 0,     /* power cycle with VBAT kept: BKPSRAM kept iff BRE and BRR were set */
    BKM_EV_POWER_ON_NO_VBAT, /* power cycle with VDD and VBAT lost: random BKPSRAM, backup domain reset */
    BKM_EV_RESET_PIN,        /* NRST: system reset */
    BKM_EV_RESET_SOFTWARE,   /* AIRCR.SYSRESETREQ: system reset */
    BKM_EV_RESET_IWDG,       /* independent watchdog: system reset */
    BKM_EV_RESET_WWDG,       /* window watchdog: system reset */
    BKM_EV_STANDBY_WAKEUP,   /* exit from Standby: power reset except the backup domain */
    BKM_EV_TAMPER,           /* tamper: BKPSRAM not erased on F2/F4/F7 (RM0090 5.1.2); tamper_bkpsram */
    BKM_EV_RDP_REGRESSION,   /* RDP level 1 -> 0: BKPSRAM erased, then a power reset */
    BKM_EV_BDRST,            /* backup domain reset: BDCR and BRE reset, BKPSRAM kept (RM0090 7.1.3) */
    BKM_EV_COUNT
} bkm_event_t;

typedef struct {
    uint32_t addr;
    uint32_t value;
    uint8_t size;
    uint8_t write;
    uint8_t irq_masked; /* the host port had interrupts masked */
} bkm_trace_t;

typedef struct {
    const bkm_part_t *part;
    bkm_config_t cfg;
    uint8_t sram[BKM_SRAM_SIZE];
    uint32_t bkpreg[BKM_BKPREG_MAX]; /* RTC/TAMP backup registers: VBAT domain, no regulator needed */

    /* registers */
    uint32_t rcc_ahb1enr, rcc_apb1enr, rcc_ahb1lpenr, rcc_bdcr, rcc_csr;
    uint32_t pwr_cr, pwr_csr;
    uint32_t crc_dr, crc_idr;
    uint32_t brr_countdown; /* PWR_CSR reads left until BRR sets */
    uint32_t scb_ccr;       /* SCB_CCR as the host port sees it (DC, bit 16: the D-cache is on) */

    /* H7: the ECC write buffer (one sub-word write waits there until a write to another word)
     * and a write-back D-cache over the backup SRAM (lines filled and dirtied while CCR.DC is set,
     * written to the backup SRAM only by a clean: DCCIMVAC). Both are lost at any reset. */
    uint32_t ecc_word;      /* word offset + 1 of the pending sub-word write, 0: none */
    uint32_t ecc_old;       /* that word's content before it */
    uint8_t line_valid[BKM_LINES], line_dirty[BKM_LINES];
    uint8_t cache[BKM_SRAM_SIZE];

    /* power */
    uint8_t cut;            /* power has been cut: every later write is lost */
    uint32_t cut_after;     /* cut after this many BKPSRAM writes (0: never) */
    uint32_t cut_writes;    /* BKPSRAM writes since the cut was armed */
    uint32_t drop_at;       /* drop only this BKPSRAM write (1-based, 0: none): a transient loss */
    uint32_t drop_writes;   /* BKPSRAM writes since the drop was armed */
    uint32_t power_cycles;  /* for the random content generator */
    uint32_t irq_masked;    /* host port: interrupts masked */

    /* counters since the last event */
    uint32_t sram_reads, sram_writes;
    uint32_t sram_writes_by_size[5]; /* index 1, 2, 4 */
    uint32_t reg_reads, reg_writes;

    /* violations since the last event */
    uint32_t violations[BKM_V_COUNT];
    uint8_t faulted;          /* an access that would HardFault on silicon */
    bkm_violation_t last_kind;
    uint32_t last_addr;
    uint8_t last_size, last_write;

    /* interrupt injection (host port): see bkm_irq_after_accesses() */
    uint32_t irq_after, irq_accesses;
    uint8_t irq_pending, irq_fired;
    void (*irq_fn)(void *ctx);
    void *irq_ctx;

    bkm_trace_t trace[BKM_TRACE_LEN]; /* register accesses (not BKPSRAM) since the last event */
    uint32_t trace_len;               /* entries recorded (saturates at BKM_TRACE_LEN) */
} bkm_t;

/** Set up a model of part, powered on for the first time (no VBAT: random content). cfg may be NULL. */
void bkm_init(bkm_t *m, const bkm_part_t *part, const bkm_config_t *cfg);

/** Bus access. size 1, 2 or 4. Return 0 when fine, 1 on a violation, 2 on a fault (HardFault). */
int bkm_read(bkm_t *m, uint32_t addr, unsigned size, uint32_t *value);
int bkm_write(bkm_t *m, uint32_t addr, unsigned size, uint32_t value);


/** Apply an event; resets counters, violations and trace. */
void bkm_event(bkm_t *m, bkm_event_t ev);

/** Cut power right after the n-th BKPSRAM write from now (0 disarms). */
void bkm_cut_after_writes(bkm_t *m, uint32_t n);
/* Lose exactly the n-th BKPSRAM write from now (0: none); every other write lands. */
void bkm_drop_write(bkm_t *m, uint32_t n);

/** Clear counters, violations and trace (kept state and contents unchanged). */
void bkm_clear_stats(bkm_t *m);

uint32_t bkm_violation_total(const bkm_t *m);
const char *bkm_violation_name(bkm_violation_t v);
const char *bkm_event_name(bkm_event_t ev);
/** Event by name ("power-on", "power-on-no-vbat", "reset", ...), or -1. */
int bkm_event_parse(const char *name);

/** Interrupt injection: after the n-th bus access from now through the host port (registers and
 * backup SRAM, reads and writes; 0 disarms), fn(ctx) runs as an interrupt handler would: at once
 * when interrupts are not masked, else when the port unmasks them (pending). It fires once;
 * irq_fired says whether it did. */
void bkm_irq_after_accesses(bkm_t *m, uint32_t n, void (*fn)(void *ctx), void *ctx);

/** Host port: the library's register accesses go to this model (tests bind one per case). */
void bkm_bind(bkm_t *m);
/** The RCC_CSR reset flags as BKPSRAM_RESET_* bits (BROWNOUT bit 0 .. LOW_POWER bit 6), per family. */
uint32_t bkm_reset_flags(const bkm_t *m);
/** Bytes of backup SRAM of m's part: 4096, 2048 (H503, H523/533, U5), or 0. */
uint32_t bkm_sram_size(const bkm_t *m);
/** 1 when addr is in a store of m's part: the backup SRAM or the backup registers. */
int bkm_is_store(const bkm_t *m, uint32_t addr);
/** 1 when m's part has a modelled register or store at addr (the backup SRAM window included). */
int bkm_owns(const bkm_t *m, uint32_t addr);

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_MODEL_H */

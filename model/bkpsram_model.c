/* SPDX-License-Identifier: MIT */
/*
 * Behavioural model of the STM32F4 backup domain. Each rule names the RM0090 (Rev 21) section
 * it encodes; docs/hardware.md has the sources.
 */
#include "bkpsram_model.h"

#include <string.h>

/* Addresses and bits (RM0090 4.4, 5.4, 7.3, 38.6.1; ARMv7-M B3.2.3). */
#define RCC_AHB1ENR   0x40023830u
#define RCC_APB1ENR   0x40023840u
#define RCC_AHB1LPENR 0x40023850u
#define RCC_BDCR      0x40023870u
#define RCC_CSR       0x40023874u
#define PWR_CR        0x40007000u
#define PWR_CSR       0x40007004u
#define CRC_DR        0x40023000u
#define CRC_IDR       0x40023004u
#define CRC_CR        0x40023008u
#define DBGMCU_IDCODE 0xE0042000u
#define SCB_CPUID     0xE000ED00u
#define SCB_CCR       0xE000ED14u
#define SCB_DCCIMVAC  0xE000EF70u
#define CCR_DC        (1u << 16)

#define AHB1ENR_CRCEN     (1u << 12)
#define AHB1ENR_BKPSRAMEN (1u << 18)
#define APB1ENR_PWREN     (1u << 28)
#define BDCR_BDRST        (1u << 16)
#define BDCR_RTCEN        (1u << 15) /* RCC_BDCR bit 15 (RM0090 7.3.20) */
#define CSR_RMVF          (1u << 24)
#define CSR_BORRSTF       (1u << 25)
#define CSR_PINRSTF       (1u << 26)
#define CSR_PORRSTF       (1u << 27)
#define CSR_SFTRSTF       (1u << 28)
#define CSR_IWDGRSTF      (1u << 29)
#define CSR_WWDGRSTF      (1u << 30)
#define CSR_FLAGS         0xFE000000u
#define PWRCR_CWUF        (1u << 2)
#define PWRCR_CSBF        (1u << 3)
#define PWRCR_DBP         (1u << 8)
#define PWRCSR_WUF        (1u << 0)
#define PWRCSR_SBF        (1u << 1)
#define PWRCSR_BRR        (1u << 3)
#define PWRCSR_EWUP       (1u << 8)
#define PWRCSR_BRE        (1u << 9)

/* Reset values (RM0090 7.3.10, 7.3.13, 7.3.15, 7.3.21, 5.4.1). */
#define AHB1ENR_RESET   0x00100000u
#define AHB1LPENR_RESET 0x7E6791FFu
#define PWRCR_RESET     0x00004000u
#define CSR_POR_FLAGS   0x0E000000u /* BORRSTF | PINRSTF | PORRSTF: reset value of RCC_CSR */
#define CSR_POR_FLAGS_G4L4 0x0C000000u /* G4/L4: BORRSTF (27, POR/PDR or BOR) | PINRSTF (26) */

/* G4/L4 registers (RM0440 7.4, RM0351 6.4): the model keeps them in the F4 fields they match. */
#define G4L4_APB1ENR1 0x40021058u /* PWREN bit 28 (as RCC_APB1ENR), RTCAPBEN bit 10 */
#define G4L4_BDCR     0x40021090u /* RTCEN 15, BDRST 16 (as F4) */
#define G4L4_CSR      0x40021094u
#define G4_TAMP_BKP0R 0x40002500u

/* A family's register as the F4 field that models it: bits move between the F4 position and
 * the family's; with keep, the other bits pass unchanged, else they read 0 and writes ignore them. */
typedef struct {
    uint32_t addr;  /* the family's register */
    uint32_t f4;    /* the F4 field that models it */
    uint8_t keep;
    uint8_t ro;     /* read-only: writes are ignored */
    uint8_t n;      /* bit moves */
    uint8_t f4_bit[8], fam_bit[8];
} reg_map_t;

#define SAME(a, f4)  {(a), (f4), 1u, 0u, 0u, {0u}, {0u}}
#define ENR(a, bit)  {(a), RCC_AHB1ENR, 1u, 0u, 1u, {18u}, {(bit)}} /* BKPSRAMEN 18 -> the family's bit */
#define CSR_G4(a)    {(a), RCC_CSR, 1u, 0u, 1u, {24u}, {23u}}      /* RMVF 23; flags kept in the G4/L4 layout */
#define BIT(a, f4, from, to, ro) {(a), (f4), 0u, (ro), 1u, {(from)}, {(to)}}

/* G4/L4 (RM0440 7.4, RM0351 6.4): APB1ENR1 (PWREN 28, RTCAPBEN 10), BDCR, CSR, PWR_CR1.DBP bit 8. */
static const reg_map_t map_g4l4[] = {
    SAME(G4L4_APB1ENR1, RCC_APB1ENR), SAME(G4L4_BDCR, RCC_BDCR), CSR_G4(G4L4_CSR), SAME(PWR_CR, PWR_CR),
    SAME(DBGMCU_IDCODE, DBGMCU_IDCODE),
};
/* STM32H7 (families.md B, C; CMSIS-H7; RCC_RSR bits: RM0433 8.7.39): RCC_AHB4ENR.BKPRAMEN 28, RCC_RSR
 * (RMVF 16, BOR 21, PIN 22, POR 23, SFT 24, IWDG1 26, WWDG1 28, LPWR 30), BDCR (RTCEN 15, BDRST 16),
 * PWR_CR1.DBP 8, PWR_CR2 BREN 0 and BRRDY 16, IDCODE at 0x5C001000. */
#define H7_RSR(a) {(a), RCC_CSR, 0u, 0u, 8u, {24u, 25u, 26u, 27u, 28u, 29u, 30u, 31u}, {16u, 21u, 22u, 23u, 24u, 26u, 28u, 30u}}
#define H7_PWR2   {0x58024808u, PWR_CSR, 0u, 0u, 2u, {9u, 3u}, {0u, 16u}}
static const reg_map_t map_h7[] = {
    ENR(0x580244E0u, 28u), H7_RSR(0x580244D0u), SAME(0x58024470u, RCC_BDCR), SAME(0x58024800u, PWR_CR), H7_PWR2,
    SAME(0x5C001000u, DBGMCU_IDCODE),
};
/* H7R/S (families.md B): RCC_AHB4ENR at RCC + 0x140, RCC_RSR at RCC + 0x130 (the H7's bits), PWR_CSR1
 * at the H7's PWR_CR2 address and bits. */
static const reg_map_t map_h7rs[] = {
    ENR(0x58024540u, 28u), H7_RSR(0x58024530u), SAME(0x58024470u, RCC_BDCR), SAME(0x58024800u, PWR_CR), H7_PWR2,
    SAME(0x5C001000u, DBGMCU_IDCODE),
};
/* STM32H5 (families.md B, C; RCC_BDCR RCC + 0xF0, RCC_RSR RCC + 0xF4 with the G4/L4 flag bits):
 * RCC_AHB1ENR.BKPRAMEN 28, no PWR clock, PWR_DBPCR.DBP 0, PWR_BDCR.BREN 0, PWR_BDSR.BRRDY 16, IDCODE
 * at 0x44024000. */
static const reg_map_t map_h5[] = {
    ENR(0x44020C88u, 28u), SAME(0x44020CF0u, RCC_BDCR), CSR_G4(0x44020CF4u), BIT(0x44020824u, PWR_CR, 8u, 0u, 0u),
    BIT(0x44020820u, PWR_CSR, 9u, 0u, 0u), BIT(0x44020828u, PWR_CSR, 3u, 16u, 1u), SAME(0x44024000u, DBGMCU_IDCODE),
};
/* STM32U5 (families.md B, C; RCC_BDCR RCC + 0xF0, RCC_CSR RCC + 0xF4 with the G4/L4 flag bits):
 * RCC_AHB1ENR.BKPSRAMEN 28, RCC_AHB3ENR.PWREN 2, PWR_DBPR.DBP 0, PWR_BDCR1.BREN 0 (no ready flag),
 * IDCODE at 0xE0044000. */
static const reg_map_t map_u5[] = {
    ENR(0x46020C88u, 28u), BIT(0x46020C94u, RCC_APB1ENR, 28u, 2u, 0u), SAME(0x46020CF0u, RCC_BDCR),
    CSR_G4(0x46020CF4u), BIT(0x46020828u, PWR_CR, 8u, 0u, 0u), BIT(0x46020820u, PWR_CSR, 9u, 0u, 0u),
    SAME(0xE0044000u, DBGMCU_IDCODE),
};

/* What differs between the families the model knows (families.md B, D, E, F). */
typedef struct {
    uint32_t sram_base;     /* the backup SRAM */
    uint32_t bkpreg_base;   /* backup register 0 */
    uint32_t bkpreg_count;
    const reg_map_t *map;   /* NULL: RCC and PWR at the F2/F4 addresses and bits (F2, F4, F7) */
    uint8_t nmap;
    uint8_t g4_flags;       /* reset flags in the G4/L4 layout: BORRSTF (27) for POR/PDR and BOR */
    uint8_t pwren;          /* PWR registers need the PWR clock */
    uint8_t brr;            /* the regulator has a ready flag (else it is ready as soon as enabled) */
    uint8_t ecc;            /* ECC write buffer: a sub-word write waits, a reset loses it */
    uint8_t dcache;         /* Cortex-M7 write-back D-cache over the backup SRAM (CCR.DC) */
    uint8_t crc_f4;         /* the CRC unit at 0x40023000, CRCEN bit 12 of the BKPSRAMEN register */
    uint8_t bdrst_erases;   /* default of bkm_config_t.bdrst_bkpsram: 1 when a backup-domain reset
                               clears the backup SRAM */
    uint8_t tamper_erases;  /* default of bkm_config_t.tamper_bkpsram */
    uint8_t secure_alias;   /* TrustZone: 0x50000000-0x5FFFFFFF is the secure alias of 0x40000000 */
} family_desc_t;

#define MAP(t) (t), (uint8_t)(sizeof(t) / sizeof((t)[0]))
/* sram_base, bkpreg_base, bkpreg_count, map (NULL, 0: F4's), g4_flags, pwren, brr, ecc, dcache,
 * crc_f4, bdrst_erases, tamper_erases, secure_alias */
static const family_desc_t family_descs[] = {
    /* BDRST: "not affected" (RM0090 7.1.3); tamper: "not mass erased" (RM0090 5.1.2) */
    [BKM_FAMILY_F4] = {BKM_SRAM_BASE, BKM_BKPREG_BASE, BKM_BKPREG_COUNT, NULL, 0u, 0u, 1u, 1u, 0u, 0u, 1u, 0u, 0u, 0u},
    [BKM_FAMILY_G4] = {BKM_SRAM_BASE, G4_TAMP_BKP0R, BKM_BKPREG_MAX, MAP(map_g4l4), 1u, 1u, 1u, 0u, 0u, 0u, 0u, 0u, 0u},
    [BKM_FAMILY_L4] = {BKM_SRAM_BASE, BKM_BKPREG_BASE, BKM_BKPREG_MAX, MAP(map_g4l4), 1u, 1u, 1u, 0u, 0u, 0u, 0u, 0u, 0u},
    /* F7, H7, H7R/S, H5, U5: BDRST UNVERIFIED except U5 ("affects the backup SRAM"): erased, the
     * stricter case (families.md E). Tamper: never on F7; configurable on H7R/S, H5, U5 with an
     * UNVERIFIED reset value: erased, the stricter case. */
    [BKM_FAMILY_F7] = {BKM_SRAM_BASE, BKM_BKPREG_BASE, BKM_BKPREG_MAX, NULL, 0u, 0u, 1u, 1u, 0u, 0u, 1u, 1u, 0u, 0u},
    [BKM_FAMILY_H7] = {BKM_H7_SRAM_BASE, 0x58004050u, BKM_BKPREG_MAX, MAP(map_h7), 0u, 0u, 1u, 1u, 1u, 0u, 1u, 0u, 0u},
    [BKM_FAMILY_H7RS] = {BKM_H7_SRAM_BASE, 0x58004500u, BKM_BKPREG_MAX, MAP(map_h7rs), 0u, 0u, 1u, 1u, 1u, 0u, 1u, 1u, 0u},
    [BKM_FAMILY_H5] = {BKM_M33_SRAM_BASE, 0x44007D00u, BKM_BKPREG_MAX, MAP(map_h5), 1u, 0u, 1u, 1u, 0u, 1u, 1u, 1u, 1u},
    [BKM_FAMILY_U5] = {BKM_M33_SRAM_BASE, 0x46007D00u, BKM_BKPREG_MAX, MAP(map_u5), 1u, 1u, 0u, 1u, 0u, 1u, 1u, 1u, 1u},
};

static const family_desc_t *fam(const bkm_t *m)
{
    return &family_descs[m->part->family];
}

uint32_t bkm_sram_size(const bkm_t *m)
{
    return (uint32_t)m->part->has_bkpsram * 1024u;
}

static void h7_lose(bkm_t *m);

#define CPUID_CM7 0x411FC270u /* Cortex-M7 r1p0 */
#define CPUID_CM4 0x410FC241u /* Cortex-M4 r0p1 */
#define CPUID_CM3 0x412FC231u /* Cortex-M3 r2p1 (F2) */
#define CPUID_CM33 0x410FD214u /* Cortex-M33 r0p4 (PARTNO 0xD21) */

const bkm_part_t bkm_parts[] = {
    {"f407", "STM32F407 (STM32F4-Discovery)", 0x10016413u, CPUID_CM4, 4u, BKM_FAMILY_F4},
    {"f407-reva", "STM32F407 rev A (DEV_ID 0x411 erratum)", 0x20006411u, CPUID_CM4, 4u, BKM_FAMILY_F4},
    {"f429", "STM32F429 (STM32F429I-DISC1)", 0x20036419u, CPUID_CM4, 4u, BKM_FAMILY_F4},
    {"f446", "STM32F446 (NUCLEO-F446RE)", 0x10006421u, CPUID_CM4, 4u, BKM_FAMILY_F4},
    {"f469", "STM32F469", 0x10006434u, CPUID_CM4, 4u, BKM_FAMILY_F4},
    {"f205", "STM32F205 (Cortex-M3)", 0x20016411u, CPUID_CM3, 4u, BKM_FAMILY_F4},
    {"f401", "STM32F401xB/C", 0x10006423u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f401e", "STM32F401xD/E (NUCLEO-F401RE)", 0x10006433u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f410", "STM32F410", 0x10006458u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f411", "STM32F411 (NUCLEO-F411RE)", 0x10006431u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f412", "STM32F412", 0x10006441u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f413", "STM32F413/423", 0x10006463u, CPUID_CM4, 0u, BKM_FAMILY_F4},
    {"f767", "STM32F76x/77x (NUCLEO-F767ZI)", 0x10016451u, CPUID_CM7, 4u, BKM_FAMILY_F7},
    {"f746", "STM32F74x/75x", 0x10016449u, CPUID_CM7, 4u, BKM_FAMILY_F7},
    {"f722", "STM32F72x/73x", 0x10016452u, CPUID_CM7, 4u, BKM_FAMILY_F7},
    {"h743", "STM32H74x/75x (NUCLEO-H743ZI)", 0x20036450u, CPUID_CM7, 4u, BKM_FAMILY_H7},
    {"h723", "STM32H72x/73x", 0x10016483u, CPUID_CM7, 4u, BKM_FAMILY_H7},
    {"h7a3", "STM32H7A3/B0/B3", 0x10006480u, CPUID_CM7, 4u, BKM_FAMILY_H7},
    {"h7s3", "STM32H7R/S (NUCLEO-H7S3L8)", 0x10006485u, CPUID_CM7, 4u, BKM_FAMILY_H7RS},
    {"h563", "STM32H562/563/573 (NUCLEO-H563ZI)", 0x10016484u, CPUID_CM33, 4u, BKM_FAMILY_H5},
    {"h503", "STM32H503", 0x10006474u, CPUID_CM33, 2u, BKM_FAMILY_H5},
    {"h533", "STM32H523/533", 0x10006478u, CPUID_CM33, 2u, BKM_FAMILY_H5},
    {"u575", "STM32U575/585 (NUCLEO-U575ZI-Q)", 0x20016482u, CPUID_CM33, 2u, BKM_FAMILY_U5},
    {"u535", "STM32U535/545", 0x10016455u, CPUID_CM33, 2u, BKM_FAMILY_U5},
    {"u5a5", "STM32U59x/5Ax", 0x10016481u, CPUID_CM33, 2u, BKM_FAMILY_U5},
    {"u5g9", "STM32U5Fx/5Gx", 0x10016476u, CPUID_CM33, 2u, BKM_FAMILY_U5},
    {"g474", "STM32G47x/G48x (NUCLEO-G474RE)", 0x10006469u, CPUID_CM4, 0u, BKM_FAMILY_G4},
    {"l476", "STM32L47x/L48x (NUCLEO-L476RG)", 0x10006415u, CPUID_CM4, 0u, BKM_FAMILY_L4},
    {"unknown", "unknown part (DEV_ID 0x999)", 0x10006999u, CPUID_CM4, 0u, BKM_FAMILY_F4},
};
const size_t bkm_part_count = sizeof(bkm_parts) / sizeof(bkm_parts[0]);

const bkm_part_t *bkm_part_find(const char *key)
{
    size_t i;
    for (i = 0; key != NULL && i < bkm_part_count; i++) {
        if (strcmp(bkm_parts[i].key, key) == 0) {
            return &bkm_parts[i];
        }
    }
    return NULL;
}

/* ---- bookkeeping ---------------------------------------------------------------------- */

void bkm_clear_stats(bkm_t *m)
{
    m->sram_reads = m->sram_writes = 0u;
    memset(m->sram_writes_by_size, 0, sizeof m->sram_writes_by_size);
    m->reg_reads = m->reg_writes = 0u;
    memset(m->violations, 0, sizeof m->violations);
    m->faulted = 0u;
    m->last_kind = BKM_V_COUNT;
    m->last_addr = 0u;
    m->last_size = m->last_write = 0u;
    m->trace_len = 0u;
}

uint32_t bkm_violation_total(const bkm_t *m)
{
    uint32_t n = 0u;
    int k;
    for (k = 0; k < BKM_V_COUNT; k++) {
        n += m->violations[k];
    }
    return n;
}

/* Record a violation; returns the bus status (1 = violation, 2 = fault). */
static int violate(bkm_t *m, bkm_violation_t kind, uint32_t addr, unsigned size, int write)
{
    m->violations[kind]++;
    m->last_kind = kind;
    m->last_addr = addr;
    m->last_size = (uint8_t)size;
    m->last_write = (uint8_t)write;
    if (kind == BKM_V_BUS_FAULT || kind == BKM_V_UNALIGNED) {
        m->faulted = 1u;
        return 2;
    }
    return 1;
}

static void trace(bkm_t *m, uint32_t addr, unsigned size, uint32_t value, int write)
{
    if (m->trace_len < BKM_TRACE_LEN) {
        bkm_trace_t *t = &m->trace[m->trace_len++];
        t->addr = addr;
        t->value = value;
        t->size = (uint8_t)size;
        t->write = (uint8_t)write;
        t->irq_masked = m->irq_masked != 0u;
    }
}

/* ---- power ---------------------------------------------------------------------------- */

/* xorshift32: random power-up content without VBAT (facts 3: "random, not zero"). */
static void randomise(bkm_t *m)
{
    uint32_t x = m->cfg.seed * 2654435761u + (++m->power_cycles) * 40503u + 1u;
    size_t i;
    for (i = 0; i < BKM_SRAM_SIZE; i += 4u) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        m->sram[i] = (uint8_t)x;
        m->sram[i + 1u] = (uint8_t)(x >> 8);
        m->sram[i + 2u] = (uint8_t)(x >> 16);
        m->sram[i + 3u] = (uint8_t)(x >> 24);
    }
}

static uint32_t por_flags(const bkm_t *m)
{
    return fam(m)->g4_flags ? CSR_POR_FLAGS_G4L4 : CSR_POR_FLAGS; /* H7: BOR, PIN, POR */
}

/* System reset (RM0090 7.1.1): registers to reset values except the backup domain (BDCR, BRE),
 * PWR_CSR BRR/SBF (5.4.2: "not reset by system reset") and the RCC_CSR flags (7.3.21). */
static void system_reset(bkm_t *m, uint32_t flags)
{
    m->rcc_ahb1enr = AHB1ENR_RESET;
    m->rcc_apb1enr = 0u;
    m->rcc_ahb1lpenr = AHB1LPENR_RESET;
    m->rcc_csr = (m->rcc_csr & CSR_FLAGS) | flags;
    m->pwr_cr = PWRCR_RESET;
    m->pwr_csr &= ~(PWRCSR_WUF | PWRCSR_EWUP); /* WUF, EWUP: cleared by system reset (5.4.2) */
    m->crc_dr = 0xFFFFFFFFu;                   /* IDR is kept (RM0090 4.3) only over CR.RESET */
    m->crc_idr = 0u;
    m->cut = 0u;
    m->cut_after = 0u;
    m->irq_masked = 0u;
}

/* Backup domain reset (RM0090 7.1.3): BDCR, BRE and the RTC backup registers to reset values;
 * BKPSRAM not affected.
 * With BRE off the regulator stops, so BRR drops. */
static void backup_domain_reset(bkm_t *m)
{
    uint8_t erases = m->cfg.bdrst_bkpsram == 0u ? fam(m)->bdrst_erases : (uint8_t)(m->cfg.bdrst_bkpsram == 2u);
    memset(m->bkpreg, 0, sizeof m->bkpreg); /* "RTC registers ... reset" (RM0090 7.1.3) */
    if (erases) {
        memset(m->sram, 0, sizeof m->sram);
    }
    m->rcc_bdcr = 0u;
    m->pwr_csr &= ~(PWRCSR_BRE | PWRCSR_BRR);
}

/* VDD lost (VBAT kept if vbat): BKPSRAM kept only with the backup regulator on and ready
 * (RM0090 5.1.2, 5.4.2); without VBAT everything in the backup domain is lost. */
static void power_cycle(bkm_t *m, int vbat)
{
    int kept = vbat && (m->pwr_csr & PWRCSR_BRE) && (m->pwr_csr & PWRCSR_BRR);
    if (!kept) {
        randomise(m);
    }
    if (!vbat) {
        backup_domain_reset(m);
    }
    /* Power reset: PWR_CSR SBF cleared by POR/PDR; flags re-initialised (7.3.21). */
    m->pwr_csr &= ~PWRCSR_SBF;
    m->rcc_csr = 0u;
    system_reset(m, por_flags(m));
}

void bkm_init(bkm_t *m, const bkm_part_t *part, const bkm_config_t *cfg)
{
    static const bkm_config_t defaults = BKM_CONFIG_DEFAULT;
    memset(m, 0, sizeof *m);
    m->part = part;
    m->cfg = cfg ? *cfg : defaults;
    power_cycle(m, 0);
    bkm_clear_stats(m);
}

void bkm_event(bkm_t *m, bkm_event_t ev)
{
    uint32_t internal_pin = m->cfg.internal_reset_sets_pinrstf ? CSR_PINRSTF : 0u;
    h7_lose(m);     /* every event resets the core: the D-cache and the ECC buffer are gone */
    m->scb_ccr = 0u; /* D-cache off again */
    switch (ev) {
    case BKM_EV_POWER_ON:
        power_cycle(m, 1);
        break;
    case BKM_EV_POWER_ON_NO_VBAT:
        power_cycle(m, 0);
        break;
    case BKM_EV_RESET_PIN:
        system_reset(m, CSR_PINRSTF);
        break;
    case BKM_EV_RESET_SOFTWARE:
        system_reset(m, CSR_SFTRSTF | internal_pin);
        break;
    case BKM_EV_RESET_IWDG:
        system_reset(m, CSR_IWDGRSTF | internal_pin);
        break;
    case BKM_EV_RESET_WWDG:
        system_reset(m, CSR_WWDGRSTF | internal_pin);
        break;
    case BKM_EV_STANDBY_WAKEUP:
        /* Standby keeps BKPSRAM only with BRE=1 and BRR seen (RM0090 5.3.6, 5.4.2); SBF and WUF
         * set; a power reset of the core domain, reset flags unchanged (UNVERIFIED). */
        if (!((m->pwr_csr & PWRCSR_BRE) && (m->pwr_csr & PWRCSR_BRR))) {
            randomise(m);
        }
        system_reset(m, 0u);
        m->pwr_csr |= PWRCSR_SBF | PWRCSR_WUF;
        break;
    case BKM_EV_TAMPER:
        /* "The backup SRAM is not mass erased by a tamper event" (RM0090 5.1.2; F7 the same); the
         * RTC backup registers are (RM0090 26.3.14, families.md F: the default tamper configuration).
         * H7R/S, H5, U5: the backup SRAM is a configurable device secret (families.md E). */
        memset(m->bkpreg, 0, sizeof m->bkpreg);
        if (m->cfg.tamper_bkpsram == 0u ? fam(m)->tamper_erases : m->cfg.tamper_bkpsram == 2u) {
            memset(m->sram, 0, sizeof m->sram);
        }
        break;
    case BKM_EV_RDP_REGRESSION:
        /* "When the protection level change from level 1 to level 0 is requested, the backup
         * SRAM content is erased" (RM0090 5.1.2); option bytes reload with a power reset. */
        memset(m->sram, 0, sizeof m->sram);
        if (!m->cfg.bkpreg_rdp_keeps) {
            memset(m->bkpreg, 0, sizeof m->bkpreg);
        }
        m->rcc_csr = 0u;
        system_reset(m, por_flags(m));
        break;
    case BKM_EV_BDRST:
        backup_domain_reset(m);
        break;
    default:
        break;
    }
    bkm_clear_stats(m);
}

void bkm_drop_write(bkm_t *m, uint32_t n)
{
    m->drop_at = n;
    m->drop_writes = 0u;
}

void bkm_cut_after_writes(bkm_t *m, uint32_t n)
{
    m->cut_after = n;
    m->cut_writes = 0u;
    m->cut = 0u;
}

/* ---- bus ------------------------------------------------------------------------------ */

static int in_sram_window(const bkm_t *m, uint32_t addr)
{
    /* 0x40024000-0x40024FFF backup SRAM, 0x40025000-0x40025FFF reserved (bus error). */
    return addr >= fam(m)->sram_base && addr < fam(m)->sram_base + 2u * BKM_SRAM_SIZE;
}

static uint32_t bkpreg_base(const bkm_t *m)
{
    return fam(m)->bkpreg_base;
}

static uint32_t bkpreg_count(const bkm_t *m)
{
    return fam(m)->bkpreg_count;
}

static int in_bkpreg_window(const bkm_t *m, uint32_t addr)
{
    return addr >= bkpreg_base(m) && addr < bkpreg_base(m) + 4u * bkpreg_count(m);
}

/* The family's register at addr, or NULL (an F2/F4 address, or one the family does not have). */
static const reg_map_t *reg_of(const bkm_t *m, uint32_t addr)
{
    uint8_t i;
    for (i = 0u; i < fam(m)->nmap; i++) {
        if (fam(m)->map[i].addr == addr) {
            return &fam(m)->map[i];
        }
    }
    return NULL;
}

/* A register address (r: its family register, reg_of()) as the F4 address of the field that
 * models it; F4-only addresses of the other families fall through to "unmodelled" (a bus fault). */
static uint32_t canonical(const bkm_t *m, uint32_t addr, const reg_map_t *r)
{
    if (fam(m)->map == NULL || addr == SCB_CCR || addr == SCB_DCCIMVAC || addr == SCB_CPUID ||
        (fam(m)->crc_f4 && addr >= CRC_DR && addr <= CRC_CR)) {
        return addr;
    }
    return r != NULL ? r->f4 : 0xFFFFFFFFu;
}

/* Move the bits of a register between the F4 layout (to_fam: for a read) and the family's. */
static uint32_t moved(const reg_map_t *r, uint32_t v, int to_fam)
{
    uint32_t out = v, i;
    for (i = 0u; i < r->n; i++) {
        out &= ~((1u << r->f4_bit[i]) | (1u << r->fam_bit[i]));
    }
    out = r->keep ? out : 0u;
    for (i = 0u; i < r->n; i++) {
        uint32_t from = to_fam ? r->f4_bit[i] : r->fam_bit[i], to = to_fam ? r->fam_bit[i] : r->f4_bit[i];
        out |= ((v >> from) & 1u) << to;
    }
    return out;
}

/* Common checks for a BKPSRAM access; returns -1 to go on, else the bus status. */
static int sram_check(bkm_t *m, uint32_t addr, unsigned size, int write)
{
    if (!m->part->has_bkpsram || addr - fam(m)->sram_base > bkm_sram_size(m) - size) {
        return violate(m, BKM_V_BUS_FAULT, addr, size, write);
    }
    if ((addr & (size - 1u)) != 0u) {
        return violate(m, BKM_V_UNALIGNED, addr, size, write); /* Device memory (ARMv7-M A3.2.1) */
    }
    if (!(m->rcc_ahb1enr & AHB1ENR_BKPSRAMEN)) {
        return violate(m, BKM_V_CLOCK_OFF, addr, size, write);
    }
    return -1;
}

/* ---- H7: the ECC write buffer and the D-cache ---------------------------------------- */

static int cached(const bkm_t *m)
{
    return fam(m)->dcache && (m->scb_ccr & CCR_DC) != 0u;
}

/* The line at off in the cache, filled from the backup SRAM when it is not there. */
static uint8_t *line_of(bkm_t *m, uint32_t off)
{
    uint32_t l = off / 32u;
    if (!m->line_valid[l]) {
        memcpy(&m->cache[l * 32u], &m->sram[l * 32u], 32u);
        m->line_valid[l] = 1u;
    }
    return &m->cache[off];
}

/* A reset: the cache and the ECC buffer are lost (the pending sub-word write never lands). */
static void h7_lose(bkm_t *m)
{
    if (m->ecc_word != 0u) {
        uint32_t o = (m->ecc_word - 1u) * 4u, i;
        for (i = 0; i < 4u; i++) {
            m->sram[o + i] = (uint8_t)(m->ecc_old >> (8u * i));
        }
        m->ecc_word = 0u;
    }
    memset(m->line_valid, 0, sizeof m->line_valid);
    memset(m->line_dirty, 0, sizeof m->line_dirty);
}

/* ECC (RM0433 3; families.md D): a write of a whole word replaces the word; a byte or halfword
 * write is held in a one-word buffer until a write to another word flushes it. */
static void ecc_track(bkm_t *m, uint32_t off, unsigned size)
{
    uint32_t word = off / 4u + 1u, i;
    if (m->ecc_word != 0u && m->ecc_word != word) {
        m->ecc_word = 0u; /* flushed: the earlier sub-word write has landed */
    }
    if (size == 4u) {
        m->ecc_word = 0u;
    } else if (m->ecc_word == 0u) {
        m->ecc_word = word;
        m->ecc_old = 0u;
        for (i = 0; i < 4u; i++) {
            m->ecc_old |= (uint32_t)m->sram[(word - 1u) * 4u + i] << (8u * i);
        }
    }
}

static int sram_read(bkm_t *m, uint32_t addr, unsigned size, uint32_t *value)
{
    int st = sram_check(m, addr, size, 0);
    uint32_t off = addr - fam(m)->sram_base, v = 0u;
    const uint8_t *p = &m->sram[off];
    unsigned i;
    *value = 0u;
    if (st >= 0) {
        return st;
    }
    if (cached(m)) {
        p = line_of(m, off);
    }
    for (i = 0; i < size; i++) {
        v |= (uint32_t)p[i] << (8u * i);
    }
    *value = v;
    m->sram_reads++;
    return 0;
}

/* Before a store write lands: power cut (lost), a dropped write (lost), DBP (RM0090 5.4.1: "0:
 * Access to RTC and RTC Backup registers and backup SRAM disabled"). -1: go on. */
static int write_gate(bkm_t *m, uint32_t addr, unsigned size)
{
    if (m->cut) {
        return 0; /* no power: the write never happens */
    }
    if (m->drop_at != 0u && ++m->drop_writes == m->drop_at) {
        return 0; /* this one write is lost, the next ones land */
    }
    if (!(m->pwr_cr & PWRCR_DBP)) {
        int r = violate(m, BKM_V_WRITE_PROTECTED, addr, size, 1);
        if (m->cfg.wp_write_faults) {
            m->faulted = 1u;
            r = 2;
        }
        return r;
    }
    return -1;
}

/* After a store write landed: counters, and the armed power cut. */
static void written(bkm_t *m, unsigned size)
{
    m->sram_writes++;
    m->sram_writes_by_size[size]++;
    if (m->cut_after != 0u && ++m->cut_writes == m->cut_after) {
        m->cut = 1u; /* an aligned store completes whole; everything after it is lost */
    }
}

static int sram_write(bkm_t *m, uint32_t addr, unsigned size, uint32_t value)
{
    int st = sram_check(m, addr, size, 1);
    uint32_t off = addr - fam(m)->sram_base;
    unsigned i;
    if (st >= 0) {
        return st;
    }
    if (cached(m)) { /* write-back: the line takes it; the backup SRAM only at a clean */
        uint8_t *p = line_of(m, off);
        for (i = 0; i < size; i++) {
            p[i] = (uint8_t)(value >> (8u * i));
        }
        m->line_dirty[off / 32u] = 1u;
        return 0;
    }
    st = write_gate(m, addr, size);
    if (st != -1) {
        return st;
    }
    if (fam(m)->ecc) {
        ecc_track(m, off, size);
    }
    for (i = 0; i < size; i++) {
        m->sram[off + i] = (uint8_t)(value >> (8u * i));
    }
    written(m, size);
    return 0;
}

/* DCCIMVAC: the line at addr, if dirty, is written to the backup SRAM (word by word, each write
 * gated as any other: DBP, a cut, a dropped write), then invalidated. */
static void clean_line(bkm_t *m, uint32_t addr)
{
    uint32_t off = addr - fam(m)->sram_base, l, w;
    if (!fam(m)->dcache || addr < fam(m)->sram_base || off >= BKM_SRAM_SIZE) {
        return;
    }
    l = off / 32u;
    if (m->line_valid[l] && m->line_dirty[l]) {
        for (w = 0; w < 32u; w += 4u) {
            const uint8_t *p = &m->cache[l * 32u + w];
            if (write_gate(m, fam(m)->sram_base + l * 32u + w, 4u) == -1) {
                memcpy(&m->sram[l * 32u + w], p, 4u);
                ecc_track(m, l * 32u + w, 4u);
                written(m, 4u);
            }
        }
    }
    m->line_valid[l] = 0u;
    m->line_dirty[l] = 0u;
}

/* RTC backup registers: 32-bit accesses only (the fallback store's rule), writes need DBP. */
static int bkpreg_access(bkm_t *m, uint32_t addr, unsigned size, int write, uint32_t *value)
{
    int st;
    if (size != 4u || (addr & 3u) != 0u) {
        return violate(m, BKM_V_WIDTH, addr, size, write);
    }
    if (m->cfg.bkpreg_needs_rtcen && !(m->rcc_bdcr & BDCR_RTCEN)) {
        return violate(m, BKM_V_CLOCK_OFF, addr, size, write);
    }
    if (!write) {
        *value = m->bkpreg[(addr - bkpreg_base(m)) / 4u];
        m->sram_reads++;
        return 0;
    }
    st = write_gate(m, addr, size);
    if (st != -1) {
        return st;
    }
    m->bkpreg[(addr - bkpreg_base(m)) / 4u] = *value;
    written(m, size);
    return 0;
}

/* One CRC-32/MPEG-2 word step, MSB first (RM0090 4.3; facts 5). */
static uint32_t crc_word(uint32_t crc, uint32_t w)
{
    int b;
    crc ^= w;
    for (b = 0; b < 32; b++) {
        crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

uint32_t bkm_reset_flags(const bkm_t *m)
{
    uint32_t f = m->rcc_csr >> 25; /* F2/F4: BORRSTF(25)..LPWRRSTF(31) -> bits 0..6 */
    if (fam(m)->g4_flags) { /* G4/L4/H5/U5: BORRSTF (27) stands for POR/PDR and BOR; 25 is OBLRSTF */
        f = (f & ~1u) | ((f >> 2) & 1u);
    }
    return f;
}

/* H5, U5: the secure alias (0x5xxxxxxx) of an address is the same register or byte. */
static uint32_t nonsecure(const bkm_t *m, uint32_t addr)
{
    return (fam(m)->secure_alias && addr >= 0x50000000u && addr < 0x60000000u) ? addr - 0x10000000u : addr;
}

int bkm_is_store(const bkm_t *m, uint32_t addr)
{
    addr = nonsecure(m, addr);
    return (addr >= fam(m)->sram_base && addr < fam(m)->sram_base + bkm_sram_size(m)) || in_bkpreg_window(m, addr);
}

/* The registers the model implements, by their F2/F4 address (canonical()). */
static int is_register(uint32_t f4_addr)
{
    switch (f4_addr) {
    case RCC_AHB1ENR: case RCC_APB1ENR: case RCC_AHB1LPENR: case RCC_BDCR: case RCC_CSR:
    case PWR_CR: case PWR_CSR: case CRC_DR: case CRC_IDR: case CRC_CR: case DBGMCU_IDCODE: case SCB_CPUID:
    case SCB_CCR: case SCB_DCCIMVAC:
        return 1;
    default:
        return 0;
    }
}

int bkm_owns(const bkm_t *m, uint32_t addr)
{
    addr = nonsecure(m, addr);
    return in_sram_window(m, addr) || in_bkpreg_window(m, addr) || is_register(canonical(m, addr & ~3u, reg_of(m, addr & ~3u)));
}

static int bus_read(bkm_t *m, uint32_t addr, unsigned size, uint32_t *value)
{
    const reg_map_t *r = reg_of(m, addr);
    uint32_t v = 0u, f4;
    int st = 0;

    if (in_sram_window(m, addr)) {
        return sram_read(m, addr, size, value);
    }
    if (in_bkpreg_window(m, addr)) {
        *value = 0u;
        return bkpreg_access(m, addr, size, 0, value);
    }
    m->reg_reads++;
    f4 = canonical(m, addr, r);
    switch (f4) {
    case SCB_CCR: v = m->scb_ccr; break;
    case RCC_AHB1ENR: v = m->rcc_ahb1enr; break;
    case RCC_APB1ENR: v = m->rcc_apb1enr; break;
    case RCC_AHB1LPENR: v = m->rcc_ahb1lpenr; break;
    case RCC_BDCR: v = m->rcc_bdcr; break;
    case RCC_CSR: v = m->rcc_csr; break;
    case PWR_CR:
    case PWR_CSR:
        if (fam(m)->pwren && !(m->rcc_apb1enr & APB1ENR_PWREN)) { /* H7, H7R/S, H5: no PWR clock bit */
            st = violate(m, BKM_V_CLOCK_OFF, addr, size, 0);
            break;
        }
        if (f4 == PWR_CR) {
            v = m->pwr_cr;
            break;
        }
        /* BRR sets a while after BRE (start-up time UNVERIFIED: brr_delay_polls reads). */
        if ((m->pwr_csr & PWRCSR_BRE) && !(m->pwr_csr & PWRCSR_BRR) && m->brr_countdown != BKM_NEVER) {
            if (m->brr_countdown == 0u) {
                m->pwr_csr |= PWRCSR_BRR;
            } else {
                m->brr_countdown--;
            }
        }
        v = m->pwr_csr;
        break;
    case CRC_DR:
    case CRC_IDR:
    case CRC_CR:
        if (!(m->rcc_ahb1enr & AHB1ENR_CRCEN)) {
            st = violate(m, BKM_V_CLOCK_OFF, addr, size, 0);
        } else if (size != 4u && addr != CRC_IDR) {
            st = violate(m, BKM_V_WIDTH, addr, size, 0); /* word access only (RM0090 4.4) */
        } else {
            v = addr == CRC_DR ? m->crc_dr : addr == CRC_IDR ? m->crc_idr : 0u;
        }
        break;
    case DBGMCU_IDCODE:
        if (size != 4u) {
            st = violate(m, BKM_V_WIDTH, addr, size, 0); /* "Only 32-bits access" (RM0090 38.6.1) */
        } else {
            v = m->part->idcode;
        }
        break;
    case SCB_CPUID: v = m->part->cpuid; break;
    default:
        st = violate(m, BKM_V_BUS_FAULT, addr, size, 0);
        break;
    }
    if (r != NULL) {
        v = moved(r, v, 1);
    }
    *value = v;
    trace(m, addr, size, v, 0);
    return st;
}

static int bus_write(bkm_t *m, uint32_t addr, unsigned size, uint32_t value)
{
    const reg_map_t *r = reg_of(m, addr);
    uint32_t f4;
    int st = 0;

    if (in_sram_window(m, addr)) {
        return sram_write(m, addr, size, value);
    }
    if (in_bkpreg_window(m, addr)) {
        return bkpreg_access(m, addr, size, 1, &value);
    }
    m->reg_writes++;
    trace(m, addr, size, value, 1);
    if (m->cut) {
        return 0;
    }
    f4 = canonical(m, addr, r);
    if (r != NULL) {
        if (r->ro) {
            return 0; /* a status register (PWR_BDSR): writes do nothing */
        }
        value = moved(r, value, 0);
    }
    switch (f4) {
    case SCB_CCR: m->scb_ccr = value; break;
    case SCB_DCCIMVAC: clean_line(m, value & ~31u); break;
    case RCC_AHB1ENR:
        /* BKPSRAMEN exists only on parts with backup SRAM (CMSIS-F4 headers). */
        m->rcc_ahb1enr = m->part->has_bkpsram ? value : (value & ~AHB1ENR_BKPSRAMEN);
        break;
    case RCC_APB1ENR: m->rcc_apb1enr = value; break;
    case RCC_AHB1LPENR: m->rcc_ahb1lpenr = value; break;
    case RCC_BDCR:
        /* Backup domain register: writable only with DBP=1 (RM0090 5.4.1, 7.3.20). */
        if (!(m->pwr_cr & PWRCR_DBP)) {
            st = violate(m, BKM_V_WRITE_PROTECTED, addr, size, 1);
        } else if (value & BDCR_BDRST) {
            backup_domain_reset(m);
            m->rcc_bdcr = BDCR_BDRST;
        } else {
            m->rcc_bdcr = value;
        }
        break;
    case RCC_CSR:
        /* RMVF clears every reset flag (RM0090 7.3.21); LSION is the only other writable bit. */
        m->rcc_csr = (m->rcc_csr & CSR_FLAGS) | (value & 1u);
        if (value & CSR_RMVF) {
            m->rcc_csr &= ~CSR_FLAGS;
        }
        break;
    case PWR_CR:
    case PWR_CSR:
        if (fam(m)->pwren && !(m->rcc_apb1enr & APB1ENR_PWREN)) {
            st = violate(m, BKM_V_CLOCK_OFF, addr, size, 1);
        } else if (f4 == PWR_CR) {
            if (value & PWRCR_CWUF) {
                m->pwr_csr &= ~PWRCSR_WUF;
            }
            if (value & PWRCR_CSBF) {
                m->pwr_csr &= ~PWRCSR_SBF;
            }
            m->pwr_cr = value & ~(PWRCR_CWUF | PWRCR_CSBF); /* write-1 actions read as 0 */
        } else {
            uint32_t bre = value & PWRCSR_BRE;
            /* "The DBP bit of the PWR_CR register must be set before BRE can be written" (5.4.2). */
            if (bre != (m->pwr_csr & PWRCSR_BRE)) {
                if (!(m->pwr_cr & PWRCR_DBP)) {
                    st = violate(m, BKM_V_WRITE_PROTECTED, addr, size, 1);
                    bre = m->pwr_csr & PWRCSR_BRE;
                } else if (bre && !fam(m)->brr && m->cfg.regulator_smps) {
                    bre = 0u; /* U5 on the SMPS: BREN cannot be set (HU5; the write is ignored, UNVERIFIED) */
                } else if (bre && !fam(m)->brr) {
                    m->pwr_csr |= PWRCSR_BRR; /* no ready flag: ready at once (start-up time UNVERIFIED) */
                } else if (bre) {
                    m->brr_countdown = m->cfg.brr_delay_polls;
                } else {
                    m->pwr_csr &= ~PWRCSR_BRR; /* regulator off */
                }
            }
            m->pwr_csr = (m->pwr_csr & ~(PWRCSR_BRE | PWRCSR_EWUP)) | bre | (value & PWRCSR_EWUP);
        }
        break;
    case CRC_DR:
    case CRC_IDR:
    case CRC_CR:
        if (!(m->rcc_ahb1enr & AHB1ENR_CRCEN)) {
            st = violate(m, BKM_V_CLOCK_OFF, addr, size, 1);
        } else if (size != 4u && addr != CRC_IDR) {
            st = violate(m, BKM_V_WIDTH, addr, size, 1);
        } else if (addr == CRC_DR) {
            m->crc_dr = crc_word(m->crc_dr, value);
        } else if (addr == CRC_IDR) {
            m->crc_idr = value & 0xFFu;
        } else if (value & 1u) {
            m->crc_dr = 0xFFFFFFFFu; /* CR.RESET; IDR unaffected (RM0090 4.3) */
        }
        break;
    default:
        st = violate(m, BKM_V_BUS_FAULT, addr, size, 1); /* read-only or unmodelled */
        break;
    }
    return st;
}

/* Bus accesses by the address the CPU used; the trace keeps that address. */
int bkm_read(bkm_t *m, uint32_t addr, unsigned size, uint32_t *value)
{
    uint32_t n = m->trace_len;
    int st = bus_read(m, nonsecure(m, addr), size, value);
    if (m->trace_len > n) {
        m->trace[n].addr = addr;
    }
    return st;
}

int bkm_write(bkm_t *m, uint32_t addr, unsigned size, uint32_t value)
{
    uint32_t n = m->trace_len;
    int st = bus_write(m, nonsecure(m, addr), size, value);
    if (m->trace_len > n) {
        m->trace[n].addr = addr;
    }
    return st;
}

/* ---- names ---------------------------------------------------------------------------- */

static const char *const event_names[BKM_EV_COUNT] = {
    "power-on", "power-on-no-vbat", "reset", "software-reset", "iwdg-reset",
    "wwdg-reset", "standby-wakeup", "tamper", "rdp-regression", "bdrst",
};

const char *bkm_event_name(bkm_event_t ev)
{
    return (unsigned)ev < BKM_EV_COUNT ? event_names[ev] : "?";
}

int bkm_event_parse(const char *name)
{
    int i;
    for (i = 0; name != NULL && i < BKM_EV_COUNT; i++) {
        if (strcmp(event_names[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

const char *bkm_violation_name(bkm_violation_t v)
{
    static const char *const names[BKM_V_COUNT] = {
        "unaligned", "clock-off", "write-protected", "bus-fault", "width",
    };
    return (unsigned)v < BKM_V_COUNT ? names[v] : "none";
}

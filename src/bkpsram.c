/* SPDX-License-Identifier: MIT */
/*
 * Core driver: part detection, enable sequence, bounds-checked aligned access.
 * Hardware rules are cited by RM0090 section; see docs/hardware.md.
 */
#include "bkpsram/bkpsram.h"


#include <string.h>

#include "bkpsram_priv.h"
#include "port/bkpsram_port.h"

#define WINDOW_OWNERS 8u /* contexts (thread mode, nested handlers) that may hold unlock windows */

/* Driver state, one object (one address for the code to load). g.size != 0 means "initialised". */
bkpsram_limits_t bkpsram_limits = {0u, BKPSRAM_BASE_ADDR, 0u}; /* base: the store, backup SRAM or backup registers */
static struct driver_state {
    uint32_t size;
    uint32_t fast;     /* size on the backup SRAM; 0 on the backup registers and on an ECC backup
                          SRAM (H7, H5, U5): whole words only, sub-word writes as masked RMW */
    uint32_t halves;   /* even offsets of a 4-byte value in halfwords: fast / 2 - 1, or 0 */
    uint32_t open;     /* bkpsram_limits.open_words inside a window: the store's words, 0 on H7 */
    uint32_t closed;   /* ... outside a window: open without write protection, else 0 */
    uint32_t polls;    /* BRR polls before ETIMEOUT */
    uint32_t depth;    /* nesting depth of open write windows (unlock) */
    uint32_t nowners;  /* entries of owner[] and owned[] (bkpsram_unlock) */
    uint16_t owner[WINDOW_OWNERS]; /* context (IPSR) that opened windows, innermost last */
    uint8_t owned[WINDOW_OWNERS];  /* how many (at most UNLOCK_DEPTH_MAX) */
    uint8_t dbp_kept;  /* DBP was already set when the outermost window opened */
    uint8_t wp;        /* write_protect of the last init */
    uint8_t sram;      /* 1: the store is the backup SRAM (0: the backup registers) */
} g;

#define UNLOCK_DEPTH_MAX 255u

/* ---- parts ---------------------------------------------------------------------------- */

/* Where a family keeps what the library needs besides the backup SRAM: the reset flags, the PWR
 * clock, and the backup registers of the fallback store. */
typedef struct {
    uint32_t csr;          /* RCC_CSR */
    uint32_t rmvf;         /* its RMVF bit */
    uint8_t flag_pos[7];   /* RCC_CSR bit of each BKPSRAM_RESET_* flag, bit 0 (BROWNOUT) first */
#if BKPSRAM_HAS_PWREN
    uint32_t pwr_enr;      /* RCC register with PWREN (bit 28 on every family here) */
    uint32_t rtcapb;       /* RTC APB clock bit in the same register, 0: none */
#endif
    uint32_t bkpreg;       /* backup register 0 */
    uint32_t bkpreg_bytes; /* backup registers x 4 */
} family_t;

typedef struct {
    uint16_t dev_id;
    uint8_t kb;  /* backup SRAM in KB: 4, or 0 */
    uint8_t fam; /* index in families[] */
} part_info_t;

#if BKPSRAM_CFG_H7_LIKE
/* STM32H7 and H7R/S: reset flags in RCC_RSR, no PWR clock, 32 RTC (H7) or TAMP (H7R/S) backup
 * registers. */
static const family_t families[] = {
    {BKPSRAM_H7_RCC_RSR, (uint32_t)1u << 16, {21u, 22u, 23u, 24u, 26u, 28u, 30u}, BKPSRAM_H7_RTC_BKP0R, 128u},
};

/* DEV_IDs (families.md C: OpenOCD stm32h7x.c): every H7 and H7R/S has the 4 KB backup SRAM. */
static const part_info_t parts[] = {
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS
    {0x485u, 4u, 0u},
#else
    {0x450u, 4u, 0u},
    {0x483u, 4u, 0u},
    {0x480u, 4u, 0u},
#endif
};
/* The name of each row of parts[] (bkpsram_identify() defines the array: init links no text). */
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS
#define PART_NAMES {BKPSRAM_TEXT("STM32H7R/S")}
#else
#define PART_NAMES {                                                                               \
    BKPSRAM_TEXT("STM32H74x/75x"),                                                                 \
    BKPSRAM_TEXT("STM32H72x/73x"),                                                                 \
    BKPSRAM_TEXT("STM32H7A3/B0/B3")                                                                \
}
#endif

#define REGULATOR_ALSO 0u
#elif BKPSRAM_CFG_M33_LIKE
/* STM32H5 and STM32U5: reset flags in RCC_RSR / RCC_CSR with the G4/L4 bits (BORRSTF, 27, stands
 * for POWER_ON and BROWNOUT), the PWR clock in RCC_AHB3ENR on the U5 (none on the H5), 32 TAMP
 * backup registers. */
static const family_t families[] = {
#if BKPSRAM_HAS_PWREN
    {BKPSRAM_M33_RCC_RSR, (uint32_t)1u << 23, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_RCC_APB1ENR, 0u,
     BKPSRAM_M33_TAMP_BKP0R, 128u},
#else
    {BKPSRAM_M33_RCC_RSR, (uint32_t)1u << 23, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_M33_TAMP_BKP0R, 128u},
#endif
};

/* DEV_IDs (families.md C: BMD stm32h5.c, OpenOCD stm32l4x.h): H56x/57x 4 KB, H503 and H523/533
 * 2 KB; every U5 2 KB. */
static const part_info_t parts[] = {
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
    {0x484u, 4u, 0u},
    {0x474u, 2u, 0u},
    {0x478u, 2u, 0u},
#else
    {0x455u, 2u, 0u},
    {0x482u, 2u, 0u},
    {0x481u, 2u, 0u},
    {0x476u, 2u, 0u},
#endif
};
/* The name of each row of parts[] (bkpsram_identify() defines the array: init links no text). */
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
#define PART_NAMES {                                                                               \
    BKPSRAM_TEXT("STM32H562/563/573"),                                                             \
    BKPSRAM_TEXT("STM32H503"),                                                                     \
    BKPSRAM_TEXT("STM32H523/533")                                                                  \
}
#else
#define PART_NAMES {                                                                               \
    BKPSRAM_TEXT("STM32U535/545"),                                                                 \
    BKPSRAM_TEXT("STM32U575/585"),                                                                 \
    BKPSRAM_TEXT("STM32U59x/5Ax"),                                                                 \
    BKPSRAM_TEXT("STM32U5Fx/5Gx")                                                                  \
}
#endif

#define REGULATOR_ALSO 0u
#elif BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_F7
/* STM32F7: RCC and PWR at the F2/F4 addresses and bits (families.md B; RCC_CSR flags as on F4,
 * RM0410 5.3.21), 32 RTC backup registers (families.md F, CF7). */
static const family_t families[] = {
    {BKPSRAM_RCC_CSR, BKPSRAM_RCC_CSR_RMVF, {25u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_RCC_APB1ENR, 0u,
     BKPSRAM_RTC_BKP0R, 128u},
};

/* DEV_IDs (families.md C: HF7 LL, OpenOCD): every F7 has the 4 KB backup SRAM. */
static const part_info_t parts[] = {
    {0x449u, 4u, 0u},
    {0x451u, 4u, 0u},
    {0x452u, 4u, 0u},
};
/* The name of each row of parts[] (bkpsram_identify() defines the array: init links no text). */
#define PART_NAMES {                                                                               \
    BKPSRAM_TEXT("STM32F74x/75x"),                                                                 \
    BKPSRAM_TEXT("STM32F76x/77x"),                                                                 \
    BKPSRAM_TEXT("STM32F72x/73x")                                                                  \
}

#define REGULATOR_ALSO BKPSRAM_F7_PWR_CSR1_EIWUP /* set with every BRE write (HF7) */
#else
/* Index 0 F2/F4, 1 G47x/G48x, 2 L47x/L48x. G4/L4: BORRSTF (27) is set by POR/PDR and BOR alike:
 * it stands for POWER_ON and BROWNOUT. */
static const family_t families[] = {
    {BKPSRAM_RCC_CSR, BKPSRAM_RCC_CSR_RMVF, {25u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_RCC_APB1ENR, 0u,
     BKPSRAM_RTC_BKP0R, BKPSRAM_RTC_BKP_BYTES},
    {BKPSRAM_G4L4_RCC_CSR, (uint32_t)1u << 23, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_G4L4_RCC_APB1ENR1,
     BKPSRAM_G4L4_RCC_APB1ENR1_RTCAPBEN, BKPSRAM_G4_TAMP_BKP0R, 128u},
    {BKPSRAM_G4L4_RCC_CSR, (uint32_t)1u << 23, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_G4L4_RCC_APB1ENR1,
     0u /* no RTCAPBEN on L47x/L48x */, BKPSRAM_RTC_BKP0R, 128u},
};

/* DEV_IDs: RM0090 38.6.1 and the LL/OpenOCD tables (docs/hardware.md section 2; families.md C). */
static const part_info_t parts[] = {
    {0x413u, 4u, 0u},
    {0x419u, 4u, 0u},
    {0x421u, 4u, 0u},
    {0x434u, 4u, 0u},
    {0x423u, 0u, 0u},
    {0x433u, 0u, 0u},
    {0x458u, 0u, 0u},
    {0x431u, 0u, 0u},
    {0x441u, 0u, 0u},
    {0x463u, 0u, 0u},
    {0x469u, 0u, 1u},
    {0x415u, 0u, 2u},
};
/* The name of each row of parts[] (bkpsram_identify() defines the array: init links no text). */
#define PART_NAMES {                                                                               \
    BKPSRAM_TEXT("STM32F405/407/415/417"),                                                         \
    BKPSRAM_TEXT("STM32F427/429/437/439"),                                                         \
    BKPSRAM_TEXT("STM32F446"),                                                                     \
    BKPSRAM_TEXT("STM32F469/479"),                                                                 \
    BKPSRAM_TEXT("STM32F401xB/C"),                                                                 \
    BKPSRAM_TEXT("STM32F401xD/E"),                                                                 \
    BKPSRAM_TEXT("STM32F410"),                                                                     \
    BKPSRAM_TEXT("STM32F411"),                                                                     \
    BKPSRAM_TEXT("STM32F412"),                                                                     \
    BKPSRAM_TEXT("STM32F413/423"),                                                                 \
    BKPSRAM_TEXT("STM32G47x/G48x"),                                                                \
    BKPSRAM_TEXT("STM32L47x/L48x")                                                                 \
}

#define REGULATOR_ALSO 0u
#endif

/* The part's family, found by DEV_ID each time (no state: usable before init and by the fault
 * handler); F2/F4 when the part is unknown or an F2/rev-A F40x (0x411). */
static const family_t *family_of(uint16_t dev_id)
{
    size_t i;
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (parts[i].dev_id == dev_id) {
            return &families[parts[i].fam];
        }
    }
    return &families[0];
}

/* DBGMCU_IDCODE (32-bit reads only, RM0090 38.6.1), or the forced value. */
static uint32_t idcode(void)
{
#if BKPSRAM_CFG_FORCE_DEV_ID != 0
    return (uint32_t)BKPSRAM_CFG_FORCE_DEV_ID;
#else
    return bkpsram_port_rd32(BKPSRAM_DBGMCU_IDCODE);
#endif
}

/* What init needs of the part: its family row, and in *size its backup SRAM bytes (0: none);
 * NULL for an unknown part. The F2/rev-A F40x id 0x411 is a 4 KB F2/F4 part (no table row). */
static const family_t *probe(uint32_t *size)
{
    uint16_t dev_id = (uint16_t)(idcode() & BKPSRAM_DBGMCU_DEV_ID_MASK);
    size_t i;
    *size = 0u;
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_F4
    if (dev_id == 0x411u) {
        *size = BKPSRAM_SIZE_4K;
        return &families[0];
    }
#endif
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (parts[i].dev_id == dev_id) {
            *size = (uint32_t)parts[i].kb * 1024u;
            return &families[parts[i].fam];
        }
    }
    return NULL;
}

int bkpsram_identify(bkpsram_part_t *part)
{
    static const char *const part_names[] = PART_NAMES;
    uint32_t id;
    size_t i;

    if (part == NULL) {
        return BKPSRAM_EINVAL;
    }
    id = idcode();
    part->dev_id = (uint16_t)(id & BKPSRAM_DBGMCU_DEV_ID_MASK);
    part->rev_id = (uint16_t)(id >> BKPSRAM_DBGMCU_REV_ID_POS);

#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_F4
    /* Rev-A F40x/41x report the F2's 0x411 (erratum ES0182 2.1.x); the core tells them apart. */
    if (part->dev_id == 0x411u) {
        uint32_t partno = (bkpsram_port_rd32(BKPSRAM_SCB_CPUID) >> BKPSRAM_CPUID_PARTNO_POS) &
                          BKPSRAM_CPUID_PARTNO_MASK;
        part->name = (partno == BKPSRAM_CPUID_PARTNO_CM4) ? BKPSRAM_TEXT("STM32F405/407/415/417 (rev A)")
                                                          : BKPSRAM_TEXT("STM32F205/207/215/217");
        part->size = BKPSRAM_SIZE_4K;
        part->bkpreg_size = BKPSRAM_RTC_BKP_BYTES;
        return BKPSRAM_OK;
    }
#endif
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (parts[i].dev_id == part->dev_id) {
            part->name = part_names[i];
            part->size = (uint32_t)parts[i].kb * 1024u;
            part->bkpreg_size = families[parts[i].fam].bkpreg_bytes;
            return BKPSRAM_OK;
        }
    }
    part->name = BKPSRAM_TEXT("unknown");
    part->size = 0u;
    part->bkpreg_size = 0u;
    return BKPSRAM_EUNSUPPORTED;
}

/* ---- registers ------------------------------------------------------------------------ */

/* Read-modify-write of a shared RCC/PWR register with interrupts masked, then a read back:
 * it orders the write before the next access (RCC clock-enable delay, RM0090 7.3; the DBP
 * dummy read of RM0090 5.4.1 and errata ES0182 "delay after programming DBP"). */
BKPSRAM_PRIV_INLINE void rmw(uint32_t addr, uint32_t clear, uint32_t set)
{
    bkpsram_port_wr32(addr, (bkpsram_port_rd32(addr) & ~clear) | set);
    (void)bkpsram_port_rd32(addr);
}

void bkpsram_priv_modify(uint32_t addr, uint32_t clear, uint32_t set)
{
    uint32_t irq = bkpsram_port_irq_save();
    rmw(addr, clear, set);
    bkpsram_port_irq_restore(irq);
}

/* Inside one masked section: set PWR_CR.DBP unless it is set, returning the value to restore. */
BKPSRAM_PRIV_INLINE uint32_t dbp_set(void)
{
    uint32_t cr = bkpsram_port_rd32(BKPSRAM_PWR_CR);
    if ((cr & BKPSRAM_PWR_CR_DBP) == 0u) {
        bkpsram_port_wr32(BKPSRAM_PWR_CR, cr | BKPSRAM_PWR_CR_DBP);
        (void)bkpsram_port_rd32(BKPSRAM_PWR_CR); /* the write reaches PWR before the store (RM0090 5.4.1) */
    }
    return cr;
}

BKPSRAM_PRIV_INLINE void dbp_restore(uint32_t cr)
{
    if ((cr & BKPSRAM_PWR_CR_DBP) == 0u) {
        bkpsram_port_wr32(BKPSRAM_PWR_CR, cr);
        (void)bkpsram_port_rd32(BKPSRAM_PWR_CR);
    }
}

/* The limits of the inline fast paths (bkpsram.h) after the store or the write window changed:
 * an aligned word may be stored without a DBP change inside a window or without write protection,
 * except on the H7 builds, where every write also cleans its D-cache line. Called with interrupts
 * masked wherever a handler could find the window half changed. */

BKPSRAM_PRIV_INLINE void publish(void)
{
    uint32_t words = g.size / 4u;
    g.halves = (g.fast >= 4u) ? ((g.fast / 2u) - 1u) : 0u;
#if BKPSRAM_CFG_H7_LIKE
    g.open = 0u; /* every write also cleans its D-cache line: never the inline path */
#else
    g.open = words;
#endif
    g.closed = 0u;
    if (g.wp == 0u) {
        g.closed = g.open;
    }
    bkpsram_limits.words = words;
    bkpsram_limits.open_words = (g.depth != 0u) ? g.open : g.closed;
}

/* Open a write window: set DBP unless it is set already; windows nest. The count and DBP change
 * together with interrupts masked: an interrupt handler's write that arrives between them would
 * otherwise find the count raised, take DBP for set, and be dropped. */
static void window_open(void)
{
    uint32_t irq = bkpsram_port_irq_save();
    if (g.depth++ == 0u) {
        g.dbp_kept = ((dbp_set() & BKPSRAM_PWR_CR_DBP) != 0u) ? 1u : 0u;
        bkpsram_limits.open_words = g.open;
    }
    bkpsram_port_irq_restore(irq);
}

/* Close a write window: the outermost close restores the DBP state found at its open. */
static void window_close(void)
{
    uint32_t irq = bkpsram_port_irq_save();
    g.depth--;
    if (g.depth == 0u) {
        bkpsram_limits.open_words = g.closed; /* before DBP is cleared: no inline store finds it clear */
    }
    if ((g.depth == 0u) && (g.dbp_kept == 0u)) { /* other PWR_CR bits may have changed meanwhile */
        bkpsram_port_wr32(BKPSRAM_PWR_CR, bkpsram_port_rd32(BKPSRAM_PWR_CR) & ~BKPSRAM_PWR_CR_DBP);
        (void)bkpsram_port_rd32(BKPSRAM_PWR_CR);
    }
    bkpsram_port_irq_restore(irq);
}

/* BRE on or off, written only when it changes (BRE is writable only while DBP is set, RM0090
 * 5.4.2; BRE survives a system reset, 5.1.2). The caller has DBP set and interrupts masked. */
BKPSRAM_PRIV_INLINE void bre_write(int enable)
{
    uint32_t csr = bkpsram_port_rd32(BKPSRAM_PWR_CSR);
    uint32_t want = (enable != 0) ? (csr | BKPSRAM_PWR_CSR_BRE | REGULATOR_ALSO) : (csr & ~BKPSRAM_PWR_CSR_BRE);
    if (want != csr) {
        bkpsram_port_wr32(BKPSRAM_PWR_CSR, want);
        (void)bkpsram_port_rd32(BKPSRAM_PWR_CSR);
    }
}

/* After BRE on: wait for BRR, bounded by polls register reads (no timer needed). The U5 has no
 * ready flag: BREN itself is read back (it does not stay set with the core on the SMPS, HU5). */
static int bre_ready(uint32_t polls)
{
#if BKPSRAM_HAS_BRR
    for (; polls != 0u; polls--) {
        if ((bkpsram_port_rd32(BKPSRAM_PWR_BRR_REG) & BKPSRAM_PWR_CSR_BRR) != 0u) {
            return BKPSRAM_OK;
        }
    }
    return BKPSRAM_ETIMEOUT;
#else
    (void)polls;
    return ((bkpsram_port_rd32(BKPSRAM_PWR_CSR) & BKPSRAM_PWR_CSR_BRE) != 0u) ? BKPSRAM_OK : BKPSRAM_ETIMEOUT;
#endif
}

/* ---- init ----------------------------------------------------------------------------- */

int bkpsram_init(const bkpsram_config_t *cfg)
{
    static const bkpsram_config_t defaults = BKPSRAM_CONFIG_DEFAULT;
    const family_t *fam;
    uint32_t size, polls, irq, kept;
    int rc = BKPSRAM_OK;

    if (cfg == NULL) {
        cfg = &defaults;
    }
    if (((uint32_t)cfg->retention | cfg->write_protect | cfg->fallback) > 1u) {
        return BKPSRAM_EINVAL;
    }
    if (g.depth != 0u) { /* re-init inside an unlock: give the application its DBP back first */
        g.depth = 1u;
        g.nowners = 0u;
        window_close();
    }
    g.size = 0u; /* until the end: every data call (a handler's too) gives BKPSRAM_ENOTINIT */
    g.fast = 0u;
    g.halves = 0u;
    g.open = 0u;
    g.closed = 0u;
    bkpsram_limits.words = 0u;
    bkpsram_limits.open_words = 0u;
    fam = probe(&size);
    if ((fam == NULL) || ((size == 0u) && ((cfg->fallback == 0u) || (fam->bkpreg_bytes == 0u)))) {
        return BKPSRAM_EUNSUPPORTED; /* never touch 0x40024000 on a part without it: it bus-faults */
    }
    polls = (cfg->timeout_polls != 0u) ? cfg->timeout_polls : BKPSRAM_CFG_TIMEOUT_POLLS;

    /* RM0090 5.1.2 "Access to the backup SRAM": PWREN, then DBP, then BKPSRAMEN, in one masked
     * section; each a read-modify-write (no other clock or PWR bit changes) read back, which
     * orders it before the next access (RCC clock-enable delay, RM0090 7.3; the DBP dummy read of
     * RM0090 5.4.1 and errata ES0182). The backup registers need PWREN and DBP only (RM0090 5.1.2
     * "Access to the RTC and RTC backup registers"), plus the RTC APB clock on the families that
     * have one (families.md F). */
    irq = bkpsram_port_irq_save();
#if BKPSRAM_HAS_PWREN /* no PWR clock bit on the H7 */
    rmw(fam->pwr_enr, 0u, BKPSRAM_RCC_APB1ENR_PWREN | fam->rtcapb);
#endif
    kept = dbp_set() & BKPSRAM_PWR_CR_DBP; /* the application's DBP */
    if (size != 0u) {
        rmw(BKPSRAM_RCC_AHB1ENR, 0u, BKPSRAM_RCC_AHB1ENR_BKPSRAMEN | BKPSRAM_CLOCK_ALSO);
        bre_write(cfg->retention);
    }
    bkpsram_port_irq_restore(irq);
    if ((size != 0u) && (cfg->retention != 0u)) {
        rc = bre_ready(polls);
    }
    if ((cfg->write_protect != 0u) && (kept == 0u)) {
        irq = bkpsram_port_irq_save();
        rmw(BKPSRAM_PWR_CR, BKPSRAM_PWR_CR_DBP, 0u);
        bkpsram_port_irq_restore(irq);
    }
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    g.polls = polls;
    g.sram = (size != 0u) ? 1u : 0u;
    g.fast = (BKPSRAM_ECC_WORDS != 0) ? 0u : size; /* ECC: every store a whole word */
    g.size = (size != 0u) ? size : fam->bkpreg_bytes;
    bkpsram_limits.base = (size != 0u) ? BKPSRAM_BASE_ADDR : fam->bkpreg;
    g.wp = cfg->write_protect;
    publish();
    return BKPSRAM_OK;
}

int bkpsram_kind(void)
{
    if (g.size == 0u) {
        return BKPSRAM_KIND_NONE;
    }
    return (g.sram != 0u) ? BKPSRAM_KIND_SRAM : BKPSRAM_KIND_BKPREG;
}

int bkpsram_deinit(void)
{
    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (g.depth != 0u) { /* close windows the application left open */
        g.depth = 1u;
        g.nowners = 0u;
        window_close();
    }
    if (g.sram != 0u) {
        bkpsram_priv_modify(BKPSRAM_RCC_AHB1ENR, BKPSRAM_RCC_AHB1ENR_BKPSRAMEN, 0u);
    }
    g.size = 0u;
    g.fast = 0u;
    g.sram = 0u;
    publish();
    return BKPSRAM_OK;
}

uint32_t bkpsram_size(void)
{
    return g.size;
}

void bkpsram_priv_window_open(void)
{
    window_open();
}

void bkpsram_priv_window_close(void)
{
    window_close();
}

/* Who opened the windows of bkpsram_unlock(): the execution context (IPSR: 0 for thread mode, the
 * exception number in a handler) and how many windows it opened, innermost last. Handlers nest,
 * so a context's windows are one run on this stack; a lock from another context than the one on
 * top would close a window the interrupted code opened. */
static int owner_push(uint32_t ctx)
{
    if ((g.nowners == 0u) || (g.owner[g.nowners - 1u] != ctx)) {
        if (g.nowners == WINDOW_OWNERS) {
            return BKPSRAM_EBUSY; /* handlers nested deeper than WINDOW_OWNERS, each unlocking */
        }
        g.owner[g.nowners] = (uint16_t)ctx;
        g.owned[g.nowners] = 0u;
        g.nowners++;
    }
    g.owned[g.nowners - 1u]++;
    return BKPSRAM_OK;
}

static int owner_pop(uint32_t ctx)
{
    if ((g.nowners == 0u) || (g.owner[g.nowners - 1u] != ctx)) {
        return BKPSRAM_EBUSY; /* the window open now is the interrupted code's */
    }
    if (--g.owned[g.nowners - 1u] == 0u) {
        g.nowners--;
    }
    return BKPSRAM_OK;
}

int bkpsram_unlock(void)
{
    uint32_t irq;
    int rc;
    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (g.depth >= UNLOCK_DEPTH_MAX) {
        return BKPSRAM_EINVAL;
    }
    irq = bkpsram_port_irq_save();
    rc = owner_push(bkpsram_port_context());
    bkpsram_port_irq_restore(irq);
    if (rc == BKPSRAM_OK) {
        window_open();
    }
    return rc;
}

int bkpsram_lock(void)
{
    uint32_t irq;
    int rc;
    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (g.depth == 0u) {
        return BKPSRAM_EINVAL;
    }
    irq = bkpsram_port_irq_save();
    rc = owner_pop(bkpsram_port_context());
    bkpsram_port_irq_restore(irq);
    if (rc == BKPSRAM_OK) {
        window_close();
    }
    return rc;
}

int bkpsram_set_retention(int enable)
{
    uint32_t irq;
    int rc;

    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if (g.sram == 0u) {
        return BKPSRAM_OK; /* the backup registers need no regulator: VBAT keeps them */
    }
    window_open();
    irq = bkpsram_port_irq_save();
    bre_write(enable);
    bkpsram_port_irq_restore(irq);
    rc = (enable != 0) ? bre_ready(g.polls) : BKPSRAM_OK;
    window_close();
    return rc;
}

/* The family of the part this runs on (DBGMCU read each time: usable before init). */
static const family_t *this_family(void)
{
    bkpsram_part_t part;
    (void)bkpsram_identify(&part);
    return family_of(part.dev_id);
}

uint32_t bkpsram_priv_csr(void)
{
    return bkpsram_port_rd32(this_family()->csr);
}

uint32_t bkpsram_reset_flags(int clear)
{
    const family_t *fam = this_family();
    uint32_t csr = bkpsram_port_rd32(fam->csr), flags = 0u, i;

    if (clear != 0) {
        bkpsram_priv_modify(fam->csr, 0u, fam->rmvf);
    }
    for (i = 0u; i < 7u; i++) { /* F2/F4: BORRSTF(25)..LPWRRSTF(31) -> bits 0..6 */
        flags |= ((csr >> fam->flag_pos[i]) & 1u) << i;
    }
    return flags;
}

/* ---- data access ---------------------------------------------------------------------- */

#if BKPSRAM_CFG_H7_LIKE
void bkpsram_priv_clean(uint32_t addr, uint32_t len)
{
    if ((bkpsram_port_rd32(BKPSRAM_SCB_CCR) & BKPSRAM_SCB_CCR_DC) != 0u) {
        uint32_t line = addr & ~31u, end = addr + len;
        bkpsram_port_dsb();
        for (; line < end; line += 32u) {
            bkpsram_port_wr32(BKPSRAM_SCB_DCCIMVAC, line);
        }
        bkpsram_port_dsb();
    }
}
#endif

/* Overflow-safe bounds check (offset + len never computed). */
BKPSRAM_PRIV_INLINE int check(uint32_t offset, size_t len)
{
    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    if ((offset > g.size) || (len > ((size_t)g.size - (size_t)offset))) {
        return BKPSRAM_ERANGE;
    }
    return BKPSRAM_OK;
}

/* The next naturally aligned piece at addr: a word, a halfword or a byte, at most len bytes. */
BKPSRAM_PRIV_INLINE size_t piece(uint32_t addr, size_t len)
{
    size_t n = 1u;
    if (((addr & 3u) == 0u) && (len >= 4u)) {
        n = 4u;
    } else if (((addr & 1u) == 0u) && (len >= 2u)) {
        n = 2u;
    } else {
        /* a byte */
    }
    return n;
}

/* A byte or halfword (n = 1 or 2) of a backup register (32-bit accesses only): the register is
 * read and written whole, with interrupts masked so an interrupt handler's write to its other
 * bytes is not undone. Out of line: the backup SRAM paths stay as short as before. */
static __attribute__((noinline)) void put_reg_part(uint32_t addr, uint32_t v, size_t n)
{
    uint32_t word = addr & ~3u, shift = 8u * (addr & 3u), mask = ((n == 2u) ? 0xFFFFu : 0xFFu) << shift;
    uint32_t irq = bkpsram_port_irq_save();
    bkpsram_port_wr32(word, (bkpsram_port_rd32(word) & ~mask) | ((v << shift) & mask));
    bkpsram_port_irq_restore(irq);
}

static __attribute__((noinline)) uint32_t get_reg_part(uint32_t addr)
{
    return bkpsram_port_rd32(addr & ~3u) >> (8u * (addr & 3u));
}

/* One naturally aligned piece of n bytes (1, 2 or 4) at addr. */
BKPSRAM_PRIV_INLINE void put_piece(uint32_t addr, uint32_t v, size_t n)
{
    if (n == 4u) {
        bkpsram_port_wr32(addr, v);
    } else if (g.fast == 0u) {
        put_reg_part(addr, v, n);
    } else if (n == 2u) {
        bkpsram_port_wr16(addr, (uint16_t)v);
    } else {
        bkpsram_port_wr8(addr, (uint8_t)v);
    }
}

BKPSRAM_PRIV_INLINE uint32_t get_piece(uint32_t addr, size_t n)
{
    uint32_t v;
    if (n == 4u) {
        v = bkpsram_port_rd32(addr);
    } else if (g.fast == 0u) {
        v = get_reg_part(addr);
    } else if (n == 2u) {
        v = bkpsram_port_rd16(addr);
    } else {
        v = bkpsram_port_rd8(addr);
    }
    return v;
}

/* n words (a non-zero multiple of 4) at addr, from a word-aligned src or the pattern fill: stored
 * (check 0) or compared (check 1, returning the OR of the differences). */
static __attribute__((noinline)) uint32_t block(uint32_t addr, const uint8_t *src, uint32_t fill, uint32_t n, int check)
{
    uint32_t diff = 0u;
    if (check != 0) {
        diff = (src != NULL) ? bkpsram_port_cmp_block(addr, src, n) : bkpsram_port_cmp_fill(addr, fill, n);
    } else if (src != NULL) {
        bkpsram_port_wr_block(addr, src, n);
    } else {
        bkpsram_port_fill_block(addr, fill, n);
    }
    return diff;
}

/* Walk len bytes at addr in naturally aligned pieces (bytes and halfwords up to a word boundary,
 * the aligned middle word by word, then the tail), each piece's value taken from src, or the
 * byte pattern fill when src is NULL. check 0: store each piece; check 1: compare each piece with
 * what the backup SRAM holds. Returns the OR of the differences (0 for a store). Always inlined
 * with a constant check, so each caller gets its own loop. */
BKPSRAM_PRIV_INLINE uint32_t walk(uint32_t addr, const uint8_t *src, uint32_t fill, size_t len, int check)
{
    uint32_t diff = 0u;
    while (len != 0u) {
        size_t n = piece(addr, len);
        if (n == 4u) { /* the aligned middle: blocks of 4 words, then a word at a time */
            uint32_t end = addr + (uint32_t)(len & ~(size_t)3u), blk = (uint32_t)(len >> 2) & ~3u;
            len &= 3u;
            if ((blk != 0u) && ((src == NULL) || (((uintptr_t)src & 3u) == 0u))) {
                diff |= block(addr, src, fill, blk, check);
                addr += 4u * blk;
                if (src != NULL) {
                    src = &src[(size_t)4u * blk];
                }
            }
            for (; addr != end; addr += 4u) {
                uint32_t v = (src != NULL) ? bkpsram_priv_load(src, 4u) : fill;
                if (check != 0) {
                    diff |= bkpsram_port_rd32(addr) ^ v;
                } else {
                    bkpsram_port_wr32(addr, v);
                }
                if (src != NULL) {
                    src = &src[4];
                }
            }
        } else {
            uint32_t v = (src != NULL) ? bkpsram_priv_load(src, n) : fill;
            if (check != 0) {
                diff |= (get_piece(addr, n) ^ v) & ((n == 2u) ? 0xFFFFu : 0xFFu);
            } else {
                put_piece(addr, v, n);
            }
            addr += (uint32_t)n;
            len -= n;
            if (src != NULL) {
                src = &src[n];
            }
        }
    }
    return diff;
}

/* Load len bytes at offset into dst with naturally aligned loads (mirror of walk). */
static void get(uint32_t offset, uint8_t *dst, size_t len)
{
    uint32_t addr = bkpsram_limits.base + offset;
    while (len != 0u) {
        size_t n = piece(addr, len);
        if (n == 4u) {
            uint32_t end = addr + (uint32_t)(len & ~(size_t)3u), blk = (uint32_t)(len >> 2) & ~3u;
            len &= 3u;
            if ((blk != 0u) && (((uintptr_t)dst & 3u) == 0u)) {
                bkpsram_port_rd_block(dst, addr, blk);
                addr += 4u * blk;
                dst = &dst[(size_t)4u * blk];
            }
            for (; addr != end; addr += 4u) {
                bkpsram_priv_store(dst, bkpsram_port_rd32(addr), 4u);
                dst = &dst[4];
            }
        } else {
            bkpsram_priv_store(dst, get_piece(addr, n), n);
            addr += (uint32_t)n;
            dst = &dst[n];
            len -= n;
        }
    }
}

/* 1 when the len bytes at addr read back as src (or the fill pattern): a write dropped because
 * something cleared PWR_CR.DBP during the call (an interrupt handler's RTC code) is caught here. */
static int stored(uint32_t addr, const uint8_t *src, uint32_t fill, size_t len)
{
    return (walk(addr, src, fill, len, 1) == 0u) ? 1 : 0;
}

#define SMALL_WRITE 16u /* up to this many bytes, a write runs in one masked section */

static int store(uint32_t offset, const uint8_t *src, uint32_t fill, size_t len)
{
    uint32_t addr = bkpsram_limits.base + offset, irq = 0u, cr = 0u;
    int rc = check(offset, len), masked = 0;
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    if ((g.depth == 0u) && (len <= SMALL_WRITE)) { /* short: no window bookkeeping */
        masked = 1;
    }
    if (masked != 0) {
        irq = bkpsram_port_irq_save();
        cr = dbp_set();
    } else {
        window_open();
    }
    (void)walk(addr, src, fill, len, 0);
    bkpsram_priv_sync(addr, (uint32_t)len);
    rc = (stored(addr, src, fill, len) != 0) ? BKPSRAM_OK : BKPSRAM_EWRITE;
    if (masked != 0) {
        dbp_restore(cr);
        bkpsram_port_irq_restore(irq);
    } else {
        window_close();
    }
    return rc;
}

int bkpsram_read(uint32_t offset, void *dst, size_t len)
{
    int rc;
    if (dst == NULL) {
        return BKPSRAM_EINVAL;
    }
    rc = check(offset, len);
    if (rc == BKPSRAM_OK) {
        get(offset, (uint8_t *)dst, len);
    }
    return rc;
}

int bkpsram_write(uint32_t offset, const void *src, size_t len)
{
    if (src == NULL) {
        return BKPSRAM_EINVAL;
    }
    return store(offset, (const uint8_t *)src, 0u, len);
}

int bkpsram_memset(uint32_t offset, uint8_t value, size_t len)
{
    return store(offset, NULL, value * 0x01010101u, len);
}

int bkpsram_fill_u32(uint32_t value)
{
    uint32_t diff;
    if (g.size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    window_open(); /* g.size is a non-zero multiple of 16 (4096, or 80 or 128 bytes of registers) */
    bkpsram_port_fill_block(bkpsram_limits.base, value, g.size / 4u);
    bkpsram_priv_sync(bkpsram_limits.base, g.size);
    diff = bkpsram_port_cmp_fill(bkpsram_limits.base, value, g.size / 4u);
    window_close();
    return (diff == 0u) ? BKPSRAM_OK : BKPSRAM_EWRITE;
}

int bkpsram_fill_u16(uint16_t value)
{
    return bkpsram_fill_u32(value * 0x00010001u);
}

int bkpsram_fill_u8(uint8_t value)
{
    return bkpsram_fill_u32(value * 0x01010101u);
}

/* ---- typed access: one little-endian path, thin wrappers ------------------------------ */

/* Typed values are moved as their little-endian bytes (STM32 cores and the host test machines
 * are little-endian), so one path serves every width, and floats stay bit patterns. It is its
 * own short loop over the naturally aligned pieces (at most 8 bytes: no blocks, no window), so a
 * firmware that uses only the typed accessors does not link the bulk paths. The stores and the
 * read-back run in one masked section that sets DBP when it is clear. */
static int write_le(uint32_t offset, uint64_t bits, size_t len)
{
    uint32_t addr, irq, cr, diff = 0u;
    size_t i, n;
    int rc = check(offset, len);
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    addr = bkpsram_limits.base + offset;
    irq = bkpsram_port_irq_save();
    cr = dbp_set();
    for (i = 0u; i < len; i += n) {
        n = piece(addr + (uint32_t)i, len - i);
        put_piece(addr + (uint32_t)i, (uint32_t)(bits >> (8u * i)), n);
    }
    bkpsram_priv_sync(addr, (uint32_t)len);
    for (i = 0u; i < len; i += n) {
        n = piece(addr + (uint32_t)i, len - i);
        diff |= (get_piece(addr + (uint32_t)i, n) ^ (uint32_t)(bits >> (8u * i))) &
                ((n == 4u) ? 0xFFFFFFFFu : ((n == 2u) ? 0xFFFFu : 0xFFu));
    }
    dbp_restore(cr);
    bkpsram_port_irq_restore(irq);
    return (diff == 0u) ? BKPSRAM_OK : BKPSRAM_EWRITE;
}

/* The reading twin of write_le: the len bytes at offset as a little-endian number in *bits. */
static int read_le(uint32_t offset, uint64_t *bits, size_t len)
{
    uint32_t addr;
    uint64_t v = 0u;
    size_t i, n;
    int rc = check(offset, len);
    if (rc != BKPSRAM_OK) {
        return rc;
    }
    addr = bkpsram_limits.base + offset;
    for (i = 0u; i < len; i += n) {
        n = piece(addr + (uint32_t)i, len - i);
        v |= (uint64_t)(get_piece(addr + (uint32_t)i, n) & ((n == 4u) ? 0xFFFFFFFFu : ((n == 2u) ? 0xFFFFu : 0xFFu)))
             << (8u * i);
    }
    *bits = v;
    return BKPSRAM_OK;
}

/* Floats and doubles go through memory as bytes and reach the backup SRAM through integer
 * stores: never a VSTR/VLDR on Device memory. */
int bkpsram_write_u8(uint32_t offset, uint8_t value) { return write_le(offset, value, 1u); }
int bkpsram_write_u16(uint32_t offset, uint16_t value) { return write_le(offset, value, 2u); }
/* Aligned words take a short path: one bounds test, and when the backup domain is write-protected
 * one masked section that sets DBP, stores, reads back and clears DBP (no window bookkeeping: no
 * interrupt can observe it). Everything else, errors included, takes the generic path, which
 * returns the documented codes. */
static __attribute__((noinline)) int write4_generic(uint32_t offset, uint32_t bits)
{
    return write_le(offset, bits, 4u); /* out of line: keeps the fast path short */
}

/* offset / 2 for an even offset, at least 2^31 for an odd one (rotate right by 1). */
#define HALF_INDEX(offset) (((offset) >> 1) | ((offset) << 31))

/* A 4-byte value at addr (one word, or with halves two halfwords), stored and read back in one
 * masked section that sets PWR_CR.DBP when it is clear and restores it after: no window
 * bookkeeping, and no interrupt can find DBP half changed. When DBP is set already (a window is
 * open, or write_protect = 0) it only reads PWR_CR. */
BKPSRAM_PRIV_INLINE int masked4(uint32_t addr, uint32_t bits, int halves)
{
    uint32_t irq = bkpsram_port_irq_save(), cr = dbp_set(), got;
    if (halves == 0) {
        bkpsram_port_wr32(addr, bits);
        bkpsram_priv_sync(addr, 4u);
        got = bkpsram_port_rd32(addr);
    } else {
        bkpsram_port_wr16(addr, (uint16_t)bits);
        bkpsram_port_wr16(addr + 2u, (uint16_t)(bits >> 16));
        got = (uint32_t)bkpsram_port_rd16(addr) | ((uint32_t)bkpsram_port_rd16(addr + 2u) << 16);
    }
    dbp_restore(cr);
    bkpsram_port_irq_restore(irq);
    return (got == bits) ? BKPSRAM_OK : BKPSRAM_EWRITE;
}

/* A 4-byte value (u32 or a float's bits): an aligned word of any store, or at an offset 2 mod 4
 * two aligned halfwords where the store takes them (g.halves: not the backup registers, not an
 * ECC backup SRAM). Every other case, errors included, takes the generic path, which returns the
 * documented codes. The inline fast path of bkpsram.h comes here when DBP may need setting. */
int (bkpsram_write_u32)(uint32_t offset, uint32_t value)
{
    const uint32_t base = bkpsram_limits.base;
    if (BKPSRAM_WORD_INDEX(offset) < bkpsram_limits.words) {
        return masked4(base + offset, value, 0);
    }
    if (HALF_INDEX(offset) < g.halves) {
        return masked4(base + offset, value, 1);
    }
    return write4_generic(offset, value);
}

/* The 4 bytes at offset through aligned loads (as bkpsram_write_u32 stores them) into *v: 1, or 0
 * when the generic path must decide. */
BKPSRAM_PRIV_INLINE int load4(uint32_t offset, uint32_t *v)
{
    const uint32_t addr = bkpsram_limits.base + offset;
    int ok = 1;
    if (BKPSRAM_WORD_INDEX(offset) < bkpsram_limits.words) {
        *v = bkpsram_port_rd32(addr);
    } else if (HALF_INDEX(offset) < g.halves) {
        *v = (uint32_t)bkpsram_port_rd16(addr) | ((uint32_t)bkpsram_port_rd16(addr + 2u) << 16);
    } else {
        ok = 0;
    }
    return ok;
}

int bkpsram_write_u64(uint32_t offset, uint64_t value) { return write_le(offset, value, 8u); }
int (bkpsram_write_float)(uint32_t offset, float value)
{
    return (bkpsram_write_u32)(offset, bkpsram_priv_load((const uint8_t *)&value, 4u)); /* the bits, never a VSTR */
}
int bkpsram_write_double(uint32_t offset, double value)
{
    uint64_t bits;
    (void)memcpy((uint8_t *)&bits, (const uint8_t *)&value, sizeof bits); /* the bits, never a VSTR */
    return write_le(offset, bits, 8u);
}

/* A typed read of n bytes through read_le into value (NULL: BKPSRAM_EINVAL), copied as bytes. */
static int read_typed(uint32_t offset, void *value, size_t n)
{
    uint64_t bits = 0u;
    int rc = (value == NULL) ? BKPSRAM_EINVAL : read_le(offset, &bits, n);
    if (rc == BKPSRAM_OK) {
        (void)memcpy((uint8_t *)value, (const uint8_t *)&bits, n); /* little-endian: the low n bytes */
    }
    return rc;
}

int bkpsram_read_u8(uint32_t offset, uint8_t *value) { return read_typed(offset, value, 1u); }
int bkpsram_read_u16(uint32_t offset, uint16_t *value) { return read_typed(offset, value, 2u); }
int (bkpsram_read_u32)(uint32_t offset, uint32_t *value)
{
    uint32_t v;
    if ((value != NULL) && (load4(offset, &v) != 0)) {
        bkpsram_priv_store((uint8_t *)value, v, 4u);
        return BKPSRAM_OK;
    }
    return read_typed(offset, value, 4u);
}
int bkpsram_read_u64(uint32_t offset, uint64_t *value) { return read_typed(offset, value, 8u); }
int (bkpsram_read_float)(uint32_t offset, float *value)
{
    uint32_t v;
    if ((value != NULL) && (load4(offset, &v) != 0)) {
        bkpsram_priv_store((uint8_t *)value, v, 4u); /* the bits, never a VLDR */
        return BKPSRAM_OK;
    }
    return read_typed(offset, value, 4u);
}
int bkpsram_read_double(uint32_t offset, double *value) { return read_typed(offset, value, 8u); }

/* ---- errors --------------------------------------------------------------------------- */

const char *bkpsram_strerror(int err)
{
    static const char *const names[1 - BKPSRAM_EBUSY] = { /* one per code, 0 .. BKPSRAM_EBUSY */
        BKPSRAM_TEXT("BKPSRAM_OK: success"),
        BKPSRAM_TEXT("BKPSRAM_EINVAL: invalid argument"),
        BKPSRAM_TEXT("BKPSRAM_ERANGE: offset or length outside the backup SRAM"),
        BKPSRAM_TEXT("BKPSRAM_ENOTINIT: bkpsram_init() has not succeeded"),
        BKPSRAM_TEXT("BKPSRAM_EUNSUPPORTED: this part has no backup SRAM"),
        BKPSRAM_TEXT("BKPSRAM_ETIMEOUT: backup regulator not ready"),
        BKPSRAM_TEXT("BKPSRAM_ENOENT: no valid data"),
        BKPSRAM_TEXT("BKPSRAM_ECORRUPT: data fails its integrity check"),
        BKPSRAM_TEXT("BKPSRAM_EVERSION: data has another schema version"),
        BKPSRAM_TEXT("BKPSRAM_ENOSPC: area too small"),
        BKPSRAM_TEXT("BKPSRAM_EWRITE: a write did not reach the backup SRAM (PWR_CR.DBP cleared during the call?)"),
        BKPSRAM_TEXT("BKPSRAM_EBUSY: the interrupted code is changing the same record or log"),
    };
    if ((err > 0) || (err < BKPSRAM_EBUSY)) {
        return BKPSRAM_TEXT("BKPSRAM_E?: unknown error code");
    }
    return names[-err];
}

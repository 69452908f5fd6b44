/* SPDX-License-Identifier: MIT */
/*
 * Register map used by the driver: addresses and bits with BKPSRAM_ names, so the library
 * coexists with a user's CMSIS device header. Sources: RM0090 Rev 21 and the CMSIS-F4 device
 * headers (see docs/hardware.md); the same values hold for every F4 with backup SRAM and for F2.
 */
#ifndef BKPSRAM_REGS_H
#define BKPSRAM_REGS_H

#include <stdint.h>

#include "bkpsram/bkpsram_opt.h"

/* Backup SRAM: 4 KB on AHB1 at 0x40024000 (RM0090 2.3 memory map), Device memory; on the H7 at
 * 0x38800000 in the D3/SRD domain, Normal memory (families.md A, D). Overridable only to test the
 * library somewhere else (the QEMU check relocates it into SRAM). */
#define BKPSRAM_F4_MAP (!BKPSRAM_CFG_H7_LIKE && !BKPSRAM_CFG_M33_LIKE) /* F2, F4, F7 (and G4, L4) */
/* H5/U5: the secure aliases are the non-secure ones + 0x10000000 (families.md A, B, F). */
#if BKPSRAM_CFG_M33_LIKE && BKPSRAM_CFG_SECURE
#define BKPSRAM_SEC 0x10000000u
#else
#define BKPSRAM_SEC 0u
#endif
#ifndef BKPSRAM_BASE_ADDR
#if BKPSRAM_CFG_H7_LIKE
#define BKPSRAM_BASE_ADDR 0x38800000u
#elif BKPSRAM_CFG_M33_LIKE
#define BKPSRAM_BASE_ADDR (0x40036400u + BKPSRAM_SEC)
#else
#define BKPSRAM_BASE_ADDR 0x40024000u
#endif
#endif
#define BKPSRAM_SIZE_4K   4096u

/* RCC, base 0x40023800 (RM0090 7.3). */
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_RCC_AHB1ENR   0x40023830u /* reset 0x00100000 */
#endif
#if BKPSRAM_F4_MAP
#define BKPSRAM_RCC_APB1ENR   0x40023840u /* reset 0x00000000 */
#endif
#define BKPSRAM_RCC_AHB1LPENR 0x40023850u /* reset 0x7E6791FF on F405/407 */
#define BKPSRAM_RCC_BDCR      0x40023870u /* backup domain */
#define BKPSRAM_RCC_CSR       0x40023874u /* reset flags, kept over system reset */

#define BKPSRAM_RCC_AHB1ENR_CRCEN     ((uint32_t)1u << 12) /* RCC_AHB1ENR bit 12 */
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_RCC_AHB1ENR_BKPSRAMEN ((uint32_t)1u << 18) /* RCC_AHB1ENR bit 18 */
#endif
#if BKPSRAM_F4_MAP
#define BKPSRAM_RCC_APB1ENR_PWREN     ((uint32_t)1u << 28) /* RCC_APB1ENR bit 28 */
#endif
#define BKPSRAM_RCC_BDCR_BDRST        ((uint32_t)1u << 16) /* RCC_BDCR bit 16 */
#define BKPSRAM_RCC_CSR_RMVF          ((uint32_t)1u << 24) /* RCC_CSR bit 24: write 1 clears the flags */
#define BKPSRAM_RCC_CSR_FLAGS_POS     25u        /* BORRSTF(25) .. LPWRRSTF(31) */
#define BKPSRAM_RCC_CSR_BORRSTF       ((uint32_t)1u << 25)
#define BKPSRAM_RCC_CSR_PINRSTF       ((uint32_t)1u << 26)
#define BKPSRAM_RCC_CSR_PORRSTF       ((uint32_t)1u << 27)
#define BKPSRAM_RCC_CSR_SFTRSTF       ((uint32_t)1u << 28)
#define BKPSRAM_RCC_CSR_IWDGRSTF      ((uint32_t)1u << 29)
#define BKPSRAM_RCC_CSR_WWDGRSTF      ((uint32_t)1u << 30)
#define BKPSRAM_RCC_CSR_LPWRRSTF      ((uint32_t)1u << 31)

/* RTC backup registers RTC_BKP0R..BKP19R, RTC base 0x40002800 + 0x50 (RM0090 26.6.20; the same
 * on F401/F411, RM0368/RM0383): 20 x 32 bits, the fallback store. */
#define BKPSRAM_RTC_BKP0R     0x40002850u
#define BKPSRAM_RTC_BKP_BYTES 80u

/* STM32G4 and STM32L4 (no backup SRAM: the fallback store only). RCC base 0x40021000 (RM0440 7.4,
 * RM0351 6.4): APB1ENR1 +0x58 (PWREN bit 28, RTCAPBEN bit 10), CSR +0x94 (RMVF bit 23, PINRSTF 26,
 * BORRSTF 27 (POR/PDR or BOR), SFTRSTF 28, IWDGRSTF 29, WWDGRSTF 30, LPWRRSTF 31). Backup registers
 * (families.md F): G4 TAMP_BKP0R..31R at TAMP + 0x100 = 0x40002500; L47x/L48x RTC_BKP0R..31R at
 * RTC + 0x50 = 0x40002850. PWR_CR1.DBP is bit 8 of 0x40007000 as on F2/F4. */
#define BKPSRAM_G4L4_RCC_APB1ENR1        0x40021058u
#define BKPSRAM_G4L4_RCC_CSR             0x40021094u
#define BKPSRAM_G4L4_RCC_APB1ENR1_RTCAPBEN ((uint32_t)1u << 10)
#define BKPSRAM_G4_TAMP_BKP0R            0x40002500u

/* PWR, base 0x40007000 (RM0090 5.4). */
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_PWR_CR  0x40007000u /* reset 0x00004000 */
#endif
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_PWR_CSR 0x40007004u /* not reset by system reset */
#endif

#define BKPSRAM_PWR_CR_CWUF ((uint32_t)1u << 2)  /* PWR_CR bit 2 */
#define BKPSRAM_PWR_CR_CSBF ((uint32_t)1u << 3)  /* PWR_CR bit 3 */
#if BKPSRAM_F4_MAP || BKPSRAM_CFG_H7_LIKE
#define BKPSRAM_PWR_CR_DBP  ((uint32_t)1u << 8)  /* PWR_CR bit 8: backup domain write access */
#endif
#define BKPSRAM_PWR_CSR_WUF ((uint32_t)1u << 0)  /* PWR_CSR bit 0 */
#define BKPSRAM_PWR_CSR_SBF ((uint32_t)1u << 1)  /* PWR_CSR bit 1 */
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_PWR_CSR_BRR ((uint32_t)1u << 3)  /* PWR_CSR bit 3: backup regulator ready */
#endif
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_PWR_CSR_BRE ((uint32_t)1u << 9)  /* PWR_CSR bit 9: backup regulator enable (needs DBP) */
#endif
/* STM32F7: PWR_CR1/PWR_CSR1 at the same addresses with DBP, BRE and BRR at the same bits (families.md
 * B, CF7); ST's HAL also sets PWR_CSR1.EIWUP (bit 8) whenever it writes BRE, the workaround of
 * erratum "No STANDBY wake-up when Back-up RAM enabled" (families.md B, HF7). */
#define BKPSRAM_F7_PWR_CSR1_EIWUP ((uint32_t)1u << 8)

/* CRC unit, base 0x40023000 (RM0090 4.4). */
#define BKPSRAM_CRC_DR  0x40023000u
#define BKPSRAM_CRC_IDR 0x40023004u
#define BKPSRAM_CRC_CR  0x40023008u
#define BKPSRAM_CRC_CR_RESET ((uint32_t)1u << 0)

/* DBGMCU_IDCODE (RM0090 38.6.1): 32-bit reads only; DEV_ID [11:0], REV_ID [31:16]. */
#if BKPSRAM_F4_MAP /* the H7, H7R/S, H5 and U5 have their own (end of file) */
#define BKPSRAM_DBGMCU_IDCODE 0xE0042000u
#endif
#define BKPSRAM_DBGMCU_DEV_ID_MASK 0x00000FFFu
#define BKPSRAM_DBGMCU_REV_ID_POS  16u

/* SCB CPUID (ARMv7-M B3.2.3): PARTNO [15:4], 0xC23 = Cortex-M3, 0xC24 = Cortex-M4. */
#define BKPSRAM_SCB_CPUID 0xE000ED00u
#define BKPSRAM_CPUID_PARTNO_POS  4u
#define BKPSRAM_CPUID_PARTNO_MASK 0xFFFu
#define BKPSRAM_CPUID_PARTNO_CM4  0xC24u

/* SCB (ARMv7-M B3.2.2): vector table offset, reset control, fault status and address registers. */
#define BKPSRAM_SCB_VTOR  0xE000ED08u
#define BKPSRAM_SCB_AIRCR 0xE000ED0Cu
#define BKPSRAM_SCB_SHCSR 0xE000ED24u
#define BKPSRAM_SCB_CFSR  0xE000ED28u
#define BKPSRAM_SCB_HFSR  0xE000ED2Cu
#define BKPSRAM_SCB_MMFAR 0xE000ED34u
#define BKPSRAM_SCB_BFAR  0xE000ED38u
#define BKPSRAM_SCB_AIRCR_VECTKEY       0x05FA0000u               /* AIRCR bits 31:16, write key */
#define BKPSRAM_SCB_AIRCR_PRIGROUP_MASK 0x00000700u               /* AIRCR bits 10:8, kept */
#define BKPSRAM_SCB_AIRCR_SYSRESETREQ   ((uint32_t)1u << 2)       /* AIRCR bit 2 */

/* STM32H7 (BKPSRAM_CFG_FAMILY = BKPSRAM_FAMILY_H7): the same role names, the H7's registers
 * (families.md B, C; CMSIS-H7 stm32h743xx.h): the backup SRAM clock RCC_AHB4ENR.BKPRAMEN (bit 28);
 * no PWR clock bit (BKPSRAM_HAS_PWREN 0); PWR_CR1.DBP (bit 8); the regulator PWR_CR2.BREN (bit 0)
 * and its ready flag PWR_CR2.BRRDY (bit 16); DBGMCU_IDCODE at 0x5C001000; the reset flags in
 * RCC_RSR (RCC + 0xD0: RMVF 16, BORRSTF 21, PINRSTF 22, PORRSTF 23, SFTRSTF 24, IWDG1RSTF 26,
 * WWDG1RSTF 28, LPWRRSTF 30); 32 RTC backup registers at 0x58004050 (H74x/75x, H72x/73x).
 * STM32H7R/S (BKPSRAM_FAMILY_H7RS, families.md B, E, F): RCC_AHB4ENR at RCC + 0x140, RCC_RSR at
 * RCC + 0x130 with the same flag bits, PWR_CSR1 at 0x58024808 with BREN and BRRDY at the H7's
 * bits, 32 TAMP backup registers at 0x58004500; its ECC is an option byte whose default is
 * UNVERIFIED: treated as on (the stricter case). */
#if BKPSRAM_CFG_H7_LIKE
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS /* H7RS: RCC_AHB4ENR at RCC + 0x140 (families.md B) */
#define BKPSRAM_RCC_AHB1ENR           0x58024540u /* RCC_AHB4ENR */
#define BKPSRAM_H7_RCC_RSR            0x58024530u /* RCC + 0x130, the H7's bits */
#define BKPSRAM_H7_RTC_BKP0R          0x58004500u /* TAMP_BKP0R (families.md F) */
#else
#define BKPSRAM_RCC_AHB1ENR           0x580244E0u /* RCC_AHB4ENR */
#define BKPSRAM_H7_RCC_RSR            0x580244D0u
#define BKPSRAM_H7_RTC_BKP0R          0x58004050u
#endif
#define BKPSRAM_RCC_AHB1ENR_BKPSRAMEN ((uint32_t)1u << 28) /* BKPRAMEN */
#define BKPSRAM_PWR_CR                0x58024800u /* PWR_CR1, DBP bit 8 */
#define BKPSRAM_PWR_CSR               0x58024808u /* PWR_CR2 */
#define BKPSRAM_PWR_CSR_BRE           ((uint32_t)1u << 0)  /* BREN */
#define BKPSRAM_PWR_CSR_BRR           ((uint32_t)1u << 16) /* BRRDY */
#define BKPSRAM_DBGMCU_IDCODE         0x5C001000u
#define BKPSRAM_HAS_PWREN 0
/* ECC on 32-bit words, always on (families.md D, RM0433 3): a byte or halfword write waits in a
 * buffer a reset loses, so every store is a whole aligned word. */
#define BKPSRAM_ECC_WORDS 1
/* D-cache maintenance (ARMv7-M B3.5): CCR.DC (bit 16) says the D-cache is on; a write of an
 * address to DCCIMVAC cleans and invalidates its 32-byte line. */
#define BKPSRAM_SCB_CCR      0xE000ED14u
#define BKPSRAM_SCB_CCR_DC   ((uint32_t)1u << 16)
#define BKPSRAM_SCB_DCCIMVAC 0xE000EF70u
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
#error "BKPSRAM_CRC_HW is the F2/F4/F7 CRC unit: use BKPSRAM_CRC_NIBBLE or BKPSRAM_CRC_TABLE on the H7"
#endif
#endif

/* STM32H5 and STM32U5 (BKPSRAM_FAMILY_H5, BKPSRAM_FAMILY_U5; families.md B, C, F): the backup SRAM
 * clock RCC_AHB1ENR.BKPRAMEN/BKPSRAMEN (bit 28); DBP alone in PWR_DBPCR (H5) / PWR_DBPR (U5), bit 0;
 * the regulator PWR_BDCR.BREN / PWR_BDCR1.BREN (bit 0), its ready flag PWR_BDSR.BRRDY (bit 16) on
 * the H5 only; no PWR clock on the H5, RCC_AHB3ENR.PWREN (bit 2) on the U5; DBGMCU_IDCODE at
 * 0x44024000 (H5) / 0xE0044000 (U5); the reset flags in RCC_RSR / RCC_CSR at RCC + 0xF4 with the
 * G4/L4 bits (RMVF 23, PINRSTF 26, BORRSTF 27 for POR and BOR, SFTRSTF 28, IWDGRSTF 29, WWDGRSTF
 * 30, LPWRRSTF 31); 32 TAMP backup registers at TAMP + 0x100. ECC is an option byte, on by default
 * (families.md D): every store is a whole word. The U5 also gets RCC_AHB1ENR.RAMCFGEN (bit 17)
 * with BKPSRAMEN, as Zephyr does (why it is needed: UNVERIFIED); it is never switched off. */
#if BKPSRAM_CFG_M33_LIKE
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5
#define BKPSRAM_RCC_AHB1ENR           (0x44020C88u + BKPSRAM_SEC)
#define BKPSRAM_M33_RCC_RSR           (0x44020CF4u + BKPSRAM_SEC)
#define BKPSRAM_M33_TAMP_BKP0R        (0x44007D00u + BKPSRAM_SEC)
#define BKPSRAM_PWR_CR                (0x44020824u + BKPSRAM_SEC) /* PWR_DBPCR */
#define BKPSRAM_PWR_CSR               (0x44020820u + BKPSRAM_SEC) /* PWR_BDCR */
#define BKPSRAM_PWR_BRR_REG           (0x44020828u + BKPSRAM_SEC) /* PWR_BDSR */
#define BKPSRAM_PWR_CSR_BRR           ((uint32_t)1u << 16)        /* BRRDY */
#define BKPSRAM_DBGMCU_IDCODE         0x44024000u
#define BKPSRAM_HAS_PWREN 0
#define BKPSRAM_HAS_BRR   1
#define BKPSRAM_CLOCK_ALSO 0u
#else
#define BKPSRAM_RCC_AHB1ENR           (0x46020C88u + BKPSRAM_SEC)
#define BKPSRAM_RCC_APB1ENR           (0x46020C94u + BKPSRAM_SEC) /* RCC_AHB3ENR */
#define BKPSRAM_RCC_APB1ENR_PWREN     ((uint32_t)1u << 2)
#define BKPSRAM_M33_RCC_RSR           (0x46020CF4u + BKPSRAM_SEC) /* RCC_CSR */
#define BKPSRAM_M33_TAMP_BKP0R        (0x46007D00u + BKPSRAM_SEC)
#define BKPSRAM_PWR_CR                (0x46020828u + BKPSRAM_SEC) /* PWR_DBPR */
#define BKPSRAM_PWR_CSR               (0x46020820u + BKPSRAM_SEC) /* PWR_BDCR1 */
#define BKPSRAM_DBGMCU_IDCODE         0xE0044000u
#define BKPSRAM_HAS_PWREN 1
#define BKPSRAM_HAS_BRR   0 /* no ready flag: BREN is read back */
#define BKPSRAM_CLOCK_ALSO ((uint32_t)1u << 17) /* RAMCFGEN */
#endif
#define BKPSRAM_RCC_AHB1ENR_BKPSRAMEN ((uint32_t)1u << 28)
#define BKPSRAM_PWR_CR_DBP            ((uint32_t)1u << 0)
#define BKPSRAM_PWR_CSR_BRE           ((uint32_t)1u << 0) /* BREN */
#define BKPSRAM_ECC_WORDS 1
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
#error "BKPSRAM_CRC_HW is the F2/F4/F7 CRC unit: use BKPSRAM_CRC_NIBBLE or BKPSRAM_CRC_TABLE on the H5 and U5"
#endif
#endif

#if BKPSRAM_F4_MAP
#define BKPSRAM_HAS_PWREN 1
#define BKPSRAM_ECC_WORDS 0
#endif
#ifndef BKPSRAM_HAS_BRR
#define BKPSRAM_HAS_BRR 1
#endif
#ifndef BKPSRAM_PWR_BRR_REG
#define BKPSRAM_PWR_BRR_REG BKPSRAM_PWR_CSR /* BRR / BRRDY in the register of BRE / BREN */
#endif
#ifndef BKPSRAM_CLOCK_ALSO
#define BKPSRAM_CLOCK_ALSO 0u
#endif

#endif /* BKPSRAM_REGS_H */

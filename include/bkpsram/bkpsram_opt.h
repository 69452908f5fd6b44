/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_opt.h
 * \brief Build-time options of bkpsram.
 *
 * Define BKPSRAM_USER_OPTS (e.g. -DBKPSRAM_USER_OPTS) to have this header include your own
 * "bkpsram_opts.h" first; every option below keeps its default unless that file (or the
 * compiler command line) defines it.
 */
#ifndef BKPSRAM_OPT_H
#define BKPSRAM_OPT_H

#if defined(BKPSRAM_USER_OPTS)
#include "bkpsram_opts.h"
#endif

/**
 * \brief Polls of PWR_CSR.BRR before bkpsram_init()/bkpsram_set_retention() give up with
 *        BKPSRAM_ETIMEOUT, used when bkpsram_config_t.timeout_polls is 0.
 *
 * RM0090 gives no figure for the backup regulator start-up time (ST's HAL allows 1 s); one poll
 * is an APB1 register read plus a loop, roughly 10 core cycles, so 2,000,000 polls are about
 * 0.1 s at 168 MHz and 1.2 s at 16 MHz (HSI). No SysTick or timer is used.
 */
#ifndef BKPSRAM_CFG_TIMEOUT_POLLS
#define BKPSRAM_CFG_TIMEOUT_POLLS 2000000u
#endif

/**
 * \brief Force the part instead of reading DBGMCU_IDCODE: 0 (default) detects at run time;
 *        otherwise a DEV_ID such as 0x413 (F405/407), 0x419 (F42x/43x), 0x421 (F446).
 *
 * Use it only when you know the board, e.g. a custom boot chain that cannot read DBGMCU.
 * A forced ID without backup SRAM still makes bkpsram_init() fail with BKPSRAM_EUNSUPPORTED.
 */
#ifndef BKPSRAM_CFG_FORCE_DEV_ID
#define BKPSRAM_CFG_FORCE_DEV_ID 0u
#endif

/** \name Families for BKPSRAM_CFG_FAMILY */
/**@{*/
#define BKPSRAM_FAMILY_F4 0 /**< STM32F2 and STM32F4 (and the fallback store of STM32G47x/G48x, L47x/L48x) */
#define BKPSRAM_FAMILY_F7 1 /**< STM32F7 (F72x/73x, F74x/75x, F76x/77x) */
#define BKPSRAM_FAMILY_H7 2 /**< STM32H7 (H74x/75x, H72x/73x, H7A3/B0/B3; not H7R/H7S) */
#define BKPSRAM_FAMILY_H7RS 3 /**< STM32H7R/H7S (H7R3/R7/S3/S7) */
#define BKPSRAM_FAMILY_H5 4 /**< STM32H5 (H562/563/573: 4 KB; H503, H523/533: 2 KB) */
#define BKPSRAM_FAMILY_U5 5 /**< STM32U5 (every line: 2 KB) */
/**@}*/

/**
 * \brief The STM32 family the library is built for: one build carries one family's part table
 *        and register map (an F4 build does not grow with F7 support).
 *
 * Unset, it follows the device define a CMSIS or STM32Cube build already passes: STM32F7 or one of
 * STM32F722xx ... STM32F779xx selects BKPSRAM_FAMILY_F7; one of STM32H742xx ... STM32H7B3xxQ
 * (the H74x/75x, H72x/73x and H7A3/B0/B3 part defines) BKPSRAM_FAMILY_H7; STM32H7R3xx,
 * STM32H7R7xx, STM32H7S3xx or STM32H7S7xx BKPSRAM_FAMILY_H7RS; STM32H503xx ... STM32H573xx
 * BKPSRAM_FAMILY_H5; STM32U535xx ... STM32U5G9xx BKPSRAM_FAMILY_U5; anything else
 * BKPSRAM_FAMILY_F4. On a part of another family bkpsram_identify() and bkpsram_init() give
 * BKPSRAM_EUNSUPPORTED.
 */
#ifndef BKPSRAM_CFG_FAMILY
#if defined(STM32H742xx) || defined(STM32H743xx) || defined(STM32H745xx) || defined(STM32H745xG) || \
    defined(STM32H747xx) || defined(STM32H747xG) || defined(STM32H750xx) || defined(STM32H753xx) || \
    defined(STM32H755xx) || defined(STM32H757xx) || defined(STM32H723xx) || defined(STM32H725xx) || \
    defined(STM32H730xx) || defined(STM32H730xxQ) || defined(STM32H733xx) || defined(STM32H735xx) || \
    defined(STM32H7A3xx) || defined(STM32H7A3xxQ) || defined(STM32H7B0xx) || defined(STM32H7B0xxQ) || \
    defined(STM32H7B3xx) || defined(STM32H7B3xxQ)
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_H7
#elif defined(STM32H7R3xx) || defined(STM32H7R7xx) || defined(STM32H7S3xx) || defined(STM32H7S7xx)
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_H7RS
#elif defined(STM32H503xx) || defined(STM32H523xx) || defined(STM32H533xx) || defined(STM32H562xx) || \
    defined(STM32H563xx) || defined(STM32H573xx)
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_H5
#elif defined(STM32U535xx) || defined(STM32U545xx) || defined(STM32U575xx) || defined(STM32U585xx) || \
    defined(STM32U595xx) || defined(STM32U599xx) || defined(STM32U5A5xx) || defined(STM32U5A9xx) || \
    defined(STM32U5F7xx) || defined(STM32U5F9xx) || defined(STM32U5G7xx) || defined(STM32U5G9xx)
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_U5
#elif defined(STM32F7) || defined(STM32F722xx) || defined(STM32F723xx) || defined(STM32F730xx) || \
    defined(STM32F732xx) || defined(STM32F733xx) || defined(STM32F745xx) || defined(STM32F746xx) || \
    defined(STM32F750xx) || defined(STM32F756xx) || defined(STM32F765xx) || defined(STM32F767xx) || \
    defined(STM32F769xx) || defined(STM32F777xx) || defined(STM32F779xx)
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_F7
#else
#define BKPSRAM_CFG_FAMILY BKPSRAM_FAMILY_F4
#endif
#endif

/** \brief 1 for the families whose backup SRAM is at 0x38800000 behind the Cortex-M7 D-cache,
 *         with ECC on 32-bit words (BKPSRAM_FAMILY_H7, BKPSRAM_FAMILY_H7RS), else 0. */
#define BKPSRAM_CFG_H7_LIKE ((BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7) || (BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H7RS))

/** \brief 1 for the Cortex-M33 families with the backup SRAM at 0x40036400 (non-secure alias) and
 *         ECC (BKPSRAM_FAMILY_H5, BKPSRAM_FAMILY_U5), else 0. */
#define BKPSRAM_CFG_M33_LIKE ((BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_H5) || (BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_U5))

/**
 * \brief H5/U5 with TrustZone: 1 uses the secure aliases (backup SRAM at 0x50036400, RCC, PWR and
 *        the TAMP backup registers at +0x10000000), 0 the non-secure ones. Unset, it follows the
 *        compiler as the CMSIS headers do: 1 when building secure code (__ARM_FEATURE_CMSE == 3,
 *        -mcmse), else 0 (non-secure: every build without TrustZone). Other families ignore it.
 */
#ifndef BKPSRAM_CFG_SECURE
#if defined(__ARM_FEATURE_CMSE) && (__ARM_FEATURE_CMSE == 3)
#define BKPSRAM_CFG_SECURE 1
#else
#define BKPSRAM_CFG_SECURE 0
#endif
#endif

/** \name CRC engines for BKPSRAM_CFG_CRC_ENGINE */
/**@{*/
#define BKPSRAM_CRC_NIBBLE 0 /**< software, 16-entry table (64 bytes of flash) */
#define BKPSRAM_CRC_TABLE  1 /**< software, 256-entry table (1 KB of flash), about 2x faster */
#define BKPSRAM_CRC_HW     2 /**< the STM32F2/F4/F7 CRC unit (RCC_AHB1ENR.CRCEN is switched on) */
/**@}*/

/** \brief CRC engine of bkpsram_crc32(), used by records, the log and the section header. */
#ifndef BKPSRAM_CFG_CRC_ENGINE
#define BKPSRAM_CFG_CRC_ENGINE BKPSRAM_CRC_NIBBLE
#endif

/**
 * \brief 1 (default): bkpsram_strerror(), bkpsram_identify() and bkpsram_layout_problem_name()
 *        return readable texts; 0: every such text is "" (never NULL), saving their flash.
 */
#ifndef BKPSRAM_CFG_STRINGS
#define BKPSRAM_CFG_STRINGS 1
#endif

/**
 * \brief Offset of the reboot area (bkpsram_reboot.h, BKPSRAM_REBOOT_SPAN = 408 bytes): by
 *        default the last 408 bytes of the family's smallest backup SRAM: 3688 (4 KB: F2, F4, F7,
 *        H7, H7R/S), 1640 on H5 and U5 (2 KB: every U5, H503, H523/533; on H562/563/573 the area
 *        is then in the middle of the 4 KB: set 3688 for an H56x/57x-only build). A multiple of 4.
 */
#ifndef BKPSRAM_CFG_REBOOT_OFFSET
#if BKPSRAM_CFG_M33_LIKE
#define BKPSRAM_CFG_REBOOT_OFFSET 1640u
#else
#define BKPSRAM_CFG_REBOOT_OFFSET 3688u
#endif
#endif

/**
 * \brief 1: the aligned 32-bit and float reads and writes of bkpsram.h take an inline fast path in
 *        the caller (a bounds compare against the limits bkpsram_init() publishes, the access, and
 *        for a write the read-back compare); every other case calls the library function, which
 *        returns the documented codes. 0: every call goes to the library. Unset: 1 when compiling
 *        for an M-profile Arm core, 0 elsewhere (the host ports `model` and `memory` set 0 for
 *        their users in CMake). Either way `&bkpsram_write_u32` etc. are the library functions.
 */
#ifndef BKPSRAM_CFG_INLINE
#if defined(__ARM_ARCH_PROFILE) && (__ARM_ARCH_PROFILE == 'M') && !defined(BKPSRAM_PORT_HOST) && \
    !defined(BKPSRAM_PORT_MEMORY)
#define BKPSRAM_CFG_INLINE 1
#else
#define BKPSRAM_CFG_INLINE 0
#endif
#endif

#endif /* BKPSRAM_OPT_H */

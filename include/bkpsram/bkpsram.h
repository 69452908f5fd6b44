/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram.h
 * \brief Core driver for the 4 KB battery-backed SRAM (BKPSRAM) of STM32F4 (and F2) parts.
 *
 * Every function returns BKPSRAM_OK (0) or a negative bkpsram_err_t, except the few that return
 * a size or a bit set. Arguments are checked in this order, and the first failing check decides
 * the code: NULL pointer (BKPSRAM_EINVAL), bkpsram_init() not done (BKPSRAM_ENOTINIT), offset and
 * length outside the memory (BKPSRAM_ERANGE). A call that fails an argument check touches no
 * register and no byte of backup SRAM.
 *
 * Offsets are byte offsets from the start of the backup SRAM (0x40024000; 0x38800000 on the H7
 * build, where every store is a whole word because of the ECC). Every access the library makes
 * to the backup SRAM is naturally aligned (it is Device memory on F2/F4/F7); values at
 * unaligned offsets are split into aligned pieces, and float/double move as bit patterns through
 * integer registers, so a float at offset 6 never becomes an unaligned VSTR.
 *
 * Concurrency: the data calls (read, write, typed accessors, memset, fills, unlock/lock),
 * bkpsram_size() and bkpsram_reset_flags(0) may be called from an interrupt handler while the
 * main line is in any library call: the write window (its nesting count and PWR_CR.DBP) changes
 * with interrupts masked. bkpsram_init(), bkpsram_deinit() and bkpsram_set_retention() are for
 * the main line only. Read-modify-write of RCC and PWR registers runs with interrupts masked, so
 * an RTC or clock driver that changes other bits of the same registers from an interrupt never
 * loses a bit. Every write reads back what it stored: when something cleared PWR_CR.DBP during
 * the call (RTC code in a handler), it returns BKPSRAM_EWRITE, never BKPSRAM_OK.
 */
#ifndef BKPSRAM_H
#define BKPSRAM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bkpsram/bkpsram_opt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \name Library version (the formats in backup SRAM have their own versions, docs/format.md) */
/**@{*/
#define BKPSRAM_VERSION_MAJOR  0       /**< incompatible API changes */
#define BKPSRAM_VERSION_MINOR  3       /**< added functionality */
#define BKPSRAM_VERSION_PATCH  0       /**< fixes */
#define BKPSRAM_VERSION_STRING "0.3.0" /**< "MAJOR.MINOR.PATCH" */
/** \brief The version as one number, 0xMMmmpp, for `#if BKPSRAM_VERSION >= 0x000200`. */
#define BKPSRAM_VERSION ((BKPSRAM_VERSION_MAJOR << 16) | (BKPSRAM_VERSION_MINOR << 8) | BKPSRAM_VERSION_PATCH)
/**@}*/

/**
 * \brief Error codes: every function returns BKPSRAM_OK or one of the negative values.
 *
 * The constants are an anonymous enumeration, so they are plain `int` constants (MISRA C:2012
 * essentially signed, like the `int` the functions return); bkpsram_err_t names their type.
 */
enum {
    BKPSRAM_OK = 0,            /**< success */
    BKPSRAM_EINVAL = -1,       /**< bad argument (NULL, bad config, unbalanced lock) */
    BKPSRAM_ERANGE = -2,       /**< offset/length outside the backup SRAM (overflow-safe check) */
    BKPSRAM_ENOTINIT = -3,     /**< bkpsram_init() has not succeeded */
    BKPSRAM_EUNSUPPORTED = -4, /**< this part has no backup SRAM (or is unknown) */
    BKPSRAM_ETIMEOUT = -5,     /**< backup regulator never reported ready */
    BKPSRAM_ENOENT = -6,       /**< no valid record / entry (first boot, VBAT lost, never saved) */
    BKPSRAM_ECORRUPT = -7,     /**< data present but fails its integrity check */
    BKPSRAM_EVERSION = -8,     /**< record written with another schema version */
    BKPSRAM_ENOSPC = -9,       /**< area too small for what was asked */
    BKPSRAM_EWRITE = -10,      /**< a write did not read back: PWR_CR.DBP was cleared during the
                                    call (e.g. by an interrupt handler's RTC code); retry */
    BKPSRAM_EBUSY = -11        /**< an interrupt handler called a record save, migrate or erase of
                                    a record (or an append or clear of a log) that the code it
                                    interrupted is changing, or bkpsram_lock() on that code's
                                    write window: nothing was written or closed; retry later */
};

/** \brief Type of the error codes (an int: BKPSRAM_OK or a negative BKPSRAM_E... constant). */
typedef int bkpsram_err_t;

/**
 * \brief Name and meaning of an error code. May be called from an interrupt handler.
 * \param err a bkpsram_err_t value (or any other int)
 * \return a constant string such as "BKPSRAM_ERANGE: offset or length outside the backup SRAM";
 *         "BKPSRAM_E?: unknown error code" for other values; never NULL.
 */
const char *bkpsram_strerror(int err);

/** \brief What bkpsram_identify() found. */
typedef struct {
    uint16_t dev_id;  /**< DBGMCU_IDCODE.DEV_ID as read (rev-A F40x reads 0x411) */
    uint16_t rev_id;  /**< DBGMCU_IDCODE.REV_ID */
    const char *name; /**< part family, e.g. "STM32F405/407/415/417" */
    uint32_t size;    /**< backup SRAM bytes: 4096, or 0 on parts without it */
    uint32_t bkpreg_size; /**< bytes of RTC backup registers, the fallback store (80 on F2/F4) */
} bkpsram_part_t;

/**
 * \brief Identify the part from DBGMCU_IDCODE (and SCB CPUID to tell a rev-A F40x from an F2).
 * \param[out] part filled in on BKPSRAM_OK and on BKPSRAM_EUNSUPPORTED
 * \return BKPSRAM_OK for a known part (size may be 0: F401/F410/F411/F412/F413 have no backup
 *         SRAM), BKPSRAM_EUNSUPPORTED for an unknown DEV_ID (size 0), BKPSRAM_EINVAL for NULL.
 * Never touches the backup SRAM, so it is safe on every part, before bkpsram_init(), and from an
 * interrupt handler. Cost: one or two register reads and a search of a 10-entry table.
 */
int bkpsram_identify(bkpsram_part_t *part);

/** \brief Configuration of bkpsram_init(). */
typedef struct {
    uint8_t retention;      /**< 1: switch the backup regulator on (BRE) and wait for BRR, so data
                                 survives Standby and VBAT mode; 0: switch it off (data then
                                 survives only resets while VDD stays) */
    uint8_t write_protect;  /**< 1: keep the backup domain write-protected (PWR_CR.DBP as the
                                 application had it) except inside library writes; 0: leave DBP set */
    uint32_t timeout_polls; /**< BRR polls before BKPSRAM_ETIMEOUT; 0 = BKPSRAM_CFG_TIMEOUT_POLLS */
    uint8_t fallback;       /**< 1: on a part without backup SRAM, use the RTC backup registers
                                 instead (bkpsram_kind() BKPSRAM_KIND_BKPREG, 80 bytes on F401/F411);
                                 0: such a part gives BKPSRAM_EUNSUPPORTED */
} bkpsram_config_t;

/** \brief Defaults: retention on, write protection on, default timeout, no fallback. */
#define BKPSRAM_CONFIG_DEFAULT {1u, 1u, 0u, 0u}

/**
 * \brief Detect the part and enable access: PWREN, DBP (+ dummy read), BKPSRAMEN, then BRE/BRR.
 *
 * Every register change is a read-modify-write: no other clock bit is touched. Calling it again
 * re-applies the configuration and first closes any bkpsram_unlock() still open.
 * Main line only (not from an interrupt handler). Cost: 140 instructions when BRR is ready at the
 * first poll, 130 when the regulator is on and ready already (-Os, make bench), plus the polls.
 * \param cfg configuration, or NULL for BKPSRAM_CONFIG_DEFAULT
 * With cfg->fallback = 1 on a part without backup SRAM (F401, F410, F411, F412, F413), the store
 * is the 20 RTC backup registers (80 bytes at 0x40002850, RM0368/RM0383 RTC_BKPxR): PWREN and
 * DBP as above, no BKPSRAMEN, no regulator (the registers are in the VBAT domain). Every access
 * to them is a 32-bit access; bytes and halfwords are read-modify-writes of their register.
 * \return BKPSRAM_OK; BKPSRAM_EINVAL for a config field other than 0/1; BKPSRAM_EUNSUPPORTED on a
 *         part without backup SRAM and without fallback (nothing is written then); BKPSRAM_ETIMEOUT
 *         when BRR never set (clocks stay on, DBP is restored, the library stays uninitialised).
 */
int bkpsram_init(const bkpsram_config_t *cfg);

/** \name Kinds of store (bkpsram_kind()) */
/**@{*/
#define BKPSRAM_KIND_NONE   0 /**< not initialised */
#define BKPSRAM_KIND_SRAM   1 /**< the backup SRAM (4 KB) */
#define BKPSRAM_KIND_BKPREG 2 /**< the RTC backup registers (fallback, 32-bit accesses only) */
/**@}*/

/**
 * \brief Which store bkpsram_init() chose. May be called from an interrupt handler.
 * \return BKPSRAM_KIND_SRAM, BKPSRAM_KIND_BKPREG, or BKPSRAM_KIND_NONE before a successful init.
 */
int bkpsram_kind(void);

/**
 * \brief Gate the backup SRAM clock (BKPSRAMEN). Contents and retention (BRE) stay; PWREN stays
 *        (the RTC may need it); write windows still open are closed. Main line only.
 * \return BKPSRAM_OK or BKPSRAM_ENOTINIT.
 */
int bkpsram_deinit(void);

/**
 * \brief Size of the store. May be called from an interrupt handler.
 * \return 4096 after a successful bkpsram_init() on the backup SRAM, 80 on the F2/F4 backup
 *         registers (fallback), 0 before it, after bkpsram_deinit() and on a part without either.
 */
uint32_t bkpsram_size(void);

/**
 * \brief Copy len bytes from backup SRAM at offset into dst, with aligned accesses only.
 *
 * May be called from an interrupt handler. Cost: O(len), one 32-bit load per aligned word.
 * \param offset first byte, 0..4095
 * \param dst destination, any alignment (bytes are never merged into unaligned accesses)
 * \param len bytes; 0 is allowed (nothing is read)
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (dst NULL); BKPSRAM_ENOTINIT; BKPSRAM_ERANGE (offset + len
 *         past the end, checked without overflow). dst is untouched on error.
 */
int bkpsram_read(uint32_t offset, void *dst, size_t len);

/**
 * \brief Copy len bytes from src into backup SRAM at offset, aligned 32-bit stores where
 *        possible, then read them back.
 *
 * May be called from an interrupt handler. Not atomic beyond one aligned word: use a record for
 * data that must survive a reset in the middle. Cost: O(len), a store and a load per word, plus
 * the DBP toggling when write-protected.
 * \param offset first byte, 0..4095
 * \param src source, any alignment
 * \param len bytes; 0 is allowed (nothing is written)
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (src NULL); BKPSRAM_ENOTINIT; BKPSRAM_ERANGE;
 *         BKPSRAM_EWRITE (a store did not read back: PWR_CR.DBP was cleared during the call).
 */
int bkpsram_write(uint32_t offset, const void *src, size_t len);

/**
 * \brief Read a uint8_t at any offset.
 *
 * Typed reads are little-endian and split an unaligned value into naturally aligned pieces
 * (float and double move as bit patterns through integer registers: never an unaligned VLDR).
 * May be called from an interrupt handler. Cost (-Os, make bench): read_u32 and read_float at an
 * aligned offset 9 instructions in the caller (the inline fast path, BKPSRAM_CFG_INLINE; the
 * library function itself 16), read_float at offset 6 31, read_u32 at offset 1 mod 4 about 96.
 * The inline path stores through value as a uint32_t / float pointer: it must be aligned as C
 * requires (a pointer into a packed struct: build with BKPSRAM_CFG_INLINE=0).
 * \param offset byte offset, 0 .. 4096 - sizeof(*value)
 * \param[out] value the value read; untouched on error
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (value NULL); BKPSRAM_ENOTINIT; BKPSRAM_ERANGE.
 */
int bkpsram_read_u8(uint32_t offset, uint8_t *value);
/** \brief Read a uint16_t at any offset. \copydetails bkpsram_read_u8 */
int bkpsram_read_u16(uint32_t offset, uint16_t *value);
/** \brief Read a uint32_t at any offset. \copydetails bkpsram_read_u8 */
int bkpsram_read_u32(uint32_t offset, uint32_t *value);
/** \brief Read a uint64_t at any offset. \copydetails bkpsram_read_u8 */
int bkpsram_read_u64(uint32_t offset, uint64_t *value);
/** \brief Read a float (IEEE-754 bit pattern) at any offset. \copydetails bkpsram_read_u8 */
int bkpsram_read_float(uint32_t offset, float *value);
/** \brief Read a double (IEEE-754 bit pattern) at any offset. \copydetails bkpsram_read_u8 */
int bkpsram_read_double(uint32_t offset, double *value);

/**
 * \brief What the inline fast paths compare against (BKPSRAM_CFG_INLINE): kept by the library,
 *        read only for everyone else.
 *
 * `words`: the store's 32-bit words once bkpsram_init() has succeeded, 0 before it and after
 * bkpsram_deinit(). `open_words`: the same while an aligned word may be stored without touching
 * PWR_CR.DBP (inside bkpsram_unlock(), or always after an init with write_protect = 0), 0
 * otherwise and on the H7 and H7R/S builds (every write there also cleans the D-cache line).
 * `base`: the store's address. An offset passes when it is a multiple of 4 and offset / 4 <
 * words: one compare of the offset rotated right by 2 (an unaligned offset rotates to a number
 * of at least 2^30, larger than any store).
 */
typedef struct {
    uint32_t words;      /**< 32-bit words of the store, 0 before init */
    uint32_t base;       /**< address of the store */
    uint32_t open_words; /**< words while a word store needs no DBP change, else 0 */
} bkpsram_limits_t;

/** \brief The limits of the inline fast paths (written by the library only). */
extern bkpsram_limits_t bkpsram_limits;

/** \brief Offset / 4 when offset is a multiple of 4, else at least 2^30 (rotate right by 2). */
#define BKPSRAM_WORD_INDEX(offset) ((((uint32_t)(offset)) >> 2) | (((uint32_t)(offset)) << 30))

/**
 * \brief Write a uint8_t at any offset.
 *
 * Typed writes are little-endian, split into naturally aligned stores, and read back. May be
 * called from an interrupt handler. An aligned write_u32 or write_float is 10 instructions in the
 * caller inside bkpsram_unlock() or after an init with write_protect = 0 (the inline fast path,
 * BKPSRAM_CFG_INLINE: store, read back; when the word does not read back, e.g. because other
 * code cleared DBP, the library function stores it again as below); with write_protect = 1
 * outside a window it calls the library, which
 * sets DBP, stores, reads back and clears DBP with interrupts masked (33 in all). A 4-byte value
 * at an offset 2 mod 4 is two aligned halfwords in the same kind of section (write_float at
 * offset 6: 52); other writes of up to 16 bytes also run in one masked section, longer ones open
 * the write window (-Os, make bench).
 * \param offset byte offset, 0 .. 4096 - sizeof(value)
 * \param value the value to store
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_ERANGE; BKPSRAM_EWRITE (a store did not read
 *         back: PWR_CR.DBP was cleared during the call).
 */
int bkpsram_write_u8(uint32_t offset, uint8_t value);
/** \brief Write a uint16_t at any offset. \copydetails bkpsram_write_u8 */
int bkpsram_write_u16(uint32_t offset, uint16_t value);
/** \brief Write a uint32_t at any offset. \copydetails bkpsram_write_u8 */
int bkpsram_write_u32(uint32_t offset, uint32_t value);
/** \brief Write a uint64_t at any offset. \copydetails bkpsram_write_u8 */
int bkpsram_write_u64(uint32_t offset, uint64_t value);
/** \brief Write a float (IEEE-754 bit pattern) at any offset. \copydetails bkpsram_write_u8 */
int bkpsram_write_float(uint32_t offset, float value);
/** \brief Write a double (IEEE-754 bit pattern) at any offset. \copydetails bkpsram_write_u8 */
int bkpsram_write_double(uint32_t offset, double value);

/**
 * \brief Fill the whole memory with a repeated uint8_t, with 1024 aligned 32-bit stores, each
 *        read back.
 *
 * May be called from an interrupt handler (about 3,650 instructions, -Os, make bench: 4-word STM
 * blocks, then LDM blocks compared; interrupts stay enabled).
 * \param value the pattern, repeated over all 4096 bytes
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_EWRITE (a word did not read back).
 */
int bkpsram_fill_u8(uint8_t value);
/** \brief Fill the whole memory with a repeated uint16_t (little-endian). \copydetails bkpsram_fill_u8 */
int bkpsram_fill_u16(uint16_t value);
/** \brief Fill the whole memory with a repeated uint32_t. \copydetails bkpsram_fill_u8 */
int bkpsram_fill_u32(uint32_t value);

/**
 * \brief Set len bytes at offset to value (aligned 32-bit stores in the middle), then read them back.
 *
 * May be called from an interrupt handler. Cost: O(len).
 * \param offset first byte, 0..4095
 * \param value the byte to store
 * \param len bytes; 0 is allowed
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_ERANGE; BKPSRAM_EWRITE.
 */
int bkpsram_memset(uint32_t offset, uint8_t value, size_t len);

/**
 * \brief Open the backup domain for writes (PWR_CR.DBP = 1).
 *
 * Calls nest: only the outermost unlock changes DBP, and the matching lock restores the DBP state
 * found at that unlock (so a DBP set by the application for its RTC stays set). Unlock once
 * around many writes to save the per-write DBP toggling. May be called from an interrupt handler
 * (balanced within the handler).
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_EINVAL when nested deeper than 255;
 *         BKPSRAM_EBUSY when handlers nested more than 8 deep each hold a window.
 */
int bkpsram_unlock(void);

/**
 * \brief Close what bkpsram_unlock() opened. May be called from an interrupt handler.
 * The window it closes must have been opened by the same context (the main line, or the same
 * interrupt handler): a handler cannot close a window of the code it interrupted.
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_EINVAL when no window is open; BKPSRAM_EBUSY
 *         when the open window belongs to the code this handler interrupted (a library call's
 *         own window included): nothing changes.
 */
int bkpsram_lock(void);

/**
 * \brief Backup regulator on (sets BRE, waits for BRR with the init timeout) or off. Main line only.
 *        On the fallback store (backup registers, VBAT domain) it does nothing and returns BKPSRAM_OK.
 * \param enable non-zero: on (data survives Standby and VBAT mode); 0: off
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_ETIMEOUT (BRE stays set; the regulator may
 *         still come up).
 */
int bkpsram_set_retention(int enable);

/** \name Reset causes returned by bkpsram_reset_flags() (RCC_CSR bits 25..31, several may be set). */
/**@{*/
#define BKPSRAM_RESET_BROWNOUT  0x01u /**< BORRSTF: POR/PDR or brown-out (set with POWER_ON) */
#define BKPSRAM_RESET_PIN       0x02u /**< PINRSTF: NRST pin (internal resets drive NRST too) */
#define BKPSRAM_RESET_POWER_ON  0x04u /**< PORRSTF: power-on / power-down reset */
#define BKPSRAM_RESET_SOFTWARE  0x08u /**< SFTRSTF: AIRCR.SYSRESETREQ */
#define BKPSRAM_RESET_IWDG      0x10u /**< IWDGRSTF: independent watchdog */
#define BKPSRAM_RESET_WWDG      0x20u /**< WWDGRSTF: window watchdog */
#define BKPSRAM_RESET_LOW_POWER 0x40u /**< LPWRRSTF: low-power management reset */
/**@}*/

/**
 * \brief Reset causes since they were last cleared.
 *
 * Works before init and on every part the library knows (RCC only; the G4/L4 RCC_CSR has other
 * bits, mapped to the same BKPSRAM_RESET_* values; an unknown DEV_ID is read as an F2/F4). With
 * clear = 0 it may be called from an interrupt handler.
 * \param clear non-zero: clear them afterwards (RCC_CSR.RMVF), so the next boot shows only its own
 * \return the BKPSRAM_RESET_* bits of the causes (several may be set).
 */
uint32_t bkpsram_reset_flags(int clear);

#if BKPSRAM_CFG_INLINE
/*
 * The inline fast paths (BKPSRAM_CFG_INLINE). Each handles the common case and calls the library
 * function of the same name, written in parentheses so that the macro does not expand again,
 * for everything else, so every error and every unusual offset gets exactly the library's codes.
 * The store and load are 32-bit: floats move as bit patterns through an integer register.
 */
#if defined(__GNUC__)
/** \brief Always inlined (at -Os GCC would otherwise keep one out-of-line copy per file). */
#define BKPSRAM_INLINE static inline __attribute__((always_inline))
#else
#define BKPSRAM_INLINE static inline
#endif

/* Both limits are loaded before the compare, so that GCC fetches them with one LDRD. */

/** \brief Inline bkpsram_read_u32(): an aligned word inside the store, value not NULL. */
BKPSRAM_INLINE int bkpsram_inline_read_u32(uint32_t offset, uint32_t *value)
{
    const uint32_t words = bkpsram_limits.words, base = bkpsram_limits.base;
    if ((BKPSRAM_WORD_INDEX(offset) < words) && (value != NULL)) {
        *value = *(const volatile uint32_t *)(base + offset);
        return BKPSRAM_OK;
    }
    return (bkpsram_read_u32)(offset, value);
}

/** \brief Inline bkpsram_write_u32(): an aligned word while no DBP change is needed, read back;
 *         a word that does not read back goes to the library call (which stores it again and
 *         returns BKPSRAM_EWRITE if it still does not read back). */
BKPSRAM_INLINE int bkpsram_inline_write_u32(uint32_t offset, uint32_t value)
{
    const uint32_t base = bkpsram_limits.base, words = bkpsram_limits.open_words;
    if (BKPSRAM_WORD_INDEX(offset) < words) {
        *(volatile uint32_t *)(base + offset) = value;
        if (*(const volatile uint32_t *)(base + offset) == value) { /* read back */
            return BKPSRAM_OK;
        }
    }
    return (bkpsram_write_u32)(offset, value);
}

/** \brief Inline bkpsram_read_float(): as bkpsram_inline_read_u32(), the bits copied out. */
BKPSRAM_INLINE int bkpsram_inline_read_float(uint32_t offset, float *value)
{
    const uint32_t words = bkpsram_limits.words, base = bkpsram_limits.base;
    if ((BKPSRAM_WORD_INDEX(offset) < words) && (value != NULL)) {
        const uint32_t bits = *(const volatile uint32_t *)(base + offset);
        (void)memcpy((uint8_t *)value, (const uint8_t *)&bits, sizeof bits);
        return BKPSRAM_OK;
    }
    return (bkpsram_read_float)(offset, value);
}

/** \brief Inline bkpsram_write_float(): as bkpsram_inline_write_u32() on the value's bits. */
BKPSRAM_INLINE int bkpsram_inline_write_float(uint32_t offset, float value)
{
    const uint32_t base = bkpsram_limits.base, words = bkpsram_limits.open_words;
    uint32_t bits;
    (void)memcpy((uint8_t *)&bits, (const uint8_t *)&value, sizeof bits);
    if (BKPSRAM_WORD_INDEX(offset) < words) {
        *(volatile uint32_t *)(base + offset) = bits;
        if (*(const volatile uint32_t *)(base + offset) == bits) { /* read back */
            return BKPSRAM_OK;
        }
    }
    return (bkpsram_write_float)(offset, value);
}

/** \brief bkpsram_read_u32() through its inline fast path. */
#define bkpsram_read_u32(offset, value) bkpsram_inline_read_u32((offset), (value))
/** \brief bkpsram_write_u32() through its inline fast path. */
#define bkpsram_write_u32(offset, value) bkpsram_inline_write_u32((offset), (value))
/** \brief bkpsram_read_float() through its inline fast path. */
#define bkpsram_read_float(offset, value) bkpsram_inline_read_float((offset), (value))
/** \brief bkpsram_write_float() through its inline fast path. */
#define bkpsram_write_float(offset, value) bkpsram_inline_write_float((offset), (value))
#endif /* BKPSRAM_CFG_INLINE */

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_H */

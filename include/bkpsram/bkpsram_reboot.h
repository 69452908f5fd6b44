/* SPDX-License-Identifier: MIT */
/**
 * \file bkpsram_reboot.h
 * \brief Why did the board reset? Reboot reasons, counts and fault capture kept in backup SRAM.
 *
 * The reboot area (BKPSRAM_REBOOT_SPAN bytes at BKPSRAM_CFG_REBOOT_OFFSET, by default the last
 * bytes of the 4 KB) holds three things (byte layout: docs/format.md):
 * - a **pending block**, written just before a reset by the fault handler
 *   (bkpsram_fault_handler()), by bkpsram_reboot_assert() or by bkpsram_reboot_mark(): the
 *   reason, a value and, for a fault, the stacked registers and the fault status registers.
 *   Its magic word is cleared first and written last, after its CRC: a reset or power cut at any
 *   write leaves no pending block (the reset is then classified from RCC_CSR), never a torn one;
 * - a **checkpoint** word the application may update at any time (bkpsram_reboot_checkpoint());
 * - the **report**, a record (bkpsram_record.h, id BKPSRAM_REBOOT_RECORD_ID): last reason,
 *   boot and crash counts, the first reason of a crash loop, and the last pending block.
 *
 * At every boot, after bkpsram_init(), call bkpsram_reboot_boot() once: it classifies the reset,
 * updates the counts and saves the report (power-cut safe: the previous report or the new one).
 * The handler and bkpsram_reboot_assert() work without bkpsram_init(), without the C runtime's
 * .data/.bss and with a broken stack; they never return: they call bkpsram_reboot_before_reset()
 * and reset the core (AIRCR.SYSRESETREQ).
 */
#ifndef BKPSRAM_REBOOT_H
#define BKPSRAM_REBOOT_H

#include <stdint.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_opt.h"
#include "bkpsram/bkpsram_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \name Reboot reasons (bkpsram_reboot_report_t.reason) */
/**@{*/
#define BKPSRAM_REBOOT_UNKNOWN   0u  /**< no reset flag and nothing recorded */
#define BKPSRAM_REBOOT_POWER_ON  1u  /**< PORRSTF: power-on or VDD loss */
#define BKPSRAM_REBOOT_PIN       2u  /**< PINRSTF only: the NRST pin (button, debugger) */
#define BKPSRAM_REBOOT_SOFTWARE  3u  /**< SFTRSTF without a recorded reason */
#define BKPSRAM_REBOOT_IWDG      4u  /**< IWDGRSTF: independent watchdog (a crash) */
#define BKPSRAM_REBOOT_WWDG      5u  /**< WWDGRSTF: window watchdog (a crash) */
#define BKPSRAM_REBOOT_BROWNOUT  6u  /**< BORRSTF without PORRSTF: supply dipped below the BOR level */
#define BKPSRAM_REBOOT_LOW_POWER 7u  /**< LPWRRSTF: entering Stop/Standby while the option bytes forbid it */
#define BKPSRAM_REBOOT_FAULT     8u  /**< the fault handler ran (a crash); fault.exception says which */
#define BKPSRAM_REBOOT_ASSERT    9u  /**< bkpsram_reboot_assert() (a crash) */
#define BKPSRAM_REBOOT_APP       0x100u /**< first application-defined reason (0x100..0xFFFF) */
/**@}*/

/** \name bkpsram_fault_t.flags */
/**@{*/
#define BKPSRAM_FAULT_FRAME  0x01u /**< r0..xpsr hold the stacked frame (the stacking succeeded) */
#define BKPSRAM_FAULT_PSP    0x02u /**< the frame was on the process stack (EXC_RETURN bit 2) */
#define BKPSRAM_FAULT_CALLER 0x04u /**< pc is the call site of bkpsram_reboot_assert()/_mark() */
/**@}*/

/**
 * \brief What was recorded just before a reset (100 bytes, the pending block's body).
 *
 * For a fault: the stacked frame (when BKPSRAM_FAULT_FRAME), EXC_RETURN, the stack pointer of
 * the frame, the SCB fault registers (CFSR 0xE000ED28, HFSR 0xE000ED2C, MMFAR 0xE000ED34, BFAR
 * 0xE000ED38, SHCSR 0xE000ED24), RCC_CSR, and the firmware's GNU build id (when the linker script
 * defines bkpsram_build_id, see the README). For bkpsram_reboot_mark()/_assert(): reason, value,
 * pc = the call's return address (flag BKPSRAM_FAULT_CALLER), RCC_CSR, build id; the rest is 0.
 */
typedef struct {
    uint16_t reason;       /**< BKPSRAM_REBOOT_* */
    uint8_t exception;     /**< IPSR of the handler (3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault), 0 if none */
    uint8_t flags;         /**< BKPSRAM_FAULT_* */
    uint32_t seq;          /**< +1 per pending block written (tells a new one from one already counted) */
    uint32_t value;        /**< the value given to bkpsram_reboot_mark()/_assert(), 0 for a fault */
    uint32_t r0;           /**< stacked R0 */
    uint32_t r1;           /**< stacked R1 */
    uint32_t r2;           /**< stacked R2 */
    uint32_t r3;           /**< stacked R3 */
    uint32_t r12;          /**< stacked R12 */
    uint32_t lr;           /**< stacked LR (the faulting function's return address) */
    uint32_t pc;           /**< stacked PC: the faulting instruction (a call's return address for marks) */
    uint32_t xpsr;         /**< stacked xPSR */
    uint32_t exc_return;   /**< LR at handler entry */
    uint32_t sp;           /**< stack pointer holding the frame */
    uint32_t cfsr;         /**< CFSR at handler entry */
    uint32_t hfsr;         /**< HFSR at handler entry */
    uint32_t mmfar;        /**< MMFAR (valid when CFSR.MMARVALID) */
    uint32_t bfar;         /**< BFAR (valid when CFSR.BFARVALID) */
    uint32_t shcsr;        /**< SHCSR: which fault handlers were enabled */
    uint32_t rcc_csr;      /**< RCC_CSR at handler entry */
    uint8_t build_id_len;  /**< bytes of build_id used (0: the image has none) */
    uint8_t reserved[3];   /**< 0 */
    uint8_t build_id[20];  /**< first bytes of the GNU build id (SHA-1: 20) */
} bkpsram_fault_t;

/** \brief The report kept across resets (the payload of the report record, 128 bytes). */
typedef struct {
    uint16_t reason;       /**< why the last reset happened, BKPSRAM_REBOOT_* */
    uint16_t first_reason; /**< first reason of the current run of crashes (0 when consecutive is 0) */
    uint32_t boots;        /**< boots counted by bkpsram_reboot_boot() */
    uint32_t crashes;      /**< resets by FAULT, ASSERT, IWDG or WWDG */
    uint32_t consecutive;  /**< crashes since the last reset that was not one: a crash loop when it grows */
    uint32_t reset_flags;  /**< BKPSRAM_RESET_* bits of the last reset (bkpsram_reset_flags()) */
    uint32_t checkpoint;   /**< the checkpoint word at the last reset */
    uint32_t fault_boot;   /**< boot number at which fault was recorded (0: never) */
    bkpsram_fault_t fault; /**< the last pending block counted (fault, assert or mark) */
} bkpsram_reboot_report_t;

/** \brief Bytes of the reboot area: pending block (108), checkpoint (4), report record (2 x 148). */
#define BKPSRAM_REBOOT_SPAN 408u
/** \brief Record id of the report. */
#define BKPSRAM_REBOOT_RECORD_ID 0xB007u
/** \brief Schema version of the report payload. */
#define BKPSRAM_REBOOT_RECORD_VERSION 1u
/** \brief Offset of the checkpoint word in the backup SRAM. */
#define BKPSRAM_REBOOT_CHECKPOINT_OFFSET (BKPSRAM_CFG_REBOOT_OFFSET + 108u)
/** \brief Address of the checkpoint word (backup SRAM at 0x40024000, 0x38800000 on the H7 and H7R/S,
 *         0x40036400 on H5 and U5, 0x50036400 with BKPSRAM_CFG_SECURE): one
 *         volatile 32-bit store there updates it while backup-domain write access is open (on the
 *         H7 with the D-cache on, clean its line too, or map the backup SRAM non-cacheable). */
#if BKPSRAM_CFG_H7_LIKE
#define BKPSRAM_REBOOT_CHECKPOINT_ADDR (0x38800000u + BKPSRAM_REBOOT_CHECKPOINT_OFFSET)
#elif BKPSRAM_CFG_M33_LIKE && BKPSRAM_CFG_SECURE
#define BKPSRAM_REBOOT_CHECKPOINT_ADDR (0x50036400u + BKPSRAM_REBOOT_CHECKPOINT_OFFSET)
#elif BKPSRAM_CFG_M33_LIKE
#define BKPSRAM_REBOOT_CHECKPOINT_ADDR (0x40036400u + BKPSRAM_REBOOT_CHECKPOINT_OFFSET)
#else
#define BKPSRAM_REBOOT_CHECKPOINT_ADDR (0x40024000u + BKPSRAM_REBOOT_CHECKPOINT_OFFSET)
#endif

/**
 * \brief Once per boot, after bkpsram_init(): classify the last reset, count it, save and return
 *        the report; clears the RCC_CSR reset flags.
 *
 * The reason is the pending block's if one was written since the last call, else from the
 * RCC_CSR flags: POWER_ON (PORRSTF), BROWNOUT, IWDG, WWDG, LOW_POWER, SOFTWARE, PIN, in that
 * order. FAULT, ASSERT, IWDG and WWDG count as crashes. A power cut at any write leaves the
 * previous report or the new one; a boot cut short before the report is saved is counted again
 * by the next call, never twice. Main line only. A report of another format or none at all
 * (first boot, VBAT lost) starts from zero counts.
 * \param[out] report the new report (may be NULL)
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_ERANGE (the area does not fit the store: check
 *         BKPSRAM_CFG_REBOOT_OFFSET; always on the fallback store); BKPSRAM_EWRITE (a write did not
 *         read back: the stored report is the previous one or the new one, and a pending block is
 *         never counted twice).
 */
int bkpsram_reboot_boot(bkpsram_reboot_report_t *report);

/**
 * \brief The report saved by the last bkpsram_reboot_boot(), without changing anything.
 * \param[out] report the report
 * \return BKPSRAM_OK; BKPSRAM_EINVAL (NULL); BKPSRAM_ENOTINIT; BKPSRAM_ERANGE; BKPSRAM_ENOENT
 *         (never saved, or VBAT lost); BKPSRAM_ECORRUPT; BKPSRAM_EVERSION.
 */
int bkpsram_reboot_read(bkpsram_reboot_report_t *report);

/**
 * \brief Record the reason of a reset the application is about to cause (e.g. a firmware update):
 *        the next bkpsram_reboot_boot() reports it with value.
 *
 * Writes the pending block (28 word stores, each read back) and returns; a later mark or fault
 * replaces it. Main line only.
 * \param reason BKPSRAM_REBOOT_SOFTWARE, or BKPSRAM_REBOOT_APP + n (0x100..0xFFFF)
 * \param value anything the application wants to read back (stored in fault.value)
 * \return BKPSRAM_OK; BKPSRAM_ENOTINIT; BKPSRAM_EINVAL (another reason); BKPSRAM_ERANGE (the area
 *         does not fit the store); BKPSRAM_EWRITE (a word of the block did not read back: the
 *         block is not valid and the next boot does not count it).
 */
int bkpsram_reboot_mark(uint16_t reason, uint32_t value);

/**
 * \brief Set the checkpoint word, reported after the next reset (e.g. which task was running when
 *        the watchdog fired).
 *
 * A checked bkpsram_write_u32() (33 instructions with write protection on). With backup-domain
 * write access open (write_protect = 0, or inside bkpsram_unlock()), one volatile store to
 * BKPSRAM_REBOOT_CHECKPOINT_ADDR does the same. May be called from an interrupt handler.
 * \param value the checkpoint
 * \return as bkpsram_write_u32().
 */
int bkpsram_reboot_checkpoint(uint32_t value);

/**
 * \brief Record an assertion failure (reason ASSERT, value, pc = the call site) and reset.
 *
 * Works like the fault handler: no bkpsram_init() needed, any clock or DBP state. Calls
 * bkpsram_reboot_before_reset() first.
 * \param value e.g. __LINE__ or an error code
 */
void bkpsram_reboot_assert(uint32_t value) __attribute__((noreturn));

/**
 * \brief Fault handler: records the fault in the pending block and resets.
 *
 * Put it in the vector table for HardFault, MemManage, BusFault and UsageFault (and NMI if you
 * like), or define them with BKPSRAM_FAULT_HANDLERS(). It picks MSP or PSP from EXC_RETURN,
 * copies the stacked frame unless CFSR reports a stacking error (STKERR, MSTKERR), moves MSP to the
 * initial stack pointer of the vector table at VTOR (the fault may have come from a stack overflow),
 * enables the PWR and backup SRAM clocks, sets DBP, writes the pending block, calls
 * bkpsram_reboot_before_reset() and sets AIRCR.SYSRESETREQ. On a part without backup SRAM it
 * records nothing and resets. Flash and instruction count: README, "Why did my board reset?".
 * Built for ARMv7-M and ARMv8-M Mainline (Cortex-M3/M4/M7/M33) only: a build for ARMv6-M
 * (Cortex-M0/M0+, no backup SRAM on any such STM32) has no bkpsram_fault_handler.
 */
void bkpsram_fault_handler(void) __attribute__((noreturn));

/**
 * \brief Called by the fault handler and bkpsram_reboot_assert() just before the reset, on the
 *        handler's stack with interrupts masked. The library's weak definition does nothing;
 *        define your own (e.g. to flush a log or blink an LED).
 * \param reason BKPSRAM_REBOOT_FAULT or BKPSRAM_REBOOT_ASSERT
 */
void bkpsram_reboot_before_reset(uint16_t reason);

/**
 * \brief Name of a reason: "POWER_ON", "FAULT", ...; "APP" for application reasons, "?" otherwise.
 * \param reason BKPSRAM_REBOOT_*
 * \return a constant string, never NULL ("" with BKPSRAM_CFG_STRINGS = 0).
 */
const char *bkpsram_reboot_reason_name(uint16_t reason);

/** \brief Defines HardFault_Handler, MemManage_Handler, BusFault_Handler and UsageFault_Handler
 *         as branches to bkpsram_fault_handler() (use once, in one C file, at file scope). */
#define BKPSRAM_FAULT_HANDLERS()                                                                       \
    void HardFault_Handler(void);                                                                      \
    void MemManage_Handler(void);                                                                      \
    void BusFault_Handler(void);                                                                       \
    void UsageFault_Handler(void);                                                                     \
    __attribute__((naked)) void HardFault_Handler(void) { __asm volatile("b bkpsram_fault_handler"); }  \
    __attribute__((naked)) void MemManage_Handler(void) { __asm volatile("b bkpsram_fault_handler"); }  \
    __attribute__((naked)) void BusFault_Handler(void) { __asm volatile("b bkpsram_fault_handler"); }   \
    __attribute__((naked)) void UsageFault_Handler(void) { __asm volatile("b bkpsram_fault_handler"); } \
    typedef int bkpsram_fault_handlers_defined_t

#ifdef __cplusplus
}
#endif

#endif /* BKPSRAM_REBOOT_H */

/* SPDX-License-Identifier: MIT */
/*
 * The real firmware images (cross-built examples and the bench image) on vboard, with exact
 * expectations: LEDs, console text, outcome, zero faults, zero model violations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bkpsram/bkpsram_crc.h"
#include "vboard.h"

static vboard_result_t R;

static vboard_t *open_image(const char *board, const char *image)
{
    char path[512], err[256];
    vboard_t *vb = vboard_open(board, 7u);
    assert_non_null(vb);
    snprintf(path, sizeof path, FIRMWARE_DIR "/%s/%s-%s.elf",
             (strcmp(image, "bench") == 0 || strcmp(image, "st_style") == 0) ? "tests/firmware" : "examples", image,
             board);
    if (vboard_load(vb, path, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    return vb;
}

static void boot(vboard_t *vb, bkm_event_t ev)
{
    assert_int_equal(vboard_boot(vb, ev, &R), 0);
}

/* Boot finished cleanly: idle, no fault, no violation. */
static void assert_clean_idle(void)
{
    if (R.outcome != VBOARD_IDLE || R.violations != 0u) {
        fail_msg("outcome %s, fault '%s', violations %u ('%s'), console '%s'", vboard_outcome_name(R.outcome),
                 R.fault, R.violations, R.violation, R.console);
    }
}

static void assert_console_has(const char *text)
{
    if (strstr(R.console, text) == NULL) {
        fail_msg("console lacks '%s': '%s'", text, R.console);
    }
}

/* LED indexes per board: discovery green 0, orange 1, red 2; f429 green 0, red 1; nucleo ld2 0. */
static void test_retain_led_story_on_discovery(void **state)
{
    vboard_t *vb = open_image("stm32f4-discovery", "retain_led");
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 2); /* RED only */
    assert_int_equal(R.reset_flags, 0x07u);
    assert_console_has("no marker: first boot or data lost, marker written, RED\n");
    assert_int_equal(R.bkpsram_writes, 4u);

    boot(vb, BKM_EV_RESET_PIN);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 0); /* GREEN only */
    assert_int_equal(R.reset_flags, 0x02u);
    assert_string_equal(R.console, "retain_led on stm32f4-discovery, reset flags 0x02\nmarker found: data kept, GREEN\n");
    assert_int_equal(R.bkpsram_writes, 0u);

    boot(vb, BKM_EV_POWER_ON); /* VBAT held, retention on */
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 0);

    boot(vb, BKM_EV_POWER_ON_NO_VBAT);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 2);

    boot(vb, BKM_EV_TAMPER);
    assert_int_equal(R.led_state, 1u << 0);
    boot(vb, BKM_EV_RDP_REGRESSION);
    assert_int_equal(R.led_state, 1u << 2);
    vboard_close(vb);
}

static void test_retain_led_on_the_other_boards(void **state)
{
    vboard_t *vb = open_image("stm32f429i-disc1", "retain_led");
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 1);
    boot(vb, BKM_EV_RESET_PIN);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 0);
    vboard_close(vb);

    vb = open_image("nucleo-f446re", "retain_led");
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_int_equal(R.led_state, 0u); /* LD2 off = RED */
    boot(vb, BKM_EV_RESET_PIN);
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u); /* LD2 on = GREEN */
    vboard_close(vb);

    {   /* Cortex-M7: the library built for F7, and for H7 (backup SRAM at 0x38800000); Cortex-M33:
         * built for H5 and for U5 (0x40036400). LD1 green, LD3 red on each. */
        static const char *const m7[] = {"nucleo-f767zi", "nucleo-h743zi", "nucleo-h7s3l8", "nucleo-h563zi",
                                         "nucleo-u575zi-q"};
        size_t i;
        for (i = 0; i < 5u; i++) {
            char first[160];
            snprintf(first, sizeof first, "retain_led on %s, reset flags 0x07\nno marker: first boot or data lost, "
                     "marker written, RED", m7[i]);
            vb = open_image(m7[i], "retain_led");
            boot(vb, BKM_EV_POWER_ON);
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 2); /* LD3 red */
            assert_console_has(first);
            boot(vb, BKM_EV_RESET_PIN);
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 0); /* LD1 green */
            boot(vb, BKM_EV_POWER_ON);
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 0); /* VBAT held */
            boot(vb, BKM_EV_RESET_SOFTWARE);
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 0);
            boot(vb, BKM_EV_BDRST); /* UNVERIFIED on F7/H7/H5: the model erases the backup SRAM by default */
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 2);
            boot(vb, BKM_EV_POWER_ON_NO_VBAT);
            assert_clean_idle();
            assert_int_equal(R.led_state, 1u << 2);
            vboard_close(vb);
        }
    }
}

static void test_fill_and_values_pass_on_every_board_with_backup_sram(void **state)
{
    static const char *const boards[] = {"stm32f4-discovery", "stm32f429i-disc1", "nucleo-f446re", "nucleo-f767zi",
                                         "nucleo-h743zi", "nucleo-h7s3l8", "nucleo-h563zi", "nucleo-u575zi-q"};
    static const uint32_t bytes[] = {4096u, 4096u, 4096u, 4096u, 4096u, 4096u, 4096u, 2048u};
    size_t i;
    (void)state;
    for (i = 0; i < 8u; i++) {
        char all[64];
        vboard_t *vb = open_image(boards[i], "fill");
        boot(vb, BKM_EV_POWER_ON);
        assert_clean_idle();
        assert_console_has("fill_u8 0xA5: ok\nfill_u16 0xBEEF: ok\nfill_u32 0x12345678: ok\nfill_u8 0x00: ok\n");
        snprintf(all, sizeof all, "all %u bytes verified, GREEN\n", bytes[i]);
        assert_console_has(all);
        assert_int_equal(R.bkpsram_writes, bytes[i]); /* 4 fills x one word store per 4 bytes */
        assert_int_equal(R.led_state & 1u, 1u);
        vboard_close(vb);

        vb = open_image(boards[i], "values");
        boot(vb, BKM_EV_POWER_ON);
        assert_clean_idle();
        assert_console_has("u8 0xA7 @1: ok\nu16 0xBEEF @3: ok\nfloat 0.001 @6: ok\nu32 0xDEADBEEF @13: ok\n"
                           "u64 0x0123456789ABCDEF @17: ok\ndouble 3.141592653589793 @27: ok\n"
                           "float bits 0x3A83126F\nGREEN\n");
        assert_int_equal(R.led_state & 1u, 1u);
        vboard_close(vb);
    }
}

static const char *const no_bkpsram_boards[] = {"nucleo-f401re", "nucleo-f411re", "nucleo-g474re", "nucleo-l476rg"};

static void test_examples_without_fallback_on_parts_without_backup_sram_touch_nothing(void **state)
{
    static const char *const images[] = {"unsupported", "fill", "bench"};
    size_t b, i;
    (void)state;
    for (b = 0; b < 4u; b++) {
        const char *const *boards = no_bkpsram_boards;
        for (i = 0; i < 3u; i++) {
            vboard_t *vb = open_image(boards[b], images[i]);
            boot(vb, BKM_EV_POWER_ON);
            assert_clean_idle();
            assert_int_equal(R.bkpsram_reads + R.bkpsram_writes, 0u);
            assert_int_equal(vboard_model(vb)->faulted, 0u);
            if (i < 2u) {
                assert_console_has("BKPSRAM_EUNSUPPORTED: this part has no backup SRAM");
            }
            vboard_close(vb);
        }
    }
}

/* The examples that opt in to the fallback store run on the backup registers (RTC on F401/F411
 * and L476, TAMP on G474): the retain_led story, every typed value, the boot counter (as a
 * record); only 32-bit accesses, no violation. */
static void test_fallback_examples_on_every_board_without_backup_sram(void **state)
{
    const char *const *boards = no_bkpsram_boards;
    static const struct {
        bkm_event_t ev;
        unsigned led; /* LD2: 1 GREEN, 0 RED */
        const char *counter;
    } story[] = {{BKM_EV_POWER_ON_NO_VBAT, 0u, "cold boot (variables initialised): boots 1, cold boots 1"},
                 {BKM_EV_RESET_PIN, 1u, "warm boot: boots 2, cold boots 1, this reset pin"},
                 {BKM_EV_POWER_ON, 1u, "warm boot: boots 3, cold boots 1"},
                 {BKM_EV_TAMPER, 0u, "cold boot (variables initialised): boots 1, cold boots 1"},
                 {BKM_EV_RESET_SOFTWARE, 1u, "warm boot: boots 2, cold boots 1"}};
    size_t b, i;
    (void)state;
    for (b = 0; b < 4u; b++) {
        vboard_t *led = open_image(boards[b], "retain_led"), *cnt = open_image(boards[b], "boot_counter");
        vboard_t *val = open_image(boards[b], "values");
        for (i = 0; i < sizeof story / sizeof story[0]; i++) {
            boot(led, story[i].ev);
            assert_clean_idle();
            assert_int_equal(R.led_state, story[i].led);
            assert_int_equal(vboard_model(led)->sram_writes_by_size[1] + vboard_model(led)->sram_writes_by_size[2], 0u);
            boot(cnt, story[i].ev);
            assert_clean_idle();
            assert_console_has(story[i].counter);
        }
        boot(val, BKM_EV_POWER_ON);
        assert_clean_idle();
        assert_console_has("u8 0xA7 @1: ok\nu16 0xBEEF @3: ok\nfloat 0.001 @6: ok\nu32 0xDEADBEEF @13: ok\n"
                           "u64 0x0123456789ABCDEF @17: ok\ndouble 3.141592653589793 @27: ok\n"
                           "float bits 0x3A83126F\nGREEN\n");
        assert_int_equal(vboard_model(val)->sram_writes_by_size[1] + vboard_model(val)->sram_writes_by_size[2], 0u);
        vboard_close(led);
        vboard_close(cnt);
        vboard_close(val);
    }
}

static void test_unsupported_reports_the_part(void **state)
{
    vboard_t *vb = open_image("nucleo-f411re", "unsupported");
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    assert_string_equal(R.console, "part STM32F411, DEV_ID 0x431, backup SRAM 0 bytes\n"
                                   "bkpsram_init: BKPSRAM_EUNSUPPORTED: this part has no backup SRAM\n");
    vboard_close(vb);
}

static vboard_t *bench_ready(const char *board)
{
    vboard_t *vb = open_image(board, "bench");
    uint32_t rc = 1u;
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_int_equal(vboard_call(vb, "bench_init", NULL, 0, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    assert_int_equal(rc, 0u);
    return vb;
}

/* The bench is not blind: a raw float store at offset 6 is an unaligned VSTR and IS reported. */
static void test_control_raw_unaligned_float_store_is_a_fault(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    uint32_t args[2] = {6u, 1u}, rc = 1u;
    uint8_t before[8], after[8];
    (void)state;
    assert_int_equal(vboard_read_mem(vb, 0x40024004u, before, sizeof before), 0);
    assert_int_equal(vboard_call(vb, "control_raw_float_store", args, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_FAULT);
    assert_int_equal(R.fault_addr, 0x40024006u);
    assert_non_null(strstr(R.fault, "unaligned 4-byte write"));
    assert_non_null(strstr(R.fault, "by VSTR"));
    assert_non_null(strstr(R.violation, "VSTR")); /* the violation text names it too, never empty */
    assert_int_equal(vboard_read_mem(vb, 0x40024004u, after, sizeof after), 0);
    assert_memory_equal(before, after, sizeof before); /* a faulting store writes nothing */
    {   /* the exact instruction: a VSTR (encoding 1110 1101 1x00 ... 1010) */
        uint16_t insn[2];
        assert_int_equal(vboard_read_mem(vb, R.fault_pc, insn, 4), 0);
        assert_int_equal(insn[0] & 0xFF30u, 0xED00u);
        assert_int_equal(insn[1] & 0x0F00u, 0x0A00u);
    }
    vboard_close(vb);

    vb = bench_ready("stm32f4-discovery"); /* aligned, the same store is fine */
    args[0] = 8u;
    assert_int_equal(vboard_call(vb, "control_raw_float_store", args, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    vboard_close(vb);
}

/* Unaligned integer stores to the backup SRAM: strict by default (a fault naming the STR), split
 * with vboard_set_unaligned_bkpsram; a VSTR faults either way. */
static void test_unaligned_bkpsram_strict_and_split(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    uint32_t args[2] = {0x101u, 0x11223344u}, fargs[2] = {6u, 1u}, rc = 1u;
    uint8_t got[4];
    (void)state;
    assert_int_equal(vboard_call(vb, "control_raw_u32_store", args, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_FAULT);
    assert_non_null(strstr(R.fault, "by STR"));
    assert_non_null(strstr(R.fault, "(strict)"));
    vboard_set_unaligned_bkpsram(vb, 1);
    assert_int_equal(vboard_call(vb, "bkpsram_unlock", NULL, 0, &rc, &R), 0); /* DBP for the raw store */
    assert_int_equal(vboard_call(vb, "control_raw_u32_store", args, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    assert_int_equal(R.violations, 0u);
    assert_int_equal(vboard_read_mem(vb, 0x40024101u, got, 4), 0);
    assert_int_equal(got[0] | got[1] << 8 | got[2] << 16 | (uint32_t)got[3] << 24, 0x11223344u);
    assert_int_equal(vboard_call(vb, "control_raw_float_store", fargs, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_FAULT);
    assert_non_null(strstr(R.fault, "always needs alignment"));
    vboard_close(vb);
}

/* Ordinary SRAM: unaligned LDRD faults always; unaligned LDR only with CCR.UNALIGN_TRP. */
static void test_control_unaligned_ldrd_and_ldr_in_sram(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    uint32_t arg = 2u, on = 1u;
    uint16_t insn;
    (void)state;
    assert_int_equal(vboard_call(vb, "control_unaligned_ldr", &arg, 1, NULL, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    assert_int_equal(vboard_call(vb, "control_unaligned_ldrd", &arg, 1, NULL, &R), 0);
    assert_int_equal(R.outcome, VBOARD_FAULT);
    assert_non_null(strstr(R.fault, "UsageFault UNALIGNED"));
    assert_int_equal(vboard_read_mem(vb, R.fault_pc, &insn, 2), 0);
    assert_int_equal(insn & 0xFE50u, 0xE850u); /* LDRD (immediate) */
    arg = 4u; /* word aligned: LDRD is fine */
    assert_int_equal(vboard_call(vb, "control_unaligned_ldrd", &arg, 1, NULL, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    assert_int_equal(vboard_call(vb, "control_unalign_trp", &on, 1, NULL, &R), 0);
    arg = 2u;
    assert_int_equal(vboard_call(vb, "control_unaligned_ldr", &arg, 1, NULL, &R), 0);
    assert_int_equal(R.outcome, VBOARD_FAULT);
    assert_non_null(strstr(R.fault, "CCR.UNALIGN_TRP"));
    vboard_close(vb);
}

/* ST-style firmware (tests/firmware/st_style.c): clock tree, bit-band, BSRR halves, SysTick
 * interrupts, a HardFault handler that records the crash and resets, the IWDG. */
static void test_st_style_firmware_story(void **state)
{
    vboard_t *vb = open_image("stm32f4-discovery", "st_style");
    uint32_t fault_pc;
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    fault_pc = R.fault_pc;
    assert_int_equal(R.outcome, VBOARD_RESET); /* by the HardFault handler */
    assert_string_equal(R.console, "stage 0: SYSCLK 168 MHz, BRR via bit-band, 10 ms of SysTick: 10 ticks, SRAM alias ok\n");
    assert_int_equal(R.led_state, 1u); /* green on; orange and red set, then reset by BSRRH */
    assert_int_equal(R.sysclk_hz, 168000000u);
    assert_int_equal(R.exceptions, 11u); /* 10 SysTick, 1 HardFault */
    assert_non_null(strstr(R.exception, "HardFault taken at pc"));
    assert_non_null(strstr(R.fault, "bus fault: read of 4 bytes at unmapped 0x60000000"));
    assert_int_equal(R.violations, 0u);
    assert_int_equal(vboard_model(vb)->pwr_csr & (1u << 9), 1u << 9); /* BRE set through the alias */
    boot(vb, BKM_EV_RESET_SOFTWARE);
    assert_int_equal(R.outcome, VBOARD_WATCHDOG);
    {   /* the handler's record: the stacked PC is the faulting load; PRECISERR|BFARVALID; FORCED */
        char want[160];
        snprintf(want, sizeof want, "stage 1: crash recorded: pc 0x%08X cfsr 0x00008200 hfsr 0x40000000 bfar 0x60000000\n",
                 fault_pc);
        assert_string_equal(R.console, want);
    }
    assert_int_equal(R.reset_flags, 0x0Au); /* pin + software */
    assert_int_equal(R.sysclk_hz, 16000000u); /* HSI again after the reset */
    boot(vb, BKM_EV_RESET_IWDG);
    assert_clean_idle();
    assert_string_equal(R.console, "stage 2: IWDG reset seen\n");
    assert_int_equal(R.reset_flags & 0x10u, 0x10u);
    assert_int_equal(R.led_state, 8u); /* blue only */
    vboard_close(vb);
}

static void test_library_float_at_offset_6_is_not_a_fault(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    uint32_t args[2] = {6u, 0x3A83126Fu}, rc = 1u;
    uint8_t bytes[4];
    (void)state;
    assert_int_equal(vboard_call(vb, "bench_write_float_bits", args, 2, &rc, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RETURNED);
    assert_int_equal(rc, 0u);
    assert_int_equal(R.violations, 0u);
    assert_int_equal(R.bkpsram_writes, 2u); /* two aligned halfwords */
    assert_int_equal(vboard_read_mem(vb, 0x40024006u, bytes, 4), 0);
    assert_int_equal(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | (uint32_t)bytes[3] << 24, 0x3A83126Fu);
    vboard_close(vb);
}

static void test_every_typed_accessor_at_every_offset_in_machine_code(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    uint32_t fails = 1u;
    (void)state;
    vboard_set_max_insns(vb, 400000000u);
    assert_int_equal(vboard_call(vb, "bench_sweep", NULL, 0, &fails, &R), 0);
    if (R.outcome != VBOARD_RETURNED) {
        fail_msg("outcome %s: %s", vboard_outcome_name(R.outcome), R.fault);
    }
    assert_int_equal(fails, 0u);
    assert_int_equal(R.violations, 0u);
    vboard_close(vb);
}

/* The inline fast paths of bkpsram.h in the machine code of every board's bench image: after init,
 * inside an unlock, without write protection, before init and on the fallback store, every edge
 * offset (and UINT32_MAX, 2^30, 2^31, NULL) gives the library function's code and value; no
 * fault, no model violation. The parts without backup SRAM answer BKPSRAM_ENOTINIT, untouched. */
static void test_inline_fast_paths_keep_the_library_contract_on_every_board(void **state)
{
    static const char *const boards[] = {"stm32f4-discovery", "stm32f429i-disc1", "nucleo-f446re", "nucleo-f767zi",
                                         "nucleo-h743zi", "nucleo-h7s3l8", "nucleo-h563zi", "nucleo-u575zi-q",
                                         "nucleo-f401re", "nucleo-f411re", "nucleo-g474re", "nucleo-l476rg"};
    unsigned long checks = 0u;
    size_t b;
    (void)state;
    for (b = 0; b < sizeof boards / sizeof boards[0]; b++) {
        uint32_t mode;
        int without = b >= 8u; /* no backup SRAM: init fails, unlock refuses; the fallback works */
        for (mode = 0u; mode <= 4u; mode++) {
            vboard_t *vb;
            uint32_t arg = mode, fails = 0xFFFFFFFFu, n = 0u;
            if (without && (mode == 1u || mode == 2u)) {
                continue;
            }
            vb = open_image(boards[b], "bench");
            boot(vb, BKM_EV_POWER_ON);
            assert_int_equal(vboard_call(vb, "bench_inline_contract", &arg, 1, &fails, &R), 0);
            if (R.outcome != VBOARD_RETURNED || fails != 0u || R.violations != 0u) {
                fail_msg("%s mode %u: outcome %s, %d mismatches, %u violations (%s)", boards[b], mode,
                         vboard_outcome_name(R.outcome), (int)fails, R.violations, R.fault);
            }
            assert_int_equal(vboard_read_mem(vb, vboard_symbol(vb, "bench_u32"), &n, sizeof n), 0);
            if (n < 190u) { fail_msg("%s mode %u: %u checks", boards[b], mode, n); }
            checks += n;
            vboard_close(vb);
        }
    }
    printf("inline fast paths on 12 boards: %lu checks against the library functions, 0 mismatches\n", checks);
}

/* A power cut in the middle of writing the marker leaves a torn marker: never taken as valid. */
static void test_power_cut_during_marker_write_is_not_taken_as_kept(void **state)
{
    vboard_t *vb = open_image("stm32f4-discovery", "retain_led");
    (void)state;
    vboard_cut_after_writes(vb, 2u);
    boot(vb, BKM_EV_POWER_ON);
    assert_int_equal(R.outcome, VBOARD_POWER_CUT);
    assert_int_equal(R.bkpsram_writes, 2u);
    boot(vb, BKM_EV_POWER_ON); /* VBAT held: the two written words are kept, the rest is not */
    assert_clean_idle();
    assert_int_equal(R.led_state, 1u << 2);
    assert_int_equal(R.bkpsram_writes, 4u);
    boot(vb, BKM_EV_RESET_PIN);
    assert_int_equal(R.led_state, 1u << 0);
    vboard_close(vb);
}

static void test_software_reset_and_instruction_budget(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    (void)state;
    assert_int_equal(vboard_call(vb, "bench_reset", NULL, 0, NULL, &R), 0);
    assert_int_equal(R.outcome, VBOARD_RESET);
    boot(vb, BKM_EV_RESET_SOFTWARE);
    assert_clean_idle();
    assert_int_equal(R.reset_flags, 0x0Fu); /* SOFTWARE | PIN added to the uncleared power-on flags */
    vboard_close(vb);

    vb = open_image("stm32f4-discovery", "fill");
    vboard_set_max_insns(vb, 1000u);
    boot(vb, BKM_EV_POWER_ON);
    assert_int_equal(R.outcome, VBOARD_MAX_INSNS);
    assert_in_range(R.insns, 1000u, 1100u);
    vboard_close(vb);
}

static void test_boot_counter_counts_boots_and_cold_boots(void **state)
{
    vboard_t *vb = open_image("stm32f4-discovery", "boot_counter");
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_string_equal(R.console, "cold boot (variables initialised): boots 1, cold boots 1, this reset "
                                   "brown-out+pin+power-on, previous none\n");
    boot(vb, BKM_EV_RESET_PIN);
    assert_clean_idle();
    assert_string_equal(R.console, "warm boot: boots 2, cold boots 1, this reset pin, previous brown-out+pin+power-on\n");
    boot(vb, BKM_EV_RESET_IWDG);
    assert_string_equal(R.console, "warm boot: boots 3, cold boots 1, this reset pin+iwdg, previous pin\n");
    boot(vb, BKM_EV_POWER_ON); /* VBAT held */
    assert_console_has("warm boot: boots 4, cold boots 1");
    boot(vb, BKM_EV_POWER_ON_NO_VBAT);
    assert_clean_idle();
    assert_console_has("cold boot (variables initialised): boots 1, cold boots 1");
    assert_int_equal(R.led_state, 1u << 2);
    vboard_close(vb);
}

/* Old firmware (schema 1) saves its settings; the new firmware (schema 2) migrates them. */
static void test_settings_migrate_from_schema_1_to_2(void **state)
{
    char err[256];
    vboard_t *vb = open_image("stm32f4-discovery", "settings_v1");
    (void)state;
    boot(vb, BKM_EV_POWER_ON);
    assert_clean_idle();
    assert_string_equal(R.console, "BKPSRAM_ENOENT: no valid data\ndefaults: schema 1, baud 115200, brightness 50, "
                                   "mode 1, volume 0\nsaved\n");
    boot(vb, BKM_EV_RESET_PIN);
    assert_console_has("loaded: schema 1, baud 115200, brightness 51, mode 1, volume 0\nsaved\n");
    /* reflash the new firmware; the backup SRAM stays */
    assert_int_equal(vboard_load(vb, FIRMWARE_DIR "/examples/settings-stm32f4-discovery.elf", err, sizeof err), 0);
    boot(vb, BKM_EV_RESET_PIN);
    assert_clean_idle();
    assert_string_equal(R.console, "migrated from schema 1: schema 2, baud 115200, brightness 52, mode 1, volume 5\n"
                                   "saved\n");
    boot(vb, BKM_EV_RESET_PIN);
    assert_string_equal(R.console, "loaded: schema 2, baud 115200, brightness 53, mode 1, volume 5\nsaved\n");
    assert_int_equal(R.led_state, 1u << 0);
    vboard_close(vb);
}

/* The same CRC on the host and in firmware with each engine: the nibble and byte tables and the
 * CRC unit of the model, for every length 0..64 and buffer alignment 0..3. */
static void test_crc_engines_agree_with_the_host(void **state)
{
    static const char *const images[] = {"bench", "bench_crctable", "bench_crchw"};
    uint8_t buf[1024];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(31u + i * 7u);
    }
    for (i = 0; i < 3u; i++) {
        char path[512], err[256];
        vboard_t *vb = vboard_open("stm32f4-discovery", 1u);
        uint32_t args[2];
        snprintf(path, sizeof path, FIRMWARE_DIR "/tests/firmware/%s-stm32f4-discovery.elf", images[i]);
        assert_int_equal(vboard_load(vb, path, err, sizeof err), 0);
        boot(vb, BKM_EV_POWER_ON);
        for (args[1] = 0u; args[1] < 4u; args[1]++) {
            for (args[0] = 0u; args[0] <= 64u; args[0]++) {
                uint32_t got = 0u;
                assert_int_equal(vboard_call(vb, "bench_crc", args, 2, &got, &R), 0);
                if (R.outcome != VBOARD_RETURNED || R.violations != 0u ||
                    got != bkpsram_crc32(BKPSRAM_CRC32_INIT, buf + args[1], args[0])) {
                    fail_msg("%s: length %u alignment %u: 0x%08X", images[i], args[0], args[1], got);
                }
            }
        }
        vboard_close(vb);
    }
}

/* A fast board (VBOARD_FAST) runs the same machine code to the same results: the retain_led story
 * and a record save and load give the same outcome, LEDs, console, backup SRAM traffic and exact
 * instruction counts as on the precise board. What it gives up is documented: the raw unaligned
 * VSTR that the precise board faults on goes through. */
static void test_fast_board_agrees_with_the_precise_one(void **state)
{
    static const bkm_event_t story[] = {BKM_EV_POWER_ON_NO_VBAT, BKM_EV_RESET_PIN, BKM_EV_POWER_ON, BKM_EV_RESET_SOFTWARE,
                                        BKM_EV_POWER_ON_NO_VBAT};
    vboard_t *b[2];
    vboard_result_t r[2];
    size_t e, k;
    char err[256];
    (void)state;
    b[0] = vboard_open("stm32f4-discovery", 7u);
    b[1] = vboard_open_mode("stm32f4-discovery", 7u, VBOARD_FAST);
    for (k = 0; k < 2u; k++) {
        assert_non_null(b[k]);
        assert_int_equal(vboard_load(b[k], FIRMWARE_DIR "/examples/retain_led-stm32f4-discovery.elf", err, sizeof err), 0);
    }
    for (e = 0; e < sizeof story / sizeof story[0]; e++) {
        for (k = 0; k < 2u; k++) {
            assert_int_equal(vboard_boot(b[k], story[e], &r[k]), 0);
        }
        assert_int_equal(r[1].outcome, r[0].outcome);
        assert_int_equal(r[1].led_state, r[0].led_state);
        assert_string_equal(r[1].console, r[0].console);
        assert_int_equal(r[1].insns, r[0].insns);
        assert_int_equal(r[1].bkpsram_writes, r[0].bkpsram_writes);
        assert_int_equal(r[1].violations, 0u);
    }
    for (k = 0; k < 2u; k++) {
        uint32_t args[2] = {256u, 5u}, rc = 1u;
        assert_int_equal(vboard_load(b[k], FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf", err, sizeof err), 0);
        assert_int_equal(vboard_boot(b[k], BKM_EV_POWER_ON_NO_VBAT, &r[k]), 0);
        assert_int_equal(vboard_call(b[k], "bench_init", NULL, 0, &rc, &r[k]), 0);
        assert_int_equal(vboard_call(b[k], "bench_rec_save", args, 2, &rc, &r[k]), 0);
        assert_int_equal(rc, 0u);
        assert_int_equal(vboard_call(b[k], "bench_rec_load", args, 1, &rc, &r[k]), 0);
        assert_int_equal(rc, 0u);
    }
    assert_int_equal(r[1].insns, r[0].insns);
    assert_int_equal(r[1].bkpsram_reads, r[0].bkpsram_reads);
    assert_memory_equal(vboard_model(b[1])->sram, vboard_model(b[0])->sram, sizeof vboard_model(b[0])->sram);
    {
        uint32_t args[2] = {6u, 1u}, rc = 1u;
        assert_int_equal(vboard_call(b[1], "control_raw_float_store", args, 2, &rc, &r[1]), 0);
        assert_int_equal(r[1].outcome, VBOARD_RETURNED); /* precise: VBOARD_FAULT (the test above) */
    }
    vboard_close(b[0]);
    vboard_close(b[1]);
}

/* The instruction profile adds up to the call's exact count, names the functions that ran, and
 * belongs to one image. */
static void test_profile_counts_every_instruction_against_its_function(void **state)
{
    vboard_t *vb = bench_ready("stm32f4-discovery");
    vboard_profile_row_t rows[64];
    uint32_t args[2] = {0x5A5A5A5Au, 0u}, rc = 1u;
    uint64_t sum = 0u;
    size_t n, i;
    char err[256];
    (void)state;
    assert_int_equal(vboard_profile_rows(vb, rows, 64u), 0u); /* off until asked */
    assert_int_equal(vboard_profile(vb, 1), 0);
    assert_int_equal(vboard_call(vb, "bkpsram_fill_u32", args, 1, &rc, &R), 0);
    assert_int_equal(rc, 0u);
    n = vboard_profile_rows(vb, rows, 64u);
    assert_true(n >= 3u && n < 64u);
    for (i = 0; i < n; i++) {
        sum += rows[i].insns;
        assert_true(i == 0u || rows[i].insns <= rows[i - 1u].insns);
        assert_string_not_equal(rows[i].name, "(outside functions)");
    }
    assert_int_equal(sum, R.insns);
    assert_string_equal(rows[0].name, "bkpsram_fill_u32"); /* the block loops are inline in it */
    assert_int_equal(vboard_profile_rows(vb, rows, 1u), 1u);
    assert_int_equal(vboard_load(vb, FIRMWARE_DIR "/tests/firmware/bench-stm32f4-discovery.elf", err, sizeof err), 0);
    assert_int_equal(vboard_profile_rows(vb, rows, 64u), 0u); /* a new image: off */
    vboard_close(vb);
}

/* The STM32F7 build on NUCLEO-F767ZI, the STM32H7 build on NUCLEO-H743ZI and the STM32H7R/S build
 * on NUCLEO-H7S3L8 (Cortex-M7), the
 * STM32H5 build on NUCLEO-H563ZI and the STM32U5 build on NUCLEO-U575ZI-Q (Cortex-M33): the part
 * as the library names it, the boot counter's section variables over resets, the settings record
 * loaded and saved again. */
static void test_the_other_family_builds_run_every_example(void **state)
{
    static const char *const boards[] = {"nucleo-f767zi", "nucleo-h743zi", "nucleo-h7s3l8", "nucleo-h563zi",
                                         "nucleo-u575zi-q"};
    static const char *const parts[] = {"part STM32F76x/77x, DEV_ID 0x451, backup SRAM 4096 bytes",
                                        "part STM32H74x/75x, DEV_ID 0x450, backup SRAM 4096 bytes",
                                        "part STM32H7R/S, DEV_ID 0x485, backup SRAM 4096 bytes",
                                        "part STM32H562/563/573, DEV_ID 0x484, backup SRAM 4096 bytes",
                                        "part STM32U575/585, DEV_ID 0x482, backup SRAM 2048 bytes"};
    size_t i;
    (void)state;
    for (i = 0; i < 5u; i++) {
        vboard_t *vb = open_image(boards[i], "unsupported");
        boot(vb, BKM_EV_POWER_ON);
        assert_clean_idle();
        assert_console_has(parts[i]);
        assert_console_has("bkpsram_init: BKPSRAM_OK");
        vboard_close(vb);

        vb = open_image(boards[i], "boot_counter");
        boot(vb, BKM_EV_POWER_ON_NO_VBAT);
        assert_clean_idle();
        assert_console_has("cold boot (variables initialised): boots 1, cold boots 1");
        boot(vb, BKM_EV_RESET_PIN);
        assert_clean_idle();
        assert_console_has("warm boot: boots 2, cold boots 1, this reset pin");
        boot(vb, BKM_EV_RESET_SOFTWARE);
        assert_clean_idle();
        assert_console_has("warm boot: boots 3, cold boots 1");
        vboard_close(vb);

        vb = open_image(boards[i], "settings");
        boot(vb, BKM_EV_POWER_ON_NO_VBAT);
        assert_clean_idle();
        assert_console_has("BKPSRAM_ENOENT: no valid data");
        boot(vb, BKM_EV_RESET_PIN);
        assert_clean_idle();
        assert_console_has("loaded: schema 2, baud 115200, brightness 51, mode 1, volume 5");
        boot(vb, BKM_EV_POWER_ON);
        assert_clean_idle();
        assert_console_has("loaded: schema 2, baud 115200, brightness 52, mode 1, volume 5");
        vboard_close(vb);
    }
}

static void test_loader_refuses_bad_files(void **state)
{
    char err[256];
    vboard_t *vb = vboard_open("stm32f4-discovery", 1u);
    (void)state;
    assert_null(vboard_open("nucleo-f999", 1u));
    assert_int_equal(vboard_load(vb, "/nonexistent.elf", err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
    assert_int_equal(vboard_load(vb, FIRMWARE_DIR "/examples/retain_led-stm32f4-discovery.bin", err, sizeof err), -1);
    assert_non_null(strstr(err, "not a 32-bit ARM ELF"));
    assert_int_equal(vboard_boot(vb, BKM_EV_POWER_ON, &R), -1);
    vboard_close(vb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retain_led_story_on_discovery),
        cmocka_unit_test(test_retain_led_on_the_other_boards),
        cmocka_unit_test(test_fill_and_values_pass_on_every_board_with_backup_sram),
        cmocka_unit_test(test_examples_without_fallback_on_parts_without_backup_sram_touch_nothing),
        cmocka_unit_test(test_fallback_examples_on_every_board_without_backup_sram),
        cmocka_unit_test(test_unsupported_reports_the_part),
        cmocka_unit_test(test_control_raw_unaligned_float_store_is_a_fault),
        cmocka_unit_test(test_control_unaligned_ldrd_and_ldr_in_sram),
        cmocka_unit_test(test_library_float_at_offset_6_is_not_a_fault),
        cmocka_unit_test(test_st_style_firmware_story),
        cmocka_unit_test(test_unaligned_bkpsram_strict_and_split),
        cmocka_unit_test(test_every_typed_accessor_at_every_offset_in_machine_code),
        cmocka_unit_test(test_inline_fast_paths_keep_the_library_contract_on_every_board),
        cmocka_unit_test(test_power_cut_during_marker_write_is_not_taken_as_kept),
        cmocka_unit_test(test_software_reset_and_instruction_budget),
        cmocka_unit_test(test_boot_counter_counts_boots_and_cold_boots),
        cmocka_unit_test(test_settings_migrate_from_schema_1_to_2),
        cmocka_unit_test(test_crc_engines_agree_with_the_host),
        cmocka_unit_test(test_fast_board_agrees_with_the_precise_one),
        cmocka_unit_test(test_profile_counts_every_instruction_against_its_function),
        cmocka_unit_test(test_the_other_family_builds_run_every_example),
        cmocka_unit_test(test_loader_refuses_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

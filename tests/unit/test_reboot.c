/* SPDX-License-Identifier: MIT */
/* Reboot reasons, counts and the pending block (bkpsram_reboot.h) on the model: classification of
 * every reset event, marks, counting once, crash loops, damaged blocks, lost writes, bad input. */
#include "fixture.h"

#include "bkpsram/bkpsram_reboot.h"

#define AREA BKPSRAM_CFG_REBOOT_OFFSET

/* A reset event, init again, count the boot. */
static bkpsram_reboot_report_t after(bkm_event_t ev)
{
    bkpsram_reboot_report_t r;
    bkm_event(&M, ev);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    memset(&r, 0xA5, sizeof r);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    return r;
}

static void test_every_call_before_init_is_enotinit(void **state)
{
    bkpsram_reboot_report_t r;
    uint8_t before[BKM_SRAM_SIZE];
    (void)state;
    memcpy(before, M.sram, sizeof before);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_reboot_read(&r), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_reboot_checkpoint(1u), BKPSRAM_ENOTINIT);
    assert_memory_equal(before, M.sram, sizeof before);
}

static void test_part_without_backup_sram_records_nothing(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    model_fresh("f401", NULL);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_EUNSUPPORTED);
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_ENOTINIT);
    assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_SOFTWARE, 1u), BKPSRAM_ENOTINIT);
    assert_int_equal(M.sram_writes, 0u);
}

static void test_read_null_is_einval_and_read_before_any_boot_is_enoent(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_read(NULL), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_reboot_read(&r), BKPSRAM_ENOENT);
}

static void test_mark_refuses_builtin_reasons_and_writes_nothing(void **state)
{
    static const uint16_t bad[] = {0u, 1u, 2u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 0xFFu};
    size_t i;
    (void)state;
    boot_fresh();
    bkm_clear_stats(&M);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bkpsram_reboot_mark(bad[i], 1u), BKPSRAM_EINVAL);
    }
    assert_int_equal(M.sram_writes, 0u);
}

static void test_first_boot_is_power_on_with_no_crash(void **state)
{
    bkpsram_reboot_report_t r, again;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(&r), BKPSRAM_OK);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_POWER_ON);
    assert_int_equal(r.boots, 1u);
    assert_int_equal(r.crashes, 0u);
    assert_int_equal(r.fault_boot, 0u);
    assert_true((r.reset_flags & BKPSRAM_RESET_POWER_ON) != 0u);
    assert_int_equal(bkpsram_reboot_read(&again), BKPSRAM_OK);
    assert_memory_equal(&r, &again, sizeof r);
    assert_int_equal(bkpsram_reset_flags(0), 0u); /* cleared */
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK); /* NULL: count without a copy */
}

static void test_each_reset_event_gives_its_reason(void **state)
{
    static const struct {
        bkm_event_t ev;
        uint16_t reason;
        uint32_t crash;
    } t[] = {{BKM_EV_RESET_PIN, BKPSRAM_REBOOT_PIN, 0u},           {BKM_EV_RESET_SOFTWARE, BKPSRAM_REBOOT_SOFTWARE, 0u},
             {BKM_EV_RESET_IWDG, BKPSRAM_REBOOT_IWDG, 1u},         {BKM_EV_RESET_WWDG, BKPSRAM_REBOOT_WWDG, 1u},
             {BKM_EV_POWER_ON, BKPSRAM_REBOOT_POWER_ON, 0u}};
    uint32_t crashes = 0u, consecutive = 0u, i;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        bkpsram_reboot_report_t r = after(t[i].ev);
        crashes += t[i].crash;
        consecutive = t[i].crash ? consecutive + 1u : 0u;
        assert_int_equal(r.reason, t[i].reason);
        assert_int_equal(r.boots, i + 2u);
        assert_int_equal(r.crashes, crashes);
        assert_int_equal(r.consecutive, consecutive);
    }
}

static void test_mark_is_reported_once_with_its_value(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP + 5u, 0xABCD1234u), BKPSRAM_OK);
    r = after(BKM_EV_RESET_SOFTWARE);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_APP + 5u);
    assert_int_equal(r.fault.reason, BKPSRAM_REBOOT_APP + 5u);
    assert_int_equal(r.fault.value, 0xABCD1234u);
    assert_int_equal(r.fault.flags, BKPSRAM_FAULT_CALLER);
    assert_int_equal(r.fault_boot, 2u);
    assert_int_equal(r.crashes, 0u);
    r = after(BKM_EV_RESET_SOFTWARE); /* the same block is not counted again */
    assert_int_equal(r.reason, BKPSRAM_REBOOT_SOFTWARE);
    assert_int_equal(r.fault_boot, 2u);
    assert_int_equal(r.fault.value, 0xABCD1234u);
}

/* A boot cut short after the report was saved but before the block was marked counted: the next
 * boot sees a valid block again, with the sequence the report already holds, and ignores it. */
static void test_a_block_whose_consume_was_lost_is_not_counted_again(void **state)
{
    static const uint8_t pending_magic[4] = {0x42u, 0x4Bu, 0x52u, 0x50u}; /* "BKRP" */
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP + 2u, 9u), BKPSRAM_OK);
    r = after(BKM_EV_RESET_SOFTWARE);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_APP + 2u);
    memcpy(&M.sram[AREA], pending_magic, 4u); /* the consume never landed */
    r = after(BKM_EV_RESET_SOFTWARE);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_SOFTWARE);
    assert_int_equal(r.fault_boot, 2u);
    assert_int_equal(r.boots, 3u);
}

static void test_crash_loop_keeps_its_first_reason_until_a_clean_reset(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    (void)after(BKM_EV_RESET_IWDG);
    (void)after(BKM_EV_RESET_WWDG);
    r = after(BKM_EV_RESET_IWDG);
    assert_int_equal(r.consecutive, 3u);
    assert_int_equal(r.first_reason, BKPSRAM_REBOOT_IWDG);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_IWDG);
    r = after(BKM_EV_RESET_PIN);
    assert_int_equal(r.consecutive, 0u);
    assert_int_equal(r.first_reason, BKPSRAM_REBOOT_UNKNOWN);
    assert_int_equal(r.crashes, 3u);
}

static void test_damaged_pending_block_is_ignored(void **state)
{
    uint32_t byte;
    (void)state;
    for (byte = 0u; byte < 108u; byte += 7u) {
        bkpsram_reboot_report_t r;
        boot_fresh();
        assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
        assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP, 7u), BKPSRAM_OK);
        M.sram[AREA + byte] ^= 0x10u;
        r = after(BKM_EV_RESET_SOFTWARE);
        assert_int_equal(r.reason, BKPSRAM_REBOOT_SOFTWARE);
        assert_int_equal(r.fault_boot, 0u);
    }
}

/* Any one of the mark's backup SRAM writes lost: EWRITE, and the next boot does not count it;
 * except the first (the magic cleared before the body), which only guards a torn block: the
 * block is complete and counts. */
static void test_a_lost_write_never_leaves_a_block_that_counts(void **state)
{
    uint32_t n, writes;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    writes = M.sram_writes;
    assert_int_equal(bkpsram_reboot_mark(BKPSRAM_REBOOT_APP, 0u), BKPSRAM_OK);
    writes = M.sram_writes - writes;
    assert_int_equal(writes, 28u); /* magic 0, 25 body words, CRC, magic */
    for (n = 1u; n <= writes + 1u; n++) {
        bkpsram_reboot_report_t r;
        int rc, lost;
        boot_fresh();
        assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
        bkm_drop_write(&M, n);
        rc = bkpsram_reboot_mark(BKPSRAM_REBOOT_APP + 1u, n);
        bkm_drop_write(&M, 0u);
        r = after(BKM_EV_RESET_SOFTWARE);
        lost = n > 1u && n <= writes;
        assert_int_equal(rc, lost ? BKPSRAM_EWRITE : BKPSRAM_OK);
        assert_int_equal(r.reason, lost ? BKPSRAM_REBOOT_SOFTWARE : BKPSRAM_REBOOT_APP + 1u);
    }
}

static void test_checkpoint_is_reported_after_a_watchdog_reset(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_reboot_checkpoint(0xC0DE0042u), BKPSRAM_OK);
    r = after(BKM_EV_RESET_IWDG);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_IWDG);
    assert_int_equal(r.checkpoint, 0xC0DE0042u);
}

/* The one-store way: a plain 32-bit store to BKPSRAM_REBOOT_CHECKPOINT_ADDR inside unlock/lock. */
static void test_checkpoint_by_one_store_at_its_address(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    assert_int_equal(BKPSRAM_REBOOT_CHECKPOINT_ADDR - SRAM_BASE, BKPSRAM_REBOOT_CHECKPOINT_OFFSET);
    assert_int_equal(bkpsram_unlock(), BKPSRAM_OK);
    assert_int_equal(bkm_write(&M, BKPSRAM_REBOOT_CHECKPOINT_ADDR, 4u, 0x5EED0001u), 0);
    assert_int_equal(bkpsram_lock(), BKPSRAM_OK);
    r = after(BKM_EV_RESET_WWDG);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_WWDG);
    assert_int_equal(r.checkpoint, 0x5EED0001u);
}

static void test_vbat_loss_starts_the_counts_again(void **state)
{
    bkpsram_reboot_report_t r;
    (void)state;
    boot_fresh();
    assert_int_equal(bkpsram_reboot_boot(NULL), BKPSRAM_OK);
    (void)after(BKM_EV_RESET_IWDG);
    r = after(BKM_EV_POWER_ON_NO_VBAT);
    assert_int_equal(r.boots, 1u);
    assert_int_equal(r.crashes, 0u);
    assert_int_equal(r.reason, BKPSRAM_REBOOT_POWER_ON);
}

static void test_reason_names(void **state)
{
    (void)state;
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_UNKNOWN), "UNKNOWN");
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_POWER_ON), "POWER_ON");
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_LOW_POWER), "LOW_POWER");
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_FAULT), "FAULT");
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_ASSERT), "ASSERT");
    assert_string_equal(bkpsram_reboot_reason_name(10u), "?");
    assert_string_equal(bkpsram_reboot_reason_name(0xFFu), "?");
    assert_string_equal(bkpsram_reboot_reason_name(BKPSRAM_REBOOT_APP), "APP");
    assert_string_equal(bkpsram_reboot_reason_name(0xFFFFu), "APP");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_call_before_init_is_enotinit, setup_f407),
        cmocka_unit_test(test_part_without_backup_sram_records_nothing),
        cmocka_unit_test(test_read_null_is_einval_and_read_before_any_boot_is_enoent),
        cmocka_unit_test(test_mark_refuses_builtin_reasons_and_writes_nothing),
        cmocka_unit_test(test_first_boot_is_power_on_with_no_crash),
        cmocka_unit_test(test_each_reset_event_gives_its_reason),
        cmocka_unit_test(test_mark_is_reported_once_with_its_value),
        cmocka_unit_test(test_a_block_whose_consume_was_lost_is_not_counted_again),
        cmocka_unit_test(test_crash_loop_keeps_its_first_reason_until_a_clean_reset),
        cmocka_unit_test(test_damaged_pending_block_is_ignored),
        cmocka_unit_test(test_a_lost_write_never_leaves_a_block_that_counts),
        cmocka_unit_test(test_checkpoint_is_reported_after_a_watchdog_reset),
        cmocka_unit_test(test_checkpoint_by_one_store_at_its_address),
        cmocka_unit_test(test_vbat_loss_starts_the_counts_again),
        cmocka_unit_test(test_reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

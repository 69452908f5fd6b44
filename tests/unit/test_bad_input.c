/* SPDX-License-Identifier: MIT */
/* Bad input for every public function: the documented code, and no change to the model. Built for
 * the F2/F4 build on the F407 and, with TEST_PART and TEST_SIZE, for the other families' builds on
 * one of their parts (unit.bad_input_<family>). */
#include "calls.h"

#define SZ TEST_SIZE

#define OFF_MAX 0xFFFFFFFFu
#define SZ_MAX ((size_t)-1)

static void test_every_call_before_init_is_refused(void **state)
{
    (void)state;
    run_calls_unchanged(calls_not_init, sizeof calls_not_init / sizeof calls_not_init[0]);
}

static void test_null_pointers_are_einval(void **state)
{
    static const call_t calls[] = {
        {OP_READ, 0u, 1u, 1, BKPSRAM_EINVAL},  {OP_WRITE, 0u, 1u, 1, BKPSRAM_EINVAL},
        {OP_READ, 0u, 0u, 1, BKPSRAM_EINVAL},  {OP_WRITE, SZ, 0u, 1, BKPSRAM_EINVAL},
        {OP_R8, 0u, 0u, 1, BKPSRAM_EINVAL},    {OP_R16, 0u, 0u, 1, BKPSRAM_EINVAL},
        {OP_R32, 0u, 0u, 1, BKPSRAM_EINVAL},   {OP_R64, 0u, 0u, 1, BKPSRAM_EINVAL},
        {OP_RF, 0u, 0u, 1, BKPSRAM_EINVAL},    {OP_RD, 0u, 0u, 1, BKPSRAM_EINVAL},
        {OP_R32, OFF_MAX, 0u, 1, BKPSRAM_EINVAL}, {OP_IDENTIFY, 0u, 0u, 1, BKPSRAM_EINVAL},
    };
    (void)state;
    run_calls_unchanged(calls, sizeof calls / sizeof calls[0]);
}

static void test_offsets_and_lengths_outside_are_erange(void **state)
{
    static const call_t calls[] = {
        {OP_READ, SZ, 1u, 0, BKPSRAM_ERANGE},   {OP_READ, (SZ - 1u), 2u, 0, BKPSRAM_ERANGE},
        {OP_READ, OFF_MAX, 1u, 0, BKPSRAM_ERANGE}, {OP_READ, 8u, SZ_MAX, 0, BKPSRAM_ERANGE},
        {OP_READ, 0u, (SZ + 1u), 0, BKPSRAM_ERANGE},   {OP_READ, (SZ + 1u), 0u, 0, BKPSRAM_ERANGE},
        {OP_READ, OFF_MAX, SZ_MAX, 0, BKPSRAM_ERANGE},
        {OP_WRITE, SZ, 1u, 0, BKPSRAM_ERANGE},  {OP_WRITE, (SZ - 1u), 2u, 0, BKPSRAM_ERANGE},
        {OP_WRITE, OFF_MAX, 1u, 0, BKPSRAM_ERANGE}, {OP_WRITE, 8u, SZ_MAX, 0, BKPSRAM_ERANGE},
        {OP_WRITE, 0u, (SZ + 1u), 0, BKPSRAM_ERANGE},  {OP_WRITE, 1u, SZ_MAX - 0u, 0, BKPSRAM_ERANGE},
        {OP_MEMSET, SZ, 1u, 0, BKPSRAM_ERANGE}, {OP_MEMSET, 8u, SZ_MAX, 0, BKPSRAM_ERANGE},
        {OP_MEMSET, OFF_MAX, 1u, 0, BKPSRAM_ERANGE}, {OP_MEMSET, 0u, (SZ + 1u), 0, BKPSRAM_ERANGE},
        {OP_R8, SZ, 0u, 0, BKPSRAM_ERANGE},     {OP_R8, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
        {OP_R16, (SZ - 1u), 0u, 0, BKPSRAM_ERANGE},    {OP_R16, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
        {OP_R32, (SZ - 3u), 0u, 0, BKPSRAM_ERANGE},    {OP_R32, OFF_MAX - 1u, 0u, 0, BKPSRAM_ERANGE},
        {OP_R64, (SZ - 7u), 0u, 0, BKPSRAM_ERANGE},    {OP_R64, OFF_MAX - 3u, 0u, 0, BKPSRAM_ERANGE},
        {OP_RF, (SZ - 3u), 0u, 0, BKPSRAM_ERANGE},     {OP_RF, SZ, 0u, 0, BKPSRAM_ERANGE},
        {OP_RD, (SZ - 7u), 0u, 0, BKPSRAM_ERANGE},     {OP_RD, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
        {OP_W8, SZ, 0u, 0, BKPSRAM_ERANGE},     {OP_W8, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
        {OP_W16, (SZ - 1u), 0u, 0, BKPSRAM_ERANGE},    {OP_W16, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
        {OP_W32, (SZ - 3u), 0u, 0, BKPSRAM_ERANGE},    {OP_W32, OFF_MAX - 1u, 0u, 0, BKPSRAM_ERANGE},
        {OP_W64, (SZ - 7u), 0u, 0, BKPSRAM_ERANGE},    {OP_W64, OFF_MAX - 3u, 0u, 0, BKPSRAM_ERANGE},
        {OP_WF, (SZ - 3u), 0u, 0, BKPSRAM_ERANGE},     {OP_WF, SZ, 0u, 0, BKPSRAM_ERANGE},
        {OP_WD, (SZ - 7u), 0u, 0, BKPSRAM_ERANGE},     {OP_WD, OFF_MAX, 0u, 0, BKPSRAM_ERANGE},
    };
    (void)state;
    run_calls_unchanged(calls, sizeof calls / sizeof calls[0]);
}

static void test_unbalanced_lock_and_bad_config_are_einval(void **state)
{
    static const call_t calls[] = {
        {OP_LOCK, 0u, 0u, 0, BKPSRAM_EINVAL},
        {OP_INIT_BAD_CONFIG, 0u, 0u, 0, BKPSRAM_EINVAL},
    };
    bkpsram_config_t wp2 = {1u, 2u, 0u, 0u}, fb2 = {1u, 1u, 0u, 2u};
    (void)state;
    run_calls_unchanged(calls, sizeof calls / sizeof calls[0]);
    assert_int_equal(bkpsram_init(&wp2), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_init(&fb2), BKPSRAM_EINVAL);
    assert_int_equal(bkpsram_size(), SZ); /* a refused re-init leaves the working state */
}

static void test_last_valid_offsets_are_accepted(void **state)
{
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t q;
    (void)state;
    assert_int_equal(bkpsram_write_u8((SZ - 1u), 1u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u8((SZ - 1u), &b), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u16((SZ - 2u), 1u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u16((SZ - 2u), &h), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u32((SZ - 4u), 1u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u32((SZ - 4u), &w), BKPSRAM_OK);
    assert_int_equal(bkpsram_write_u64((SZ - 8u), 1u), BKPSRAM_OK);
    assert_int_equal(bkpsram_read_u64((SZ - 8u), &q), BKPSRAM_OK);
    assert_int_equal(bkm_violation_total(&M), 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_every_call_before_init_is_refused),
        TEST_INIT(test_null_pointers_are_einval),
        TEST_INIT(test_offsets_and_lengths_outside_are_erange),
        TEST_INIT(test_unbalanced_lock_and_bad_config_are_einval),
        TEST_INIT(test_last_valid_offsets_are_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

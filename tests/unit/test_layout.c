/* SPDX-License-Identifier: MIT */
/*
 * bkpsram_layout_check(): records, logs, the section region and raw areas in one table. Exact
 * problem, exact pair of areas, exact error code; no register or backup SRAM access.
 */
#include "fixture.h"

#include "bkpsram/bkpsram_layout.h"

static const bkpsram_record_t rec_a = {1024u, 0x5E77u, 2u, 8u};          /* 1024..1079 */
static const bkpsram_record_t rec_b = {1080u, 0x0B07u, 1u, 4u};          /* 1080..1127 */
static const bkpsram_log_config_t log_a = {2048u, 2048u, 1u, 12u};      /* 2048..4095 */
static const bkpsram_log_config_t log_b = {1200u, 200u, 2u, 4u};         /* 1200..1399 */

/* Check one table; expect rc, problem and the pair (first, second). */
static void expect(const bkpsram_area_t *areas, size_t n, uint32_t size, int rc, bkpsram_layout_problem_t p,
                   size_t first, size_t second)
{
    bkpsram_layout_report_t r;
    memset(&r, 0xA5, sizeof r);
    assert_int_equal(bkpsram_layout_check(areas, n, size, &r), rc);
    assert_int_equal(r.problem, p);
    if (p != BKPSRAM_LAYOUT_OK) {
        assert_int_equal(r.first, first);
        assert_int_equal(r.second, second);
        assert_string_equal(r.first_name, areas[first].name);
        assert_string_equal(r.second_name, areas[second].name);
    } else {
        assert_null(r.first_name);
    }
    assert_int_equal(bkpsram_layout_check(areas, n, size, NULL), rc); /* NULL report: same verdict */
}

static void test_readme_layout_is_ok(void **state)
{
    const bkpsram_area_t t[] = {BKPSRAM_AREA_SECTION("section", 0u, 1024u), BKPSRAM_AREA_RECORD("settings", rec_a),
                                BKPSRAM_AREA_RECORD("boot", rec_b), BKPSRAM_AREA_LOG("samples", log_a),
                                BKPSRAM_AREA_LOG("events", log_b), BKPSRAM_AREA_RAW("marker", 1128u, 16u)};
    (void)state;
    expect(t, 6u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    expect(t, 0u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    assert_int_equal(bkpsram_layout_check(NULL, 0u, 0u, NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_layout_check(NULL, 1u, 0u, NULL), BKPSRAM_EINVAL);
}

static void test_record_overlapping_log_names_both(void **state)
{
    const bkpsram_log_config_t at1024 = {1024u, 3072u, 1u, 12u};
    const bkpsram_area_t t[] = {BKPSRAM_AREA_RECORD("settings", rec_a), BKPSRAM_AREA_LOG("samples", at1024)};
    bkpsram_layout_report_t r;
    (void)state;
    expect(t, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_OVERLAP, 1u, 0u);
    assert_int_equal(bkpsram_layout_check(t, 2u, 0u, &r), BKPSRAM_EINVAL);
    assert_int_equal(r.first_start, 1024u);
    assert_int_equal(r.first_end, 4096u);
    assert_int_equal(r.second_start, 1024u);
    assert_int_equal(r.second_end, 1024u + BKPSRAM_RECORD_SPAN(8u));
    assert_string_equal(bkpsram_layout_problem_name(r.problem), "overlap");
}

static void test_adjacent_areas_do_not_overlap_one_byte_more_does(void **state)
{
    bkpsram_area_t t[] = {BKPSRAM_AREA_RECORD("a", rec_a), BKPSRAM_AREA_RAW("raw", 1080u, 4u)};
    (void)state;
    expect(t, 2u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    t[1].offset = 1079u;
    expect(t, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_OVERLAP, 1u, 0u);
    t[1].offset = 1000u;
    t[1].size = 24u; /* 1000..1023 */
    expect(t, 2u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    t[1].size = 25u;
    expect(t, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_OVERLAP, 1u, 0u);
}

static void test_section_region_overlapping_a_record(void **state)
{
    const bkpsram_area_t t[] = {BKPSRAM_AREA_RECORD("settings", rec_a), BKPSRAM_AREA_SECTION("vars", 0u, 1028u)};
    (void)state;
    expect(t, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_OVERLAP, 1u, 0u);
}

static void test_duplicate_ids_within_a_kind_only(void **state)
{
    const bkpsram_record_t same = {1200u, 0x5E77u, 1u, 4u};
    const bkpsram_log_config_t log_same_id = {1200u, 200u, 1u, 4u};
    const bkpsram_area_t recs[] = {BKPSRAM_AREA_RECORD("x", rec_a), BKPSRAM_AREA_RECORD("y", same)};
    const bkpsram_area_t logs[] = {BKPSRAM_AREA_LOG("x", log_a), BKPSRAM_AREA_LOG("y", log_same_id)};
    const bkpsram_record_t rec_id1 = {1024u, 1u, 1u, 4u};
    const bkpsram_area_t mixed[] = {BKPSRAM_AREA_RECORD("r", rec_id1), BKPSRAM_AREA_LOG("l", log_a)};
    (void)state;
    expect(recs, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_DUPLICATE_ID, 1u, 0u);
    expect(logs, 2u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_DUPLICATE_ID, 1u, 0u);
    expect(mixed, 2u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u); /* record 1 and log 1: other magics */
}

static void test_misaligned_areas(void **state)
{
    const bkpsram_record_t r = {1026u, 1u, 1u, 4u};
    const bkpsram_log_config_t l = {2050u, 200u, 1u, 4u};
    const bkpsram_area_t t1[] = {BKPSRAM_AREA_RECORD("r", r)};
    const bkpsram_area_t t2[] = {BKPSRAM_AREA_LOG("l", l)};
    const bkpsram_area_t t3[] = {BKPSRAM_AREA_SECTION("s", 0u, 1022u)};
    const bkpsram_area_t t4[] = {BKPSRAM_AREA_SECTION("s", 2u, 1024u)};
    const bkpsram_area_t t5[] = {BKPSRAM_AREA_RAW("raw", 3u, 5u)}; /* raw bytes: any alignment */
    (void)state;
    expect(t1, 1u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_MISALIGNED, 0u, 0u);
    expect(t2, 1u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_MISALIGNED, 0u, 0u);
    expect(t3, 1u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_MISALIGNED, 0u, 0u);
    expect(t4, 1u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_MISALIGNED, 0u, 0u);
    expect(t5, 1u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
}

static void test_out_of_bounds_without_overflow(void **state)
{
    const bkpsram_record_t last = {4096u - BKPSRAM_RECORD_SPAN(8u), 1u, 1u, 8u};
    const bkpsram_record_t past = {4096u - BKPSRAM_RECORD_SPAN(8u) + 4u, 1u, 1u, 8u};
    const bkpsram_record_t huge = {0xFFFFFFFCu, 1u, 1u, 8u};
    const bkpsram_log_config_t wrap = {0xFFFFFF00u, 0x200u, 1u, 4u};
    bkpsram_area_t t[] = {BKPSRAM_AREA_RECORD("last", last)};
    const bkpsram_area_t t2[] = {BKPSRAM_AREA_RECORD("past", past)};
    const bkpsram_area_t t3[] = {BKPSRAM_AREA_RECORD("huge", huge)};
    const bkpsram_area_t t4[] = {BKPSRAM_AREA_LOG("wrap", wrap)};
    const bkpsram_area_t t5[] = {BKPSRAM_AREA_RAW("raw", 4095u, 2u)};
    const bkpsram_area_t t6[] = {BKPSRAM_AREA_RAW("raw", 0xFFFFFFFFu, 0xFFFFFFFFu)};
    bkpsram_layout_report_t r;
    (void)state;
    expect(t, 1u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    expect(t, 1u, 4000u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u); /* a smaller memory */
    expect(t2, 1u, 0u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u);
    expect(t3, 1u, 0u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u);
    expect(t4, 1u, 0u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u);
    expect(t5, 1u, 0u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u);
    expect(t6, 1u, 0u, BKPSRAM_ERANGE, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, 0u, 0u);
    assert_int_equal(bkpsram_layout_check(t6, 1u, 0u, &r), BKPSRAM_ERANGE);
    assert_int_equal(r.first_end, UINT32_MAX); /* clamped, not wrapped */
}

static void test_bad_areas(void **state)
{
    const bkpsram_record_t size0 = {0u, 1u, 1u, 0u}, big = {0u, 1u, 1u, 2029u}, max = {0u, 1u, 1u, 2028u};
    const bkpsram_log_config_t e0 = {0u, 400u, 1u, 0u}, e_big = {0u, 4096u, 1u, 1025u};
    const bkpsram_log_config_t one_slot = {0u, BKPSRAM_LOG_SPAN(12u, 2u) - 1u, 1u, 12u};
    const bkpsram_log_config_t two_slots = {0u, BKPSRAM_LOG_SPAN(12u, 2u), 1u, 12u};
    const bkpsram_area_t bad[] = {
        BKPSRAM_AREA_RECORD("size0", size0), BKPSRAM_AREA_RECORD("big", big), BKPSRAM_AREA_LOG("e0", e0),
        BKPSRAM_AREA_LOG("ebig", e_big), BKPSRAM_AREA_LOG("one", one_slot), BKPSRAM_AREA_RAW("empty", 0u, 0u),
        BKPSRAM_AREA_SECTION("empty", 0u, 0u), {"null record", BKPSRAM_AREA_KIND_RECORD, NULL, NULL, 0u, 0u},
        {"null log", BKPSRAM_AREA_KIND_LOG, NULL, NULL, 0u, 0u}, {"kind 0", (bkpsram_area_kind_t)0, NULL, NULL, 0u, 4u},
        {"kind 9", (bkpsram_area_kind_t)9, NULL, NULL, 0u, 4u}};
    const bkpsram_area_t good[] = {BKPSRAM_AREA_RECORD("max", max)};
    const bkpsram_area_t good2[] = {BKPSRAM_AREA_LOG("two", two_slots)};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect(&bad[i], 1u, 0u, BKPSRAM_EINVAL, BKPSRAM_LAYOUT_BAD_AREA, 0u, 0u);
    }
    expect(good, 1u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
    expect(good2, 1u, 0u, BKPSRAM_OK, BKPSRAM_LAYOUT_OK, 0u, 0u);
}

static void test_unnamed_areas_and_problem_names(void **state)
{
    const bkpsram_area_t t[] = {BKPSRAM_AREA_RAW(NULL, 0u, 8u), BKPSRAM_AREA_RAW(NULL, 4u, 8u)};
    bkpsram_layout_report_t r;
    (void)state;
    assert_int_equal(bkpsram_layout_check(t, 2u, 0u, &r), BKPSRAM_EINVAL);
    assert_string_equal(r.first_name, "");
    assert_string_equal(r.second_name, "");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_OK), "ok");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_BAD_AREA), "bad area");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_MISALIGNED), "misaligned");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_OUT_OF_BOUNDS), "out of bounds");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_DUPLICATE_ID), "duplicate id");
    assert_string_equal(bkpsram_layout_problem_name(BKPSRAM_LAYOUT_OVERLAP), "overlap");
    assert_string_equal(bkpsram_layout_problem_name((bkpsram_layout_problem_t)6), "unknown");
    assert_string_equal(bkpsram_layout_problem_name((bkpsram_layout_problem_t)-1), "unknown");
}

/* The check is arithmetic only: nothing on the bus, before init, on a part without backup SRAM. */
static void test_touches_nothing(void **state)
{
    const bkpsram_area_t t[] = {BKPSRAM_AREA_RECORD("settings", rec_a), BKPSRAM_AREA_LOG("samples", log_a)};
    (void)state;
    model_fresh("f411", NULL);
    bkm_clear_stats(&M);
    assert_int_equal(bkpsram_layout_check(t, 2u, 0u, NULL), BKPSRAM_OK);
    assert_int_equal(M.reg_reads + M.reg_writes + M.sram_reads + M.sram_writes, 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_layout_is_ok),
        cmocka_unit_test(test_record_overlapping_log_names_both),
        cmocka_unit_test(test_adjacent_areas_do_not_overlap_one_byte_more_does),
        cmocka_unit_test(test_section_region_overlapping_a_record),
        cmocka_unit_test(test_duplicate_ids_within_a_kind_only),
        cmocka_unit_test(test_misaligned_areas),
        cmocka_unit_test(test_out_of_bounds_without_overflow),
        cmocka_unit_test(test_bad_areas),
        cmocka_unit_test(test_unnamed_areas_and_problem_names),
        cmocka_unit_test(test_touches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Interrupts at every bus access of a main-line call (model interrupt injection): a handler that
 * writes the backup SRAM through the library, one that saves another record or appends to another
 * log, and one that sets and clears PWR_CR.DBP itself as RTC code does. The rule: a call that
 * returns BKPSRAM_OK has stored its bytes (0 silent losses); one that cannot returns
 * BKPSRAM_EWRITE and leaves the previous value; the handler's own calls succeed. */
#include <stdio.h>

#include "fixture.h"

#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"

#define ISR_OFF 4000u

typedef struct {
    const char *name;
    void (*prepare)(void);  /* state before the main call */
    int (*call)(void);      /* the main-line call */
    void (*check)(int rc);  /* what must hold after it (fails the test otherwise) */
} op_t;

static uint8_t wp;         /* write_protect of the application's init */
static int isr_rc;
static uint32_t isr_value;
static unsigned long ewrite;

static const bkpsram_record_t REC = {1024u, 0x51u, 1u, 40u};
static const bkpsram_record_t REC2 = {2048u, 0x52u, 1u, 24u};
static const bkpsram_log_config_t LOG = {3072u, BKPSRAM_LOG_SPAN(12u, 4u), 7u, 12u};
static const bkpsram_log_config_t LOG2 = {3584u, BKPSRAM_LOG_SPAN(8u, 3u), 8u, 8u};
static bkpsram_log_t main_log, isr_log_h;
static uint8_t old_rec[40], new_rec[40];
static uint8_t data[64] __attribute__((aligned(4))); /* aligned: the word-block path of a write */

static void boot(void)
{
    bkpsram_config_t cfg = BKPSRAM_CONFIG_DEFAULT;
    cfg.write_protect = wp;
    model_fresh("f407", NULL);
    assert_int_equal(bkpsram_init(&cfg), BKPSRAM_OK);
}

/* ---- handlers --------------------------------------------------------------------------- */

/* Another driver's read-modify-write of PWR_CR from a handler (FPDS, bit 9): the library's own
 * read-modify-write of DBP must not lose it. */
#define BIT_FPDS (1u << 9)
static void isr_pwr_other_bit(void *ctx)
{
    uint32_t cr;
    (void)ctx;
    (void)bkm_read(&M, REG_PWR_CR, 4u, &cr);
    (void)bkm_write(&M, REG_PWR_CR, 4u, cr | BIT_FPDS);
    isr_rc = BKPSRAM_OK;
}

static void pwr_bit_kept(void)
{
    uint32_t cr;
    (void)bkm_read(&M, REG_PWR_CR, 4u, &cr);
    assert_int_equal(cr & BIT_FPDS, BIT_FPDS);
}

static void isr_write(void *ctx)
{
    (void)ctx;
    isr_rc = bkpsram_write_u32(ISR_OFF, isr_value);
}

/* RTC code from an interrupt: PWR_CR.DBP set, an RTC register written, DBP cleared. */
static void isr_rtc_dbp(void *ctx)
{
    uint32_t cr;
    (void)ctx;
    (void)bkm_read(&M, REG_PWR_CR, 4u, &cr);
    (void)bkm_write(&M, REG_PWR_CR, 4u, cr | BIT_DBP);
    (void)bkm_read(&M, REG_PWR_CR, 4u, &cr);
    (void)bkm_write(&M, REG_PWR_CR, 4u, cr & ~BIT_DBP);
    isr_rc = BKPSRAM_OK;
}

static void isr_record(void *ctx)
{
    uint8_t v[24];
    (void)ctx;
    memset(v, (int)(isr_value & 0xFFu), sizeof v);
    isr_rc = bkpsram_record_save(&REC2, v);
}

static void isr_log(void *ctx)
{
    uint8_t v[8];
    (void)ctx;
    memset(v, (int)(isr_value & 0xFFu), sizeof v);
    isr_rc = bkpsram_log_append(&isr_log_h, v);
}

/* ---- main-line calls ---------------------------------------------------------------------- */

static void prep_none(void) {}

static int call_w32(void) { return bkpsram_write_u32(0x100u, 0xC0FFEE11u); }
static void check_w32(int rc)
{
    uint32_t v;
    assert_int_equal(bkpsram_read_u32(0x100u, &v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && v != 0xC0FFEE11u) {
        fail_msg("write_u32 returned OK, stored 0x%08x", v);
    }
}

static int call_write(void) { return bkpsram_write(0x203u, data, 61u); }
static void check_write(int rc)
{
    uint8_t v[61];
    assert_int_equal(bkpsram_read(0x203u, v, sizeof v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, data, sizeof v) != 0) {
        fail_msg("write returned OK, bytes not stored");
    }
}

/* 64 bytes at a word offset from a word-aligned buffer: 4-word blocks stored and compared */
static int call_blocks(void) { return bkpsram_write(0x600u, data, sizeof data); }
static void check_blocks(int rc)
{
    uint8_t v[64];
    assert_int_equal(bkpsram_read(0x600u, v, sizeof v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, data, sizeof v) != 0) {
        fail_msg("write of 64 aligned bytes returned OK, bytes not stored");
    }
}

static int call_window(void)
{
    int rc = bkpsram_unlock();
    int w = bkpsram_write_u16(0x302u, 0xBEEFu);
    int l = bkpsram_lock();
    return rc != BKPSRAM_OK ? rc : w != BKPSRAM_OK ? w : l;
}
static void check_window(int rc)
{
    uint16_t v;
    assert_int_equal(bkpsram_read_u16(0x302u, &v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && v != 0xBEEFu) {
        fail_msg("write_u16 inside unlock returned OK, stored 0x%04x", v);
    }
}

static int call_memset(void) { return bkpsram_memset(0x401u, 0x3Cu, 37u); }
static void check_memset(int rc)
{
    uint8_t v[37], w[37];
    memset(w, 0x3C, sizeof w);
    assert_int_equal(bkpsram_read(0x401u, v, sizeof v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, w, sizeof v) != 0) {
        fail_msg("memset returned OK, bytes not stored");
    }
}

/* 12 bytes at an odd offset and a 9-byte memset: short bulk writes, one masked section each */
static int call_short(void) { return bkpsram_write(0x503u, data, 12u); }
static void check_short(int rc)
{
    uint8_t v[12];
    assert_int_equal(bkpsram_read(0x503u, v, sizeof v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, data, sizeof v) != 0) {
        fail_msg("write of 12 bytes returned OK, bytes not stored");
    }
}
static int call_short_memset(void) { return bkpsram_memset(0x521u, 0xC3u, 9u); }
static void check_short_memset(int rc)
{
    uint8_t v[9], w[9];
    memset(w, 0xC3, sizeof w);
    assert_int_equal(bkpsram_read(0x521u, v, sizeof v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, w, sizeof v) != 0) {
        fail_msg("memset of 9 bytes returned OK, bytes not stored");
    }
}

static int call_u64(void) { return bkpsram_write_u64(0x10Au, 0x1122334455667788ull); } /* a short write */
static void check_u64(int rc)
{
    uint64_t v = 0u;
    assert_int_equal(bkpsram_read_u64(0x10Au, &v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && v != 0x1122334455667788ull) {
        fail_msg("write_u64 returned OK, value not stored");
    }
}

static int call_float(void) { return bkpsram_write_float(6u, 1.25f); } /* a short write: one masked section */
static void check_float(int rc)
{
    float f = 0.0f;
    assert_int_equal(bkpsram_read_float(6u, &f), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && f != 1.25f) {
        fail_msg("write_float returned OK, value not stored");
    }
}

static void prep_rec(void) { assert_int_equal(bkpsram_record_save(&REC, old_rec), BKPSRAM_OK); }
static int call_rec(void) { return bkpsram_record_save(&REC, new_rec); }
static void check_rec(int rc)
{
    uint8_t v[40];
    bkm_event(&M, BKM_EV_RESET_PIN);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_record_load(&REC, v), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && memcmp(v, new_rec, sizeof v) != 0) {
        fail_msg("record_save returned OK, the new value does not load");
    }
    if (rc != BKPSRAM_OK && memcmp(v, old_rec, sizeof v) != 0 && memcmp(v, new_rec, sizeof v) != 0) {
        fail_msg("record_save returned %d, neither value loads", rc);
    }
}

static void prep_log(void)
{
    uint8_t e[12];
    uint32_t i;
    assert_int_equal(bkpsram_log_open(&main_log, &LOG), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&isr_log_h, &LOG2), BKPSRAM_OK);
    for (i = 0; i < 5u; i++) { /* full ring: the append replaces the oldest */
        memset(e, (int)i + 1, sizeof e);
        assert_int_equal(bkpsram_log_append(&main_log, e), BKPSRAM_OK);
    }
}
static int call_log(void)
{
    uint8_t e[12];
    memset(e, 0x77, sizeof e);
    return bkpsram_log_append(&main_log, e);
}
static void check_log(int rc)
{
    uint8_t e[12];
    uint32_t n;
    bkm_event(&M, BKM_EV_RESET_PIN);
    assert_int_equal(bkpsram_init(NULL), BKPSRAM_OK);
    assert_int_equal(bkpsram_log_open(&main_log, &LOG), BKPSRAM_OK);
    n = bkpsram_log_count(&main_log);
    assert_true(n >= 3u);
    assert_int_equal(bkpsram_log_read(&main_log, n - 1u, e), BKPSRAM_OK);
    if (rc == BKPSRAM_OK && e[0] != 0x77u) {
        fail_msg("log_append returned OK, the entry is not the newest after a reset");
    }
}

static const op_t ops[] = {
    {"write_u32", prep_none, call_w32, check_w32},
    {"write_float at 6", prep_none, call_float, check_float},
    {"write_u64 at 0x10A", prep_none, call_u64, check_u64},
    {"write 61 bytes at 0x203", prep_none, call_write, check_write},
    {"write 64 aligned bytes at 0x600", prep_none, call_blocks, check_blocks},
    {"unlock, write_u16, lock", prep_none, call_window, check_window},
    {"memset 37 bytes at 0x401", prep_none, call_memset, check_memset},
    {"record_save", prep_rec, call_rec, check_rec},
    {"log_append", prep_log, call_log, check_log},
    {"write 12 bytes at 0x503", prep_none, call_short, check_short},
    {"memset 9 bytes at 0x521", prep_none, call_short_memset, check_short_memset},
};

/* Every access point of op, for one handler; returns the points tried. */
static unsigned long every_point(const op_t *op, void (*isr)(void *), void (*isr_check)(void))
{
    unsigned long k, accesses;
    boot();
    op->prepare();
    bkm_irq_after_accesses(&M, 0xFFFFFFFFu, isr, NULL);
    assert_int_equal(op->call(), BKPSRAM_OK);
    accesses = M.irq_accesses;
    for (k = 1u; k <= accesses; k++) {
        int rc;
        boot();
        op->prepare();
        isr_value = 0xA5000000u + (uint32_t)k;
        isr_rc = 1;
        bkm_irq_after_accesses(&M, (uint32_t)k, isr, NULL);
        rc = op->call();
        assert_true(M.irq_fired);
        if (rc != BKPSRAM_OK && rc != BKPSRAM_EWRITE) {
            fail_msg("%s, interrupt at access %lu: returned %d", op->name, k, rc);
        }
        ewrite += rc == BKPSRAM_EWRITE;
        assert_int_equal(isr_rc, BKPSRAM_OK);
        if (isr_check != NULL) {
            isr_check();
        }
        assert_int_equal(M.irq_masked, 0u);
        op->check(rc);
    }
    return accesses;
}

static void isr_write_stored(void)
{
    uint32_t v;
    assert_int_equal(bkpsram_read_u32(ISR_OFF, &v), BKPSRAM_OK);
    assert_int_equal(v, isr_value);
}

/* Every access point of every call, write protection off and on; returns the points tried. */
static unsigned long all_points(void (*isr)(void *), void (*isr_check)(void))
{
    unsigned long points = 0u;
    size_t i;
    for (wp = 0u; wp <= 1u; wp++) {
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            points += every_point(&ops[i], isr, isr_check);
        }
    }
    wp = 1u;
    return points;
}

/* A handler's write through the library at every access point, with write protection on and off:
 * both the main call and the handler's write return OK and both are stored. */
static void test_handler_write_at_every_access(void **state)
{
    unsigned long points = 0u;
    size_t i;
    (void)state;
    for (wp = 0u; wp <= 1u; wp++) {
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            ewrite = 0u;
            points += every_point(&ops[i], isr_write, isr_write_stored);
            assert_int_equal(ewrite, 0u); /* nothing dropped: the window is interrupt-safe */
            assert_int_equal(bkm_violation_total(&M), 0u);
        }
    }
    wp = 1u;
    printf("interrupt injection, handler writes through the library: %lu access points, 0 silent losses, "
           "0 dropped writes\n", points);
}

/* A handler changes another PWR_CR bit at every access point of every call: never lost. */
static void test_handler_pwr_cr_update_is_never_lost(void **state)
{
    unsigned long points;
    (void)state;
    points = all_points(isr_pwr_other_bit, pwr_bit_kept);
    printf("interrupt injection, handler sets another PWR_CR bit: %lu access points, 0 lost updates\n", points);
}

/* RTC code in a handler sets and clears DBP: the main call returns OK only when its bytes are
 * stored; otherwise BKPSRAM_EWRITE and the previous value. */
static void test_rtc_handler_clearing_dbp_never_gives_a_silent_loss(void **state)
{
    unsigned long points;
    (void)state;
    ewrite = 0u;
    points = all_points(isr_rtc_dbp, NULL);
    printf("interrupt injection, RTC handler sets and clears DBP: %lu access points, %lu returned "
           "BKPSRAM_EWRITE, 0 silent losses\n", points, ewrite);
    assert_true(ewrite > 10u);
}

static void rec2_stored(void)
{
    uint8_t v[24], w[24];
    memset(w, (int)(isr_value & 0xFFu), sizeof w);
    assert_int_equal(bkpsram_record_load(&REC2, v), BKPSRAM_OK);
    assert_memory_equal(v, w, sizeof v);
}

static void log2_stored(void)
{
    uint8_t v[8];
    uint32_t n = bkpsram_log_count(&isr_log_h);
    assert_true(n >= 1u);
    assert_int_equal(bkpsram_log_read(&isr_log_h, n - 1u, v), BKPSRAM_OK);
    assert_int_equal(v[0], (uint8_t)isr_value);
}

/* Another record saved, or another log appended to, from a handler during a save or an append. */
static void test_handler_saves_another_record_or_log(void **state)
{
    unsigned long points = 0u;
    (void)state;
    ewrite = 0u;
    for (wp = 0u; wp <= 1u; wp++) {
        points += every_point(&ops[7], isr_record, rec2_stored); /* during a record save */
        points += every_point(&ops[8], isr_log, log2_stored);    /* during a log append */
        points += every_point(&ops[7], isr_log, log2_stored);
    }
    wp = 1u;
    assert_int_equal(ewrite, 0u);
    printf("interrupt injection, handler saves another record / appends another log: %lu access points, "
           "0 silent losses\n", points);
}

/* ---- the same record or log from a handler ------------------------------------------------ */

static const bkpsram_record_t REC_V2 = {1024u, 0x51u, 2u, 24u}; /* REC's next schema */
static uint8_t third[40];

static void isr_same_save(void *ctx) { (void)ctx; isr_rc = bkpsram_record_save(&REC, third); }
static void isr_same_erase(void *ctx) { (void)ctx; isr_rc = bkpsram_record_erase(&REC); }
static void isr_same_migrate(void *ctx) { (void)ctx; isr_rc = bkpsram_record_migrate(&REC, &REC_V2, third); }
static void isr_same_append(void *ctx) { (void)ctx; isr_rc = bkpsram_log_append(&main_log, third); }
static void isr_same_clear(void *ctx) { (void)ctx; isr_rc = bkpsram_log_clear(&main_log); }

static int call_migrate(void) { return bkpsram_record_migrate(&REC, &REC_V2, new_rec); }
static int call_erase(void) { return bkpsram_record_erase(&REC); }
static int call_log_clear(void) { return bkpsram_log_clear(&main_log); }

typedef struct {
    const char *name;
    void (*prepare)(void);
    int (*call)(void);
    void (*isr)(void *);
} same_t;

static const same_t same[] = {
    {"record_save / handler save", prep_rec, call_rec, isr_same_save},
    {"record_save / handler erase", prep_rec, call_rec, isr_same_erase},
    {"record_save / handler migrate", prep_rec, call_rec, isr_same_migrate},
    {"record_migrate / handler save", prep_rec, call_migrate, isr_same_save},
    {"record_erase / handler save", prep_rec, call_erase, isr_same_save},
    {"log_append / handler append", prep_log, call_log, isr_same_append},
    {"log_append / handler clear", prep_log, call_log, isr_same_clear},
    {"log_clear / handler append", prep_log, call_log_clear, isr_same_append},
};

/* A handler that changes the record or log the interrupted call is changing, at every access
 * point of that call: the handler gets BKPSRAM_EBUSY, the interrupted call BKPSRAM_OK, and the
 * backup SRAM ends exactly as without the interrupt. After the call, the same handler succeeds. */
static void test_handler_changing_the_same_record_or_log_gets_ebusy(void **state)
{
    static uint8_t ref[BKM_SRAM_SIZE];
    unsigned long points = 0u;
    size_t i;
    (void)state;
    memset(third, 0x3D, sizeof third);
    for (wp = 0u; wp <= 1u; wp++) {
        for (i = 0; i < sizeof same / sizeof same[0]; i++) {
            const same_t *t = &same[i];
            unsigned long k, accesses;
            boot();
            t->prepare();
            bkm_clear_stats(&M);
            M.irq_accesses = 0u;
            bkm_irq_after_accesses(&M, 0xFFFFFFFFu, t->isr, NULL);
            assert_int_equal(t->call(), BKPSRAM_OK);
            accesses = M.irq_accesses;
            memcpy(ref, M.sram, sizeof ref);
            isr_rc = 1;
            t->isr(NULL); /* nothing running: the handler's call goes through */
            assert_int_equal(isr_rc, BKPSRAM_OK);
            for (k = 1u; k <= accesses; k++) {
                boot();
                t->prepare();
                isr_rc = 1;
                bkm_irq_after_accesses(&M, (uint32_t)k, t->isr, NULL);
                assert_int_equal(t->call(), BKPSRAM_OK);
                assert_true(M.irq_fired);
                if (isr_rc != BKPSRAM_EBUSY) {
                    fail_msg("%s (wp %u), interrupt at access %lu of %lu: the handler got %d", t->name, wp, k,
                             accesses, isr_rc);
                }
                assert_memory_equal(M.sram, ref, sizeof ref);
                assert_int_equal(M.irq_masked, 0u);
                points++;
            }
        }
    }
    wp = 1u;
    printf("interrupt injection, handler changes the same record or log: %lu access points, each BKPSRAM_EBUSY, "
           "the interrupted call's result unchanged\n", points);
}

/* ---- the write window from a handler ------------------------------------------------------ */

static void isr_lock_unbalanced(void *ctx) { (void)ctx; isr_rc = bkpsram_lock(); }
static void isr_window_balanced(void *ctx)
{
    int u, w, l;
    (void)ctx;
    u = bkpsram_unlock();
    w = bkpsram_write_u32(ISR_OFF, isr_value);
    l = bkpsram_lock();
    isr_rc = u != BKPSRAM_OK ? u : w != BKPSRAM_OK ? w : l;
}

/* A handler's bkpsram_lock() without its own unlock, at every access point of a main-line unlock /
 * write / lock, a record save, a log append and a bulk write: BKPSRAM_EBUSY while a window of the
 * interrupted code is open, BKPSRAM_EINVAL when none is; never a closed window under the main
 * line, whose calls all succeed and store their bytes. A handler's balanced unlock / write / lock
 * always succeeds. */
static void test_handler_cannot_close_the_interrupted_codes_window(void **state)
{
    static const size_t mains[] = {5u, 7u, 8u, 3u}; /* unlock/write/lock, record, log, 61 bytes */
    unsigned long points = 0u, busy = 0u;
    size_t i;
    (void)state;
    for (wp = 0u; wp <= 1u; wp++) {
        for (i = 0; i < sizeof mains / sizeof mains[0]; i++) {
            const op_t *op = &ops[mains[i]];
            unsigned long k, accesses;
            boot();
            op->prepare();
            bkm_irq_after_accesses(&M, 0xFFFFFFFFu, isr_lock_unbalanced, NULL);
            assert_int_equal(op->call(), BKPSRAM_OK);
            accesses = M.irq_accesses;
            for (k = 1u; k <= accesses; k++) {
                boot();
                op->prepare();
                isr_rc = 1;
                bkm_irq_after_accesses(&M, (uint32_t)k, isr_lock_unbalanced, NULL);
                assert_int_equal(op->call(), BKPSRAM_OK);
                assert_true(M.irq_fired);
                if (isr_rc != BKPSRAM_EBUSY && isr_rc != BKPSRAM_EINVAL) {
                    fail_msg("%s, interrupt at access %lu: the handler's lock returned %d", op->name, k, isr_rc);
                }
                busy += isr_rc == BKPSRAM_EBUSY;
                op->check(BKPSRAM_OK);
                points++;
            }
            points += every_point(op, isr_window_balanced, isr_write_stored);
        }
    }
    wp = 1u;
    assert_true(busy > 0u);
    printf("interrupt injection, handler locks a window it did not open: %lu access points, %lu BKPSRAM_EBUSY, the "
           "rest BKPSRAM_EINVAL, 0 windows closed under the interrupted code\n", points, busy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handler_write_at_every_access),
        cmocka_unit_test(test_rtc_handler_clearing_dbp_never_gives_a_silent_loss),
        cmocka_unit_test(test_handler_pwr_cr_update_is_never_lost),
        cmocka_unit_test(test_handler_saves_another_record_or_log),
        cmocka_unit_test(test_handler_changing_the_same_record_or_log_gets_ebusy),
        cmocka_unit_test(test_handler_cannot_close_the_interrupted_codes_window),
    };
    size_t i;
    for (i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)(i * 13u + 5u);
    }
    for (i = 0; i < sizeof old_rec; i++) {
        old_rec[i] = (uint8_t)(i + 1u);
        new_rec[i] = (uint8_t)(0x80u + i);
    }
    wp = 1u;
    return cmocka_run_group_tests(tests, NULL, NULL);
}

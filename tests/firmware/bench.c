/* SPDX-License-Identifier: MIT */
/*
 * Test and benchmark image for vboard: boots to idle after board_init, then the host calls these
 * functions by symbol (vboard_call). Word arguments only: floats travel as bit patterns.
 */
#include <string.h>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_section.h"
#include "board.h"
#include "typed_sweep.h"

volatile uint32_t bench_u32;    /* out-parameter of reads, readable by the host */
volatile uint32_t bench_sink;

uint8_t bench_buf[1024];

static uint32_t rec_off = 1024u; /* record 42; 0 on the fallback store */
int bench_init(void) { return bkpsram_init(NULL); }
/* The fallback store (RTC backup registers, 80 bytes) on parts without backup SRAM. */
int bench_init_fallback(void)
{
    static const bkpsram_config_t cfg = {1u, 1u, 0u, 1u};
    rec_off = 0u;
    return bkpsram_init(&cfg);
}
int bench_init_open(void) /* write_protect 0: DBP left set */
{
    static const bkpsram_config_t cfg = {1u, 0u, 0u, 0u};
    return bkpsram_init(&cfg);
}

/* Raw references for the cost table: what a raw pointer costs (the seed's macros where they do
 * not fault, correct unchecked code where they would). */
#define RAW(off) (0x40024000u + (off))
int raw_write_u32(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)RAW(off) = v;
    return 0;
}
int raw_read_u32(uint32_t off)
{
    bench_u32 = *(volatile uint32_t *)RAW(off);
    return 0;
}
int raw_write_float6(uint32_t bits) /* a float at offset 6 without a fault: two halfword stores */
{
    *(volatile uint16_t *)RAW(6u) = (uint16_t)bits;
    *(volatile uint16_t *)RAW(8u) = (uint16_t)(bits >> 16);
    return 0;
}
int raw_fill_u32(uint32_t v)
{
    volatile uint32_t *p = (volatile uint32_t *)RAW(0u);
    uint32_t i;
    for (i = 0; i < 1024u; i++) {
        p[i] = v;
    }
    return 0;
}
int raw_memset_4k(uint32_t v)
{
    memset((void *)RAW(0u), (int)v, 4096u);
    return 0;
}
int raw_write_256(uint32_t off)
{
    memcpy((void *)RAW(off), bench_buf, 256u);
    return 0;
}
int raw_read_256(uint32_t off)
{
    memcpy(bench_buf, (const void *)RAW(off), 256u);
    return 0;
}
/* What a user's call of the typed accessors compiles to (the inline fast paths of bkpsram.h):
 * the rows of the cost table, each beside its raw pointer reference. */
uint32_t bench_out; /* a user's variable: where the reads go */
float bench_float;
int lib_read_u32(uint32_t off) { return bkpsram_read_u32(off, &bench_out); }
int lib_write_u32(uint32_t off, uint32_t v) { return bkpsram_write_u32(off, v); }
int lib_write_float_bits(uint32_t off, uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return bkpsram_write_float(off, f);
}
int lib_read_float(uint32_t off) { return bkpsram_read_float(off, &bench_float); }
int bench_init_unlocked(void) /* init, then bkpsram_unlock(): inside a write window */
{
    int rc = bkpsram_init(NULL);
    return rc != 0 ? rc : bkpsram_unlock();
}

/* The inline fast paths against the library functions, at offsets around every edge of the store
 * (and UINT32_MAX, 2^30, 2^31), with and without a NULL out-pointer: the same code, the same value
 * read, the same bytes stored, and the documented code for each case. mode 0: after init; 1:
 * inside bkpsram_unlock(); 2: write protection off; 3: before init (deinit); 4: the fallback store.
 * Returns the mismatches; bench_u32 gets the number of checks. */
static uint32_t contract_checks;

static uint32_t expect(int got, int want)
{
    contract_checks++;
    return got != want ? 1u : 0u;
}

static int want_code(uint32_t off, uint32_t size, int null)
{
    if (null) {
        return BKPSRAM_EINVAL;
    }
    if (size == 0u) {
        return BKPSRAM_ENOTINIT;
    }
    return (off <= size && size - off >= 4u) ? BKPSRAM_OK : BKPSRAM_ERANGE;
}

static uint32_t contract_at(uint32_t off, uint32_t size)
{
    uint32_t a = 0x5A5A5A5Au, b = 0x5A5A5A5Au, fails = 0u, back = 0u;
    float fa = 2.5f, fb = 2.5f;
    int rw = want_code(off, size, 0);
    fails += expect(bkpsram_read_u32(off, &a), rw) + expect((bkpsram_read_u32)(off, &b), rw) + (a != b);
    fails += expect(bkpsram_read_u32(off, NULL), want_code(off, size, 1));
    fails += expect(bkpsram_read_float(off, &fa), rw) + expect((bkpsram_read_float)(off, &fb), rw);
    fails += memcmp(&fa, &fb, sizeof fa) != 0;
    fails += expect(bkpsram_read_float(off, NULL), want_code(off, size, 1));
    fails += expect(bkpsram_write_u32(off, 0xC0DE0000u + off), rw);
    if (rw == BKPSRAM_OK) {
        fails += expect((bkpsram_read_u32)(off, &back), BKPSRAM_OK) + (back != 0xC0DE0000u + off);
    }
    fails += expect((bkpsram_write_u32)(off, 0xC0DE0001u + off), rw);
    fails += expect(bkpsram_write_float(off, 0.75f), rw);
    if (rw == BKPSRAM_OK) {
        fails += expect((bkpsram_read_float)(off, &fa), BKPSRAM_OK) + (fa != 0.75f);
    }
    return fails;
}

int bench_inline_contract(uint32_t mode);
int bench_inline_contract(uint32_t mode)
{
    static const uint32_t fixed[] = {0u, 1u, 2u, 3u, 4u, 6u, 0x100u, 0x40000000u, 0x7FFFFFFCu, 0x80000000u,
                                     0xFFFFFFFCu, 0xFFFFFFFEu, 0xFFFFFFFFu};
    uint32_t fails = 0u, size, i;
    int rc = (mode == 4u) ? bench_init_fallback() : (mode == 2u) ? bench_init_open() : bench_init();
    if (mode == 1u) {
        rc |= bkpsram_unlock();
    } else if (mode == 3u) {
        rc |= bkpsram_deinit();
    }
    contract_checks = 0u;
    size = bkpsram_size();
    for (i = 0u; i < sizeof fixed / sizeof fixed[0]; i++) {
        fails += contract_at(fixed[i], size);
    }
    for (i = 0u; i < 9u; i++) { /* size - 8 .. size */
        fails += contract_at(size + i - 8u, size);
    }
    if (mode == 1u) {
        rc |= bkpsram_lock();
    }
    bench_u32 = contract_checks;
    if (mode == 0u || mode == 3u) {
        rc = 0; /* a part without backup SRAM: every call must say BKPSRAM_ENOTINIT */
    }
    return rc != 0 ? -1000 : (int)fails;
}

/* The library calls the cost table measures, with their buffers. */
int bench_write_256(uint32_t off) { return bkpsram_write(off, bench_buf, 256u); }
int bench_read_256(uint32_t off) { return bkpsram_read(off, bench_buf, 256u); }
int bench_memset_4k(uint32_t v) { return bkpsram_memset(0u, (uint8_t)v, 4096u); }
int bench_read_float6(void)
{
    float f;
    return bkpsram_read_float(6u, &f);
}

/* Records: payload pattern of a value, as the host test generates it. */
bkpsram_record_t bench_rec256 = {1024u, 42u, 1u, 256u};

static void fill_value(uint8_t *buf, uint32_t size, uint32_t value)
{
    uint32_t i;
    for (i = 0; i < size; i++) {
        buf[i] = (uint8_t)(value * 31u + i * 7u + (value >> 8));
    }
}

int bench_rec_save(uint32_t size, uint32_t value)
{
    bkpsram_record_t rec = {rec_off, 42u, 1u, (uint16_t)size};
    fill_value(bench_buf, size, value);
    return bkpsram_record_save(&rec, bench_buf);
}

/* Migration of record 42 at 1024 from schema 1 (from_size bytes) to schema 2 (to_size bytes), new value 100. */
int bench_rec_migrate(uint32_t from_size, uint32_t to_size)
{
    bkpsram_record_t from = {rec_off, 42u, 1u, (uint16_t)from_size}, to = {rec_off, 42u, 2u, (uint16_t)to_size};
    fill_value(bench_buf, to_size, 100u);
    return bkpsram_record_migrate(&from, &to, bench_buf);
}

int bench_rec_load_v(uint32_t size, uint32_t version)
{
    bkpsram_record_t rec = {rec_off, 42u, (uint16_t)version, (uint16_t)size};
    memset(bench_buf, 0, sizeof bench_buf);
    return bkpsram_record_load(&rec, bench_buf);
}

int bench_rec_erase(uint32_t size)
{
    bkpsram_record_t rec = {rec_off, 42u, 1u, (uint16_t)size};
    return bkpsram_record_erase(&rec);
}

int bench_rec_load(uint32_t size)
{
    bkpsram_record_t rec = {rec_off, 42u, 1u, (uint16_t)size};
    memset(bench_buf, 0, size < sizeof bench_buf ? size : sizeof bench_buf); /* what a load may write */
    return bkpsram_record_load(&rec, bench_buf);
}

/* CRC of the pattern of value 1 over len bytes, from a buffer at offset al (alignment). */
uint32_t bench_crc(uint32_t len, uint32_t al)
{
    fill_value(bench_buf, sizeof bench_buf, 1u);
    return bkpsram_crc32(BKPSRAM_CRC32_INIT, bench_buf + al, len);
}

/* A 5-slot ring log of 12-byte entries at offset 3072 (after the records at 1024); at 1920 on the
 * 2 KB of the U5. */
#if BKPSRAM_CFG_FAMILY == BKPSRAM_FAMILY_U5
#define BENCH_LOG_OFFSET 1920u
#else
#define BENCH_LOG_OFFSET 3072u
#endif
bkpsram_log_t bench_log; /* global: the benchmark calls bkpsram_log_append on it */
static const bkpsram_log_config_t bench_log_cfg = {BENCH_LOG_OFFSET, BKPSRAM_LOG_SPAN(12, 5), 9u, 12u};
int bench_log_open(void) { return bkpsram_log_open(&bench_log, &bench_log_cfg); }
int bench_log_append(uint32_t value)
{
    uint8_t e[12];
    fill_value(e, 12u, value);
    return bkpsram_log_append(&bench_log, e);
}
uint32_t bench_log_count(void) { return bkpsram_log_count(&bench_log); }
void bench_log_set_seq(uint32_t seq) { bench_log.next_seq = seq; } /* campaigns: start near the wrap */
int bench_log_read(uint32_t index) { return bkpsram_log_read(&bench_log, index, bench_buf); }

/* Section variables of the bench image. */
BKPSRAM_DATA uint32_t bench_var_data[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};
BKPSRAM_BSS uint32_t bench_var_bss[4];
int bench_section(uint32_t version) { return bkpsram_section_init(version); }
int bench_write_u32(uint32_t off, uint32_t v) { return bkpsram_write_u32(off, v); }
int bench_read_u32(uint32_t off)
{
    uint32_t v = 0u;
    int rc = bkpsram_read_u32(off, &v);
    bench_u32 = v;
    return rc;
}
int bench_fill_u32(uint32_t v) { return bkpsram_fill_u32(v); }

/* The library's float write at any offset: must never fault. */
int bench_write_float_bits(uint32_t off, uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return bkpsram_write_float(off, f);
}

/* Control case: what the seed's WriteFloat did, a float computed in the FPU and stored through
 * a pointer: a VSTR. At an unaligned offset that is a HardFault on silicon. */
int control_raw_float_store(uint32_t off, uint32_t milli)
{
    *(volatile float *)(0x40024000u + off) = (float)milli * 0.001f;
    return 0;
}

/* Control case: a raw unaligned 32-bit store (an STR) to the backup SRAM: strict vboard faults, with
 * --unaligned-bkpsram it is split as an AHB slave that accepts it would. */
int control_raw_u32_store(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(0x40024000u + off) = v;
    return 0;
}

/* Control cases in ordinary SRAM: an unaligned LDRD always faults; an unaligned LDR faults only
 * with CCR.UNALIGN_TRP set (ARMv7-M A3.2.1). */
static uint8_t scratch[16] __attribute__((aligned(8)));
uint32_t control_unaligned_ldrd(uint32_t off)
{
    return (uint32_t)*(volatile uint64_t *)(void *)&scratch[off];
}
uint32_t control_unaligned_ldr(uint32_t off)
{
    return *(volatile uint32_t *)(void *)&scratch[off];
}
void control_unalign_trp(uint32_t on)
{
    volatile uint32_t *ccr = (volatile uint32_t *)0xE000ED14u;
    *ccr = on ? (*ccr | 8u) : (*ccr & ~8u);
}

/* Every typed accessor at every offset, from the firmware itself, with CCR.UNALIGN_TRP set;
 * returns failures. Bulk copies from and to buffers at every alignment too. */
int bench_sweep(void)
{
    uint32_t off, fails, checks;
    control_unalign_trp(1u); /* the library must not need unaligned access anywhere */
    fails = typed_sweep(&checks);
    for (off = 0u; off < 8u; off++) { /* buffer misalignment x BKPSRAM misalignment */
        static uint8_t src[64] __attribute__((aligned(8))), dst[64] __attribute__((aligned(8)));
        uint32_t k, at;
        for (at = 0u; at < 8u; at++) {
            for (k = 0u; k < 40u; k++) {
                src[off + k] = (uint8_t)(k * 13u + at);
                dst[off + k] = 0u;
            }
            fails += bkpsram_write(100u + at, &src[off], 40u) != 0 || bkpsram_read(100u + at, &dst[off], 40u) != 0 ||
                     memcmp(&src[off], &dst[off], 40u) != 0;
        }
    }
    control_unalign_trp(0u);
    return (int)fails;
}

void bench_reset(void);
int bench_rec_save(uint32_t size, uint32_t value);
int bench_rec_load(uint32_t size);
int bench_rec_migrate(uint32_t from_size, uint32_t to_size);
int bench_rec_load_v(uint32_t size, uint32_t version);
int bench_rec_erase(uint32_t size);
void bench_log_set_seq(uint32_t seq);
uint32_t bench_crc(uint32_t len, uint32_t al);
int bench_section(uint32_t version);
int bench_log_open(void);
int bench_log_append(uint32_t value);
uint32_t bench_log_count(void);
int bench_log_read(uint32_t index);
uint32_t control_unaligned_ldrd(uint32_t off);
int control_raw_u32_store(uint32_t off, uint32_t v);
uint32_t control_unaligned_ldr(uint32_t off);
void control_unalign_trp(uint32_t on);

int main(void)
{
    board_init();
    console_puts("bench ready\n");
    /* keep the entry points in the image (--gc-sections) */
    bench_sink = (uint32_t)(uintptr_t)bench_init ^ (uint32_t)(uintptr_t)bench_write_u32 ^
                 (uint32_t)(uintptr_t)bench_read_u32 ^ (uint32_t)(uintptr_t)bench_fill_u32 ^
                 (uint32_t)(uintptr_t)bench_write_float_bits ^ (uint32_t)(uintptr_t)control_raw_float_store ^
                 (uint32_t)(uintptr_t)bench_sweep ^ (uint32_t)(uintptr_t)bench_reset ^
                 (uint32_t)(uintptr_t)control_unaligned_ldrd ^ (uint32_t)(uintptr_t)control_unaligned_ldr ^
                 (uint32_t)(uintptr_t)control_raw_u32_store ^
                 (uint32_t)(uintptr_t)control_unalign_trp ^ (uint32_t)(uintptr_t)bench_rec_save ^
                 (uint32_t)(uintptr_t)bench_rec_load ^ (uint32_t)(uintptr_t)bench_crc ^
                 (uint32_t)(uintptr_t)bench_section ^ (uint32_t)(uintptr_t)bkpsram_record_save ^
                 (uint32_t)(uintptr_t)bkpsram_record_load ^ (uint32_t)(uintptr_t)bench_var_data ^ (uint32_t)(uintptr_t)bench_var_bss ^
                 (uint32_t)(uintptr_t)&bench_rec256 ^ (uint32_t)(uintptr_t)bench_log_open ^
                 (uint32_t)(uintptr_t)bench_log_append ^ (uint32_t)(uintptr_t)bench_log_count ^
                 (uint32_t)(uintptr_t)bench_log_read ^ (uint32_t)(uintptr_t)bkpsram_log_append ^
                 (uint32_t)(uintptr_t)&bench_log ^ (uint32_t)(uintptr_t)bench_rec_migrate ^
                 (uint32_t)(uintptr_t)bench_rec_load_v ^ (uint32_t)(uintptr_t)bench_rec_erase ^
                 (uint32_t)(uintptr_t)bench_log_set_seq ^ (uint32_t)(uintptr_t)bench_init_open ^
                 (uint32_t)(uintptr_t)raw_write_u32 ^ (uint32_t)(uintptr_t)raw_read_u32 ^
                 (uint32_t)(uintptr_t)raw_write_float6 ^ (uint32_t)(uintptr_t)raw_fill_u32 ^
                 (uint32_t)(uintptr_t)raw_memset_4k ^ (uint32_t)(uintptr_t)raw_write_256 ^
                 (uint32_t)(uintptr_t)raw_read_256 ^ (uint32_t)(uintptr_t)bench_write_256 ^
                 (uint32_t)(uintptr_t)bench_read_256 ^ (uint32_t)(uintptr_t)bench_memset_4k ^
                 (uint32_t)(uintptr_t)bench_read_float6 ^ (uint32_t)(uintptr_t)bench_init_fallback ^
                 (uint32_t)(uintptr_t)lib_read_u32 ^ (uint32_t)(uintptr_t)lib_write_u32 ^
                 (uint32_t)(uintptr_t)lib_write_float_bits ^ (uint32_t)(uintptr_t)lib_read_float ^
                 (uint32_t)(uintptr_t)bench_init_unlocked ^ (uint32_t)(uintptr_t)bench_inline_contract;
    for (;;) {
    }
}

/* A firmware-requested system reset (AIRCR.SYSRESETREQ). */
void bench_reset(void) { board_reset(); }

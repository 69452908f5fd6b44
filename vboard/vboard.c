/* SPDX-License-Identifier: MIT */
/*
 * vboard: Unicorn front end over the behavioural model: open, load, boot, call. Pitfalls of
 * Unicorn 2.0.1 and how they are handled are listed in vboard/README.md; the parts of the board
 * are in the vb_*.c files (vb_internal.h).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vb_internal.h"

/* F2/F4: RM0090 8.3 (GPIO on AHB1), 30.6 (USART SR 0x00, DR 0x04, BRR 0x08, CR1 0x0C, UE bit 13).
 * G4/L4: GPIO on AHB2 at 0x48000000 (RM0440 2.2, RM0351 2.2.2); USART CR1 0x00 (UE bit 0),
 * BRR 0x0C, ISR 0x1C, TDR 0x28 (RM0440 37.8, RM0351 40.8); out of reset G4 runs on HSI16, L4 on
 * MSI 4 MHz. */
static const vboard_soc_t soc_f4 = {0x40020000u, USART2, USART2 + 4u, USART2 + 8u, USART2 + 12u, 1u << 13, 0u,
                                    VBOARD_CORE_M4, BKP_BASE, {{0u, 0u}}};
static const vboard_soc_t soc_g4 = {0x48000000u, USART2 + 0x1Cu, USART2 + 0x28u, USART2 + 0x0Cu, USART2, 1u, 16000000u,
                                    VBOARD_CORE_M4, BKP_BASE, {{0u, 0u}}};
static const vboard_soc_t soc_l4 = {0x48000000u, USART2 + 0x1Cu, USART2 + 0x28u, USART2 + 0x0Cu, USART2, 1u, 4000000u,
                                    VBOARD_CORE_M4, BKP_BASE, {{0u, 0u}}};
/* STM32F7: F4's RCC, GPIO and backup SRAM addresses, a Cortex-M7, the newer USART; the console is
 * USART3 (the ST-LINK virtual COM port of the Nucleo-144, UM1974). */
static const vboard_soc_t soc_f7 = {0x40020000u, USART3 + 0x1Cu, USART3 + 0x28u, USART3 + 0x0Cu, USART3, 1u, 0u,
                                    VBOARD_CORE_M7, BKP_BASE, {{0u, 0u}}};
/* STM32H7: GPIO on AHB4 at 0x58020000, the console on USART3 (Nucleo-144), HSI 64 MHz out of reset
 * (its RCC is not modelled beyond what the model keeps), the backup SRAM at 0x38800000, RCC and
 * PWR at 0x58024400/0x58024800 and DBGMCU at 0x5C001000 on the bus too. */
static const vboard_soc_t soc_h7 = {0x58020000u, USART3 + 0x1Cu, USART3 + 0x28u, USART3 + 0x0Cu, USART3, 1u, 64000000u,
                                    VBOARD_CORE_M7, 0x38800000u,
                                    {{0x38800000u, 0x2000u}, {0x58024000u, 0x1000u}, {0x5C001000u, 0x1000u}}};
/* STM32H5 and STM32U5 (Cortex-M33, no bit-band): GPIO on AHB2 at 0x42020000, the newer USART, the
 * backup SRAM at 0x40036400 (Device memory), RCC and PWR in one page (H5 0x44020000, U5
 * 0x46020000), DBGMCU_IDCODE at 0x44024000 (H5) / 0xE0044000 (U5). Consoles: USART3 on NUCLEO-H563ZI
 * (UM3115), USART1 on NUCLEO-U575ZI-Q (UM2861); out of reset H5 runs on HSI 32 MHz, U5 on MSIS 4 MHz. */
static const vboard_soc_t soc_h5 = {0x42020000u, USART3 + 0x1Cu, USART3 + 0x28u, USART3 + 0x0Cu, USART3, 1u, 32000000u,
                                    VBOARD_CORE_M33, 0x40036400u,
                                    {{0x40036000u, 0x2000u}, {0x44020000u, 0x1000u}, {0x44024000u, 0x1000u}}};
static const vboard_soc_t soc_u5 = {0x42020000u, USART1 + 0x1Cu, USART1 + 0x28u, USART1 + 0x0Cu, USART1, 1u, 4000000u,
                                    VBOARD_CORE_M33, 0x40036400u,
                                    {{0x40036000u, 0x2000u}, {0x46020000u, 0x1000u}, {0xE0044000u, 0x1000u}}};

const vboard_board_t vboard_boards[] = {
    {"stm32f4-discovery", "f407", 1024u << 10, 128u << 10, 64u << 10, 8000000u,
     {{"green", 3, 12}, {"orange", 3, 13}, {"red", 3, 14}, {"blue", 3, 15}}, 4, &soc_f4},
    {"stm32f429i-disc1", "f429", 2048u << 10, 192u << 10, 64u << 10, 8000000u, {{"green", 6, 13}, {"red", 6, 14}}, 2,
     &soc_f4},
    {"nucleo-f446re", "f446", 512u << 10, 128u << 10, 0u, 8000000u, {{"ld2", 0, 5}}, 1, &soc_f4},
    {"nucleo-f401re", "f401e", 512u << 10, 96u << 10, 0u, 8000000u, {{"ld2", 0, 5}}, 1, &soc_f4},
    {"nucleo-f411re", "f411", 512u << 10, 128u << 10, 0u, 8000000u, {{"ld2", 0, 5}}, 1, &soc_f4},
    /* no backup SRAM: the fallback store (TAMP / RTC backup registers); SRAM1 at 0x20000000 */
    {"nucleo-g474re", "g474", 512u << 10, 96u << 10, 0u, 0u, {{"ld2", 0, 5}}, 1, &soc_g4},
    {"nucleo-l476rg", "l476", 1024u << 10, 96u << 10, 0u, 0u, {{"ld2", 0, 5}}, 1, &soc_l4},
    /* Nucleo-144 (MB1137): LD1 green PB0, LD2 blue PB7, LD3 red PB14; 512 KB of RAM from 0x20000000 */
    {"nucleo-f767zi", "f767", 2048u << 10, 512u << 10, 0u, 8000000u, {{"ld1", 1, 0}, {"ld2", 1, 7}, {"ld3", 1, 14}}, 3,
     &soc_f7},
    /* Nucleo-144 (MB1364): LD1 green PB0, LD2 yellow PE1, LD3 red PB14; the 128 KB DTCM at 0x20000000 */
    {"nucleo-h743zi", "h743", 2048u << 10, 128u << 10, 0u, 8000000u, {{"ld1", 1, 0}, {"ld2", 4, 1}, {"ld3", 1, 14}}, 3,
     &soc_h7},
    /* NUCLEO-H7S3L8 (MB1737): LD1 green PD10, LD2 yellow PD13, LD3 red PB7; 64 KB of flash, the
     * 64 KB DTCM at 0x20000000; the H7's SoC row (the H7R/S's other RCC_AHB4ENR and RCC_RSR offsets
     * are the model part's) */
    {"nucleo-h7s3l8", "h7s3", 64u << 10, 64u << 10, 0u, 24000000u, {{"ld1", 3, 10}, {"ld2", 3, 13}, {"ld3", 1, 7}}, 3,
     &soc_h7},
    /* NUCLEO-H563ZI (MB1404): LD1 green PB0, LD2 yellow PF4, LD3 red PG4; SRAM1 256 KB */
    {"nucleo-h563zi", "h563", 2048u << 10, 256u << 10, 0u, 8000000u, {{"ld1", 1, 0}, {"ld2", 5, 4}, {"ld3", 6, 4}}, 3,
     &soc_h5},
    /* NUCLEO-U575ZI-Q (MB1549): LD1 green PC7, LD2 blue PB7, LD3 red PG2; SRAM1 192 KB */
    {"nucleo-u575zi-q", "u575", 2048u << 10, 192u << 10, 0u, 0u, {{"ld1", 2, 7}, {"ld2", 1, 7}, {"ld3", 6, 2}}, 3,
     &soc_u5},
};
const size_t vboard_board_count = sizeof vboard_boards / sizeof vboard_boards[0];

const vboard_board_t *vboard_board_find(const char *name)
{
    size_t i;
    for (i = 0; name != NULL && i < vboard_board_count; i++) {
        if (strcmp(vboard_boards[i].name, name) == 0) {
            return &vboard_boards[i];
        }
    }
    return NULL;
}

/* uc_hook_add takes callbacks as void *; convert without a (pedantic-forbidden) direct cast. */
typedef void (*generic_fn)(void);
static void *cb(generic_fn f)
{
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

/* ---- open / load ---------------------------------------------------------------------- */

/* The hooks that make faults precise (pitfall 2) and alignment checked (pitfall 5): each one puts
 * every instruction or memory access of the firmware on Unicorn's slow path. */
static uc_err add_precise_hooks(vboard_t *vb)
{
    const vboard_board_t *b = vb->board;
    uc_hook h;
    uc_err e = UC_ERR_OK;
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_CODE, cb((generic_fn)vb_on_code), vb, 1, 0);
    if (b->soc->bkpsram >= PERIPH_BASE) { /* Device memory: every unaligned access faults */
        e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)vb_on_bkp_access), vb,
                         b->soc->bkpsram, b->soc->bkpsram + 0x1FFFu);
    } else { /* Normal memory (H7): the RAM rules */
        e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)vb_on_ram_access), vb,
                         b->soc->bkpsram, b->soc->bkpsram + 0x1FFFu);
    }
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)vb_on_ram_access), vb, SRAM_BASE,
                     SRAM_BASE + b->sram_size - 1u);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ, cb((generic_fn)vb_on_ram_access), vb, FLASH_BASE,
                     FLASH_BASE + b->flash_size - 1u);
    if (b->ccm_size) {
        e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, cb((generic_fn)vb_on_ram_access), vb,
                         CCM_BASE, CCM_BASE + b->ccm_size - 1u);
    }
    return e;
}

/* Unicorn's CPU model of each vboard_core_t. */
static const int cpu_models[] = {UC_CPU_ARM_CORTEX_M4, UC_CPU_ARM_CORTEX_M7, UC_CPU_ARM_CORTEX_M33};

vboard_t *vboard_open(const char *board, uint32_t seed)
{
    return vboard_open_mode(board, seed, VBOARD_PRECISE);
}

vboard_t *vboard_open_mode(const char *board, uint32_t seed, vboard_mode_t mode)
{
    const vboard_board_t *b = vboard_board_find(board);
    bkm_config_t mc = BKM_CONFIG_DEFAULT;
    vboard_t *vb;
    uc_hook h;
    uc_err e = UC_ERR_OK;
    size_t i;

    if (b == NULL) {
        return NULL;
    }
    vb = calloc(1, sizeof *vb);
    if (vb == NULL) {
        return NULL;
    }
    vb->board = b;
    vb->max_insns = 50000000u;
    mc.seed = seed;
    bkm_init(&vb->model, bkm_part_find(b->part_key), &mc);
    vb->flash = calloc(1, b->flash_size);
    vb->sram = calloc(1, b->sram_size);
    vb->ccm = b->ccm_size ? calloc(1, b->ccm_size) : NULL;
    if (vb->flash == NULL || vb->sram == NULL || (b->ccm_size && vb->ccm == NULL) ||
        uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &vb->uc) != UC_ERR_OK) {
        vboard_close(vb);
        return NULL;
    }
    e |= uc_ctl_set_cpu_model(vb->uc, cpu_models[b->soc->core]);
    e |= uc_mem_map_ptr(vb->uc, FLASH_BASE, b->flash_size, UC_PROT_READ | UC_PROT_EXEC, vb->flash);
    /* BOOT0 = 0: flash also appears at 0 (RM0090 2.4), where VTOR 0 points */
    e |= uc_mem_map_ptr(vb->uc, 0u, b->flash_size, UC_PROT_READ | UC_PROT_EXEC, vb->flash);
    e |= uc_mem_map_ptr(vb->uc, SRAM_BASE, b->sram_size, UC_PROT_ALL, vb->sram);
    if (vb->ccm) {
        e |= uc_mem_map_ptr(vb->uc, CCM_BASE, b->ccm_size, UC_PROT_READ | UC_PROT_WRITE, vb->ccm);
    }
    e |= uc_mmio_map(vb->uc, PERIPH_BASE, PERIPH_SIZE, vb_periph_read, vb, vb_periph_write, vb);
    if (b->soc->gpio_base >= PERIPH_BASE + PERIPH_SIZE) { /* GPIO on AHB2 (G4, L4) or AHB4 (H7) */
        e |= uc_mmio_map(vb->uc, b->soc->gpio_base, 0x2C00u, vb_gpio_read, vb, vb_gpio_write, vb);
    }
    for (i = 0; i < 3u && b->soc->extra[i].size != 0u; i++) {
        vb->regions[i].vb = vb;
        vb->regions[i].base = b->soc->extra[i].base;
        e |= uc_mmio_map(vb->uc, b->soc->extra[i].base, b->soc->extra[i].size, vb_region_read, &vb->regions[i],
                         vb_region_write, &vb->regions[i]);
    }
    e |= uc_mmio_map(vb->uc, SCS_BASE, 0x1000, vb_scs_read, vb, vb_scs_write, vb);
    e |= uc_mmio_map(vb->uc, DBG_BASE, 0x400, vb_dbg_read, vb, vb_dbg_write, vb);
    if (b->soc->core == VBOARD_CORE_M4) { /* bit-band: a Cortex-M3/M4 feature (ARMv7-M B3.2) */
        e |= vb_bitband_map(vb);
    }
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_BLOCK, cb((generic_fn)vb_on_block), vb, 1, 0);
    vb->precise = mode == VBOARD_PRECISE;
    if (vb->precise) {
        e |= add_precise_hooks(vb);
    }
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, cb((generic_fn)vb_on_unmapped), vb, 1, 0);
    e |= uc_hook_add(vb->uc, &h, UC_HOOK_INTR, cb((generic_fn)vb_on_intr), vb, 1, 0);
    e |= uc_context_alloc(vb->uc, &vb->ctx0);
    e |= uc_context_save(vb->uc, vb->ctx0);
    if (e != UC_ERR_OK) {
        vboard_close(vb);
        return NULL;
    }
    return vb;
}

void vboard_close(vboard_t *vb)
{
    size_t i;
    if (vb == NULL) {
        return;
    }
    if (vb->ctx0) {
        uc_context_free(vb->ctx0);
    }
    if (vb->uc) {
        uc_close(vb->uc);
    }
    for (i = 0; i < vb->nsyms; i++) {
        free(vb->syms[i].name);
    }
    free(vb->syms);
    free(vb->profile);
    free(vb->flash);
    free(vb->sram);
    free(vb->ccm);
    free(vb);
}

const vboard_board_t *vboard_board(const vboard_t *vb) { return vb->board; }
bkm_t *vboard_model(vboard_t *vb) { return &vb->model; }
void vboard_set_max_insns(vboard_t *vb, uint64_t max_insns) { vb->max_insns = max_insns; }
void vboard_cut_after_writes(vboard_t *vb, uint32_t n) { vb->cut_after = n; }
void vboard_set_unaligned_bkpsram(vboard_t *vb, int split) { vb->unaligned_ok = split != 0; }

void vboard_snapshot_writes(vboard_t *vb, bkm_t *snaps, size_t max, size_t *count)
{
    vb->snaps = snaps;
    vb->snaps_max = max;
    vb->snaps_count = count;
    if (count != NULL) {
        *count = 0u;
    }
}

void vboard_restore_model(vboard_t *vb, const bkm_t *snap)
{
    vb->model = *snap;
}

static int fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err != NULL && errlen > 0u) {
        snprintf(err, errlen, fmt, arg);
    }
    return -1;
}

static uint8_t *region(vboard_t *vb, uint32_t addr, size_t len)
{
    uint32_t size;
    if (addr >= FLASH_BASE && len <= vb->board->flash_size && addr - FLASH_BASE <= vb->board->flash_size - len) {
        return vb->flash + (addr - FLASH_BASE);
    }
    if (addr >= SRAM_BASE && len <= vb->board->sram_size && addr - SRAM_BASE <= vb->board->sram_size - len) {
        return vb->sram + (addr - SRAM_BASE);
    }
    if (vb->ccm && addr >= CCM_BASE && len <= vb->board->ccm_size && addr - CCM_BASE <= vb->board->ccm_size - len) {
        return vb->ccm + (addr - CCM_BASE);
    }
    size = bkm_sram_size(&vb->model); /* 4 KB, 2 KB (U5), 0: none */
    if (addr >= vb->board->soc->bkpsram && len <= size && addr - vb->board->soc->bkpsram <= size - len) {
        return vb->model.sram + (addr - vb->board->soc->bkpsram);
    }
    return NULL;
}

/* Drop the translated code of the flash pages the new image changed. Translations of unchanged
 * pages stay valid; removing them would make Unicorn 2.0.1 translate them again into fresh code
 * buffer space at every reload (about 90 KB per load and boot, never given back). */
static void drop_changed_code(vboard_t *vb, const uint8_t *old)
{
    uint32_t page;
    for (page = 0; page < vb->board->flash_size; page += 4096u) {
        uint32_t n = vb->board->flash_size - page < 4096u ? vb->board->flash_size - page : 4096u;
        if (old == NULL || memcmp(old + page, vb->flash + page, n) != 0) {
            uc_ctl_remove_cache(vb->uc, FLASH_BASE + page, FLASH_BASE + page + n);
        }
    }
}

/* The whole file, at most 64 MB, regular files only (a directory is refused, not read). */
static uint8_t *read_file(const char *path, long *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *img = NULL;
    if (f == NULL) {
        (void)fail(err, errlen, "cannot open %s", path);
        return NULL;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        (void)fail(err, errlen, "%s: not a regular file", path);
        return NULL;
    }
    if (st.st_size < (off_t)sizeof(Elf32_Ehdr) || st.st_size > (off_t)64 * 1024 * 1024 ||
        (img = malloc((size_t)st.st_size)) == NULL || fread(img, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        fclose(f);
        free(img);
        (void)fail(err, errlen, "cannot read %s (an ELF image of at most 64 MB)", path);
        return NULL;
    }
    fclose(f);
    *size = (long)st.st_size;
    return img;
}

int vboard_load(vboard_t *vb, const char *path, char *err, size_t errlen)
{
    uint8_t *img, *old;
    long size = 0;
    Elf32_Ehdr eh;
    unsigned i;
    int rc = -1;

    img = read_file(path, &size, err, errlen);
    if (img == NULL) {
        return -1;
    }
    old = malloc(vb->board->flash_size);
    if (old != NULL) {
        memcpy(old, vb->flash, vb->board->flash_size);
    }
    /* A new image replaces the old one (flash erased, symbols dropped); the backup SRAM stays, as
     * when a board is reflashed. */
    memset(vb->flash, 0xFF, vb->board->flash_size);
    for (i = 0; i < vb->nsyms; i++) {
        free(vb->syms[i].name);
    }
    vb->nsyms = 0u;
    free(vb->profile); /* a profile belongs to one image's symbols */
    vb->profile = NULL;
    vb->initial_sp = vb->reset_pc = 0u;
    memcpy(&eh, img, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM ||
        eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > (uint64_t)size ||
        eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf32_Shdr) > (uint64_t)size) {
        rc = fail(err, errlen, "%s: not a 32-bit ARM ELF image", path);
        goto out;
    }
    for (i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph;
        uint8_t *dst;
        memcpy(&ph, img + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_filesz == 0u) {
            continue;
        }
        dst = region(vb, ph.p_paddr, ph.p_filesz);
        if (dst == NULL || (uint64_t)ph.p_offset + ph.p_filesz > (uint64_t)size) {
            rc = fail(err, errlen, "%s: a segment lies outside this board's memory", path);
            goto out;
        }
        memcpy(dst, img + ph.p_offset, ph.p_filesz);
    }
    for (i = 0; i < eh.e_shnum; i++) { /* symbols, for vboard_call */
        Elf32_Shdr sh, strh;
        uint32_t k;
        memcpy(&sh, img + eh.e_shoff + i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB || sh.sh_link >= eh.e_shnum) {
            continue;
        }
        memcpy(&strh, img + eh.e_shoff + sh.sh_link * sizeof strh, sizeof strh);
        if ((uint64_t)sh.sh_offset + sh.sh_size > (uint64_t)size || (uint64_t)strh.sh_offset + strh.sh_size > (uint64_t)size) {
            break;
        }
        for (k = 0; k < sh.sh_size / sizeof(Elf32_Sym); k++) {
            Elf32_Sym s;
            const char *name;
            symbol_t *grown;
            memcpy(&s, img + sh.sh_offset + k * sizeof s, sizeof s);
            if (ELF32_ST_TYPE(s.st_info) != STT_FUNC && ELF32_ST_TYPE(s.st_info) != STT_OBJECT) {
                continue;
            }
            if (s.st_name >= strh.sh_size) {
                continue;
            }
            name = (const char *)img + strh.sh_offset + s.st_name;
            if (memchr(name, 0, strh.sh_size - s.st_name) == NULL) {
                continue;
            }
            grown = realloc(vb->syms, (vb->nsyms + 1u) * sizeof *grown);
            if (grown == NULL) {
                break;
            }
            vb->syms = grown;
            vb->syms[vb->nsyms].name = strdup(name);
            vb->syms[vb->nsyms].value = s.st_value;
            vb->syms[vb->nsyms].size = ELF32_ST_TYPE(s.st_info) == STT_FUNC ? s.st_size : 0u;
            vb->nsyms += vb->syms[vb->nsyms].name != NULL;
        }
    }
    memcpy(&vb->initial_sp, vb->flash, 4);
    memcpy(&vb->reset_pc, vb->flash + 4, 4);
    if ((vb->reset_pc & 1u) == 0u || region(vb, vb->reset_pc & ~1u, 2) == NULL) {
        rc = fail(err, errlen, "%s: no valid reset vector at 0x08000004", path);
        goto out;
    }
    rc = 0;
out:
    drop_changed_code(vb, old); /* code translated from the previous image is stale */
    memset(vb->ccache, 0, sizeof vb->ccache); /* so is the instruction-count cache */
    vb->last_until = 0u;
    free(old);
    free(img);
    return rc;
}

uint32_t vboard_symbol(const vboard_t *vb, const char *name)
{
    size_t i;
    for (i = 0; i < vb->nsyms; i++) {
        if (strcmp(vb->syms[i].name, name) == 0) {
            return vb->syms[i].value & ~1u;
        }
    }
    return 0u;
}

int vboard_read_mem(vboard_t *vb, uint32_t addr, void *buf, size_t len)
{
    uint8_t *p = region(vb, addr, len);
    if (p == NULL) {
        return -1;
    }
    memcpy(buf, p, len);
    return 0;
}

int vboard_write_mem(vboard_t *vb, uint32_t addr, const void *buf, size_t len)
{
    uint8_t *p = region(vb, addr, len);
    if (p == NULL) {
        return -1;
    }
    memcpy(p, buf, len);
    return 0;
}

/* ---- running -------------------------------------------------------------------------- */

static void begin(vboard_t *vb, vboard_result_t *res, int event)
{
    memset(res, 0, sizeof *res);
    res->event = event;
    vb->res = res;
    vb->stopped = 0;
    vb->last_pc = 0;
    vb->fault_pending = 0;
    vb->undo_len = 0u;
    vb_exc_reset(vb);
    bkm_clear_stats(&vb->model);
}

/* The armed power cut applies to one boot or call. */
static void arm_cut(vboard_t *vb)
{
    bkm_cut_after_writes(&vb->model, vb->cut_after);
    vb->cut_after = 0u;
}

/* A faulting store changes no memory: put back what it may have written; the fault is settled. */
static void settle_fault(vboard_t *vb)
{
    if (vb->undo_len != 0u) {
        (void)vboard_write_mem(vb, vb->undo_addr, vb->undo, vb->undo_len);
        vb->undo_len = 0u;
    }
    vb->fault_pending = 0;
}

/* WFI with SysTick's interrupt enabled: the core sleeps until the next tick (cycles still count). */
static int sleep_until_tick(vboard_t *vb)
{
    if (!vb->exc_enabled || (vb->systick_ctrl & 3u) != 3u || vb->res->insns >= vb->max_insns) {
        return 0;
    }
    if (vb->systick_next > vb->res->insns) {
        vb->res->insns = vb->systick_next;
    }
    vb_exc_tick(vb);
    return vb->exc_request;
}

/* Why uc_emu_start returned when no hook decided an outcome. */
static void classify(vboard_t *vb, uc_err e, uint32_t until)
{
    uint32_t now = vb_cpu_pc(vb);
    if (e != UC_ERR_OK) {
        vb->last_pc = now;
        vb_fault(vb, now, "CPU error: %s at pc 0x%08X", uc_strerror(e), now);
    } else if (until != 0u && now == until) {
        vb->res->outcome = VBOARD_RETURNED;
    } else if (vb_fetch16(vb, now - 2u) == INSN_WFI) {
        vb->res->outcome = vb->res->insns > vb->max_insns ? VBOARD_MAX_INSNS : VBOARD_IDLE;
    } else {
        vb->last_pc = now;
        vb_fault(vb, now, "stopped for no known reason at pc 0x%08X", now);
    }
}

/* Run from pc until an outcome; exception entries and returns are applied between runs. */
void vb_run(vboard_t *vb, uint32_t pc, uint32_t until)
{
    unsigned i;
    for (;;) {
        uc_err e;
        uint32_t next;
        if (until != 0u && until != vb->last_until) { /* pitfall 1: stale stop address */
            uc_ctl_remove_cache(vb->uc, until, until + 2u);
            vb->last_until = until;
        }
        vb->run_insns = 0u;
        e = uc_emu_start(vb->uc, pc | 1u, until, 0, 0);
        if (e == UC_ERR_INSN_INVALID && !vb->stopped) { /* UDF and other undefined encodings */
            vb->last_pc = vb_cpu_pc(vb);
            vb_fault_exc(vb, 6u, 1u << 16, vb->last_pc, "UsageFault UNDEFINSTR: undefined instruction 0x%04X at pc 0x%08X",
                         vb_fetch16(vb, vb->last_pc), vb->last_pc);
            e = UC_ERR_OK;
        }
        settle_fault(vb);
        if (vb->stopped) {
            break;
        }
        next = vb_exc_service(vb);
        if (next == 0u && e == UC_ERR_OK && vb_fetch16(vb, vb_cpu_pc(vb) - 2u) == INSN_WFI && sleep_until_tick(vb)) {
            next = vb_exc_service(vb);
        }
        if (next == 0u) {
            classify(vb, e, until);
            break;
        }
        pc = next;
    }
    if (vb->faults_taken != 0u && vb->res->outcome == VBOARD_IDLE) {
        vb->res->outcome = VBOARD_FAULT; /* the fault handler ran and then stopped the board */
    }
    vb->res->exceptions = vb->exceptions_taken;
    vb->res->sysclk_hz = vb_sysclk_hz(vb);
    vb->res->bkpsram_reads = vb->model.sram_reads;
    vb->res->bkpsram_writes = vb->model.sram_writes;
    vb->res->violations = bkm_violation_total(&vb->model);
    for (i = 0; i < vb->board->led_count; i++) {
        const vboard_led_t *l = &vb->board->leds[i];
        if (vb->gpio[l->port][5] & (1u << l->pin)) {
            vb->res->led_state |= 1u << i;
        }
    }
}

/* Apply ev and put the board at its reset vector, halted. -1 without a loaded image. */
int vb_prepare_boot(vboard_t *vb, bkm_event_t ev, vboard_result_t *res)
{
    uint32_t xpsr = 0x01000000u, zero = 0u, sp = vb->initial_sp, pc = vb->reset_pc & ~1u;
    begin(vb, res, (int)ev);
    if (vb->reset_pc == 0u) {
        return -1;
    }
    bkm_event(&vb->model, ev);
    arm_cut(vb);
    res->reset_flags = bkm_reset_flags(&vb->model);
    /* Core and peripheral reset state (the model did its own). */
    memset(vb->gpio, 0, sizeof vb->gpio);
    vb_rcc_reset(vb);
    vb_iwdg_reset(vb);
    memset(vb->adc, 0, sizeof vb->adc);
    vb->usart_cr1 = vb->usart_brr = 0u;
    vb->scb_vtor = vb->scb_aircr = vb->scb_shcsr = vb->scb_cfsr = vb->scb_cpacr = 0u;
    vb->scb_ccr = 0x200u; /* STKALIGN */
    vb->systick_ctrl = vb->systick_load = 0u;
    vb->exc_enabled = 1;
    if (ev == BKM_EV_POWER_ON || ev == BKM_EV_POWER_ON_NO_VBAT) {
        memset(vb->sram, 0xA5, vb->board->sram_size); /* SRAM content is undefined at power-up */
    }
    uc_context_restore(vb->uc, vb->ctx0);
    uc_reg_write(vb->uc, UC_ARM_REG_SP, &sp);
    uc_reg_write(vb->uc, UC_ARM_REG_XPSR, &xpsr);
    uc_reg_write(vb->uc, UC_ARM_REG_PRIMASK, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_FAULTMASK, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_BASEPRI, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_CONTROL, &zero);
    uc_reg_write(vb->uc, UC_ARM_REG_PC, &pc);
    return 0;
}

int vboard_boot(vboard_t *vb, bkm_event_t ev, vboard_result_t *res)
{
    if (vb_prepare_boot(vb, ev, res) != 0) {
        return -1;
    }
    vb_run(vb, vb->reset_pc, 0u);
    vb->snaps = NULL; /* snapshots apply to one boot */
    return 0;
}

int vboard_call(vboard_t *vb, const char *symbol, const uint32_t *args, unsigned nargs, uint32_t *ret,
                vboard_result_t *res)
{
    static const int regs[4] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3};
    uint32_t addr = vboard_symbol(vb, symbol), lr = CALL_RETURN | 1u, sp = vb->initial_sp, r0 = 0u;
    unsigned i;
    begin(vb, res, -1);
    if (addr == 0u || nargs > 4u) {
        return -1;
    }
    arm_cut(vb);
    vb->exc_enabled = 0; /* a call measures one function: no exception is delivered */
    for (i = 0; i < nargs; i++) {
        uc_reg_write(vb->uc, regs[i], &args[i]);
    }
    uc_reg_write(vb->uc, UC_ARM_REG_LR, &lr);
    uc_reg_write(vb->uc, UC_ARM_REG_SP, &sp);
    vb_run(vb, addr, CALL_RETURN);
    vb->snaps = NULL; /* snapshots apply to one call */
    uc_reg_read(vb->uc, UC_ARM_REG_R0, &r0);
    if (ret != NULL) {
        *ret = r0;
    }
    return 0;
}


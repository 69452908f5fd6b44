#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make mutants: apply one source mutation at a time to a copy of the tree, rebuild the host tests
(gcc, no sanitizers), run the tests that should notice, and count the mutants they kill.

Each mutant replaces one exact piece of text that occurs once in its file (the script stops when
it does not, so a mutant cannot silently go stale). A mutant is killed when a test fails or the
build breaks in a way the compiler catches (counted apart). Prints "N mutants, N killed"; exits 1
when one survives.
"""
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build", "mutants")
TREE = os.path.join(WORK, "tree")
BUILD = os.path.join(WORK, "build")

CORE = ["test_init", "test_access", "test_bad_input", "test_retention", "test_irq"]
RECORD = ["test_record", "test_record_campaign", "test_schema_campaign", "test_irq"]
LOG = ["test_log", "test_log_campaign", "test_irq"]
SECTION = ["test_section"]
CRC = ["test_crc_nibble", "test_record"]
LAYOUT = ["test_layout"]
MEMORY = ["test_memory_port"]
FALLBACK = ["test_fallback"]
REBOOT = ["test_reboot"]
FAMILY_F7 = ["test_family_f7"]
FAMILY_H7 = ["test_family_h7"]
FAMILY_H5 = ["test_family_h5"]
FAMILY_U5 = ["test_family_u5"]
FAMILY_U5_SECURE = ["test_family_u5_secure"]

# (name, file, original text, mutated text, tests)
MUTANTS = [
    # records
    ("record: slot chosen by header sequence alone (CRC not checked)", "src/bkpsram_record.c",
     "best->state = (crc_ok(best, trust_last) != 0) ? SLOT_VALID : SLOT_CORRUPT;",
     "best->state = (crc_ok(best, trust_last) != 0 || 1) ? SLOT_VALID : SLOT_CORRUPT;", RECORD),
    ("record: magic not checked", "src/bkpsram_record.c",
     "if (h[0] != BKPSRAM_FMT_RECORD_MAGIC || (h[1] & 0xFFu)", "if ((h[1] & 0xFFu)", RECORD),
    ("record: id not checked", "src/bkpsram_record.c",
     "    (h[1] >> 16) != id) {", "    ((h[1] >> 16) != id && 0)) {", RECORD),
    ("record: unsigned sequence compare", "src/bkpsram_record.c",
     "(best == NULL || bkpsram_priv_seq_diff(s->seq, best->seq) > 0)", "(best == NULL || s->seq > best->seq)", RECORD),
    ("record: CRC word written first", "src/bkpsram_record.c",
     "    ok = bkpsram_priv_crc_store(",
     "    crc = bkpsram_crc32(bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 16u), data, len);\n"
     "    (void)bkpsram_write_u32(off + BKPSRAM_RECORD_HEADER + padded, crc);\n"
     "    ok = bkpsram_priv_crc_store(", RECORD),
    ("record: load trusts the last committed slot", "src/bkpsram_record.c",
     "    *n = newest(c, 0);", "    *n = newest(c, 1);", RECORD),
    ("record: save trusts the last slot without its CRC word", "src/bkpsram_record.c",
     "        (g_last.crc == stored) && ", "        ", RECORD),
    ("record: one-pass store does not verify", "src/bkpsram_crc.c",
     "    return (diff == 0u) ? 1 : 0;\n}\n\n/* Straight from", "    return (diff == 0u || 1) ? 1 : 0;\n}\n\n/* Straight from",
     RECORD),
    ("record: padding not zeroed (stale bytes in the last word)", "src/bkpsram_crc.c",
     "        uint32_t w = 0u;\n        for (i = 0u; i < rest;", "        uint32_t w = bkpsram_port_rd32(addr);\n        for (i = 0u; i < rest;",
     RECORD),
    ("record: erase retires the newest (checked) slot first", "src/bkpsram_record.c",
     "(old->state == SLOT_VALID && s->state != SLOT_VALID)", "(old->state != SLOT_VALID && s->state == SLOT_VALID)",
     RECORD),
    ("record: target slot by position only (sizes ignored)", "src/bkpsram_record.c",
     "which = n == NULL ? 0 : free_slot(to, n);", "which = n == NULL ? 0 : (n->off == to->offset ? 1 : 0);", RECORD),
    ("record: migrate ignores the old descriptor", "src/bkpsram_record.c",
     "return save(from, to, data);", "return save(NULL, to, data);", RECORD),
    ("record: migrate does not retire the old slots", "src/bkpsram_record.c",
     "if (rc == BKPSRAM_OK && from != NULL) {\n            rc = retire(",
     "if (rc == BKPSRAM_OK && from == NULL) {\n            rc = retire(", RECORD),
    ("record: slot B implied by slot A's header not looked at", "src/bkpsram_record.c",
     "    if (a_state == SLOT_UNCHECKED) {", "    if (0 && a_state == SLOT_UNCHECKED) {", RECORD),
    ("record: load ignores the saved size", "src/bkpsram_record.c",
     "if (n->version != rec->version || n->len != rec->size) {", "if (n->version != rec->version) {", RECORD),
    ("record: length limit off by one", "src/bkpsram_record.c",
     "s->len != 0u && s->len <= BKPSRAM_FMT_RECORD_LEN_MAX", "s->len <= BKPSRAM_FMT_RECORD_LEN_MAX", RECORD),
    ("record: shrinking plain save keeps the older slots while it overwrites the newest", "src/bkpsram_record.c",
     "            rc = retire(&c, n->off, 4u);", "            rc = BKPSRAM_OK;", RECORD),
    ("record: a handler may change the record the interrupted save is changing", "src/bkpsram_record.c",
     "            rc = BKPSRAM_EBUSY;\n        }\n    }", "            rc = BKPSRAM_OK;\n        }\n    }", RECORD),
    ("record: busy claim never released", "src/bkpsram_record.c",
     "    g_nbusy--;", "    g_nbusy += 0u;", RECORD),
    ("log: a handler may append to the log the interrupted append is changing", "src/bkpsram_log.c",
     "    int rc = log->busy != 0u ? BKPSRAM_EBUSY : BKPSRAM_OK;", "    int rc = BKPSRAM_OK;", LOG),
    ("log: busy flag never cleared after an append", "src/bkpsram_log.c",
     "            rc = append(log, entry);\n            log->busy = 0u;", "            rc = append(log, entry);", LOG),
    ("core: a typed write (u8, u16, odd offsets) not verified", "src/bkpsram.c",
     "    return (diff == 0u) ? BKPSRAM_OK : BKPSRAM_EWRITE;\n}\n\n/* The reading twin",
     "    return (diff == 0u || 1) ? BKPSRAM_OK : BKPSRAM_EWRITE;\n}\n\n/* The reading twin", CORE),
    ("core: typed writes (u8, u16, u64, odd offsets) not masked", "src/bkpsram.c",
     "    irq = bkpsram_port_irq_save();\n    cr = dbp_set();\n    for (i = 0u; i < len; i += n) {",
     "    irq = 0u;\n    cr = dbp_set();\n    for (i = 0u; i < len; i += n) {", CORE),
    ("core: a handler's lock may close the window the interrupted code opened", "src/bkpsram.c",
     "        return BKPSRAM_EBUSY; /* the window open now is the interrupted code's */",
     "        (void)0; /* the window open now is the interrupted code's */", CORE),
    ("core: BRE never written (taken as on)", "src/bkpsram.c",
     "    if (want != csr) {", "    if (0) {", CORE),
    ("record: relocation skipped", "src/bkpsram_record.c",
     "    if (which < 0) {\n        rc = relocate(", "    if (which < -1) {\n        rc = relocate(", RECORD),
    # core driver
    ("core: write window bookkeeping not masked", "src/bkpsram.c",
     "    uint32_t irq = bkpsram_port_irq_save();\n    if (g.depth++ == 0u) {",
     "    uint32_t irq = 0u;\n    if (g.depth++ == 0u) {", CORE),
    ("core: writes not verified", "src/bkpsram.c",
     "    return (walk(addr, src, fill, len, 1) == 0u) ? 1 : 0;",
     "    return (walk(addr, src, fill, len, 1) == 0u || 1) ? 1 : 0;", CORE),
    ("core: small writes not masked", "src/bkpsram.c",
     "        irq = bkpsram_port_irq_save();\n        cr = dbp_set();\n    } else {",
     "        cr = dbp_set();\n    } else {", CORE),
    ("core: DBP never cleared", "src/bkpsram.c",
     "        bkpsram_port_wr32(BKPSRAM_PWR_CR, bkpsram_port_rd32(BKPSRAM_PWR_CR) & ~BKPSRAM_PWR_CR_DBP);\n",
     "        (void)0;\n", CORE),
    ("core: range check off by one", "src/bkpsram.c",
     "if ((offset > g.size) || (len > ((size_t)g.size - (size_t)offset))) {",
     "if ((offset > g.size) || (len > ((size_t)g.size - (size_t)offset) + 1u)) {", CORE),
    ("core: fill stops one word short", "src/bkpsram.c",
     "    bkpsram_port_fill_block(bkpsram_limits.base, value, g.size / 4u);",
     "    bkpsram_port_fill_block(bkpsram_limits.base, value, g.size / 4u - 1u);", CORE),
    ("core: fill does not verify", "src/bkpsram.c",
     "    return (diff == 0u) ? BKPSRAM_OK : BKPSRAM_EWRITE;\n}\n\nint bkpsram_fill_u16",
     "    return (diff == 0u || 1) ? BKPSRAM_OK : BKPSRAM_EWRITE;\n}\n\nint bkpsram_fill_u16", CORE),
    ("core: word fast path skips the read-back", "src/bkpsram.c",
     "        got = bkpsram_port_rd32(addr);\n    } else {", "        got = bits;\n    } else {", CORE),
    ("core: word fast path leaves DBP set", "src/bkpsram.c",
     "        bkpsram_port_wr32(BKPSRAM_PWR_CR, cr);\n", "        (void)cr;\n", CORE),
    ("core: word fast path bound off by one word", "src/bkpsram.c",
     "    if (BKPSRAM_WORD_INDEX(offset) < bkpsram_limits.words) {\n        return masked4",
     "    if (BKPSRAM_WORD_INDEX(offset) <= bkpsram_limits.words) {\n        return masked4", CORE),
    ("core: 4-byte short path bound off by two bytes", "src/bkpsram.c",
     "    if (HALF_INDEX(offset) < g.halves) {\n        return masked4", "    if (HALF_INDEX(offset) <= g.halves) {\n        return masked4",
     CORE),
    ("core: 4-byte read short path bound off by two bytes", "src/bkpsram.c",
     "    } else if (HALF_INDEX(offset) < g.halves) {", "    } else if (HALF_INDEX(offset) <= g.halves) {",
     CORE),
    ("core: word read fast path bound off by one word", "src/bkpsram.c",
     "    if (BKPSRAM_WORD_INDEX(offset) < bkpsram_limits.words) {\n        *v = ",
     "    if (BKPSRAM_WORD_INDEX(offset) <= bkpsram_limits.words) {\n        *v = ", CORE),
    ("core: halfword pair not read back", "src/bkpsram.c",
     "        got = (uint32_t)bkpsram_port_rd16(addr) | ((uint32_t)bkpsram_port_rd16(addr + 2u) << 16);",
     "        got = bits;", CORE),
    ("core: no read back after a register change", "src/bkpsram.c",
     "    bkpsram_port_wr32(addr, (bkpsram_port_rd32(addr) & ~clear) | set);\n    (void)bkpsram_port_rd32(addr);\n}", "    bkpsram_port_wr32(addr, (bkpsram_port_rd32(addr) & ~clear) | set);\n}", CORE),
    ("core: BRR timeout not bounded by the configured polls", "src/bkpsram.c",
     "for (; polls != 0u; polls--) {", "for (polls += 1u; polls != 0u; polls--) {", CORE),
    # log
    ("log: header CRC not checked", "src/bkpsram_log.c",
     " ||\n        h[3] != bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 12u)) {", ") {", LOG),
    ("log: read does not check the entry's sequence", "src/bkpsram_log.c",
     "if (!slot_valid(log, slot, &seq) || seq != seq_back(log->next_seq, log->count - index)) {",
     "if (!slot_valid(log, slot, &seq)) {", LOG),
    ("log: open's walk accepts non-consecutive sequences", "src/bkpsram_log.c",
     "if (!slot_valid(log, slot, &seq) || seq != seq_back(best, i)) {", "if (!slot_valid(log, slot, &seq)) {", LOG),
    ("log: format leaves the magic valid while it clears", "src/bkpsram_log.c",
     "rc = bkpsram_write_u32(log->cfg.offset, 0u);", "rc = bkpsram_write_u32(log->cfg.offset, BKPSRAM_FMT_LOG_MAGIC);", LOG),
    ("log: sequence 0 not skipped", "src/bkpsram_log.c",
     "return s == 0xFFFFFFFFu ? 1u : s + 1u;", "return s + 1u;", LOG),
    ("log: step back ignores the skipped 0", "src/bkpsram_log.c",
     "x = x >= k ? x - k : x + (0xFFFFFFFFu - k);", "x = x - k;", LOG),
    ("log: failed open leaves the handle open", "src/bkpsram_log.c",
     "        log->state = LOG_CLOSED; /* a failed open", "        (void)0; /* a failed open", LOG),
    ("log: commit word not written", "src/bkpsram_log.c",
     "        rc = bkpsram_write_u32(off + 4u + bkpsram_priv_pad4(n), crc); /* commit */",
     "        rc = BKPSRAM_OK; /* commit */", LOG),
    ("log: a lost write of the entry not reported", "src/bkpsram_log.c",
     "&crc) != 0) ? BKPSRAM_OK\n", "&crc) != 2) ? BKPSRAM_OK\n", LOG),
    # section
    ("section: magic written before the variables", "src/bkpsram_section.c",
     "rc = bkpsram_write_u32(l->header_offset, 0u); /* invalid until fully initialised */",
     "rc = bkpsram_write_u32(l->header_offset, BKPSRAM_FMT_SECTION_MAGIC);", SECTION),
    ("section: header CRC not checked", "src/bkpsram_section.c",
     "h[3] == want[3] &&\n        h[4] == bkpsram_crc32(BKPSRAM_CRC32_INIT, h, 16u)) {", "h[3] == want[3]) {", SECTION),
    # layout check
    ("layout: adjacent areas count as overlapping", "src/bkpsram_layout.c",
     "if (sa->start < sb->end && sb->start < sa->end) {", "if (sa->start <= sb->end && sb->start <= sa->end) {", LAYOUT),
    ("layout: ids compared across kinds", "src/bkpsram_layout.c",
     "if ((a->kind == b->kind) && ", "if ((b != NULL) && ", LAYOUT),
    ("layout: bounds one word generous", "src/bkpsram_layout.c", "s.end > limit)", "s.end > limit + 4u)", LAYOUT),
    ("layout: section region alignment not checked", "src/bkpsram_layout.c",
     "(a->kind == BKPSRAM_AREA_KIND_SECTION && ((a->offset | a->size) & 3u) != 0u)", "(0)", LAYOUT),
    # memory port
    ("memory port: stores land without PWR_CR.DBP", "src/port/bkpsram_port_memory.c",
     "(sram_on() != 0) && ((regs.pwr_cr & BKPSRAM_PWR_CR_DBP) != 0u) && (i < size)", "(sram_on() != 0) && (i < size)",
     MEMORY),
    # fallback store
    ("fallback: a byte or halfword of a register as a sub-word bus access", "src/bkpsram.c",
     "    } else if (g.fast == 0u) {\n        put_reg_part(", "    } else if (g.fast == 1u) {\n        put_reg_part(",
     FALLBACK),
    ("fallback: a register's read-modify-write not masked", "src/bkpsram.c",
     "    uint32_t irq = bkpsram_port_irq_save();\n    bkpsram_port_wr32(word,",
     "    uint32_t irq = 0u;\n    bkpsram_port_wr32(word,", FALLBACK),
    ("fallback: sub-word reads of a register", "src/bkpsram.c",
     "    } else if (g.fast == 0u) {\n        v = get_reg_part(", "    } else if (g.fast == 1u) {\n        v = get_reg_part(",
     FALLBACK),
    ("fallback: taken without being asked for", "src/bkpsram.c",
     "((size == 0u) && ((cfg->fallback == 0u) || (fam->bkpreg_bytes == 0u)))", "((size == 0u) && (fam->bkpreg_bytes == 0u))",
     FALLBACK),
    # reboot tracking
    ("reboot: a counted pending block counted again", "src/bkpsram_reboot.c",
     "((r.fault_boot == 0u) || (f.seq != r.fault.seq))", "((r.fault_boot == 0u) || (1))", REBOOT),
    ("reboot: pending block CRC not checked", "src/bkpsram_reboot.c",
     "    if (crc != rd(CRC)) {", "    if (0 && crc != rd(CRC)) {", REBOOT),
    ("reboot: crash loop not reset by a clean boot", "src/bkpsram_reboot.c",
     "        r.consecutive = 0u;\n", "        (void)0;\n", REBOOT),
    # word blocks
    ("blocks: a bulk write's blocks not compared", "src/bkpsram.c",
     "        diff = (src != NULL) ? bkpsram_port_cmp_block(addr, src, n) : bkpsram_port_cmp_fill(addr, fill, n);",
     "        diff = (src != NULL) ? 0u : bkpsram_port_cmp_fill(addr, fill, n);", CORE + RECORD),
    ("blocks: memset's blocks not compared", "src/bkpsram.c",
     "        diff = (src != NULL) ? bkpsram_port_cmp_block(addr, src, n) : bkpsram_port_cmp_fill(addr, fill, n);",
     "        diff = (src != NULL) ? bkpsram_port_cmp_block(addr, src, n) : 0u;", CORE),
    ("blocks: fill not read back", "src/bkpsram.c",
     "    diff = bkpsram_port_cmp_fill(bkpsram_limits.base, value, g.size / 4u);", "    diff = 0u;", CORE),
    ("blocks: a bulk read's blocks start one word late", "src/bkpsram.c",
     "                bkpsram_port_rd_block(dst, addr, blk);", "                bkpsram_port_rd_block(dst, addr + 4u, blk);",
     CORE),
    ("blocks: a record's blocks not fed to the CRC", "src/bkpsram_crc.c",
     "        crc = engine_buf(crc, src, blk);", "        (void)engine_buf(crc, src, blk);", RECORD),
    ("blocks: a record's blocks not compared", "src/bkpsram_crc.c",
     "        diff |= bkpsram_port_cmp_block(addr, src, blk);", "        (void)bkpsram_port_cmp_block(addr, src, blk);",
     RECORD),
    # STM32F7 build
    ("family F7: BRE written without EIWUP", "src/bkpsram.c",
     "#define REGULATOR_ALSO BKPSRAM_F7_PWR_CSR1_EIWUP", "#define REGULATOR_ALSO 0u", FAMILY_F7),
    ("family F7: an F76x/77x taken for an F72x/73x", "src/bkpsram.c",
     "    BKPSRAM_TEXT(\"STM32F76x/77x\"),", "    BKPSRAM_TEXT(\"STM32F72x/73x\"),",
     FAMILY_F7),
    ("family F7: 80 bytes of backup registers", "src/bkpsram.c", "     BKPSRAM_RTC_BKP0R, 128u},\n};\n\n/* DEV_IDs (families.md C: HF7",
     "     BKPSRAM_RTC_BKP0R, 80u},\n};\n\n/* DEV_IDs (families.md C: HF7", FAMILY_F7),
    # STM32H7 build
    ("family H7: sub-word stores (no ECC rule)", "src/bkpsram.c",
     "    g.fast = (BKPSRAM_ECC_WORDS != 0) ? 0u : size;", "    g.fast = size;", FAMILY_H7),
    ("family H7: a write not cleaned from the D-cache", "src/bkpsram.c",
     "    (void)walk(addr, src, fill, len, 0);\n    bkpsram_priv_sync(addr, (uint32_t)len);",
     "    (void)walk(addr, src, fill, len, 0);", FAMILY_H7),
    ("family H7: a record's blocks not cleaned before the read-back", "src/bkpsram_crc.c",
     "        bkpsram_priv_sync(addr, 4u * blk);\n", "", FAMILY_H7),
    ("family H7: the reset flags read at the wrong bits", "src/bkpsram.c",
     "{21u, 22u, 23u, 24u, 26u, 28u, 30u}", "{21u, 22u, 23u, 24u, 25u, 28u, 30u}", FAMILY_H7),
    # STM32H5 and STM32U5 builds
    ("family H5/U5: sub-word stores (no ECC rule)", "src/bkpsram.c",
     "    g.fast = (BKPSRAM_ECC_WORDS != 0) ? 0u : size;", "    g.fast = size;", FAMILY_H5 + FAMILY_U5),
    ("family H5: BRRDY polled in PWR_BDCR", "src/port/bkpsram_regs.h",
     "#define BKPSRAM_PWR_BRR_REG           (0x44020828u + BKPSRAM_SEC)",
     "#define BKPSRAM_PWR_BRR_REG           (0x44020820u + BKPSRAM_SEC)", FAMILY_H5),
    ("family H5: the H503 taken for a 4 KB line", "src/bkpsram.c",
     "    {0x474u, 2u, 0u},", "    {0x474u, 4u, 0u},", FAMILY_H5),
    ("family U5: BREN not read back (no ready flag)", "src/bkpsram.c",
     "    return ((bkpsram_port_rd32(BKPSRAM_PWR_CSR) & BKPSRAM_PWR_CSR_BRE) != 0u) ? BKPSRAM_OK : BKPSRAM_ETIMEOUT;",
     "    return BKPSRAM_OK;", FAMILY_U5),
    ("family U5: RMVF at the F4 bit", "src/bkpsram.c",
     "(uint32_t)1u << 23, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_RCC_APB1ENR",
     "(uint32_t)1u << 24, {27u, 26u, 27u, 28u, 29u, 30u, 31u}, BKPSRAM_RCC_APB1ENR", FAMILY_U5),
    ("family U5: the PWR clock not enabled", "src/port/bkpsram_regs.h",
     "#define BKPSRAM_HAS_PWREN 1\n#define BKPSRAM_HAS_BRR   0", "#define BKPSRAM_HAS_PWREN 0\n#define BKPSRAM_HAS_BRR   0",
     FAMILY_U5),
    ("family U5: RAMCFGEN not enabled", "src/port/bkpsram_regs.h",
     "#define BKPSRAM_CLOCK_ALSO ((uint32_t)1u << 17)", "#define BKPSRAM_CLOCK_ALSO 0u", FAMILY_U5),
    ("family U5, secure build: the non-secure aliases", "src/port/bkpsram_regs.h",
     "#define BKPSRAM_SEC 0x10000000u", "#define BKPSRAM_SEC 0u", FAMILY_U5_SECURE),
    ("family H5/U5: the reboot area past 2 KB", "include/bkpsram/bkpsram_opt.h",
     "#define BKPSRAM_CFG_REBOOT_OFFSET 1640u", "#define BKPSRAM_CFG_REBOOT_OFFSET 3688u", FAMILY_U5),
    # CRC
    ("crc: one nibble-table entry wrong", "src/bkpsram_crc.c", "0x384FBDBDu,\n};", "0x384FBDBCu,\n};",
     CRC),
]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def copy_tree():
    if os.path.isdir(TREE):
        shutil.rmtree(TREE)
    files = run(["git", "ls-files"], cwd=ROOT).stdout.split()
    for f in files:
        if f.startswith(("src/", "include/", "model/", "tests/", "tools/", "vboard/", "cmake/", "linker/")) or \
                f in ("CMakeLists.txt",):
            dst = os.path.join(TREE, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(ROOT, f), dst)  # new mtime: never a stale object


def build(targets):
    r = run(["cmake", "--build", BUILD, "-j2", "--target"] + targets)
    return r.returncode == 0, r.stdout


def tests_fail(tests):
    env = dict(os.environ, BKPSRAM_RANDOM_IMAGES="2000", BKPSRAM_CRC_IMAGES="3000")
    for t in tests:
        exe = os.path.join(BUILD, "tests", "unit", t)
        try:
            r = subprocess.run([exe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=300)
        except subprocess.TimeoutExpired:
            return t + " (timeout)"
        if r.returncode != 0:
            return t
    return None


def main():
    match = os.environ.get("MUTANTS_MATCH", "")  # only the mutants whose name contains it
    mutants = [m for m in MUTANTS if match in m[0]]
    copy_tree()
    r = run(["cmake", "-S", TREE, "-B", BUILD, "-DCMAKE_C_COMPILER=gcc", "-DCMAKE_BUILD_TYPE=Debug",
             "-DBKPSRAM_SANITIZE=OFF", "-DBKPSRAM_BUILD_TESTS=ON"])
    if r.returncode != 0:
        print(r.stdout)
        return 2
    all_tests = sorted({t for m in mutants for t in m[4]})
    ok, out = build(all_tests)
    if not ok or tests_fail(all_tests):
        print(out[-3000:])
        print("mutants: the unmutated tree does not pass its tests")
        return 2
    killed = survived = 0
    for name, path, old, new, tests in mutants:
        src = os.path.join(TREE, path)
        text = open(src).read()
        if text.count(old) != 1:
            print(f"STALE  {name}: the text to mutate occurs {text.count(old)} times in {path}")
            return 2
        open(src, "w").write(text.replace(old, new))
        ok, _ = build(tests)
        by = "build" if not ok else tests_fail(tests)
        open(src, "w").write(text)
        if by:
            killed += 1
            print(f"killed   {name}  (by {by})")
        else:
            survived += 1
            print(f"SURVIVED {name}")
    build(all_tests)
    print(f"{len(mutants)} mutants, {killed} killed, {survived} survived, 0 equivalent")
    return 0 if survived == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

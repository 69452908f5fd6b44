/* SPDX-License-Identifier: MIT */
/*
 * CRC-32/MPEG-2 engines: software (nibble or byte table) and the STM32F4 CRC unit (RM0090 4).
 */
#include "bkpsram/bkpsram_crc.h"

#include "bkpsram/bkpsram.h"
#include "bkpsram_priv.h"
#include "port/bkpsram_port.h"

/* Polynomial 0x04C11DB7 shifted through 4 bits: nib[i] = (i << 28) after 4 register steps. */
static const uint32_t nib[16] = {
    0x00000000u, 0x04C11DB7u, 0x09823B6Eu, 0x0D4326D9u, 0x130476DCu, 0x17C56B6Bu, 0x1A864DB2u, 0x1E475005u,
    0x2608EDB8u, 0x22C9F00Fu, 0x2F8AD6D6u, 0x2B4BCB61u, 0x350C9B64u, 0x31CD86D3u, 0x3C8EA00Au, 0x384FBDBDu,
};

/* One byte, MSB first, nibble by nibble. */
static uint32_t step_nibble(uint32_t crc, uint8_t b)
{
    crc ^= (uint32_t)b << 24;
    crc = (crc << 4) ^ nib[crc >> 28];
    return (crc << 4) ^ nib[crc >> 28];
}

#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_TABLE
/* tab[i] = (i << 24) after 8 register steps. */
static const uint32_t tab[256] = {
    0x00000000u, 0x04C11DB7u, 0x09823B6Eu, 0x0D4326D9u, 0x130476DCu, 0x17C56B6Bu,
    0x1A864DB2u, 0x1E475005u, 0x2608EDB8u, 0x22C9F00Fu, 0x2F8AD6D6u, 0x2B4BCB61u,
    0x350C9B64u, 0x31CD86D3u, 0x3C8EA00Au, 0x384FBDBDu, 0x4C11DB70u, 0x48D0C6C7u,
    0x4593E01Eu, 0x4152FDA9u, 0x5F15ADACu, 0x5BD4B01Bu, 0x569796C2u, 0x52568B75u,
    0x6A1936C8u, 0x6ED82B7Fu, 0x639B0DA6u, 0x675A1011u, 0x791D4014u, 0x7DDC5DA3u,
    0x709F7B7Au, 0x745E66CDu, 0x9823B6E0u, 0x9CE2AB57u, 0x91A18D8Eu, 0x95609039u,
    0x8B27C03Cu, 0x8FE6DD8Bu, 0x82A5FB52u, 0x8664E6E5u, 0xBE2B5B58u, 0xBAEA46EFu,
    0xB7A96036u, 0xB3687D81u, 0xAD2F2D84u, 0xA9EE3033u, 0xA4AD16EAu, 0xA06C0B5Du,
    0xD4326D90u, 0xD0F37027u, 0xDDB056FEu, 0xD9714B49u, 0xC7361B4Cu, 0xC3F706FBu,
    0xCEB42022u, 0xCA753D95u, 0xF23A8028u, 0xF6FB9D9Fu, 0xFBB8BB46u, 0xFF79A6F1u,
    0xE13EF6F4u, 0xE5FFEB43u, 0xE8BCCD9Au, 0xEC7DD02Du, 0x34867077u, 0x30476DC0u,
    0x3D044B19u, 0x39C556AEu, 0x278206ABu, 0x23431B1Cu, 0x2E003DC5u, 0x2AC12072u,
    0x128E9DCFu, 0x164F8078u, 0x1B0CA6A1u, 0x1FCDBB16u, 0x018AEB13u, 0x054BF6A4u,
    0x0808D07Du, 0x0CC9CDCAu, 0x7897AB07u, 0x7C56B6B0u, 0x71159069u, 0x75D48DDEu,
    0x6B93DDDBu, 0x6F52C06Cu, 0x6211E6B5u, 0x66D0FB02u, 0x5E9F46BFu, 0x5A5E5B08u,
    0x571D7DD1u, 0x53DC6066u, 0x4D9B3063u, 0x495A2DD4u, 0x44190B0Du, 0x40D816BAu,
    0xACA5C697u, 0xA864DB20u, 0xA527FDF9u, 0xA1E6E04Eu, 0xBFA1B04Bu, 0xBB60ADFCu,
    0xB6238B25u, 0xB2E29692u, 0x8AAD2B2Fu, 0x8E6C3698u, 0x832F1041u, 0x87EE0DF6u,
    0x99A95DF3u, 0x9D684044u, 0x902B669Du, 0x94EA7B2Au, 0xE0B41DE7u, 0xE4750050u,
    0xE9362689u, 0xEDF73B3Eu, 0xF3B06B3Bu, 0xF771768Cu, 0xFA325055u, 0xFEF34DE2u,
    0xC6BCF05Fu, 0xC27DEDE8u, 0xCF3ECB31u, 0xCBFFD686u, 0xD5B88683u, 0xD1799B34u,
    0xDC3ABDEDu, 0xD8FBA05Au, 0x690CE0EEu, 0x6DCDFD59u, 0x608EDB80u, 0x644FC637u,
    0x7A089632u, 0x7EC98B85u, 0x738AAD5Cu, 0x774BB0EBu, 0x4F040D56u, 0x4BC510E1u,
    0x46863638u, 0x42472B8Fu, 0x5C007B8Au, 0x58C1663Du, 0x558240E4u, 0x51435D53u,
    0x251D3B9Eu, 0x21DC2629u, 0x2C9F00F0u, 0x285E1D47u, 0x36194D42u, 0x32D850F5u,
    0x3F9B762Cu, 0x3B5A6B9Bu, 0x0315D626u, 0x07D4CB91u, 0x0A97ED48u, 0x0E56F0FFu,
    0x1011A0FAu, 0x14D0BD4Du, 0x19939B94u, 0x1D528623u, 0xF12F560Eu, 0xF5EE4BB9u,
    0xF8AD6D60u, 0xFC6C70D7u, 0xE22B20D2u, 0xE6EA3D65u, 0xEBA91BBCu, 0xEF68060Bu,
    0xD727BBB6u, 0xD3E6A601u, 0xDEA580D8u, 0xDA649D6Fu, 0xC423CD6Au, 0xC0E2D0DDu,
    0xCDA1F604u, 0xC960EBB3u, 0xBD3E8D7Eu, 0xB9FF90C9u, 0xB4BCB610u, 0xB07DABA7u,
    0xAE3AFBA2u, 0xAAFBE615u, 0xA7B8C0CCu, 0xA379DD7Bu, 0x9B3660C6u, 0x9FF77D71u,
    0x92B45BA8u, 0x9675461Fu, 0x8832161Au, 0x8CF30BADu, 0x81B02D74u, 0x857130C3u,
    0x5D8A9099u, 0x594B8D2Eu, 0x5408ABF7u, 0x50C9B640u, 0x4E8EE645u, 0x4A4FFBF2u,
    0x470CDD2Bu, 0x43CDC09Cu, 0x7B827D21u, 0x7F436096u, 0x7200464Fu, 0x76C15BF8u,
    0x68860BFDu, 0x6C47164Au, 0x61043093u, 0x65C52D24u, 0x119B4BE9u, 0x155A565Eu,
    0x18197087u, 0x1CD86D30u, 0x029F3D35u, 0x065E2082u, 0x0B1D065Bu, 0x0FDC1BECu,
    0x3793A651u, 0x3352BBE6u, 0x3E119D3Fu, 0x3AD08088u, 0x2497D08Du, 0x2056CD3Au,
    0x2D15EBE3u, 0x29D4F654u, 0xC5A92679u, 0xC1683BCEu, 0xCC2B1D17u, 0xC8EA00A0u,
    0xD6AD50A5u, 0xD26C4D12u, 0xDF2F6BCBu, 0xDBEE767Cu, 0xE3A1CBC1u, 0xE760D676u,
    0xEA23F0AFu, 0xEEE2ED18u, 0xF0A5BD1Du, 0xF464A0AAu, 0xF9278673u, 0xFDE69BC4u,
    0x89B8FD09u, 0x8D79E0BEu, 0x803AC667u, 0x84FBDBD0u, 0x9ABC8BD5u, 0x9E7D9662u,
    0x933EB0BBu, 0x97FFAD0Cu, 0xAFB010B1u, 0xAB710D06u, 0xA6322BDFu, 0xA2F33668u,
    0xBCB4666Du, 0xB8757BDAu, 0xB5365D03u, 0xB1F740B4u,
};

#endif

uint32_t bkpsram_crc32_mpeg2(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;
    if (p == NULL) {
        return crc;
    }
    while (len-- != 0u) {
        crc = step_nibble(crc, *p++);
    }
    return crc;
}

/* One engine interface: begin (continue from crc), feed 32-bit words, end (the CRC). */
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW

/* Undo one word of the unit's register steps: the unit starts at 0xFFFFFFFF only (RM0090 4.3),
 * so to continue from crc we feed the word w that takes 0xFFFFFFFF to crc. Each forward step is
 * s' = s << 1 ^ (msb ? P : 0); P has bit 0 set, so bit 0 of s' tells whether P was applied. */
static uint32_t unstep_word(uint32_t crc)
{
    int i;
    for (i = 0; i < 32; i++) {
        crc = (crc & 1u) ? ((crc ^ 0x04C11DB7u) >> 1) | 0x80000000u : crc >> 1;
    }
    return crc;
}

static uint32_t engine_begin(uint32_t crc)
{
    if ((bkpsram_port_rd32(BKPSRAM_RCC_AHB1ENR) & BKPSRAM_RCC_AHB1ENR_CRCEN) == 0u) {
        bkpsram_priv_modify(BKPSRAM_RCC_AHB1ENR, 0u, BKPSRAM_RCC_AHB1ENR_CRCEN);
    }
    bkpsram_port_wr32(BKPSRAM_CRC_CR, BKPSRAM_CRC_CR_RESET);
    if (crc != BKPSRAM_CRC32_INIT) {
        bkpsram_port_wr32(BKPSRAM_CRC_DR, unstep_word(crc) ^ BKPSRAM_CRC32_INIT);
    }
    return crc;
}

BKPSRAM_PRIV_INLINE uint32_t word_step(uint32_t crc, uint32_t w)
{
    bkpsram_port_wr32(BKPSRAM_CRC_DR, w);
    return crc;
}

static uint32_t engine_end(uint32_t crc)
{
    (void)crc;
    return bkpsram_port_rd32(BKPSRAM_CRC_DR);
}

#else

static uint32_t engine_begin(uint32_t crc)
{
    return crc;
}

/* A word is fed MSB first: XORed into the register whole, then shifted through it 32 bits (each
 * data bit reaches the top exactly when a bytewise engine would XOR it in). Unrolled: per step a
 * shift, a table load and an EOR with a shifted operand. */
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_TABLE
BKPSRAM_PRIV_INLINE uint32_t shift(uint32_t c)
{
    return (c << 8) ^ tab[c >> 24];
}
BKPSRAM_PRIV_INLINE uint32_t word_step(uint32_t crc, uint32_t w)
{
    uint32_t c = crc ^ w;
    c = shift(c);
    c = shift(c);
    c = shift(c);
    return shift(c);
}
#else
BKPSRAM_PRIV_INLINE uint32_t shift(uint32_t c)
{
    return (c << 4) ^ nib[c >> 28];
}
BKPSRAM_PRIV_INLINE uint32_t word_step(uint32_t crc, uint32_t w)
{
    uint32_t c = crc ^ w;
    c = shift(c);
    c = shift(c);
    c = shift(c);
    c = shift(c);
    c = shift(c);
    c = shift(c);
    c = shift(c);
    return shift(c);
}
#endif

static uint32_t engine_end(uint32_t crc)
{
    return crc;
}

#endif

/* One word (word_step inlined where the loop is hot, this call elsewhere). */
static uint32_t engine_word(uint32_t crc, uint32_t w)
{
    return word_step(crc, w);
}

/* Buffer words are little-endian; a final partial word is zero-padded. */
uint32_t bkpsram_crc32(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;
    if (p == NULL || len == 0u) {
        return crc;
    }
    crc = engine_begin(crc);
    for (; len >= 4u; len -= 4u, p += 4) {
        crc = engine_word(crc, bkpsram_priv_load(p, 4u));
    }
    if (len != 0u) {
        uint32_t tail = 0u;
        uint32_t i;
        for (i = 0u; i < (uint32_t)len; i++) {
            tail |= (uint32_t)p[i] << (8u * i);
        }
        crc = engine_word(crc, tail);
    }
    return engine_end(crc);
}

/* n words (a multiple of 4) of a word-aligned buffer fed to the engine. */
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
static uint32_t engine_buf(uint32_t crc, const uint8_t *p, uint32_t n)
{
    bkpsram_port_stream_block(BKPSRAM_CRC_DR, p, n);
    return crc;
}
#else
static __attribute__((noinline)) uint32_t engine_buf(uint32_t crc, const uint8_t *p, uint32_t n)
{
    for (; n != 0u; n--, p = &p[4]) {
        crc = word_step(crc, bkpsram_priv_word(p));
    }
    return crc;
}
#endif

/* One word at addr: stored, read back (the difference ORed into *diff) and fed to the CRC. */
static uint32_t put_word(uint32_t crc, uint32_t addr, uint32_t w, uint32_t *diff)
{
    bkpsram_port_wr32(addr, w);
    bkpsram_priv_sync(addr, 4u);
    *diff |= bkpsram_port_rd32(addr) ^ w;
    return engine_word(crc, w);
}

/* One pass: each word stored, read back and fed to the CRC (from BKPSRAM_CRC32_INIT), in order:
 * the head words, then len bytes from src (any alignment) or, with src NULL, the words at
 * src_offset, the last word zero-padded. Offsets are word-aligned and checked by the caller, the
 * write window is open. From a word-aligned src, blocks of 4 words are stored, compared and fed
 * as blocks (bkpsram_port.h). Returns 1 when every word read back as written. */
int bkpsram_priv_crc_store(uint32_t offset, const uint32_t *head, uint32_t head_words, const uint8_t *src,
                           uint32_t src_offset, uint32_t len, uint32_t *crc_out)
{
    uint32_t crc = engine_begin(BKPSRAM_CRC32_INIT), addr = bkpsram_limits.base + offset, diff = 0u, i;
    uint32_t words = len / 4u, rest = len & 3u;
    for (i = 0u; i < head_words; i++, addr += 4u) {
        crc = put_word(crc, addr, head[i], &diff);
    }
    if (src == NULL) { /* a copy inside the store, padding included */
        uint32_t from = bkpsram_limits.base + src_offset;
        for (i = 0u; i < (len + 3u) / 4u; i++, addr += 4u) {
            crc = put_word(crc, addr, bkpsram_port_rd32(from + (4u * i)), &diff);
        }
        words = 0u;
        rest = 0u;
    } else if ((((uintptr_t)src & 3u) == 0u) && (words >= 4u)) {
        uint32_t blk = words & ~3u;
        bkpsram_port_wr_block(addr, src, blk);
        bkpsram_priv_sync(addr, 4u * blk);
        diff |= bkpsram_port_cmp_block(addr, src, blk);
        crc = engine_buf(crc, src, blk);
        addr += 4u * blk;
        src = &src[(size_t)4u * blk];
        words -= blk;
    } else {
        /* byte by byte below */
    }
    for (; words != 0u; words--, addr += 4u, src = &src[4]) {
        crc = put_word(crc, addr, bkpsram_priv_load(src, 4u), &diff);
    }
    if (rest != 0u) {
        uint32_t w = 0u;
        for (i = 0u; i < rest; i++) {
            w |= (uint32_t)src[i] << (8u * i);
        }
        crc = put_word(crc, addr, w, &diff);
    }
    *crc_out = engine_end(crc);
    return (diff == 0u) ? 1 : 0;
}

/* Straight from the backup SRAM: offset and len are multiples of 4 and checked by the caller. */
uint32_t bkpsram_priv_crc_area(uint32_t offset, uint32_t len)
{
    uint32_t crc = engine_begin(BKPSRAM_CRC32_INIT), addr = bkpsram_limits.base + offset, end = addr + len;
#if BKPSRAM_CFG_CRC_ENGINE == BKPSRAM_CRC_HW
    uint32_t blk = (len / 4u) & ~3u;
    if (blk != 0u) { /* blocks of 4 words straight into the unit */
        bkpsram_port_stream_store(BKPSRAM_CRC_DR, addr, blk);
        addr += 4u * blk;
    }
#endif
    for (; addr < end; addr += 4u) {
        crc = word_step(crc, bkpsram_port_rd32(addr));
    }
    return engine_end(crc);
}

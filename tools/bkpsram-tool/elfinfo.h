/* SPDX-License-Identifier: MIT */
/* bkpsram-tool: a firmware ELF's addresses as function and file:line (elfutils libdw), its build id. */
#ifndef BKT_ELFINFO_H
#define BKT_ELFINFO_H

#include <stddef.h>
#include <stdint.h>

typedef struct bkt_elf bkt_elf_t;

typedef struct {
    char func[128]; /* "" when no function covers the address */
    char file[256]; /* "" when the ELF has no line table for it */
    int line;       /* 0 when unknown */
} bkt_where_t;

/* Open an ELF for ARM; NULL with a message in err when it is not one. */
bkt_elf_t *bkt_elf_open(const char *path, char *err, size_t errlen);
void bkt_elf_close(bkt_elf_t *e);
/* The GNU build id: bytes copied (at most max), 0 when the ELF has none. */
size_t bkt_elf_build_id(bkt_elf_t *e, uint8_t *id, size_t max);
/* Where addr is (Thumb bit ignored): 0, or -1 when neither DWARF nor the symbol table knows it. */
int bkt_elf_where(bkt_elf_t *e, uint32_t addr, bkt_where_t *w);

#endif

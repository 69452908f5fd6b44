/* SPDX-License-Identifier: MIT */
/*
 * Addresses to source with elfutils: the line comes from the DWARF line table (dwarf_getsrc_die on
 * the compilation unit holding the address), the function from the innermost DWARF scope that is a
 * function or an inlined call, else from the ELF symbol table (STT_FUNC covering the address).
 * The build id is read with dwelf_elf_gnu_build_id.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>

#include "elfinfo.h"

struct bkt_elf {
    int fd;
    Elf *elf;
    Dwarf *dw; /* NULL: no DWARF (stripped image) */
};

bkt_elf_t *bkt_elf_open(const char *path, char *err, size_t errlen)
{
    bkt_elf_t *e = calloc(1, sizeof *e);
    GElf_Ehdr eh;
    if (e == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    elf_version(EV_CURRENT);
    e->fd = open(path, O_RDONLY);
    if (e->fd < 0) {
        snprintf(err, errlen, "cannot open %s", path);
        free(e);
        return NULL;
    }
    e->elf = elf_begin(e->fd, ELF_C_READ, NULL);
    if (e->elf == NULL || elf_kind(e->elf) != ELF_K_ELF || gelf_getehdr(e->elf, &eh) == NULL ||
        eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM) {
        snprintf(err, errlen, "%s is not a 32-bit ARM ELF file", path);
        bkt_elf_close(e);
        return NULL;
    }
    e->dw = dwarf_begin_elf(e->elf, DWARF_C_READ, NULL);
    return e;
}

void bkt_elf_close(bkt_elf_t *e)
{
    if (e == NULL) {
        return;
    }
    if (e->dw != NULL) {
        dwarf_end(e->dw);
    }
    if (e->elf != NULL) {
        elf_end(e->elf);
    }
    if (e->fd >= 0) {
        close(e->fd);
    }
    free(e);
}

size_t bkt_elf_build_id(bkt_elf_t *e, uint8_t *id, size_t max)
{
    const void *p = NULL;
    ssize_t n = dwelf_elf_gnu_build_id(e->elf, &p);
    if (n <= 0 || p == NULL) {
        return 0u;
    }
    if ((size_t)n > max) {
        n = (ssize_t)max;
    }
    memcpy(id, p, (size_t)n);
    return (size_t)n;
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

/* The innermost function or inlined call around addr in the CU (DWARF), "" if none. */
static void dwarf_function(Dwarf_Die *cu, Dwarf_Addr addr, bkt_where_t *w)
{
    Dwarf_Die *scopes = NULL;
    int n = dwarf_getscopes(cu, addr, &scopes), i;
    for (i = 0; i < n; i++) {
        int tag = dwarf_tag(&scopes[i]);
        if ((tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) && dwarf_diename(&scopes[i]) != NULL) {
            copy(w->func, sizeof w->func, dwarf_diename(&scopes[i]));
            break;
        }
    }
    free(scopes);
}

/* The STT_FUNC symbol covering addr (Thumb bit cleared). */
static void symbol_function(bkt_elf_t *e, uint32_t addr, bkt_where_t *w)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        Elf_Data *d;
        size_t i;
        if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0u ||
            (d = elf_getdata(scn, NULL)) == NULL) {
            continue;
        }
        for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            uint32_t start;
            if (gelf_getsym(d, (int)i, &s) == NULL || GELF_ST_TYPE(s.st_info) != STT_FUNC) {
                continue;
            }
            start = (uint32_t)s.st_value & ~1u;
            if (addr >= start && addr - start < s.st_size) {
                copy(w->func, sizeof w->func, elf_strptr(e->elf, sh.sh_link, s.st_name));
                return;
            }
        }
    }
}

int bkt_elf_where(bkt_elf_t *e, uint32_t addr, bkt_where_t *w)
{
    Dwarf_Die cu;
    memset(w, 0, sizeof *w);
    addr &= ~1u;
    if (e->dw != NULL && dwarf_addrdie(e->dw, addr, &cu) != NULL) {
        Dwarf_Line *line = dwarf_getsrc_die(&cu, addr);
        if (line != NULL) {
            copy(w->file, sizeof w->file, dwarf_linesrc(line, NULL, NULL));
            (void)dwarf_lineno(line, &w->line);
        }
        dwarf_function(&cu, addr, w);
    }
    if (w->func[0] == '\0') {
        symbol_function(e, addr, w);
    }
    return (w->func[0] != '\0' || w->file[0] != '\0') ? 0 : -1;
}

/* SPDX-License-Identifier: MIT */
/*
 * Instruction profile: the instructions of every executed block counted against the function
 * symbol that contains it (exact, from the same block counts as vboard_result_t.insns).
 */
#include <stdlib.h>
#include <string.h>

#include "vb_internal.h"

int vboard_profile(vboard_t *vb, int on)
{
    free(vb->profile);
    vb->profile = NULL;
    vb->profile_other = 0u;
    if (on && vb->nsyms != 0u) {
        vb->profile = calloc(vb->nsyms, sizeof *vb->profile);
        return vb->profile != NULL ? 0 : -1;
    }
    return on ? -1 : 0;
}

static size_t function_at(const vboard_t *vb, uint32_t addr)
{
    size_t i;
    for (i = 0; i < vb->nsyms; i++) {
        uint32_t start = vb->syms[i].value & ~1u;
        if (vb->syms[i].size != 0u && addr >= start && addr - start < vb->syms[i].size) {
            return i;
        }
    }
    return vb->nsyms;
}

void vb_profile_add(vboard_t *vb, uint32_t addr, uint32_t n)
{
    size_t i = function_at(vb, addr);
    if (i < vb->nsyms) {
        vb->profile[i] += n;
    } else {
        vb->profile_other += n;
    }
}

static int by_count(const void *a, const void *b)
{
    const vboard_profile_row_t *x = a, *y = b;
    return x->insns < y->insns ? 1 : x->insns > y->insns ? -1 : strcmp(x->name, y->name);
}

size_t vboard_profile_rows(const vboard_t *vb, vboard_profile_row_t *rows, size_t max)
{
    size_t i, n = 0;
    vboard_profile_row_t *all;
    if (vb->profile == NULL || max == 0u || (all = calloc(vb->nsyms + 1u, sizeof *all)) == NULL) {
        return 0u;
    }
    for (i = 0; i < vb->nsyms; i++) {
        if (vb->profile[i] != 0u) {
            all[n].name = vb->syms[i].name;
            all[n++].insns = vb->profile[i];
        }
    }
    if (vb->profile_other != 0u) {
        all[n].name = "(outside functions)";
        all[n++].insns = vb->profile_other;
    }
    qsort(all, n, sizeof *all, by_count);
    n = n < max ? n : max;
    memcpy(rows, all, n * sizeof *all);
    free(all);
    return n;
}

/* SPDX-License-Identifier: MIT */
/*
 * One layout check over everything placed in backup SRAM (bkpsram_layout.h). Pure arithmetic on
 * the descriptors: no register, no backup SRAM access. Spans are computed in 64 bits, so a
 * descriptor near UINT32_MAX cannot wrap into a false "fits".
 */
#include "bkpsram/bkpsram_layout.h"

#include "bkpsram_format.h"
#include "bkpsram_priv.h"
#include "port/bkpsram_regs.h"

typedef struct {
    uint64_t start, end;
    uint32_t id;
    bkpsram_layout_problem_t problem; /* of the area alone */
} span_t;

static bkpsram_layout_problem_t record_span(const bkpsram_record_t *r, span_t *s)
{
    uint32_t span;
    if (r == NULL || r->size == 0u || r->size > BKPSRAM_FMT_RECORD_LEN_MAX) {
        return BKPSRAM_LAYOUT_BAD_AREA;
    }
    span = BKPSRAM_RECORD_SPAN(r->size);
    s->start = r->offset;
    s->end = s->start + span;
    s->id = r->id;
    return ((r->offset & 3u) != 0u) ? BKPSRAM_LAYOUT_MISALIGNED : BKPSRAM_LAYOUT_OK;
}

static bkpsram_layout_problem_t log_span(const bkpsram_log_config_t *c, span_t *s)
{
    if (c == NULL || c->entry_size == 0u || c->entry_size > BKPSRAM_FMT_LOG_ENTRY_MAX ||
        c->span < BKPSRAM_LOG_SPAN(c->entry_size, 2u)) {
        return BKPSRAM_LAYOUT_BAD_AREA;
    }
    s->start = c->offset;
    s->end = s->start + c->span;
    s->id = c->id;
    return ((c->offset & 3u) != 0u) ? BKPSRAM_LAYOUT_MISALIGNED : BKPSRAM_LAYOUT_OK;
}

static span_t span_of(const bkpsram_area_t *a)
{
    span_t s = {0u, 0u, 0u, BKPSRAM_LAYOUT_BAD_AREA};
    if (a->kind == BKPSRAM_AREA_KIND_RECORD) {
        s.problem = record_span(a->record, &s);
    } else if (a->kind == BKPSRAM_AREA_KIND_LOG) {
        s.problem = log_span(a->log, &s);
    } else if ((a->kind == BKPSRAM_AREA_KIND_SECTION || a->kind == BKPSRAM_AREA_KIND_RAW) && a->size != 0u) {
        s.start = a->offset;
        s.end = s.start + a->size;
        s.problem = (a->kind == BKPSRAM_AREA_KIND_SECTION && ((a->offset | a->size) & 3u) != 0u)
                        ? BKPSRAM_LAYOUT_MISALIGNED
                        : BKPSRAM_LAYOUT_OK;
    } else {
        /* unknown kind or an empty region: BAD_AREA */
    }
    return s;
}

/* The problem between area a (later in the table) and area b. */
static bkpsram_layout_problem_t pair(const bkpsram_area_t *a, const span_t *sa, const bkpsram_area_t *b,
                                     const span_t *sb)
{
    if ((a->kind == b->kind) && ((a->kind == BKPSRAM_AREA_KIND_RECORD) || (a->kind == BKPSRAM_AREA_KIND_LOG)) &&
        (sa->id == sb->id)) {
        return BKPSRAM_LAYOUT_DUPLICATE_ID;
    }
    if (sa->start < sb->end && sb->start < sa->end) {
        return BKPSRAM_LAYOUT_OVERLAP;
    }
    return BKPSRAM_LAYOUT_OK;
}

static int report_problem(bkpsram_layout_report_t *r, bkpsram_layout_problem_t p, const bkpsram_area_t *areas,
                          size_t first, size_t second)
{
    if (r != NULL) {
        const span_t s1 = span_of(&areas[first]), s2 = span_of(&areas[second]);
        r->problem = p;
        r->first = first;
        r->second = second;
        r->first_name = (areas[first].name != NULL) ? areas[first].name : "";
        r->second_name = (areas[second].name != NULL) ? areas[second].name : "";
        r->first_start = (uint32_t)s1.start;
        r->first_end = (s1.end > UINT32_MAX) ? UINT32_MAX : (uint32_t)s1.end;
        r->second_start = (uint32_t)s2.start;
        r->second_end = (s2.end > UINT32_MAX) ? UINT32_MAX : (uint32_t)s2.end;
    }
    return (p == BKPSRAM_LAYOUT_OUT_OF_BOUNDS) ? BKPSRAM_ERANGE : BKPSRAM_EINVAL;
}

int bkpsram_layout_check(const bkpsram_area_t *areas, size_t count, uint32_t size, bkpsram_layout_report_t *report)
{
    size_t i, j;
    uint64_t limit = BKPSRAM_SIZE_4K;

    if (size != 0u) {
        limit = size;
    }
    if (report != NULL) {
        *report = (bkpsram_layout_report_t){BKPSRAM_LAYOUT_OK, 0u, 0u, NULL, NULL, 0u, 0u, 0u, 0u};
    }
    if (areas == NULL && count != 0u) {
        return BKPSRAM_EINVAL;
    }
    for (i = 0u; i < count; i++) {
        const span_t s = span_of(&areas[i]);
        if (s.problem == BKPSRAM_LAYOUT_OK && s.end > limit) {
            return report_problem(report, BKPSRAM_LAYOUT_OUT_OF_BOUNDS, areas, i, i);
        }
        if (s.problem != BKPSRAM_LAYOUT_OK) {
            return report_problem(report, s.problem, areas, i, i);
        }
        for (j = 0u; j < i; j++) {
            const span_t t = span_of(&areas[j]);
            bkpsram_layout_problem_t p = pair(&areas[i], &s, &areas[j], &t);
            if (p != BKPSRAM_LAYOUT_OK) {
                return report_problem(report, p, areas, i, j);
            }
        }
    }
    return BKPSRAM_OK;
}

const char *bkpsram_layout_problem_name(bkpsram_layout_problem_t problem)
{
    static const char *const names[] = {BKPSRAM_TEXT("ok"),           BKPSRAM_TEXT("bad area"),
                                        BKPSRAM_TEXT("misaligned"),   BKPSRAM_TEXT("out of bounds"),
                                        BKPSRAM_TEXT("duplicate id"), BKPSRAM_TEXT("overlap")};
    return ((unsigned)problem < sizeof names / sizeof names[0]) ? names[problem] : BKPSRAM_TEXT("unknown");
}

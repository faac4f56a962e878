/* Program-level minimisation (src/minimize.h).  Every candidate is made
 * canonical by a round trip through the bytes, so window clamps, dropped
 * overlaps and renumbered anchors are whatever the decoder makes of them;
 * the predicate has the last word. */
#include <string.h>

#include "minimize.h"

typedef struct {
	mf_program *best;
	uint8_t best_bytes[MF_PROGRAM_MAX_BYTES];
	size_t best_size;
	mf_min_pred pred;
	void *ctx;
	uint32_t budget;
	mf_min_stats *st;
} shrink;

static void canonical(const mf_program *in, mf_program *out, uint8_t *bytes, size_t *size)
{
	*size = mf_program_encode(in, bytes);
	mf_program_decode(bytes, *size, out);
}

/* Keeps `cand` when it is new, no bigger in bytes and still fails. */
static bool try_program(shrink *s, const mf_program *cand)
{
	if (s->st->tries >= s->budget) {
		s->st->budget_hit = true;
		return false;
	}
	static mf_program c;
	static uint8_t bytes[MF_PROGRAM_MAX_BYTES];
	size_t size;
	canonical(cand, &c, bytes, &size);
	if (size == s->best_size && memcmp(bytes, s->best_bytes, size) == 0)
		return false;
	s->st->tries++;
	if (!s->pred(&c, s->ctx))
		return false;
	*s->best = c;
	memcpy(s->best_bytes, bytes, size);
	s->best_size = size;
	s->st->accepted++;
	return true;
}

/* ---- structure ---- */

static bool drop_ops(shrink *s)
{
	bool any = false;
	static mf_program cand;
	for (uint32_t chunk = s->best->nops / 2 ? s->best->nops / 2 : 1; chunk >= 1; chunk /= 2) {
		for (uint32_t i = 0; i < s->best->nops;) {
			uint32_t n = s->best->nops;
			uint32_t k = i + chunk > n ? n - i : chunk;
			cand = *s->best;
			memmove(&cand.ops[i], &cand.ops[i + k], (n - i - k) * sizeof(mf_op));
			cand.nops = n - k;
			if (try_program(s, &cand))
				any = true; /* same i: the next chunk slid into place */
			else
				i += k;
		}
		if (chunk == 1)
			break;
	}
	return any;
}

#define DROP_ARRAY(s, field, count)                                                          \
	do {                                                                                 \
		for (uint32_t i_ = (s)->best->platform.count; i_-- > 0;) {                   \
			static mf_program c_;                                                \
			c_ = *(s)->best;                                                     \
			if (i_ >= c_.platform.count)                                         \
				continue;                                                    \
			memmove(&c_.platform.field[i_], &c_.platform.field[i_ + 1],          \
				(c_.platform.count - i_ - 1) * sizeof(c_.platform.field[0])); \
			c_.platform.count--;                                                 \
			if (try_program((s), &c_))                                           \
				any = true;                                                  \
		}                                                                            \
	} while (0)

static bool drop_platform(shrink *s)
{
	bool any = false;
	DROP_ARRAY(s, windows, nwindows);
	DROP_ARRAY(s, ram, nram);
	DROP_ARRAY(s, limits, nlimits);
	return any;
}

static bool simplify_plans(shrink *s)
{
	bool any = false;
	static mf_program c;
	if (s->best->plan.mode != MF_FAULT_NONE) {
		c = *s->best;
		memset(&c.plan, 0, sizeof(c.plan));
		any |= try_program(s, &c);
	}
	for (uint32_t i = 0; i < s->best->nops; i++) {
		if (s->best->ops[i].code != OP_ARM || s->best->ops[i].plan.mode == MF_FAULT_NONE)
			continue;
		c = *s->best;
		memset(&c.ops[i].plan, 0, sizeof(c.ops[i].plan));
		any |= try_program(s, &c);
	}
	return any;
}

/* ---- numbers ---- */

/* A field of the best program, found again in each candidate by offset. */
typedef enum { F_U64, F_U32, F_I16, F_U8 } field_kind;

static void *field_in(mf_program *p, size_t off)
{
	return (uint8_t *)p + off;
}

static uint64_t get_field(mf_program *p, size_t off, field_kind k)
{
	void *f = field_in(p, off);
	switch (k) {
	case F_U64: return *(uint64_t *)f;
	case F_U32: return *(uint32_t *)f;
	case F_I16: return (uint64_t)(int64_t) * (int16_t *)f;
	default: return *(uint8_t *)f;
	}
}

static void set_field(mf_program *p, size_t off, field_kind k, uint64_t v)
{
	void *f = field_in(p, off);
	switch (k) {
	case F_U64: *(uint64_t *)f = v; break;
	case F_U32: *(uint32_t *)f = (uint32_t)v; break;
	case F_I16: *(int16_t *)f = (int16_t)(int64_t)v; break;
	default: *(uint8_t *)f = (uint8_t)v; break;
	}
}

static bool try_value(shrink *s, size_t off, field_kind k, uint64_t v)
{
	static mf_program c;
	c = *s->best;
	set_field(&c, off, k, v);
	return try_program(s, &c);
}

/* 0 first, then the value with ever fewer low bits cleared (the roundest
 * that still fails wins).  Signed fields are rounded toward 0 by magnitude. */
static bool pull(shrink *s, size_t off, field_kind k)
{
	uint64_t x = get_field(s->best, off, k);
	if (x == 0)
		return false;
	if (try_value(s, off, k, 0))
		return true;
	bool neg = k == F_I16 && (int64_t)x < 0;
	uint64_t mag = neg ? (uint64_t)(-(int64_t)x) : x;
	uint64_t last = mag;
	for (int b = 63; b >= 1; b--) {
		uint64_t y = mag & ~((((uint64_t)1) << b) - 1);
		if (y == mag || y == last || y == 0)
			continue;
		last = y;
		uint64_t v = neg ? (uint64_t)(-(int64_t)y) : y;
		if (try_value(s, off, k, v))
			return true;
	}
	return false;
}

/* A small count (vspace pages, pool bytes): the smallest power of two
 * below it that still fails. */
static bool pull_small(shrink *s, size_t off, uint32_t lowest)
{
	uint32_t x = (uint32_t)get_field(s->best, off, F_U32);
	for (uint32_t v = lowest; v < x; v = v ? v * 2 : 1)
		if (try_value(s, off, F_U32, v))
			return true;
	return false;
}

#define OFF(expr) ((size_t)((const uint8_t *)&(expr) - (const uint8_t *)s->best))

static bool pull_expr(shrink *s, mf_expr *e, bool is_addr)
{
	bool any = false;
	if (e->kind == ADDR_RAW) {
		if (is_addr)
			any |= pull(s, OFF(e->raw), F_U64);
		else
			any |= pull(s, OFF(e->raw), F_U64);
		return any;
	}
	any |= pull(s, OFF(e->delta), F_I16);
	if (e->delta == 0 && e->pages)
		any |= try_value(s, OFF(e->pages), F_U8, 0);
	if (e->index)
		any |= try_value(s, OFF(e->index), F_U8, 0);
	return any;
}

static bool pull_numbers(shrink *s)
{
	bool any = false;
	mf_program *b = s->best; /* stays the same object; fields re-read each time */
	any |= pull_small(s, OFF(b->platform.va_pages), 1);
	any |= pull_small(s, OFF(b->platform.pool_bytes), 0);
	for (uint32_t i = 0; i < b->platform.nwindows; i++) {
		any |= try_value(s, OFF(b->platform.windows[i].number), F_U32, 0);
		any |= pull(s, OFF(b->platform.windows[i].win.bus_base), F_U64);
		any |= pull(s, OFF(b->platform.windows[i].win.length), F_U64);
		any |= pull(s, OFF(b->platform.windows[i].win.sys_base), F_U64);
	}
	for (uint32_t i = 0; i < b->platform.nram; i++) {
		any |= pull(s, OFF(b->platform.ram[i].start), F_U64);
		any |= pull(s, OFF(b->platform.ram[i].length), F_U64);
	}
	if (b->plan.mode == MF_FAULT_NTH || b->plan.mode == MF_FAULT_NTH_AT_SITE)
		any |= pull(s, OFF(b->plan.nth), F_U32);
	for (uint32_t i = 0; i < b->nops; i++) {
		mf_op *op = &b->ops[i];
		switch (op->code) {
		case OP_MAP:
			if (op->aref)
				any |= try_value(s, OFF(op->aref), F_U8, 0);
			if (op->flags)
				any |= try_value(s, OFF(op->flags), F_U8, 0);
			any |= pull_expr(s, &op->addr, true);
			any |= pull_expr(s, &op->len, false);
			break;
		case OP_UNMAP:
			if (op->aref)
				any |= try_value(s, OFF(op->aref), F_U8, 0);
			if (op->mref)
				any |= try_value(s, OFF(op->mref), F_U8, 0);
			any |= pull(s, OFF(op->va_delta), F_I16);
			any |= pull(s, OFF(op->len_delta), F_I16);
			break;
		case OP_ADAPTER:
			if (op->bus_number)
				any |= try_value(s, OFF(op->bus_number), F_U32, 0);
			break;
		case OP_ARM:
			if (op->plan.mode == MF_FAULT_NTH || op->plan.mode == MF_FAULT_NTH_AT_SITE)
				any |= pull(s, OFF(op->plan.nth), F_U32);
			break;
		case OP_TOUCH:
			if (op->mref)
				any |= try_value(s, OFF(op->mref), F_U8, 0);
			any |= pull(s, OFF(op->offset), F_U32);
			break;
		default:
			if (op->aref)
				any |= try_value(s, OFF(op->aref), F_U8, 0);
			break;
		}
	}
	return any;
}

void mf_minimize(mf_program *p, mf_min_pred pred, void *ctx, uint32_t budget, mf_min_stats *stats)
{
	static shrink s;
	memset(stats, 0, sizeof(*stats));
	s.best = p;
	s.pred = pred;
	s.ctx = ctx;
	s.budget = budget;
	s.st = stats;
	static mf_program start;
	canonical(p, &start, s.best_bytes, &s.best_size);
	/* Only a canonical start that still fails is a safe place to begin. */
	if (pred(&start, ctx))
		*p = start;
	for (int pass = 0; pass < 8 && !stats->budget_hit; pass++) {
		bool any = false;
		any |= drop_ops(&s);
		any |= drop_platform(&s);
		any |= simplify_plans(&s);
		any |= pull_numbers(&s);
		if (!any)
			break;
	}
}

/* Bytes <-> programs.  Every field is read with a modulo or clamp that is a
 * fixed point on its own canonical value, so decode(encode(p)) == p. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "byte_reader.h"
#include "program.h"

/* A type byte is the type itself as a signed byte over -2..18, wrapped
 * outside it: a comparison hint from the engine (17, say, or 0xFF for -1)
 * is then the byte that means it. */
static int32_t decode_type(uint8_t b)
{
	const int32_t span = MF_TYPE_HIGHEST - MF_TYPE_LOWEST + 1;
	int32_t v = b >= 128 ? (int32_t)b - 256 : (int32_t)b;
	return ((v - MF_TYPE_LOWEST) % span + span) % span + MF_TYPE_LOWEST;
}

static uint8_t encode_type(int32_t t)
{
	return (uint8_t)(t < 0 ? t + 256 : t);
}

void mf_plan_normalize(mf_fault_plan *plan)
{
	mf_fault_plan n = {0};
	n.mode = plan->mode % MF_FAULT_MODE_COUNT;
	switch (n.mode) {
	case MF_FAULT_NTH:
		n.nth = plan->nth & 0xFFFF;
		break;
	case MF_FAULT_NTH_AT_SITE:
		n.nth = plan->nth & 0xFFFF;
		n.site = plan->site % MF_SITE_COUNT;
		break;
	case MF_FAULT_RANDOM:
		n.seed = plan->seed;
		n.chance = plan->chance;
		n.site_mask = plan->site_mask & (uint8_t)(((1u << MF_SITE_COUNT) - 1) & ~1u);
		break;
	default:
		break;
	}
	*plan = n;
}

static void clamp_range(uint64_t *start, uint64_t *length)
{
	if (*length == 0)
		*length = 1;
	if (*start > UINT64_MAX - *length)
		*start = UINT64_MAX - *length;
}

static int bus_ranges_overlap(const mf_window_config *a, const mf_window_config *b)
{
	if (a->type != b->type || a->number != b->number)
		return 0;
	uint64_t as = a->win.bus_base, bs = b->win.bus_base;
	return as >= bs ? as - bs < b->win.length : bs - as < a->win.length;
}

void mf_platform_normalize(mf_platform_config *c)
{
	c->va_pages = c->va_pages < 1 ? 1 : c->va_pages > MF_MAX_VA_PAGES ? MF_MAX_VA_PAGES : c->va_pages;
	c->pool_bytes &= 0xFFFF;
	if (c->nlimits > MF_MAX_LIMITS)
		c->nlimits = MF_MAX_LIMITS;
	for (uint32_t i = 0; i < c->nlimits; i++) {
		mf_bus_limit *l = &c->limits[i];
		l->count %= MF_BUS_NUMBER_SPAN;
		l->window_ref %= MF_BUS_REF_SPAN;
		if (l->window_ref)
			l->type = 0;
	}
	if (c->nram > MF_MAX_RAM)
		c->nram = MF_MAX_RAM;
	for (uint32_t i = 0; i < c->nram; i++)
		clamp_range(&c->ram[i].start, &c->ram[i].length);
	/* One window per bus address: drop any that overlaps an earlier one
	 * of the same bus, so translation is never ambiguous. */
	uint32_t kept = 0;
	for (uint32_t i = 0; i < c->nwindows && i < MF_MAX_WINDOWS; i++) {
		mf_window_config w = c->windows[i];
		w.number %= MF_BUS_NUMBER_SPAN;
		w.win.space = w.win.space ? SPACE_PORT : SPACE_MEMORY;
		clamp_range(&w.win.bus_base, &w.win.length);
		uint64_t sys_length = w.win.length;
		clamp_range(&w.win.sys_base, &sys_length);
		int clash = 0;
		for (uint32_t j = 0; j < kept; j++)
			clash |= bus_ranges_overlap(&w, &c->windows[j]);
		if (!clash)
			c->windows[kept++] = w;
	}
	c->nwindows = kept;
}

static void decode_plan(byte_reader *r, mf_fault_plan *plan)
{
	plan->mode = br_u8(r);
	plan->site = br_u8(r);
	plan->nth = (uint32_t)br_uint(r, 2);
	plan->seed = (uint32_t)br_uint(r, 4);
	plan->chance = br_u8(r);
	plan->site_mask = br_u8(r);
	mf_plan_normalize(plan);
}

static size_t encode_plan(uint8_t *out, size_t pos, const mf_fault_plan *plan)
{
	pos = bw_uint(out, pos, plan->mode, 1);
	pos = bw_uint(out, pos, plan->site, 1);
	pos = bw_uint(out, pos, plan->nth, 2);
	pos = bw_uint(out, pos, plan->seed, 4);
	pos = bw_uint(out, pos, plan->chance, 1);
	return bw_uint(out, pos, plan->site_mask, 1);
}

static bool expr_kind_indexed(unsigned kind, unsigned kinds)
{
	if (kinds == ADDR_KIND_COUNT)
		return kind == ADDR_WIN_START || kind == ADDR_WIN_END || kind == ADDR_MAP_START ||
		       kind == ADDR_MAP_END;
	return kind != LEN_RAW && kind != LEN_ZERO;
}

/* Expression kind byte: kind + count * pages-flag. */
static void decode_expr(byte_reader *r, mf_expr *e, unsigned kinds, unsigned raw_bytes)
{
	unsigned k = br_u8(r) % (2 * kinds);
	*e = (mf_expr){0};
	e->kind = (uint8_t)(k % kinds);
	if (e->kind == 0) { /* ADDR_RAW and LEN_RAW are both 0 */
		e->raw = br_uint(r, raw_bytes);
		return;
	}
	e->pages = (uint8_t)(k / kinds);
	e->index = br_u8(r);
	e->delta = br_i16(r);
	/* Anchors that name nothing keep their index byte in the layout but
	 * canonically carry 0, so their scripts need no index. */
	if (!expr_kind_indexed(e->kind, kinds))
		e->index = 0;
}

static size_t encode_expr(uint8_t *out, size_t pos, const mf_expr *e, unsigned kinds,
			  unsigned raw_bytes)
{
	pos = bw_uint(out, pos, e->kind + (e->kind ? kinds * e->pages : 0), 1);
	if (e->kind == 0)
		return bw_uint(out, pos, e->raw, raw_bytes);
	pos = bw_uint(out, pos, e->index, 1);
	return bw_uint(out, pos, (uint16_t)e->delta, 2);
}

static void decode_op(byte_reader *r, mf_op *op)
{
	*op = (mf_op){0};
	op->code = br_u8(r) % OP_COUNT;
	switch (op->code) {
	case OP_ADAPTER:
		op->bus_type = decode_type(br_u8(r));
		op->bus_number = br_u8(r) % MF_BUS_NUMBER_SPAN;
		/* Most adapters sit on a configured bus: that is where the
		 * interesting checks are.  A reference leaves the raw pair 0. */
		op->bus_ref = br_u8(r) % MF_BUS_REF_SPAN;
		if (op->bus_ref) {
			op->bus_type = 0;
			op->bus_number = 0;
		}
		break;
	case OP_MAP:
		op->aref = br_u8(r) % AREF_COUNT;
		op->flags = br_u8(r) & MAP_NULL_OUT;
		decode_expr(r, &op->addr, ADDR_KIND_COUNT, 8);
		decode_expr(r, &op->len, LEN_KIND_COUNT, 4);
		break;
	case OP_UNMAP:
		op->aref = br_u8(r) % AREF_COUNT;
		op->mref = br_u8(r);
		op->va_delta = br_i16(r);
		op->len_delta = br_i16(r);
		break;
	case OP_ARM:
		decode_plan(r, &op->plan);
		break;
	case OP_TOUCH:
		op->mref = br_u8(r);
		op->offset = (uint32_t)br_uint(r, 4);
		break;
	default: /* lifecycle operations */
		op->aref = br_u8(r) % AREF_COUNT;
		break;
	}
}

static size_t encode_op(uint8_t *out, size_t pos, const mf_op *op)
{
	pos = bw_uint(out, pos, op->code, 1);
	switch (op->code) {
	case OP_ADAPTER:
		pos = bw_uint(out, pos, encode_type(op->bus_type), 1);
		pos = bw_uint(out, pos, op->bus_number, 1);
		return bw_uint(out, pos, op->bus_ref, 1);
	case OP_MAP:
		pos = bw_uint(out, pos, op->aref, 1);
		pos = bw_uint(out, pos, op->flags, 1);
		pos = encode_expr(out, pos, &op->addr, ADDR_KIND_COUNT, 8);
		return encode_expr(out, pos, &op->len, LEN_KIND_COUNT, 4);
	case OP_UNMAP:
		pos = bw_uint(out, pos, op->aref, 1);
		pos = bw_uint(out, pos, op->mref, 1);
		pos = bw_uint(out, pos, (uint16_t)op->va_delta, 2);
		return bw_uint(out, pos, (uint16_t)op->len_delta, 2);
	case OP_ARM:
		return encode_plan(out, pos, &op->plan);
	case OP_TOUCH:
		pos = bw_uint(out, pos, op->mref, 1);
		return bw_uint(out, pos, op->offset, 4);
	default:
		return bw_uint(out, pos, op->aref, 1);
	}
}

void mf_program_decode(const uint8_t *data, size_t size, mf_program *p)
{
	byte_reader r = {data, size, 0};
	/* Operations past nops are never read: clear only the header. */
	memset(p, 0, offsetof(mf_program, ops));
	mf_platform_config *c = &p->platform;
	c->va_pages = 1u + br_u8(&r);
	c->pool_bytes = (uint32_t)br_uint(&r, 2);
	decode_plan(&r, &p->plan);
	c->nlimits = br_u8(&r) % (MF_MAX_LIMITS + 1);
	for (uint32_t i = 0; i < c->nlimits; i++) {
		c->limits[i].type = decode_type(br_u8(&r));
		c->limits[i].count = br_u8(&r);
		c->limits[i].window_ref = br_u8(&r);
	}
	c->nwindows = br_u8(&r) % (MF_MAX_WINDOWS + 1);
	for (uint32_t i = 0; i < c->nwindows; i++) {
		mf_window_config *w = &c->windows[i];
		w->type = decode_type(br_u8(&r));
		w->number = br_u8(&r);
		w->win.space = br_u8(&r) & 1 ? SPACE_PORT : SPACE_MEMORY;
		w->win.bus_base = br_uint(&r, 8);
		w->win.length = br_uint(&r, 8);
		w->win.sys_base = br_uint(&r, 8);
	}
	c->nram = br_u8(&r) % (MF_MAX_RAM + 1);
	for (uint32_t i = 0; i < c->nram; i++) {
		c->ram[i].start = br_uint(&r, 8);
		c->ram[i].length = br_uint(&r, 8);
	}
	mf_platform_normalize(c);
	while (br_remaining(&r) > 0 && p->nops < MF_MAX_OPS)
		decode_op(&r, &p->ops[p->nops++]);
}

size_t mf_program_encode(const mf_program *p, uint8_t *out)
{
	const mf_platform_config *c = &p->platform;
	size_t pos = 0;
	pos = bw_uint(out, pos, c->va_pages - 1u, 1);
	pos = bw_uint(out, pos, c->pool_bytes, 2);
	pos = encode_plan(out, pos, &p->plan);
	pos = bw_uint(out, pos, c->nlimits, 1);
	for (uint32_t i = 0; i < c->nlimits; i++) {
		pos = bw_uint(out, pos, encode_type(c->limits[i].type), 1);
		pos = bw_uint(out, pos, c->limits[i].count, 1);
		pos = bw_uint(out, pos, c->limits[i].window_ref, 1);
	}
	pos = bw_uint(out, pos, c->nwindows, 1);
	for (uint32_t i = 0; i < c->nwindows; i++) {
		const mf_window_config *w = &c->windows[i];
		pos = bw_uint(out, pos, encode_type(w->type), 1);
		pos = bw_uint(out, pos, w->number, 1);
		pos = bw_uint(out, pos, w->win.space, 1);
		pos = bw_uint(out, pos, w->win.bus_base, 8);
		pos = bw_uint(out, pos, w->win.length, 8);
		pos = bw_uint(out, pos, w->win.sys_base, 8);
	}
	pos = bw_uint(out, pos, c->nram, 1);
	for (uint32_t i = 0; i < c->nram; i++) {
		pos = bw_uint(out, pos, c->ram[i].start, 8);
		pos = bw_uint(out, pos, c->ram[i].length, 8);
	}
	for (uint32_t i = 0; i < p->nops; i++)
		pos = encode_op(out, pos, &p->ops[i]);
	return pos;
}

/* Structural mutations (mutator.h).  Each edit is one the bounded-table and
 * count bugs need and byte mutations rarely make in one step: the state
 * they build is in the seeds (many windows on a bus, many live claims), the
 * probe of its far end is not.  Deterministic in (input, seed). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mutator.h"
#include "program/program.h"

typedef struct {
	uint64_t s;
} rng;

static uint32_t next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t below(rng *r, uint32_t n)
{
	return n ? next(r) % n : 0;
}

/* The bus an adapter creation names, as the harness resolves it. */
static void adapter_bus(const mf_program *p, const mf_op *op, int32_t *type, uint32_t *number)
{
	if (op->bus_ref == 0 || p->platform.nwindows == 0) {
		*type = op->bus_type;
		*number = op->bus_number;
		return;
	}
	const mf_window_config *w = &p->platform.windows[(op->bus_ref - 1u) % p->platform.nwindows];
	*type = w->type;
	*number = w->number;
}

static uint32_t count_ops(const mf_program *p, uint8_t code)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < p->nops; i++)
		n += p->ops[i].code == code;
	return n;
}

/* The index in ops of the program's map number k (0-based); k < maps. */
static uint32_t map_at(const mf_program *p, uint32_t k)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == OP_MAP && k-- == 0)
			return i;
	return 0;
}

/* The slot of the k-th adapter creation whose bus is (type, number), or
 * -1; slots count creations in order, up to MF_MAX_ADAPTERS. */
static int adapter_on(const mf_program *p, int32_t type, uint32_t number, uint32_t k)
{
	int slot = 0, found = -1;
	for (uint32_t i = 0; i < p->nops && slot < MF_MAX_ADAPTERS; i++) {
		if (p->ops[i].code != OP_ADAPTER)
			continue;
		int32_t t;
		uint32_t n;
		adapter_bus(p, &p->ops[i], &t, &n);
		if (t == type && n == number && (found < 0 || k-- > 0))
			found = slot;
		slot++;
	}
	return found;
}

static bool append(mf_program *p, const mf_op *op)
{
	if (p->nops >= MF_MAX_OPS)
		return false;
	p->ops[p->nops++] = *op;
	return true;
}

static mf_op map_op(uint8_t aref, uint8_t kind, uint8_t index, int16_t delta, bool pages, uint32_t len)
{
	return (mf_op){.code = OP_MAP,
		       .aref = aref,
		       .addr = {.kind = kind, .index = index, .delta = delta, .pages = pages},
		       .len = {.kind = LEN_RAW, .raw = len}};
}

/* A map by another adapter at the start, inside or just before the end of
 * one of the newest mappings: a conflict every table of claims must see. */
static bool probe_claim(mf_program *p, rng *r)
{
	uint32_t maps = count_ops(p, OP_MAP), adapters = count_ops(p, OP_ADAPTER);
	if (maps == 0 || adapters < 2)
		return false;
	/* The newest mapping half the time: the far end of a table. */
	uint32_t back = below(r, 2) ? 0 : below(r, 4);
	uint8_t j = (uint8_t)(maps > back ? maps - 1 - back : 0);
	static const struct {
		uint8_t kind;
		int16_t delta;
		uint32_t len;
	} shapes[] = {{ADDR_MAP_START, 0, 1}, {ADDR_MAP_START, 0x800, 0x1000}, {ADDR_MAP_END, -1, 1},
		      {ADDR_MAP_START, -1, 2}};
	uint32_t s = below(r, sizeof(shapes) / sizeof(shapes[0]));
	uint8_t aref = (uint8_t)below(r, adapters < MF_MAX_ADAPTERS ? adapters : MF_MAX_ADAPTERS);
	mf_op op = map_op(aref, shapes[s].kind, j, shapes[s].delta, false, shapes[s].len);
	return append(p, &op);
}

/* One more window on the bus of window k, past the bus's others in bus
 * space and past every window in system space; false when none fits. */
static bool push_window(mf_platform_config *c, const mf_window_config *k)
{
	if (c->nwindows >= MF_MAX_WINDOWS)
		return false;
	uint64_t bus_end = 0, sys_end = 0;
	for (uint32_t i = 0; i < c->nwindows; i++) {
		const SEAM_WINDOW *w = &c->windows[i].win;
		if (c->windows[i].type == k->type && c->windows[i].number == k->number &&
		    w->bus_base + w->length > bus_end)
			bus_end = w->bus_base + w->length;
		if (w->sys_base + w->length > sys_end)
			sys_end = w->sys_base + w->length;
	}
	uint64_t length = k->win.length < 0x10000 ? k->win.length : 0x10000;
	uint64_t bus = (bus_end + 0xFFFF) & ~(uint64_t)0xFFFF, sys = (sys_end + 0xFFFFF) & ~(uint64_t)0xFFFFF;
	if (length == 0 || bus < bus_end || sys < sys_end || bus > INT64_MAX - length || sys > UINT64_MAX - length)
		return false;
	mf_window_config w = *k;
	w.win.bus_base = bus;
	w.win.sys_base = sys;
	w.win.length = length;
	c->windows[c->nwindows++] = w;
	return true;
}

/* A map into the newest window by an adapter of its bus. */
static bool map_newest_window(mf_program *p, rng *r)
{
	const mf_window_config *w = &p->platform.windows[p->platform.nwindows - 1];
	int slot = adapter_on(p, w->type, w->number, below(r, 2));
	mf_op op = map_op((uint8_t)(slot >= 0 ? slot : 0), ADDR_WIN_START, (uint8_t)(p->platform.nwindows - 1), 0,
			  false, w->win.length < 0x1000 ? (uint32_t)w->win.length : 0x1000);
	return append(p, &op);
}

/* One more window on the bus of window k, and a map into it. */
static bool add_window(mf_program *p, rng *r)
{
	mf_platform_config *c = &p->platform;
	if (c->nwindows == 0)
		return false;
	const mf_window_config k = c->windows[below(r, c->nwindows)];
	return push_window(c, &k) && map_newest_window(p, r);
}

/* The bus of window k filled to one window past a table of 4, 8 or 16,
 * and a map into the last: add_window as many times as a bounded table
 * needs, in one edit, as grow_claims does for claims.  From any seed with
 * a window, not only from the few big seeds that hold many already. */
static bool grow_windows(mf_program *p, rng *r)
{
	static const uint32_t past_table[] = {5, 9, 17};
	mf_platform_config *c = &p->platform;
	if (c->nwindows == 0)
		return false;
	const mf_window_config k = c->windows[below(r, c->nwindows)];
	uint32_t on_bus = 0;
	for (uint32_t i = 0; i < c->nwindows; i++)
		on_bus += c->windows[i].type == k.type && c->windows[i].number == k.number;
	uint32_t want = past_table[below(r, sizeof(past_table) / sizeof(past_table[0]))];
	if (on_bus >= want)
		return false;
	for (; on_bus < want; on_bus++)
		if (!push_window(c, &k))
			return false;
	return map_newest_window(p, r);
}

/* Window k joins the bus of window k2, and a map goes into it. */
static bool join_bus(mf_program *p, rng *r)
{
	mf_platform_config *c = &p->platform;
	if (c->nwindows < 2)
		return false;
	uint32_t k = below(r, c->nwindows), k2 = below(r, c->nwindows);
	if (k == k2)
		return false;
	c->windows[k].type = c->windows[k2].type;
	c->windows[k].number = c->windows[k2].number;
	int slot = adapter_on(p, c->windows[k].type, c->windows[k].number, 0);
	mf_op op = map_op((uint8_t)(slot >= 0 ? slot : 0), ADDR_WIN_START, (uint8_t)k, 0, false, 0x1000);
	return append(p, &op);
}

/* A map of the program aimed at the last window, or at a random one. */
static bool retarget(mf_program *p, rng *r)
{
	uint32_t maps = count_ops(p, OP_MAP);
	if (maps == 0 || p->platform.nwindows == 0)
		return false;
	mf_op *op = &p->ops[map_at(p, below(r, maps))];
	if (op->addr.kind != ADDR_WIN_START && op->addr.kind != ADDR_WIN_END)
		op->addr = (mf_expr){.kind = ADDR_WIN_START};
	uint32_t n = p->platform.nwindows;
	op->addr.index = (uint8_t)(below(r, 2) ? n - 1 : below(r, n));
	return true;
}

/* A map of the program followed by copies of itself, each the pages of
 * the one before further on: claims pile up one after another. */
static bool grow_claims(mf_program *p, rng *r)
{
	uint32_t maps = count_ops(p, OP_MAP);
	if (maps == 0)
		return false;
	mf_op base = p->ops[map_at(p, below(r, maps))];
	if (base.addr.kind != ADDR_WIN_START || !base.addr.pages) {
		base.addr = (mf_expr){.kind = ADDR_WIN_START, .index = base.addr.index, .pages = 1};
		base.len = (mf_expr){.kind = LEN_RAW, .raw = 0x1000};
	}
	uint32_t len = base.len.kind == LEN_RAW ? (uint32_t)base.len.raw : 0x1000;
	int32_t step = (int32_t)((len + 0xFFFu) / 0x1000u);
	if (step <= 0 || step > 16)
		return false;
	static const uint32_t runs[] = {1, 4, 8, 9, 16, 17, 32};
	uint32_t n = runs[below(r, sizeof(runs) / sizeof(runs[0]))];
	for (uint32_t i = 1; i <= n; i++) {
		mf_op op = base;
		int32_t delta = base.addr.delta + (int32_t)i * step;
		if (delta > INT16_MAX)
			break;
		op.addr.delta = (int16_t)delta;
		if (!append(p, &op))
			break;
	}
	return true;
}

static bool insert_at(mf_program *p, uint32_t at, const mf_op *op)
{
	if (p->nops >= MF_MAX_OPS || at > p->nops)
		return false;
	memmove(&p->ops[at + 1], &p->ops[at], (p->nops - at) * sizeof(p->ops[0]));
	p->ops[at] = *op;
	p->nops++;
	return true;
}

/* A fault in one map, mostly one of the last: the plan re-armed just
 * before it fails the first call there at one site, or the first few
 * calls overall.  A byte mutation must hit the plan's nth in a count over
 * the whole program; here every (operation, site) is one edit away, the
 * shape of prove's R2 (docs/PROVE.md). */
static bool fault_in_op(mf_program *p, rng *r)
{
	uint32_t maps = count_ops(p, OP_MAP);
	if (maps == 0)
		return false;
	uint32_t back = below(r, 2) ? 0 : below(r, maps);
	uint32_t at = map_at(p, maps - 1 - back);
	mf_op arm = {.code = OP_ARM};
	if (below(r, 4)) {
		arm.plan.mode = MF_FAULT_NTH_AT_SITE;
		arm.plan.site = (uint8_t)(MF_SITE_BUS_TRANSLATE + below(r, MF_SITE_COUNT - MF_SITE_BUS_TRANSLATE));
		arm.plan.nth = 1;
	} else {
		arm.plan.mode = MF_FAULT_NTH;
		arm.plan.nth = 1 + below(r, 4);
	}
	return insert_at(p, at, &arm);
}

/* The bus of window k, its other windows and the adapters named by type
 * and number, renamed to another type: the valid range's ends and just
 * outside it most of the time. */
static bool retype_bus(mf_program *p, rng *r)
{
	mf_platform_config *c = &p->platform;
	if (c->nwindows == 0)
		return false;
	static const int32_t edges[] = {-2, -1, 0, 1, 2, 15, 16, 17, 18};
	int32_t to = below(r, 4) ? edges[below(r, sizeof(edges) / sizeof(edges[0]))]
				 : MF_TYPE_LOWEST + (int32_t)below(r, MF_TYPE_HIGHEST - MF_TYPE_LOWEST + 1);
	const mf_window_config k = c->windows[below(r, c->nwindows)];
	if (to == k.type)
		return false;
	for (uint32_t i = 0; i < c->nwindows; i++)
		if (c->windows[i].type == k.type && c->windows[i].number == k.number)
			c->windows[i].type = to;
	for (uint32_t i = 0; i < p->nops; i++) {
		mf_op *op = &p->ops[i];
		if (op->code == OP_ADAPTER && op->bus_ref == 0 && op->bus_type == k.type && op->bus_number == k.number)
			op->bus_type = to;
	}
	return true;
}

size_t mf_mutate_structure(uint8_t *data, size_t size, size_t max_size, uint32_t seed)
{
	static mf_program p; /* big: not on the stack */
	static uint8_t out[MF_PROGRAM_MAX_BYTES];
	mf_program_decode(data, size, &p);
	rng r = {seed ^ 0x6D61706675757aull};
	bool (*const edits[])(mf_program *, rng *) = {probe_claim, add_window, join_bus, retarget,
							     grow_claims, fault_in_op, retype_bus, grow_windows};
	if (!edits[below(&r, sizeof(edits) / sizeof(edits[0]))](&p, &r))
		return 0;
	mf_platform_normalize(&p.platform);
	size_t n = mf_program_encode(&p, out);
	if (n == 0 || n > max_size)
		return 0;
	memcpy(data, out, n);
	return n;
}

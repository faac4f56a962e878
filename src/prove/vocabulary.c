/* The operations the walk tries at a node (docs/PROVE.md, "The scope, in
 * words"): lifecycle steps where they apply (P3), maps of every address
 * and length class by each adapter it may name (P1), each distinct call
 * once (P4), unmaps of every mapping made, touches; before the last
 * operation in a class, the set-up vocabulary (R3).  Each candidate says
 * whether it changes the model's state in the fault-free run (P2). */
#include <string.h>

#include "walker.h"

/* Mappings the walk anchors to: all but the middle of a class's set-up
 * (its first and last stand for the rest). */
static bool probed(const walker *w, uint32_t j)
{
	return j >= w->nsetup || j == 0 || j + 1 == w->nsetup;
}

/* P1: slot s may be named when it was named before or it is the lowest
 * slot of its bus not named yet. */
static bool nameable(const walker *w, uint32_t named, uint32_t s)
{
	if (named & (1u << s))
		return true;
	for (uint32_t t = 0; t < s; t++)
		if (w->bus_of[t] == w->bus_of[s] && !(named & (1u << t)))
			return false;
	return true;
}

/* P4: true the first time this call is seen at the node (exact: the
 * hash only picks the probe start). */
static bool first_call(call_set *set, uint8_t aref, uint8_t flags, uint64_t pa, uint32_t len)
{
	uint64_t tag = ((uint64_t)aref << 40) | ((uint64_t)flags << 32) | len;
	for (uint32_t i = (uint32_t)(walk_hash(pa, tag) % HASH_SIZE);; i = (i + 1) % HASH_SIZE) {
		if (!set->used[i]) {
			set->used[i] = 1;
			set->pa[i] = pa;
			set->tag[i] = tag;
			return true;
		}
		if (set->pa[i] == pa && set->tag[i] == tag)
			return false;
	}
}

static mf_expr expr(uint8_t kind, uint8_t index, int16_t delta, bool pages)
{
	return (mf_expr){.kind = kind, .index = index, .delta = delta, .pages = pages};
}

static mf_expr raw_len(uint32_t v)
{
	return (mf_expr){.kind = LEN_RAW, .raw = v};
}

static uint64_t expr_delta(const mf_expr *e)
{
	int64_t d = e->pages ? (int64_t)e->delta * (int64_t)NDIS_PAGE_SIZE : e->delta;
	return (uint64_t)d;
}

uint64_t walk_addr_value(const walker *w, const mf_model *m, const mf_expr *e)
{
	const mf_window_config *win = &w->cfg.windows[e->index % w->cfg.nwindows];
	const model_mapping *map = m->nmaps ? &m->maps[e->index % m->nmaps] : NULL;
	uint64_t base = 0;
	switch (e->kind) {
	case ADDR_RAW: return e->raw;
	case ADDR_WIN_START: base = win->win.bus_base; break;
	case ADDR_WIN_END: base = win->win.bus_base + win->win.length; break;
	case ADDR_MAP_START: base = map ? map->bus : 0; break;
	case ADDR_MAP_END: base = map ? map->bus + map->length : 0; break;
	case ADDR_MIN: base = SIGN_BIT; break;
	case ADDR_MAX: base = SIGN_BIT - 1; break;
	default: break;
	}
	return base + expr_delta(e);
}

uint32_t walk_len_value(const walker *w, const mf_model *m, const mf_expr *e, uint64_t addr)
{
	const mf_window_config *win = &w->cfg.windows[e->index % w->cfg.nwindows];
	const model_mapping *map = m->nmaps ? &m->maps[e->index % m->nmaps] : NULL;
	uint64_t base = 0;
	switch (e->kind) {
	case LEN_RAW: return (uint32_t)e->raw;
	case LEN_WIN_SIZE: base = win->win.length; break;
	case LEN_TO_WIN_END: base = win->win.bus_base + win->win.length - addr; break;
	case LEN_TO_MAP_START: base = map ? map->bus - addr : 0; break;
	case LEN_MAP_LEN: base = map ? map->length : 0; break;
	default: break;
	}
	return (uint32_t)(base + expr_delta(e));
}

uintptr_t walk_fake_va(const mf_model *m, uint64_t sys)
{
	return MF_VA_BASE + (uintptr_t)m->nmaps * 0x100000u + (uintptr_t)(sys % NDIS_PAGE_SIZE);
}

typedef struct {
	walker *w;
	uint32_t level;
	bool setup; /* R3: not the last operation, in a class */
	cand *out;
	uint32_t n;
} gen;

static void add(gen *g, const mf_op *op, bool changer)
{
	if (g->n < MAX_CANDS)
		g->out[g->n++] = (cand){*op, changer};
}

static void add_map(gen *g, uint8_t aref, uint8_t flags, mf_expr a, mf_expr l)
{
	walker *w = g->w;
	const mf_model *m = &w->model[g->level];
	uint64_t pa = walk_addr_value(w, m, &a);
	uint32_t len = walk_len_value(w, m, &l, pa);
	if (!first_call(w->seen, aref, flags, pa, len))
		return; /* P4 */
	mf_op op = {.code = OP_MAP, .aref = aref, .flags = flags, .addr = a, .len = l};
	int slot = aref < m->nadapters ? aref : -1;
	model_map_expect e = model_map(m, slot, flags & MAP_NULL_OUT, pa, len, 0, 0);
	add(g, &op, e.status == NDIS_STATUS_SUCCESS);
}

/* The length classes for an address whose anchor is window `wi` (or a
 * mapping `mi` when mi >= 0). */
static void add_lengths(gen *g, uint8_t aref, mf_expr a, uint32_t wi, int mi)
{
	static const uint32_t raws[] = {1, 4095, 4096, 4097};
	add_map(g, aref, 0, a, expr(LEN_ZERO, 0, 0, false));
	for (size_t i = 0; i < sizeof(raws) / sizeof(raws[0]); i++)
		add_map(g, aref, 0, a, raw_len(raws[i]));
	if (mi >= 0) {
		add_map(g, aref, 0, a, expr(LEN_MAP_LEN, (uint8_t)mi, 0, false));
		add_map(g, aref, 0, a, expr(LEN_MAP_LEN, (uint8_t)mi, 1, false));
	} else {
		add_map(g, aref, 0, a, expr(LEN_WIN_SIZE, (uint8_t)wi, 0, false));
		add_map(g, aref, 0, a, expr(LEN_WIN_SIZE, (uint8_t)wi, 1, false));
	}
	add_map(g, aref, 0, a, expr(LEN_ZERO, 0, -1, false));
}

static void gen_maps(gen *g, uint8_t slot)
{
	walker *w = g->w;
	const mf_model *m = &w->model[g->level];
	uint32_t own = w->own[slot];
	uint32_t first = own ? (uint32_t)__builtin_ctz(own) : 0;
	static const struct {
		uint8_t kind;
		int16_t delta;
		bool pages;
	} win_classes[] = {
		{ADDR_WIN_START, -1, false}, {ADDR_WIN_START, 0, false}, {ADDR_WIN_START, 1, false},
		{ADDR_WIN_START, 1, true},   {ADDR_WIN_END, -1, true},   {ADDR_WIN_END, -1, false},
		{ADDR_WIN_END, 0, false},    {ADDR_WIN_END, 1, false},
	};
	if (g->setup) {
		/* A class's set-up vocabulary (R3): a page or the whole window, at
		 * its start and one byte in, in each probe window of the bus. */
		for (uint32_t k = 0; k < w->cfg.nwindows; k++) {
			if (!(own & w->probe_windows & (1u << k)))
				continue;
			for (int16_t d = 0; d <= 1; d++) {
				add_map(g, slot, 0, expr(ADDR_WIN_START, (uint8_t)k, d, false), raw_len(4096));
				add_map(g, slot, 0, expr(ADDR_WIN_START, (uint8_t)k, d, false),
					expr(LEN_WIN_SIZE, (uint8_t)k, 0, false));
			}
		}
		return;
	}
	for (uint32_t k = 0; k < w->cfg.nwindows; k++)
		if (own & w->probe_windows & (1u << k))
			for (size_t c = 0; c < sizeof(win_classes) / sizeof(win_classes[0]); c++)
				add_lengths(g, slot,
					    expr(win_classes[c].kind, (uint8_t)k, win_classes[c].delta,
						 win_classes[c].pages),
					    k, -1);
	for (uint32_t k = 0; k < w->cfg.nwindows; k++)
		if (!(own & w->probe_windows & (1u << k)))
			add_lengths(g, slot, expr(ADDR_WIN_START, (uint8_t)k, 0, false), k, -1);
	for (uint32_t j = 0; j < m->nmaps; j++) {
		if (!m->maps[j].live || !probed(w, j))
			continue;
		static const int16_t deltas[] = {-1, 0, 1};
		for (size_t d = 0; d < 3; d++) {
			add_lengths(g, slot, expr(ADDR_MAP_START, (uint8_t)j, deltas[d], false), first, (int)j);
			add_lengths(g, slot, expr(ADDR_MAP_END, (uint8_t)j, deltas[d], false), first, (int)j);
		}
	}
	add_lengths(g, slot, expr(ADDR_ZERO, 0, 0, false), first, -1);
	add_lengths(g, slot, expr(ADDR_ZERO, 0, -1, false), first, -1);
	add_lengths(g, slot, expr(ADDR_MIN, 0, 0, false), first, -1);
	add_lengths(g, slot, expr(ADDR_MAX, 0, 0, false), first, -1);
	/* A NULL VirtualAddress on an otherwise good call. */
	add_map(g, slot, MAP_NULL_OUT, expr(ADDR_WIN_START, (uint8_t)first, 0, false), raw_len(4096));
}

static void gen_unmaps(gen *g, uint32_t named)
{
	walker *w = g->w;
	const mf_model *m = &w->model[g->level];
	static const int16_t deltas[][2] = {{0, 0}, {1, 0}, {0, -1}, {0, 1}};
	for (uint32_t j = 0; j < m->nmaps; j++) {
		if (!probed(w, j))
			continue;
		for (uint8_t s = 0; s < w->nadapters; s++) {
			if (!nameable(w, named, s))
				continue;
			for (size_t d = 0; d < (g->setup ? 1u : 4u); d++) {
				mf_op op = {.code = OP_UNMAP, .aref = s, .mref = (uint8_t)j,
					    .va_delta = deltas[d][0], .len_delta = deltas[d][1]};
				uintptr_t va = m->maps[j].va + (uintptr_t)(intptr_t)op.va_delta;
				uint32_t len = m->maps[j].length + (uint32_t)(int32_t)op.len_delta;
				add(g, &op, model_unmap_target(m, s, va, len) >= 0);
			}
		}
		mf_op op = {.code = OP_UNMAP, .aref = AREF_NULL, .mref = (uint8_t)j};
		add(g, &op, false);
	}
}

static bool lifecycle_applies(const mf_model *m, int slot, uint8_t code)
{
	if (!model_adapter_live(m, slot))
		return false;
	ADAPTER_PHASE ph = m->adapters[slot].phase;
	switch (code) {
	case OP_INIT_DONE:
	case OP_INIT_FAIL: return ph == ADAPTER_INITIALIZING;
	case OP_HALT: return ph == ADAPTER_RUNNING;
	case OP_HALT_END: return ph == ADAPTER_HALTING;
	case OP_REMOVE: return true;
	default: return false;
	}
}

uint32_t walk_generate(walker *w, uint32_t level, bool is_last)
{
	gen g = {w, level, w->compact && !is_last, w->cands[level], 0};
	const mf_model *m = &w->model[level];
	uint32_t named = w->named[level];
	memset(w->seen->used, 0, sizeof(w->seen->used));
	static const uint8_t life[] = {OP_INIT_DONE, OP_INIT_FAIL, OP_HALT, OP_HALT_END, OP_REMOVE};
	for (uint8_t s = 0; s < w->nadapters; s++) {
		if (!nameable(w, named, s))
			continue;
		for (size_t i = 0; i < sizeof(life); i++) {
			if (!lifecycle_applies(m, s, life[i]))
				continue; /* P3 */
			mf_op op = {.code = life[i], .aref = s};
			add(&g, &op, true);
		}
	}
	for (uint8_t s = 0; s < w->nadapters; s++)
		if (nameable(w, named, s))
			gen_maps(&g, s);
	/* Handles that are no live adapter. */
	add_map(&g, AREF_NULL, 0, expr(ADDR_WIN_START, 0, 0, false), raw_len(4096));
	add_map(&g, AREF_BOGUS, 0, expr(ADDR_WIN_START, 0, 0, false), raw_len(4096));
	gen_unmaps(&g, named);
	for (uint32_t j = 0; j < m->nmaps; j++) {
		if (!m->maps[j].live || !probed(w, j))
			continue;
		mf_op first = {.code = OP_TOUCH, .mref = (uint8_t)j, .offset = 0};
		mf_op last = {.code = OP_TOUCH, .mref = (uint8_t)j, .offset = m->maps[j].length - 1};
		add(&g, &first, false);
		add(&g, &last, false);
	}
	return g.n;
}

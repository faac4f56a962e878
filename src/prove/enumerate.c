/* The programs of a bounded scope (docs/PROVE.md is the scope in words and
 * the argument for every pruning below).
 *
 * A program is: a platform (the base one, fixed by buses and windows, or a
 * platform class of classes.c), its adapter creations (on every multiset of
 * buses for the base platform, as the class gives them otherwise) and a
 * class's set-up maps, then up to K operations.  The
 * walk keeps the model's fault-free state after every prefix, so it knows
 * which operations change the state (a map that succeeds, an unmap that
 * releases, a lifecycle step that applies) and which do not.
 *
 * Prunings, each safe for the correct core and argued in docs/PROVE.md:
 *
 *  P1 adapters on the same bus are interchangeable: the first operation
 *     naming an adapter of a bus names the lowest slot of that bus not named
 *     yet (canonical numbering by first use), and adapter buses are a
 *     multiset (slots in nondecreasing bus order);
 *  P2 an operation that leaves the model state unchanged in the fault-free
 *     run (any failed map, a bad unmap, a touch) is only ever the last
 *     operation: before it, every operation changes the state, so every
 *     state reachable in K-1 changes is probed with every operation;
 *  P3 a lifecycle step that does not apply in the adapter's phase is never
 *     generated: the harness makes no core call for it (it only traces);
 *  P4 two maps at the same node that resolve to the same call (adapter,
 *     NULL-pointer flag, address, length) are one: the core sees the same
 *     arguments on the same state.
 *
 * Reductions, argued in docs/PROVE.md ("What is pruned, and why"):
 *
 *  R1 a state reached twice in a pass is expanded once: nodes are keyed on
 *     a 128-bit digest of the adapters' phases, the mappings as a multiset
 *     and the slots named (state_digest);
 *  R2 (shard.c, prove_sweep) faults are swept in the last operation only;
 *  R3 in a platform class (classes.c), the operations before the last come
 *     from a set-up vocabulary (gen_maps with g->setup).
 *
 * Programs come shortest first (iterative deepening over the base platform
 * and every class), so the lowest failing index is one of the shortest
 * counterexamples. */
#include <stdlib.h>
#include <string.h>

#include "enumerate.h"
#include "oracle/model.h"

enum {
	MAX_CANDS = 8192,
	HASH_SIZE = 16384,
};

/* ---- the walk ---- */

typedef struct {
	mf_op op;
	bool changer;
} cand;

typedef struct {
	uint64_t pa[HASH_SIZE], tag[HASH_SIZE];
	uint8_t used[HASH_SIZE];
} call_set;

/* R1: the states a pass has expanded, by a 128-bit digest of the model
 * state and the slots named so far, with the shallowest level seen. */
typedef struct {
	uint64_t *lo, *hi;
	uint8_t *level; /* 0: empty slot, else level + 1 */
	uint64_t cap, n;
} state_set;

typedef struct {
	const mf_enum_scope *s;
	mf_platform_config cfg;
	uint32_t nadapters;
	uint32_t fixed;                   /* operations before the walk's: adapters, set-up */
	uint32_t nsetup;                  /* set-up maps: mappings 0..nsetup-1 */
	uint32_t bus_of[MF_MAX_ADAPTERS]; /* bus id of each slot (P1) */
	uint32_t own[MF_MAX_ADAPTERS];    /* windows of each slot's bus, a bit each */
	uint32_t probe_windows;           /* windows given every address class */
	bool compact;                     /* a class: set-up vocabulary before the last operation */
	mf_program prog;
	mf_model model[MF_ENUM_MAX_DEPTH + 1];   /* fault-free state after each prefix */
	uint32_t named[MF_ENUM_MAX_DEPTH + 1];   /* slots named so far (P1) */
	cand *cands[MF_ENUM_MAX_DEPTH];
	uint32_t ncands[MF_ENUM_MAX_DEPTH];
	call_set *seen;
	state_set states;
	uint64_t distinct;
	mf_enum_visit visit;
	void *ctx;
	uint64_t index;
	bool stop;
} walker;

/* The base platform's bus (type, number) of bus id b. */
static void bus_identity(const walker *w, uint32_t b, int32_t *type, uint32_t *number)
{
	uint32_t B = w->s->buses;
	if (b < B) {
		*type = PCIBus;
		*number = b;
	} else if (b == B + BUS_BAD_TYPE_EXTRA) {
		*type = MaximumInterfaceType;
		*number = 0;
	} else {
		*type = PCIBus;
		*number = B;
	}
}

/* The windows of bus (type, number), a bit each. */
static uint32_t windows_of(const mf_platform_config *c, int32_t type, uint32_t number)
{
	uint32_t mask = 0;
	for (uint32_t k = 0; k < c->nwindows; k++)
		if (c->windows[k].type == type && c->windows[k].number == number)
			mask |= 1u << k;
	return mask;
}

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

static uint64_t hash_call(uint64_t a, uint64_t b)
{
	uint64_t x = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull);
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ull;
	return x ^ (x >> 29);
}

typedef struct {
	uint64_t lo, hi;
} digest128;

static void digest_word(digest128 *d, uint64_t v)
{
	d->lo = hash_call(d->lo, v);
	d->hi = hash_call(d->hi ^ 0xD6E8FEB86659FD93ull, v + 0xA0761D6478BD642Full);
}

/* R1: what the continuations of a node depend on: the adapters' phases,
 * every mapping made (live or released, in order: anchors and unmaps name
 * them by index), and the slots named so far (P1).  Not the fake VAs,
 * which are a function of the order. */
static digest128 state_digest(const walker *w, uint32_t level)
{
	const mf_model *m = &w->model[level];
	digest128 d = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull};
	digest_word(&d, w->named[level]);
	digest_word(&d, m->nadapters);
	for (uint32_t a = 0; a < m->nadapters; a++)
		digest_word(&d, (uint64_t)m->adapters[a].live << 8 | (uint64_t)m->adapters[a].phase);
	digest_word(&d, m->nmaps);
	/* As a set: order-free sum of per-mapping digests. */
	uint64_t lo = 0, hi = 0;
	for (uint32_t j = 0; j < m->nmaps; j++) {
		const model_mapping *x = &m->maps[j];
		digest128 e = {0x452821E638D01377ull, 0xBE5466CF34E90C6Cull};
		digest_word(&e, (uint64_t)x->live << 40 | (uint64_t)(uint32_t)x->slot << 32 | x->length);
		digest_word(&e, x->bus);
		lo += e.lo;
		hi += e.hi;
	}
	digest_word(&d, lo);
	digest_word(&d, hi);
	return d;
}

static void states_clear(state_set *t)
{
	if (t->cap)
		memset(t->level, 0, t->cap);
	t->n = 0;
}

static void states_grow(state_set *t)
{
	state_set old = *t;
	t->cap = old.cap ? old.cap * 2 : 1u << 16;
	t->lo = calloc(t->cap, sizeof(uint64_t));
	t->hi = calloc(t->cap, sizeof(uint64_t));
	t->level = calloc(t->cap, 1);
	if (!t->lo || !t->hi || !t->level)
		abort();
	t->n = 0;
	for (uint64_t i = 0; i < old.cap; i++) {
		if (!old.level[i])
			continue;
		uint64_t k = old.lo[i] & (t->cap - 1);
		while (t->level[k])
			k = (k + 1) & (t->cap - 1);
		t->lo[k] = old.lo[i];
		t->hi[k] = old.hi[i];
		t->level[k] = old.level[i];
		t->n++;
	}
	free(old.lo);
	free(old.hi);
	free(old.level);
}

/* R1: true when the node at `level` is new to this pass, or was only met
 * deeper (fewer operations left); the node is then expanded here. */
static bool first_visit(walker *w, uint32_t level)
{
	state_set *t = &w->states;
	if ((t->n + 1) * 2 > t->cap)
		states_grow(t);
	digest128 d = state_digest(w, level);
	uint64_t k = d.lo & (t->cap - 1);
	for (; t->level[k]; k = (k + 1) & (t->cap - 1)) {
		if (t->lo[k] != d.lo || t->hi[k] != d.hi)
			continue;
		if (t->level[k] <= level + 1)
			return false;
		t->level[k] = (uint8_t)(level + 1);
		return true;
	}
	t->lo[k] = d.lo;
	t->hi[k] = d.hi;
	t->level[k] = (uint8_t)(level + 1);
	t->n++;
	w->distinct++;
	return true;
}

/* P4: true the first time this call is seen at the node (exact: the
 * hash only picks the probe start). */
static bool first_call(call_set *set, uint8_t aref, uint8_t flags, uint64_t pa, uint32_t len)
{
	uint64_t tag = ((uint64_t)aref << 40) | ((uint64_t)flags << 32) | len;
	for (uint32_t i = (uint32_t)(hash_call(pa, tag) % HASH_SIZE);; i = (i + 1) % HASH_SIZE) {
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

/* Values as the harness resolves them in the fault-free run. */
static uint64_t addr_value(const walker *w, const mf_model *m, const mf_expr *e)
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

static uint32_t len_value(const walker *w, const mf_model *m, const mf_expr *e, uint64_t addr)
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

/* A fake VA for the model's bookkeeping: distinct per mapping, keeping the
 * page offset; unmap operations are relative to it, so only equality
 * matters. */
static uintptr_t fake_va(const mf_model *m, uint64_t sys)
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
	uint64_t pa = addr_value(w, m, &a);
	uint32_t len = len_value(w, m, &l, pa);
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

static uint32_t generate(walker *w, uint32_t level, bool is_last)
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

/* The fault-free effect of a changer on the model of the next level. */
static void apply(walker *w, uint32_t level, const mf_op *op)
{
	mf_model *m = &w->model[level + 1];
	*m = w->model[level];
	w->named[level + 1] = w->named[level];
	if (op->aref < w->nadapters)
		w->named[level + 1] |= 1u << op->aref;
	int slot = op->aref < m->nadapters ? op->aref : -1;
	switch (op->code) {
	case OP_MAP: {
		uint64_t pa = addr_value(w, m, &op->addr);
		uint32_t len = len_value(w, m, &op->len, pa);
		model_map_expect e = model_map(m, slot, false, pa, len, 0, 0);
		model_map_commit(m, slot, pa, len, &e, fake_va(m, e.sys));
		break;
	}
	case OP_UNMAP: {
		const model_mapping *o = &m->maps[op->mref % m->nmaps];
		int t = model_unmap_target(m, slot, o->va + (uintptr_t)(intptr_t)op->va_delta,
					   o->length + (uint32_t)(int32_t)op->len_delta);
		if (t >= 0)
			model_unmap_commit(m, t);
		break;
	}
	case OP_INIT_DONE: model_transition(m, slot, ADAPTER_INITIALIZING, ADAPTER_RUNNING); break;
	case OP_HALT: model_transition(m, slot, ADAPTER_RUNNING, ADAPTER_HALTING); break;
	default: model_adapter_gone(m, slot); break; /* init-fail, halt-end, remove */
	}
}

static void emit(walker *w, uint32_t nops)
{
	w->prog.nops = w->fixed + nops;
	if (!w->visit(w->ctx, w->index++, &w->prog, w->fixed))
		w->stop = true;
}

/* Programs of exactly `target` operations below the node at `level`. */
static void node(walker *w, uint32_t level, uint32_t target)
{
	if (target == 0) {
		emit(w, 0);
		return;
	}
	uint32_t n = generate(w, level, level + 1 == target);
	cand *c = w->cands[level];
	for (uint32_t i = 0; i < n && !w->stop; i++) {
		if (level + 1 < target && !c[i].changer)
			continue; /* P2 */
		w->prog.ops[w->fixed + level] = c[i].op;
		if (level + 1 == target) {
			emit(w, target);
		} else {
			apply(w, level, &c[i].op);
			if (first_visit(w, level + 1))
				node(w, level + 1, target);
		}
	}
}

/* Next nondecreasing sequence of bus ids; false after the last. */
static bool next_assignment(uint32_t *bus, uint32_t n, uint32_t nbus)
{
	for (int i = (int)n - 1; i >= 0; i--) {
		if (bus[i] + 1 < nbus) {
			bus[i]++;
			for (uint32_t j = (uint32_t)i + 1; j < n; j++)
				bus[j] = bus[i];
			return true;
		}
	}
	return false;
}

/* A pass over one start state: the model after the fixed operations. */
static void pass(walker *w, uint32_t target)
{
	states_clear(&w->states);
	node(w, 0, target);
}

static void walk_base(walker *w, uint32_t target)
{
	const mf_enum_scope *s = w->s;
	mf_enum_platform(s, &w->cfg);
	w->prog.platform = w->cfg;
	w->nadapters = s->adapters;
	w->fixed = s->adapters;
	w->nsetup = 0;
	w->probe_windows = UINT32_MAX;
	w->compact = false;
	uint32_t nbus = s->buses + 2;
	uint32_t bus[MF_MAX_ADAPTERS] = {0};
	do {
		memcpy(w->bus_of, bus, sizeof(bus));
		model_reset(&w->model[0], &w->cfg);
		for (uint32_t a = 0; a < w->nadapters; a++) {
			mf_op op = {.code = OP_ADAPTER};
			bus_identity(w, bus[a], &op.bus_type, &op.bus_number);
			w->prog.ops[a] = op;
			w->own[a] = windows_of(&w->cfg, op.bus_type, op.bus_number);
			model_adapter_create(&w->model[0], op.bus_type, op.bus_number);
		}
		w->named[0] = 0;
		pass(w, target);
	} while (!w->stop && next_assignment(bus, w->nadapters, nbus));
}

static void walk_class(walker *w, const mf_enum_class *c, uint32_t target)
{
	mf_enum_class_program(c, &w->prog);
	w->cfg = w->prog.platform;
	w->probe_windows = c->probe_windows ? c->probe_windows : UINT32_MAX;
	w->compact = true;
	w->nadapters = 0;
	w->nsetup = 0;
	mf_model *m = &w->model[0];
	model_reset(m, &w->cfg);
	w->named[0] = 0;
	for (uint32_t i = 0; i < w->prog.nops; i++) {
		const mf_op *op = &w->prog.ops[i];
		if (op->code == OP_ADAPTER) {
			uint32_t a = w->nadapters++;
			w->own[a] = windows_of(&w->cfg, op->bus_type, op->bus_number);
			/* P1 bus ids: equal for adapters on one bus. */
			w->bus_of[a] = a;
			for (uint32_t b = 0; b < a; b++)
				if (w->prog.ops[b].bus_type == op->bus_type && w->prog.ops[b].bus_number == op->bus_number) {
					w->bus_of[a] = w->bus_of[b];
					break;
				}
			model_adapter_create(m, op->bus_type, op->bus_number);
			continue;
		}
		/* A set-up map: it must succeed, or the class is wrong. */
		uint64_t pa = addr_value(w, m, &op->addr);
		uint32_t len = len_value(w, m, &op->len, pa);
		model_map_expect e = model_map(m, op->aref, false, pa, len, 0, 0);
		if (e.status != NDIS_STATUS_SUCCESS) {
			fprintf(stderr, "mapfuzz: platform class %s: set-up map #%u fails\n", c->name, w->nsetup);
			abort();
		}
		model_map_commit(m, op->aref, pa, len, &e, fake_va(m, e.sys));
		w->named[0] |= 1u << op->aref;
		w->nsetup++;
	}
	w->fixed = w->prog.nops;
	pass(w, target);
}

uint64_t mf_enum_walk(const mf_enum_scope *s, mf_enum_visit visit, void *ctx, mf_enum_stats *stats)
{
	walker *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	w->s = s;
	w->visit = visit;
	w->ctx = ctx;
	w->seen = malloc(sizeof(*w->seen));
	for (uint32_t l = 0; l < s->depth; l++)
		w->cands[l] = malloc(sizeof(cand) * MAX_CANDS);
	if (!w->seen)
		abort();
	for (uint32_t l = 0; l < s->depth; l++)
		if (!w->cands[l])
			abort();
	/* Iterative deepening over every part: all programs of T operations,
	 * base platform first, then the classes, before any of T + 1. */
	mf_enum_stats st = {0};
	uint32_t parts = 1 + (s->no_classes ? 0 : mf_enum_nclasses);
	for (uint32_t target = 0; target <= s->depth && !w->stop; target++) {
		for (uint32_t k = 0; k < parts && !w->stop; k++) {
			uint64_t i0 = w->index, s0 = w->distinct;
			if (k == 0)
				walk_base(w, target);
			else
				walk_class(w, &mf_enum_classes[k - 1], target);
			st.part_programs[k] += w->index - i0;
			st.part_states[k] += w->distinct - s0;
		}
	}
	uint64_t n = w->index;
	st.programs = n;
	st.states = w->distinct;
	if (stats)
		*stats = st;
	free(w->states.lo);
	free(w->states.hi);
	free(w->states.level);
	for (uint32_t l = 0; l < s->depth; l++)
		free(w->cands[l]);
	free(w->seen);
	free(w);
	return n;
}

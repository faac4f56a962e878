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
 *     and the slots named (state_digest, states.c);
 *  R2 (shard.c, prove_sweep) faults are swept in the last operation only;
 *  R3 in a platform class (classes.c), the operations before the last come
 *     from a set-up vocabulary (gen_maps with g->setup, vocabulary.c).
 *
 * Programs come shortest first (iterative deepening over the base platform
 * and every class), so the lowest failing index is one of the shortest
 * counterexamples.
 *
 * This file is the walk; the states it has expanded are states.c (R1), the
 * operations it tries at a node vocabulary.c (P1, P3, P4, R3). */
#include <stdlib.h>
#include <string.h>

#include "walker.h"

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
		uint64_t pa = walk_addr_value(w, m, &op->addr);
		uint32_t len = walk_len_value(w, m, &op->len, pa);
		model_map_expect e = model_map(m, slot, false, pa, len, 0, 0);
		model_map_commit(m, slot, pa, len, &e, walk_fake_va(m, e.sys));
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
	uint32_t n = walk_generate(w, level, level + 1 == target);
	cand *c = w->cands[level];
	for (uint32_t i = 0; i < n && !w->stop; i++) {
		if (level + 1 < target && !c[i].changer)
			continue; /* P2 */
		w->prog.ops[w->fixed + level] = c[i].op;
		if (level + 1 == target) {
			emit(w, target);
		} else {
			apply(w, level, &c[i].op);
			if (walk_first_visit(w, level + 1))
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
	walk_states_clear(&w->states);
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
		uint64_t pa = walk_addr_value(w, m, &op->addr);
		uint32_t len = walk_len_value(w, m, &op->len, pa);
		model_map_expect e = model_map(m, op->aref, false, pa, len, 0, 0);
		if (e.status != NDIS_STATUS_SUCCESS) {
			fprintf(stderr, "mapfuzz: platform class %s: set-up map #%u fails\n", c->name, w->nsetup);
			abort();
		}
		model_map_commit(m, op->aref, pa, len, &e, walk_fake_va(m, e.sys));
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
	walk_states_free(&w->states);
	for (uint32_t l = 0; l < s->depth; l++)
		free(w->cands[l]);
	free(w->seen);
	free(w);
	return n;
}

/* The walker of a scope, shared by the files of the walk: the walk itself
 * (enumerate.c), the states it has expanded (states.c, R1) and the
 * operations it generates at a node (vocabulary.c, P1, P3, P4, R3).
 * enumerate.c says what each pruning is and why. */
#ifndef MAPFUZZ_WALKER_H
#define MAPFUZZ_WALKER_H

#include "enumerate.h"
#include "oracle/model.h"

enum {
	MAX_CANDS = 8192,
	HASH_SIZE = 16384,
};

/* An operation the walk may take at a node. */
typedef struct {
	mf_op op;
	bool changer; /* it changes the model's state in the fault-free run (P2) */
} cand;

/* P4: the map calls generated at the node, compared exactly. */
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

static inline uint64_t walk_hash(uint64_t a, uint64_t b)
{
	uint64_t x = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull);
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ull;
	return x ^ (x >> 29);
}

/* states.c, R1: true when the node at `level` is new to this pass, or was
 * only met deeper; the node is then expanded here. */
bool walk_first_visit(walker *w, uint32_t level);
void walk_states_clear(state_set *t);
void walk_states_free(state_set *t);

/* vocabulary.c: the candidate operations at the node at `level` into
 * w->cands[level]; their number. */
uint32_t walk_generate(walker *w, uint32_t level, bool is_last);
/* Values as the harness resolves them in the fault-free run. */
uint64_t walk_addr_value(const walker *w, const mf_model *m, const mf_expr *e);
uint32_t walk_len_value(const walker *w, const mf_model *m, const mf_expr *e, uint64_t addr);
/* A fake VA for the model's bookkeeping: distinct per mapping, keeping the
 * page offset; unmap operations are relative to it, so only equality
 * matters. */
uintptr_t walk_fake_va(const mf_model *m, uint64_t sys);

#endif

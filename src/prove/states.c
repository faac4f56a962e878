/* R1 (enumerate.c, docs/PROVE.md): the states a pass has expanded, keyed
 * on a 128-bit digest of the model state (the mappings as a multiset) and
 * the slots named so far, with the shallowest level each was met at. */
#include <stdlib.h>
#include <string.h>

#include "walker.h"

typedef struct {
	uint64_t lo, hi;
} digest128;

static void digest_word(digest128 *d, uint64_t v)
{
	d->lo = walk_hash(d->lo, v);
	d->hi = walk_hash(d->hi ^ 0xD6E8FEB86659FD93ull, v + 0xA0761D6478BD642Full);
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

void walk_states_clear(state_set *t)
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

/* Met deeper only: fewer operations were left there. */
bool walk_first_visit(walker *w, uint32_t level)
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


void walk_states_free(state_set *t)
{
	free(t->lo);
	free(t->hi);
	free(t->level);
	*t = (state_set){0};
}

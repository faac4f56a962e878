/* Program-level minimisation for triage: shrink a failing program while a
 * caller's predicate ("still lands in the same bucket") keeps holding. */
#ifndef MAPFUZZ_MINIMIZE_H
#define MAPFUZZ_MINIMIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "program/program.h"

/* True when the candidate still shows the finding.  Candidates are always
 * canonical (decode(encode(p))). */
typedef bool (*mf_min_pred)(const mf_program *candidate, void *ctx);

typedef struct {
	uint32_t tries;    /* predicate calls made */
	uint32_t accepted; /* candidates kept */
	bool budget_hit;   /* stopped early: the budget ran out */
} mf_min_stats;

/* Shrinks *p in place, in passes until a fixpoint: drop operations (ddmin,
 * chunks halving down to one), drop windows, RAM ranges and limits, plans
 * to none, then pull numbers toward round values (raw addresses and
 * lengths, deltas to 0, indexes and references to 0, pool and vspace).
 * *p must satisfy the predicate on entry; it does on return.  At most
 * `budget` predicate calls. */
void mf_minimize(mf_program *p, mf_min_pred pred, void *ctx, uint32_t budget, mf_min_stats *stats);

#endif

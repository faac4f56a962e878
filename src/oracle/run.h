/* One run in progress, shared by the operations (harness.c) and the
 * checks (checks.c); private to the oracle. */
#ifndef MAPFUZZ_RUN_H
#define MAPFUZZ_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "harness.h"
#include "model.h"
#include "platform.h"

typedef struct {
	const mf_program *prog;
	const mf_run_options *opt;
	mf_verdict *v;
	mf_model model;
	NDIS_HANDLE handles[MF_MAX_ADAPTERS];
	uint32_t op_index;
	const mf_op *op;
	const char *clause; /* key of the situation the current check judges */
	bool keep_going;
	bool deviated;      /* this operation broke an invariant (known or not) */
	bool stopped;       /* the core bugchecked: the input ends there */
	uintptr_t core_pc;  /* the core's last platform call in its latest call */
	bool skip_crashes;  /* the known list names crashes (mf_run_options.known) */
	/* Platform figures taken before each operation. */
	uint64_t digest;
	size_t log_count, verifier_count;
	uint32_t dropped, misuses, calls;
	size_t claims;
	/* After a violation in keep-going mode the model follows the core: what
	 * the platform holds beyond the model then is the bias, reported once
	 * and not again.  Multiset digests are sums, so they subtract. */
	bool biased;
	uint64_t claim_digest_bias;
	size_t claim_count_bias;
	uint32_t pte_bias, va_bias;
	bool pool_bias_known;
	uint32_t pool_bias;
} run;

/* Records a violation of `id` at the current operation and returns false.
 * Without keep-going only the first counts; with it every distinct
 * (invariant, clause, operation kind) is kept and known ones are counted. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
bool mf_violated(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected, const char *fmt, ...);

#define CHECK(r, cond, id, seen, expected, ...) \
	((cond) ? true : mf_violated((r), (id), (seen), (expected), __VA_ARGS__))

/* The checks several operations share (checks.c), each naming its ID. */
bool mf_status_known(NDIS_STATUS s);
bool mf_verifier_matches(const run *r, const mf_verifier_event *want, size_t nwant, bool match_details);
bool mf_registry_disjoint(run *r);
bool mf_va_disjoint(run *r);
bool mf_state_matches(run *r, const char *claims_id, const char *pages_id);
bool mf_no_misuse(run *r);
bool mf_no_fallible_calls(run *r);
bool mf_pool_idle(run *r, const char *id);
bool mf_translation_holds(run *r, uintptr_t va, uint64_t sys, uint32_t length);
/* The platform's state as the model's from now on (keep-going). */
void mf_rebias(run *r);
/* After teardown: nothing left beyond what was already reported. */
bool mf_teardown_clean(run *r, uint64_t initial_digest);

#endif
